//! How many chunks are in flight: fixed, or adapted to the link (`--parallel auto`).
//!
//! Auto starts at 8 (fewer, down to 1, for chunks over 16 MiB) and doubles while aggregate
//! throughput grows (a real link usually caps each connection well below the pipe), adds one at
//! a time once doubling stops paying, goes back when a step bought nothing, and cuts by a third
//! on any retry (429, 5xx, timeouts, stalls: the server or the path is saying "too much").
//!
//! An upload cannot end before the whole-file MD5 does. When sending is on course to finish
//! well before that hash (a fast link: loopback, a LAN), more connections buy nothing and take
//! CPU from the hash, which is then the critical path: auto halves down to [`AHEAD_FLOOR`]
//! (one) instead, and grows again (from the rate it then sees) once sending falls behind.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::report::{Reporter, UploadEvent};
use super::spec::Parallelism;

const START: usize = 8;
/// A chunk once started runs to its end whatever auto decides later, so the first commitment
/// is kept near this many bytes in flight: large chunks start fewer, down to one (1 GiB in 8
/// chunks on loopback: hash done at 1.59-1.63 s starting one, 1.75-1.85 s starting four).
const START_BYTES: u64 = 128 * 1024 * 1024;
const MIN_START: usize = 1;
/// The most connections auto opens: enough for a 100 MB/s pipe at 4 MB/s per connection, and
/// it bounds memory (each connection holds about a 1 MiB body frame).
pub const AUTO_MAX: usize = 32;
const TICK: Duration = Duration::from_millis(250);
/// The fewest connections auto keeps while sending is ahead of the hash. One: every extra
/// stream costs CPU (measured on loopback, 1 GiB in 8 chunks: hash done at 1.66-1.69 s with
/// one connection, 1.73-1.80 s with two, 1.85-1.98 s with eight), and a request's turnaround
/// gap does not matter while sending is ahead; if it falls behind, auto grows again.
const AHEAD_FLOOR: usize = 1;

pub struct Pace {
    limit: AtomicUsize,
}

/// Where auto starts for chunks of `chunk_size` bytes.
pub fn start_for(chunk_size: u64) -> usize {
    (START_BYTES / chunk_size.max(1)).clamp(MIN_START as u64, START as u64) as usize
}

impl Pace {
    /// `start`: where auto starts ([`start_for`]).
    pub fn new(p: Parallelism, start: usize) -> Arc<Pace> {
        let n = match p {
            Parallelism::Auto => start,
            Parallelism::Fixed(n) => n,
        };
        Arc::new(Pace {
            limit: AtomicUsize::new(n),
        })
    }

    pub fn limit(&self) -> usize {
        self.limit.load(Ordering::Relaxed).max(1)
    }
}

/// One controller decision from the last tick's evidence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Controller {
    pub limit: usize,
    pub max: usize,
    growing_fast: bool,
    /// The limit before the last increase, to return to if it bought nothing.
    before_increase: Option<usize>,
    last_rate: f64,
    /// The lowest limit that drew a retry: growth stays below it until it has been calm for a
    /// while, then probes one higher.
    ceiling: usize,
    calm_ticks: u32,
}

/// Where sending stands against the whole-file hash the upload waits for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Course {
    /// Sending decides when the upload ends (or nothing is being hashed).
    Behind,
    /// On course to finish with the hash: hold.
    Even,
    /// On course to finish long before the hash: fewer connections do as well.
    Ahead,
}

impl Course {
    /// From projected seconds left: sending at its current rate, hashing at its current rate.
    /// Ahead means done in under half the hash's time; behind, in over four fifths of it.
    pub fn of(send_left_s: f64, hash_left_s: Option<f64>) -> Course {
        match hash_left_s {
            Some(h) if h > 0.0 && send_left_s * 2.0 < h => Course::Ahead,
            Some(h) if h > 0.0 && send_left_s < h * 0.8 => Course::Even,
            _ => Course::Behind,
        }
    }
}

/// Calm ticks before growth may probe at the ceiling again (10 s).
const PROBE_AFTER: u32 = 40;

