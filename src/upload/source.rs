//! The file being uploaded: checked before any network work, named for the server, identified
//! for the journal, and hashed (chunk MD5s and the whole-file MD5) with progress.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use super::hashing::{self, Hashed};
use super::journal::FileIdentity;
use super::plan::Plan;
use super::report::Reporter;
use super::spec::UploadSpec;
use crate::error::{Exit, Failure};
use crate::output::progress::{Phase, Snapshot};

/// Check the source file and return its canonical path and metadata.
pub fn inspect_source(file: &Path) -> Result<(PathBuf, std::fs::Metadata), Failure> {
    let shown = file.display();
    let meta = std::fs::metadata(file)
        .map_err(|e| crate::fsutil::unreadable(&shown.to_string(), &e, "the image"))?;
    if meta.is_dir() {
        return Err(Failure::input(format!(
            "{shown} is a directory; give the image file (e.g. {shown}/image.tar.gz)"
        )));
    }
    if !meta.is_file() {
        return Err(Failure::input(format!(
            "{shown} is not a regular file; upload a regular image file"
        )));
    }
    if meta.len() == 0 {
        return Err(Failure::input(format!(
            "{shown} is empty; nothing to upload"
        )));
    }
    std::fs::File::open(file).map_err(|e| {
        Failure::input(format!("{shown}: cannot open: {e}; make the file readable"))
    })?;
    let path = std::fs::canonicalize(file)
        .map_err(|e| Failure::input(format!("{shown}: cannot resolve path: {e}")))?;
    Ok((path, meta))
}

/// The name sent in X-File-Name: the file's base name, which HTTP headers must be able to carry.
pub fn header_file_name(path: &Path) -> Result<String, Failure> {
    let name = path.file_name().and_then(|n| n.to_str()).ok_or_else(|| {
        Failure::input(format!(
            "{}: the file name is not UTF-8; rename the file",
            path.display()
        ))
    })?;
    if !name.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
        return Err(Failure::input(format!(
            "file name '{name}' has characters an HTTP header cannot carry; rename it to plain ASCII"
        )));
    }
    Ok(name.to_string())
}

/// `ubuntu-22.04.tar.gz` -> `ubuntu-22.04`: the name without archive extensions.
pub fn default_application(file_name: &str) -> String {
    let mut s = file_name;
    for ext in [
        ".gz", ".xz", ".bz2", ".zst", ".tar", ".tgz", ".img", ".qcow2", ".raw", ".vmdk", ".oci",
    ] {
        if let Some(stripped) = s.strip_suffix(ext).filter(|x| !x.is_empty()) {
            s = stripped;
        }
    }
    s.to_string()
}

pub(super) fn current_identity(spec: &UploadSpec) -> Result<FileIdentity, Failure> {
    let m = std::fs::metadata(&spec.path)
        .map_err(|e| crate::fsutil::unreadable(&spec.shown, &e, "the image"))?;
    Ok(FileIdentity::of(&spec.path, &m))
}

/// Hash the whole file per `plan`, with progress: (chunk MD5s, whole-file MD5).
pub(super) async fn hash_file(
    path: &Path,
    plan: Plan,
    rep: &Reporter,
) -> Result<(Vec<String>, String), Failure> {
    let read = Arc::new(AtomicU64::new(0));
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    hashing::spawn(path.to_path_buf(), plan, read.clone(), tx);
    rep.phase(
        Phase::Hashing,
        None,
        None,
        Snapshot {
            total_bytes: plan.size,
            ..Default::default()
        },
    );
    let mut chunks = vec![String::new(); plan.count() as usize];
    let mut tick = tokio::time::interval(Duration::from_millis(200));
    loop {
        tokio::select! {
            m = rx.recv() => match m {
                Some(Hashed::Chunk { index, md5 }) => chunks[index as usize] = md5,
                Some(Hashed::Whole { md5 }) => {
                    if plan.is_whole() {
                        chunks[0] = md5.clone();
                    }
                    return Ok((chunks, md5));
                }
                Some(Hashed::Failed(e)) => return Err(Failure::input(format!("cannot read {e}"))),
                None => return Err(Failure::new(Exit::Internal, "hashing stopped unexpectedly")),
            },
            _ = tick.tick() => rep.progress.update(Snapshot {
                done_bytes: read.load(Ordering::Relaxed), total_bytes: plan.size, ..Default::default()
            }),
        }
    }
}
