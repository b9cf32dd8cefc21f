//! Human-facing stderr output that cooperates with progress bars.
//!
//! Anything printed while an indicatif bar is drawn must go through the bar, or it tears the
//! display; everything else goes straight to stderr.

use std::sync::Mutex;

use indicatif::MultiProgress;

static BARS: Mutex<Option<MultiProgress>> = Mutex::new(None);

/// Route stderr lines through `bars` until [`clear_bars`] is called.
pub fn set_bars(bars: MultiProgress) {
    if let Ok(mut b) = BARS.lock() {
        *b = Some(bars);
    }
}

pub fn clear_bars() {
    if let Ok(mut b) = BARS.lock() {
        *b = None;
    }
}

/// Print one line to stderr.
pub fn line(msg: &str) {
    let bars = BARS.lock().ok().and_then(|b| b.clone());
    match bars {
        Some(b) => {
            let _ = b.println(msg);
        }
        None => eprintln!("{msg}"),
    }
}

pub fn warn(msg: &str) {
    line(&format!("warning: {msg}"));
}
