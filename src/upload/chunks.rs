//! Sending chunks: hashed as the file is read, streamed from their file regions, `parallel` at
//! a time, each recorded in the journal only after the server's answer.

use std::collections::{BTreeSet, VecDeque};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinSet;

use super::hashing::{self, Hashed};
use super::journal::{FileIdentity, Journal, Store};
use super::pace::{self, Pace};
use super::plan::Plan;
use super::report::{Held, Reporter, UploadEvent};
use super::spec::Parallelism;
use super::transport::Transport;
use crate::api::ApiError;
use crate::api::body::{Tap, TokenBucket};
use crate::api::images::ChunkBody;
use crate::api::types::ChunkAck;
use crate::error::{Exit, Failure, Remedy};
use crate::output::progress::{Phase, Snapshot};

/// Byte counts of this run.
#[derive(Default)]
pub struct Counters {
    /// Body bytes put on the wire, every attempt included.
    pub sent: Arc<AtomicU64>,
    /// Bytes this run had to send if no attempt failed.
    pub needed: AtomicU64,
    /// `--bwlimit`, shared by every request.
    pub bandwidth: Option<Arc<TokenBucket>>,
    /// Bytes past each body's first few MiB: what the link carried (for --parallel auto).
    pub steady: Arc<AtomicU64>,
}

impl Counters {
    /// A tap for one request body: counted, and capped by `--bwlimit`.
    pub fn tap(&self) -> Arc<Tap> {
        Tap::metered(
            Some(self.sent.clone()),
            self.steady.clone(),
            self.bandwidth.clone(),
        )
    }
}

pub fn plan_of(j: &Journal) -> Plan {
    Plan {
        size: j.file.size,
        chunks: j.chunks,
    }
}

pub fn snapshot(j: &Journal, retries: u64) -> Snapshot {
    let plan = plan_of(j);
    let done: u64 = (0..plan.count())
        .filter(|i| j.acked[*i as usize])
        .map(|i| plan.range(i).1)
        .sum();
    Snapshot {
        done_bytes: done,
        total_bytes: j.file.size,
        chunks_done: j.acked.iter().filter(|a| **a).count() as u64,
        chunks_total: j.chunks,
        retries,
    }
}

/// A request failure; reported as "source changed" when the file changed underneath it.
pub fn source_or(e: ApiError, j: &Journal, path: &Path) -> Failure {
    if let Ok(m) = std::fs::metadata(path)
        && let Some(diff) = j.file.difference(&FileIdentity::of(path, &m))
    {
        return Failure::new(
            Exit::SourceChanged,
            format!("{} changed during the upload ({diff})", path.display()),
        )
        .with_remedy(Remedy::StartOver);
    }
    e.into()
}

/// Record chunk `i` as held by the server.
pub fn mark_held(j: &mut Journal, i: usize, verified: bool) {
    j.acked[i] = true;
    j.unverified[i] = !verified;
}

pub struct Sender<'a, T> {
    pub transport: &'a Arc<T>,
    pub store: &'a Store,
    pub reporter: &'a Reporter,
    pub counters: &'a Counters,
    pub parallel: Parallelism,
    pub path: &'a Path,
}

