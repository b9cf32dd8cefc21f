//! `publisher listing ...` and `publisher application ...`: listings and their lifecycle.
//!
//! Lifecycle actions and new versions are not repeated blindly: when an answer is lost after
//! the request went out, the listing is read again first, and the state found decides.

use std::collections::HashSet;
use std::time::Duration;

use serde::Serialize;
use serde_json::Value;

use super::Ctx;
use crate::api::ApiClient;
use crate::api::error::ApiError;
use crate::api::packages::{is_ambiguous, status_code, status_word};
use crate::cli::{ApplicationCmd, ListingCmd};
use crate::error::{Exit, Failure};
use crate::output::{self, ListEnvelope, Report};

/// Pages followed at most by `--all`: a server that never ends its collection must not keep
/// the client paging forever.
const MAX_PAGES: usize = 10_000;

/// `listing list` and `application list`: the one list envelope, the server's items as it sent
/// them (unwrapped from their type key). `totalResults` is as the server gave it (null when it
/// did not, or when items were filtered here).
#[derive(Serialize)]
#[serde(transparent)]
struct Listed(ListEnvelope<Value>);

impl Report for Listed {
    fn text(&self) -> String {
        self.0
            .items
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
}

/// Which collection to page through.
#[derive(Clone, Copy)]
enum Source<'a> {
    Listings(Option<&'a str>),
    Applications,
}

/// What paging gathered: the items, whether the server says more follow, and its total.
struct Gathered {
    items: Vec<Value>,
    has_more: Option<bool>,
    total_results: Option<u64>,
}

/// One page, or every page from `offset` on with `all`. Paging goes on until an empty page,
/// or a page shorter than the longest one seen (a server may cap `limit` below what was asked
/// and omit `hasMore`), or `totalResults` is reached; `hasMore: true` goes on (up to an empty
/// page), and `hasMore: false` on a full page does not stop it.
async fn pages(
    api: &ApiClient,
    src: Source<'_>,
    limit: u32,
    mut offset: u32,
    all: bool,
) -> Result<Gathered, ApiError> {
    let mut items = vec![];
    let mut longest = 0usize;
    let mut total_results = None;
    let mut first_ids: HashSet<String> = HashSet::new();
    for _ in 0..MAX_PAGES {
        let page = match src {
            Source::Listings(status) => api.list_listings(status, limit, offset).await?,
            Source::Applications => api.list_applications(limit, offset).await?,
        };
        let got = page.unwrapped();
        let n = got.len();
        if !all {
            return Ok(Gathered {
                items: got,
                has_more: page.has_more,
                total_results: page.total_results,
            });
        }
        total_results = page.total_results.or(total_results);
        // A server that ignores `offset` would answer the same page forever.
        let first = got.first().map(|v| v.to_string()).unwrap_or_default();
        if n == 0 || !first_ids.insert(first) {
            return Ok(Gathered {
                items,
                has_more: Some(false),
                total_results,
            });
        }
        items.extend(got);
        longest = longest.max(n);
        offset = offset.saturating_add(n as u32);
        let reached = page.total_results.is_some_and(|t| u64::from(offset) >= t);
        if page.has_more != Some(true) && (n < longest || reached) {
            return Ok(Gathered {
                items,
                has_more: Some(false),
                total_results,
            });
        }
    }
    crate::ui::warn(&format!(
        "stopped after {MAX_PAGES} pages: the server never ended the collection"
    ));
    Ok(Gathered {
        items,
        has_more: Some(true),
        total_results,
    })
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
    let mut got = pages(
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
        let before = got.items.len();
        // An item that shows no status cannot be checked: the server's word stands for it.
        got.items
            .retain(|l| status_code(l).is_none_or(|c| w.contains(&c.to_ascii_uppercase())));
        if got.items.len() < before {
            // The server's total counted what it did not filter.
            got.total_results = None;
            if ctx.global.verbose > 0 {
                crate::ui::trace(&format!(
                    "the server did not apply the status filter ({} of {before} listings are not {}); filtered here",
                    before - got.items.len(),
                    w.join(",")
                ));
            }
        }
    }
    let has_more = got.has_more.unwrap_or(false) && !all;
    output::show(
        ctx.format(),
        &Listed(ListEnvelope::new(got.items, has_more, got.total_results)),
    );
    Ok(())
}

pub async fn run_application(ctx: &mut Ctx, cmd: ApplicationCmd) -> Result<(), Failure> {
    let api = ctx.api().await?;
    match cmd {
        ApplicationCmd::List { limit, offset, all } => {
            let got = pages(&api, Source::Applications, limit, offset, all).await?;
            let has_more = got.has_more.unwrap_or(false) && !all;
            output::show(
                ctx.format(),
                &Listed(ListEnvelope::new(got.items, has_more, got.total_results)),
            );
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
            output::result(ctx.format(), &v, &text);
        }
        ApplicationCmd::Version { listing_version_id } => {
            let r = new_version(ctx, &api, listing_version_id).await?;
            output::show(ctx.format(), &r);
        }
        ApplicationCmd::Submit {
            listing_version_id,
            note,
        } => {
            let r = action(
                ctx,
                &api,
                listing_version_id,
                Action::Submit,
                note.as_deref(),
            )
            .await?;
            output::show(ctx.format(), &r);
        }
        ApplicationCmd::Publish { listing_version_id } => {
            let r = action(ctx, &api, listing_version_id, Action::Publish, None).await?;
            output::show(ctx.format(), &r);
        }
        ApplicationCmd::Withdraw { listing_version_id } => {
            ctx.confirm(&format!("withdraw published listing {listing_version_id}"))?;
            let r = action(ctx, &api, listing_version_id, Action::Withdraw, None).await?;
            output::show(ctx.format(), &r);
        }
    }
    Ok(())
}

/// Whether a request found not to have been applied may be sent again: `--retries N` allows N
/// more sends after the first.
pub(super) fn may_resend(ctx: &Ctx, sent: u32) -> bool {
    sent <= ctx.global.retries
}

/// Pause before sending again a request found not to have been applied.
pub(super) async fn pause(attempt: u32) {
    tokio::time::sleep(crate::api::client::backoff(attempt).min(Duration::from_secs(5))).await;
}

/// A lifecycle action and the statuses that show it done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Action {
    Submit,
    Publish,
    Withdraw,
}

