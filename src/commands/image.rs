//! `publisher image ...`: upload, status, list, delete, and the local upload journals.

use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

use serde_json::Value;

use super::Ctx;
use crate::api::types::MachineImageStatus;
use crate::cli::{ImageCmd, ImageListArgs, UploadArgs};
use crate::error::{Failure, Remedy};
use crate::output::{self, ListEnvelope, Report};
use crate::upload::dry_run::DryRun;
use crate::upload::report::UploadReport;
use std::sync::Arc;

use crate::api::types::ImageMetadata;
use crate::upload::journal::{Journal, Stage, Store};
use crate::upload::plan::plan;
use crate::upload::poll;
use crate::upload::report::{Reporter, UploadEvent};
use crate::upload::spec::UploadSpec;
use crate::upload::{dry_run, engine, source};

pub async fn run(ctx: &mut Ctx, cmd: ImageCmd) -> Result<(), Failure> {
    match cmd {
        ImageCmd::Upload(a) => upload(ctx, a).await,
        ImageCmd::Status {
            upload_request_id,
            wait,
        } => status(ctx, upload_request_id, wait).await,
        ImageCmd::List(a) => list(ctx, a).await,
        ImageCmd::Delete { upload_request_id } => delete(ctx, upload_request_id).await,
        // Never paged: --all is accepted and changes nothing.
        ImageCmd::Uploads { all: _ } => uploads(ctx),
        ImageCmd::Abort { id, keep_remote } => abort(ctx, &id, keep_remote).await,
    }
}

fn store(ctx: &Ctx) -> Store {
    Store::new(ctx.settings.paths.journals_dir())
}

/// Validate the flags once into the engine's spec (flag names stay on this side).
fn upload_spec(a: &UploadArgs) -> Result<UploadSpec, Failure> {
    // Check the file before any network work, so bad input fails fast and offline.
    let (path, meta) = source::inspect_source(&a.file)?;
    let file_name = source::header_file_name(&path)?;
    let metadata = ImageMetadata {
        application: a
            .application
            .clone()
            .unwrap_or_else(|| source::default_application(&file_name)),
        version: a.image_version.clone().unwrap_or_else(|| "1.0".into()),
        operating_system: a.os.clone(),
        overwrite_storage_file: Some(a.overwrite),
    };
    for (flag, v) in [
        ("--application", &metadata.application),
        ("--version", &metadata.version),
        ("--os", &metadata.operating_system),
    ] {
        if v.trim().is_empty() {
            return Err(Failure::usage(format!("{flag} must not be empty")));
        }
    }
    let plan = plan(meta.len(), a.chunks, a.chunk_size.map(|c| c.0), a.whole)?;
    Ok(UploadSpec {
        path,
        shown: a.file.display().to_string(),
        file_name,
        meta: metadata,
        plan,
        plan_asked: a.chunks.is_some() || a.chunk_size.is_some() || a.whole,
        parallel: a.parallel,
        bwlimit: a.bwlimit.map(|b| b.0),
        restart: a.restart,
        verify_resume: a.verify_resume,
        wait: (!a.no_wait).then(|| Duration::from_secs(a.wait)),
        require_checksum: a.require_checksum,
        adopt: a.resume,
    })
}

async fn upload(ctx: &mut Ctx, a: UploadArgs) -> Result<(), Failure> {
    let spec = upload_spec(&a)?;
    let api = ctx.api().await?;
    let reporter = Reporter::new(ctx.events.clone(), ctx.global.quiet, spec.plan.size);
    let ectx = engine::Deps {
        transport: api.clone(),
        store: store(ctx),
        endpoint_key: ctx.endpoint_key.clone(),
        user: ctx.user()?,
        reporter: reporter.clone(),
    };
    if a.dry_run {
        let plan = dry_run::dry_run(&ectx, &spec).await.map_err(advise)?;
        output::show(ctx.format(), &plan);
        return Ok(());
    }
    api.set_retry_hook(Some(Arc::new(
        move |what: &str, attempt: u32, reason: &str, delay: Duration| {
            reporter.emit(UploadEvent::Retry {
                request: what.to_string(),
                attempt,
                reason: reason.to_string(),
                delay_ms: delay.as_millis() as u64,
            });
        },
    )));
    let result = engine::upload(&ectx, &spec).await;
    api.set_retry_hook(None);
    output::show(ctx.format(), &result.map_err(advise)?);
    Ok(())
}

