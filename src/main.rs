use std::ffi::OsString;
use std::process::ExitCode;

use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches};

use publisher::cli::{Cli, ColorMode, Command, OutputFormat, ProgressMode};
use publisher::error::{Exit, Failure, Told};

fn main() -> ExitCode {
    install_panic_hook();
    // Everything publisher creates (tokens, journals, config, logs) is private: dirs 0700, files 0600.
    #[cfg(unix)]
    // SAFETY: umask only sets the process file-creation mask; no memory is involved.
    unsafe {
        libc::umask(0o077);
    }
    // An empty PUBLISHER_* variable means unset (as `X=${X:-}` in CI scripts leaves it), not
    // an invalid value.
    for (k, v) in std::env::vars_os() {
        if v.is_empty() && k.to_string_lossy().starts_with("PUBLISHER_") {
            // SAFETY: still single-threaded; no other thread reads the environment yet.
            unsafe { std::env::remove_var(&k) };
        }
    }
    let args: Vec<OsString> = std::env::args_os().collect();
    // clap's own help and errors follow --color too (it is read before parsing finishes).
    let color = publisher::config::sniff_color(&args);
    publisher::ui::configure(publisher::ui::Config {
        progress: ProgressMode::Auto,
        color,
        quiet: false,
    });
    let clap_color = match color {
        ColorMode::Always => clap::ColorChoice::Always,
        ColorMode::Never => clap::ColorChoice::Never,
        ColorMode::Auto if publisher::ui::color_stdout() => clap::ColorChoice::Always,
        ColorMode::Auto => clap::ColorChoice::Never,
    };
    let matches = match Cli::command().color(clap_color).try_get_matches_from(&args) {
        Ok(m) => m,
        Err(e) => return clap_error(e, publisher::config::sniff_format(&args)),
    };
    let mut cli = match Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => return clap_error(e, publisher::config::sniff_format(&args)),
    };
    // `application wait --timeout 1h` is the wait limit, not the per-request timeout.
    if matches!(
        cli.command,
        Command::Application(publisher::cli::ApplicationCmd::Wait { .. })
    ) && leaf(&matches).value_source("timeout") == Some(ValueSource::CommandLine)
    {
        cli.global.wait_timeout = Some(cli.global.timeout);
        cli.global.timeout = std::env::var("PUBLISHER_TIMEOUT")
            .ok()
            .and_then(|v| publisher::cli::parse_secs(&v).ok())
            .unwrap_or(60);
    }
    publisher::config::apply_profile_defaults(&mut cli, leaf(&matches));
    if cli.global.verbose == 0
        && let Some(v) = std::env::var("PUBLISHER_VERBOSE")
            .ok()
            .and_then(|v| v.trim().parse::<u8>().ok())
    {
        cli.global.verbose = v;
    }
    if cli.global.jq.is_some() && cli.global.output == OutputFormat::Text {
        cli.global.output = OutputFormat::Json;
    }
    let format = cli.global.output;
    FORMAT.store(format as u8, std::sync::atomic::Ordering::Relaxed);
    publisher::ui::configure(publisher::ui::Config {
        progress: cli.global.progress,
        color: cli.global.color,
        quiet: cli.global.quiet,
    });
    if let Some(expr) = &cli.global.jq
        && let Err(f) = publisher::output::set_jq(expr)
    {
        // stdout belongs to the filter: its own error is a line on stderr, no JSON object.
        return report(OutputFormat::Text, f);
    }
    if let Some(p) = &cli.global.log_file
        && let Err(f) = publisher::ui::set_log_file(p)
    {
        return report(format, f);
    }
    if std::env::var_os("PUBLISHER_DEBUG_PANIC").is_some() {
        // Test hook for the panic contract (exit 1, no backtrace unless RUST_BACKTRACE is set).
        panic!("PUBLISHER_DEBUG_PANIC is set");
    }
    let _ = rustls::crypto::ring::default_provider().install_default();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            return report(
                format,
                Failure::new(
                    Exit::Internal,
                    format!("cannot start the async runtime: {e}"),
                ),
            );
        }
    };
    let is_sandbox = matches!(cli.command, Command::Sandbox(_));
    let outcome = runtime.block_on(async move {
        if is_sandbox {
            // The sandbox handles its own signals to shut down cleanly.
            return publisher::commands::run(cli).await;
        }
        tokio::select! {
            r = publisher::commands::run(cli) => r,
            _ = publisher::signals::wait() => Err(Failure::new(
                Exit::Interrupted,
                "interrupted; upload progress is saved: rerun the same command to resume",
            )),
        }
    });
    // Do not wait for background tasks (a hung request, the embedded sandbox) on the way out.
    runtime.shutdown_background();
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => report(format, f),
    }
}

