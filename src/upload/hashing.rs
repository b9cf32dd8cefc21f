//! Chunk MD5s and the whole-file MD5 on two cores.
//!
//! The whole-file digest is one stream, so it walks the file in order with the fastest
//! single-stream MD5 here (md5-many's assembly). The chunk digests are independent streams, so
//! they walk windows of chunks side by side through SIMD lanes (multi-buffer MD5), several times
//! faster: chunks are ready to send long before the whole-file digest is done.
//!
//! One read of the disk: the two walks cannot share one buffer (a window's lanes read every
//! chunk of the window at once, the whole-file walk reads in file order, so sharing would mean
//! buffering up to a window of data), so they share the page cache instead. The chunk walk
//! never reads more than [`cache_budget`] bytes ahead of the whole-file walk, and a window
//! never spans more than that budget, so every page the chunk walk reads is still cached when
//! the whole-file walk gets there, even for a file larger than RAM, and memory stays at the
//! read buffers (lanes x [`LANE_BUF`] + [`WHOLE_BUF`]). The send path reads each chunk again
//! right after it is hashed: from the cache while the link keeps up, and from disk only when
//! the link is slower than the disk, when the disk is not what limits the upload.
//!
//! Those three walks copy each byte from the page cache three times (about a fifth of a
//! verified upload's CPU). Mapping the file instead was measured (memmap2 windows, a SIGBUS
//! guard for a file shrinking under the map): the per-page cost of mapping and unmapping ate
//! what the copies cost, and system time did not move, so the walks read.
//!
//! Measured on the 2-core AVX-512 machine of issue 13 (loaded, best of 5, MB/s of real data):
//! single stream md5-many 610-775, md-5 620-630, `openssl speed md5` 730-750 (so OpenSSL is not
//! clearly faster, and would add a C build); md5-many multi-buffer: 8 lanes 4200-4400,
//! 16 lanes 6000, 24 lanes 5100, 32 lanes 5900; 4 real lanes padded to 8: 2200-2400, unpadded
//! 1650-1760; 7 unpadded: 250 (padded to 8: 3700-4000); 2 padded to 8: 1200. So windows hold
//! whole groups of 8 real chunks where they can, a short window is padded (padding still beats
//! the single stream from 2 lanes up), and a lone chunk takes the single stream.
//! Every digest is cross-checked against the md-5 crate in the tests below.

use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};

use md5_many::{Md5Many, Md5State};
use tokio::sync::mpsc::UnboundedSender;

use super::plan::Plan;
use crate::digest::hex;

/// Read size of the whole-file walk.
const WHOLE_BUF: usize = 1024 * 1024;
/// Read size per lane of the chunk walk (lanes x this is the walk's memory).
const LANE_BUF: usize = 256 * 1024;
/// Lanes the SIMD kernels run at full speed in (AVX2's 8; wider kernels take multiples).
const GROUP: u64 = 8;
/// The most chunks hashed side by side.
const MAX_LANES: u64 = 32;

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

/// How far the whole-file walk has read. The chunk walk waits on it so that it stays within
/// the page-cache budget ahead; it reads `u64::MAX` once the walk has ended, however it ended.
#[derive(Default)]
pub struct Walked {
    at: Mutex<u64>,
    moved: Condvar,
}

impl Walked {
    fn set(&self, at: u64) {
        *self.at.lock().unwrap_or_else(|p| p.into_inner()) = at;
        self.moved.notify_all();
    }

    /// Block until the whole-file walk has read `at` bytes (or ended).
    fn wait_for(&self, at: u64) {
        let mut now = self.at.lock().unwrap_or_else(|p| p.into_inner());
        while *now < at {
            now = self.moved.wait(now).unwrap_or_else(|p| p.into_inner());
        }
    }
}

/// Marks the whole-file walk as ended when dropped (on success, error or panic alike), so the
/// chunk walk never waits for a walk that stopped.
struct Ended<'a>(&'a Walked);

