//! `--events`: typed NDJSON events for pipelines (started, phase, chunk_acked, retry, finished).

use std::io::Write;
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

#[derive(Clone, Default)]
pub struct Events {
    sink: Option<Arc<Mutex<Box<dyn Write + Send>>>>,
}

impl Events {
    /// `-` is stderr; anything else is a file, created or truncated.
    pub fn open(target: Option<&std::path::Path>) -> Result<Events, crate::error::Failure> {
        let Some(t) = target else {
            return Ok(Events::default());
        };
        let w: Box<dyn Write + Send> = if t.as_os_str() == "-" {
            Box::new(std::io::stderr())
        } else {
            Box::new(std::fs::File::create(t).map_err(|e| {
                crate::error::Failure::usage(format!(
                    "--events {}: cannot create: {e}",
                    t.display()
                ))
            })?)
        };
        Ok(Events {
            sink: Some(Arc::new(Mutex::new(w))),
        })
    }

    /// Write one typed event: its serialized object (which carries `event`) plus `time`.
    pub fn send<T: serde::Serialize>(&self, event: &T) {
        if self.sink.is_none() {
            return;
        }
        if let Ok(Value::Object(mut fields)) = serde_json::to_value(event) {
            let kind = fields
                .remove("event")
                .and_then(|k| k.as_str().map(str::to_string))
                .unwrap_or_default();
            self.emit(&kind, Value::Object(fields));
        }
    }

    /// Write one event line: `{"event": kind, "time": RFC 3339, ...fields}`.
    pub fn emit(&self, kind: &str, fields: Value) {
        let Some(sink) = &self.sink else { return };
        let mut obj = json!({
            "event": kind,
            "time": crate::clock::now_rfc3339_millis(),
        });
        if let (Some(o), Value::Object(f)) = (obj.as_object_mut(), fields) {
            o.extend(f);
        }
        if let Ok(mut w) = sink.lock() {
            let _ = writeln!(w, "{obj}");
            let _ = w.flush();
        }
    }
}
