//! Upload bodies on disk: temporary files that clean up after themselves, and hashing.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use axum::extract::multipart::Field;
use axum::http::StatusCode;
use axum::response::Response;
use tokio::io::AsyncWriteExt;

use super::Shared;
use super::http::{bad_request, error};
use crate::digest::Md5Sink;

pub fn tmp_path(s: &Shared) -> PathBuf {
    let n: u64 = s.rng.lock().map(|mut r| r.u64(..)).unwrap_or(0);
    s.store.dir.join("tmp").join(format!("upload-{n:016x}"))
}

/// A temporary upload file, removed when dropped unless `persist` moved it into place.
pub struct TempFile {
    path: PathBuf,
    kept: bool,
}

impl TempFile {
    pub fn new(s: &Shared) -> TempFile {
        TempFile {
            path: tmp_path(s),
            kept: false,
        }
    }

    /// Move the file to `dest` (creating its directory); on failure it is still removed on drop.
    pub fn persist(mut self, dest: &Path) -> std::io::Result<()> {
        if let Some(dir) = dest.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::rename(&self.path, dest)?;
        self.kept = true;
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// A received `file` part: its bytes on disk (None under `--discard`), size and MD5.
pub struct Received {
    pub file: Option<TempFile>,
    pub size: u64,
    /// Hex MD5; None under `--discard` (nothing is hashed).
    pub md5: Option<String>,
}

/// Read one `file` part: stored and hashed, or (with `--discard`) counted and thrown away.
pub async fn receive(s: &Shared, field: &mut Field<'_>) -> Result<Received, Response> {
    if s.config.link.discard {
        let mut size = 0u64;
        loop {
            match field.chunk().await {
                Ok(Some(b)) => {
                    s.stats
                        .received_bytes
                        .fetch_add(b.len() as u64, Ordering::Relaxed);
                    size += b.len() as u64;
                }
                Ok(None) => break,
                Err(e) => return Err(bad_request(format!("malformed multipart body: {e}"))),
            }
        }
        return Ok(Received {
            file: None,
            size,
            md5: None,
        });
    }
    let tmp = TempFile::new(s);
    let (size, md5) = save_field(field, &tmp.path, &s.stats.received_bytes).await?;
    Ok(Received {
        file: Some(tmp),
        size,
        md5: Some(md5),
    })
}

/// Stream one multipart field to `dest`, returning (size, md5 hex).
pub async fn save_field(
    field: &mut Field<'_>,
    dest: &Path,
    received: &AtomicU64,
) -> Result<(u64, String), Response> {
    let io = |e: std::io::Error| error(StatusCode::INTERNAL_SERVER_ERROR, format!("storage: {e}"));
    if let Some(dir) = dest.parent() {
        tokio::fs::create_dir_all(dir).await.map_err(io)?;
    }
    let mut f = tokio::fs::File::create(dest).await.map_err(io)?;
    let mut md5 = Md5Sink::default();
    loop {
        match field.chunk().await {
            Ok(Some(b)) => {
                received.fetch_add(b.len() as u64, Ordering::Relaxed);
                md5.update(&b);
                f.write_all(&b).await.map_err(io)?;
            }
            Ok(None) => break,
            Err(e) => {
                drop(f);
                let _ = tokio::fs::remove_file(dest).await;
                return Err(bad_request(format!("malformed multipart body: {e}")));
            }
        }
    }
    // No fsync: the sandbox must survive its own restart (the page cache does), not a power
    // cut, and syncing every upload would make it measure the disk instead of the client.
    f.flush().await.map_err(io)?;
    Ok(md5.finish())
}
