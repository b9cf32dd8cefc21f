//! How many chunks are in flight: fixed, or adapted to the link (`--parallel auto`).
//!
//! Auto starts at 4 and doubles while aggregate throughput grows (a real link usually caps each
//! connection well below the pipe), adds one at a time once doubling stops paying, goes back
//! when a step bought nothing, and cuts by a third on any retry (429, 5xx, timeouts, stalls:
//! the server or the path is saying "too much").

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::report::{Reporter, UploadEvent};
use super::spec::Parallelism;

const START: usize = 4;
/// The most connections auto opens: enough for a 100 MB/s pipe at 4 MB/s per connection, and
/// it bounds memory (each connection holds about a 1 MiB body frame).
pub const AUTO_MAX: usize = 32;
const TICK: Duration = Duration::from_millis(250);

pub struct Pace {
    limit: AtomicUsize,
}

impl Pace {
    pub fn new(p: Parallelism) -> Arc<Pace> {
        let n = match p {
            Parallelism::Auto => START,
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

/// Calm ticks before growth may probe at the ceiling again (10 s).
const PROBE_AFTER: u32 = 40;

impl Controller {
    pub fn new(max: usize) -> Controller {
        Controller {
            limit: START.min(max.max(1)),
            max: max.clamp(1, AUTO_MAX),
            growing_fast: true,
            before_increase: None,
            last_rate: 0.0,
            ceiling: usize::MAX,
            calm_ticks: 0,
        }
    }

    /// The next limit, given this tick's throughput and whether any request was retried.
    pub fn step(&mut self, rate: f64, retried: bool) -> usize {
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

/// Run the controller until aborted, adjusting `pace` from the bytes sent and the retries seen.
pub fn spawn(
    pace: Arc<Pace>,
    max: usize,
    sent: Arc<AtomicU64>,
    rep: Reporter,
) -> tokio::task::AbortHandle {
    tokio::spawn(async move {
        let mut c = Controller::new(max);
        pace.limit.store(c.limit, Ordering::Relaxed);
        let (mut last_sent, mut last_retries, mut last_at) =
            (sent.load(Ordering::Relaxed), rep.retries(), Instant::now());
        // Fresh connections first fill their socket buffers: the first tick is not a rate.
        let mut settling = true;
        loop {
            tokio::time::sleep(TICK).await;
            let retried = rep.retries() > last_retries;
            if settling && !retried {
                // New connections first fill their socket buffers, which reads as a burst of
                // throughput: let one tick pass before judging a step (retries never wait).
                settling = false;
                (last_sent, last_at) = (sent.load(Ordering::Relaxed), Instant::now());
                continue;
            }
            settling = false;
            let (now_sent, retries) = (sent.load(Ordering::Relaxed), rep.retries());
            let dt = last_at.elapsed().as_secs_f64().max(0.001);
            let rate = now_sent.saturating_sub(last_sent) as f64 / dt;
            let before = c.limit;
            let after = c.step(rate, retries > last_retries);
            pace.limit.store(after, Ordering::Relaxed);
            if after != before {
                settling = true;
                rep.emit(UploadEvent::Parallel {
                    connections: after as u64,
                    bytes_per_second: rate as u64,
                });
            }
            (last_sent, last_retries, last_at) = (now_sent, retries, Instant::now());
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
        let mut c = Controller::new(64);
        let mut seen = vec![];
        for _ in 0..12 {
            let n = c.step(link(c.limit), false);
            seen.push(n);
        }
        let last = *seen.last().unwrap();
        assert!((13..=16).contains(&last), "settled at {last}: {seen:?}");
        assert_eq!(seen[..2], [8, 16], "{seen:?}");
    }

    #[test]
    fn backs_off_under_retries_and_stays_below_a_concurrency_limit() {
        // A server that refuses (429) above 6 requests in flight.
        let mut c = Controller::new(64);
        let mut over = 0;
        for tick in 0..40 {
            let n = c.limit;
            let refused = n > 6;
            if refused && tick > 20 {
                over += 1;
            }
            c.step(n.min(6) as f64 * 10.0, refused);
        }
        assert_eq!(over, 0, "kept exceeding the limit late");
        assert!(c.limit <= 6 && c.limit >= 3, "{}", c.limit);
    }

    #[test]
    fn auto_never_opens_more_than_auto_max() {
        // A link that rewards every extra connection, with chunks to spare.
        let mut c = Controller::new(1000);
        assert_eq!(c.max, AUTO_MAX);
        let mut highest = 0;
        for _ in 0..200 {
            highest = highest.max(c.step(c.limit as f64 * 8.0, false));
        }
        assert_eq!(highest, AUTO_MAX, "grew to the cap and no further");
        // Fewer chunks than the cap: the chunk count is the limit.
        let mut few = Controller::new(6);
        for _ in 0..50 {
            few.step(few.limit as f64 * 8.0, false);
        }
        assert_eq!(few.limit, 6);
    }

    #[test]
    fn flat_throughput_does_not_grow() {
        // Loopback: CPU-bound, more connections change nothing.
        let mut c = Controller::new(64);
        for _ in 0..10 {
            c.step(500.0, false);
        }
        assert!(c.limit <= 8, "{}", c.limit);
    }
}