impl Controller {
    pub fn new(max: usize, start: usize) -> Controller {
        Controller {
            limit: start.clamp(1, max.max(1)),
            max: max.clamp(1, AUTO_MAX),
            growing_fast: true,
            before_increase: None,
            last_rate: 0.0,
            ceiling: usize::MAX,
            calm_ticks: 0,
        }
    }

    /// The next limit, given this tick's throughput, whether any request was retried and
    /// where sending stands against the whole-file hash.
    pub fn step(&mut self, rate: f64, retried: bool, course: Course) -> usize {
        let cur = self.limit;
        if retried {
            self.ceiling = self.ceiling.min(cur);
            self.calm_ticks = 0;
        } else {
            self.calm_ticks += 1;
            if self.calm_ticks >= PROBE_AFTER && self.ceiling != usize::MAX {
                self.ceiling += 1;
                self.calm_ticks = 0;
            }
        }
        let below_ceiling = self.ceiling.saturating_sub(1).max(1);
        let next = if retried {
            self.growing_fast = false;
            self.before_increase = None;
            (cur * 2 / 3).max(1)
        } else if course == Course::Ahead {
            // Any rate seen once behind again counts as growth: judged afresh.
            self.before_increase = None;
            self.limit = (cur / 2).max(AHEAD_FLOOR).min(cur);
            self.last_rate = 0.0;
            return self.limit;
        } else if course == Course::Even {
            // Hold, leaving the last rate as it was (unset after coming down, so falling behind
            // later is judged afresh).
            return cur;
        } else if rate > self.last_rate * 1.10 && cur < below_ceiling {
            self.before_increase = Some(cur);
            let grown = if self.growing_fast { cur * 2 } else { cur + 1 };
            grown.min(below_ceiling)
        } else if let Some(prev) = self.before_increase.take() {
            if rate <= self.last_rate * 1.02 {
                // The last increase bought nothing: return, and grow slowly from here on.
                self.growing_fast = false;
                prev
            } else {
                // It bought a little: keep it, but stop doubling.
                self.growing_fast = false;
                cur
            }
        } else {
            cur
        };
        self.last_rate = rate;
        self.limit = next.clamp(1, self.max);
        self.limit
    }
}

/// What the controller watches: bytes sent (for the rate it judges, and, against what this
/// run must send, for the projection), and the whole-file hash's progress when one runs.
pub struct Gauges {
    /// Bytes past each body's first few MiB (what the link carried).
    pub steady: Arc<AtomicU64>,
    /// Body bytes put on the wire, and the bytes this run must send.
    pub sent: Arc<AtomicU64>,
    pub to_send: u64,
    /// Bytes the whole-file hash has read, and the file size; None when nothing is hashed.
    pub hashed: Option<(Arc<AtomicU64>, u64)>,
}

/// The gauges as read at one tick.
#[derive(Debug, Clone, Copy)]
struct Sample {
    steady: u64,
    sent: u64,
    hashed: u64,
}

impl Gauges {
    fn sample(&self) -> Sample {
        Sample {
            steady: self.steady.load(Ordering::Relaxed),
            sent: self.sent.load(Ordering::Relaxed),
            hashed: self
                .hashed
                .as_ref()
                .map_or(0, |(h, _)| h.load(Ordering::Relaxed)),
        }
    }

    /// Where sending stands against the hash: seconds left for each, projected from the bytes
    /// they moved between two samples `dt` seconds apart.
    fn course(&self, last: Sample, now: Sample, dt: f64) -> Course {
        let left = self.to_send.saturating_sub(now.sent) as f64;
        let send_left = left / (now.sent.saturating_sub(last.sent) as f64 / dt).max(1.0);
        let hash_left = self.hashed.as_ref().map(|(_, size)| {
            let left = size.saturating_sub(now.hashed) as f64;
            if left == 0.0 {
                0.0
            } else {
                left / (now.hashed.saturating_sub(last.hashed) as f64 / dt).max(1.0)
            }
        });
        Course::of(send_left, hash_left)
    }
}

