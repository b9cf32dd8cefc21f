//! `publisher application wait ID --status A,B --timeout 1h`: poll a listing until it reaches
//! one of the statuses; exit 9 (timed out) with the state reached when it does not. A server
//! or network hiccup while polling is not the answer: polling goes on until the deadline.

use std::time::{Duration, Instant};

use serde::Serialize;

use super::Ctx;
use crate::api::packages::status_code;
use crate::error::{Exit, Failure};
use crate::output::{self, Report};

/// The result: the status reached and how long it took.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Reached {
    listing_version_id: u64,
    status: String,
    waited_seconds: f64,
}

impl Report for Reached {
    fn text(&self) -> String {
        self.status.clone()
    }
}

/// `error.details` of a wait that timed out.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct TimedOut<'a> {
    listing_version_id: u64,
    /// The last status seen (empty when no poll was answered).
    status: String,
    wanted: &'a [String],
    /// The last polling failure, when the last poll failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    last_error: Option<String>,
}

pub async fn application(
    ctx: &mut Ctx,
    id: u64,
    want: &[String],
    interval: Duration,
) -> Result<(), Failure> {
    let timeout = Duration::from_secs(ctx.global.wait_timeout.unwrap_or(30 * 60));
    let want: Vec<String> = want
        .iter()
        .map(|s| s.trim().to_ascii_uppercase())
        .filter(|s| !s.is_empty())
        .collect();
    if want.is_empty() {
        return Err(Failure::usage("--status needs at least one status"));
    }
    let api = ctx.api().await?;
    let started = Instant::now();
    let deadline = tokio::time::Instant::from_std(started + timeout);
    let interval = interval.max(Duration::from_millis(50));
    let mut last: Option<String> = None;
    let mut last_error: Option<String> = None;
    loop {
        // The deadline bounds a poll in flight too (its own retries included).
        match tokio::time::timeout_at(deadline, api.get_application(id)).await {
            Ok(Ok(v)) => {
                last_error = None;
                let status = status_code(&v);
                if status.is_some() && status != last {
                    crate::ui::note(&format!(
                        "listing {id}: {}",
                        status.as_deref().unwrap_or_default()
                    ));
                    last = status;
                }
                if let Some(s) = &last
                    && want.iter().any(|w| w.eq_ignore_ascii_case(s))
                {
                    let waited = started.elapsed().as_secs_f64();
                    let r = Reached {
                        listing_version_id: id,
                        status: s.clone(),
                        waited_seconds: (waited * 10.0).round() / 10.0,
                    };
                    output::show(ctx.format(), &r);
                    return Ok(());
                }
            }
            Ok(Err(e)) => {
                // Polled through when retryable (the server or the network, not the request).
                let f = Failure::from(e);
                if f.exit != Exit::Retryable {
                    return Err(f);
                }
                crate::ui::note(&format!(
                    "listing {id}: polling failed ({}); still waiting",
                    f.message
                ));
                last_error = Some(f.message);
            }
            Err(_) => {}
        }
        if tokio::time::Instant::now() >= deadline {
            let reached = last.unwrap_or_default();
            let mut message = format!(
                "listing {id} is {} after {}, not {}; wait longer with --timeout",
                if reached.is_empty() {
                    "of unknown status"
                } else {
                    &reached
                },
                humantime::format_duration(Duration::from_secs(timeout.as_secs())),
                want.join(" or ")
            );
            if let Some(e) = &last_error {
                message.push_str(&format!(" (last poll: {e})"));
            }
            let details = TimedOut {
                listing_version_id: id,
                status: reached,
                wanted: &want,
                last_error,
            };
            return Err(Failure::new(Exit::TimedOut, message)
                .with_details(serde_json::to_value(&details).unwrap_or_default()));
        }
        tokio::time::sleep_until(deadline.min(tokio::time::Instant::now() + interval)).await;
    }
}
