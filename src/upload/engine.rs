//! The upload engine: decides fresh vs resume vs already-done from the journal, streams chunks in
//! parallel as they are hashed, merges, waits for the server and verifies the checksum.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::sync::mpsc;
use tokio::task::JoinSet;

use super::hashing::{self, Hashed};
use super::journal::{FileIdentity, Journal, Loaded, Stage, Store, key_for, now_secs};
use super::plan::{Plan, plan};
use crate::api::body::Tap;
use crate::api::types::{ImageMetadata, ImageState, MachineImageStatus};
use crate::api::{ApiClient, ApiError};
use crate::error::{Exit, Failure};
use crate::output::events::Events;
use crate::output::progress::{Phase, Progress, Snapshot};

/// What the engine needs besides the flags.
pub struct Ctx {
    pub api: Arc<ApiClient>,
    pub store: Store,
    /// Identifies the server in journal keys (the URL, or "sandbox" for the embedded one).
    pub endpoint_key: String,
    pub user: String,
    pub events: Events,
    pub quiet: bool,
}

/// The upload as asked for on the command line.
pub struct Request {
    pub file: PathBuf,
    pub chunks: Option<u64>,
    pub chunk_size: Option<String>,
    pub whole: bool,
    pub parallel: usize,
    pub application: Option<String>,
    pub version: Option<String>,
    pub os: String,
    pub overwrite: bool,
    pub restart: bool,
    pub verify_resume: bool,
    /// None: do not wait for server processing.
    pub wait: Option<Duration>,
}

/// Counters shared by the running upload.
#[derive(Default)]
struct Counters {
    /// Body bytes put on the wire, every attempt included.
    sent: Arc<AtomicU64>,
    /// Bytes this run had to send if no attempt failed (chunks not acknowledged before it).
    needed: AtomicU64,
    retries: Arc<AtomicU64>,
}

/// Check the source file and return its canonical path and metadata.
pub fn inspect_source(file: &Path) -> Result<(PathBuf, std::fs::Metadata), Failure> {
    let shown = file.display();
    let meta = std::fs::metadata(file)
        .map_err(|e| crate::fsutil::unreadable(&shown.to_string(), &e, "the image"))?;
    if meta.is_dir() {
        return Err(Failure::input(format!(
            "{shown} is a directory; give the image file (e.g. {shown}/image.tar.gz)"
        )));
    }
    if !meta.is_file() {
        return Err(Failure::input(format!(
            "{shown} is not a regular file; upload a regular image file"
        )));
    }
    if meta.len() == 0 {
        return Err(Failure::input(format!(
            "{shown} is empty; nothing to upload"
        )));
    }
    std::fs::File::open(file).map_err(|e| {
        Failure::input(format!("{shown}: cannot open: {e}; make the file readable"))
    })?;
    let path = std::fs::canonicalize(file)
        .map_err(|e| Failure::input(format!("{shown}: cannot resolve path: {e}")))?;
    Ok((path, meta))
}

/// The name sent in X-File-Name: the file's base name, which HTTP headers must be able to carry.
pub fn header_file_name(path: &Path) -> Result<String, Failure> {
    let name = path.file_name().and_then(|n| n.to_str()).ok_or_else(|| {
        Failure::input(format!(
            "{}: the file name is not UTF-8; rename the file",
            path.display()
        ))
    })?;
    if !name.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
        return Err(Failure::input(format!(
            "file name '{name}' has characters an HTTP header cannot carry; rename it to plain ASCII"
        )));
    }
    Ok(name.to_string())
}

/// `ubuntu-22.04.tar.gz` -> `ubuntu-22.04`: the name without archive extensions.
pub fn default_application(file_name: &str) -> String {
    let mut s = file_name;
    for ext in [
        ".gz", ".xz", ".bz2", ".zst", ".tar", ".tgz", ".img", ".qcow2", ".raw", ".vmdk", ".oci",
    ] {
        if let Some(stripped) = s.strip_suffix(ext).filter(|x| !x.is_empty()) {
            s = stripped;
        }
    }
    s.to_string()
}

