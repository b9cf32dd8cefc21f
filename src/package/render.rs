//! Diagnostics out: rustc-style text, versioned JSON, SARIF 2.1.0, GitHub workflow commands,
//! GitLab Code Quality and JUnit XML.

use serde_json::{Value, json};

use super::check::Outcome;
use super::diagnostic::{Diagnostic, LineIndex, Position, Severity, Span};
use super::rules;

/// Version of the `--format json` document; bumped only on incompatible changes.
pub(crate) const JSON_FORMAT_VERSION: u32 = 1;

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

/// Severity in GitLab's Code Quality vocabulary (info, minor, major, critical, blocker).
fn gitlab_severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
    }
}

/// GitLab Code Quality report (`artifacts:reports:codequality`): a JSON array of issues.
///
/// The fingerprint hashes the file, rule, JSON pointer and message (not the line), so an issue
/// keeps its identity when unrelated lines move; identical issues are told apart by their rank.
pub(crate) fn gitlab(file: &str, o: &Outcome) -> Value {
    let ix = LineIndex::new(&o.text);
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let issues: Vec<Value> = o
        .diagnostics
        .iter()
        .map(|d| {
            let (s, _) = positions(&ix, d.span);
            let identity = format!("{file}\0{}\0{}\0{}", d.rule, d.pointer, d.message);
            let rank = seen.entry(identity.clone()).or_default();
            *rank += 1;
            let fingerprint = crate::digest::md5_hex(format!("{identity}\0{rank}").as_bytes());
            let mut description = d.message.clone();
            if let Some(h) = &d.help {
                description.push_str(&format!(" (help: {h})"));
            }
            json!({
                "description": description,
                "check_name": d.rule,
                "fingerprint": fingerprint,
                "severity": gitlab_severity(d.severity),
                "location": {"path": file, "lines": {"begin": s.line}},
            })
        })
        .collect();
    Value::Array(issues)
}

/// Text for XML character data and double-quoted attribute values: escaped, and characters XML 1.0 cannot
/// carry at all (most C0 controls) replaced by U+FFFD.
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// JUnit XML (`artifacts:reports:junit`, and most CI test viewers): one test case per
/// diagnostic, errors as failures and warnings as passing cases that say so; a clean file is
/// one passing case.
pub(crate) fn junit(file: &str, o: &Outcome) -> String {
    let ix = LineIndex::new(&o.text);
    let f = xml_escape(file);
    let errors = o.errors();
    let mut cases = String::new();
    for d in &o.diagnostics {
        let (s, _) = positions(&ix, d.span);
        let mut body = format!("{file}:{}:{}: {}", s.line, s.column, d.message);
        if let Some(r) = &d.related {
            let p = ix.position(r.span.start);
            body.push_str(&format!(
                "\nnote: {} at {file}:{}:{}",
                r.message, p.line, p.column
            ));
        }
        if let Some(h) = &d.help {
            body.push_str(&format!("\nhelp: {h}"));
        }
        cases.push_str(&format!(
            "    <testcase name=\"{}\" classname=\"publisher.package.{}\" file=\"{f}\" line=\"{}\">\n",
            xml_escape(format!("{} at {}:{} {}", d.rule, s.line, s.column, d.pointer).trim_end()),
            xml_escape(d.rule),
            s.line
        ));
        match d.severity {
            Severity::Error => cases.push_str(&format!(
                "      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                xml_escape(d.rule),
                xml_escape(&d.message),
                xml_escape(&body)
            )),
            Severity::Warning => cases.push_str(&format!(
                "      <system-out>warning: {}</system-out>\n",
                xml_escape(&body)
            )),
        }
        cases.push_str("    </testcase>\n");
    }
    let tests = if o.diagnostics.is_empty() {
        cases.push_str(&format!(
            "    <testcase name=\"no problems found\" classname=\"publisher.package\" file=\"{f}\"/>\n"
        ));
        1
    } else {
        o.diagnostics.len()
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <testsuites name=\"publisher package validate\" tests=\"{tests}\" failures=\"{errors}\" errors=\"0\">\n  \
         <testsuite name=\"{f}\" tests=\"{tests}\" failures=\"{errors}\" errors=\"0\" skipped=\"0\">\n\
         {cases}  </testsuite>\n</testsuites>\n"
    )
}
