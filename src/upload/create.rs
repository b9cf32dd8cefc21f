//! Creating the upload request, and finding the one an unanswered creation made.

use std::sync::atomic::Ordering;
use std::time::Duration;

use super::chunks::{mark_held, plan_of, source_or};
use super::engine::{CLOCK_SKEW_SECS, RECONCILE_ROUNDS, Run};
use super::hashing;
use super::journal::{Journal, Stage};
use super::report::{Held, UploadEvent};
use super::source::hash_file;
use super::transport::Transport;
use crate::api::ApiError;
use crate::api::images::ChunkBody;
use crate::api::types::ImageState;
use crate::clock::{epoch_secs, parse_rfc3339};
use crate::error::{Exit, Failure};
use crate::output::progress::{Phase, Snapshot};

impl<T: Transport> Run<'_, T> {
    /// Create the upload request: a whole-file POST or a chunked initiate. The time is written
    /// to the journal first, so a rerun after a lost answer looks for what it created.
    pub(super) async fn create(&mut self, j: &mut Journal) -> Result<(), Failure> {
        let t = self.ctx.transport.clone();
        let plan = plan_of(j);
        if plan.is_whole() && j.whole_md5.is_none() {
            let (_, whole) = hash_file(&self.spec.path, plan, self.rep()).await?;
            j.chunk_md5 = vec![Some(whole.clone())];
            j.whole_md5 = Some(whole);
        }
        // When the first POST went out: a request it made may surface only on a later search.
        // Every round after the first follows an unanswered POST (any other outcome returns).
        let first_sent = epoch_secs();
        for round in 0..RECONCILE_ROUNDS {
            j.create_sent_at = Some(first_sent);
            self.save(j)?;
            let res = if plan.is_whole() {
                self.rep().phase(
                    Phase::Uploading,
                    None,
                    Some(1),
                    Snapshot {
                        total_bytes: plan.size,
                        ..Default::default()
                    },
                );
                self.counters.needed.fetch_add(plan.size, Ordering::Relaxed);
                let md5 = j.whole_md5.clone().unwrap_or_default();
                let tap = self.counters.tap();
                let ticker = self.rep().ticker(self.counters, plan.size);
                let body = ChunkBody {
                    path: &self.spec.path,
                    offset: 0,
                    len: plan.size,
                    md5_hex: &md5,
                    tap,
                };
                let r = t.create_whole(body, &j.file_name, &j.meta).await;
                ticker.abort();
                r
            } else {
                t.initiate(&j.file_name, plan.chunks, &j.meta, None).await
            };
            match res {
                Ok(id) => return self.created(j, id, plan.is_whole(), false),
                Err(ApiError::Ambiguous { what, reason }) => {
                    self.rep().note(format!(
                        "{what}: {reason}; checking whether the server created the upload request before sending it again"
                    ));
                    if self.adopt_created(j, false).await? {
                        return Ok(());
                    }
                    if round + 1 == RECONCILE_ROUNDS {
                        return Err(ApiError::Ambiguous { what, reason }.into());
                    }
                }
                Err(ApiError::Status {
                    status, message, ..
                }) if !plan.is_whole() && (400..500).contains(&status) && status != 409 => {
                    // Refused without data: some readings of the docs have the initiate call
                    // carry the first chunk. Try that once before giving up.
                    self.rep().note(format!(
                        "the initiate call without data was refused ({status}: {message}); sending it again with the first chunk"
                    ));
                    return self.initiate_with_first(j).await;
                }
                Err(e @ ApiError::Status { status: 409, .. }) if round > 0 => {
                    // The storage path is taken, most likely by the request an unanswered POST
                    // made after all (a search that lagged): look again before giving up.
                    self.rep().note(
                        "the server refused the repeat: the storage path is taken; looking again for the upload request the unanswered one made",
                    );
                    if self.adopt_created(j, false).await? {
                        return Ok(());
                    }
                    return Err(source_or(e, j, &self.spec.path));
                }
                Err(e) => {
                    // A definite answer: nothing was created, so nothing to look for later.
                    j.create_sent_at = None;
                    self.save(j)?;
                    return Err(source_or(e, j, &self.spec.path));
                }
            }
        }
        Err(Failure::new(
            Exit::Internal,
            "creating the upload request did not settle",
        ))
    }

    async fn initiate_with_first(&mut self, j: &mut Journal) -> Result<(), Failure> {
        let plan = plan_of(j);
        let (offset, len) = plan.range(0);
        let md5 = match &j.chunk_md5[0] {
            Some(m) => m.clone(),
            None => {
                let p = self.spec.path.clone();
                tokio::task::spawn_blocking(move || hashing::md5_region(&p, offset, len))
                    .await
                    .map_err(|e| Failure::new(Exit::Internal, format!("hashing failed: {e}")))?
                    .map_err(|e| Failure::input(format!("cannot read {}: {e}", self.spec.shown)))?
            }
        };
        j.chunk_md5[0] = Some(md5.clone());
        j.create_sent_at = Some(epoch_secs());
        j.first_in_initiate = true;
        self.save(j)?;
        self.counters.needed.fetch_add(len, Ordering::Relaxed);
        let body = ChunkBody {
            path: &self.spec.path,
            offset,
            len,
            md5_hex: &md5,
            tap: self.counters.tap(),
        };
        match self
            .ctx
            .transport
            .initiate(&j.file_name, plan.chunks, &j.meta, Some(body))
            .await
        {
            Ok(id) => self.created(j, id, false, true),
            Err(ApiError::Ambiguous { .. }) if self.adopt_created(j, true).await? => Ok(()),
            Err(e) => {
                j.create_sent_at = None;
                j.first_in_initiate = false;
                self.save(j)?;
                Err(source_or(e, j, &self.spec.path))
            }
        }
    }

    fn created(
        &mut self,
        j: &mut Journal,
        id: u64,
        whole: bool,
        first: bool,
    ) -> Result<(), Failure> {
        j.upload_request_id = Some(id);
        self.last_id = Some(id);
        self.made = Some(id);
        if whole {
            // The server holds the file, checked against X-MD5-Checksum.
            mark_held(j, 0, true);
            j.stage = Stage::Merged;
        } else if first {
            mark_held(j, 0, true);
            j.first_in_initiate = true;
        }
        self.save(j)?;
        if whole || first {
            self.rep().emit(UploadEvent::ChunkAcked {
                upload_request_id: id,
                chunk: 1,
                chunks: j.chunks.max(1),
                bytes: plan_of(j).range(0).1,
                md5: j.chunk_md5[0].clone(),
                acked_bytes: plan_of(j).range(0).1,
                held: Held::Accepted,
            });
        } else {
            self.rep().note(format!(
                "upload request {id}: {} chunks of up to {}",
                j.chunks,
                indicatif::HumanBytes(j.chunk_size)
            ));
        }
        Ok(())
    }

    /// After a creation whose answer was lost: adopt the request it created, if the server's
    /// search shows one for this file made since the POST went out (asked three times, as a
    /// search index may lag behind). `first`: that POST carried chunk 1. True when adopted.
    pub(super) async fn adopt_created(
        &mut self,
        j: &mut Journal,
        first: bool,
    ) -> Result<bool, Failure> {
        let since = j
            .create_sent_at
            .unwrap_or(0)
            .saturating_sub(CLOCK_SKEW_SECS);
        let whole = plan_of(j).is_whole();
        for round in 0..3u64 {
            if round > 0 {
                tokio::time::sleep(Duration::from_secs(round)).await;
            }
            let found = self
                .ctx
                .transport
                .find(&j.file_name, &j.meta)
                .await
                .map_err(Failure::from)?;
            let ours = found.into_iter().find(|s| {
                match s.state() {
                    // A new chunked request cannot be done or failed already; a whole upload
                    // can (processing may fail fast): that is still ours, and says how it ended.
                    ImageState::Completed | ImageState::Failed(_) if !whole => return false,
                    ImageState::Failed(w) if w.to_ascii_lowercase().contains("delet") => {
                        return false;
                    }
                    _ => {}
                }
                match s.created_date.as_deref().and_then(parse_rfc3339) {
                    Some(t) => t >= since,
                    // No usable date: only a request that holds nothing yet can be ours.
                    None => !whole && s.uploaded_chunks.unwrap_or(0) <= u64::from(first),
                }
            });
            if let Some(st) = ours {
                let id = st.upload_request_id.unwrap_or_default();
                self.rep().note(format!(
                    "found upload request {id}, created by the request whose answer was lost; continuing with it"
                ));
                self.created(j, id, whole, first)?;
                return Ok(true);
            }
        }
        j.create_sent_at = None;
        j.first_in_initiate = false;
        self.save(j)?;
        self.rep()
            .note("no upload request was created by the unanswered request; sending it again");
        Ok(false)
    }
}
