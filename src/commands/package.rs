//! `publisher package ...`: validate locally, create/update (validated first), inspect, delete.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::Ctx;
use super::validate::{artefact_info, color_stderr, explain, shown_name, validate, verdict};
use crate::api::ApiClient;
use crate::api::packages::{is_ambiguous, package_id, status_code};
use crate::cli::{DiagFormat, GlobalArgs, OutputFormat, PackageCmd};
use crate::error::{Exit, Failure};
use crate::output;
use crate::package::{self, Options, render};

/// Validate before sending: diagnostics go to stderr; errors (or denied warnings) stop here.
/// Returns the document as read, so it is sent exactly as checked (and read only once).
fn precheck(
    ctx: &Ctx,
    file: &Path,
    artefact: Option<&str>,
    deny_warnings: bool,
) -> Result<String, Failure> {
    let outcome = package::check_file(
        file,
        &Options {
            artefact: artefact.map(str::to_string),
        },
    )?;
    let shown = shown_name(file);
    if !outcome.diagnostics.is_empty() && !ctx.global.quiet {
        crate::ui::stderr_raw(&render::text(&shown, &outcome, color_stderr()));
    }
    verdict(&shown, &outcome, deny_warnings).map_err(|f| {
        Failure::new(
            f.exit,
            format!(
                "{}; nothing was sent (fix it, or pass --no-validate to send anyway)",
                f.message
            ),
        )
    })?;
    // A document that passed the checks is valid UTF-8: this is the file's exact text.
    Ok(outcome.text)
}

fn read_document(file: &Path) -> Result<String, Failure> {
    let bytes = std::fs::read(file)
        .map_err(|e| Failure::input(format!("{}: cannot read: {e}", file.display())))?;
    String::from_utf8(bytes).map_err(|_| {
        Failure::input(format!(
            "{}: not UTF-8 text; run `publisher package validate {}`",
            file.display(),
            file.display()
        ))
    })
}