pub async fn upload(ctx: &Ctx, req: &Request) -> Result<Value, Failure> {
    let started = Instant::now();
    let (path, fs_meta) = inspect_source(&req.file)?;
    let identity = FileIdentity::of(&path, &fs_meta);
    let size = identity.size;
    let file_name = header_file_name(&path)?;
    let meta = ImageMetadata {
        application: req
            .application
            .clone()
            .unwrap_or_else(|| default_application(&file_name)),
        version: req.version.clone().unwrap_or_else(|| "1.0".into()),
        operating_system: req.os.clone(),
        overwrite_storage_file: Some(req.overwrite),
    };
    for (flag, v) in [
        ("--application", &meta.application),
        ("--version", &meta.version),
        ("--os", &meta.operating_system),
    ] {
        if v.trim().is_empty() {
            return Err(Failure::usage(format!("{flag} must not be empty")));
        }
    }
    if req.parallel == 0 || req.parallel > 64 {
        return Err(Failure::usage(format!(
            "--parallel {}: use 1 to 64 chunks in flight",
            req.parallel
        )));
    }
    let wanted = plan(size, req.chunks, req.chunk_size.as_deref(), req.whole)?;
    let key = key_for(&ctx.endpoint_key, &ctx.user, &path, &meta);
    let _lock = ctx.store.lock(&key)?;

    let progress = Progress::new(ctx.quiet, size);
    let previous = if req.restart {
        ctx.store.remove(&key);
        None
    } else {
        match ctx.store.load(&key) {
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

    let mut resumed = false;
    let mut status_at_start: Option<MachineImageStatus> = None;
    let mut journal = match previous {
        Some(j) => {
            if let Some(diff) = j.file.difference(&identity) {
                return Err(Failure::new(
                    Exit::SourceChanged,
                    format!(
                        "{} changed since upload request {} started ({diff}); nothing was reused. Run again with --restart to upload the new content",
                        req.file.display(),
                        j.upload_request_id.map(|i| i.to_string()).unwrap_or_else(|| "(pending)".into())
                    ),
                ));
            }
            match j.upload_request_id {
                None => None,
                Some(id) => match ctx.api.image_status(id).await {
                    Ok(st) => {
                        if j.stage == Stage::Completed && st.state() == ImageState::Completed {
                            return Ok(already_done(ctx, &j, &st, &progress, started));
                        }
                        if matches!(st.state(), ImageState::Failed | ImageState::Deleted) {
                            progress.note(&format!(
                                "upload request {id} is '{}' on the server; starting a new upload",
                                st.status_name.as_deref().unwrap_or("?")
                            ));
                            None
                        } else {
                            status_at_start = Some(st);
                            Some(j)
                        }
                    }
                    Err(ApiError::Status { status: 404, .. }) => {
                        progress.note(&format!(
                            "the server no longer knows upload request {id}; starting a new upload"
                        ));
                        None
                    }
                    Err(e) => return Err(e.into()),
                },
            }
        }
        None => None,
    }
    .inspect(|_| resumed = true);

    if let Some(j) = &journal {
        let acked = j.acked.iter().filter(|a| **a).count();
        let planned = if j.chunks == 0 {
            Plan::whole(size)
        } else {
            Plan {
                size,
                chunks: j.chunks,
            }
        };
        if planned != wanted && (req.chunks.is_some() || req.chunk_size.is_some() || req.whole) {
            progress.note(&format!(
                "resuming with the original {} (use --restart to change the chunking)",
                if j.chunks == 0 {
                    "whole-file upload".to_string()
                } else {
                    format!("{} chunks", j.chunks)
                }
            ));
        }
        progress.note(&format!(
            "resuming upload request {} of {}: {}/{} chunks already acknowledged",
            j.upload_request_id.unwrap_or(0),
            file_name,
            acked,
            j.chunks.max(1)
        ));
    }

    let counters = Counters::default();
    {
        let retries = counters.retries.clone();
        let events = ctx.events.clone();
        let quiet = ctx.quiet;
        ctx.api.set_retry_hook(Some(Arc::new(move |what: &str, attempt: u32, reason: &str, delay: Duration| {
            retries.fetch_add(1, Ordering::Relaxed);
            events.emit(
                "retry",
                json!({"request": what, "attempt": attempt, "reason": reason, "delayMs": delay.as_millis() as u64}),
            );
            if !quiet {
                crate::ui::line(&format!(
                    "retrying {what} in {:.1} s (attempt {attempt} failed: {reason})",
                    delay.as_secs_f64()
                ));
            }
        })));
    }

    ctx.events.emit(
        "started",
        json!({"file": path, "fileName": file_name, "size": size, "resumed": resumed}),
    );

    let result = async {
        let mut j = match journal.take() {
            Some(j) => j,
            None => new_journal(ctx, &key, &identity, &file_name, &meta, wanted),
        };
        let plan = if j.chunks == 0 {
            Plan::whole(size)
        } else {
            Plan {
                size,
                chunks: j.chunks,
            }
        };
        if plan.is_whole() {
            send_whole(ctx, &mut j, &path, &progress, &counters).await?;
        } else {
            send_chunks(
                ctx,
                &mut j,
                &path,
                plan,
                req,
                &progress,
                &counters,
                status_at_start.as_ref(),
            )
            .await?;
        }
        finish(
            ctx, &mut j, &path, &identity, req, &progress, &counters, started, resumed,
        )
        .await
    }
    .await;
    ctx.api.set_retry_hook(None);
    progress.finish();
    if let Err(f) = &result {
        ctx.events.emit(
            "finished",
            json!({"ok": false, "exitCode": f.exit.code(), "error": f.message}),
        );
    }
    result
}

fn new_journal(
    ctx: &Ctx,
    key: &str,
    identity: &FileIdentity,
    file_name: &str,
    meta: &ImageMetadata,
    plan: Plan,
) -> Journal {
    let n = plan.count() as usize;
    Journal {
        version: super::journal::VERSION,
        key: key.to_string(),
        endpoint: ctx.endpoint_key.clone(),
        user: ctx.user.clone(),
        file: identity.clone(),
        file_name: file_name.to_string(),
        meta: meta.clone(),
        chunks: plan.chunks,
        chunk_size: plan.chunk_size(),
        upload_request_id: None,
        stage: Stage::Uploading,
        whole_md5: None,
        chunk_md5: vec![None; n],
        acked: vec![false; n],
        created_at: now_secs(),
        updated_at: now_secs(),
    }
}

fn snapshot(j: &Journal, retries: u64) -> Snapshot {
    let plan = Plan {
        size: j.file.size,
        chunks: j.chunks,
    };
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

/// Hash with progress, for the whole-file path where the checksum header must come first.
async fn hash_whole(path: &Path, size: u64, progress: &Progress) -> Result<String, Failure> {
    let read = Arc::new(AtomicU64::new(0));
    let (tx, mut rx) = mpsc::unbounded_channel();
    hashing::spawn(path.to_path_buf(), Plan::whole(size), read.clone(), tx);
    progress.phase(
        Phase::Hashing,
        Snapshot {
            total_bytes: size,
            ..Default::default()
        },
    );
    let mut tick = tokio::time::interval(Duration::from_millis(200));
    loop {
        tokio::select! {
            m = rx.recv() => return match m {
                Some(Hashed::Whole { md5 }) => Ok(md5),
                Some(Hashed::Failed(e)) => Err(Failure::input(format!("cannot read {e}"))),
                _ => Err(Failure::new(Exit::Internal, "hashing stopped unexpectedly")),
            },
            _ = tick.tick() => progress.update(Snapshot {
                done_bytes: read.load(Ordering::Relaxed), total_bytes: size, ..Default::default()
            }),
        }
    }
}

async fn send_whole(
    ctx: &Ctx,
    j: &mut Journal,
    path: &Path,
    progress: &Progress,
    counters: &Counters,
) -> Result<(), Failure> {
    if j.upload_request_id.is_some() {
        return Ok(()); // the server already has the file; only verification is left
    }
    let md5 = match &j.whole_md5 {
        Some(m) => m.clone(),
        None => hash_whole(path, j.file.size, progress).await?,
    };
    j.whole_md5 = Some(md5.clone());
    j.chunk_md5 = vec![Some(md5.clone())];
    ctx.store.save(j)?;
    progress.phase(
        Phase::Uploading,
        Snapshot {
            total_bytes: j.file.size,
            ..Default::default()
        },
    );
    ctx.events.emit("phase", json!({"phase": "uploading"}));
    counters.needed.store(j.file.size, Ordering::Relaxed);
    let tap = Tap::new(Some(counters.sent.clone()));
    let ticker = progress_ticker(progress, counters, j.file.size);
    let res = ctx
        .api
        .upload_whole(path, j.file.size, &j.file_name, &md5, &j.meta, tap)
        .await;
    ticker.abort();
    let (id, _attempts) = res.map_err(|e| source_or(e, j, path))?;
    j.upload_request_id = Some(id);
    j.acked = vec![true];
    j.stage = Stage::Merged;
    ctx.store.save(j)?;
    ctx.events.emit(
        "chunk_acked",
        json!({"chunk": 1, "chunks": 1, "uploadRequestId": id}),
    );
    Ok(())
}

/// Updates a byte counter on the bar while one long request streams.
fn progress_ticker(
    progress: &Progress,
    counters: &Counters,
    total: u64,
) -> tokio::task::AbortHandle {
    let sent = counters.sent.clone();
    let retries = counters.retries.clone();
    let p = progress.clone();
    let handle = tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_millis(250));
        loop {
            tick.tick().await;
            p.update(Snapshot {
                done_bytes: sent.load(Ordering::Relaxed).min(total),
                total_bytes: total,
                chunks_done: 0,
                chunks_total: 0,
                retries: retries.load(Ordering::Relaxed),
            });
        }
    });
    handle.abort_handle()
}

