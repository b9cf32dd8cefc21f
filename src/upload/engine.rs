//! The upload driver: loads the journal, checks the file, asks the planner what to do from the
//! evidence, and carries it out — create, send chunks, merge, wait, verify — finding out what
//! the server did before repeating any request that changes state.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use super::chunks::{Counters, Sender, mark_held, plan_of, snapshot, source_or};
use super::hashing::{self};
use super::journal::{FileIdentity, Journal, Loaded, Stage, Store, key_for};
use super::plan::Plan;
use super::poll::server_view;
use super::report::{Reporter, UploadEvent, UploadReport};
use super::resume::{self, Content, Decision, Evidence, Server};
use super::source::{current_identity, hash_file};
use super::spec::UploadSpec;
use super::transport::Transport;
use crate::api::ApiError;
use crate::api::body::Bandwidth;
use crate::api::images::ChunkBody;
use crate::api::types::ImageState;
use crate::clock::epoch_secs;
use crate::error::{Exit, Failure};
use crate::output::progress::{Phase, Snapshot};

/// How many times a creation or merge whose answer was lost is checked and sent again.
const RECONCILE_ROUNDS: u32 = 4;
/// A request created more than this before our unanswered POST is not ours.
const CLOCK_SKEW_SECS: u64 = 600;

/// What the engine needs besides the spec.
pub struct Deps<T> {
    pub transport: Arc<T>,
    pub store: Store,
    /// Identifies the server in journal keys (the URL, or "sandbox" for the embedded one).
    pub endpoint_key: String,
    pub user: String,
    pub reporter: Reporter,
}

/// The upload, from whatever state the journal and the server are in.
pub async fn upload<T: Transport>(
    ctx: &Deps<T>,
    spec: &UploadSpec,
) -> Result<UploadReport, Failure> {
    let started = Instant::now();
    let key = key_for(&ctx.endpoint_key, &ctx.user, &spec.path, &spec.meta);
    let _lock = ctx.store.lock(&key)?;
    let counters = Counters {
        bandwidth: spec.bwlimit.map(Bandwidth::new),
        ..Default::default()
    };
    let mut run = Run {
        ctx,
        spec,
        key,
        counters: &counters,
        started,
        resumed: false,
        last_id: None,
    };
    // A failure names the upload request it concerns, for scripts (`error.details`).
    let result = run.go().await.map_err(|f| match (run.last_id, &f.details) {
        (Some(id), None) => f.with_details(serde_json::json!({"uploadRequestId": id})),
        _ => f,
    });
    let rep = &ctx.reporter;
    rep.progress.finish();
    rep.emit(match &result {
        Ok(r) => UploadEvent::Finished {
            ok: true,
            exit_code: 0,
            upload_request_id: Some(r.upload_request_id),
            status: r.server_status.clone(),
            verification: Some(r.verification),
            error: None,
        },
        Err(f) => UploadEvent::Finished {
            ok: false,
            exit_code: f.exit.code(),
            upload_request_id: run.last_id,
            status: None,
            verification: None,
            error: Some(f.message.clone()),
        },
    });
    result
}

pub(super) struct Run<'a, T> {
    pub(super) ctx: &'a Deps<T>,
    pub(super) spec: &'a UploadSpec,
    pub(super) key: String,
    pub(super) counters: &'a Counters,
    pub(super) started: Instant,
    pub(super) resumed: bool,
    pub(super) last_id: Option<u64>,
}