impl Action {
    fn wire(self) -> &'static str {
        match self {
            Action::Submit => "submit",
            Action::Publish => "publish",
            Action::Withdraw => "withdraw",
        }
    }

    /// A listing in one of these statuses has had this action applied.
    fn done_in(self, status: &str) -> bool {
        let targets: &[&str] = match self {
            Action::Submit => &["PENDING_REVIEW", "APPROVED"],
            Action::Publish => &["PUBLISHED"],
            Action::Withdraw => &["WITHDRAWN", "UNPUBLISHED"],
        };
        targets.contains(&status_word(status).as_str())
    }
}

/// `application submit|publish|withdraw`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ActionDone {
    listing_version_id: u64,
    action: Action,
    message: String,
    /// The listing's status when it was read (before sending, or after a lost answer).
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<String>,
    /// Found done by reading the listing after the answer was lost.
    reconciled: bool,
    /// The listing already had the action's status: nothing was sent.
    already_done: bool,
}

impl Report for ActionDone {
    fn text(&self) -> String {
        self.message.clone()
    }
}

/// Submit, publish or withdraw. The listing's status is read before sending: already in the
/// action's status means done (nothing is sent). After a lost answer it is read again: the
/// action's status, or a change, means the action took effect; unchanged means it did not (and
/// it is sent again); unreadable means nobody can tell (exit 5, nothing resent).
async fn action(
    ctx: &Ctx,
    api: &ApiClient,
    id: u64,
    act: Action,
    note: Option<&str>,
) -> Result<ActionDone, Failure> {
    let what = act.wire();
    let status_of = |v: Value| status_code(&v);
    let before = api.get_application(id).await.ok().and_then(status_of);
    let done =
        |message: String, status: Option<String>, reconciled: bool, already: bool| ActionDone {
            listing_version_id: id,
            action: act,
            message,
            status,
            reconciled,
            already_done: already,
        };
    if let Some(b) = before.as_deref().filter(|b| act.done_in(b)) {
        let msg = format!("listing {id} is already {b}: the {what} is done; nothing sent");
        crate::ui::note(&msg);
        return Ok(done(msg, Some(b.to_string()), false, true));
    }
    let mut sent = 0;
    loop {
        sent += 1;
        let err = match api.listing_action(id, what, note).await {
            Ok(ans) => {
                let msg = ans.message.unwrap_or_else(|| format!("{what} done"));
                return Ok(done(msg, None, false, false));
            }
            Err(e) if is_ambiguous(&e) => e,
            Err(e) => return Err(e.into()),
        };
        let lost = Failure::from(err).message;
        let after = api.get_application(id).await.ok().and_then(status_of);
        match (&before, &after) {
            (_, Some(a)) if act.done_in(a) => {
                let msg =
                    format!("the answer was lost, but the listing is {a}: the {what} took effect");
                crate::ui::note(&msg);
                return Ok(done(msg, Some(a.clone()), true, false));
            }
            (Some(b), Some(a)) if a != b => {
                let msg = format!(
                    "the answer was lost, but the listing went from {b} to {a}: the {what} took effect"
                );
                crate::ui::note(&msg);
                return Ok(done(msg, Some(a.clone()), true, false));
            }
            (Some(b), Some(_)) if may_resend(ctx, sent) => {
                crate::ui::note(&format!(
                    "{lost}; the listing is still {b}, so the {what} was not applied: sending it again"
                ));
                pause(sent).await;
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

/// `application version`: the new listing version's id (the text is the id alone).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct NewVersion {
    listing_version_id: u64,
    version_of: u64,
    message: String,
    reconciled: bool,
}

impl Report for NewVersion {
    fn text(&self) -> String {
        self.listing_version_id.to_string()
    }
}

/// Every application's listingVersionId (all pages).
async fn application_ids(api: &ApiClient) -> Result<(HashSet<u64>, Vec<Value>), ApiError> {
    let items = pages(api, Source::Applications, 100, 0, true).await?.items;
    Ok((items.iter().filter_map(listing_version_id).collect(), items))
}

fn listing_version_id(v: &Value) -> Option<u64> {
    v.get("listingVersionId")
        .and_then(crate::api::packages::id_value)
}

/// A new version of a published listing. Its id comes from the answer (`entityId` or
/// `Location`); after a lost answer, the applications are listed again and a listing version
/// that was not there before, of the same listing, is the one this call made.
async fn new_version(ctx: &Ctx, api: &ApiClient, lv: u64) -> Result<NewVersion, Failure> {
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
    let done = |id: u64, message: String, reconciled: bool| NewVersion {
        listing_version_id: id,
        version_of: lv,
        message,
        reconciled,
    };
    let mut sent = 0;
    loop {
        sent += 1;
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
            [] if lost.is_some() && may_resend(ctx, sent) => {
                crate::ui::note(&format!(
                    "{what}; no new version of listing {lv} exists, so none was created: sending again"
                ));
                pause(sent).await;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_know_their_done_statuses() {
        assert!(Action::Submit.done_in("PENDING_REVIEW"));
        assert!(Action::Submit.done_in("Approved"));
        assert!(!Action::Submit.done_in("NEW"));
        assert!(!Action::Submit.done_in("PUBLISHED"));
        assert!(Action::Publish.done_in("PUBLISHED"));
        assert!(!Action::Publish.done_in("APPROVED"));
        assert!(Action::Withdraw.done_in("Withdrawn"));
        assert!(Action::Withdraw.done_in("UNPUBLISHED"));
        assert!(!Action::Withdraw.done_in("PUBLISHED"));
    }
}
