//! What publisher prints: results on stdout (text, one JSON object, NDJSON lines, or what
//! `--jq` selects), everything for people on stderr, events as NDJSON.
//!
//! Every write to stdout goes through [`stdout`]: a reader that closed the pipe
//! (`publisher ... | head -1`) ends publisher quietly with exit 0 instead of a panic.

pub(crate) mod events;
pub(crate) mod jq;
pub(crate) mod progress;

use std::io::Write;
use std::sync::OnceLock;

use serde_json::Value;

use crate::cli::OutputFormat;
use crate::error::Failure;

static JQ: OnceLock<jq::Ast> = OnceLock::new();

/// Exit code when the reader of stdout went away: the reader asked for no more, which is not a
/// failure (`set -o pipefail` jobs keep working). Documented in README "Exit codes".
pub const CLOSED_STDOUT_EXIT: i32 = 0;

/// A command's result: one serde struct, the JSON view by serialization and the text view
/// rendered from the same fields (never read back out of a JSON map).
pub(crate) trait Report: serde::Serialize {
    fn text(&self) -> String;
}

/// What a delete command reports: the id and the server's message (or our own).
#[derive(serde::Serialize)]
pub(crate) struct Deleted {
    pub deleted: u64,
    pub message: String,
}

impl Report for Deleted {
    fn text(&self) -> String {
        self.message.clone()
    }
}

/// Print a typed result in the chosen format (see [`result`]).
pub(crate) fn show(format: OutputFormat, r: &impl Report) {
    let v = serde_json::to_value(r).unwrap_or(Value::Null);
    result(format, &v, &r.text());
}

/// Install `--jq EXPR` for this process; a malformed expression is a usage error (exit 2).
pub fn set_jq(expr: &str) -> Result<(), Failure> {
    let shown: String = match expr.char_indices().nth(80) {
        Some((cut, _)) => format!("{}...", &expr[..cut]),
        None => expr.to_string(),
    };
    let ast = jq::parse(expr).map_err(|e| Failure::usage(format!("--jq {shown:?}: {e}")))?;
    let _ = JQ.set(ast);
    Ok(())
}

pub fn jq_active() -> bool {
    JQ.get().is_some()
}

/// Write `text` to stdout. A closed stdout (EPIPE) exits at once, quietly, with
/// [`CLOSED_STDOUT_EXIT`]. Any other failure (a full disk under `> result.json`) must not pass
/// for success: one line on stderr and exit 1.
pub fn stdout(text: &[u8]) {
    let mut o = std::io::stdout().lock();
    let r = o.write_all(text).and_then(|_| o.flush());
    match r {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            std::process::exit(CLOSED_STDOUT_EXIT);
        }
        Err(e) => {
            crate::ui::stderr_raw(&format!("error: cannot write the result to stdout: {e}\n"));
            std::process::exit(crate::error::Exit::Internal.code());
        }
    }
}

/// `stdout` plus a newline.
pub fn stdout_line(text: &str) {
    let mut s = String::with_capacity(text.len() + 1);
    s.push_str(text);
    s.push('\n');
    stdout(s.as_bytes());
}

/// Print a command's result: `json` as one object; `ndjson` as one line per list item (or one
/// compact line); `text` is the human lines. `--jq` applies to the JSON form whatever the format.
pub(crate) fn result(format: OutputFormat, json: &Value, text: &str) {
    if let Some(ast) = JQ.get() {
        match jq::eval(ast, json) {
            Ok(vals) => {
                let mut out = String::new();
                for v in vals {
                    out.push_str(&jq::render(&v));
                    out.push('\n');
                }
                stdout(out.as_bytes());
            }
            Err(e) => {
                crate::ui::stderr_raw(&format!("error: --jq: {e}\n"));
                // Not a failure of the command itself, but the pipeline gets nothing: exit 2.
                std::process::exit(crate::error::Exit::Usage.code());
            }
        }
        return;
    }
    match format {
        OutputFormat::Json => {
            stdout_line(&serde_json::to_string_pretty(json).unwrap_or_else(|_| "{}".into()))
        }
        OutputFormat::Ndjson => {
            let mut out = String::new();
            match json.get("items").and_then(Value::as_array) {
                Some(items) if json.get("hasMore").is_some() => {
                    for i in items {
                        out.push_str(&i.to_string());
                        out.push('\n');
                    }
                }
                _ => {
                    out.push_str(&json.to_string());
                    out.push('\n');
                }
            }
            stdout(out.as_bytes());
        }
        OutputFormat::Text => {
            if !text.is_empty() {
                stdout_line(text.trim_end());
            }
        }
    }
}

/// The one list envelope of every `list` command: `{items, hasMore, count, totalResults}`
/// (`totalResults` is null when the server does not say).
#[derive(Debug, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ListEnvelope<T> {
    pub items: Vec<T>,
    pub has_more: bool,
    pub count: usize,
    pub total_results: Option<u64>,
}

impl<T> ListEnvelope<T> {
    pub fn new(items: Vec<T>, has_more: bool, total_results: Option<u64>) -> ListEnvelope<T> {
        ListEnvelope {
            count: items.len(),
            items,
            has_more,
            total_results,
        }
    }
}