impl<T: Transport> Sender<'_, T> {
    /// Send chunks `to_send` (0-based) of upload request `id`. The file is hashed in the same
    /// pass when any needed digest is missing (or `rehash`); a chunk already held whose MD5 no
    /// longer matches stops everything (the file changed).
    pub async fn send(
        &self,
        j: &mut Journal,
        id: u64,
        to_send: &[u64],
        rehash: bool,
    ) -> Result<(), Failure> {
        let plan = plan_of(j);
        let n = plan.count();
        let wanted: BTreeSet<u64> = to_send.iter().copied().collect();
        let needed: u64 = wanted.iter().map(|i| plan.range(*i).1).sum();
        self.counters.needed.fetch_add(needed, Ordering::Relaxed);
        for i in &wanted {
            j.acked[*i as usize] = false;
        }

        let (tx, mut rx) = mpsc::unbounded_channel();
        let need_hash = rehash
            || j.whole_md5.is_none()
            || wanted.iter().any(|i| j.chunk_md5[*i as usize].is_none());
        let hashed_bytes = Arc::new(AtomicU64::new(0));
        if need_hash {
            hashing::spawn(self.path.to_path_buf(), plan, hashed_bytes.clone(), tx);
        } else {
            for i in &wanted {
                let md5 = j.chunk_md5[*i as usize].clone().unwrap_or_default();
                let _ = tx.send(Hashed::Chunk { index: *i, md5 });
            }
            let _ = tx.send(Hashed::Whole {
                md5: j.whole_md5.clone().unwrap_or_default(),
            });
        }
        let retries = || self.reporter.retries();
        self.reporter
            .phase(Phase::Uploading, Some(id), Some(n), snapshot(j, retries()));

        let pace = Pace::new(self.parallel, pace::start_for(plan.chunk_size()));
        let controller = (self.parallel == Parallelism::Auto).then(|| {
            let max = wanted.len().clamp(1, pace::AUTO_MAX);
            let gauges = pace::Gauges {
                steady: self.counters.steady.clone(),
                sent: self.counters.sent.clone(),
                to_send: self.counters.needed.load(Ordering::Relaxed),
                hashed: need_hash.then(|| (hashed_bytes.clone(), plan.size)),
            };
            pace::spawn(pace.clone(), max, gauges, self.reporter.clone())
        });
        let _stop = AbortOnDrop(controller);
        let mut queue: VecDeque<(u64, String)> = VecDeque::new();
        let mut inflight: JoinSet<(u64, bool, Result<ChunkAck, ApiError>)> = JoinSet::new();
        let mut hashing_done = false;
        let mut tick = tokio::time::interval(Duration::from_millis(250));
        loop {
            // The chunks this pass starts are journaled as attempted in one save, before any
            // goes out: a kill after the server stored one must leave the rerun's "already
            // uploaded" vouched for.
            let mut starting = Vec::new();
            while inflight.len() + starting.len() < pace.limit()
                && let Some((i, md5)) = queue.pop_front()
            {
                let sent_before = j.attempted[i as usize];
                j.attempted[i as usize] = true;
                starting.push((i, md5, sent_before));
            }
            if starting.iter().any(|(_, _, sent_before)| !sent_before) {
                self.store.save(j)?;
            }
            for (i, md5, sent_before) in starting {
                let t = self.transport.clone();
                let (offset, len) = plan.range(i);
                let tap = self.counters.tap();
                let (p, name) = (self.path.to_path_buf(), j.file_name.clone());
                inflight.spawn(async move {
                    let body = ChunkBody {
                        path: &p,
                        offset,
                        len,
                        md5_hex: &md5,
                        tap,
                    };
                    (i, sent_before, t.chunk(id, i + 1, body, &name, false).await)
                });
            }
            if hashing_done && queue.is_empty() && inflight.is_empty() {
                break;
            }
            tokio::select! {
                m = rx.recv(), if !hashing_done => match m {
                    Some(Hashed::Chunk { index, md5 }) => {
                        let slot = index as usize;
                        if let Some(prev) = &j.chunk_md5[slot]
                            && prev != &md5
                            && j.acked[slot]
                        {
                            inflight.abort_all();
                            return Err(Failure::new(Exit::SourceChanged, format!(
                                "chunk {} of {} no longer matches what was uploaded (MD5 {prev} before, {md5} now)",
                                index + 1, self.path.display()
                            )).with_remedy(Remedy::StartOver));
                        }
                        if wanted.contains(&index) {
                            queue.push_back((index, md5.clone()));
                        }
                        j.chunk_md5[slot] = Some(md5);
                    }
                    Some(Hashed::Whole { md5 }) => {
                        j.whole_md5 = Some(md5);
                        hashing_done = true;
                        self.store.save(j)?;
                    }
                    Some(Hashed::Failed(e)) => {
                        inflight.abort_all();
                        return Err(Failure::input(format!("cannot read {e}")));
                    }
                    None => {
                        inflight.abort_all();
                        return Err(Failure::new(Exit::Internal, "hashing stopped unexpectedly"));
                    }
                },
                Some(done) = inflight.join_next(), if !inflight.is_empty() => {
                    let (i, sent_before, outcome) = done.map_err(|e| {
                        Failure::new(Exit::Internal, format!("chunk task failed: {e}"))
                    })?;
                    let held = match outcome {
                        Ok(_) => Held::Accepted,
                        // A repeat refused because the server holds the number: delivered
                        // earlier (its answer was lost). If that earlier attempt was this
                        // journal's (an earlier run, or a retry in this one), the server checked
                        // these very bytes against their MD5; otherwise nothing vouches for them.
                        Err(ApiError::Status { status, message, attempts, .. })
                            if (400..500).contains(&status) && says_already_there(&message) =>
                        {
                            Held::checked(sent_before || attempts > 1)
                        }
                        Err(e) => {
                            inflight.abort_all();
                            // Keep what was learnt (which chunks were sent) for the rerun.
                            let _ = self.store.save(j);
                            let f = source_or(e, j, self.path);
                            return Err(Failure::new(f.exit, format!("chunk {} of {}: {}", i + 1, n, f.message)));
                        }
                    };
                    mark_held(j, i as usize, held.is_checked());
                    self.store.save(j)?;
                    let s = snapshot(j, retries());
                    self.reporter.emit(UploadEvent::ChunkAcked {
                        upload_request_id: id,
                        chunk: i + 1,
                        chunks: n,
                        bytes: plan.range(i).1,
                        md5: j.chunk_md5[i as usize].clone(),
                        acked_bytes: s.done_bytes,
                        held,
                    });
                    self.reporter.progress.update(s);
                }
                _ = tick.tick() => {
                    let mut s = snapshot(j, retries());
                    if s.chunks_done == 0 && !hashing_done {
                        s.done_bytes = 0;
                    }
                    self.reporter.progress.update(s);
                }
            }
        }
        Ok(())
    }
}

