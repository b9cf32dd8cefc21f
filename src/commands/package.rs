//! `publisher package ...`: validate locally, create/update (validated first), inspect, delete.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::Ctx;
use crate::cli::{DiagFormat, GlobalArgs, OutputFormat, PackageCmd};
use crate::error::{Exit, Failure};
use crate::output;
use crate::package::{self, Options, Outcome, render, rules};

/// Commands that never touch the network (and so need no configuration).
pub fn is_local(cmd: &PackageCmd) -> bool {
    matches!(
        cmd,
        PackageCmd::Validate { .. } | PackageCmd::Schema | PackageCmd::Explain { .. }
    )
}

fn color_stdout() -> bool {
    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

fn color_stderr() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// Checked artefact: its file name (matched against resource tags) and size.
fn artefact_info(p: &Path) -> Result<(String, u64), Failure> {
    let shown = p.display();
    let meta = std::fs::metadata(p)
        .map_err(|e| crate::fsutil::unreadable(&format!("--file {shown}"), &e, "the artefact"))?;
    if !meta.is_file() {
        return Err(Failure::input(format!(
            "--file {shown} is not a regular file; give the artefact (e.g. app.war)"
        )));
    }
    std::fs::File::open(p)
        .map_err(|e| Failure::input(format!("--file {shown}: cannot open: {e}")))?;
    let name = p.file_name().and_then(|n| n.to_str()).ok_or_else(|| {
        Failure::input(format!(
            "--file {shown}: the file name is not UTF-8; rename it"
        ))
    })?;
    Ok((name.to_string(), meta.len()))
}

fn verdict(file: &str, o: &Outcome, deny_warnings: bool) -> Result<(), Failure> {
    let (e, w) = (o.errors(), o.warnings());
    if e > 0 || (deny_warnings && w > 0) {
        // The diagnostics were printed; the exit code carries the verdict.
        return Err(Failure::new(
            Exit::LocalInput,
            format!(
                "{file}: {e} error(s), {w} warning(s){}",
                if e == 0 {
                    " (warnings denied by --deny-warnings)"
                } else {
                    ""
                }
            ),
        ));
    }
    Ok(())
}

pub fn run_local(g: &GlobalArgs, cmd: PackageCmd) -> Result<(), Failure> {
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
            let reports = report
                .iter()
                .map(|r| parse_report(r))
                .collect::<Result<Vec<_>, _>>()?;
            validate(&file, format, deny_warnings, artefact.as_deref(), &reports)
        }
        PackageCmd::Schema => {
            let s = package::shape::json_schema();
            println!("{}", serde_json::to_string_pretty(&s).unwrap_or_default());
            Ok(())
        }
        PackageCmd::Explain { rule } => explain(g, rule.as_deref()),
        _ => Ok(()),
    }
}

/// `--report FORMAT=FILE`: one more rendering of the same run, written to a file.
fn parse_report(spec: &str) -> Result<(DiagFormat, PathBuf), Failure> {
    use clap::ValueEnum;
    let usage = |why: String| {
        Failure::usage(format!(
            "--report '{spec}': {why}; use FORMAT=FILE with FORMAT one of text, json, sarif, github, gitlab, junit"
        ))
    };
    let (format, path) = spec.split_once('=').ok_or_else(|| usage("no '='".into()))?;
    let format = DiagFormat::from_str(format.trim(), true)
        .map_err(|_| usage(format!("unknown format '{format}'")))?;
    if path.is_empty() {
        return Err(usage("no file name".into()));
    }
    Ok((format, PathBuf::from(path)))
}

/// The diagnostics in one format, as printed or written (never coloured unless `color`).
fn rendered(format: DiagFormat, shown: &str, outcome: &Outcome, color: bool) -> String {
    let pretty = |v: Value| format!("{}\n", serde_json::to_string_pretty(&v).unwrap_or_default());
    match format {
        DiagFormat::Text => render::text(shown, outcome, color),
        DiagFormat::Json => pretty(render::json(shown, outcome)),
        DiagFormat::Sarif => pretty(render::sarif(shown, outcome)),
        DiagFormat::Github => render::github(shown, outcome),
        DiagFormat::Gitlab => pretty(render::gitlab(shown, outcome)),
        DiagFormat::Junit => render::junit(shown, outcome),
    }
}

fn validate(
    file: &Path,
    format: DiagFormat,
    deny_warnings: bool,
    artefact: Option<&Path>,
    reports: &[(DiagFormat, PathBuf)],
) -> Result<(), Failure> {
    let opts = Options {
        artefact: artefact.map(artefact_info).transpose()?.map(|(n, _)| n),
    };
    let outcome = package::check_file(file, &opts)?;
    let shown = shown_name(file);
    print!("{}", rendered(format, &shown, &outcome, color_stdout()));
    // Reports are written whatever the verdict: a failing run is when they matter most.
    for (f, path) in reports {
        std::fs::write(path, rendered(*f, &shown, &outcome, false)).map_err(|e| {
            Failure::input(format!("--report {}: cannot write: {e}", path.display()))
        })?;
    }
    verdict(&shown, &outcome, deny_warnings).map_err(|f| Failure::new(f.exit, String::new()))
}

