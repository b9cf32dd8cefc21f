//! Request bodies streamed from a region of a file, so memory stays bounded whatever the size.

use std::io::SeekFrom;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use bytes::Bytes;
use futures_util::Stream;

/// Read size per body frame: large enough for throughput, small enough to keep memory low.
const FRAME: usize = 1024 * 1024;
/// Frame buffers kept for reuse once a connection has written them. A fresh 1 MiB buffer costs
/// 256 page faults of zeroed memory (measured: 75,000 faults, about 5% of a 1 GiB upload's
/// CPU); a reused one none. Bounded, so the pool never holds more than the frames in flight
/// at the busiest moment, up to this many.
const POOLED_FRAMES: usize = 32;

static FRAME_POOL: std::sync::Mutex<Vec<Vec<u8>>> = std::sync::Mutex::new(Vec::new());

/// A body frame's bytes; its buffer goes back to the pool when the last `Bytes` of it drops.
struct Frame(Vec<u8>);

impl Frame {
    /// An empty buffer of `FRAME` capacity, reused where one is free.
    fn buffer() -> Vec<u8> {
        let reused = FRAME_POOL.lock().ok().and_then(|mut p| p.pop());
        reused.unwrap_or_else(|| Vec::with_capacity(FRAME))
    }
}

impl AsRef<[u8]> for Frame {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Drop for Frame {
    fn drop(&mut self) {
        let mut buf = std::mem::take(&mut self.0);
        if buf.capacity() != FRAME {
            return;
        }
        buf.clear();
        if let Ok(mut p) = FRAME_POOL.lock()
            && p.len() < POOLED_FRAMES
        {
            p.push(buf);
        }
    }
}

/// Counts bytes put on the wire and when the last one moved (for the stall watchdog and for
/// "bytes sent / re-sent" accounting). Shared by every attempt of a request.
#[derive(Debug)]
pub struct Tap {
    start: Instant,
    pub sent: AtomicU64,
    last_ms: AtomicU64,
    /// Set when the body stream has produced its last byte.
    done: std::sync::atomic::AtomicBool,
    /// Also counts into a shared, upload-wide total for live progress.
    pub total: Option<Arc<AtomicU64>>,
    /// A bandwidth cap shared by every request of the upload.
    pub limit: Option<Arc<TokenBucket>>,
    /// Counts only the bytes past the first [`BUFFERED`] of this body: those are what the
    /// link really carried, where the first ones may just be sitting in socket buffers.
    pub steady: Option<Arc<AtomicU64>>,
}

/// Bytes a fresh connection can hand over before the network has to carry any (socket
/// buffers on both sides): excluded when judging throughput.
pub const BUFFERED: u64 = 4 * 1024 * 1024;

/// One token bucket for all connections (`--bwlimit`): each body frame waits for its bytes.
/// Tokens may go negative (a frame is never split), and the wait repays the debt, so the
/// long-run rate is exact.
#[derive(Debug)]
pub struct TokenBucket {
    rate: f64,
    burst: f64,
    state: std::sync::Mutex<(f64, Instant)>,
}

impl TokenBucket {
    pub fn new(bytes_per_sec: u64) -> Arc<TokenBucket> {
        let rate = bytes_per_sec.max(1) as f64;
        Arc::new(TokenBucket {
            rate,
            // A tenth of a second of traffic, so the cap holds at fine time scales too.
            burst: (rate / 10.0).max(64.0 * 1024.0),
            state: std::sync::Mutex::new((0.0, Instant::now())),
        })
    }

    /// The most bytes one frame should carry: a tenth of a second of traffic, so waits stay
    /// short (the stall watchdog must not mistake them for a stall).
    pub fn frame(&self) -> usize {
        (self.rate / 10.0).max(16.0 * 1024.0) as usize
    }

