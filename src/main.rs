use std::process::ExitCode;

use clap::Parser;
use serde_json::json;

use publisher::cli::{Cli, OutputFormat};
use publisher::error::{Exit, Failure};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let format = cli.global.output;
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
    let is_sandbox = matches!(cli.command, publisher::cli::Command::Sandbox(_));
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

/// One line on stderr; in JSON mode also a JSON error object on stdout.
fn report(format: OutputFormat, f: Failure) -> ExitCode {
    publisher::ui::clear_bars();
    // An empty message means the command already printed its own report (e.g. diagnostics).
    if !f.message.is_empty() {
        eprintln!("error: {}", f.message);
    }
    if format == OutputFormat::Json && !f.message.is_empty() {
        println!(
            "{}",
            json!({"error": {"exit": f.exit.code(), "kind": f.exit.name(), "message": f.message}})
        );
    }
    ExitCode::from(u8::try_from(f.exit.code()).unwrap_or(1))
}
