//! Diagnostics out: rustc-style text, versioned JSON, SARIF 2.1.0, GitHub workflow commands.

use serde_json::{Value, json};

use super::check::Outcome;
use super::diagnostic::{Diagnostic, LineIndex, Position, Severity, Span};
use super::rules;

/// Version of the `--format json` document; bumped only on incompatible changes.
pub const JSON_FORMAT_VERSION: u32 = 1;

fn positions(ix: &LineIndex, s: Span) -> (Position, Position) {
    (ix.position(s.start), ix.position(s.end.max(s.start + 1)))
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// rustc/cargo-like: header, location, source line with carets, related note, help.
pub fn text(file: &str, o: &Outcome, color: bool) -> String {
    let ix = LineIndex::new(&o.text);
    let paint = |code: &str, s: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let mut out = String::new();
    for d in &o.diagnostics {
        let (start, end) = positions(&ix, d.span);
        let sev = match d.severity {
            Severity::Error => paint("1;31", "error"),
            Severity::Warning => paint("1;33", "warning"),
        };
        out.push_str(&format!("{sev}[{}]: {}\n", d.rule, paint("1", &d.message)));
        let gutter = start.line.to_string().len();
        let pad = " ".repeat(gutter);
        out.push_str(&format!(
            "{pad}{} {file}:{}:{}\n",
            paint("1;34", "-->"),
            start.line,
            start.column
        ));
        let line = ix.line_text(start.line);
        // Very long lines (minified JSON) are cut around the column.
        let (shown, shift) = window(line, start.column);
        out.push_str(&format!("{pad} {}\n", paint("1;34", "|")));
        out.push_str(&format!(
            "{} {} {}\n",
            paint("1;34", &start.line.to_string()),
            paint("1;34", "|"),
            shown
        ));
        let width = if end.line == start.line {
            end.column.saturating_sub(start.column).max(1)
        } else {
            1
        };
        let col = start.column - 1 - shift;
        let marks = "^".repeat(width.min(shown.chars().count().saturating_sub(col).max(1)));
        let color_code = if d.severity == Severity::Error {
            "1;31"
        } else {
            "1;33"
        };
        out.push_str(&format!(
            "{pad} {} {}{}\n",
            paint("1;34", "|"),
            " ".repeat(col),
            paint(color_code, &marks)
        ));
        if let Some(r) = &d.related {
            let p = ix.position(r.span.start);
            out.push_str(&format!(
                "{pad} {} note: {} at {file}:{}:{}\n",
                paint("1;34", "="),
                r.message,
                p.line,
                p.column
            ));
        }
        if let Some(h) = &d.help {
            out.push_str(&format!("{pad} {} help: {h}\n", paint("1;34", "=")));
        }
        out.push('\n');
    }
    let (e, w) = (o.errors(), o.warnings());
    if e + w == 0 {
        out.push_str(&format!("{file}: ok, no problems found\n"));
    } else {
        let summary = format!("{file}: {}, {}", plural(e, "error"), plural(w, "warning"));
        out.push_str(&if e > 0 {
            paint("1;31", &summary)
        } else {
            paint("1;33", &summary)
        });
        out.push('\n');
    }
    out
}

fn window(line: &str, column: usize) -> (String, usize) {
    const MAX: usize = 120;
    let n = line.chars().count();
    if n <= MAX {
        return (line.to_string(), 0);
    }
    let start = column.saturating_sub(40).min(n.saturating_sub(MAX));
    (line.chars().skip(start).take(MAX).collect(), start)
}

fn pos_json(p: Position) -> Value {
    json!({"line": p.line, "column": p.column, "offset": p.offset})
}

fn diag_json(ix: &LineIndex, d: &Diagnostic) -> Value {
    let (s, e) = positions(ix, d.span);
    let related: Vec<Value> = d
        .related
        .iter()
        .map(|r| {
            let (rs, re) = positions(ix, r.span);
            json!({"message": r.message, "pointer": r.pointer, "start": pos_json(rs), "end": pos_json(re)})
        })
        .collect();
    json!({
        "severity": d.severity,
        "rule": d.rule,
        "pointer": d.pointer,
        "message": d.message,
        "help": d.help,
        "start": pos_json(s),
        "end": pos_json(e),
        "related": related,
    })
}

/// `--format json`: `{"version":1,"file":...,"errors":n,"warnings":n,"diagnostics":[...]}`.
pub fn json(file: &str, o: &Outcome) -> Value {
    let ix = LineIndex::new(&o.text);
    json!({
        "version": JSON_FORMAT_VERSION,
        "file": file,
        "errors": o.errors(),
        "warnings": o.warnings(),
        "diagnostics": o.diagnostics.iter().map(|d| diag_json(&ix, d)).collect::<Vec<_>>(),
    })
}

fn region(ix: &LineIndex, s: Span) -> Value {
    let (a, b) = positions(ix, s);
    json!({"startLine": a.line, "startColumn": a.column, "endLine": b.line, "endColumn": b.column})
}

/// SARIF 2.1.0, one run, every rule described.
pub fn sarif(file: &str, o: &Outcome) -> Value {
    let ix = LineIndex::new(&o.text);
    let rules_json: Vec<Value> = rules::RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "shortDescription": {"text": r.summary},
                "fullDescription": {"text": r.explanation},
                "defaultConfiguration": {"level": r.severity.name()},
            })
        })
        .collect();
    let results: Vec<Value> = o
        .diagnostics
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(h) = &d.help {
                text.push_str(&format!(" (help: {h})"));
            }
            let mut res = json!({
                "ruleId": d.rule,
                "ruleIndex": rules::RULES.iter().position(|r| r.id == d.rule),
                "level": d.severity.name(),
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": file},
                        "region": region(&ix, d.span),
                    },
                    "logicalLocations": [{"fullyQualifiedName": d.pointer, "kind": "member"}],
                }],
            });
            if let Some(r) = &d.related {
                res["relatedLocations"] = json!([{
                    "id": 1,
                    "message": {"text": r.message},
                    "physicalLocation": {
                        "artifactLocation": {"uri": file},
                        "region": region(&ix, r.span),
                    },
                }]);
            }
            res
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "publisher",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/publisher-cli/publisher",
                "rules": rules_json,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

fn gh_escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_escape_prop(s: &str) -> String {
    gh_escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// GitHub Actions workflow commands: annotations on the pull request.
pub fn github(file: &str, o: &Outcome) -> String {
    let ix = LineIndex::new(&o.text);
    let mut out = String::new();
    for d in &o.diagnostics {
        let (s, e) = positions(&ix, d.span);
        let mut msg = d.message.clone();
        if let Some(h) = &d.help {
            msg.push_str(&format!(" (help: {h})"));
        }
        out.push_str(&format!(
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            d.severity.name(),
            gh_escape_prop(file),
            s.line,
            s.column,
            e.line,
            e.column,
            gh_escape_prop(d.rule),
            gh_escape_data(&msg)
        ));
    }
    out
}