impl Drop for Ended<'_> {
    fn drop(&mut self) {
        self.0.set(u64::MAX);
    }
}

/// Bytes the chunk walk may run ahead of the whole-file walk: a quarter of the memory
/// available now (Linux), at least 64 MiB and at most 1 GiB; 512 MiB where that is unknown.
pub fn cache_budget() -> u64 {
    const MIB: u64 = 1024 * 1024;
    let available = std::fs::read_to_string("/proc/meminfo").ok().and_then(|m| {
        m.lines()
            .find_map(|l| l.strip_prefix("MemAvailable:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map(|kib| kib * 1024)
    });
    available.map_or(512 * MIB, |a| (a / 4).clamp(64 * MIB, 1024 * MIB))
}

/// Hash `path` per `plan` on blocking threads. `read` counts bytes of the whole-file walk.
pub fn spawn(path: PathBuf, plan: Plan, read: Arc<AtomicU64>, tx: UnboundedSender<Hashed>) {
    tokio::task::spawn_blocking(move || {
        let walked = Arc::new(Walked::default());
        let chunks = (!plan.is_whole()).then(|| {
            let (p, tx, walked) = (path.clone(), tx.clone(), walked.clone());
            std::thread::spawn(move || {
                let lead = Lead {
                    walked: &walked,
                    budget: cache_budget(),
                };
                chunk_digests(&p, plan, Some(lead), |index, md5| {
                    let _ = tx.send(Hashed::Chunk {
                        index,
                        md5: hex(&md5),
                    });
                })
            })
        });
        let whole = {
            let _ended = Ended(&walked);
            region_digest(&path, 0, plan.size, Some(&read), Some(&walked))
        };
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

/// MD5 of `len` bytes at `offset`, read in order; `read` counts the bytes and `walked` is told
/// how far the walk got.
fn region_digest(
    path: &Path,
    offset: u64,
    len: u64,
    read: Option<&AtomicU64>,
    walked: Option<&Walked>,
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
        if let Some(w) = walked {
            w.set(offset + len - left);
        }
    }
    Ok(state.finalize())
}

/// The chunk walk's leash: it reads no further than `budget` bytes past where the whole-file
/// walk has got to.
pub struct Lead<'a> {
    pub walked: &'a Walked,
    pub budget: u64,
}

/// The windows of chunks hashed side by side, in order. A window spans at most `budget` bytes
/// (one chunk when a chunk is larger). Where that allows a full group of lanes, the first
/// window is one group (its chunks are ready after about one chunk's hashing time, so sending
/// starts at once) and the others are whole groups up to [`MAX_LANES`]; only the last may be
/// short (and is padded).
fn windows(plan: Plan, budget: u64) -> Vec<Range<u64>> {
    let fit = (budget / plan.chunk_size().max(1)).clamp(1, MAX_LANES);
    let (first, rest) = if fit < GROUP {
        (fit, fit)
    } else {
        (GROUP, fit / GROUP * GROUP)
    };
    let mut out = Vec::new();
    let mut at = 0;
    while at < plan.count() {
        let width = if at == 0 { first } else { rest };
        let end = (at + width).min(plan.count());
        out.push(at..end);
        at = end;
    }
    out
}

/// Every chunk's MD5, announced in index order as each window of chunks completes. With a
/// `lead`, each window waits until it lies within the budget of the whole-file walk.
pub fn chunk_digests(
    path: &Path,
    plan: Plan,
    lead: Option<Lead<'_>>,
    mut done: impl FnMut(u64, [u8; 16]),
) -> std::io::Result<()> {
    let engine = Md5Many::new();
    let budget = lead.as_ref().map_or(u64::MAX, |l| l.budget);
    for window in windows(plan, budget) {
        if let Some(l) = &lead {
            let (last_offset, last_len) = plan.range(window.end - 1);
            l.walked
                .wait_for((last_offset + last_len).saturating_sub(l.budget));
        }
        for (i, d) in hash_window(path, plan, window.clone(), engine)?
            .into_iter()
            .enumerate()
        {
            done(window.start + i as u64, d);
        }
    }
    Ok(())
}

/// The digests of the chunks in `window`, hashed side by side in lock-step slices.
fn hash_window(
    path: &Path,
    plan: Plan,
    window: Range<u64>,
    engine: Md5Many,
) -> std::io::Result<Vec<[u8; 16]>> {
    let lanes = (window.end - window.start) as usize;
    let mut files = Vec::with_capacity(lanes);
    let mut left = Vec::with_capacity(lanes);
    for i in window {
        let (offset, len) = plan.range(i);
        let mut f = std::fs::File::open(path)?;
        f.seek(SeekFrom::Start(offset))?;
        files.push(f);
        left.push(len);
    }
    // A lone stream goes through the single-stream assembly: a SIMD kernel with one busy lane
    // is slower than it. Other windows are padded with throwaway streams to whole groups (the
    // kernels run whole groups; 7 streams run ten times slower than 8 here).
    let single = lanes == 1;
    let padded = if single {
        1
    } else {
        lanes.div_ceil(GROUP as usize) * GROUP as usize
    };
    let mut states = vec![Md5State::new(); padded];
    let mut bufs = vec![vec![0u8; LANE_BUF]; lanes];
    while left.iter().any(|l| *l > 0) {
        let mut lens = vec![0usize; lanes];
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
            let mut inputs: Vec<&[u8]> = bufs.iter().zip(&lens).map(|(b, n)| &b[..*n]).collect();
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
    // The padding's digests are dropped.
    out.truncate(lanes);
    Ok(out)
}

/// MD5 (hex) of `len` bytes of `path` at `offset`.
pub fn md5_region(path: &Path, offset: u64, len: u64) -> std::io::Result<String> {
    region_digest(path, offset, len, None, None).map(|d| hex(&d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use md5::Digest;

    fn reference(b: &[u8]) -> [u8; 16] {
        md5::Md5::digest(b).into()
    }

    /// Every chunk digest of `plan` over `data` at `p`, through `chunk_digests` with `lead`.
    fn check_chunks(p: &Path, data: &[u8], plan: Plan, lead: Option<Lead<'_>>) {
        let mut seen = vec![];
        chunk_digests(p, plan, lead, |i, d| seen.push((i, d))).unwrap();
        assert_eq!(seen.len() as u64, plan.count(), "{plan:?}");
        for (k, (i, d)) in seen.iter().enumerate() {
            assert_eq!(*i, k as u64, "in index order");
            let (o, l) = plan.range(*i);
            let want = reference(&data[o as usize..(o + l) as usize]);
            assert_eq!(*d, want, "{plan:?}, chunk {i}");
        }
    }

    /// Random sizes and chunk counts, so chunk boundaries fall anywhere inside 64-byte blocks;
    /// every digest must equal md-5's, whatever the window shapes (one lone chunk, short padded
    /// windows, whole groups) and with the whole-file walk running beside the chunk walk.
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
                region_digest(&p, 0, size as u64, Some(&read), None).unwrap(),
                reference(&data)
            );
            assert_eq!(read.load(Ordering::Relaxed), size as u64);
            let chunks = rng.u64(1..=(size as u64).min(70));
            let plan = Plan {
                size: size as u64,
                chunks,
            };
            check_chunks(&p, &data, plan, None);
            // A budget of a few chunks: windows of 1 to 7 lanes, padded, or a lone stream.
            let walked = Walked::default();
            walked.set(u64::MAX);
            let budget = plan.chunk_size() * rng.u64(1..8);
            check_chunks(
                &p,
                &data,
                plan,
                Some(Lead {
                    walked: &walked,
                    budget,
                }),
            );
            // The real pairing: the whole-file walk on another thread leads the chunk walk.
            let walked = Walked::default();
            let whole = std::thread::scope(|s| {
                let w = s.spawn(|| {
                    let _ended = Ended(&walked);
                    region_digest(&p, 0, size as u64, None, Some(&walked))
                });
                let budget = plan.chunk_size().max(1);
                check_chunks(
                    &p,
                    &data,
                    plan,
                    Some(Lead {
                        walked: &walked,
                        budget,
                    }),
                );
                w.join().unwrap().unwrap()
            });
            assert_eq!(whole, reference(&data));
            let (o, l) = plan.range(chunks - 1);
            assert_eq!(
                md5_region(&p, o, l).unwrap(),
                hex(&reference(&data[o as usize..(o + l) as usize]))
            );
        }
    }

    #[test]
    fn windows_fill_whole_groups_of_lanes() {
        const MIB: u64 = 1024 * 1024;
        let shape = |size: u64, chunks: u64, budget: u64| -> Vec<u64> {
            windows(Plan { size, chunks }, budget)
                .iter()
                .map(|w| w.end - w.start)
                .collect()
        };
        // --chunks 8 of 1 GiB: one window of 8 real lanes (not a lone chunk, then 4 + 3
        // padded to 8 each: twice the work).
        assert_eq!(shape(1024 * MIB, 8, 1024 * MIB), [8]);
        // The default 16 MiB chunks: a first group, then the widest groups.
        assert_eq!(shape(1024 * MIB, 64, 1024 * MIB), [8, 32, 24]);
        // Chunks too large for a group within the budget: as many lanes as fit.
        assert_eq!(shape(1024 * MIB, 8, 512 * MIB), [4, 4]);
        assert_eq!(shape(10240 * MIB, 8, 1024 * MIB), [1; 8]);
        assert_eq!(shape(100, 3, u64::MAX), [3]);
        for (size, chunks, budget) in [(1000, 7, 300), (5 << 30, 4096, 1 << 30), (10, 10, 1)] {
            let plan = Plan { size, chunks };
            let ws = windows(plan, budget);
            let flat: Vec<u64> = ws.iter().flat_map(|w| w.clone()).collect();
            assert_eq!(
                flat,
                (0..chunks).collect::<Vec<_>>(),
                "every chunk once, in order"
            );
            for w in &ws {
                let span = (w.end - w.start) * plan.chunk_size();
                assert!(span <= budget.max(plan.chunk_size()), "{w:?} spans {span}");
            }
        }
    }

    /// The chunk walk never reads past the whole-file walk's position plus the budget, and
    /// goes on when the whole-file walk ends (even in failure).
    #[test]
    fn the_chunk_walk_stays_within_the_budget_of_the_whole_walk() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        let data: Vec<u8> = (0..16_000u32).map(|i| (i * 31) as u8).collect();
        std::fs::write(&p, &data).unwrap();
        let plan = Plan {
            size: 16_000,
            chunks: 16,
        };
        let walked = Walked::default();
        let seen = Mutex::new(0u64);
        let count = || *seen.lock().unwrap();
        let settle = || std::thread::sleep(std::time::Duration::from_millis(150));
        std::thread::scope(|s| {
            let lead = Lead {
                walked: &walked,
                budget: 4000,
            };
            let walk =
                s.spawn(|| chunk_digests(&p, plan, Some(lead), |_, _| *seen.lock().unwrap() += 1));
            settle();
            assert_eq!(count(), 4, "chunks 0-3 lie within 4000 bytes of 0");
            walked.set(3999);
            settle();
            assert_eq!(count(), 4, "chunk 7 ends 4001 bytes past 3999");
            walked.set(4000);
            settle();
            assert_eq!(count(), 8);
            drop(Ended(&walked));
            walk.join().unwrap().unwrap();
            assert_eq!(count(), 16, "an ended walk holds nothing back");
        });
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
        assert!(chunk_digests(&p, plan, None, |_, _| {}).is_err());
        assert!(region_digest(&p, 0, 200, None, None).is_err());
    }

    #[test]
    fn the_cache_budget_is_bounded() {
        let b = cache_budget();
        assert!((64 << 20..=1 << 30).contains(&b), "{b}");
    }
}
