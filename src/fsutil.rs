//! File helpers: crash-safe writes (a reader sees the old file or the new one, never a torn mix)
//! and one-line errors for input files that cannot be read.

use std::io::Write;
use std::path::Path;

/// The one-line error for an input file that cannot be read. `label` names it as the user gave
/// it (a path, or `--file PATH`); `what` is what the file should be ("the image").
pub fn unreadable(label: &str, e: &std::io::Error, what: &str) -> crate::error::Failure {
    use crate::error::Failure;
    match e.kind() {
        std::io::ErrorKind::NotFound => {
            Failure::input(format!("{label}: no such file; check the path to {what}"))
        }
        std::io::ErrorKind::PermissionDenied => Failure::input(format!(
            "{label}: permission denied; make the file readable"
        )),
        _ => Failure::input(format!("{label}: cannot read: {e}")),
    }
}

/// Write `bytes` to `path` atomically: temp file in the same directory, fsync, rename, fsync the
/// directory. `private` makes the file mode 0600 from the start (tokens, secrets).
pub fn write_atomic(path: &Path, bytes: &[u8], private: bool) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".tmp-")
        .permissions(permissions(private))
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(dir);
    Ok(())
}

#[cfg(unix)]
fn permissions(private: bool) -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::Permissions::from_mode(if private { 0o600 } else { 0o644 })
}

#[cfg(not(unix))]
fn permissions(_private: bool) -> std::fs::Permissions {
    std::fs::metadata(".").map(|m| m.permissions()).unwrap()
}

/// Make a rename durable. Best effort: not every platform can open a directory.
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Permission bits of a file, when the platform has them.
#[cfg(unix)]
pub fn mode(meta: &std::fs::Metadata) -> Option<u32> {
    use std::os::unix::fs::PermissionsExt;
    Some(meta.permissions().mode() & 0o777)
}

#[cfg(not(unix))]
pub fn mode(_meta: &std::fs::Metadata) -> Option<u32> {
    None
}