/// The engine's remedies in this command line's words.
fn advise(f: Failure) -> Failure {
    f.advised(|r| match r {
        Remedy::StartOver => "run again with --restart".into(),
        Remedy::StartOverReplacing {
            delete_first: Some(id),
        } => format!(
            "delete it (`publisher image delete {id} --yes`), then run again with --restart --overwrite"
        ),
        Remedy::StartOverReplacing { delete_first: None } => {
            "run again with --restart --overwrite to send every chunk with its MD5".into()
        }
        Remedy::WaitForVerdict => "rerun without --no-wait (or later) to check".into(),
        Remedy::CheckLater { id } => {
            format!("check later with `publisher image status {id} --wait`")
        }
        Remedy::ChunksAsStarted { chunks: Some(n) } => {
            format!("pass --chunks {n} with --resume, or leave the chunking out")
        }
        Remedy::ChunksAsStarted { chunks: None } => {
            "pass --chunks N with --resume, as the upload was started".into()
        }
    })
}

impl Report for DryRun {
    fn text(&self) -> String {
        format!(
            "{}: {} upload, {} chunk(s) of up to {} bytes; journal: {}; next: {}; storage path {}",
            self.file_name,
            self.mode,
            self.chunk_count,
            self.chunk_size,
            self.journal,
            self.next,
            self.storage_path
        )
    }
}

impl Report for UploadReport {
    fn text(&self) -> String {
        UploadReport::text(self)
    }
}

/// `image status`: the server's status as it answered.
#[derive(Serialize)]
#[serde(transparent)]
struct ImageStatus(MachineImageStatus);

impl Report for ImageStatus {
    fn text(&self) -> String {
        status_text(&self.0)
    }
}

fn status_text(s: &MachineImageStatus) -> String {
    let mut lines = vec![
        format!(
            "upload request  {}",
            s.upload_request_id
                .map(|i| i.to_string())
                .unwrap_or_default()
        ),
        format!(
            "status          {}",
            s.status_name.as_deref().unwrap_or("?")
        ),
    ];
    let mut add = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            lines.push(format!("{k:<16}{v}"));
        }
    };
    add("file", s.file_name.clone());
    add("path", s.image_file_path.clone());
    add(
        "chunks",
        s.uploaded_chunks
            .map(|u| format!("{u} uploaded, {} pending", s.pending_chunks.unwrap_or(0))),
    );
    add("checksum", s.check_sum.clone());
    add("modified", s.last_modified_date.clone());
    lines.join("\n")
}

async fn status(ctx: &mut Ctx, id: u64, wait: Option<u64>) -> Result<(), Failure> {
    let api = ctx.api().await?;
    let st = match wait {
        Some(secs) => {
            let limit = Duration::from_secs(secs);
            poll::wait_for(api.as_ref(), id, limit, poll::UNKNOWN_WORD_WARNING, None)
                .await
                .map_err(advise)?
        }
        None => api.image_status(id).await?,
    };
    output::show(ctx.format(), &ImageStatus(st));
    Ok(())
}

async fn list(ctx: &mut Ctx, a: ImageListArgs) -> Result<(), Failure> {
    let api = ctx.api().await?;
    let mut items = vec![];
    let mut offset = a.offset;
    let mut total = None;
    let mut more;
    loop {
        let page = api
            .list_images(a.status.as_deref(), a.keyword.as_deref(), a.limit, offset)
            .await?;
        let got = page.unwrapped();
        let n = got.len() as u32;
        items.extend(got);
        total = page.total_results.or(total);
        more = page.has_more.unwrap_or(n == a.limit);
        if !a.all || !more || n == 0 {
            break;
        }
        offset += n;
    }
    let list = ImageList(ListEnvelope::new(items, more && !a.all, total));
    output::show(ctx.format(), &list);
    Ok(())
}

/// `image list`: the server's items, passed through.
#[derive(Serialize)]
#[serde(transparent)]
struct ImageList(ListEnvelope<Value>);

