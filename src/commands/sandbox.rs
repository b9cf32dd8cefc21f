//! `publisher sandbox`: run the emulator in the foreground until Ctrl-C.

use std::time::Duration;

use crate::cli::{CommitFaultKind, GlobalArgs, SandboxArgs};
use crate::config::Secret;
use crate::error::Failure;
use crate::sandbox::http::{CommitFault, Faults};
use crate::sandbox::readings::Readings;

pub fn config(a: SandboxArgs) -> Result<crate::sandbox::SandboxConfig, Failure> {
    let rate_limit = a.rate_limit.map(|r| r.0);
    let pipe_rate = a.pipe_rate.map(|r| r.0).filter(|r| *r > 0);
    let readings =
        Readings::from_switches(a.readings.iter().map(String::as_str)).map_err(Failure::usage)?;
    let is_loopback = crate::config::is_loopback(&a.bind);
    if !is_loopback {
        crate::ui::warn(&format!(
            "binding to {} exposes the sandbox beyond this machine; it is a test server",
            a.bind
        ));
    }
    Ok(crate::sandbox::SandboxConfig {
        bind: a.bind,
        port: a.port,
        data_dir: a.data_dir,
        client_id: a.client_id,
        client_secret: Secret::new(a.client_secret.unwrap_or_else(|| "sandbox-secret".into())),
        token_ttl: Duration::from_secs(a.token_ttl),
        processing: Duration::from_millis(a.processing_ms),
        rate_limit,
        link: crate::sandbox::Link {
            pipe_rate,
            max_concurrent: a.max_concurrent,
            discard: a.discard,
        },
        faults: Faults {
            fail_rate: a.fail_rate.0,
            reset_rate: a.reset_rate.0,
            stall_rate: a.stall_rate.0,
            latency: Duration::from_millis(a.latency),
            misbehave: a.misbehave,
            commit_fault_rate: a.commit_fault_rate.0,
            commit_fault: match a.commit_fault {
                CommitFaultKind::ServerError => CommitFault::ServerError,
                CommitFaultKind::Reset => CommitFault::Reset,
                CommitFaultKind::Delay => {
                    CommitFault::Delay(Duration::from_millis(a.commit_fault_delay_ms))
                }
            },
            commit_fault_on: a.commit_fault_on,
            fail_first: a.fail_first,
            fail_reads_after_lost: a.fail_reads_after_lost,
        },
        readings,
        seed: a.seed,
    })
}

pub async fn run(_g: &GlobalArgs, a: SandboxArgs) -> Result<(), Failure> {
    if a.list_readings {
        for (key, values) in Readings::axes() {
            crate::output::stdout_line(&format!("{key}: {}", values.join(" | ")));
        }
        return Ok(());
    }
    let cfg = config(a)?;
    let dir = cfg.data_dir.clone();
    let id = cfg.client_id.clone();
    let default_secret = cfg.client_secret.expose() == "sandbox-secret";
    let running = crate::sandbox::start(cfg).await.map_err(|e| {
        Failure::input(format!(
            "cannot start the sandbox (data dir {}): {e}; pick another --port or --data-dir",
            dir.display()
        ))
    })?;
    let url = running.url();
    // The first stdout line is the URL, so scripts (and tests) can read where it listens.
    crate::output::stdout_line(&url);
    crate::ui::note(&format!(
        "publisher sandbox listening on {url} (data in {})",
        dir.display()
    ));
    crate::ui::note(&format!("  export PUBLISHER_ENDPOINT={url}"));
    crate::ui::note("  export PUBLISHER_USER=you@example.com");
    crate::ui::note(&format!("  export PUBLISHER_CLIENT_ID={id}"));
    if default_secret {
        crate::ui::note("  export PUBLISHER_CLIENT_SECRET=sandbox-secret");
    } else {
        crate::ui::note(
            "  export PUBLISHER_CLIENT_SECRET=<the secret you set in PUBLISHER_SANDBOX_SECRET>",
        );
    }
    crate::ui::note("Press Ctrl-C to stop.");
    crate::signals::wait().await;
    running.stop();
    Ok(())
}
