//! The merge, what follows it, and giving up a request the server can never merge.

use super::chunks::snapshot;
use super::engine::{MergeEnd, RECONCILE_ROUNDS, Run};
use super::journal::{FileIdentity, Journal, Stage};
use super::report::UploadReport;
use super::transport::Transport;
use crate::api::ApiError;
use crate::api::types::ImageState;
use crate::error::{Failure, Remedy};
use crate::output::progress::Phase;

impl<T: Transport> Run<'_, T> {
    /// Ask for the merge. "Merge requested" is journaled before it goes out. A lost answer is
    /// checked against the server and the merge asked again; a refusal after a possibly
    /// applied merge leaves the verdict to the status and the checksum.
    pub(super) async fn merge(
        &mut self,
        j: &mut Journal,
        id: u64,
        maybe_done: bool,
    ) -> Result<MergeEnd, Failure> {
        let t = self.ctx.transport.clone();
        let mut maybe_done = maybe_done;
        let mut resent_all = false;
        for _ in 0..RECONCILE_ROUNDS {
            j.stage = Stage::MergeRequested;
            self.save(j)?;
            let s = snapshot(j, self.rep().retries());
            self.rep().phase(Phase::Merging, Some(id), None, s);
            let refusal = match t.merge(id).await {
                Ok(()) => {
                    j.stage = Stage::Merged;
                    self.save(j)?;
                    return Ok(MergeEnd::Merged);
                }
                Err(ApiError::Ambiguous { what, reason }) => {
                    self.rep().note(format!(
                        "{what}: {reason}; checking the server before asking again"
                    ));
                    maybe_done = true;
                    None
                }
                Err(ApiError::Status {
                    status, message, ..
                }) if (400..500).contains(&status) => Some(format!("{status}: {message}")),
                Err(e) => return Err(e.into()),
            };
            let st = t.status(id).await.map_err(Failure::from)?;
            if st.state() == ImageState::Completed {
                j.stage = Stage::Merged;
                self.save(j)?;
                return Ok(MergeEnd::Merged);
            }
            let Some(refusal) = refusal else { continue };
            // More chunks counted than declared (a repeat counted twice): the merge checks the
            // declared count against the uploaded chunks, so this request can never be merged.
            if let ImageState::Failed(word) = st.state() {
                return Err(Failure::rejected(format!(
                    "upload request {id}: the merge was refused ({refusal}) and the server reports '{word}'"
                ))
                .with_remedy(Remedy::StartOver));
            }
            if resent_all && j.first_in_initiate && st.pending_chunks.is_some_and(|p| p > 0) {
                return Ok(MergeEnd::Unmergeable(
                    format!(
                        "upload request {id} still misses chunks after every chunk was sent again ({refusal}): the first chunk, which only its initiate call could carry, is gone"
                    ),
                    j.one_by_one,
                ));
            }
            if let Some(u) = st.uploaded_chunks.filter(|u| *u > j.chunks) {
                return Ok(MergeEnd::Unmergeable(
                    format!(
                        "upload request {id} counts {u} uploaded chunks for {} declared and refused the merge ({refusal}); it can never be merged",
                        j.chunks
                    ),
                    true,
                ));
            }
            let pending = st.pending_chunks;
            if !resent_all && (pending.is_some_and(|p| p > 0) || pending.is_none() && !maybe_done) {
                self.rep().note(format!(
                    "the merge was refused ({refusal}) and the server reports {} chunks pending; sending all {} chunks again",
                    pending.map(|p| p.to_string()).unwrap_or_else(|| "no count of".into()),
                    j.chunks
                ));
                let all: Vec<u64> = (u64::from(j.first_in_initiate)..j.chunks).collect();
                // Not "merge requested" while chunks are missing: a kill now must resume sending.
                j.stage = Stage::Uploading;
                self.save(j)?;
                self.send(j, id, &all).await?;
                resent_all = true;
                continue;
            }
            if maybe_done {
                return Ok(MergeEnd::Unconfirmed(format!(
                    "the merge was refused ({refusal}), but an earlier merge request may have been applied"
                )));
            }
            return Err(Failure::rejected(format!(
                "upload request {id}: the server refused the merge ({refusal}) although every chunk was sent"
            ))
            .with_remedy(Remedy::StartOver));
        }
        Err(Failure::retryable(format!(
            "upload request {id}: no answer to {RECONCILE_ROUNDS} merge requests and the status does not show a merge; rerun the same command to check again"
        )))
    }

    /// What follows a merge: verification, or (for a request that can never be merged) a new
    /// journal in `j` and None, for the planner to go on with.
    pub(super) async fn after_merge(
        &mut self,
        j: &mut Journal,
        id: u64,
        end: MergeEnd,
        identity: &FileIdentity,
        abandoned: &mut u32,
    ) -> Result<Option<UploadReport>, Failure> {
        match end {
            MergeEnd::Merged => self.verify(j, id, false).await.map(Some),
            MergeEnd::Unconfirmed(why) => self.unconfirmed(j, id, why).await.map(Some),
            MergeEnd::Unmergeable(why, one_by_one) => {
                *j = self
                    .abandon(id, why, identity, abandoned, one_by_one)
                    .await?;
                Ok(None)
            }
        }
    }

    /// A merge that may or may not have been applied: waiting shows which (the status moves
    /// on and the checksum proves the content); without waiting, nothing can be claimed.
    async fn unconfirmed(
        &mut self,
        j: &mut Journal,
        id: u64,
        why: String,
    ) -> Result<UploadReport, Failure> {
        if self.spec.wait.is_none() {
            return Err(Failure::retryable(format!(
                "upload request {id}: {why}, and without waiting for the verdict nothing confirms it"
            ))
            .with_remedy(Remedy::WaitForVerdict));
        }
        self.rep()
            .note(format!("{why}; waiting for the status to tell"));
        self.verify(j, id, false).await
    }

    /// Give up an upload request the server can never merge: delete it (best effort, so it
    /// leaves no orphan) and start a new one, at most twice per run.
    pub(super) async fn abandon(
        &mut self,
        id: u64,
        why: String,
        identity: &FileIdentity,
        abandoned: &mut u32,
        one_by_one: bool,
    ) -> Result<Journal, Failure> {
        *abandoned += 1;
        if *abandoned > 2 {
            return Err(Failure::rejected(format!(
                "{why}; two new upload requests ended the same way, so stopping here"
            )));
        }
        self.rep().note(format!(
            "{why}; deleting it and starting a new upload request"
        ));
        if let Err(e) = self.ctx.transport.delete(id).await {
            crate::ui::warn(&format!(
                "could not delete upload request {id} ({}); delete it with `publisher image delete {id}`",
                Failure::from(e).message
            ));
        }
        let mut j = self.new_journal(identity, self.spec.plan);
        j.one_by_one = one_by_one;
        self.save(&mut j)?;
        self.resumed = false;
        Ok(j)
    }
}
