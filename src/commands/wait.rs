//! `publisher application wait ID --status A,B --timeout 1h`: poll a listing until it reaches
//! one of the statuses; exit 9 (timed out) with the state reached when it does not.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::Ctx;
use crate::error::{Exit, Failure};
use crate::output;

/// The status code of an application listing (`status.code`, or a plain `status` string).
pub fn status_of(v: &Value) -> Option<String> {
    v["status"]["code"]
        .as_str()
        .or(v["status"].as_str())
        .map(str::to_string)
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
    let deadline = started + timeout;
    let interval = interval.max(Duration::from_millis(50));
    let mut last: Option<String> = None;
    loop {
        let v = api.get_application(id).await?;
        let status = status_of(&v);
        if status != last {
            crate::ui::note(&format!(
                "listing {id}: {}",
                status.as_deref().unwrap_or("(no status)")
            ));
            last = status.clone();
        }
        if let Some(s) = &status
            && want.iter().any(|w| w.eq_ignore_ascii_case(s))
        {
            let waited = started.elapsed().as_secs_f64();
            output::result(
                ctx.format(),
                &json!({"listingVersionId": id, "status": s, "waitedSeconds": (waited * 10.0).round() / 10.0}),
                s,
            );
            return Ok(());
        }
        let now = Instant::now();
        if now >= deadline {
            let reached = status.unwrap_or_default();
            return Err(Failure::new(
                Exit::TimedOut,
                format!(
                    "listing {id} is {reached} after {}, not {}; wait longer with --timeout",
                    humantime::format_duration(Duration::from_secs(timeout.as_secs())),
                    want.join(" or ")
                ),
            )
            .with_details(json!({"listingVersionId": id, "status": reached, "wanted": want})));
        }
        tokio::time::sleep(interval.min(deadline - now)).await;
    }
}