fn explain(g: &GlobalArgs, rule: Option<&str>) -> Result<(), Failure> {
    match rule {
        None => {
            let items: Vec<Value> = rules::RULES
                .iter()
                .map(|r| json!({"id": r.id, "severity": r.severity.name(), "summary": r.summary}))
                .collect();
            let text = rules::RULES
                .iter()
                .map(|r| format!("{:<30} {:<8} {}", r.id, r.severity.name(), r.summary))
                .collect::<Vec<_>>()
                .join("\n");
            output::result(g.output, &json!({"rules": items}), &text);
            Ok(())
        }
        Some(id) => {
            let r = rules::find(id).ok_or_else(|| {
                let best = package::check::closest(id, rules::RULES.iter().map(|r| r.id));
                Failure::usage(format!(
                    "no rule '{id}'{}; `publisher package explain` lists them",
                    best.map(|b| format!(" (did you mean '{b}'?)"))
                        .unwrap_or_default()
                ))
            })?;
            let text = format!(
                "{} ({}): {}\n\n{}",
                r.id,
                r.severity.name(),
                r.summary,
                r.explanation
            );
            output::result(
                g.output,
                &json!({"id": r.id, "severity": r.severity.name(), "summary": r.summary, "explanation": r.explanation}),
                &text,
            );
            Ok(())
        }
    }
}

/// How a package file is named in diagnostics.
fn shown_name(file: &Path) -> String {
    if file.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        file.display().to_string()
    }
}

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
        eprint!("{}", render::text(&shown, &outcome, color_stderr()));
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

fn entity(ack: &crate::api::types::Ack) -> Value {
    ack.entity_id.map(|i| json!(i)).unwrap_or(Value::Null)
}

pub async fn run(ctx: &mut Ctx, cmd: PackageCmd) -> Result<(), Failure> {
    match cmd {
        PackageCmd::Create {
            listing_version_id,
            file,
            artefact,
            no_validate,
            deny_warnings,
        } => {
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
            let api = ctx.api().await?;
            let v = api
                .get_package(listing_version_id, package_version_id)
                .await?;
            let text = serde_json::to_string_pretty(&v).unwrap_or_default();
            output::result(ctx.format(), &v, &text);
            Ok(())
        }
        PackageCmd::List { listing_version_id } => {
            let api = ctx.api().await?;
            let page = api.list_packages(listing_version_id).await?;
            let items = page.unwrapped();
            let text = items
                .iter()
                .map(|p| {
                    format!(
                        "{}\t{}\t{}\t{}",
                        p["id"],
                        p["status"]["code"]
                            .as_str()
                            .or(p["status"].as_str())
                            .unwrap_or("?"),
                        p["version"].as_str().unwrap_or(""),
                        p["name"].as_str().unwrap_or("")
                    )
                })
                .collect::<Vec<_>>()
                .join("\n");
            output::result(ctx.format(), &json!({"items": items}), &text);
            Ok(())
        }
        PackageCmd::ValidateRemote {
            listing_version_id,
            package_version_id,
        } => {
            let api = ctx.api().await?;
            let ack = api
                .validate_package_remote(listing_version_id, package_version_id)
                .await?;
            let msg = ack.message.clone().unwrap_or_else(|| "validated".into());
            output::result(
                ctx.format(),
                &json!({"packageVersionId": package_version_id, "message": msg}),
                &msg,
            );
            Ok(())
        }
        PackageCmd::Delete {
            listing_version_id,
            package_version_id,
        } => {
            ctx.confirm(&format!(
                "delete package {package_version_id} of listing {listing_version_id}"
            ))?;
            let api = ctx.api().await?;
            let ack = api
                .delete_package(listing_version_id, package_version_id)
                .await?;
            let msg = ack
                .message
                .clone()
                .unwrap_or_else(|| format!("package {package_version_id} deleted"));
            output::result(
                ctx.format(),
                &json!({"deleted": package_version_id, "message": msg}),
                &msg,
            );
            Ok(())
        }
        PackageCmd::Validate { .. } | PackageCmd::Schema | PackageCmd::Explain { .. } => Ok(()),
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
    let ack = match package {
        None => api.create_package(listing, &document, art_arg).await?,
        Some(p) => api.update_package(listing, p, &document, art_arg).await?,
    };
    let id = entity(&ack);
    let id = if id.is_null() {
        package.map(|p| json!(p)).unwrap_or(Value::Null)
    } else {
        id
    };
    let v = json!({
        "listingVersionId": listing,
        "packageVersionId": id,
        "message": ack.message,
        "artefact": art.as_ref().map(|(n, _)| n),
    });
    ctx.say(&format!(
        "{} package for listing {listing}: {}",
        if package.is_some() {
            "updated"
        } else {
            "created"
        },
        ack.message.as_deref().unwrap_or("OK")
    ));
    let text = match &id {
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    };
    output::result(ctx.format(), &v, &text);
    Ok(())
}
