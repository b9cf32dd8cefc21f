//! Upload progress for people: indicatif bars on a terminal; plain timestamped lines (at most
//! every 10 s or 5 %, no `\r`, no ANSI) in CI logs, pipes and dumb terminals; nothing with
//! `--quiet` or `--progress none`.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::cli::ProgressMode;
use indicatif::{HumanBytes, MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Hashing,
    Uploading,
    Merging,
    Verifying,
}

impl Phase {
    pub fn name(self) -> &'static str {
        match self {
            Phase::Hashing => "hashing",
            Phase::Uploading => "uploading",
            Phase::Merging => "merging",
            Phase::Verifying => "verifying",
        }
    }
}

/// A snapshot of upload progress.
#[derive(Debug, Clone, Copy, Default)]
pub struct Snapshot {
    pub done_bytes: u64,
    pub total_bytes: u64,
    pub chunks_done: u64,
    pub chunks_total: u64,
    pub retries: u64,
}

enum Mode {
    Bar(ProgressBar),
    Plain(Mutex<PlainState>),
    Quiet,
}

struct PlainState {
    last_at: Instant,
    last_pct: u64,
    phase: Phase,
}

/// This run's pace within one phase: bytes beyond those already done when the phase began
/// (a resumed upload starts with the journal's acknowledged chunks) over the phase's time.
#[derive(Debug, Clone, Copy)]
struct RunRate {
    base_bytes: u64,
    since: Instant,
}

impl RunRate {
    fn start(s: &Snapshot) -> RunRate {
        RunRate {
            base_bytes: s.done_bytes,
            since: Instant::now(),
        }
    }

    fn bytes_per_sec(&self, s: &Snapshot, now: Instant) -> u64 {
        let secs = now.saturating_duration_since(self.since).as_secs_f64();
        (s.done_bytes.saturating_sub(self.base_bytes) as f64 / secs.max(0.001)) as u64
    }
}

/// Cheap to clone: clones share one display.
#[derive(Clone)]
pub struct Progress {
    inner: std::sync::Arc<Inner>,
}

struct Inner {
    mode: Mode,
    rate: Mutex<RunRate>,
    /// Notes (retries, warnings) still reach people with `--progress none`; not with --quiet.
    notes: bool,
}

impl Progress {
    pub fn new(quiet: bool, total: u64) -> Progress {
        let chosen = crate::ui::progress_mode();
        let mode = if quiet || chosen == ProgressMode::None {
            Mode::Quiet
        } else if chosen == ProgressMode::Bars {
            let mp = MultiProgress::with_draw_target(ProgressDrawTarget::stderr_with_hz(8));
            let bar = mp.add(ProgressBar::new(total));
            let color = crate::ui::color_stderr();
            // Rate and ETA come from `RunRate` in {msg}: indicatif's own estimator would count
            // a resumed upload's first jump to the journal's bytes as this run's speed.
            let tpl = if color {
                "{prefix:>10.cyan} [{bar:30.green/white}] {bytes}/{total_bytes} {msg}"
            } else {
                "{prefix:>10} [{bar:30}] {bytes}/{total_bytes} {msg}"
            };
            bar.set_style(
                ProgressStyle::with_template(tpl)
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
            );
            crate::ui::set_bars(mp);
            Mode::Bar(bar)
        } else {
            Mode::Plain(Mutex::new(PlainState {
                last_at: Instant::now() - Duration::from_secs(60),
                last_pct: 0,
                phase: Phase::Hashing,
            }))
        };
        Progress {
            inner: std::sync::Arc::new(Inner {
                mode,
                rate: Mutex::new(RunRate::start(&Snapshot::default())),
                notes: !quiet,
            }),
        }
    }

    pub fn phase(&self, p: Phase, s: Snapshot) {
        let rate = RunRate::start(&s);
        if let Ok(mut r) = self.inner.rate.lock() {
            *r = rate;
        }
        match &self.inner.mode {
            Mode::Bar(b) => {
                b.set_prefix(p.name());
                b.set_length(s.total_bytes);
                b.set_position(s.done_bytes);
                b.set_message(bar_text(&s, &rate));
            }
            Mode::Plain(st) => {
                if let Ok(mut st) = st.lock() {
                    st.phase = p;
                    st.last_pct = pct(&s);
                    st.last_at = Instant::now();
                }
                plain_line(p, &s, &rate);
            }
            Mode::Quiet => {}
        }
    }

