//! Package creations and deletions sent at most once: after an answer that does not settle the
//! outcome (lost, or without the new id), the listing's packages are read before anything is
//! sent again.

use std::collections::HashSet;
use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use super::super::Ctx;
use super::super::listing::{may_resend, pause};
use crate::api::ApiClient;
use crate::api::error::ApiError;
use crate::api::packages::{is_ambiguous, package_id};
use crate::api::types::Ack;
use crate::error::Failure;

/// The fields that tell this document's package from the listing's others.
pub(super) fn fingerprint(document: &str) -> Vec<(&'static str, String)> {
    let v: Value = serde_json::from_str(document).unwrap_or(Value::Null);
    ["name", "version", "description"]
        .into_iter()
        .filter_map(|k| v.get(k).and_then(Value::as_str).map(|s| (k, s.to_string())))
        .collect()
}

/// Whether a listed package shows the document's fields: Some(true) when every field it shows
/// matches, Some(false) when one differs, None when it shows none of them (a summary list).
pub(super) fn same_document(p: &Value, fp: &[(&'static str, String)]) -> Option<bool> {
    let shown: Vec<_> = fp.iter().filter(|(k, _)| p[*k].is_string()).collect();
    if shown.is_empty() {
        return None;
    }
    Some(
        shown
            .iter()
            .all(|(k, v)| p[*k].as_str() == Some(v.as_str())),
    )
}

/// Of the packages not there before: those showing the document's fields; failing that, when
/// the list shows none of those fields, the new ones it cannot tell apart (one new package is
/// then this one; several are reported, never guessed between).
pub(super) fn new_packages(
    listed: &[Value],
    before: &HashSet<u64>,
    fp: &[(&'static str, String)],
) -> Vec<u64> {
    let new: Vec<(&Value, u64)> = listed
        .iter()
        .filter_map(|p| package_id(p).map(|id| (p, id)))
        .filter(|(_, id)| !before.contains(id))
        .collect();
    let matching: Vec<u64> = new
        .iter()
        .filter(|(p, _)| same_document(p, fp) == Some(true))
        .map(|(_, id)| *id)
        .collect();
    if !matching.is_empty() {
        return matching;
    }
    new.iter()
        .filter(|(p, _)| same_document(p, fp).is_none())
        .map(|(_, id)| *id)
        .collect()
}

/// The listing's packages; a 404 while the listing exists is none (the list's reference
/// documents 404, and its root schema is one package). Any other failure stands.
pub(super) async fn listed_packages(api: &ApiClient, listing: u64) -> Result<Vec<Value>, ApiError> {
    match api.list_packages(listing).await {
        Err(e @ ApiError::Status { status: 404, .. }) => match api.get_application(listing).await {
            Ok(_) => Ok(vec![]),
            Err(_) => Err(e),
        },
        other => other,
    }
}

/// New packages of the document, checked once more after a pause when none shows (a server
/// may show a creation late).
async fn created_since(
    api: &ApiClient,
    listing: u64,
    before: &HashSet<u64>,
    fp: &[(&'static str, String)],
) -> Result<Vec<u64>, ApiError> {
    for round in 0..2 {
        if round > 0 {
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        let new = new_packages(&listed_packages(api, listing).await?, before, fp);
        if !new.is_empty() {
            return Ok(new);
        }
    }
    Ok(vec![])
}

/// A package as created: its id, the server's message, and whether it was found by looking
/// rather than named in the answer.
pub(super) struct Created {
    pub id: u64,
    pub message: Option<String>,
    pub reconciled: bool,
}

/// Create a package, at most once. The listing's packages are listed first; when the answer
/// does not name the new package (an empty 201, an entityId that is the listing) or is lost
/// after the request went out, the package is looked for among those not there before. None
/// found after a lost answer means none was made, and only then is the request sent again
/// (up to `--retries` times).
pub(super) async fn create(
    ctx: &Ctx,
    api: &ApiClient,
    listing: u64,
    document: &str,
    art: Option<(&Path, u64)>,
) -> Result<Created, Failure> {
    let fp = fingerprint(document);
    let before: Option<HashSet<u64>> = listed_packages(api, listing)
        .await
        .ok()
        .map(|items| items.iter().filter_map(package_id).collect());
    let mut sent = 0;
    loop {
        sent += 1;
        let (lost, message) = match api.create_package(listing, document, art).await {
            Ok(ans) => {
                let named = ans
                    .ack
                    .entity_id
                    .filter(|i| *i != listing)
                    .or(ans.location_id.filter(|i| *i != listing));
                if let Some(id) = named {
                    return Ok(Created {
                        id,
                        message: ans.ack.message,
                        reconciled: false,
                    });
                }
                (None, ans.ack.message)
            }
            Err(e) if is_ambiguous(&e) => (Some(Failure::from(e).message), None),
            Err(e) => return Err(e.into()),
        };
        let what = lost
            .clone()
            .unwrap_or_else(|| "the server answered without the new package's id".to_string());
        let Some(before) = &before else {
            return Err(Failure::retryable(format!(
                "{what}; the listing's packages could not be listed beforehand, so whether a package was created is unknown; check `publisher package list {listing}` before rerunning"
            )));
        };
        let new = created_since(api, listing, before, &fp)
            .await
            .map_err(|e| {
                Failure::retryable(format!(
                    "{what}; listing the packages to find out failed too ({}); check `publisher package list {listing}` before rerunning",
                    Failure::from(e).message
                ))
            })?;
        match new.as_slice() {
            [id] => {
                if lost.is_some() {
                    crate::ui::note(&format!(
                        "{what}; package {id} was created all the same (found in the listing's packages)"
                    ));
                }
                return Ok(Created {
                    id: *id,
                    message,
                    reconciled: lost.is_some(),
                });
            }
            [] if lost.is_some() && may_resend(ctx, sent) => {
                crate::ui::note(&format!(
                    "{what}; the listing has no such new package, so none was created: sending again"
                ));
                pause(sent).await;
            }
            [] => {
                return Err(Failure::retryable(format!(
                    "{what}; no new package with this name and version is on listing {listing}; rerun the same command"
                )));
            }
            many => {
                return Err(Failure::retryable(format!(
                    "{what}; {} new packages that may be this one are on listing {listing} ({}); not sending again, check `publisher package list {listing}`",
                    many.len(),
                    many.iter()
                        .map(u64::to_string)
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        }
    }
}

/// Delete a package, at most once: after a lost answer the package is read; gone means the
/// delete took effect, still there means it did not (and it is sent again, up to `--retries`
/// times).
pub(super) async fn delete(ctx: &Ctx, api: &ApiClient, lv: u64, pv: u64) -> Result<Ack, Failure> {
    let mut sent = 0;
    loop {
        sent += 1;
        let err = match api.delete_package(lv, pv).await {
            Ok(ack) => return Ok(ack),
            Err(e) if is_ambiguous(&e) => e,
            Err(e) => return Err(e.into()),
        };
        let lost = Failure::from(err).message;
        match api.get_package(lv, pv).await {
            Err(ApiError::Status { status: 404, .. }) => {
                let msg = format!("{lost}; package {pv} is gone: the delete took effect");
                crate::ui::note(&msg);
                return Ok(Ack {
                    message: Some(msg),
                    entity_id: Some(pv),
                });
            }
            Ok(_) if may_resend(ctx, sent) => {
                crate::ui::note(&format!(
                    "{lost}; package {pv} is still there, so it was not deleted: sending again"
                ));
                pause(sent).await;
            }
            Ok(_) => {
                return Err(Failure::retryable(format!(
                    "{lost}; package {pv} is still there; rerun the same command"
                )));
            }
            Err(e) => {
                return Err(Failure::retryable(format!(
                    "{lost}; reading the package to find out failed too ({}); check `publisher package get {lv} {pv}` before rerunning",
                    Failure::from(e).message
                )));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn new_packages_by_fields_or_by_being_the_only_new_one() {
        let fp = fingerprint(r#"{"name": "app", "version": "2"}"#);
        let before: HashSet<u64> = [1].into();
        // The document's fields shown: the matching new one, not the other new one.
        let full = [
            json!({"id": 1, "name": "app", "version": "2"}),
            json!({"id": 2, "name": "other", "version": "2"}),
            json!({"id": 3, "name": "app", "version": "2"}),
        ];
        assert_eq!(new_packages(&full, &before, &fp), vec![3]);
        // A summary list (ids only): the one new id is this package.
        let ids = [json!({"id": 1}), json!({"id": 4, "status": "NEW"})];
        assert_eq!(new_packages(&ids, &before, &fp), vec![4]);
        // Two new ids it cannot tell apart: both reported, neither guessed.
        let two = [json!({"id": 5}), json!({"id": 6})];
        assert_eq!(new_packages(&two, &before, &fp), vec![5, 6]);
        // A new package that shows other fields is someone else's: none of ours.
        let other = [json!({"id": 7, "name": "other"})];
        assert!(new_packages(&other, &before, &fp).is_empty());
    }
}
