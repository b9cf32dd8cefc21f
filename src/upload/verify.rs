//! The end of an upload: wait for the server's verdict, compare its checksum with the file's,
//! and build the typed report.

use std::sync::atomic::Ordering;

use super::chunks::{plan_of, snapshot};
use super::journal::{Journal, Stage};
use super::poll;
use super::report::{UploadEvent, UploadReport, Verification};
use super::source::hash_file;
use super::transport::Transport;
use crate::api::types::{ImageState, MachineImageStatus};
use crate::digest::{self, Comparison};
use crate::error::{Exit, Failure, Remedy};
use crate::output::progress::Phase;

use super::engine::Run;

impl<T: Transport> Run<'_, T> {
    /// Wait for the server (unless --no-wait) and compare what it reports with the file.
    pub(super) async fn verify(
        &mut self,
        j: &mut Journal,
        id: u64,
        already: bool,
    ) -> Result<UploadReport, Failure> {
        let t = self.ctx.transport.as_ref();
        self.last_id = Some(id);
        let s = snapshot(j, self.rep().retries());
        self.rep().phase(Phase::Verifying, Some(id), None, s);
        let st: MachineImageStatus = match self.spec.wait {
            Some(limit) => {
                let warn_after = poll::UNKNOWN_WORD_WARNING;
                poll::wait_for(t, id, limit, warn_after, Some(self.rep())).await?
            }
            None => {
                let st = t.status(id).await.map_err(Failure::from)?;
                self.rep().emit(UploadEvent::Status {
                    upload_request_id: id,
                    status: st.word().to_string(),
                });
                st
            }
        };
        if let ImageState::Failed(word) = st.state() {
            return Err(failed(id, &word));
        }
        let completed = st.state() == ImageState::Completed;
        let server_sum = st.check_sum.clone().filter(|s| !s.trim().is_empty());
        if server_sum.is_some() && j.whole_md5.is_none() {
            let (chunks, whole) = hash_file(&self.spec.path, plan_of(j), self.rep()).await?;
            j.chunk_md5 = chunks.into_iter().map(Some).collect();
            j.whole_md5 = Some(whole);
            self.save(j)?;
        }
        let local = j.whole_md5.clone().unwrap_or_default();
        let every_chunk_checked = j.acked.iter().all(|a| *a) && !j.unverified.iter().any(|u| *u);
        let fallback = if completed && every_chunk_checked {
            Verification::Chunks
        } else {
            Verification::None
        };
        let verification = match &server_sum {
            Some(sum) => match digest::compare(sum, &local) {
                Comparison::Same => Verification::Md5,
                Comparison::Different => {
                    return Err(Failure::new(
                        Exit::ChecksumMismatch,
                        format!(
                            "upload request {id}: the server's checksum {sum} is not the local file's MD5 {local}; the server holds other bytes"
                        ),
                    )
                    .with_remedy(Remedy::StartOverReplacing { delete_first: Some(id) })
                    .with_details(serde_json::json!({
                        "uploadRequestId": id,
                        "serverChecksum": sum,
                        "localMd5": local,
                    })));
                }
                Comparison::Unreadable => {
                    self.rep().warn(format!(
                        "upload request {id}: the server's checkSum '{sum}' is not an MD5 this client can read; not compared"
                    ));
                    fallback
                }
            },
            None => fallback,
        };
        if self.spec.require_checksum && verification != Verification::Md5 {
            return Err(Failure::new(
                Exit::ChecksumMismatch,
                format!(
                    "upload request {id}: a whole-file checksum is required, but the server gave none to compare (verification: {})",
                    verification_name(verification)
                ),
            ));
        }
        if self.spec.wait.is_some() && verification == Verification::None {
            let unchecked = j
                .acked
                .iter()
                .zip(&j.unverified)
                .filter(|(acked, unverified)| !**acked || **unverified)
                .count();
            return Err(Failure::new(
                Exit::ChecksumMismatch,
                format!(
                    "upload request {id} completed, but nothing vouches for its content: the server gave no checksum and {unchecked} of {} chunks were not accepted against their MD5 by this client",
                    j.chunks.max(1)
                ),
            )
            .with_remedy(Remedy::StartOverReplacing { delete_first: None }));
        }
        if completed {
            j.stage = Stage::Completed;
            self.save(j)?;
        }
        let verdict = Verdict {
            server_sum,
            verification,
            completed,
            already,
        };
        Ok(self.report(j, id, &st, verdict))
    }

    fn report(
        &self,
        j: &Journal,
        id: u64,
        st: &MachineImageStatus,
        verdict: Verdict,
    ) -> UploadReport {
        let Verdict {
            server_sum,
            verification,
            completed,
            already,
        } = verdict;
        let elapsed = self.started.elapsed().as_secs_f64();
        let sent = self.counters.sent.load(Ordering::Relaxed);
        let plan = plan_of(j);
        UploadReport {
            command: "image upload",
            upload_request_id: id,
            file: self.spec.path.clone(),
            file_name: j.file_name.clone(),
            size: j.file.size,
            mode: if plan.is_whole() { "whole" } else { "chunked" },
            chunk_size: plan.chunk_size(),
            chunk_count: plan.count(),
            md5: j.whole_md5.clone(),
            chunk_md5: j.chunk_md5.clone(),
            bytes_sent: sent,
            bytes_resent: sent.saturating_sub(self.counters.needed.load(Ordering::Relaxed)),
            retries: self.rep().retries(),
            duration_seconds: (elapsed * 1000.0).round() / 1000.0,
            throughput_bytes_per_second: (sent as f64 / elapsed.max(0.001)).round() as u64,
            resumed: self.resumed && !already,
            already_uploaded: already,
            server_status: st.status_name.clone(),
            server_checksum: server_sum,
            image_file_path: st.image_file_path.clone(),
            verification,
            verified: verification != Verification::None,
            completed,
            metadata: j.meta.clone(),
        }
    }
}

/// How an upload ended, as the last status check found it (the report's inputs beyond the
/// journal and the server's status).
struct Verdict {
    server_sum: Option<String>,
    verification: Verification,
    completed: bool,
    /// The server already held the image before this run sent anything.
    already: bool,
}

/// The server reports a failure for request `id`: exit 6 with its words.
pub(super) fn failed(id: u64, word: &str) -> Failure {
    Failure::rejected(format!(
        "upload request {id}: the server reports '{word}'; the upload did not succeed (see `publisher image status {id}`)"
    ))
}

pub fn verification_name(v: Verification) -> &'static str {
    match v {
        Verification::Md5 => "md5",
        Verification::Chunks => "chunks",
        Verification::None => "none",
    }
}
