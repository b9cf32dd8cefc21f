//! Listings and applications: list, get, and the listing lifecycle (submit -> review ->
//! publish, new versions, withdraw); the token readings around every v1 call. Their packages
//! are in `packages.rs`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::Shared;
use super::http::{ack, bad_request, error, not_found};
use super::packages::{self, action_of};
use super::paging::{collection, paging, status_filter};
use super::readings::{ExpiredToken, ListingStatusFilter, Paging, TokenExpiresIn};
use super::store::{Db, ListingRecord, ListingStatus, PackageRecord, PackageStatus, StatusWord};
use crate::clock::now_rfc3339_millis;

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/listings", get(list_listings))
        .route("/applications", get(list_applications))
        .route(
            "/applications/{lv}",
            get(get_application).patch(listing_action),
        )
        .route("/applications/{lv}/version", post(new_version))
        .route(
            "/applications/{lv}/packages",
            get(packages::list_packages).post(packages::create_package),
        )
        .route(
            "/applications/{lv}/packages/{pv}",
            get(packages::get_package)
                .put(packages::update_package)
                .patch(packages::validate_package)
                .delete(packages::delete_package),
        )
}

fn listing_json(l: &ListingRecord) -> Value {
    json!({
        "listingId": l.listing_id,
        "listingVersionId": l.listing_version_id,
        "name": l.name,
        "status": l.status.shown(),
        "versionOf": l.version_of,
        "createdDate": l.created_date,
    })
}

pub(super) fn package_json(p: &PackageRecord) -> Value {
    let mut v = p.document.clone();
    if let Some(o) = v.as_object_mut() {
        o.insert("id".into(), json!(p.id));
        o.insert("listingVersionId".into(), json!(p.listing_version_id));
        o.insert("status".into(), p.status.shown());
        if let Some(a) = &p.artefact {
            o.insert(
                "artefact".into(),
                json!({"fileName": a, "size": p.artefact_size}),
            );
        }
    }
    v
}

async fn list_listings(
    State(s): State<Arc<Shared>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let wanted = match s.config.readings.api.listing_status_filter {
        ListingStatusFilter::Honoured => status_filter(&q, "status"),
        ListingStatusFilter::Ignored => None,
    };
    let items = s.store.read(|st| {
        st.listings
            .values()
            .filter(|l| {
                wanted
                    .as_ref()
                    .is_none_or(|w| w.iter().any(|c| c == l.status.code()))
            })
            .map(|l| json!({"GenericListing": listing_json(l)}))
            .collect()
    });
    page(&s, &q, items)
}

async fn list_applications(
    State(s): State<Arc<Shared>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let items = s.store.read(|st| {
        st.listings
            .values()
            .map(|l| json!({"listingSummary": listing_json(l)}))
            .collect()
    });
    page(&s, &q, items)
}

/// One page of a collection, after `limit`/`offset` are checked, as the `paging` reading says.
fn page(s: &Shared, q: &HashMap<String, String>, items: Vec<Value>) -> Response {
    let (limit, offset) = match paging(q) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let reading = s.config.readings.api.paging;
    if reading == Paging::Documented {
        return collection(items, limit, offset);
    }
    let limit = if reading == Paging::Capped {
        limit.min(10)
    } else {
        limit
    };
    let page: Vec<Value> = items.into_iter().skip(offset).take(limit).collect();
    let mut v = json!({"count": page.len(), "items": page, "links": []});
    match reading {
        Paging::FalseOnFullPages => v["hasMore"] = json!(false),
        Paging::AlwaysTrue => v["hasMore"] = json!(true),
        Paging::Documented | Paging::Capped => {}
    }
    axum::Json(v).into_response()
}

async fn get_application(State(s): State<Arc<Shared>>, Path(lv): Path<u64>) -> Response {
    match s.store.read(|st| st.listings.get(&lv).map(listing_json)) {
        Some(v) => axum::Json(v).into_response(),
        None => not_found(format!("listing {lv}")),
    }
}

