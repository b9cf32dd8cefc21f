//! The five calls the upload engine makes, behind a small trait so the driver can be tested
//! against an in-memory server as well as over HTTP.

use std::future::Future;

use crate::api::images::ChunkBody;
use crate::api::types::{ChunkAck, ImageMetadata, MachineImageStatus};
use crate::api::{ApiClient, ApiError};

pub trait Transport: Send + Sync + 'static {
    /// Whole-file upload; the id of the new upload request.
    fn create_whole(
        &self,
        body: ChunkBody<'_>,
        file_name: &str,
        meta: &ImageMetadata,
    ) -> impl Future<Output = Result<u64, ApiError>> + Send;
    /// Start a chunked upload, optionally carrying chunk 1.
    fn initiate(
        &self,
        file_name: &str,
        chunks: u64,
        meta: &ImageMetadata,
        first: Option<ChunkBody<'_>>,
    ) -> impl Future<Output = Result<u64, ApiError>> + Send;
    /// Send one chunk; `once`: never repeated blindly (a lost answer is `Ambiguous`).
    fn chunk(
        &self,
        id: u64,
        number: u64,
        body: ChunkBody<'_>,
        file_name: &str,
        once: bool,
    ) -> impl Future<Output = Result<ChunkAck, ApiError>> + Send;
    fn merge(&self, id: u64) -> impl Future<Output = Result<(), ApiError>> + Send;
    fn status(&self, id: u64) -> impl Future<Output = Result<MachineImageStatus, ApiError>> + Send;
    /// Delete an upload request (one that can never be merged).
    fn delete(&self, id: u64) -> impl Future<Output = Result<(), ApiError>> + Send;
    /// Upload requests matching this file and metadata, newest first.
    fn find(
        &self,
        file_name: &str,
        meta: &ImageMetadata,
    ) -> impl Future<Output = Result<Vec<MachineImageStatus>, ApiError>> + Send;
}

impl Transport for ApiClient {
    async fn create_whole(
        &self,
        body: ChunkBody<'_>,
        file_name: &str,
        meta: &ImageMetadata,
    ) -> Result<u64, ApiError> {
        self.upload_whole(body, file_name, meta).await
    }
    async fn initiate(
        &self,
        file_name: &str,
        chunks: u64,
        meta: &ImageMetadata,
        first: Option<ChunkBody<'_>>,
    ) -> Result<u64, ApiError> {
        self.initiate_chunked(file_name, chunks, meta, first).await
    }
    async fn chunk(
        &self,
        id: u64,
        number: u64,
        body: ChunkBody<'_>,
        file_name: &str,
        once: bool,
    ) -> Result<ChunkAck, ApiError> {
        self.upload_chunk(id, number, body, file_name, once).await
    }
    async fn merge(&self, id: u64) -> Result<(), ApiError> {
        ApiClient::merge(self, id).await
    }
    async fn status(&self, id: u64) -> Result<MachineImageStatus, ApiError> {
        self.image_status(id).await
    }
    async fn delete(&self, id: u64) -> Result<(), ApiError> {
        self.delete_image(id).await.map(|_| ())
    }
    async fn find(
        &self,
        file_name: &str,
        meta: &ImageMetadata,
    ) -> Result<Vec<MachineImageStatus>, ApiError> {
        self.find_requests(file_name, meta).await
    }
}
