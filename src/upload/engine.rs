//! The upload driver: loads the journal, checks the file, asks the planner what to do from the
//! evidence, and carries it out — create, send chunks, merge, wait, verify — finding out what
//! the server did before repeating any request that changes state.

use std::sync::Arc;
use std::time::Instant;

use super::chunks::{Counters, Sender, plan_of};
use super::journal::{FileIdentity, Journal, Loaded, Stage, Store, key_for, legacy_key_for};
use super::plan::Plan;
use super::poll::server_view;
use super::report::{Reporter, UploadEvent, UploadReport};
use super::resume::{self, Content, Decision, Evidence, Server};
use super::source::{current_identity, hash_file};
use super::spec::UploadSpec;
use super::transport::Transport;
use crate::api::body::TokenBucket;
use crate::api::types::ImageState;
use crate::clock::epoch_secs;
use crate::error::{Exit, Failure, Remedy};

/// How many times a creation or merge whose answer was lost is checked and sent again.
pub(super) const RECONCILE_ROUNDS: u32 = 4;
/// A request created more than this before our unanswered POST is not ours.
pub(super) const CLOCK_SKEW_SECS: u64 = 600;

/// What the engine needs besides the spec.
pub struct Deps<T> {
    pub transport: Arc<T>,
    pub store: Store,
    /// Identifies the server in journal keys (the URL, or "sandbox" for the embedded one).
    pub endpoint_key: String,
    pub user: String,
    pub reporter: Reporter,
}

/// How a merge ended.
pub(super) enum MergeEnd {
    /// Accepted.
    Merged,
    /// Refused, but an earlier request may have been applied: only the status can tell.
    Unconfirmed(String),
    /// The server can never merge this request; the words say why, and whether the new
    /// request must never repeat a chunk blindly.
    Unmergeable(String, bool),
}

