//! The package commands that never touch the network: `package validate` (diagnostics in six
//! formats, `--report` files, the verdict), `package schema` and `package explain`.

use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::cli::{DiagFormat, GlobalArgs, OutputFormat, ReportSpec};
use crate::error::{Exit, Failure};
use crate::output::{self, Report};
use crate::package::{self, Options, Outcome, render, rules};

fn color_stdout() -> bool {
    crate::ui::color_stdout()
}

pub(super) fn color_stderr() -> bool {
    crate::ui::color_stderr()
}

/// Checked artefact: its file name (matched against resource tags) and size.
pub(super) fn artefact_info(p: &Path) -> Result<(String, u64), Failure> {
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

pub(super) fn verdict(file: &str, o: &Outcome, deny_warnings: bool) -> Result<(), Failure> {
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

/// `--report FORMAT=FILE`: one more rendering of the same run, written to a file.
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

pub(super) fn validate(
    file: &Path,
    format: DiagFormat,
    deny_warnings: bool,
    artefact: Option<&Path>,
    reports: &[ReportSpec],
) -> Result<(), Failure> {
    let opts = Options {
        artefact: artefact.map(artefact_info).transpose()?.map(|(n, _)| n),
    };
    let outcome = package::check_file(file, &opts)?;
    let shown = shown_name(file);
    match format {
        // JSON goes through the result writer, so --jq applies to it.
        DiagFormat::Json => output::result(OutputFormat::Json, &render::json(&shown, &outcome), ""),
        other => output::stdout(rendered(other, &shown, &outcome, color_stdout()).as_bytes()),
    }
    // Reports are written whatever the verdict: a failing run is when they matter most.
    for ReportSpec { format, path } in reports {
        std::fs::write(path, rendered(*format, &shown, &outcome, false)).map_err(|e| {
            Failure::input(format!("--report {}: cannot write: {e}", path.display()))
        })?;
    }
    verdict(&shown, &outcome, deny_warnings).map_err(|f| Failure::already_reported(f.exit))
}

pub(super) fn explain(g: &GlobalArgs, rule: Option<&str>) -> Result<(), Failure> {
    match rule {
        None => {
            let rules = rules::RULES.iter().map(RuleEntry::of).collect();
            output::show(g.output, &Rules { rules });
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
            let rule = RuleEntry {
                explanation: Some(r.explanation),
                ..RuleEntry::of(r)
            };
            output::show(g.output, &rule);
            Ok(())
        }
    }
}

/// How a package file is named in diagnostics.
pub(super) fn shown_name(file: &Path) -> String {
    if file.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        file.display().to_string()
    }
}

/// `package explain`: every rule.
#[derive(Serialize)]
struct Rules {
    rules: Vec<RuleEntry>,
}

impl Report for Rules {
    fn text(&self) -> String {
        self.rules
            .iter()
            .map(|r| format!("{:<30} {:<8} {}", r.id, r.severity, r.summary))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// One rule; `package explain RULE` adds its explanation.
#[derive(Serialize)]
struct RuleEntry {
    id: &'static str,
    severity: &'static str,
    summary: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    explanation: Option<&'static str>,
}

impl RuleEntry {
    fn of(r: &rules::Rule) -> RuleEntry {
        RuleEntry {
            id: r.id,
            severity: r.severity.name(),
            summary: r.summary,
            explanation: None,
        }
    }
}

impl Report for RuleEntry {
    fn text(&self) -> String {
        let mut t = format!("{} ({}): {}", self.id, self.severity, self.summary);
        if let Some(e) = self.explanation {
            t.push_str(&format!("\n\n{e}"));
        }
        t
    }
}
