//! `publisher listing ...` and `publisher application ...`: listings and their lifecycle.

use serde_json::{Value, json};

use super::Ctx;
use crate::cli::{ApplicationCmd, ListingCmd};
use crate::error::Failure;
use crate::output;

fn rows(items: &[Value]) -> String {
    items
        .iter()
        .map(|l| {
            format!(
                "{}\t{}\t{}",
                l["listingVersionId"],
                l["status"]["code"]
                    .as_str()
                    .or(l["status"].as_str())
                    .unwrap_or("?"),
                l["name"].as_str().unwrap_or("")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub async fn run_listing(ctx: &mut Ctx, cmd: ListingCmd) -> Result<(), Failure> {
    let ListingCmd::List {
        status,
        limit,
        offset,
        all,
    } = cmd;
    let api = ctx.api().await?;
    let (mut items, mut total, mut offset) = (vec![], None, offset);
    let mut more;
    loop {
        let page = api.list_listings(status.as_deref(), limit, offset).await?;
        let got = page.unwrapped();
        let n = got.len() as u32;
        items.extend(got);
        total = page.total_results.or(total);
        more = page.has_more.unwrap_or(n == limit);
        if !all || !more || n == 0 {
            break;
        }
        offset += n;
    }
    let text = rows(&items);
    output::result(
        ctx.format(),
        &output::list_envelope(items, more && !all, total),
        &text,
    );
    Ok(())
}

pub async fn run_application(ctx: &mut Ctx, cmd: ApplicationCmd) -> Result<(), Failure> {
    let api = ctx.api().await?;
    let (v, text) = match cmd {
        ApplicationCmd::List { limit, offset, all } => {
            let (mut items, mut total, mut offset) = (vec![], None, offset);
            let mut more;
            loop {
                let page = api.list_applications(limit, offset).await?;
                let got = page.unwrapped();
                let n = got.len() as u32;
                items.extend(got);
                total = page.total_results.or(total);
                more = page.has_more.unwrap_or(n == limit);
                if !all || !more || n == 0 {
                    break;
                }
                offset += n;
            }
            let text = rows(&items);
            (output::list_envelope(items, more && !all, total), text)
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
            let ack = api.new_version(listing_version_id).await?;
            let id = ack.entity_id;
            ctx.say(ack.message.as_deref().unwrap_or("new version created"));
            (
                json!({"listingVersionId": id, "versionOf": listing_version_id, "message": ack.message}),
                id.map(|i| i.to_string()).unwrap_or_default(),
            )
        }
        ApplicationCmd::Submit {
            listing_version_id,
            note,
        } => action(ctx, listing_version_id, "submit", note.as_deref()).await?,
        ApplicationCmd::Publish { listing_version_id } => {
            action(ctx, listing_version_id, "publish", None).await?
        }
        ApplicationCmd::Withdraw { listing_version_id } => {
            ctx.confirm(&format!("withdraw published listing {listing_version_id}"))?;
            action(ctx, listing_version_id, "withdraw", None).await?
        }
    };
    output::result(ctx.format(), &v, &text);
    Ok(())
}

async fn action(
    ctx: &mut Ctx,
    id: u64,
    what: &str,
    note: Option<&str>,
) -> Result<(Value, String), Failure> {
    let api = ctx.api().await?;
    let ack = api.listing_action(id, what, note).await?;
    let msg = ack
        .message
        .clone()
        .unwrap_or_else(|| format!("{what} done"));
    Ok((
        json!({"listingVersionId": id, "action": what, "message": msg}),
        msg,
    ))
}
