//! The package validator: checks a PackageVersion document locally, with rule ids and precise
//! positions, before anything is sent.

pub(crate) mod check;
pub(crate) mod diagnostic;
pub mod render;
pub mod rules;
pub(crate) mod shape;

use std::io::Read;
use std::path::Path;

pub use check::{Options, Outcome, check_bytes};
pub use diagnostic::Severity;

use crate::error::Failure;

/// Read a package file (refusing huge ones unread) and check it.
pub fn check_file(path: &Path, opts: &Options) -> Result<Outcome, Failure> {
    if path.as_os_str() == "-" {
        return check_stdin(opts);
    }
    let shown = path.display();
    let f = std::fs::File::open(path)
        .map_err(|e| crate::fsutil::unreadable(&shown.to_string(), &e, "the package JSON"))?;
    let meta = f
        .metadata()
        .map_err(|e| Failure::input(format!("{shown}: {e}")))?;
    if meta.is_dir() {
        return Err(Failure::input(format!(
            "{shown} is a directory; give the package .json file"
        )));
    }
    if meta.len() > check::MAX_DOCUMENT {
        return Ok(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    f.take(check::MAX_DOCUMENT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::input(format!("{shown}: cannot read: {e}")))?;
    if bytes.len() as u64 > check::MAX_DOCUMENT {
        return Ok(too_large(bytes.len() as u64));
    }
    Ok(check_bytes(&bytes, opts))
}

/// `-` reads the document from standard input (for `curl ... | publisher package validate -`).
fn check_stdin(opts: &Options) -> Result<Outcome, Failure> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(check::MAX_DOCUMENT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::input(format!("standard input: cannot read: {e}")))?;
    if bytes.len() as u64 > check::MAX_DOCUMENT {
        return Ok(too_large(bytes.len() as u64));
    }
    Ok(check_bytes(&bytes, opts))
}

fn too_large(size: u64) -> Outcome {
    Outcome {
        text: String::new(),
        diagnostics: vec![diagnostic::Diagnostic {
            severity: Severity::Error,
            rule: rules::id::FILE_TOO_LARGE.as_str(),
            pointer: String::new(),
            span: diagnostic::Span { start: 0, end: 0 },
            message: format!(
                "the file is {size} bytes; package documents are small (limit {} MiB)",
                check::MAX_DOCUMENT >> 20
            ),
            help: Some(
                "check the path: this is probably an image or archive, not the package JSON".into(),
            ),
            related: None,
        }],
    }
}
