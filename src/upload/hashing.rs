//! Chunk MD5s and the whole-file MD5 on two cores.
//!
//! The whole-file digest is one stream, so it walks the file in order with the fastest
//! single-stream MD5 here (md5-many's assembly). The chunk digests are independent streams, so
//! they walk windows of chunks side by side through SIMD lanes (multi-buffer MD5), several times
//! faster: chunks are ready to send long before the whole-file digest is done, and the first
//! window is a single chunk so the first request starts after one chunk is hashed. Both walks
//! read through the page cache, so the disk is read once. Every digest is cross-checked against
//! the md-5 crate in the tests below.

use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use md5_many::{Md5Many, Md5State};
use tokio::sync::mpsc::UnboundedSender;

use super::plan::Plan;
use crate::digest::hex;

/// Read size of the whole-file walk.
const WHOLE_BUF: usize = 1024 * 1024;
/// Read size per lane of the chunk walk (lanes x this is the walk's memory).
const LANE_BUF: usize = 256 * 1024;
/// Bytes one window of chunks may span: digests are announced a window at a time, so a window
/// of large chunks would hold back the chunks after the first.
const WINDOW_BYTES: u64 = 512 * 1024 * 1024;

#[derive(Debug)]
pub enum Hashed {
    Chunk {
        index: u64,
        md5: String,
    },
    /// Always last: sent after every chunk digest.
    Whole {
        md5: String,
    },
    Failed(String),
}

/// Hash `path` per `plan` on blocking threads. `read` counts bytes of the whole-file walk.
pub fn spawn(path: PathBuf, plan: Plan, read: Arc<AtomicU64>, tx: UnboundedSender<Hashed>) {
    tokio::task::spawn_blocking(move || {
        let chunks = (!plan.is_whole()).then(|| {
            let (p, tx) = (path.clone(), tx.clone());
            std::thread::spawn(move || {
                chunk_digests(&p, plan, |index, md5| {
                    let _ = tx.send(Hashed::Chunk {
                        index,
                        md5: hex(&md5),
                    });
                })
            })
        });
        let whole = whole_digest(&path, plan.size, &read);
        let chunks = match chunks.map(|t| t.join()) {
            None | Some(Ok(Ok(()))) => Ok(()),
            Some(Ok(Err(e))) => Err(e),
            Some(Err(_)) => Err(std::io::Error::other("the chunk hashing thread panicked")),
        };
        let msg = match (whole, chunks) {
            (Ok(md5), Ok(())) => Hashed::Whole { md5: hex(&md5) },
            (Err(e), _) | (_, Err(e)) => Hashed::Failed(format!("{}: {e}", path.display())),
        };
        let _ = tx.send(msg);
    });
}

fn shrank() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::UnexpectedEof,
        "file shrank while being read",
    )
}

/// MD5 of the first `size` bytes, read in order.
pub fn whole_digest(path: &Path, size: u64, read: &AtomicU64) -> std::io::Result<[u8; 16]> {
    region_digest(path, 0, size, Some(read))
}

/// MD5 of `len` bytes at `offset`, read in order; `read` counts the bytes.
fn region_digest(
    path: &Path,
    offset: u64,
    len: u64,
    read: Option<&AtomicU64>,
) -> std::io::Result<[u8; 16]> {
    let mut f = std::fs::File::open(path)?;
    f.seek(SeekFrom::Start(offset))?;
    let mut state = Md5State::new();
    let mut buf = vec![0u8; WHOLE_BUF];
    let mut left = len;
    while left > 0 {
        let want = left.min(WHOLE_BUF as u64) as usize;
        let n = f.read(&mut buf[..want])?;
        if n == 0 {
            return Err(shrank());
        }
        state.update(&buf[..n]);
        left -= n as u64;
        if let Some(r) = read {
            r.fetch_add(n as u64, Ordering::Relaxed);
        }
    }
    Ok(state.finalize())
}

