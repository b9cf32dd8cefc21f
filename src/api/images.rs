//! Machine image endpoints (`/machineimages`), typed.

use std::path::Path;
use std::sync::Arc;

use reqwest::Method;
use reqwest::multipart::{Form, Part};

use super::body::{Tap, file_region};
use super::client::{ApiClient, Call};
use super::error::ApiError;
use super::types::{Ack, ChunkAck, Collection, ImageMetadata, MachineImageStatus};

fn json_part(meta: &ImageMetadata) -> Part {
    // Serializing a struct of strings cannot fail.
    let text = serde_json::to_string(meta).unwrap_or_default();
    Part::text(text)
        .mime_str("application/json")
        .unwrap_or_else(|_| Part::text(String::new()))
}

fn file_part(path: &Path, offset: u64, len: u64, name: &str, tap: &Arc<Tap>) -> Part {
    let stream = file_region(path.to_path_buf(), offset, len, Some(tap.clone()));
    Part::stream_with_length(reqwest::Body::wrap_stream(stream), len)
        .file_name(name.to_string())
        .mime_str("application/octet-stream")
        .expect("static mime type")
}

fn entity_id(ack: &Ack, what: &str) -> Result<u64, ApiError> {
    ack.entity_id
        .ok_or_else(|| ApiError::BadResponse(format!("{what}: the answer has no usable entityId")))
}

impl ApiClient {
    /// Whole-file upload: one multipart POST with `file` and `json`.
    pub async fn upload_whole(
        &self,
        path: &Path,
        size: u64,
        file_name: &str,
        md5_hex: &str,
        meta: &ImageMetadata,
        tap: Arc<Tap>,
    ) -> Result<(u64, u32), ApiError> {
        let (p, n, m) = (path.to_path_buf(), file_name.to_string(), meta.clone());
        let t = tap.clone();
        let call = Call::new(Method::POST, "/machineimages")
            .header("X-File-Name", file_name)
            .header("X-MD5-Checksum", md5_hex)
            .tap(tap)
            .form(move || {
                Form::new()
                    .part("file", file_part(&p, 0, size, &n, &t))
                    .part("json", json_part(&m))
            });
        let reply = self.send(&call).await?;
        let ack: Ack = reply.json("POST /machineimages")?;
        Ok((entity_id(&ack, "POST /machineimages")?, reply.attempts))
    }

    /// Initiate a chunked upload: `json` + `uploadType=Chunk`, `X-Number-Of-Chunks`, no file.
    pub async fn initiate_chunked(
        &self,
        file_name: &str,
        chunks: u64,
        meta: &ImageMetadata,
    ) -> Result<u64, ApiError> {
        let m = meta.clone();
        let call = Call::new(Method::POST, "/machineimages")
            .header("X-File-Name", file_name)
            .header("X-Number-Of-Chunks", chunks.to_string())
            .form(move || {
                Form::new()
                    .part("json", json_part(&m))
                    .text("uploadType", "Chunk")
            });
        let ack: Ack = self
            .send(&call)
            .await?
            .json("POST /machineimages (initiate)")?;
        entity_id(&ack, "POST /machineimages (initiate)")
    }

    /// Upload chunk `number` (1-based) from `offset..offset+len` of the file.
    #[allow(clippy::too_many_arguments)]
    pub async fn upload_chunk(
        &self,
        id: u64,
        number: u64,
        path: &Path,
        offset: u64,
        len: u64,
        file_name: &str,
        md5_hex: &str,
        tap: Arc<Tap>,
    ) -> Result<(ChunkAck, u32), ApiError> {
        let (p, n) = (path.to_path_buf(), file_name.to_string());
        let t = tap.clone();
        let call = Call::new(Method::POST, format!("/machineimages/{id}/chunk"))
            .header("X-Chunk-Number", number.to_string())
            .header("X-File-Name", file_name)
            .header("X-MD5-Checksum", md5_hex)
            .tap(tap)
            .form(move || Form::new().part("file", file_part(&p, offset, len, &n, &t)));
        let reply = self.send(&call).await?;
        // Some servers answer a bare 200; the status code is what acknowledges the chunk.
        let ack: ChunkAck = reply.json_or_default("POST /machineimages/{id}/chunk")?;
        Ok((ack, reply.attempts))
    }

    /// Merge the chunks: PATCH with form field `action=upload`.
    pub async fn merge(&self, id: u64) -> Result<Ack, ApiError> {
        let call = Call::new(Method::PATCH, format!("/machineimages/{id}"))
            .form(|| Form::new().text("action", "upload"));
        self.send(&call)
            .await?
            .json_or_default("PATCH /machineimages/{id}")
    }

    pub async fn image_status(&self, id: u64) -> Result<MachineImageStatus, ApiError> {
        let call = Call::new(Method::GET, format!("/machineimages/{id}"));
        self.send(&call).await?.json("GET /machineimages/{id}")
    }

    pub async fn list_images(
        &self,
        status: Option<&str>,
        keyword: Option<&str>,
        limit: u32,
        offset: u32,
    ) -> Result<Collection, ApiError> {
        let mut call = Call::new(Method::GET, "/machineimages")
            .query("limit", limit)
            .query("offset", offset);
        if let Some(s) = status {
            call = call.query("machineimagestatus", s);
        }
        if let Some(k) = keyword {
            call = call.query("keyword", k);
        }
        self.send(&call).await?.json("GET /machineimages")
    }

    pub async fn delete_image(&self, id: u64) -> Result<Ack, ApiError> {
        let call = Call::new(Method::DELETE, format!("/machineimages/{id}"));
        self.send(&call)
            .await?
            .json_or_default("DELETE /machineimages/{id}")
    }
}
