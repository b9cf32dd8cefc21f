//! Human-facing stderr output that cooperates with progress bars.
//!
//! Anything printed while an indicatif bar is drawn must go through the bar, or it tears the
//! display; everything else goes straight to stderr. Writes never panic: a closed stderr only
//! loses the line.
//!
//! Two ways to print a human line: [`note`] (progress, outcomes; silenced by `--quiet`) and
//! [`warn`] (always shown). `-v` traces go through [`trace`] (to `--log-file` when set); errors
//! are printed once, by `main`.

use std::io::{IsTerminal, Write};
use std::sync::{Mutex, RwLock};

use indicatif::MultiProgress;

use crate::cli::{ColorMode, ProgressMode};

static BARS: Mutex<Option<MultiProgress>> = Mutex::new(None);
static LOG: Mutex<Option<std::fs::File>> = Mutex::new(None);
static CONFIG: RwLock<Config> = RwLock::new(Config {
    progress: ProgressMode::Auto,
    color: ColorMode::Auto,
    quiet: false,
});

/// Process-wide display choices, set once from the resolved global flags.
#[derive(Debug, Clone, Copy)]
pub struct Config {
    pub progress: ProgressMode,
    pub color: ColorMode,
    /// `--quiet`: no notes.
    pub quiet: bool,
}

/// Set (or, once the flags are fully resolved, reset) the display choices.
pub fn configure(c: Config) {
    if let Ok(mut g) = CONFIG.write() {
        *g = c;
    }
}

fn config() -> Config {
    CONFIG.read().map(|g| *g).unwrap_or(Config {
        progress: ProgressMode::Auto,
        color: ColorMode::Auto,
        quiet: false,
    })
}

/// Send `-v` traces to `path` (appended; created 0600) instead of stderr.
pub fn set_log_file(path: &std::path::Path) -> Result<(), crate::error::Failure> {
    let mut o = std::fs::OpenOptions::new();
    o.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    let f = o.open(path).map_err(|e| {
        crate::error::Failure::usage(format!("--log-file {}: cannot open: {e}", path.display()))
    })?;
    if let Ok(mut l) = LOG.lock() {
        *l = Some(f);
    }
    Ok(())
}

/// The effective progress display for this process (see [`progress_mode_for`]).
pub(crate) fn progress_mode() -> ProgressMode {
    progress_mode_for(
        config().progress,
        std::io::stderr().is_terminal(),
        std::env::var_os("TERM").as_deref().and_then(|t| t.to_str()),
        std::env::var_os("CI").is_some(),
    )
}

/// `auto` draws bars only for a person at a capable terminal: stderr is a terminal, TERM is set
/// and not `dumb`, and this is not CI. Everywhere else plain lines, so nothing is ever hidden.
pub(crate) fn progress_mode_for(
    chosen: ProgressMode,
    stderr_tty: bool,
    term: Option<&str>,
    ci: bool,
) -> ProgressMode {
    match chosen {
        ProgressMode::Auto => {
            let capable = matches!(term, Some(t) if !t.is_empty() && t != "dumb");
            if stderr_tty && capable && !ci {
                ProgressMode::Bars
            } else {
                ProgressMode::Plain
            }
        }
        m => m,
    }
}