/// A request failure; reported as "source changed" when the file changed underneath it.
fn source_or(e: ApiError, j: &Journal, path: &Path) -> Failure {
    if let Ok(m) = std::fs::metadata(path)
        && let Some(diff) = j.file.difference(&FileIdentity::of(path, &m))
    {
        return Failure::new(
            Exit::SourceChanged,
            format!(
                "{} changed during the upload ({diff}); run again with --restart",
                path.display()
            ),
        );
    }
    e.into()
}

#[allow(clippy::too_many_arguments)]
async fn send_chunks(
    ctx: &Ctx,
    j: &mut Journal,
    path: &Path,
    plan: Plan,
    req: &Request,
    progress: &Progress,
    counters: &Counters,
    status: Option<&MachineImageStatus>,
) -> Result<(), Failure> {
    // Already merged on the server (killed while waiting): nothing to send.
    if j.stage != Stage::Uploading
        || status.is_some_and(|s| matches!(s.state(), ImageState::Working | ImageState::Completed))
    {
        if j.stage == Stage::Uploading {
            j.stage = Stage::Merged;
            ctx.store.save(j)?;
        }
        return Ok(());
    }
    if j.upload_request_id.is_none() {
        let id = ctx
            .api
            .initiate_chunked(&j.file_name, plan.chunks, &j.meta)
            .await?;
        j.upload_request_id = Some(id);
        ctx.store.save(j)?;
        progress.note(&format!(
            "upload request {id}: {} chunks of up to {}",
            plan.chunks,
            indicatif::HumanBytes(plan.chunk_size())
        ));
    }
    let id = j.upload_request_id.unwrap_or_default();
    let n = plan.count();
    let needed: u64 = (0..n)
        .filter(|i| !j.acked[*i as usize])
        .map(|i| plan.range(i).1)
        .sum();
    counters.needed.store(needed, Ordering::Relaxed);

    let (tx, mut rx) = mpsc::unbounded_channel();
    let need_hash = req.verify_resume
        || j.whole_md5.is_none()
        || (0..n as usize).any(|i| !j.acked[i] && j.chunk_md5[i].is_none());
    let hashed_bytes = Arc::new(AtomicU64::new(0));
    if need_hash {
        hashing::spawn(path.to_path_buf(), plan, hashed_bytes.clone(), tx);
    } else {
        for i in 0..n {
            if !j.acked[i as usize] {
                let md5 = j.chunk_md5[i as usize].clone().unwrap_or_default();
                let _ = tx.send(Hashed::Chunk { index: i, md5 });
            }
        }
        let _ = tx.send(Hashed::Whole {
            md5: j.whole_md5.clone().unwrap_or_default(),
        });
    }

    progress.phase(Phase::Uploading, snapshot(j, 0));
    ctx.events.emit(
        "phase",
        json!({"phase": "uploading", "uploadRequestId": id, "chunks": n}),
    );

    let mut queue: VecDeque<(u64, String)> = VecDeque::new();
    let mut inflight: JoinSet<Result<(u64, u32), (u64, ApiError)>> = JoinSet::new();
    let mut hashing_done = false;
    let mut tick = tokio::time::interval(Duration::from_millis(250));
    loop {
        while inflight.len() < req.parallel
            && let Some((i, md5)) = queue.pop_front()
        {
            let api = ctx.api.clone();
            let (offset, len) = plan.range(i);
            let tap = Tap::new(Some(counters.sent.clone()));
            let (p, name) = (path.to_path_buf(), j.file_name.clone());
            inflight.spawn(async move {
                match api.upload_chunk(id, i + 1, &p, offset, len, &name, &md5, tap).await {
                    Ok((ack, attempts)) => {
                        if let Some(server) = ack.checksum.as_deref()
                            && !server.is_empty()
                            && !server.eq_ignore_ascii_case(&md5)
                        {
                            return Err((i, ApiError::BadResponse(format!(
                                "chunk {}: the server computed MD5 {server}, the local chunk has {md5}", i + 1
                            ))));
                        }
                        Ok((i, attempts))
                    }
                    Err(e) => Err((i, e)),
                }
            });
        }
        if hashing_done && queue.is_empty() && inflight.is_empty() {
            break;
        }
        tokio::select! {
            m = rx.recv(), if !hashing_done => match m {
                Some(Hashed::Chunk { index, md5 }) => {
                    let slot = index as usize;
                    if j.acked[slot] {
                        if let Some(prev) = &j.chunk_md5[slot]
                            && prev != &md5
                        {
                            inflight.abort_all();
                            return Err(Failure::new(Exit::SourceChanged, format!(
                                "chunk {} of {} no longer matches what was uploaded (MD5 {prev} before, {md5} now); run again with --restart",
                                index + 1, path.display()
                            )));
                        }
                    } else {
                        queue.push_back((index, md5.clone()));
                    }
                    j.chunk_md5[slot] = Some(md5);
                }
                Some(Hashed::Whole { md5 }) => {
                    j.whole_md5 = Some(md5);
                    hashing_done = true;
                    ctx.store.save(j)?;
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
            Some(done) = inflight.join_next(), if !inflight.is_empty() => match done {
                Ok(Ok((i, _attempts))) => {
                    j.acked[i as usize] = true;
                    ctx.store.save(j)?;
                    let s = snapshot(j, counters.retries.load(Ordering::Relaxed));
                    progress.update(s);
                    ctx.events.emit("chunk_acked", json!({
                        "chunk": i + 1, "chunks": n, "bytes": plan.range(i).1,
                        "md5": j.chunk_md5[i as usize], "ackedBytes": s.done_bytes,
                    }));
                }
                Ok(Err((i, e))) => {
                    inflight.abort_all();
                    let f = source_or(e, j, path);
                    return Err(Failure::new(f.exit, format!("chunk {} of {}: {}", i + 1, n, f.message)));
                }
                Err(e) => {
                    inflight.abort_all();
                    return Err(Failure::new(Exit::Internal, format!("chunk task failed: {e}")));
                }
            },
            _ = tick.tick() => {
                let mut s = snapshot(j, counters.retries.load(Ordering::Relaxed));
                if s.chunks_done == 0 && !hashing_done {
                    s.done_bytes = 0;
                }
                progress.update(s);
            }
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn finish(
    ctx: &Ctx,
    j: &mut Journal,
    path: &Path,
    identity: &FileIdentity,
    req: &Request,
    progress: &Progress,
    counters: &Counters,
    started: Instant,
    resumed: bool,
) -> Result<Value, Failure> {
    let id = j.upload_request_id.unwrap_or_default();
    // The content sent must be the content hashed: check the file did not change meanwhile.
    let now = std::fs::metadata(path)
        .map(|m| FileIdentity::of(path, &m))
        .map_err(|e| Failure::input(format!("{}: {e}", path.display())))?;
    if let Some(diff) = identity.difference(&now) {
        return Err(Failure::new(
            Exit::SourceChanged,
            format!(
                "{} changed during the upload ({diff}); run again with --restart",
                path.display()
            ),
        ));
    }
    if j.stage == Stage::Uploading {
        progress.phase(
            Phase::Merging,
            snapshot(j, counters.retries.load(Ordering::Relaxed)),
        );
        ctx.events
            .emit("phase", json!({"phase": "merging", "uploadRequestId": id}));
        ctx.api.merge(id).await?;
        j.stage = Stage::Merged;
        ctx.store.save(j)?;
    }
    progress.phase(
        Phase::Verifying,
        snapshot(j, counters.retries.load(Ordering::Relaxed)),
    );
    ctx.events.emit(
        "phase",
        json!({"phase": "verifying", "uploadRequestId": id}),
    );
    let status = match req.wait {
        Some(limit) => wait_for(&ctx.api, id, limit).await?,
        None => ctx.api.image_status(id).await?,
    };
    let local = j.whole_md5.clone().unwrap_or_default();
    let server_sum = status.check_sum.clone().filter(|s| !s.trim().is_empty());
    if let Some(s) = &server_sum
        && !s.trim().eq_ignore_ascii_case(&local)
    {
        return Err(Failure::new(
            Exit::ChecksumMismatch,
            format!(
                "upload request {id}: the server's checksum {s} differs from the local file's MD5 {local}; run again with --restart --overwrite to upload it anew"
            ),
        ));
    }
    let state = status.state();
    if state == ImageState::Completed {
        j.stage = Stage::Completed;
        ctx.store.save(j)?;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let sent = counters.sent.load(Ordering::Relaxed);
    let plan = Plan {
        size: j.file.size,
        chunks: j.chunks,
    };
    let report = json!({
        "command": "image upload",
        "uploadRequestId": id,
        "file": path,
        "fileName": j.file_name,
        "size": j.file.size,
        "mode": if plan.is_whole() { "whole" } else { "chunked" },
        "chunkSize": plan.chunk_size(),
        "chunkCount": plan.count(),
        "md5": local,
        "chunkMd5": j.chunk_md5,
        "bytesSent": sent,
        "bytesResent": sent.saturating_sub(counters.needed.load(Ordering::Relaxed)),
        "retries": counters.retries.load(Ordering::Relaxed),
        "durationSeconds": (elapsed * 1000.0).round() / 1000.0,
        "throughputBytesPerSecond": (sent as f64 / elapsed.max(0.001)).round() as u64,
        "resumed": resumed,
        "alreadyUploaded": false,
        "serverStatus": status.status_name,
        "serverChecksum": server_sum,
        "imageFilePath": status.image_file_path,
        "verified": server_sum.is_some() && state == ImageState::Completed,
        "completed": state == ImageState::Completed,
        "metadata": j.meta,
    });
    ctx.events.emit(
        "finished",
        json!({"ok": true, "uploadRequestId": id, "status": status.status_name}),
    );
    Ok(report)
}

/// Poll the status until the server is done, backing off to 5 s between polls.
pub async fn wait_for(
    api: &ApiClient,
    id: u64,
    limit: Duration,
) -> Result<MachineImageStatus, Failure> {
    let deadline = Instant::now() + limit;
    // Start fast (small images finish in well under a second), back off gently to 5 s.
    let mut interval = Duration::from_millis(50);
    loop {
        let st = api.image_status(id).await?;
        match st.state() {
            ImageState::Completed => return Ok(st),
            ImageState::Failed | ImageState::Deleted => {
                return Err(Failure::rejected(format!(
                    "upload request {id}: the server reports '{}'; the upload did not succeed",
                    st.status_name.as_deref().unwrap_or("?")
                )));
            }
            _ => {}
        }
        if Instant::now() >= deadline {
            return Err(Failure::new(
                Exit::TimedOut,
                format!(
                    "upload request {id} is still '{}' after {} s; check later with `publisher image status {id} --wait`",
                    st.status_name.as_deref().unwrap_or("?"),
                    limit.as_secs()
                ),
            ));
        }
        tokio::time::sleep(interval.min(deadline.saturating_duration_since(Instant::now()))).await;
        interval = (interval * 3 / 2).min(Duration::from_secs(5));
    }
}

fn already_done(
    ctx: &Ctx,
    j: &Journal,
    st: &MachineImageStatus,
    progress: &Progress,
    started: Instant,
) -> Value {
    let id = j.upload_request_id.unwrap_or_default();
    progress.note(&format!(
        "{} was already uploaded as upload request {id} ({}); nothing to do",
        j.file_name,
        st.status_name.as_deref().unwrap_or("?")
    ));
    let plan = Plan {
        size: j.file.size,
        chunks: j.chunks,
    };
    ctx.events.emit(
        "finished",
        json!({"ok": true, "uploadRequestId": id, "alreadyUploaded": true}),
    );
    json!({
        "command": "image upload",
        "uploadRequestId": id,
        "file": j.file.path,
        "fileName": j.file_name,
        "size": j.file.size,
        "mode": if plan.is_whole() { "whole" } else { "chunked" },
        "chunkSize": plan.chunk_size(),
        "chunkCount": plan.count(),
        "md5": j.whole_md5,
        "chunkMd5": j.chunk_md5,
        "bytesSent": 0,
        "bytesResent": 0,
        "retries": 0,
        "durationSeconds": (started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0,
        "throughputBytesPerSecond": 0,
        "resumed": false,
        "alreadyUploaded": true,
        "serverStatus": st.status_name,
        "serverChecksum": st.check_sum,
        "imageFilePath": st.image_file_path,
        "verified": st.check_sum.as_deref().is_some_and(|s| j.whole_md5.as_deref().is_some_and(|m| s.eq_ignore_ascii_case(m))),
        "completed": true,
        "metadata": j.meta,
    })
}