/// Every package command. Validate, Schema and Explain never touch the network, so they need
/// no configuration; the others build their [`Ctx`] first.
pub async fn run(g: &GlobalArgs, cmd: PackageCmd) -> Result<(), Failure> {
    match cmd {
        PackageCmd::Validate {
            file,
            format,
            deny_warnings,
            artefact,
            report,
        } => {
            let format = match (format, g.output) {
                (DiagFormat::Text, OutputFormat::Json) => DiagFormat::Json,
                (f, _) => f,
            };
            validate(&file, format, deny_warnings, artefact.as_deref(), &report)
        }
        PackageCmd::Schema => {
            let s = package::shape::json_schema();
            output::result(OutputFormat::Json, &s, "");
            Ok(())
        }
        PackageCmd::Explain { rule } => explain(g, rule.as_deref()),
        PackageCmd::Create {
            listing_version_id,
            file,
            artefact,
            no_validate,
            deny_warnings,
        } => {
            let ctx = &mut Ctx::new(g).await?;
            send(
                ctx,
                listing_version_id,
                None,
                file,
                artefact,
                no_validate,
                deny_warnings,
            )
            .await
        }
        PackageCmd::Update {
            listing_version_id,
            package_version_id,
            file,
            artefact,
            no_validate,
        } => {
            let ctx = &mut Ctx::new(g).await?;
            send(
                ctx,
                listing_version_id,
                Some(package_version_id),
                file,
                artefact,
                no_validate,
                false,
            )
            .await
        }
        PackageCmd::Get {
            listing_version_id,
            package_version_id,
        } => {
            let ctx = &mut Ctx::new(g).await?;
            let api = ctx.api().await?;
            let v = api
                .get_package(listing_version_id, package_version_id)
                .await?;
            let text = serde_json::to_string_pretty(&v).unwrap_or_default();
            output::result(ctx.format(), &v, &text);
            Ok(())
        }
        PackageCmd::List { listing_version_id } => {
            let ctx = &mut Ctx::new(g).await?;
            let api = ctx.api().await?;
            let mut items = api.list_packages(listing_version_id).await?;
            // One `id` for every item, whichever field the server used for it.
            for p in &mut items {
                if let (Some(id), Some(o)) = (package_id(p), p.as_object_mut()) {
                    o.insert("id".into(), json!(id));
                }
            }
            let text = items
                .iter()
                .map(|p| {
                    format!(
                        "{}\t{}\t{}\t{}",
                        package_id(p)
                            .map(|i| i.to_string())
                            .unwrap_or_else(|| "?".into()),
                        status_code(p).as_deref().unwrap_or("?"),
                        p["version"].as_str().unwrap_or(""),
                        p["name"]
                            .as_str()
                            .or(p["displayName"].as_str())
                            .or(p["description"].as_str())
                            .unwrap_or("")
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            // The v1 package list is not paged (its documented root is one PackageVersion).
            let v = output::list_envelope(items, false, None);
            output::result(ctx.format(), &v, &text);
            Ok(())
        }
        PackageCmd::ValidateRemote {
            listing_version_id,
            package_version_id,
            wait,
        } => {
            let ctx = &mut Ctx::new(g).await?;
            validate_remote(ctx, listing_version_id, package_version_id, wait).await
        }
        PackageCmd::Delete {
            listing_version_id,
            package_version_id,
        } => {
            let ctx = &mut Ctx::new(g).await?;
            ctx.confirm(&format!(
                "delete package {package_version_id} of listing {listing_version_id}"
            ))?;
            let api = ctx.api().await?;
            let ack = delete(ctx, &api, listing_version_id, package_version_id).await?;
            let msg = ack
                .message
                .clone()
                .unwrap_or_else(|| format!("package {package_version_id} deleted"));
            output::show(
                ctx.format(),
                &output::Deleted {
                    deleted: package_version_id,
                    message: msg,
                },
            );
            Ok(())
        }
    }
}

async fn send(
    ctx: &mut Ctx,
    listing: u64,
    package: Option<u64>,
    file: PathBuf,
    artefact: Option<PathBuf>,
    no_validate: bool,
    deny_warnings: bool,
) -> Result<(), Failure> {
    let art = artefact.as_deref().map(artefact_info).transpose()?;
    let document = if no_validate {
        read_document(&file)?
    } else {
        precheck(
            ctx,
            &file,
            art.as_ref().map(|(n, _)| n.as_str()),
            deny_warnings,
        )?
    };
    let api = ctx.api().await?;
    let art_arg = artefact.as_deref().zip(art.as_ref().map(|(_, len)| *len));
    let (id, message, reconciled) = match package {
        None => create(ctx, &api, listing, &document, art_arg).await?,
        Some(p) => {
            let ans = api.update_package(listing, p, &document, art_arg).await?;
            // An entityId naming the listing (as the DELETE example's does) is not the package.
            let id = ans
                .ack
                .entity_id
                .or(ans.location_id)
                .filter(|i| *i != listing)
                .unwrap_or(p);
            (id, ans.ack.message, false)
        }
    };
    let v = json!({
        "listingVersionId": listing,
        "packageVersionId": id,
        "message": message,
        "artefact": art.as_ref().map(|(n, _)| n),
        "reconciled": reconciled,
    });
    crate::ui::note(&format!(
        "{} package {id} for listing {listing}: {}",
        if package.is_some() {
            "updated"
        } else {
            "created"
        },
        message.as_deref().unwrap_or("OK")
    ));
    output::result(ctx.format(), &v, &id.to_string());
    Ok(())
}

/// The fields that tell this document's package from the listing's others.
fn fingerprint(document: &str) -> Vec<(&'static str, String)> {
    let v: Value = serde_json::from_str(document).unwrap_or(Value::Null);
    ["name", "version", "description"]
        .into_iter()
        .filter_map(|k| v.get(k).and_then(Value::as_str).map(|s| (k, s.to_string())))
        .collect()
}

/// Whether a listed package carries the document's fields (those the server shows).
fn same_document(p: &Value, fp: &[(&'static str, String)]) -> bool {
    let shown: Vec<_> = fp.iter().filter(|(k, _)| p[*k].is_string()).collect();
    !shown.is_empty()
        && shown
            .iter()
            .all(|(k, v)| p[*k].as_str() == Some(v.as_str()))
}

/// Packages of the listing that were not there before and carry the document's fields. An
/// empty result is checked once more after a pause (a server may show a creation late).
async fn created_since(
    api: &ApiClient,
    listing: u64,
    before: &HashSet<u64>,
    fp: &[(&'static str, String)],
) -> Result<Vec<u64>, crate::api::error::ApiError> {
    for round in 0..2 {
        if round > 0 {
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        let new: Vec<u64> = api
            .list_packages(listing)
            .await?
            .iter()
            .filter(|p| same_document(p, fp))
            .filter_map(package_id)
            .filter(|i| !before.contains(i))
            .collect();
        if !new.is_empty() {
            return Ok(new);
        }
    }
    Ok(vec![])
}

/// Create a package, at most once. The listing's packages are listed first; when the answer
/// does not name the new package (an empty 201, an entityId that is the listing) or is lost
/// after the request went out, the package is looked for among those not there before. None
/// found after a lost answer means none was made, and only then is the request sent again.
async fn create(
    ctx: &Ctx,
    api: &ApiClient,
    listing: u64,
    document: &str,
    art: Option<(&Path, u64)>,
) -> Result<(u64, Option<String>, bool), Failure> {
    let fp = fingerprint(document);
    // A listing without packages may answer 404 (the list's reference documents it, and its
    // root schema is one package): nothing there yet. A missing listing fails the POST anyway.
    let before: Option<HashSet<u64>> = match api.list_packages(listing).await {
        Ok(items) => Some(items.iter().filter_map(package_id).collect()),
        Err(crate::api::error::ApiError::Status { status: 404, .. }) => Some(HashSet::new()),
        Err(_) => None,
    };
    let mut attempt = 0;
    loop {
        attempt += 1;
        let (lost, message) = match api.create_package(listing, document, art).await {
            Ok(ans) => {
                let named = ans
                    .ack
                    .entity_id
                    .filter(|i| *i != listing)
                    .or(ans.location_id.filter(|i| *i != listing));
                if let Some(id) = named {
                    return Ok((id, ans.ack.message, false));
                }
                (None, ans.ack.message)
            }
            Err(e) if is_ambiguous(&e) => (Some(Failure::from(e).message), None),
            Err(e) => return Err(e.into()),
        };
        let what = lost
            .clone()
            .unwrap_or_else(|| "the server answered without the new package's id".to_string());
        let Some(before) = &before else {
            return Err(Failure::retryable(format!(
                "{what}; the listing's packages could not be listed beforehand, so whether a package was created is unknown; check `publisher package list {listing}` before rerunning"
            )));
        };
        let new = created_since(api, listing, before, &fp)
            .await
            .map_err(|e| {
                Failure::retryable(format!(
                    "{what}; listing the packages to find out failed too ({}); check `publisher package list {listing}` before rerunning",
                    Failure::from(e).message
                ))
            })?;
        match new.as_slice() {
            [id] => {
                if lost.is_some() {
                    crate::ui::note(&format!(
                        "{what}; package {id} was created all the same (found in the listing's packages)"
                    ));
                }
                return Ok((*id, message, lost.is_some()));
            }
            [] if lost.is_some() && attempt < ctx.global.retries.max(1) => {
                crate::ui::note(&format!(
                    "{what}; the listing has no such new package, so none was created: sending again"
                ));
                tokio::time::sleep(
                    crate::api::client::backoff(attempt).min(Duration::from_secs(5)),
                )
                .await;
            }
            [] => {
                return Err(Failure::retryable(format!(
                    "{what}; no new package with this name and version is on listing {listing}; rerun the same command"
                )));
            }
            many => {
                return Err(Failure::retryable(format!(
                    "{what}; {} new packages with this name and version are on listing {listing} ({}); not sending again, check `publisher package list {listing}`",
                    many.len(),
                    many.iter()
                        .map(u64::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
    }
}

/// Delete a package, at most once: after a lost answer the package is read; gone means the
/// delete took effect, still there means it did not (and it is sent again).
async fn delete(
    ctx: &Ctx,
    api: &ApiClient,
    lv: u64,
    pv: u64,
) -> Result<crate::api::types::Ack, Failure> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let err = match api.delete_package(lv, pv).await {
            Ok(ack) => return Ok(ack),
            Err(e) if is_ambiguous(&e) => e,
            Err(e) => return Err(e.into()),
        };
        let lost = Failure::from(err).message;
        match api.get_package(lv, pv).await {
            Err(crate::api::error::ApiError::Status { status: 404, .. }) => {
                let msg = format!("{lost}; package {pv} is gone: the delete took effect");
                crate::ui::note(&msg);
                return Ok(crate::api::types::Ack {
                    message: Some(msg),
                    entity_id: Some(pv),
                });
            }
            Ok(_) if attempt < ctx.global.retries.max(1) => {
                crate::ui::note(&format!(
                    "{lost}; package {pv} is still there, so it was not deleted: sending again"
                ));
                tokio::time::sleep(
                    crate::api::client::backoff(attempt).min(Duration::from_secs(5)),
                )
                .await;
            }
            Ok(_) => {
                return Err(Failure::retryable(format!(
                    "{lost}; package {pv} is still there; rerun the same command"
                )));
            }
            Err(e) => {
                return Err(Failure::retryable(format!(
                    "{lost}; reading the package to find out failed too ({}); check `publisher package get {lv} {pv}` before rerunning",
                    Failure::from(e).message
                )));
            }
        }
    }
}

/// Whether a validation message or status reports a failure.
fn says_failed(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    ["fail", "invalid", "not valid", "reject"]
        .iter()
        .any(|w| t.contains(w))
}

/// Ask the server to validate. A 4xx, or a 2xx whose message says the validation failed, is a
/// rejection (exit 6, with the server's words); a 202 is followed by reading the package until
/// its status says validated or failed, up to `wait` seconds (exit 9).
async fn validate_remote(ctx: &mut Ctx, lv: u64, pv: u64, wait: u64) -> Result<(), Failure> {
    let api = ctx.api().await?;
    let ans = api.validate_package_remote(lv, pv).await?;
    let mut msg = ans
        .ack
        .message
        .clone()
        .unwrap_or_else(|| "validated".into());
    if says_failed(&msg) {
        return Err(Failure::new(
            Exit::Rejected,
            format!("package {pv} of listing {lv}: the server did not validate it: {msg}"),
        ));
    }
    let mut status = None;
    if ans.status == 202 {
        crate::ui::note(&format!(
            "validation accepted ({msg}); waiting for the package's status"
        ));
        let deadline = Instant::now() + Duration::from_secs(wait);
        let mut delay = Duration::from_millis(250);
        loop {
            let p = api.get_package(lv, pv).await?;
            let code = status_code(&p).unwrap_or_default();
            let upper = code.to_ascii_uppercase();
            if says_failed(&code) {
                return Err(Failure::new(
                    Exit::Rejected,
                    format!("package {pv} of listing {lv}: validation failed: status {code}"),
                ));
            }
            if upper.contains("VALIDATED") || upper == "VALID" || upper.contains("SUCCESS") {
                msg = format!("validated (status {code})");
                status = Some(code);
                break;
            }
            if Instant::now() + delay > deadline {
                return Err(Failure::new(
                    Exit::TimedOut,
                    format!(
                        "package {pv} of listing {lv}: still '{code}' after {wait} s of validation; check later with `publisher package get {lv} {pv}`"
                    ),
                ));
            }
            tokio::time::sleep(delay).await;
            delay = (delay * 2).min(Duration::from_secs(5));
        }
    }
    output::result(
        ctx.format(),
        &json!({"packageVersionId": pv, "message": msg, "status": status}),
        &msg,
    );
    Ok(())
}
