//! What an upload tells the outside world: one typed event stream that drives both the progress
//! display and `--events`, and one typed report rendered as text or JSON.

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::time::Duration;

use serde::Serialize;

use super::chunks::Counters;
use crate::api::types::ImageMetadata;
use crate::output::events::Events;
use crate::output::progress::{Phase, Progress, Snapshot};

/// What vouches for the bytes the server holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verification {
    /// The server's whole-file checksum equals the local MD5.
    Md5,
    /// No whole-file checksum was given, but every chunk (or the whole file) was accepted
    /// against its X-MD5-Checksum.
    Chunks,
    /// Nothing was compared (not waited for, or chunks held without an MD5 check).
    None,
}

/// How the server came to hold a chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Held {
    /// A 2xx to this journal's bytes, checked against their X-MD5-Checksum.
    Accepted,
    /// A repeat refused as "already uploaded", with nothing vouching for whose bytes they are.
    AlreadyThere,
}

impl Held {
    pub fn checked(checked: bool) -> Held {
        if checked {
            Held::Accepted
        } else {
            Held::AlreadyThere
        }
    }

    /// Accepted against our MD5.
    pub fn is_checked(self) -> bool {
        self == Held::Accepted
    }
}

/// Every event of an upload, in the `--events` NDJSON shape (`{"event": "chunk_acked", ...}`).
#[derive(Debug, Clone, Serialize)]
#[serde(
    tag = "event",
    rename_all = "snake_case",
    rename_all_fields = "camelCase"
)]
pub enum UploadEvent {
    Started {
        file: PathBuf,
        file_name: String,
        size: u64,
        resumed: bool,
    },
    Phase {
        phase: &'static str,
        #[serde(skip_serializing_if = "Option::is_none")]
        upload_request_id: Option<u64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        chunks: Option<u64>,
    },
    /// The server's own status word, each time it changes.
    Status {
        upload_request_id: u64,
        status: String,
    },
    ChunkAcked {
        upload_request_id: u64,
        chunk: u64,
        chunks: u64,
        bytes: u64,
        md5: Option<String>,
        acked_bytes: u64,
        /// `accepted` (2xx against our MD5) or `already_there` (a repeat the server refused).
        held: Held,
    },
    Retry {
        request: String,
        attempt: u32,
        reason: String,
        delay_ms: u64,
    },
    /// `--parallel auto` changed the number of requests in flight.
    Parallel {
        connections: u64,
        bytes_per_second: u64,
    },
    /// A one-line decision worth knowing (resume, new upload, reconciliation).
    Note { message: String },
    /// Something the user should look at, shown even with --quiet (an unreadable checksum, a
    /// status word this client does not know lasting long).
    Warning { message: String },
    Finished {
        ok: bool,
        exit_code: i32,
        #[serde(skip_serializing_if = "Option::is_none")]
        upload_request_id: Option<u64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        status: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        verification: Option<Verification>,
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<String>,
    },
}

/// Sends each event to `--events` and shows it to people.
#[derive(Clone)]
pub struct Reporter {
    pub progress: Progress,
    events: Events,
    quiet: bool,
    retries: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl Reporter {
    /// Updates the byte counter on the bar while one long request streams.
    pub fn ticker(&self, counters: &Counters, total: u64) -> tokio::task::AbortHandle {
        let sent = counters.sent.clone();
        let r = self.clone();
        let handle = tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(250));
            loop {
                tick.tick().await;
                r.progress.update(Snapshot {
                    done_bytes: sent.load(Ordering::Relaxed).min(total),
                    total_bytes: total,
                    chunks_done: 0,
                    chunks_total: 0,
                    retries: r.retries(),
                });
            }
        });
        handle.abort_handle()
    }

    pub fn new(events: Events, quiet: bool, total: u64) -> Reporter {
        Reporter {
            progress: Progress::new(quiet, total),
            events,
            quiet,
            retries: Default::default(),
        }
    }

    /// Retries reported so far.
    pub fn retries(&self) -> u64 {
        self.retries.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn emit(&self, e: UploadEvent) {
        self.events.send(&e);
        if matches!(e, UploadEvent::Retry { .. }) {
            self.retries
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        match &e {
            UploadEvent::Note { message } => self.progress.note(message),
            UploadEvent::Warning { message } => crate::ui::warn(message),
            UploadEvent::Status {
                upload_request_id,
                status,
            } => self.progress.note(&format!(
                "upload request {upload_request_id}: the server reports '{status}'"
            )),
            UploadEvent::Retry {
                request,
                attempt,
                reason,
                delay_ms,
            } if !self.quiet => crate::ui::note(&format!(
                "retrying {request} in {:.1} s (attempt {attempt} failed: {reason})",
                *delay_ms as f64 / 1000.0
            )),
            _ => {}
        }
    }

    pub fn note(&self, message: impl Into<String>) {
        self.emit(UploadEvent::Note {
            message: message.into(),
        });
    }

    pub fn warn(&self, message: impl Into<String>) {
        self.emit(UploadEvent::Warning {
            message: message.into(),
        });
    }

    pub fn phase(&self, phase: Phase, id: Option<u64>, chunks: Option<u64>, s: Snapshot) {
        self.emit(UploadEvent::Phase {
            phase: phase.name(),
            upload_request_id: id,
            chunks,
        });
        self.progress.phase(phase, s);
    }
}

/// The result of `image upload`, as JSON (`--output json`) and as one text line.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UploadReport {
    pub command: &'static str,
    pub upload_request_id: u64,
    pub file: PathBuf,
    pub file_name: String,
    pub size: u64,
    /// `whole` or `chunked`.
    pub mode: &'static str,
    pub chunk_size: u64,
    pub chunk_count: u64,
    pub md5: Option<String>,
    pub chunk_md5: Vec<Option<String>>,
    /// Body bytes this run put on the wire, every attempt included.
    pub bytes_sent: u64,
    /// Of those, bytes sent more than once in this run.
    pub bytes_resent: u64,
    pub retries: u64,
    pub duration_seconds: f64,
    /// This run's bytes over this run's time.
    pub throughput_bytes_per_second: u64,
    pub resumed: bool,
    pub already_uploaded: bool,
    pub server_status: Option<String>,
    pub server_checksum: Option<String>,
    pub image_file_path: Option<String>,
    pub verification: Verification,
    /// `verification` is `md5` or `chunks`.
    pub verified: bool,
    pub completed: bool,
    pub metadata: ImageMetadata,
}

impl UploadReport {
    /// `ID<TAB>state<TAB>path<TAB>md5 HEX`: one line, easy to cut.
    pub fn text(&self) -> String {
        let state = if self.already_uploaded {
            "already uploaded"
        } else {
            match (self.completed, self.verification) {
                (true, Verification::Md5) => "verified (server checksum)",
                (true, Verification::Chunks) => "verified (chunk checksums)",
                (true, Verification::None) => "completed (unverified)",
                (false, _) => "merged (not waited for)",
            }
        };
        format!(
            "{}\t{state}\t{}\tmd5 {}",
            self.upload_request_id,
            self.image_file_path.as_deref().unwrap_or(""),
            self.md5.as_deref().unwrap_or("")
        )
    }
}
