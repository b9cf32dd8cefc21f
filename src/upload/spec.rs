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
    pub parallel: Parallelism,
    /// One bandwidth cap for all connections, in bytes per second.
    pub bwlimit: Option<u64>,
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

/// How many requests are in flight at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parallelism {
    /// Start at 8 (fewer for large chunks), double while aggregate throughput grows (up to
    /// [`super::pace::AUTO_MAX`]), back off on 429, 5xx, timeouts and stalls, come down while
    /// sending outruns the hash.
    Auto,
    Fixed(usize),
}

/// The most connections a fixed `--parallel N` may ask for (auto stops at
/// [`super::pace::AUTO_MAX`]).
pub const MAX_PARALLEL: usize = 64;

impl std::str::FromStr for Parallelism {
    type Err = String;
    fn from_str(s: &str) -> Result<Parallelism, String> {
        if s.trim().eq_ignore_ascii_case("auto") {
            return Ok(Parallelism::Auto);
        }
        match s.trim().parse::<usize>() {
            Ok(n) if (1..=MAX_PARALLEL).contains(&n) => Ok(Parallelism::Fixed(n)),
            _ => Err(format!(
                "'{s}' is not a connection count; use auto or a number from 1 to {MAX_PARALLEL}"
            )),
        }
    }
}

impl std::fmt::Display for Parallelism {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Parallelism::Auto => f.write_str("auto"),
            Parallelism::Fixed(n) => write!(f, "{n}"),
        }
    }
}