impl Report for ImageList {
    fn text(&self) -> String {
        self.0
            .items
            .iter()
            .map(|i| {
                format!(
                    "{}\t{}\t{}",
                    i["uploadRequestId"],
                    i["statusName"].as_str().unwrap_or("?"),
                    i["imageFilePath"]
                        .as_str()
                        .or(i["fileName"].as_str())
                        .unwrap_or("")
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

async fn delete(ctx: &mut Ctx, id: u64) -> Result<(), Failure> {
    ctx.confirm(&format!(
        "delete machine image upload request {id} from all data centres"
    ))?;
    let api = ctx.api().await?;
    let ack = api.delete_image(id).await?;
    let msg = ack.message.unwrap_or_else(|| format!("{id} deleted"));
    let r = output::Deleted {
        deleted: id,
        message: msg,
    };
    output::show(ctx.format(), &r);
    Ok(())
}

/// One local upload journal, as `image uploads` lists it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UploadEntry {
    key: String,
    upload_request_id: Option<u64>,
    file: PathBuf,
    size: u64,
    endpoint: String,
    stage: Stage,
    chunks: u64,
    chunks_acked: usize,
    updated_at: String,
    created_at: String,
}

impl UploadEntry {
    fn of(j: &Journal) -> UploadEntry {
        UploadEntry {
            key: j.key.clone(),
            upload_request_id: j.upload_request_id,
            file: j.file.path.clone(),
            size: j.file.size,
            endpoint: j.endpoint.clone(),
            stage: j.stage,
            chunks: j.chunks,
            chunks_acked: j.acked.iter().filter(|a| **a).count(),
            updated_at: crate::clock::rfc3339(j.updated_at),
            created_at: crate::clock::rfc3339(j.created_at),
        }
    }

    fn line(&self) -> String {
        let stage = match self.stage {
            Stage::Uploading => format!("uploading {}/{}", self.chunks_acked, self.chunks.max(1)),
            Stage::MergeRequested => "merge requested".into(),
            Stage::Merged => "merged, awaiting server".into(),
            Stage::Completed => "completed".into(),
        };
        format!(
            "{}\t{}\t{}\t{}",
            self.key,
            self.upload_request_id
                .map(|i| i.to_string())
                .unwrap_or_else(|| "-".into()),
            stage,
            self.file.display()
        )
    }
}

/// `image uploads`: the list envelope of every list, plus `uploads` (the same items) for
/// older scripts.
#[derive(Serialize)]
struct Uploads<'a> {
    #[serde(flatten)]
    list: ListEnvelope<&'a UploadEntry>,
    uploads: &'a [UploadEntry],
}

impl Report for Uploads<'_> {
    fn text(&self) -> String {
        if self.uploads.is_empty() {
            return "no upload journals".to_string();
        }
        self.uploads
            .iter()
            .map(UploadEntry::line)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

fn uploads(ctx: &Ctx) -> Result<(), Failure> {
    let entries: Vec<UploadEntry> = store(ctx).list().iter().map(UploadEntry::of).collect();
    let total = Some(entries.len() as u64);
    let r = Uploads {
        list: ListEnvelope::new(entries.iter().collect(), false, total),
        uploads: &entries,
    };
    output::show(ctx.format(), &r);
    Ok(())
}

/// `image abort`: the journal forgotten and the upload request deleted (if it was).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Aborted {
    aborted: String,
    deleted_upload_request: Option<u64>,
    #[serde(skip)]
    file: PathBuf,
}

impl Report for Aborted {
    fn text(&self) -> String {
        format!("forgot upload {} ({})", self.aborted, self.file.display())
    }
}

async fn abort(ctx: &mut Ctx, id: &str, keep_remote: bool) -> Result<(), Failure> {
    let st = store(ctx);
    let j = st
        .list()
        .into_iter()
        .find(|j| j.key == id || j.upload_request_id.map(|u| u.to_string()).as_deref() == Some(id))
        .ok_or_else(|| {
            Failure::input(format!(
                "no local upload journal matches '{id}'; see `publisher image uploads`"
            ))
        })?;
    // Holding the lock guarantees no running upload is using this journal.
    let _lock = st.lock(&j.key)?;
    let mut remote = None;
    if !keep_remote && let Some(rid) = j.upload_request_id {
        if j.endpoint != ctx.endpoint_key {
            return Err(Failure::usage(format!(
                "journal {} belongs to endpoint {}; rerun with --endpoint {} or pass --keep-remote",
                j.key, j.endpoint, j.endpoint
            )));
        }
        ctx.confirm(&format!(
            "abort upload {} and delete upload request {rid}",
            j.key
        ))?;
        let api = ctx.api().await?;
        match api.delete_image(rid).await {
            Ok(_) => remote = Some(rid),
            // Already gone on the server: forgetting the journal is all that is left.
            Err(crate::api::ApiError::Status { status: 404, .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    st.remove(&j.key);
    let r = Aborted {
        aborted: j.key,
        deleted_upload_request: remote,
        file: j.file.path,
    };
    output::show(ctx.format(), &r);
    Ok(())
}