/// Every chunk's MD5, announced in index order as each window of chunks completes. The first
/// window is one chunk (so sending can start at once); later ones fill the SIMD lanes.
pub fn chunk_digests(
    path: &Path,
    plan: Plan,
    mut done: impl FnMut(u64, [u8; 16]),
) -> std::io::Result<()> {
    let engine = Md5Many::new();
    let by_bytes = (WINDOW_BYTES / plan.chunk_size().max(1)).max(1);
    let width = ((engine.lanes() * 2).clamp(8, 32) as u64).min(by_bytes);
    let mut first = 0u64;
    while first < plan.count() {
        let window = if first == 0 { 1 } else { width };
        let last = (first + window).min(plan.count());
        let lanes: Vec<u64> = (first..last).collect();
        let mut files = Vec::with_capacity(lanes.len());
        let mut left = Vec::with_capacity(lanes.len());
        for i in &lanes {
            let (offset, len) = plan.range(*i);
            let mut f = std::fs::File::open(path)?;
            f.seek(SeekFrom::Start(offset))?;
            files.push(f);
            left.push(len);
        }
        // A lone stream goes through the single-stream assembly: a SIMD kernel with one
        // busy lane is slower than it.
        let single = lanes.len() == 1;
        // The SIMD kernels run whole groups of streams (8, 16, 32): a window that does not fill
        // one (7 streams run ten times slower than 8 here) is padded with throwaway streams.
        let padded = match lanes.len() {
            1 => 1,
            n if n <= 8 => 8,
            n => n.div_ceil(16) * 16,
        };
        let mut states = vec![Md5State::new(); padded];
        let mut bufs = vec![vec![0u8; LANE_BUF]; lanes.len()];
        while left.iter().any(|l| *l > 0) {
            let mut lens = vec![0usize; lanes.len()];
            for (k, f) in files.iter_mut().enumerate() {
                let want = left[k].min(LANE_BUF as u64) as usize;
                let mut filled = 0;
                while filled < want {
                    let n = f.read(&mut bufs[k][filled..want])?;
                    if n == 0 {
                        return Err(shrank());
                    }
                    filled += n;
                }
                lens[k] = filled;
                left[k] -= filled as u64;
            }
            if single {
                states[0].update(&bufs[0][..lens[0]]);
            } else {
                let mut inputs: Vec<&[u8]> =
                    bufs.iter().zip(&lens).map(|(b, n)| &b[..*n]).collect();
                inputs.resize(padded, inputs[0]);
                engine.update_many(&mut states, &inputs);
            }
        }
        let mut out = vec![[0u8; 16]; padded];
        if single {
            out[0] = states[0].finalize();
        } else {
            engine.finalize_many(&states, &mut out);
        }
        for (i, d) in lanes.iter().zip(out) {
            // (zip stops at the real lanes; the padding's digests are dropped)
            done(*i, d);
        }
        first = last;
    }
    Ok(())
}

/// MD5 (hex) of `len` bytes of `path` at `offset`.
pub fn md5_region(path: &Path, offset: u64, len: u64) -> std::io::Result<String> {
    region_digest(path, offset, len, None).map(|d| hex(&d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use md5::Digest;

    fn reference(b: &[u8]) -> [u8; 16] {
        md5::Md5::digest(b).into()
    }

    /// Random sizes and chunk counts, so chunk boundaries fall anywhere inside 64-byte blocks;
    /// every digest must equal md-5's.
    #[test]
    fn digests_match_md5_crate_on_random_inputs_and_boundaries() {
        let dir = tempfile::tempdir().unwrap();
        let mut rng = fastrand::Rng::with_seed(42);
        let mut sizes: Vec<usize> = vec![1, 63, 64, 65, 127, 128, 129, LANE_BUF - 1, LANE_BUF + 1];
        sizes.extend((0..24).map(|_| rng.usize(1..3 * LANE_BUF + 4096)));
        sizes.push(5 * 1024 * 1024 + 17);
        for (n, size) in sizes.into_iter().enumerate() {
            let mut data = vec![0u8; size];
            rng.fill(&mut data);
            let p = dir.path().join(format!("f{n}"));
            std::fs::write(&p, &data).unwrap();
            let read = AtomicU64::new(0);
            assert_eq!(
                whole_digest(&p, size as u64, &read).unwrap(),
                reference(&data)
            );
            assert_eq!(read.load(Ordering::Relaxed), size as u64);
            let chunks = rng.u64(1..=(size as u64).min(70));
            let plan = Plan {
                size: size as u64,
                chunks,
            };
            let mut seen = vec![];
            chunk_digests(&p, plan, |i, d| seen.push((i, d))).unwrap();
            assert_eq!(seen.len() as u64, chunks, "size {size}, {chunks} chunks");
            for (k, (i, d)) in seen.iter().enumerate() {
                assert_eq!(*i, k as u64, "in index order");
                let (o, l) = plan.range(*i);
                let want = reference(&data[o as usize..(o + l) as usize]);
                assert_eq!(*d, want, "size {size}, chunk {i} of {chunks}");
            }
            let (o, l) = plan.range(chunks - 1);
            assert_eq!(
                md5_region(&p, o, l).unwrap(),
                hex(&reference(&data[o as usize..(o + l) as usize]))
            );
        }
    }

    #[test]
    fn a_shrunk_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        std::fs::write(&p, [1u8; 100]).unwrap();
        let plan = Plan {
            size: 200,
            chunks: 4,
        };
        assert!(chunk_digests(&p, plan, |_, _| {}).is_err());
        assert!(whole_digest(&p, 200, &AtomicU64::new(0)).is_err());
    }
}
