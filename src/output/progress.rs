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

/// Cheap to clone: clones share one display.
#[derive(Clone)]
pub struct Progress {
    inner: std::sync::Arc<Inner>,
}

struct Inner {
    mode: Mode,
    started: Instant,
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
            let tpl = if color {
                "{prefix:>10.cyan} [{bar:30.green/white}] {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta} {msg}"
            } else {
                "{prefix:>10} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta} {msg}"
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
                started: Instant::now(),
                notes: !quiet,
            }),
        }
    }

    pub fn phase(&self, p: Phase, s: Snapshot) {
        match &self.inner.mode {
            Mode::Bar(b) => {
                b.set_prefix(p.name());
                b.set_length(s.total_bytes);
                b.set_position(s.done_bytes);
                b.set_message(chunk_text(&s));
            }
            Mode::Plain(st) => {
                if let Ok(mut st) = st.lock() {
                    st.phase = p;
                    st.last_pct = pct(&s);
                    st.last_at = Instant::now();
                }
                plain_line(p, &s, self.inner.started.elapsed());
            }
            Mode::Quiet => {}
        }
    }

    pub fn update(&self, s: Snapshot) {
        match &self.inner.mode {
            Mode::Bar(b) => {
                b.set_position(s.done_bytes);
                b.set_message(chunk_text(&s));
            }
            Mode::Plain(st) => {
                let Ok(mut st) = st.lock() else { return };
                let p = pct(&s);
                let due = st.last_at.elapsed() >= Duration::from_secs(10) || p >= st.last_pct + 5;
                if due {
                    st.last_at = Instant::now();
                    st.last_pct = p;
                    plain_line(st.phase, &s, self.inner.started.elapsed());
                }
            }
            Mode::Quiet => {}
        }
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

fn plain_line(phase: Phase, s: &Snapshot, elapsed: Duration) {
    let rate = s.done_bytes as f64 / elapsed.as_secs_f64().max(0.001);
    crate::ui::note(&format!(
        "{} {:<9} {:>3}% {}/{} {} {}/s",
        crate::clock::now_rfc3339(),
        phase.name(),
        pct(s),
        HumanBytes(s.done_bytes),
        HumanBytes(s.total_bytes),
        chunk_text(s),
        HumanBytes(rate as u64),
    ));
}
