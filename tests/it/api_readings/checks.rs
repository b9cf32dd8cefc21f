//! What must hold after a row's command: checks on its output and on the sandbox's state.

use super::*;

pub(super) fn packages_of(state: &Value, lv: u64) -> Vec<(u64, Value)> {
    state["packages"]
        .as_object()
        .map(|m| {
            m.iter()
                .filter(|(_, p)| p["listingVersionId"] == lv)
                .map(|(k, p)| (k.parse().unwrap_or(0), p.clone()))
                .collect()
        })
        .unwrap_or_default()
}

macro_rules! ensure {
    ($cond:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err(format!($($fmt)+));
        }
    };
}

/// Exactly one package on the listing, and it is the id the command printed.
pub(super) fn one_package_printed(o: &Out, st: &Value, _: u64) -> Result<(), String> {
    let pk = packages_of(st, 3047418);
    ensure!(
        pk.len() == 1,
        "expected exactly one package, found {}",
        pk.len()
    );
    ensure!(
        o.json["packageVersionId"].as_u64() == Some(pk[0].0),
        "printed {} but the package is {}",
        o.json["packageVersionId"],
        pk[0].0
    );
    Ok(())
}

pub(super) fn package_status(st: &Value, pkg: u64) -> String {
    st["packages"][pkg.to_string()]["status"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

pub(super) fn validated(_: &Out, st: &Value, pkg: u64) -> Result<(), String> {
    ensure!(
        package_status(st, pkg) == "VALIDATED",
        "status {}",
        package_status(st, pkg)
    );
    Ok(())
}

pub(super) fn says_validation_failed(o: &Out, st: &Value, pkg: u64) -> Result<(), String> {
    ensure!(
        o.err.to_lowercase().contains("validation failed") || o.err.contains("VALIDATION_FAILED"),
        "stderr: {}",
        o.err
    );
    ensure!(
        package_status(st, pkg) != "VALIDATED",
        "the package is VALIDATED"
    );
    Ok(())
}

pub(super) fn still_validating(o: &Out, _: &Value, _: u64) -> Result<(), String> {
    ensure!(o.err.contains("VALIDATING"), "stderr: {}", o.err);
    Ok(())
}

pub(super) fn lists_the_package(o: &Out, _: &Value, pkg: u64) -> Result<(), String> {
    let items = o.json["items"].as_array().cloned().unwrap_or_default();
    ensure!(items.len() == 1, "items: {}", o.json);
    ensure!(items[0]["id"].as_u64() == Some(pkg), "id: {}", items[0]);
    ensure!(items[0]["version"].is_string(), "no version: {}", items[0]);
    ensure!(items[0]["name"].is_string(), "no name: {}", items[0]);
    ensure!(
        items[0]["status"] == "NEW",
        "status not shown: {}",
        items[0]
    );
    Ok(())
}

/// A summary list: the id and the status are shown all the same.
pub(super) fn lists_id_and_status(o: &Out, _: &Value, pkg: u64) -> Result<(), String> {
    let items = o.json["items"].as_array().cloned().unwrap_or_default();
    ensure!(items.len() == 1, "items: {}", o.json);
    ensure!(items[0]["id"].as_u64() == Some(pkg), "id: {}", items[0]);
    ensure!(
        items[0]["status"] == "NEW",
        "status not shown: {}",
        items[0]
    );
    Ok(())
}

/// Text mode: one line, id, status, version, name separated by tabs.
pub(super) fn text_row_of_the_package(o: &Out, _: &Value, pkg: u64) -> Result<(), String> {
    let lines: Vec<&str> = o.stdout.lines().collect();
    ensure!(lines.len() == 1, "stdout: {:?}", o.stdout);
    let cells: Vec<&str> = lines[0].split('\t').collect();
    ensure!(
        cells.len() == 4 && cells[0] == pkg.to_string() && cells[1] == "NEW" && cells[2] == "1.0",
        "row: {:?}",
        lines[0]
    );
    ensure!(!cells[3].is_empty(), "no name: {:?}", lines[0]);
    Ok(())
}

/// Text mode: stdout is the new package's id and nothing else, so `PKG=$(...)` works.
pub(super) fn stdout_is_the_package_id(o: &Out, st: &Value, _: u64) -> Result<(), String> {
    let pk = packages_of(st, 3047418);
    ensure!(pk.len() == 1, "{} packages", pk.len());
    ensure!(
        o.stdout == format!("{}\n", pk[0].0),
        "stdout {:?}, package {}",
        o.stdout,
        pk[0].0
    );
    Ok(())
}

/// A second package (even id, so a root-relative Location) is the one printed.
pub(super) fn second_package_printed(o: &Out, st: &Value, pkg: u64) -> Result<(), String> {
    let pk = packages_of(st, 3047418);
    let newest = pk.iter().map(|(id, _)| *id).max().unwrap_or(0);
    ensure!(pk.len() == 2, "{} packages", pk.len());
    ensure!(newest != pkg && newest % 2 == 0, "newest {newest}");
    ensure!(
        o.json["packageVersionId"].as_u64() == Some(newest),
        "printed {}",
        o.json
    );
    Ok(())
}

pub(super) fn no_items(o: &Out, _: &Value, _: u64) -> Result<(), String> {
    ensure!(
        o.json["items"].as_array().is_some_and(Vec::is_empty) && o.json["count"] == 0,
        "{}",
        o.json
    );
    Ok(())
}

/// Sent once, lost before the server acted, found missing, sent again: one package.
pub(super) fn one_package_resent(o: &Out, st: &Value, p: u64) -> Result<(), String> {
    one_package_printed(o, st, p)?;
    ensure!(o.err.contains("sending again"), "not resent: {}", o.err);
    Ok(())
}

/// `--retries 0`: not sent again, and nothing was created.
pub(super) fn none_and_not_resent(o: &Out, st: &Value, _: u64) -> Result<(), String> {
    let n = packages_of(st, 3047418).len();
    ensure!(n == 0, "{n} packages");
    ensure!(!o.err.contains("sending again"), "resent: {}", o.err);
    ensure!(o.err.contains("rerun the same command"), "{}", o.err);
    Ok(())
}

/// The answer was lost after the commit and the list to find out failed too: exit 5, the
/// one package made stays the only one.
pub(super) fn unknown_one_package(o: &Out, st: &Value, _: u64) -> Result<(), String> {
    let n = packages_of(st, 3047418).len();
    ensure!(n == 1, "{n} packages");
    ensure!(o.err.contains("failed too"), "{}", o.err);
    Ok(())
}

fn submissions(st: &Value, lv: u64) -> u64 {
    st["listings"][lv.to_string()]["submissions"]
        .as_u64()
        .unwrap_or(0)
}

/// The lifecycle listing was submitted exactly once.
fn one_submission(st: &Value) -> Result<(), String> {
    let n = submissions(st, 3047418);
    ensure!(n == 1, "{n} submissions");
    Ok(())
}

pub(super) fn submitted_once_resent(o: &Out, st: &Value, _: u64) -> Result<(), String> {
    let s = listing_status(st, 3047418);
    ensure!(s == "PENDING_REVIEW" || s == "APPROVED", "listing is {s}");
    one_submission(st)?;
    ensure!(o.err.contains("sending it again"), "not resent: {}", o.err);
    Ok(())
}

pub(super) fn unknown_submitted_once(o: &Out, st: &Value, _: u64) -> Result<(), String> {
    one_submission(st)?;
    ensure!(o.err.contains("could not be read"), "{}", o.err);
    Ok(())
}

/// Already in the action's status: reported done, nothing sent (one submission, the setup's).
pub(super) fn already_submitted(o: &Out, st: &Value, _: u64) -> Result<(), String> {
    ensure!(o.json["alreadyDone"] == true, "{}", o.json);
    one_submission(st)?;
    Ok(())
}

pub(super) fn already_published(o: &Out, st: &Value, _: u64) -> Result<(), String> {
    ensure!(o.json["alreadyDone"] == true, "{}", o.json);
    ensure!(listing_status(st, 359107) == "PUBLISHED", "not published");
    Ok(())
}

pub(super) fn one_version_resent(o: &Out, st: &Value, p: u64) -> Result<(), String> {
    one_version(o, st, p)?;
    ensure!(o.err.contains("sending again"), "not resent: {}", o.err);
    Ok(())
}

pub(super) fn unknown_no_second_version(o: &Out, st: &Value, _: u64) -> Result<(), String> {
    let n = st["listings"]
        .as_object()
        .map(|m| m.values().filter(|l| l["versionOf"] == 359107).count())
        .unwrap_or(0);
    ensure!(n == 1, "{n} new versions");
    ensure!(o.err.contains("failed too"), "{}", o.err);
    Ok(())
}

/// One page of the three seed listings, and the server's `totalResults` passed through.
pub(super) fn three_with_total(o: &Out, _: &Value, _: u64) -> Result<(), String> {
    ensure!(items(o).len() == 3, "{} items", items(o).len());
    ensure!(o.json["totalResults"] == 3, "{}", o.json);
    Ok(())
}

pub(super) fn items(o: &Out) -> Vec<Value> {
    o.json["items"].as_array().cloned().unwrap_or_default()
}

pub(super) fn only_published(o: &Out, _: &Value, _: u64) -> Result<(), String> {
    let it = items(o);
    ensure!(
        it.len() == 1 && it[0]["status"]["code"] == "PUBLISHED",
        "items: {}",
        o.json
    );
    Ok(())
}

pub(super) fn only_published_filtered_here(o: &Out, st: &Value, p: u64) -> Result<(), String> {
    only_published(o, st, p)?;
    ensure!(
        o.err.contains("did not apply the status filter"),
        "-v does not say the filter was applied here: {}",
        o.err
    );
    Ok(())
}

pub(super) fn all_fifteen(o: &Out, _: &Value, _: u64) -> Result<(), String> {
    let it = items(o);
    let mut ids: Vec<_> = it.iter().map(|l| l["listingVersionId"].clone()).collect();
    ids.sort_by_key(|v| v.to_string());
    ids.dedup();
    ensure!(
        it.len() == 15 && ids.len() == 15,
        "{} items, {} distinct",
        it.len(),
        ids.len()
    );
    Ok(())
}

pub(super) fn ten(o: &Out, _: &Value, _: u64) -> Result<(), String> {
    ensure!(items(o).len() == 10, "{} items", items(o).len());
    Ok(())
}

pub(super) fn checked(o: &Out, _: &Value, _: u64) -> Result<(), String> {
    ensure!(o.json["checked"] == true, "{}", o.json);
    ensure!(o.json["check"]["request"].is_string(), "{}", o.json);
    Ok(())
}

pub(super) fn checked_short_life(o: &Out, st: &Value, p: u64) -> Result<(), String> {
    checked(o, st, p)?;
    let left = o.json["tokenExpiresInSeconds"].as_u64().unwrap_or(u64::MAX);
    ensure!(
        left <= 600,
        "a token without expires_in cached for {left} s"
    );
    Ok(())
}

pub(super) fn check_failed(o: &Out, _: &Value, _: u64) -> Result<(), String> {
    ensure!(o.err.contains("GET /listings"), "stderr: {}", o.err);
    Ok(())
}

pub(super) fn ok(_: &Out, _: &Value, _: u64) -> Result<(), String> {
    Ok(())
}

pub(super) fn listing_status(st: &Value, lv: u64) -> String {
    st["listings"][lv.to_string()]["status"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

pub(super) fn submitted(o: &Out, st: &Value, _: u64) -> Result<(), String> {
    let s = listing_status(st, 3047418);
    ensure!(s == "PENDING_REVIEW" || s == "APPROVED", "listing is {s}");
    ensure!(o.json["reconciled"] == true, "{}", o.json);
    Ok(())
}

pub(super) fn published(o: &Out, st: &Value, _: u64) -> Result<(), String> {
    ensure!(listing_status(st, 3047418) == "PUBLISHED", "not published");
    ensure!(o.json["reconciled"] == true, "{}", o.json);
    Ok(())
}

pub(super) fn withdrawn(o: &Out, st: &Value, _: u64) -> Result<(), String> {
    let s = listing_status(st, 359107);
    ensure!(s != "PUBLISHED" && !s.is_empty(), "listing is {s}");
    ensure!(o.json["reconciled"] == true, "{}", o.json);
    Ok(())
}

pub(super) fn one_version(o: &Out, st: &Value, _: u64) -> Result<(), String> {
    let versions: Vec<u64> = st["listings"]
        .as_object()
        .map(|m| {
            m.values()
                .filter(|l| l["versionOf"] == 359107)
                .filter_map(|l| l["listingVersionId"].as_u64())
                .collect()
        })
        .unwrap_or_default();
    ensure!(versions.len() == 1, "{} new versions", versions.len());
    ensure!(
        o.json["listingVersionId"].as_u64() == Some(versions[0]),
        "printed {}",
        o.json
    );
    Ok(())
}

pub(super) fn deleted(o: &Out, st: &Value, _: u64) -> Result<(), String> {
    let n = packages_of(st, 3047418).len();
    ensure!(n == 0, "{n} packages left");
    ensure!(o.json["deleted"].is_u64(), "{}", o.json);
    Ok(())
}

/// With twelve earlier versions, exactly one more appeared and it is the one printed.
pub(super) fn one_new_of_many(o: &Out, st: &Value, _: u64) -> Result<(), String> {
    let n = st["listings"]
        .as_object()
        .map(|m| m.values().filter(|l| l["versionOf"] == 359107).count())
        .unwrap_or(0);
    ensure!(n == 13, "{n} versions (12 before)");
    ensure!(o.json["listingVersionId"].is_u64(), "{}", o.json);
    Ok(())
}
