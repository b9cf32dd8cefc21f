//! Listings, applications and their packages: create/update/get/list/validate/delete packages
//! (checked with the same validator the client uses), and the listing lifecycle
//! (submit -> review -> publish, new versions, withdraw).

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Multipart, Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::Shared;
use super::http::{ack, bad_request, error, not_found};
use super::paging::{collection, paging, status_filter};
use super::store::{ListingRecord, PackageRecord, State as Db, now};
use crate::package::{self, Severity};

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
            get(list_packages).post(create_package),
        )
        .route(
            "/applications/{lv}/packages/{pv}",
            get(get_package)
                .put(update_package)
                .patch(validate_package)
                .delete(delete_package),
        )
}

fn listing_json(l: &ListingRecord) -> Value {
    json!({
        "listingId": l.listing_id,
        "listingVersionId": l.listing_version_id,
        "name": l.name,
        "status": {"code": l.status, "displayName": display(&l.status)},
        "versionOf": l.version_of,
        "createdDate": l.created_date,
    })
}

fn display(code: &str) -> String {
    code.split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn package_json(p: &PackageRecord) -> Value {
    let mut v = p.document.clone();
    if let Some(o) = v.as_object_mut() {
        o.insert("id".into(), json!(p.id));
        o.insert("listingVersionId".into(), json!(p.listing_version_id));
        o.insert(
            "status".into(),
            json!({"code": p.status, "displayName": display(&p.status)}),
        );
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
    let (limit, offset) = match paging(&q) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let wanted = status_filter(&q, "status");
    let items = s.store.read(|st| {
        st.listings
            .values()
            .filter(|l| wanted.as_ref().is_none_or(|w| w.contains(&l.status)))
            .map(|l| json!({"GenericListing": listing_json(l)}))
            .collect()
    });
    collection(items, limit, offset)
}

async fn list_applications(
    State(s): State<Arc<Shared>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let (limit, offset) = match paging(&q) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let items = s.store.read(|st| {
        st.listings
            .values()
            .map(|l| json!({"listingSummary": listing_json(l)}))
            .collect()
    });
    collection(items, limit, offset)
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
    let v: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => {
            return bad_request(format!(
                "Invalid Parameter Value: the body is not JSON: {e}"
            ));
        }
    };
    let Some(action) = v
        .get("action")
        .and_then(Value::as_str)
        .map(str::to_ascii_lowercase)
    else {
        return bad_request(
            "Invalid Parameter Value: `action` is required (submit, publish, withdraw)",
        );
    };
    let result = s.store.update(|st| -> Result<String, Response> {
        let validated = st
            .packages
            .values()
            .any(|p| p.listing_version_id == lv && p.status == "VALIDATED");
        let Some(l) = st.listings.get_mut(&lv) else {
            return Err(not_found(format!("listing {lv}")));
        };
        let next = match (action.as_str(), l.status.as_str()) {
            ("submit", "NEW" | "REJECTED") if validated => "PENDING_REVIEW",
            ("submit", "NEW" | "REJECTED") => {
                return Err(bad_request(format!(
                    "listing {lv} has no validated package; validate one first (PATCH .../packages/{{id}} {{\"action\":\"validate\"}})"
                )));
            }
            ("publish", "APPROVED") => "PUBLISHED",
            ("withdraw", "PUBLISHED") => "WITHDRAWN",
            ("submit" | "publish" | "withdraw", cur) => {
                return Err(bad_request(format!("listing {lv} is {cur}; `{action}` is not allowed in that state")));
            }
            (other, _) => return Err(bad_request(format!("Invalid Parameter Value: unknown action '{other}'"))),
        };
        l.status = next.into();
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
                            && l.status == "PENDING_REVIEW"
                        {
                            l.status = "APPROVED".into();
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
        if l.status != "PUBLISHED" {
            return Err(bad_request(format!(
                "listing {lv} is {}; only a PUBLISHED listing gets a new version",
                l.status
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
                status: "NEW".into(),
                version_of: Some(lv),
                created_date: now(),
            },
        );
        Ok(id)
    });
    match result {
        Ok(id) => ack(StatusCode::CREATED, "A new version was created.", id),
        Err(r) => r,
    }
}

async fn list_packages(State(s): State<Arc<Shared>>, Path(lv): Path<u64>) -> Response {
    let items: Option<Vec<Value>> = s.store.read(|st| {
        st.listings.get(&lv)?;
        Some(
            st.packages
                .values()
                .filter(|p| p.listing_version_id == lv)
                .map(|p| json!({"Package": package_json(p)}))
                .collect(),
        )
    });
    match items {
        Some(items) => collection(items, 100, 0),
        None => not_found(format!("listing {lv}")),
    }
}

/// Package `pv` when it belongs to listing `lv`; otherwise the 404 to answer.
fn package_of(st: &Db, lv: u64, pv: u64) -> Result<&PackageRecord, Response> {
    st.packages
        .get(&pv)
        .filter(|p| p.listing_version_id == lv)
        .ok_or_else(|| not_found(format!("package {pv} of listing {lv}")))
}

async fn get_package(State(s): State<Arc<Shared>>, Path((lv, pv)): Path<(u64, u64)>) -> Response {
    match s.store.read(|st| package_of(st, lv, pv).map(package_json)) {
        Ok(v) => axum::Json(v).into_response(),
        Err(r) => r,
    }
}

/// The multipart package body: `json` (required) and an optional `file`, streamed to a
/// temporary file (artefacts can be hundreds of MiB).
struct Upload {
    document: Value,
    artefact: Option<Artefact>,
}

struct Artefact {
    name: String,
    tmp: std::path::PathBuf,
    size: u64,
}

impl Upload {
    fn discard(&self) {
        if let Some(a) = &self.artefact {
            let _ = std::fs::remove_file(&a.tmp);
        }
    }
}

async fn read_upload(s: &Shared, mut mp: Multipart) -> Result<Upload, Response> {
    let mut doc_text: Option<Vec<u8>> = None;
    let mut up = Upload {
        document: Value::Null,
        artefact: None,
    };
    let malformed = |e: axum::extract::multipart::MultipartError| {
        bad_request(format!("malformed multipart body: {e}"))
    };
    loop {
        let mut field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                up.discard();
                return Err(malformed(e));
            }
        };
        match field.name().unwrap_or("") {
            "json" => {
                let mut text = Vec::new();
                loop {
                    match field.chunk().await {
                        Ok(Some(b))
                            if text.len() + b.len() <= package::check::MAX_DOCUMENT as usize =>
                        {
                            text.extend_from_slice(&b)
                        }
                        Ok(Some(_)) => {
                            up.discard();
                            return Err(bad_request(
                                "Invalid Parameter Value: the 'json' field is larger than 32 MiB",
                            ));
                        }
                        Ok(None) => break,
                        Err(e) => {
                            up.discard();
                            return Err(malformed(e));
                        }
                    }
                }
                doc_text = Some(text);
            }
            "file" => {
                let name = field.file_name().unwrap_or("artefact").to_string();
                let tmp = super::files::tmp_path(s);
                up.discard();
                let (size, _) =
                    super::files::save_field(&mut field, &tmp, &s.stats.received_bytes).await?;
                up.artefact = Some(Artefact { name, tmp, size });
            }
            _ => {}
        }
    }
    let Some(text) = doc_text else {
        up.discard();
        return Err(bad_request(
            "Invalid Parameter Value: the form field 'json' (the PackageVersion document) is required",
        ));
    };
    // The server checks what it receives with the same rules as `publisher package validate`.
    let outcome = package::check_bytes(&text, &package::Options::default());
    if let Some(d) = outcome
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error)
    {
        up.discard();
        return Err(bad_request(format!(
            "Invalid Parameter Value: [{}] {}",
            d.rule, d.message
        )));
    }
    match serde_json::from_slice(&text) {
        Ok(doc) => up.document = doc,
        Err(e) => {
            up.discard();
            return Err(bad_request(format!("Invalid Parameter Value: json: {e}")));
        }
    }
    Ok(up)
}

fn editable(st: &Db, lv: u64) -> Result<(), Response> {
    match st.listings.get(&lv) {
        None => Err(not_found(format!("listing {lv}"))),
        Some(l) if l.status == "NEW" || l.status == "REJECTED" => Ok(()),
        Some(l) => Err(bad_request(format!(
            "listing {lv} is {}; packages can change only while it is NEW or REJECTED",
            l.status
        ))),
    }
}

fn store_artefact(s: &Shared, pv: u64, up: &Upload) -> Result<(), Response> {
    if let Some(a) = &up.artefact {
        let dir = s.store.dir.join("packages").join(pv.to_string());
        std::fs::create_dir_all(&dir)
            .and_then(|_| std::fs::rename(&a.tmp, dir.join("artefact")))
            .map_err(|e| {
                up.discard();
                error(StatusCode::INTERNAL_SERVER_ERROR, format!("storage: {e}"))
            })?;
    }
    Ok(())
}

async fn create_package(
    State(s): State<Arc<Shared>>,
    Path(lv): Path<u64>,
    _h: HeaderMap,
    mp: Multipart,
) -> Response {
    if let Err(r) = s.store.read(|st| editable(st, lv)) {
        return r;
    }
    let up = match read_upload(&s, mp).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    let pv = s.store.update(|st| {
        let id = st.next_id;
        st.next_id += 1;
        id
    });
    if let Err(r) = store_artefact(&s, pv, &up) {
        return r;
    }
    let version = up
        .document
        .get("version")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    s.store.update(|st| {
        st.packages.insert(
            pv,
            PackageRecord {
                id: pv,
                listing_version_id: lv,
                document: up.document,
                status: "NEW".into(),
                artefact: up.artefact.as_ref().map(|a| a.name.clone()),
                artefact_size: up.artefact.as_ref().map(|a| a.size),
            },
        )
    });
    ack(
        StatusCode::CREATED,
        format!(
            "Listing Package saved with package version = {version} and packageVersionId = {pv}"
        ),
        pv,
    )
}

async fn update_package(
    State(s): State<Arc<Shared>>,
    Path((lv, pv)): Path<(u64, u64)>,
    mp: Multipart,
) -> Response {
    let check = s.store.read(|st| {
        editable(st, lv)?;
        package_of(st, lv, pv).map(|_| ())
    });
    if let Err(r) = check {
        return r;
    }
    let up = match read_upload(&s, mp).await {
        Ok(u) => u,
        Err(r) => return r,
    };
    if let Err(r) = store_artefact(&s, pv, &up) {
        return r;
    }
    s.store.update(|st| {
        if let Some(p) = st.packages.get_mut(&pv) {
            p.document = up.document;
            // A changed package must be validated again.
            p.status = "NEW".into();
            if let Some(a) = &up.artefact {
                p.artefact = Some(a.name.clone());
                p.artefact_size = Some(a.size);
            }
        }
    });
    ack(
        StatusCode::OK,
        format!("Listing Package {pv} was updated."),
        pv,
    )
}

async fn validate_package(
    State(s): State<Arc<Shared>>,
    Path((lv, pv)): Path<(u64, u64)>,
    req: Request,
) -> Response {
    let body = axum::body::to_bytes(req.into_body(), 64 * 1024)
        .await
        .unwrap_or_default();
    let action = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| v.get("action").and_then(Value::as_str).map(str::to_string));
    if action.as_deref() != Some("validate") {
        return bad_request("Invalid Parameter Value: send {\"action\": \"validate\"}");
    }
    let found = s.store.update(|st| {
        package_of(st, lv, pv)?;
        if let Some(p) = st.packages.get_mut(&pv) {
            p.status = "VALIDATED".into();
        }
        Ok(())
    });
    if let Err(r) = found {
        return r;
    }
    ack(
        StatusCode::OK,
        "ListingPackage validation was successful",
        pv,
    )
}

async fn delete_package(
    State(s): State<Arc<Shared>>,
    Path((lv, pv)): Path<(u64, u64)>,
) -> Response {
    let result = s.store.update(|st| {
        editable(st, lv)?;
        package_of(st, lv, pv)?;
        st.packages.remove(&pv);
        Ok(())
    });
    if let Err(r) = result {
        return r;
    }
    let _ = std::fs::remove_dir_all(s.store.dir.join("packages").join(pv.to_string()));
    ack(
        StatusCode::OK,
        format!("Listing Package for ListingVersionId = {lv} was deleted."),
        pv,
    )
}