impl<T: Transport> Run<'_, T> {
    pub(super) fn rep(&self) -> &Reporter {
        &self.ctx.reporter
    }

    pub(super) fn save(&self, j: &mut Journal) -> Result<(), Failure> {
        self.ctx.store.save(j)
    }

    fn new_journal(&self, identity: &FileIdentity, plan: Plan) -> Journal {
        let n = plan.count() as usize;
        Journal {
            version: super::journal::VERSION,
            key: self.key.clone(),
            endpoint: self.ctx.endpoint_key.clone(),
            user: self.ctx.user.clone(),
            file: identity.clone(),
            file_name: self.spec.file_name.clone(),
            meta: self.spec.meta.clone(),
            chunks: plan.chunks,
            chunk_size: plan.chunk_size(),
            upload_request_id: None,
            stage: Stage::Uploading,
            whole_md5: None,
            chunk_md5: vec![None; n],
            acked: vec![false; n],
            unverified: vec![false; n],
            create_sent_at: None,
            created_at: epoch_secs(),
            updated_at: epoch_secs(),
        }
    }

    async fn go(&mut self) -> Result<UploadReport, Failure> {
        let spec = self.spec;
        let identity = current_identity(spec)?;
        let store = &self.ctx.store;
        let previous = if spec.restart {
            store.remove(&self.key);
            None
        } else {
            match store.load(&self.key) {
                Loaded::Missing => None,
                Loaded::Found(j) => Some(*j),
                Loaded::Corrupt(why, aside) => {
                    crate::ui::warn(&format!(
                        "the upload journal for this file is damaged ({why}); moved it to {} and starting a new upload",
                        aside.display()
                    ));
                    None
                }
            }
        };
        let adopted = spec.adopt.filter(|id| {
            previous
                .as_ref()
                .is_none_or(|j| j.upload_request_id != Some(*id))
        });
        let mut j = match (previous, adopted) {
            (_, Some(id)) => {
                self.rep().note(format!(
                    "adopting upload request {id}: every chunk is sent again (\"already uploaded\" answers count as held)"
                ));
                let mut j = self.new_journal(&identity, spec.plan);
                j.upload_request_id = Some(id);
                self.resumed = true;
                j
            }
            (Some(j), None) => {
                self.resumed = true;
                j
            }
            (None, None) => self.new_journal(&identity, spec.plan),
        };
        let content = if self.resumed && adopted.is_none() {
            self.content(&mut j, &identity).await?
        } else {
            Content::Same
        };
        if self.resumed && spec.plan_asked && plan_of(&j) != spec.plan {
            self.rep().note(format!(
                "resuming with the original {} (use --restart to change the chunking)",
                if j.chunks == 0 {
                    "whole-file upload".to_string()
                } else {
                    format!("{} chunks", j.chunks)
                }
            ));
        }
        self.rep().emit(UploadEvent::Started {
            file: spec.path.clone(),
            file_name: spec.file_name.clone(),
            size: j.file.size,
            resumed: self.resumed,
        });
        let already_done = j.stage == Stage::Completed;
        for _ in 0..8 {
            let server = match j.upload_request_id {
                Some(id) => {
                    self.last_id = Some(id);
                    server_view(self.ctx.transport.as_ref(), id, &j).await?
                }
                None => Server::NoRequest,
            };
            let decision = resume::decide(&Evidence {
                journal: &j,
                content: content.clone(),
                server,
            });
            match decision {
                Decision::SourceChanged(how) => {
                    return Err(Failure::new(
                        Exit::SourceChanged,
                        format!(
                            "{} changed since upload request {} started ({how}); nothing was reused. Run again with --restart to upload the new content",
                            spec.shown,
                            j.upload_request_id
                                .map(|i| i.to_string())
                                .unwrap_or_else(|| "(pending)".into())
                        ),
                    ));
                }
                Decision::Fresh { why } => {
                    if let Some(w) = why {
                        self.rep().note(w);
                        self.resumed = false;
                    }
                    j = self.new_journal(&identity, spec.plan);
                    self.create(&mut j).await?;
                }
                Decision::Reconcile => {
                    if !self.adopt_created(&mut j).await? {
                        self.create(&mut j).await?;
                    }
                }
                Decision::Send { id, chunks, why } => {
                    if let Some(w) = why {
                        self.rep().note(w);
                    } else if self.resumed {
                        let held = j.acked.iter().filter(|a| **a).count();
                        self.rep().note(format!(
                            "resuming upload request {id} of {}: {held}/{} chunks already held",
                            j.file_name, j.chunks
                        ));
                    }
                    self.sender()
                        .send(&mut j, id, &chunks, spec.verify_resume)
                        .await?;
                    self.merge(&mut j, id, false).await?;
                    return self.verify(&mut j, id, false).await;
                }
                Decision::Merge { id, maybe_done } => {
                    self.merge(&mut j, id, maybe_done).await?;
                    return self.verify(&mut j, id, false).await;
                }
                Decision::Verify { id } => {
                    if j.stage == Stage::Uploading || j.stage == Stage::MergeRequested {
                        j.stage = Stage::Merged;
                        self.save(&mut j)?;
                    }
                    return self.verify(&mut j, id, already_done).await;
                }
            }
        }
        Err(Failure::new(
            Exit::Internal,
            "the upload did not settle after several new upload requests; please report this",
        ))
    }

    fn sender(&self) -> Sender<'_, T> {
        Sender {
            transport: &self.ctx.transport,
            store: &self.ctx.store,
            reporter: &self.ctx.reporter,
            counters: self.counters,
            parallel: self.spec.parallel,
            path: &self.spec.path,
        }
    }

    /// Compare the file with the journal's. Same metadata is enough unless asked to re-hash;
    /// the same size with other metadata (a fresh download on another CI runner) is re-hashed
    /// and reused when every chunk's MD5 matches.
    async fn content(&self, j: &mut Journal, now: &FileIdentity) -> Result<Content, Failure> {
        let Some(diff) = j.file.difference(now) else {
            if !self.spec.verify_resume {
                return Ok(Content::Same);
            }
            return self.rehash_compare(j, now, "--verify-resume").await;
        };
        if j.file.size != now.size {
            return Ok(Content::Changed(diff));
        }
        self.rehash_compare(j, now, &diff).await
    }

    async fn rehash_compare(
        &self,
        j: &mut Journal,
        now: &FileIdentity,
        why: &str,
    ) -> Result<Content, Failure> {
        self.rep().note(format!(
            "{}: {why}; re-hashing to check the content before resuming",
            self.spec.shown
        ));
        let plan = plan_of(j);
        let (chunks, whole) = hash_file(&self.spec.path, plan, self.rep()).await?;
        for (i, md5) in chunks.iter().enumerate() {
            if let Some(prev) = &j.chunk_md5[i]
                && prev != md5
            {
                return Ok(Content::Changed(format!(
                    "chunk {} hashes to {md5}, it was {prev}",
                    i + 1
                )));
            }
        }
        if let Some(prev) = &j.whole_md5
            && prev != &whole
        {
            return Ok(Content::Changed(format!(
                "the file hashes to {whole}, it was {prev}"
            )));
        }
        j.chunk_md5 = chunks.into_iter().map(Some).collect();
        j.whole_md5 = Some(whole);
        j.file = now.clone();
        self.save(j)?;
        Ok(Content::Matches)
    }

    /// Create the upload request: a whole-file POST or a chunked initiate. The time is written
    /// to the journal first, so a rerun after a lost answer looks for what it created.
    async fn create(&mut self, j: &mut Journal) -> Result<(), Failure> {
        let t = self.ctx.transport.clone();
        let plan = plan_of(j);
        if plan.is_whole() && j.whole_md5.is_none() {
            let (_, whole) = hash_file(&self.spec.path, plan, self.rep()).await?;
            j.chunk_md5 = vec![Some(whole.clone())];
            j.whole_md5 = Some(whole);
        }
        for round in 0..RECONCILE_ROUNDS {
            j.create_sent_at = Some(epoch_secs());
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
                    if self.adopt_created(j).await? {
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
                Err(e) => return Err(source_or(e, j, &self.spec.path)),
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
            Err(ApiError::Ambiguous { .. }) if self.adopt_created(j).await? => Ok(()),
            Err(e) => Err(source_or(e, j, &self.spec.path)),
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
        if whole {
            // The server holds the file, checked against X-MD5-Checksum.
            mark_held(j, 0, true);
            j.stage = Stage::Merged;
        } else if first {
            mark_held(j, 0, true);
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
                held: "accepted",
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
    /// search shows one for this file made since the POST went out. True when adopted.
    async fn adopt_created(&mut self, j: &mut Journal) -> Result<bool, Failure> {
        let since = j
            .create_sent_at
            .unwrap_or(0)
            .saturating_sub(CLOCK_SKEW_SECS);
        let found = self
            .ctx
            .transport
            .find(&j.file_name, &j.meta)
            .await
            .map_err(Failure::from)?;
        let ours = found.into_iter().find(|s| {
            let recent = s
                .created_date
                .as_deref()
                .and_then(|d| humantime::parse_rfc3339_weak(d.trim_end_matches('Z')).ok())
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .is_none_or(|d| d.as_secs() >= since);
            recent && !matches!(s.state(), ImageState::Failed(_))
        });
        let Some(st) = ours else {
            j.create_sent_at = None;
            self.save(j)?;
            self.rep()
                .note("no upload request was created by the unanswered request; sending it again");
            return Ok(false);
        };
        let id = st.upload_request_id.unwrap_or_default();
        self.rep().note(format!(
            "found upload request {id}, created by the request whose answer was lost; continuing with it"
        ));
        self.created(j, id, plan_of(j).is_whole(), false)?;
        Ok(true)
    }

    /// Ask for the merge. "Merge requested" is journaled before it goes out. A lost answer is
    /// checked against the server and the merge asked again; a refusal after a possibly
    /// applied merge leaves the verdict to the status and the checksum.
    async fn merge(&mut self, j: &mut Journal, id: u64, maybe_done: bool) -> Result<(), Failure> {
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
                    return self.save(j);
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
                return self.save(j);
            }
            let Some(refusal) = refusal else { continue };
            let pending = st.pending_chunks;
            if !resent_all && (pending.is_some_and(|p| p > 0) || pending.is_none() && !maybe_done) {
                self.rep().note(format!(
                    "the merge was refused ({refusal}) and the server reports {} chunks pending; sending all {} chunks again",
                    pending.map(|p| p.to_string()).unwrap_or_else(|| "no count of".into()),
                    j.chunks
                ));
                let all: Vec<u64> = (0..j.chunks).collect();
                self.sender().send(j, id, &all, false).await?;
                resent_all = true;
                continue;
            }
            if maybe_done {
                self.rep().note(format!(
                    "the merge was refused ({refusal}), but an earlier merge request may have been applied; the status and checksum decide"
                ));
                return Ok(());
            }
            return Err(Failure::rejected(format!(
                "upload request {id}: the server refused the merge ({refusal}) although every chunk was sent; run again with --restart to start a new upload request"
            )));
        }
        Ok(())
    }
}
