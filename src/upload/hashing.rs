//! One sequential read of the file computes every chunk's MD5 and the whole-file MD5 in the
//! same pass, announcing each chunk as soon as it is hashed so it can go on the wire at once.

use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use md5::{Digest, Md5};
use tokio::sync::mpsc::UnboundedSender;

use super::plan::Plan;
use crate::api::auth::hex;

const BUF: usize = 1024 * 1024;

#[derive(Debug)]
pub enum Hashed {
    Chunk { index: u64, md5: String },
    Whole { md5: String },
    Failed(String),
}

/// Hash `path` per `plan` on a blocking thread. `read` counts bytes hashed (for progress).
pub fn spawn(path: PathBuf, plan: Plan, read: Arc<AtomicU64>, tx: UnboundedSender<Hashed>) {
    tokio::task::spawn_blocking(move || {
        if let Err(e) = hash_all(&path, plan, &read, &tx) {
            let _ = tx.send(Hashed::Failed(format!("{}: {e}", path.display())));
        }
    });
}

fn hash_all(
    path: &std::path::Path,
    plan: Plan,
    read: &AtomicU64,
    tx: &UnboundedSender<Hashed>,
) -> std::io::Result<()> {
    let mut f = std::fs::File::open(path)?;
    // Chunk MD5s and the whole-file MD5 are independent: the whole-file digest runs on its own
    // thread, fed the same buffers (at most 4 MiB in flight), so the two use two cores.
    // A whole-file upload needs only the one digest.
    let (wtx, wrx) = std::sync::mpsc::sync_channel::<Arc<Vec<u8>>>(4);
    let whole_thread = (!plan.is_whole()).then(|| {
        std::thread::spawn(move || {
            let mut whole = Md5::new();
            for b in wrx {
                whole.update(&b[..]);
            }
            hex(&whole.finalize())
        })
    });
    let mut whole = Md5::new();
    for index in 0..plan.count() {
        let (_, len) = plan.range(index);
        let mut chunk = Md5::new();
        let mut left = len;
        while left > 0 {
            let want = left.min(BUF as u64) as usize;
            let mut buf = vec![0u8; want];
            let n = f.read(&mut buf)?;
            if n == 0 {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::UnexpectedEof,
                    "file shrank while being read",
                ));
            }
            buf.truncate(n);
            if whole_thread.is_some() {
                chunk.update(&buf);
                if wtx.send(Arc::new(buf)).is_err() {
                    return Err(std::io::Error::other("the hashing thread stopped"));
                }
            } else {
                whole.update(&buf);
            }
            left -= n as u64;
            read.fetch_add(n as u64, Ordering::Relaxed);
        }
        if !plan.is_whole() {
            let md5 = hex(&chunk.finalize());
            if tx.send(Hashed::Chunk { index, md5 }).is_err() {
                return Ok(()); // the uploader gave up; nothing left to do
            }
        }
    }
    drop(wtx);
    let md5 = match whole_thread {
        Some(t) => t
            .join()
            .map_err(|_| std::io::Error::other("the hashing thread panicked"))?,
        None => hex(&whole.finalize()),
    };
    let _ = tx.send(Hashed::Whole { md5 });
    Ok(())
}

/// MD5 (hex) of `len` bytes of `path` at `offset`.
pub fn md5_region(path: &std::path::Path, offset: u64, len: u64) -> std::io::Result<String> {
    use std::io::{Seek, SeekFrom};
    let mut f = std::fs::File::open(path)?;
    f.seek(SeekFrom::Start(offset))?;
    let mut md5 = Md5::new();
    let mut left = len;
    let mut buf = vec![0u8; BUF];
    while left > 0 {
        let want = left.min(BUF as u64) as usize;
        let n = f.read(&mut buf[..want])?;
        if n == 0 {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "file shrank while being read",
            ));
        }
        md5.update(&buf[..n]);
        left -= n as u64;
    }
    Ok(hex(&md5.finalize()))
}