/// The output format, for the panic hook (which cannot see `main`'s locals).
static FORMAT: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);

fn format_now() -> OutputFormat {
    match FORMAT.load(std::sync::atomic::Ordering::Relaxed) {
        1 => OutputFormat::Json,
        2 => OutputFormat::Ndjson,
        _ => OutputFormat::Text,
    }
}

/// A panic is a bug: one line asking for a report, exit 1 (never Rust's 101), a backtrace only
/// when RUST_BACKTRACE asks for one. A closed stdout or stderr surfacing as a print panic in any
/// code path is not a bug: publisher ends quietly (see `output::CLOSED_STDOUT_EXIT`).
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        let broken_pipe = payload.contains("Broken pipe") || payload.contains("os error 32");
        if payload.contains("failed printing to stdout") && broken_pipe {
            std::process::exit(publisher::output::CLOSED_STDOUT_EXIT);
        }
        if payload.contains("failed printing to stderr") {
            // Nobody reads stderr any more: nothing to report there.
            std::process::exit(Exit::Internal.code());
        }
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let mut msg =
            format!("internal error, please report it (with `publisher --version`): {payload}{at}");
        let bt = std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0");
        publisher::ui::clear_bars();
        publisher::ui::stderr_raw(&format!("error: {msg}\n"));
        if bt {
            publisher::ui::stderr_raw(&format!("{}\n", std::backtrace::Backtrace::force_capture()));
        } else {
            publisher::ui::stderr_raw("(set RUST_BACKTRACE=1 for a backtrace)\n");
        }
        if format_now() != OutputFormat::Text {
            msg = Failure::new(Exit::Internal, msg).to_json().to_string();
            publisher::output::stdout_line(&msg);
        }
        std::process::exit(Exit::Internal.code());
    }));
}

/// Help and version go to stdout (exit 0); usage errors to stderr, plus one JSON error object
/// on stdout in JSON modes (exit 2).
fn clap_error(e: clap::Error, format: OutputFormat) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let text = if publisher::ui::color_stdout() {
            e.render().ansi().to_string()
        } else {
            e.render().to_string()
        };
        publisher::output::stdout(text.as_bytes());
        return ExitCode::SUCCESS;
    }
    let mut rendered = if publisher::ui::color_stderr() {
        e.render().ansi().to_string()
    } else {
        e.render().to_string()
    };
    // A bad flag value (a typed value's parser refused it) is one line, like every error of
    // publisher's own: the line names the flag and says what to give instead.
    if e.kind() == ErrorKind::ValueValidation {
        rendered = format!(
            "{}\n",
            rendered.lines().next().unwrap_or("error: invalid value")
        );
    }
    publisher::ui::stderr_raw(&rendered);
    if format != OutputFormat::Text {
        let plain = e.render().to_string();
        let first = plain
            .lines()
            .next()
            .unwrap_or("usage error")
            .trim_start_matches("error: ")
            .to_string();
        // A stable name of the problem (`ArgumentConflict`, `InvalidValue`, ...) and the
        // argument concerned, when clap knows it.
        let mut details = serde_json::json!({ "usageError": format!("{:?}", e.kind()) });
        if let Some(clap::error::ContextValue::String(a)) =
            e.get(clap::error::ContextKind::InvalidArg)
        {
            details["argument"] = serde_json::json!(a);
        }
        let f = Failure::usage(first).with_details(details);
        publisher::output::stdout_line(&f.to_json().to_string());
    }
    ExitCode::from(Exit::Usage.code() as u8)
}

/// The deepest subcommand's matches (global flags are propagated down to it).
fn leaf(m: &ArgMatches) -> &ArgMatches {
    match m.subcommand() {
        Some((_, sub)) => leaf(sub),
        None => m,
    }
}

/// One line on stderr; in JSON modes also a JSON error object on stdout.
fn report(format: OutputFormat, f: Failure) -> ExitCode {
    publisher::ui::clear_bars();
    match f.told() {
        Told::InTheReport => {}
        Told::ByMain => {
            publisher::ui::stderr_raw(&format!("error: {}\n", f.message));
            if format != OutputFormat::Text && !publisher::output::jq_active() {
                publisher::output::stdout_line(&f.to_json().to_string());
            }
        }
    }
    ExitCode::from(u8::try_from(f.exit.code()).unwrap_or(1))
}