async fn listing_action(
    State(s): State<Arc<Shared>>,
    Path(lv): Path<u64>,
    body: axum::body::Bytes,
) -> Response {
    let Some(action) = action_of(&body) else {
        return bad_request(
            "Invalid Parameter Value: `action` is required (submit, publish, withdraw)",
        );
    };
    let result = s.store.update(|st| -> Result<String, Response> {
        let validated = st
            .packages
            .values()
            .any(|p| p.listing_version_id == lv && p.status == PackageStatus::Validated);
        let Some(l) = st.listings.get_mut(&lv) else {
            return Err(not_found(format!("listing {lv}")));
        };
        use ListingStatus::*;
        let next = match (action.as_str(), l.status) {
            ("submit", New | Rejected) if validated => {
                l.submissions += 1;
                PendingReview
            }
            ("submit", New | Rejected) => {
                return Err(bad_request(format!(
                    "listing {lv} has no validated package; validate one first (PATCH .../packages/{{id}} {{\"action\":\"validate\"}})"
                )));
            }
            ("publish", Approved) => Published,
            ("withdraw", Published) => Withdrawn,
            ("submit" | "publish" | "withdraw", cur) => {
                return Err(bad_request(format!(
                    "listing {lv} is {}; `{action}` is not allowed in that state",
                    cur.code()
                )));
            }
            (other, _) => return Err(bad_request(format!("Invalid Parameter Value: unknown action '{other}'"))),
        };
        l.status = next;
        Ok(format!("{action} operation successful on listing."))
    });
    match result {
        Ok(msg) => {
            if action == "submit" {
                // The sandbox's reviewer approves after the processing delay.
                let s2 = s.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(s2.config.processing).await;
                    s2.store.update(|st| {
                        if let Some(l) = st.listings.get_mut(&lv)
                            && l.status == ListingStatus::PendingReview
                        {
                            l.status = ListingStatus::Approved;
                        }
                    });
                });
            }
            ack(StatusCode::OK, msg, lv)
        }
        Err(r) => r,
    }
}

async fn new_version(State(s): State<Arc<Shared>>, Path(lv): Path<u64>) -> Response {
    let result = s.store.update(|st: &mut Db| -> Result<u64, Response> {
        let Some(l) = st.listings.get(&lv).cloned() else {
            return Err(not_found(format!("listing {lv}")));
        };
        if l.status != ListingStatus::Published {
            return Err(bad_request(format!(
                "listing {lv} is {}; only a PUBLISHED listing gets a new version",
                l.status.code()
            )));
        }
        let id = st.next_id;
        st.next_id += 1;
        st.listings.insert(
            id,
            ListingRecord {
                listing_version_id: id,
                listing_id: l.listing_id,
                name: l.name.clone(),
                status: ListingStatus::New,
                version_of: Some(lv),
                created_date: now_rfc3339_millis(),
                submissions: 0,
            },
        );
        Ok(id)
    });
    match result {
        Ok(id) => ack(StatusCode::CREATED, "A new version was created.", id),
        Err(r) => r,
    }
}

/// The token readings, around every v1 call: how `/authenticate` gives `expires_in`, and
/// whether an expired or unknown bearer token is answered 401 or 403.
pub async fn token_readings(
    State(s): State<Arc<Shared>>,
    req: Request,
    next: axum::middleware::Next,
) -> Response {
    let r = &s.config.readings.api;
    let is_auth = req.uri().path().ends_with("/authenticate");
    let bearer = req
        .headers()
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("bearer "));
    let resp = next.run(req).await;
    if is_auth && resp.status().is_success() && r.token_expires_in != TokenExpiresIn::Number {
        let (parts, body) = resp.into_parts();
        let bytes = axum::body::to_bytes(body, 64 * 1024)
            .await
            .unwrap_or_default();
        let Ok(mut v) = serde_json::from_slice::<Value>(&bytes) else {
            return Response::from_parts(parts, axum::body::Body::from(bytes));
        };
        if let Some(o) = v.as_object_mut() {
            match r.token_expires_in {
                TokenExpiresIn::String => {
                    let n = o.get("expires_in").and_then(Value::as_u64).unwrap_or(0);
                    o.insert("expires_in".into(), json!(n.to_string()));
                }
                _ => {
                    o.remove("expires_in");
                }
            }
        }
        return (parts.status, axum::Json(v)).into_response();
    }
    if !is_auth
        && bearer
        && resp.status() == StatusCode::UNAUTHORIZED
        && r.expired_token == ExpiredToken::Forbidden403
    {
        return error(
            StatusCode::FORBIDDEN,
            "Forbidden: the bearer token is not valid",
        );
    }
    resp
}