/// Run the controller until aborted, adjusting `pace` from what `g` shows and the retries seen.
pub fn spawn(pace: Arc<Pace>, max: usize, g: Gauges, rep: Reporter) -> tokio::task::AbortHandle {
    tokio::spawn(async move {
        let mut c = Controller::new(max, pace.limit());
        pace.limit.store(c.limit, Ordering::Relaxed);
        let mut last = g.sample();
        let (mut last_retries, mut last_at) = (rep.retries(), Instant::now());
        // Fresh connections first fill their socket buffers: the first tick is not a rate.
        let mut settling = true;
        loop {
            tokio::time::sleep(TICK).await;
            let retried = rep.retries() > last_retries;
            let now = g.sample();
            let dt = last_at.elapsed().as_secs_f64().max(0.001);
            let course = g.course(last, now, dt);
            // Nothing sent this tick (the first chunks are still being hashed, or the link
            // stalled): nothing to judge a rate or a course from, and the first tick that
            // sends again covers only part of its time, so it settles too.
            let idle = now.sent == last.sent;
            if !retried && (idle || settling && course != Course::Ahead) {
                // New connections first fill their socket buffers, which reads as a burst of
                // throughput: let one tick pass before judging a step (retries, and sending
                // far ahead of the hash, never wait).
                settling = idle;
                (last, last_at) = (now, Instant::now());
                continue;
            }
            settling = false;
            let retries = rep.retries();
            let rate = now.steady.saturating_sub(last.steady) as f64 / dt;
            let before = c.limit;
            let after = c.step(rate, retries > last_retries, course);
            pace.limit.store(after, Ordering::Relaxed);
            if after != before {
                settling = true;
                rep.emit(UploadEvent::Parallel {
                    connections: after as u64,
                    bytes_per_second: rate as u64,
                });
            }
            (last, last_retries, last_at) = (now, retries, Instant::now());
        }
    })
    .abort_handle()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_while_it_pays_then_settles() {
        // A link where each connection gets 8 units and the pipe holds 100.
        let link = |n: usize| (n as f64 * 8.0).min(100.0);
        let mut c = Controller::new(64, START);
        let mut seen = vec![];
        for _ in 0..12 {
            let n = c.step(link(c.limit), false, Course::Behind);
            seen.push(n);
        }
        let last = *seen.last().unwrap();
        assert!((13..=16).contains(&last), "settled at {last}: {seen:?}");
        assert_eq!(seen[..1], [16], "{seen:?}");
    }

    #[test]
    fn backs_off_under_retries_and_stays_below_a_concurrency_limit() {
        // A server that refuses (429) above 6 requests in flight.
        let mut c = Controller::new(64, START);
        let mut over = 0;
        for tick in 0..40 {
            let n = c.limit;
            let refused = n > 6;
            if refused && tick > 20 {
                over += 1;
            }
            c.step(n.min(6) as f64 * 10.0, refused, Course::Behind);
        }
        assert_eq!(over, 0, "kept exceeding the limit late");
        assert!(c.limit <= 6 && c.limit >= 3, "{}", c.limit);
    }

    #[test]
    fn auto_never_opens_more_than_auto_max() {
        // A link that rewards every extra connection, with chunks to spare.
        let mut c = Controller::new(1000, START);
        assert_eq!(c.max, AUTO_MAX);
        let mut highest = 0;
        for _ in 0..200 {
            highest = highest.max(c.step(c.limit as f64 * 8.0, false, Course::Behind));
        }
        assert_eq!(highest, AUTO_MAX, "grew to the cap and no further");
        // Fewer chunks than the cap: the chunk count is the limit.
        let mut few = Controller::new(6, START);
        for _ in 0..50 {
            few.step(few.limit as f64 * 8.0, false, Course::Behind);
        }
        assert_eq!(few.limit, 6);
    }

    #[test]
    fn flat_throughput_does_not_grow() {
        // Loopback: CPU-bound, more connections change nothing.
        let mut c = Controller::new(64, START);
        for _ in 0..10 {
            c.step(500.0, false, Course::Behind);
        }
        assert!(c.limit <= 8, "{}", c.limit);
    }

    #[test]
    fn the_course_compares_projected_finishes() {
        assert_eq!(
            Course::of(1.0, None),
            Course::Behind,
            "nothing hashed: the link decides"
        );
        assert_eq!(Course::of(1.0, Some(0.0)), Course::Behind, "hash done");
        assert_eq!(Course::of(0.4, Some(1.0)), Course::Ahead);
        assert_eq!(Course::of(0.6, Some(1.0)), Course::Even);
        assert_eq!(Course::of(0.9, Some(1.0)), Course::Behind);
        assert_eq!(Course::of(30.0, Some(1.0)), Course::Behind, "a WAN");
    }

    /// Loopback: sending outruns the hash, so auto comes down to the floor and stays there
    /// however throughput moves; once sending falls behind, it grows again.
    #[test]
    fn ahead_of_the_hash_it_comes_down_then_grows_when_behind() {
        let mut c = Controller::new(64, START);
        let mut seen = vec![];
        for k in 0..6 {
            seen.push(c.step(1000.0 + k as f64 * 300.0, false, Course::Ahead));
        }
        assert_eq!(
            seen,
            [4, 2, 1, 1, 1, 1],
            "halved from {START} to the floor and held"
        );
        assert_eq!(AHEAD_FLOOR, 1);
        assert_eq!(
            c.step(400.0, false, Course::Even),
            AHEAD_FLOOR,
            "even: hold"
        );
        assert!(
            c.step(400.0, false, Course::Behind) > AHEAD_FLOOR,
            "behind: grows again"
        );
        // Retries cut as always.
        let mut r = Controller::new(64, START);
        assert_eq!(r.step(10.0, false, Course::Ahead), START / 2);
        assert_eq!(r.step(10.0, true, Course::Ahead), START / 2 * 2 / 3);
    }

    #[test]
    fn gauges_project_from_the_last_tick() {
        let at = |n: u64| Arc::new(AtomicU64::new(n));
        const MB: u64 = 1_000_000;
        // 1 GB file, 300 MB hashed at 600 MB/s (1.2 s left); 400 MB of 1 GB sent at
        // 1.2 GB/s (0.5 s left): ahead.
        let g = Gauges {
            steady: at(0),
            sent: at(400 * MB),
            to_send: 1000 * MB,
            hashed: Some((at(300 * MB), 1000 * MB)),
        };
        // The previous tick, 0.25 s before: `sent` and `hashed` bytes fewer.
        let before = |sent: u64, hashed: u64| {
            let now = g.sample();
            Sample {
                sent: now.sent - sent,
                hashed: now.hashed - hashed,
                ..now
            }
        };
        assert_eq!(g.sample().sent, 400 * MB);
        assert_eq!(g.sample().hashed, 300 * MB);
        assert_eq!(
            g.course(before(300 * MB, 150 * MB), g.sample(), 0.25),
            Course::Ahead
        );
        // The same link at 300 MB/s (2 s left): behind.
        assert_eq!(
            g.course(before(75 * MB, 150 * MB), g.sample(), 0.25),
            Course::Behind
        );
        // The hash is done, or nothing is hashed: the link decides.
        let done = Gauges {
            hashed: Some((at(1000 * MB), 1000 * MB)),
            ..g
        };
        let now = done.sample();
        let last = Sample {
            sent: now.sent - 300 * MB,
            ..now
        };
        assert_eq!(done.course(last, now, 0.25), Course::Behind);
        let none = Gauges {
            hashed: None,
            ..done
        };
        assert_eq!(none.course(last, none.sample(), 0.25), Course::Behind);
    }

    #[test]
    fn large_chunks_start_fewer() {
        const MIB: u64 = 1024 * 1024;
        assert_eq!(start_for(8 * MIB), START);
        assert_eq!(start_for(16 * MIB), START);
        assert_eq!(start_for(32 * MIB), 4);
        assert_eq!(start_for(64 * MIB), 2);
        assert_eq!(start_for(128 * MIB), MIN_START, "--chunks 8 of 1 GiB");
        assert_eq!(start_for(1 << 30), MIN_START);
        assert_eq!(start_for(0), START);
        assert_eq!(
            Controller::new(3, START).limit,
            3,
            "never more than the chunks"
        );
    }
}
