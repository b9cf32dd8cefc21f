//! `image upload --dry-run`: what the driver would do, decided by the same planner from the
//! same evidence, with nothing sent.

use std::path::PathBuf;

use super::chunks::plan_of;
use super::engine::{Deps, adopted_plan, adopting};
use super::journal::{Journal, Stage, key_for, legacy_key_for};
use super::poll::server_view;
use super::resume::{self, Content, Decision, Evidence, Server};
use super::source::current_identity;
use super::spec::UploadSpec;
use super::transport::Transport;
use crate::error::Failure;

/// What a dry run reports: the plan, with no request that changes anything.
#[derive(Debug, Clone, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DryRun {
    pub command: &'static str,
    pub file: PathBuf,
    pub file_name: String,
    pub size: u64,
    pub mode: &'static str,
    pub chunk_count: u64,
    pub chunk_size: u64,
    /// `new`, `resume`, `done`, `adopt` (`--resume ID`) or `damaged` (left as it is).
    pub journal: &'static str,
    pub upload_request_id: Option<u64>,
    /// What a real run would do first.
    pub next: String,
    /// `mi/<application>/<version>/<os>/<file>` below the partner's container.
    pub storage_path: String,
    /// The settings a real run would use (flag, variable or profile): `auto` or a count.
    pub parallel: String,
    pub bwlimit_bytes_per_second: Option<u64>,
    /// None with `--no-wait`.
    pub wait_seconds: Option<u64>,
    pub require_checksum: bool,
}

/// What a real run would do, found with read-only requests and without touching the journal
/// (a damaged one is reported, not moved aside).
pub async fn dry_run<T: Transport>(ctx: &Deps<T>, spec: &UploadSpec) -> Result<DryRun, Failure> {
    let previous = if spec.restart {
        Ok(None)
    } else {
        let key = key_for(&ctx.endpoint_key, &ctx.user, &spec.file_name, &spec.meta);
        // Or a journal under its older, path-based key (a real run moves it).
        let legacy = legacy_key_for(&ctx.endpoint_key, &ctx.user, &spec.path, &spec.meta);
        ctx.store.peek_or_legacy(&key, &legacy)
    };
    let adopted = adopting(spec.adopt, previous.as_ref().ok().and_then(Option::as_ref));
    let (plan, journal, id, next) = match (previous, adopted) {
        (_, Some(id)) => {
            let size = current_identity(spec)?.size;
            let plan = adopted_plan(ctx.transport.as_ref(), spec, id, size).await?;
            let next = format!(
                "adopt upload request {id} started elsewhere: send all {} chunks again (those the server holds count as delivered), then merge",
                plan.count()
            );
            (plan, "adopt", Some(id), next)
        }
        (Err(why), None) => (
            spec.plan,
            "damaged",
            None,
            format!("move the damaged journal aside ({why}) and create a new upload request"),
        ),
        (Ok(Some(j)), None) => {
            let (state, next) = decide(ctx, spec, &j).await?;
            (plan_of(&j), state, j.upload_request_id, next)
        }
        (Ok(None), None) => (spec.plan, "new", None, "create a new upload request".into()),
    };
    let m = &spec.meta;
    Ok(DryRun {
        command: "image upload --dry-run",
        file: spec.path.clone(),
        file_name: spec.file_name.clone(),
        size: plan.size,
        mode: if plan.is_whole() { "whole" } else { "chunked" },
        chunk_count: plan.count(),
        chunk_size: plan.chunk_size(),
        journal,
        upload_request_id: id,
        next,
        storage_path: format!(
            "mi/{}/{}/{}/{}",
            m.application, m.version, m.operating_system, spec.file_name
        ),
        parallel: spec.parallel.to_string(),
        bwlimit_bytes_per_second: spec.bwlimit,
        wait_seconds: spec.wait.map(|w| w.as_secs()),
        require_checksum: spec.require_checksum,
    })
}

/// The journal state (`new`, `resume` or `done`) and the next step, by the real run's planner.
async fn decide<T: Transport>(
    ctx: &Deps<T>,
    spec: &UploadSpec,
    j: &Journal,
) -> Result<(&'static str, String), Failure> {
    let ident = current_identity(spec)?;
    let content = match j.file.difference(&ident) {
        None => Content::Same,
        Some(d) if j.file.size != ident.size => Content::Changed(d),
        // A real run re-hashes and compares chunk digests; assume they match here.
        Some(_) => Content::Matches,
    };
    let server = match j.upload_request_id {
        Some(id) => server_view(ctx.transport.as_ref(), id, j).await?,
        None => Server::NoRequest,
    };
    let d = resume::decide(&Evidence {
        journal: j,
        content,
        server,
    });
    let state = match (&d, j.stage) {
        (Decision::Verify { .. }, Stage::Completed) => "done",
        (Decision::Fresh { .. }, _) => "new",
        _ => "resume",
    };
    Ok((state, describe(&d)))
}

fn describe(d: &Decision) -> String {
    match d {
        Decision::Fresh { why: Some(w) } => w.clone(),
        Decision::Fresh { why: None } => "create a new upload request".into(),
        Decision::SourceChanged(how) => format!("refuse: the file changed ({how}); exit 8"),
        Decision::Reconcile => {
            "look for the upload request an unanswered creation may have made".into()
        }
        Decision::Send { id, chunks, .. } => {
            format!(
                "send {} chunks to upload request {id}, then merge",
                chunks.len()
            )
        }
        Decision::Merge { id, .. } => format!("merge upload request {id}"),
        Decision::Replace { id, why, .. } => {
            format!("{why}: delete upload request {id} and start a new one")
        }
        Decision::Verify { id } => format!("wait for and verify upload request {id}"),
    }
}