/// The upload, from whatever state the journal and the server are in.
pub async fn upload<T: Transport>(
    ctx: &Deps<T>,
    spec: &UploadSpec,
) -> Result<UploadReport, Failure> {
    let started = Instant::now();
    let key = key_for(&ctx.endpoint_key, &ctx.user, &spec.file_name, &spec.meta);
    let _lock = ctx.store.lock(&key)?;
    let counters = Counters {
        bandwidth: spec.bwlimit.map(TokenBucket::new),
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
        made: None,
    };
    // A failure names the upload request it concerns, for scripts (`error.details`).
    let result = run.go().await.map_err(|mut f| {
        if let Some(id) = run.last_id
            && let Some(d) = f
                .details
                .get_or_insert_with(|| serde_json::json!({}))
                .as_object_mut()
        {
            d.entry("uploadRequestId").or_insert(id.into());
        }
        f
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
    /// The upload request this run created (or adopted after its creation's answer was lost).
    pub(super) made: Option<u64>,
}

impl<T: Transport> Run<'_, T> {
    pub(super) fn rep(&self) -> &Reporter {
        &self.ctx.reporter
    }

    pub(super) fn save(&self, j: &mut Journal) -> Result<(), Failure> {
        self.ctx.store.save(j)
    }

    pub(super) fn new_journal(&self, identity: &FileIdentity, plan: Plan) -> Journal {
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
            one_by_one: false,
            first_in_initiate: false,
            attempted: vec![false; n],
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
            let legacy = legacy_key_for(
                &self.ctx.endpoint_key,
                &self.ctx.user,
                &spec.path,
                &spec.meta,
            );
            match store.load_or_legacy(&self.key, &legacy) {
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
        let adopted = adopting(spec.adopt, previous.as_ref());
        let mut j = match (previous, adopted) {
            (_, Some(id)) => {
                let plan =
                    adopted_plan(self.ctx.transport.as_ref(), self.spec, id, identity.size).await?;
                self.rep().note(format!(
                    "adopting upload request {id}: every chunk is sent again (\"already uploaded\" answers count as held)"
                ));
                let mut j = self.new_journal(&identity, plan);
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
        let mut content = if self.resumed && adopted.is_none() {
            self.content(&mut j, &identity).await?
        } else {
            Content::Same
        };
        if self.resumed && spec.plan_asked && plan_of(&j) != spec.plan {
            self.rep().note(format!(
                "resuming with the original {} (an upload in progress keeps its chunking; start it over to change it)",
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
        let mut abandoned = 0u32;
        for _ in 0..8 {
            let server = match j.upload_request_id {
                Some(id) => {
                    self.last_id = Some(id);
                    server_view(self.ctx.transport.as_ref(), id, &j).await?
                }
                None => Server::NoRequest,
            };
            // A request this run made that fails (a whole upload's processing can fail
            // before the first look) is this upload's verdict, not a reason to start another.
            if let (Server::Status { state, .. }, Some(id)) = (&server, self.made)
                && j.upload_request_id == Some(id)
                && let ImageState::Failed(word) = state
            {
                return Err(super::verify::failed(id, word));
            }
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
                            "{} changed since upload request {} started ({how}); nothing was reused",
                            spec.shown,
                            j.upload_request_id
                                .map(|i| i.to_string())
                                .unwrap_or_else(|| "(pending)".into())
                        ),
                    )
                    .with_remedy(Remedy::StartOver));
                }
                Decision::Fresh { why } => {
                    if let Some(w) = why {
                        self.rep().note(w);
                        self.resumed = false;
                    }
                    let one_by_one = j.one_by_one;
                    j = self.new_journal(&identity, spec.plan);
                    j.one_by_one = one_by_one;
                    // The new journal describes the file as it is now.
                    content = Content::Same;
                    self.create(&mut j).await?;
                }
                Decision::Replace {
                    id,
                    why,
                    one_by_one,
                } => {
                    j = self
                        .abandon(id, why, &identity, &mut abandoned, one_by_one)
                        .await?;
                    content = Content::Same;
                }
                Decision::Reconcile => {
                    let first = j.first_in_initiate;
                    if !self.adopt_created(&mut j, first).await? {
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
                    self.send(&mut j, id, &chunks).await?;
                    let end = self.merge(&mut j, id, false).await?;
                    if let Some(report) = self
                        .after_merge(&mut j, id, end, &identity, &mut abandoned)
                        .await?
                    {
                        return Ok(report);
                    }
                }
                Decision::Merge { id, maybe_done } => {
                    let end = self.merge(&mut j, id, maybe_done).await?;
                    if let Some(report) = self
                        .after_merge(&mut j, id, end, &identity, &mut abandoned)
                        .await?
                    {
                        return Ok(report);
                    }
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

    /// Send chunks: in parallel, or one by one for a server that counts repeats twice.
    pub(super) async fn send(
        &self,
        j: &mut Journal,
        id: u64,
        chunks: &[u64],
    ) -> Result<(), Failure> {
        if j.one_by_one {
            self.rep()
                .note("sending chunks one at a time: this server counts a repeated chunk twice");
            self.sender().send_one_by_one(j, id, chunks).await
        } else {
            self.sender()
                .send(j, id, chunks, self.spec.verify_resume)
                .await
        }
    }

    pub(super) fn sender(&self) -> Sender<'_, T> {
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
            return self.rehash_compare(j, now, "a re-hash was asked for").await;
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
}

/// The chunking of an upload request started elsewhere: the server's own count decides,
/// since sending this machine's plan would overwrite good chunks with other byte ranges.
/// The request `--resume ID` adopts: that id, unless the journal already drives it.
pub(super) fn adopting(adopt: Option<u64>, journal: Option<&Journal>) -> Option<u64> {
    adopt.filter(|id| journal.is_none_or(|j| j.upload_request_id != Some(*id)))
}

pub(super) async fn adopted_plan<T: Transport>(
    transport: &T,
    spec: &UploadSpec,
    id: u64,
    size: u64,
) -> Result<Plan, Failure> {
    let st = transport.status(id).await.map_err(Failure::from)?;
    let declared = match (st.uploaded_chunks, st.pending_chunks) {
        (Some(u), Some(p)) if u + p > 0 => Some(u + p),
        _ => None,
    };
    let asked = spec.plan_asked.then_some(spec.plan.chunks);
    let chunks = match (declared, asked) {
        (Some(n), Some(c)) if c != n => {
            return Err(Failure::usage(format!(
                "upload request {id} to adopt: the server expects {n} chunks, not {c}"
            ))
            .with_remedy(Remedy::ChunksAsStarted { chunks: Some(n) }));
        }
        (Some(n), _) => n,
        (None, Some(c)) if c > 0 => c,
        (None, _) => {
            return Err(Failure::usage(format!(
                "upload request {id} to adopt: the server does not say how many chunks it expects"
            ))
            .with_remedy(Remedy::ChunksAsStarted { chunks: None }));
        }
    };
    if chunks > size {
        return Err(Failure::usage(format!(
            "upload request {id} to adopt: the server expects {chunks} chunks, more than the file's {size} bytes; is this the right file?"
        )));
    }
    Ok(Plan { size, chunks })
}
