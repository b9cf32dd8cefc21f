//! `publisher listing ...` and `publisher application ...`: listings and their lifecycle.
//!
//! Lifecycle actions and new versions are not repeated blindly: when an answer is lost after
//! the request went out, the listing is read again first, and the state found decides.

use std::collections::HashSet;
use std::time::Duration;

use serde_json::{Value, json};

use super::Ctx;
use crate::api::ApiClient;
use crate::api::error::ApiError;
use crate::api::packages::{is_ambiguous, status_code};
use crate::cli::{ApplicationCmd, ListingCmd};
use crate::error::{Exit, Failure};
use crate::output;

fn rows(items: &[Value]) -> String {
    items
        .iter()
        .map(|l| {
            format!(
                "{}\t{}\t{}",
                l["listingVersionId"],
                status_code(l).as_deref().unwrap_or("?"),
                l["name"].as_str().unwrap_or("")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Which collection to page through.
#[derive(Clone, Copy)]
enum Source<'a> {
    Listings(Option<&'a str>),
    Applications,
}

/// One page, or every page from `offset` on with `all`. Paging goes on until an empty page,
/// or a page shorter than the longest one seen (a server may cap `limit` below what was asked
/// and omit `hasMore`), or `totalResults` is reached; `hasMore: true` always goes on.
async fn pages(
    api: &ApiClient,
    src: Source<'_>,
    limit: u32,
    mut offset: u32,
    all: bool,
) -> Result<(Vec<Value>, Option<bool>), ApiError> {
    let mut items = vec![];
    let mut longest = 0usize;
    let mut first_ids: HashSet<String> = HashSet::new();
    loop {
        let page = match src {
            Source::Listings(status) => api.list_listings(status, limit, offset).await?,
            Source::Applications => api.list_applications(limit, offset).await?,
        };
        let got = page.unwrapped();
        let n = got.len();
        if !all {
            return Ok((got, page.has_more));
        }
        // A server that ignores `offset` would answer the same page forever.
        let first = got.first().map(|v| v.to_string()).unwrap_or_default();
        if n == 0 || !first_ids.insert(first) {
            break;
        }
        items.extend(got);
        longest = longest.max(n);
        offset = offset.saturating_add(n as u32);
        let reached = page.total_results.is_some_and(|t| u64::from(offset) >= t);
        if page.has_more != Some(true) && (n < longest || reached) {
            break;
        }
    }
    Ok((items, Some(false)))
}

/// The wanted statuses of `--status NEW,PUBLISHED`, upper-cased.
fn wanted(status: &str) -> Vec<String> {
    status
        .split(',')
        .map(|s| s.trim().to_ascii_uppercase())
        .filter(|s| !s.is_empty())
        .collect()
}

pub async fn run_listing(ctx: &mut Ctx, cmd: ListingCmd) -> Result<(), Failure> {
    let ListingCmd::List {
        status,
        limit,
        offset,
        all,
    } = cmd;
    let api = ctx.api().await?;
    let (mut items, has_more) = pages(
        &api,
        Source::Listings(status.as_deref()),
        limit,
        offset,
        all,
    )
    .await?;
    // The filter's parameter name is not in the stored reference: check what came back, and
    // filter here what the server did not.
    if let Some(s) = status.as_deref() {
        let w = wanted(s);
        let before = items.len();
        // An item that shows no status cannot be checked: the server's word stands for it.
        items.retain(|l| status_code(l).is_none_or(|c| w.contains(&c.to_ascii_uppercase())));
        if items.len() < before && ctx.global.verbose > 0 {
            crate::ui::trace(&format!(
                "the server did not apply the status filter ({} of {before} listings are not {}); filtered here",
                before - items.len(),
                w.join(",")
            ));
        }
    }
    let text = rows(&items);
    output::result(
        ctx.format(),
        &output::list_envelope(items, has_more.unwrap_or(false) && !all, None),
        &text,
    );
    Ok(())
}

pub async fn run_application(ctx: &mut Ctx, cmd: ApplicationCmd) -> Result<(), Failure> {
    let api = ctx.api().await?;
    let (v, text) = match cmd {
        ApplicationCmd::List { limit, offset, all } => {
            let (items, has_more) = pages(&api, Source::Applications, limit, offset, all).await?;
            let text = rows(&items);
            (
                output::list_envelope(items, has_more.unwrap_or(false) && !all, None),
                text,
            )
        }
        ApplicationCmd::Wait {
            listing_version_id,
            status,
            interval,
        } => {
            return super::wait::application(ctx, listing_version_id, &status, interval).await;
        }
        ApplicationCmd::Get { listing_version_id } => {
            let v = api.get_application(listing_version_id).await?;
            let text = serde_json::to_string_pretty(&v).unwrap_or_default();
            (v, text)
        }
        ApplicationCmd::Version { listing_version_id } => {
            new_version(ctx, &api, listing_version_id).await?
        }
        ApplicationCmd::Submit {
            listing_version_id,
            note,
        } => action(ctx, &api, listing_version_id, "submit", note.as_deref()).await?,
        ApplicationCmd::Publish { listing_version_id } => {
            action(ctx, &api, listing_version_id, "publish", None).await?
        }
        ApplicationCmd::Withdraw { listing_version_id } => {
            ctx.confirm(&format!("withdraw published listing {listing_version_id}"))?;
            action(ctx, &api, listing_version_id, "withdraw", None).await?
        }
    };
    output::result(ctx.format(), &v, &text);
    Ok(())
}

/// Pause before sending again a request found not to have been applied.
async fn pause(attempt: u32) {
    tokio::time::sleep(crate::api::client::backoff(attempt).min(Duration::from_secs(5))).await;
}

/// Submit, publish or withdraw. The listing's status is read before sending; after a lost
/// answer it is read again: changed means the action took effect, unchanged means it did not
/// (and it is sent again), unreadable means nobody can tell (exit 5, nothing resent).
async fn action(
    ctx: &Ctx,
    api: &ApiClient,
    id: u64,
    what: &str,
    note: Option<&str>,
) -> Result<(Value, String), Failure> {
    let status_of = |v: Value| status_code(&v);
    let before = api.get_application(id).await.ok().and_then(status_of);
    let mut attempt = 0;
    loop {
        attempt += 1;
        let err = match api.listing_action(id, what, note).await {
            Ok(ans) => {
                let msg = ans
                    .message
                    .clone()
                    .unwrap_or_else(|| format!("{what} done"));
                return Ok((
                    json!({"listingVersionId": id, "action": what, "message": msg}),
                    msg,
                ));
            }
            Err(e) if is_ambiguous(&e) => e,
            Err(e) => return Err(e.into()),
        };
        let lost = Failure::from(err).message;
        let after = api.get_application(id).await.ok().and_then(status_of);
        match (&before, &after) {
            (Some(b), Some(a)) if a != b => {
                let msg = format!(
                    "the answer was lost, but the listing went from {b} to {a}: the {what} took effect"
                );
                crate::ui::note(&msg);
                return Ok((
                    json!({"listingVersionId": id, "action": what, "message": msg, "status": a, "reconciled": true}),
                    msg,
                ));
            }
            (Some(b), Some(_)) if attempt < ctx.global.retries.max(1) => {
                crate::ui::note(&format!(
                    "{lost}; the listing is still {b}, so the {what} was not applied: sending it again"
                ));
                pause(attempt).await;
            }
            (Some(b), Some(_)) => {
                return Err(Failure::retryable(format!(
                    "{lost}; the listing is still {b}: the {what} was not applied; rerun the same command"
                )));
            }
            _ => {
                return Err(Failure::retryable(format!(
                    "{lost}; the listing's status could not be read, so whether the {what} took effect is unknown; check `publisher application get {id}` before rerunning"
                )));
            }
        }
    }
}

/// Every application's listingVersionId (all pages).
async fn application_ids(api: &ApiClient) -> Result<(HashSet<u64>, Vec<Value>), ApiError> {
    let (items, _) = pages(api, Source::Applications, 100, 0, true).await?;
    Ok((items.iter().filter_map(listing_version_id).collect(), items))
}

fn listing_version_id(v: &Value) -> Option<u64> {
    v.get("listingVersionId")
        .and_then(crate::api::packages::id_value)
}

/// A new version of a published listing. Its id comes from the answer (`entityId` or
/// `Location`); after a lost answer, the applications are listed again and a listing version
/// that was not there before, of the same listing, is the one this call made.
async fn new_version(ctx: &Ctx, api: &ApiClient, lv: u64) -> Result<(Value, String), Failure> {
    let orig = api.get_application(lv).await.ok();
    // Of the same listing: by `listingId`, else by name, where both sides show it; a field
    // neither shows cannot tell versions apart, so it does not exclude one.
    let same_listing = |v: &Value| match &orig {
        Some(o) => ["listingId", "name"]
            .into_iter()
            .find(|k| !o[*k].is_null() && !v[*k].is_null())
            .is_none_or(|k| v[k] == o[k]),
        None => true,
    };
    let before = application_ids(api).await.ok().map(|(ids, _)| ids);
    let done = |id: u64, msg: String, reconciled: bool| {
        (
            json!({"listingVersionId": id, "versionOf": lv, "message": msg, "reconciled": reconciled}),
            id.to_string(),
        )
    };
    let mut attempt = 0;
    loop {
        attempt += 1;
        let (lost, answer) = match api.new_version(lv).await {
            Ok(ans) => {
                let id = ans.ack.entity_id.or(ans.location_id).filter(|i| *i != lv);
                let msg = ans
                    .ack
                    .message
                    .clone()
                    .unwrap_or_else(|| "A new version was created.".into());
                if let Some(id) = id {
                    crate::ui::note(&msg);
                    return Ok(done(id, msg, false));
                }
                (None, Some(msg))
            }
            Err(e) if is_ambiguous(&e) => (Some(Failure::from(e).message), None),
            Err(e) => return Err(e.into()),
        };
        let what = lost
            .clone()
            .unwrap_or_else(|| "the server answered without the new version's id".to_string());
        let Some(before) = &before else {
            return Err(Failure::retryable(format!(
                "{what}; the applications could not be listed beforehand, so whether a version was created is unknown; check `publisher application list` before rerunning"
            )));
        };
        let new: Vec<u64> = match application_ids(api).await {
            Ok((_, items)) => items
                .iter()
                .filter(|v| same_listing(v))
                .filter_map(listing_version_id)
                .filter(|i| !before.contains(i) && *i != lv)
                .collect(),
            Err(e) => {
                return Err(Failure::retryable(format!(
                    "{what}; listing the applications to find out failed too ({}); check `publisher application list` before rerunning",
                    Failure::from(e).message
                )));
            }
        };
        match new.as_slice() {
            [id] => {
                let msg = answer.unwrap_or_else(|| {
                    format!("{what}; found the new version {id}: it was created")
                });
                crate::ui::note(&msg);
                return Ok(done(*id, msg, lost.is_some()));
            }
            [] if lost.is_some() && attempt < ctx.global.retries.max(1) => {
                crate::ui::note(&format!(
                    "{what}; no new version of listing {lv} exists, so none was created: sending again"
                ));
                pause(attempt).await;
            }
            [] => {
                return Err(Failure::retryable(format!(
                    "{what}; no new version of listing {lv} was found; rerun the same command"
                )));
            }
            many => {
                return Err(Failure::new(
                    Exit::Retryable,
                    format!(
                        "{what}; {} new versions of listing {lv} appeared meanwhile ({}); not sending again, check `publisher application list`",
                        many.len(),
                        many.iter()
                            .map(u64::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                ));
            }
        }
    }
}