/// A refusal that says the chunk is there already ("already uploaded", "already exists").
fn says_already_there(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("already") && (m.contains("upload") || m.contains("exist") || m.contains("received"))
}

impl<T: Transport> Sender<'_, T> {
    /// Send chunks one at a time, never repeating one blindly: for a server that counts a
    /// repeated chunk twice. A lost answer is settled by the server's own count: if its
    /// `uploadedChunks` went up, the chunk is held; otherwise it goes again.
    pub async fn send_one_by_one(
        &self,
        j: &mut Journal,
        id: u64,
        to_send: &[u64],
    ) -> Result<(), Failure> {
        let plan = plan_of(j);
        if j.whole_md5.is_none() || to_send.iter().any(|i| j.chunk_md5[*i as usize].is_none()) {
            let (chunks, whole) = super::source::hash_file(self.path, plan, self.reporter).await?;
            j.chunk_md5 = chunks.into_iter().map(Some).collect();
            j.whole_md5 = Some(whole);
            self.store.save(j)?;
        }
        let n = plan.count();
        self.reporter.phase(
            Phase::Uploading,
            Some(id),
            Some(n),
            snapshot(j, self.reporter.retries()),
        );
        let uploaded = |st: &crate::api::types::MachineImageStatus| st.uploaded_chunks;
        for &i in to_send {
            let md5 = j.chunk_md5[i as usize].clone().unwrap_or_default();
            let (offset, len) = plan.range(i);
            self.counters.needed.fetch_add(len, Ordering::Relaxed);
            let mut held = None;
            for round in 0..4 {
                let sent_before = j.attempted[i as usize] || round > 0;
                if !j.attempted[i as usize] {
                    j.attempted[i as usize] = true;
                    self.store.save(j)?;
                }
                let before = uploaded(&self.transport.status(id).await.map_err(Failure::from)?);
                let body = ChunkBody {
                    path: self.path,
                    offset,
                    len,
                    md5_hex: &md5,
                    tap: self.counters.tap(),
                };
                match self
                    .transport
                    .chunk(id, i + 1, body, &j.file_name, true)
                    .await
                {
                    Ok(_) => held = Some(true),
                    Err(ApiError::Status {
                        status, message, ..
                    }) if (400..500).contains(&status) && says_already_there(&message) => {
                        held = Some(sent_before)
                    }
                    Err(ApiError::Ambiguous { .. }) => {
                        let after =
                            uploaded(&self.transport.status(id).await.map_err(Failure::from)?);
                        if let (Some(b), Some(a)) = (before, after)
                            && a > b
                        {
                            // Counted by the server, which checked our X-MD5-Checksum first.
                            held = Some(true);
                        }
                    }
                    Err(e) => {
                        let f = source_or(e, j, self.path);
                        return Err(Failure::new(
                            f.exit,
                            format!("chunk {} of {}: {}", i + 1, n, f.message),
                        ));
                    }
                }
                if held.is_some() {
                    break;
                }
            }
            let Some(verified) = held else {
                return Err(Failure::retryable(format!(
                    "chunk {} of {}: no answer, and the server's count does not show it; rerun the same command to resume",
                    i + 1,
                    n
                )));
            };
            mark_held(j, i as usize, verified);
            self.store.save(j)?;
            let s = snapshot(j, self.reporter.retries());
            self.reporter.emit(UploadEvent::ChunkAcked {
                upload_request_id: id,
                chunk: i + 1,
                chunks: n,
                bytes: len,
                md5: Some(md5.clone()),
                acked_bytes: s.done_bytes,
                held: Held::checked(verified),
            });
            self.reporter.progress.update(s);
        }
        Ok(())
    }
}

/// Stops the parallelism controller when the sender returns, however it returns.
struct AbortOnDrop(Option<tokio::task::AbortHandle>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(h) = &self.0 {
            h.abort();
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn already_there_wording() {
        for m in [
            "Chunk 3 already uploaded",
            "chunk already exists",
            "ALREADY RECEIVED",
        ] {
            assert!(super::says_already_there(m), "{m}");
        }
        assert!(!super::says_already_there("MD5 checksum mismatch"));
    }
}
