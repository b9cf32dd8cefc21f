//! `publisher package ...`: validate locally, create/update (validated first), inspect, delete.

mod reconcile;
mod results;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::Ctx;
use super::validate::{artefact_info, color_stderr, explain, shown_name, validate, verdict};
use crate::api::packages::{status_code, status_word};
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
        PackageCmd::List {
            listing_version_id,
            all: _,
        } => {
            // `--all` is accepted for every list; the v1 package list is not paged (its
            // documented root is one PackageVersion), so there is nothing more to follow.
            let ctx = &mut Ctx::new(g).await?;
            let api = ctx.api().await?;
            let items = reconcile::listed_packages(&api, listing_version_id).await?;
            output::show(ctx.format(), &results::PackageList::new(items));
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
            let ack = reconcile::delete(ctx, &api, listing_version_id, package_version_id).await?;
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
    let made = match package {
        None => reconcile::create(ctx, &api, listing, &document, art_arg).await?,
        Some(p) => {
            let ans = api.update_package(listing, p, &document, art_arg).await?;
            // An entityId naming the listing (as the DELETE example's does) is not the package.
            let id = ans
                .ack
                .entity_id
                .or(ans.location_id)
                .filter(|i| *i != listing)
                .unwrap_or(p);
            reconcile::Created {
                id,
                message: ans.ack.message,
                reconciled: false,
            }
        }
    };
    crate::ui::note(&format!(
        "{} package {} for listing {listing}: {}",
        if package.is_some() {
            "updated"
        } else {
            "created"
        },
        made.id,
        made.message.as_deref().unwrap_or("OK")
    ));
    output::show(
        ctx.format(),
        &results::PackageSent {
            listing_version_id: listing,
            package_version_id: made.id,
            message: made.message,
            artefact: art.map(|(n, _)| n),
            reconciled: made.reconciled,
        },
    );
    Ok(())
}

/// Whether a validation message or status word reports a failure ("failed", "invalid",
/// "NOT_VALIDATED", "UNVALIDATED", ...).
fn says_failed(text: &str) -> bool {
    let t = text.to_ascii_lowercase().replace(['_', '-'], " ");
    ["fail", "invalid", "not valid", "unvalid", "reject"]
        .iter()
        .any(|w| t.contains(w))
}

/// What a package's status word says of its validation.
#[derive(Debug, PartialEq, Eq)]
enum Validation {
    Passed,
    Failed,
    /// Not decided yet (VALIDATING, NEW, a word this client does not know).
    Pending,
}

/// Failure words are checked first, and success words must match exactly: `UNVALIDATED`
/// contains `VALIDATED` but says the opposite.
fn validation_of(code: &str) -> Validation {
    const PASSED: [&str; 9] = [
        "VALIDATED",
        "VALID",
        "SUCCESS",
        "SUCCEEDED",
        "SUCCESSFUL",
        "VALIDATION_SUCCESS",
        "VALIDATION_SUCCEEDED",
        "VALIDATION_SUCCESSFUL",
        "PASSED",
    ];
    let c = status_word(code);
    if says_failed(&c) {
        Validation::Failed
    } else if PASSED.contains(&c.as_str()) {
        Validation::Passed
    } else {
        Validation::Pending
    }
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
            match validation_of(&code) {
                Validation::Failed => {
                    return Err(Failure::new(
                        Exit::Rejected,
                        format!("package {pv} of listing {lv}: validation failed: status {code}"),
                    ));
                }
                Validation::Passed => {
                    msg = format!("validated (status {code})");
                    status = Some(code);
                    break;
                }
                Validation::Pending => {}
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
    output::show(
        ctx.format(),
        &results::Validated {
            package_version_id: pv,
            message: msg,
            status,
        },
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_words() {
        for passed in [
            "VALIDATED",
            "Validated",
            "VALID",
            "SUCCESS",
            "validation-successful",
        ] {
            assert_eq!(validation_of(passed), Validation::Passed, "{passed}");
        }
        for failed in [
            "UNVALIDATED",
            "NOT_VALIDATED",
            "Not Validated",
            "INVALID",
            "VALIDATION_FAILED",
            "REJECTED",
        ] {
            assert_eq!(validation_of(failed), Validation::Failed, "{failed}");
        }
        for pending in ["VALIDATING", "NEW", "", "IN_PROGRESS"] {
            assert_eq!(validation_of(pending), Validation::Pending, "{pending}");
        }
        assert!(says_failed("ListingPackage validation failed: x"));
        assert!(!says_failed("ListingPackage validation was successful"));
    }
}
