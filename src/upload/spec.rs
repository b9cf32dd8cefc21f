//! An upload as asked for, validated once by the command layer: the engine sees no flag names
//! and no raw strings, only checked values.

use std::path::PathBuf;
use std::time::Duration;

use super::plan::Plan;
use crate::api::types::ImageMetadata;

#[derive(Debug, Clone)]
pub struct UploadSpec {
    /// Canonical path of the image.
    pub path: PathBuf,
    /// The path as the user gave it, for messages.
    pub shown: String,
    /// Sent as X-File-Name.
    pub file_name: String,
    pub meta: ImageMetadata,
    /// The chunking for a new upload (a resumed one keeps its own).
    pub plan: Plan,
    /// The chunking was asked for explicitly (say so when a resume keeps another).
    pub plan_asked: bool,
    /// Requests in flight at once.
    pub parallel: usize,
    /// Forget any journal and start a new upload request.
    pub restart: bool,
    /// Re-hash the file before trusting a journal's acknowledged chunks.
    pub verify_resume: bool,
    /// None: return after the merge without waiting for server processing.
    pub wait: Option<Duration>,
    /// Exit 7 unless the server's whole-file checksum was compared.
    pub require_checksum: bool,
    /// Adopt this upload request (started elsewhere) instead of the journal's.
    pub adopt: Option<u64>,
}