    /// Wait until `n` bytes may go.
    pub async fn take(&self, n: usize) {
        let wait = {
            let Ok(mut st) = self.state.lock() else {
                return;
            };
            let now = Instant::now();
            let refill = now.duration_since(st.1).as_secs_f64() * self.rate;
            st.0 = (st.0 + refill).min(self.burst) - n as f64;
            st.1 = now;
            (st.0 < 0.0).then(|| std::time::Duration::from_secs_f64(-st.0 / self.rate))
        };
        if let Some(w) = wait {
            tokio::time::sleep(w).await;
        }
    }
}

impl Tap {
    /// A tap that also counts steady bytes (for judging throughput) and waits for `limit`.
    pub fn metered(
        total: Option<Arc<AtomicU64>>,
        steady: Arc<AtomicU64>,
        limit: Option<Arc<TokenBucket>>,
    ) -> Arc<Tap> {
        let mut t = Tap::bare(total, limit);
        t.steady = Some(steady);
        Arc::new(t)
    }

    fn bare(total: Option<Arc<AtomicU64>>, limit: Option<Arc<TokenBucket>>) -> Tap {
        Tap {
            start: Instant::now(),
            sent: AtomicU64::new(0),
            last_ms: AtomicU64::new(0),
            done: std::sync::atomic::AtomicBool::new(false),
            total,
            limit,
            steady: None,
        }
    }
    pub fn touch(&self) {
        self.last_ms
            .store(self.start.elapsed().as_millis() as u64, Ordering::Relaxed);
    }
    fn add(&self, n: u64) {
        let before = self.sent.fetch_add(n, Ordering::Relaxed);
        if let Some(t) = &self.total {
            t.fetch_add(n, Ordering::Relaxed);
        }
        if let Some(s) = &self.steady {
            let past = (before + n).saturating_sub(BUFFERED) - before.saturating_sub(BUFFERED);
            s.fetch_add(past, Ordering::Relaxed);
        }
        self.touch();
    }
    /// The whole body was handed to the connection (the answer is awaited now).
    pub fn body_sent(&self) -> bool {
        self.done.load(Ordering::Relaxed)
    }
    fn mark_sent(&self) {
        self.done.store(true, Ordering::Relaxed);
        self.touch();
    }
    /// A new attempt starts sending again.
    pub fn restart(&self) {
        self.done.store(false, Ordering::Relaxed);
        self.touch();
    }
    /// Milliseconds since bytes last moved (or since [`Tap::touch`]).
    pub fn idle_ms(&self) -> u64 {
        (self.start.elapsed().as_millis() as u64)
            .saturating_sub(self.last_ms.load(Ordering::Relaxed))
    }
}

/// The file under a request body got shorter while it was being sent. Carried inside the
/// stream's `io::Error`, so the client classifies it by type (a local problem, not a network
/// one) without reading the message.
#[derive(Debug, thiserror::Error)]
#[error("{} shrank while being uploaded", .path.display())]
pub struct SourceShrank {
    pub path: PathBuf,
}

impl SourceShrank {
    /// Whether `e` (any link of an error chain) is, or wraps, a [`SourceShrank`].
    pub fn is(e: &(dyn std::error::Error + 'static)) -> bool {
        e.is::<SourceShrank>()
            || e.downcast_ref::<std::io::Error>()
                .and_then(|io| io.get_ref())
                .is_some_and(|inner| inner.is::<SourceShrank>())
    }
}

/// Read up to `want` bytes at the file's position into `buf`'s spare capacity, but only what
/// the page cache holds (Linux: `preadv2` with `RWF_NOWAIT`, which never waits for the disk):
/// a cached frame then needs no trip to a blocking thread and back. Elsewhere, or on kernels
/// without it, nothing is read here.
#[cfg(target_os = "linux")]
fn read_cached(file: &std::fs::File, want: usize, buf: &mut Vec<u8>) {
    use std::os::fd::AsRawFd;
    let spare = buf.spare_capacity_mut();
    if spare.len() < want {
        return;
    }
    let iov = libc::iovec {
        iov_base: spare.as_mut_ptr().cast(),
        iov_len: want,
    };
    // SAFETY: the iovec covers `want` bytes of `buf`'s spare capacity, the kernel writes at
    // most that many, and only the `n` it reports written are marked initialised. Offset -1
    // reads at (and advances) the file position, as the blocking read after it does.
    let n = unsafe { libc::preadv2(file.as_raw_fd(), &iov, 1, -1, libc::RWF_NOWAIT) };
    if n > 0 {
        unsafe { buf.set_len(buf.len() + n as usize) };
    }
}

#[cfg(not(target_os = "linux"))]
fn read_cached(_: &std::fs::File, _: usize, _: &mut Vec<u8>) {}

enum Region {
    Start,
    Reading(std::fs::File, u64),
    Done,
}

/// A stream of `len` bytes from `path` at `offset`. The file is opened on first poll, so a
/// request can be rebuilt for each retry and always re-reads from disk.
pub fn file_region(
    path: PathBuf,
    offset: u64,
    len: u64,
    tap: Option<Arc<Tap>>,
) -> impl Stream<Item = std::io::Result<Bytes>> + Send + 'static {
    futures_util::stream::unfold(Region::Start, move |state| {
        let path = path.clone();
        let tap = tap.clone();
        async move {
            let (mut file, remaining) = match state {
                Region::Done => return None,
                Region::Reading(f, r) => (f, r),
                Region::Start => {
                    let p = path.clone();
                    let opened = tokio::task::spawn_blocking(move || {
                        use std::io::Seek;
                        let mut f = std::fs::File::open(&p)?;
                        f.seek(SeekFrom::Start(offset))?;
                        Ok::<_, std::io::Error>(f)
                    })
                    .await
                    .unwrap_or_else(|e| Err(std::io::Error::other(e)));
                    match opened {
                        Ok(f) => (f, len),
                        Err(e) => return Some((Err(e), Region::Done)),
                    }
                }
            };
            if remaining == 0 {
                return None;
            }
            let mut want = remaining.min(FRAME as u64) as usize;
            if let Some(t) = &tap
                && let Some(limit) = t.limit.clone()
            {
                want = want.min(limit.frame());
                // Waiting for the shared budget is not a stall.
                t.touch();
                limit.take(want).await;
                t.touch();
            }
            // Straight into the buffer the body sends (no zeroing, no intermediate copy): from
            // the page cache without leaving this thread where possible, else (the rest) on a
            // blocking thread.
            let mut buf = Frame::buffer();
            read_cached(&file, want, &mut buf);
            let read = if buf.len() == want {
                Ok((file, buf, Ok(0)))
            } else {
                tokio::task::spawn_blocking(move || {
                    use std::io::Read;
                    let rest = (want - buf.len()) as u64;
                    let r = (&mut file).take(rest).read_to_end(&mut buf);
                    (file, buf, r)
                })
                .await
            };
            let (file, buf) = match read {
                Ok((f, b, Ok(_))) if b.len() == want => (f, b),
                Ok((_, _, Ok(_))) => {
                    let e = std::io::Error::new(
                        std::io::ErrorKind::UnexpectedEof,
                        SourceShrank { path: path.clone() },
                    );
                    return Some((Err(e), Region::Done));
                }
                Ok((_, _, Err(e))) => return Some((Err(e), Region::Done)),
                Err(e) => return Some((Err(std::io::Error::other(e)), Region::Done)),
            };
            let filled = buf.len();
            if let Some(t) = &tap {
                t.add(filled as u64);
                if remaining == filled as u64 {
                    t.mark_sent();
                }
            }
            Some((
                Ok(Bytes::from_owner(Frame(buf))),
                Region::Reading(file, remaining - filled as u64),
            ))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_shrunk_file_fails_with_a_typed_error() {
        use futures_util::StreamExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("img");
        std::fs::write(&path, [7u8; 10]).unwrap();
        let items: Vec<_> = file_region(path.clone(), 0, 20, None).collect().await;
        let err = items.into_iter().find_map(|r| r.err()).expect("an error");
        assert!(SourceShrank::is(&err), "{err:?}");
        assert_eq!(
            err.to_string(),
            format!("{} shrank while being uploaded", path.display())
        );
        let other = std::io::Error::other("shrank while being uploaded");
        assert!(!SourceShrank::is(&other), "classified by type, not by text");
    }

    /// A file of `len` patterned bytes: (its directory, its path, its bytes).
    fn patterned_file(len: usize) -> (tempfile::TempDir, PathBuf, Vec<u8>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("img");
        let data: Vec<u8> = (0..len as u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &data).unwrap();
        (dir, path, data)
    }

    /// The frames of a region, each checked to be at most one frame long, joined.
    async fn region_bytes(path: &std::path::Path, offset: usize, len: usize) -> Vec<u8> {
        use futures_util::StreamExt;
        let frames: Vec<Bytes> = file_region(path.to_path_buf(), offset as u64, len as u64, None)
            .map(|r| r.unwrap())
            .collect()
            .await;
        assert!(frames.iter().all(|f| f.len() <= FRAME));
        frames.concat()
    }

    /// Frame buffers are reused: a frame must carry exactly its own bytes, never a longer
    /// earlier frame's tail, and the pool stays bounded.
    #[tokio::test]
    async fn reused_frames_carry_exactly_their_bytes() {
        let (_dir, path, data) = patterned_file(7 * FRAME / 2);
        for (offset, len) in [(0, data.len()), (5, FRAME / 3), (FRAME + 17, 2 * FRAME - 1)] {
            let got = region_bytes(&path, offset, len).await;
            assert_eq!(got, &data[offset..offset + len], "{offset}+{len}");
        }
        assert!(FRAME_POOL.lock().unwrap().len() <= POOLED_FRAMES);
    }

    /// A file out of the page cache: the read that never waits gets little or nothing, and
    /// the blocking read supplies the rest, in order.
    #[cfg(target_os = "linux")]
    #[tokio::test]
    async fn uncached_regions_are_read_whole() {
        use std::os::fd::AsRawFd;
        let (_dir, path, data) = patterned_file(5 * FRAME / 2);
        let f = std::fs::File::open(&path).unwrap();
        f.sync_all().unwrap();
        for (offset, len) in [(0, data.len()), (FRAME / 2 + 3, FRAME + 5)] {
            // SAFETY: advice on an open descriptor; it only drops clean cached pages.
            unsafe { libc::posix_fadvise(f.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED) };
            let got = region_bytes(&path, offset, len).await;
            assert_eq!(got, &data[offset..offset + len], "{offset}+{len}");
        }
    }

    #[tokio::test]
    async fn bandwidth_cap_holds_over_time() {
        // 4 MiB/s shared by three concurrent takers, 2 MiB in total: about 0.5 s.
        let b = TokenBucket::new(4 << 20);
        let started = Instant::now();
        let mut tasks = vec![];
        for _ in 0..3 {
            let b = b.clone();
            tasks.push(tokio::spawn(async move {
                for _ in 0..(2 << 20) / 3 / FRAME + 1 {
                    b.take(FRAME / 4).await;
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let secs = started.elapsed().as_secs_f64();
        // 3 x 3 frames x 64 KiB = 576 KiB ... computed exactly below.
        let bytes = 3.0 * (((2 << 20) / 3 / FRAME + 1) * (FRAME / 4)) as f64;
        let expected = (bytes - (4 << 20) as f64 / 10.0).max(0.0) / (4 << 20) as f64;
        assert!(
            secs >= expected * 0.95 && secs <= expected * 1.5 + 0.1,
            "{secs} s for {bytes} bytes at 4 MiB/s (expected about {expected} s)"
        );
    }
}