fn env_set(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Whether to colour output going to a stream (`tty`: is it a terminal). `--color` wins; `auto`
/// follows NO_COLOR (non-empty), CLICOLOR_FORCE / FORCE_COLOR (non-empty, not 0), CLICOLOR=0,
/// then the terminal and TERM (unset or `dumb`: no colour).
pub(crate) fn color_for(
    chosen: ColorMode,
    tty: bool,
    get: &dyn Fn(&str) -> Option<String>,
) -> bool {
    match chosen {
        ColorMode::Always => true,
        ColorMode::Never => false,
        ColorMode::Auto => {
            if get("NO_COLOR").is_some() {
                return false;
            }
            let forced = |n: &str| get(n).is_some_and(|v| v != "0" && v != "false");
            if forced("CLICOLOR_FORCE") || forced("FORCE_COLOR") {
                return true;
            }
            if get("CLICOLOR").as_deref() == Some("0") {
                return false;
            }
            tty && get("TERM").is_some_and(|t| t != "dumb")
        }
    }
}

pub fn color_stderr() -> bool {
    color_for(config().color, std::io::stderr().is_terminal(), &env_set)
}

pub fn color_stdout() -> bool {
    color_for(config().color, std::io::stdout().is_terminal(), &env_set)
}

/// Route stderr lines through `bars` until [`clear_bars`] is called.
pub(crate) fn set_bars(bars: MultiProgress) {
    if let Ok(mut b) = BARS.lock() {
        *b = Some(bars);
    }
}

pub fn clear_bars() {
    if let Ok(mut b) = BARS.lock() {
        *b = None;
    }
}

/// Write to stderr, ignoring a closed or broken stderr (never panics).
pub fn stderr_raw(text: &str) {
    let mut e = std::io::stderr().lock();
    let _ = e.write_all(text.as_bytes());
    let _ = e.flush();
}

/// A `-v` trace line: to `--log-file` when set, else stderr like [`line`].
pub(crate) fn trace(msg: &str) {
    if let Ok(mut l) = LOG.lock()
        && let Some(f) = l.as_mut()
    {
        let stamp = crate::clock::now_rfc3339_millis();
        let _ = writeln!(f, "{stamp} {msg}");
        return;
    }
    line(msg);
}

/// A human note on stderr: what is happening, what happened. Not shown with `--quiet`.
pub(crate) fn note(msg: &str) {
    if !config().quiet {
        line(msg);
    }
}

/// Print one line to stderr (through the bars when they are drawn).
fn line(msg: &str) {
    let bars = BARS.lock().ok().and_then(|b| b.clone());
    match bars {
        Some(b) => {
            if b.println(msg).is_err() || b.is_hidden() {
                stderr_raw(&format!("{msg}\n"));
            }
        }
        None => stderr_raw(&format!("{msg}\n")),
    }
}

/// A warning on stderr: shown even with `--quiet`.
pub fn warn(msg: &str) {
    line(&format!("warning: {msg}"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_auto_is_plain_on_dumb_or_unset_term() {
        use ProgressMode::{Auto, Bars, Plain};
        assert_eq!(progress_mode_for(Auto, true, Some("xterm"), false), Bars);
        assert_eq!(progress_mode_for(Auto, true, Some("dumb"), false), Plain);
        assert_eq!(progress_mode_for(Auto, true, Option::None, false), Plain);
        assert_eq!(progress_mode_for(Auto, true, Some("xterm"), true), Plain);
        assert_eq!(progress_mode_for(Auto, false, Some("xterm"), false), Plain);
        assert_eq!(
            progress_mode_for(ProgressMode::None, true, Some("xterm"), false),
            ProgressMode::None
        );
        assert_eq!(progress_mode_for(Bars, false, Option::None, true), Bars);
    }

    #[test]
    fn colour_follows_the_conventions() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                pairs
                    .iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
                    .filter(|v| !v.is_empty())
            }
        };
        use ColorMode::*;
        assert!(color_for(Auto, true, &env(&[("TERM", "xterm")])));
        assert!(!color_for(Auto, true, &env(&[("TERM", "dumb")])));
        assert!(!color_for(Auto, true, &env(&[])));
        assert!(!color_for(Auto, false, &env(&[("TERM", "xterm")])));
        // An empty NO_COLOR does not disable colour; a non-empty one does.
        assert!(color_for(
            Auto,
            true,
            &env(&[("TERM", "xterm"), ("NO_COLOR", "")])
        ));
        assert!(!color_for(
            Auto,
            true,
            &env(&[("TERM", "xterm"), ("NO_COLOR", "1")])
        ));
        assert!(color_for(Auto, false, &env(&[("CLICOLOR_FORCE", "1")])));
        assert!(color_for(
            Auto,
            false,
            &env(&[("FORCE_COLOR", "1"), ("TERM", "dumb")])
        ));
        assert!(!color_for(Auto, false, &env(&[("FORCE_COLOR", "0")])));
        assert!(!color_for(
            Auto,
            true,
            &env(&[("TERM", "xterm"), ("CLICOLOR", "0")])
        ));
        assert!(color_for(Always, false, &env(&[("NO_COLOR", "1")])));
        assert!(!color_for(Never, true, &env(&[("CLICOLOR_FORCE", "1")])));
    }
}