    pub fn update(&self, s: Snapshot) {
        let rate = self.rate();
        match &self.inner.mode {
            Mode::Bar(b) => {
                b.set_position(s.done_bytes);
                b.set_message(bar_text(&s, &rate));
            }
            Mode::Plain(st) => {
                let Ok(mut st) = st.lock() else { return };
                let p = pct(&s);
                let due = st.last_at.elapsed() >= Duration::from_secs(10) || p >= st.last_pct + 5;
                if due {
                    st.last_at = Instant::now();
                    st.last_pct = p;
                    plain_line(st.phase, &s, &rate);
                }
            }
            Mode::Quiet => {}
        }
    }

    fn rate(&self) -> RunRate {
        self.inner
            .rate
            .lock()
            .map(|r| *r)
            .unwrap_or_else(|_| RunRate::start(&Snapshot::default()))
    }

    /// A human note (not shown with --quiet).
    pub fn note(&self, msg: &str) {
        if self.inner.notes {
            crate::ui::note(msg);
        }
    }

    pub fn finish(&self) {
        self.inner.finish();
    }
}

impl Inner {
    fn finish(&self) {
        if let Mode::Bar(b) = &self.mode {
            b.finish_and_clear();
            crate::ui::clear_bars();
        }
    }
}

// On the shared state, so the display ends when the last clone goes, not the first.
impl Drop for Inner {
    fn drop(&mut self) {
        self.finish();
    }
}

fn pct(s: &Snapshot) -> u64 {
    (s.done_bytes * 100)
        .checked_div(s.total_bytes)
        .unwrap_or(100)
}

fn chunk_text(s: &Snapshot) -> String {
    let mut t = if s.chunks_total > 0 {
        format!("{}/{} chunks", s.chunks_done, s.chunks_total)
    } else {
        String::new()
    };
    if s.retries > 0 {
        t.push_str(&format!(" {} retried", s.retries));
    }
    t
}

/// The bar's message: this run's rate, the time left at that rate, and the chunk count.
fn bar_text(s: &Snapshot, rate: &RunRate) -> String {
    let per_sec = rate.bytes_per_sec(s, Instant::now());
    let left = s.total_bytes.saturating_sub(s.done_bytes);
    let eta = match left.checked_div(per_sec) {
        Some(secs) => indicatif::HumanDuration(Duration::from_secs(secs)).to_string(),
        None => "-".into(),
    };
    format!("{}/s ETA {eta} {}", HumanBytes(per_sec), chunk_text(s))
}

fn plain_line(phase: Phase, s: &Snapshot, rate: &RunRate) {
    crate::ui::note(&plain_text(phase, s, rate.bytes_per_sec(s, Instant::now())));
}

fn plain_text(phase: Phase, s: &Snapshot, per_sec: u64) -> String {
    format!(
        "{} {:<9} {:>3}% {}/{} {} {}/s",
        crate::clock::now_rfc3339(),
        phase.name(),
        pct(s),
        HumanBytes(s.done_bytes),
        HumanBytes(s.total_bytes),
        chunk_text(s),
        HumanBytes(per_sec),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(done: u64) -> Snapshot {
        Snapshot {
            done_bytes: done,
            total_bytes: 100 << 20,
            ..Default::default()
        }
    }

    #[test]
    fn rate_counts_only_bytes_done_after_the_phase_began() {
        // Resumed with 60 MiB already acknowledged; 2 MiB more in 2 s is 1 MiB/s, not 31.
        let r = RunRate::start(&at(60 << 20));
        let later = r.since + Duration::from_secs(2);
        assert_eq!(r.bytes_per_sec(&at(62 << 20), later), 1 << 20);
        // Nothing new yet (or a counter below the base): zero, never a wrap-around.
        assert_eq!(r.bytes_per_sec(&at(60 << 20), later), 0);
        assert_eq!(r.bytes_per_sec(&at(0), later), 0);
    }

    #[test]
    fn bar_text_has_no_eta_before_any_byte() {
        let r = RunRate::start(&at(60 << 20));
        assert!(bar_text(&at(60 << 20), &r).contains("ETA -"));
    }
}
