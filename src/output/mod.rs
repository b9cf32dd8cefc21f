//! What publisher prints: results on stdout (text or one JSON object), everything for people on
//! stderr, events as NDJSON.

pub mod events;
pub mod progress;

use serde_json::Value;

use crate::cli::OutputFormat;

/// Print a command's result: `json` goes to stdout as one object; `text` is the human lines.
pub fn result(format: OutputFormat, json: &Value, text: &str) {
    match format {
        OutputFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(json).unwrap_or_else(|_| "{}".into())
        ),
        OutputFormat::Text => {
            if !text.is_empty() {
                println!("{}", text.trim_end());
            }
        }
    }
}
