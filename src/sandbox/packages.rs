//! A listing's packages: create/update/get/list/validate/delete, checked with the same
//! validator the client uses (`crate::package`), multipart bodies read leniently as the docs'
//! examples send them, and artefacts stored beside the record.

use std::sync::Arc;

use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::Shared;
use super::http::{ack, bad_request, error, not_found};
use super::listings::package_json;
use super::paging::collection_shaped;
use super::readings::{Arrays, PackageCreate, PackageEntityId, PackageList, ValidateAnswer};
use super::store::{Db, ListingStatus, PackageRecord, PackageStatus, StatusWord};
use crate::package::{self, Severity};

pub(super) async fn list_packages(State(s): State<Arc<Shared>>, Path(lv): Path<u64>) -> Response {
    let shape = s.config.readings.api.package_list;
    let items: Option<Vec<Value>> = s.store.read(|st| {
        st.listings.get(&lv)?;
        Some(
            st.packages
                .values()
                .filter(|p| p.listing_version_id == lv)
                .map(|p| match shape {
                    PackageList::OtherKey => {
                        let mut v = package_json(p);
                        if let Some(o) = v.as_object_mut() {
                            o.remove("id");
                            o.insert("packageVersionId".into(), json!(p.id.to_string()));
                        }
                        json!({"PackageVersion": v})
                    }
                    PackageList::IdsOnly => {
                        json!({"Package": {"id": p.id, "status": p.status.shown()}})
                    }
                    _ => json!({"Package": package_json(p)}),
                })
                .collect(),
        )
    });
    match (items, shape) {
        (None, _) => not_found(format!("listing {lv}")),
        // The reference's root schema: one PackageVersion (the newest), `{}` when none.
        (Some(items), PackageList::SingleObject | PackageList::SingleObject404) => {
            let newest = items
                .into_iter()
                .filter_map(|i| i.get("Package").cloned())
                .max_by_key(|p| p["id"].as_u64().unwrap_or(0));
            match newest {
                Some(p) => axum::Json(p).into_response(),
                None if shape == PackageList::SingleObject404 => {
                    not_found(format!("package of listing {lv}"))
                }
                None => axum::Json(json!({})).into_response(),
            }
        }
        (Some(items), _) => {
            let null_empty = s.config.readings.images.arrays == Arrays::Null;
            collection_shaped(items, 100, 0, null_empty)
        }
    }
}

/// The `action` of a PATCH body, lower-cased. The reference takes JSON or XML and writes the
/// actions capitalised (`Submit`) where the examples write them in lower case; a form body
/// (`action=validate`) is taken too.
pub(super) fn action_of(body: &[u8]) -> Option<String> {
    let found = if let Ok(v) = serde_json::from_slice::<Value>(body) {
        v.get("action").and_then(Value::as_str).map(str::to_string)
    } else {
        let text = String::from_utf8_lossy(body);
        let xml = text
            .split_once("<action>")
            .and_then(|(_, rest)| rest.split_once("</action>"))
            .map(|(a, _)| a.to_string());
        xml.or_else(|| {
            text.split('&')
                .filter_map(|kv| kv.split_once('='))
                .find(|(k, _)| k.trim() == "action")
                .map(|(_, v)| v.to_string())
        })
    };
    found
        .map(|a| a.trim().to_ascii_lowercase())
        .filter(|a| !a.is_empty())
}

/// The id a package acknowledgement carries, as the `package-entity-id` reading says.
fn entity(s: &Shared, lv: u64, pv: u64) -> u64 {
    match s.config.readings.api.package_entity_id {
        PackageEntityId::Package => pv,
        PackageEntityId::Listing => lv,
    }
}

/// A multipart request as the cURL example of Create Application Package sends it:
/// `-H "Content-Type: application/json"` with `-F` fields makes curl send
/// `Content-Type: application/json; boundary=...` over a multipart body. The reference says
/// multipart/form-data; accept any type that carries a boundary.
/// <https://docs.oracle.com/en/cloud/marketplace/partner-portal/rest-api-publisher/op-publisher-v1-applications-listingversionid-packages-post.html>
async fn lenient_multipart(s: &Arc<Shared>, mut req: Request) -> Result<Multipart, Response> {
    let ct = req
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let boundary = ct
        .split(';')
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| v.trim().trim_matches('"').to_string());
    if !ct.to_ascii_lowercase().starts_with("multipart/")
        && let Some(b) = boundary
        && let Ok(v) = format!("multipart/form-data; boundary={b}").parse()
    {
        req.headers_mut().insert("content-type", v);
    }
    Multipart::from_request(req, s)
        .await
        .map_err(|e| bad_request(format!("Invalid Parameter Value: {e}")))
}

/// The package body of a create or update, read leniently and checked.
async fn receive(s: &Arc<Shared>, req: Request) -> Result<Upload, Response> {
    let mp = lenient_multipart(s, req).await?;
    read_upload(s, mp).await
}

/// Package `pv` when it belongs to listing `lv`; otherwise the 404 to answer.
fn package_of(st: &Db, lv: u64, pv: u64) -> Result<&PackageRecord, Response> {
    st.packages
        .get(&pv)
        .filter(|p| p.listing_version_id == lv)
        .ok_or_else(|| not_found(format!("package {pv} of listing {lv}")))
}

pub(super) async fn get_package(
    State(s): State<Arc<Shared>>,
    Path((lv, pv)): Path<(u64, u64)>,
) -> Response {
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
        Some(l) if matches!(l.status, ListingStatus::New | ListingStatus::Rejected) => Ok(()),
        Some(l) => Err(bad_request(format!(
            "listing {lv} is {}; packages can change only while it is NEW or REJECTED",
            l.status.code()
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

pub(super) async fn create_package(
    State(s): State<Arc<Shared>>,
    Path(lv): Path<u64>,
    req: Request,
) -> Response {
    if let Err(r) = s.store.read(|st| editable(st, lv)) {
        return r;
    }
    let host = super::http::header(req.headers(), "host");
    let up = match receive(&s, req).await {
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
                status: PackageStatus::New,
                artefact: up.artefact.as_ref().map(|a| a.name.clone()),
                artefact_size: up.artefact.as_ref().map(|a| a.size),
            },
        )
    });
    let message = format!(
        "Listing Package saved with package version = {version} and packageVersionId = {pv}"
    );
    match s.config.readings.api.package_create {
        PackageCreate::Ack201 => ack(StatusCode::CREATED, message, entity(&s, lv, pv)),
        PackageCreate::Ack200 => ack(StatusCode::OK, message, entity(&s, lv, pv)),
        PackageCreate::Location201 => {
            let path = format!("/appstore/publisher/v1/applications/{lv}/packages/{pv}");
            // Both forms a Location may take: absolute for odd ids, root-relative for even.
            let location = match host {
                Some(h) if pv % 2 == 1 => format!("http://{h}{path}"),
                _ => path,
            };
            axum::response::Response::builder()
                .status(StatusCode::CREATED)
                .header("location", location)
                .body(axum::body::Body::empty())
                .unwrap_or_default()
        }
    }
}

pub(super) async fn update_package(
    State(s): State<Arc<Shared>>,
    Path((lv, pv)): Path<(u64, u64)>,
    req: Request,
) -> Response {
    let check = s.store.read(|st| {
        editable(st, lv)?;
        package_of(st, lv, pv).map(|_| ())
    });
    if let Err(r) = check {
        return r;
    }
    let up = match receive(&s, req).await {
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
            p.status = PackageStatus::New;
            if let Some(a) = &up.artefact {
                p.artefact = Some(a.name.clone());
                p.artefact_size = Some(a.size);
            }
        }
    });
    ack(
        StatusCode::OK,
        format!("Listing Package {pv} was updated."),
        entity(&s, lv, pv),
    )
}

pub(super) async fn validate_package(
    State(s): State<Arc<Shared>>,
    Path((lv, pv)): Path<(u64, u64)>,
    req: Request,
) -> Response {
    let body = axum::body::to_bytes(req.into_body(), 64 * 1024)
        .await
        .unwrap_or_default();
    if action_of(&body).as_deref() != Some("validate") {
        return bad_request("Invalid Parameter Value: send {\"action\": \"validate\"}");
    }
    let reading = s.config.readings.api.validate_answer;
    let now_status = match reading {
        ValidateAnswer::Ok200 => PackageStatus::Validated,
        ValidateAnswer::Failed200 | ValidateAnswer::Failed400 => PackageStatus::New,
        ValidateAnswer::Async202 | ValidateAnswer::Async202Fails => PackageStatus::Validating,
    };
    let found = s.store.update(|st| {
        package_of(st, lv, pv)?;
        if let Some(p) = st.packages.get_mut(&pv) {
            p.status = now_status;
        }
        Ok(())
    });
    if let Err(r) = found {
        return r;
    }
    let why = "operation UNINSTALL: action tag 'Un Deploy War' is not supported by service JAVA";
    let id = entity(&s, lv, pv);
    match reading {
        ValidateAnswer::Ok200 => ack(
            StatusCode::OK,
            "ListingPackage validation was successful",
            id,
        ),
        ValidateAnswer::Failed200 => ack(
            StatusCode::OK,
            format!("ListingPackage validation failed: {why}"),
            id,
        ),
        ValidateAnswer::Failed400 => {
            bad_request(format!("ListingPackage validation failed: {why}"))
        }
        ValidateAnswer::Async202 | ValidateAnswer::Async202Fails => {
            let end = if reading == ValidateAnswer::Async202 {
                PackageStatus::Validated
            } else {
                PackageStatus::ValidationFailed
            };
            let s2 = s.clone();
            tokio::spawn(async move {
                tokio::time::sleep(s2.config.processing).await;
                s2.store.update(|st| {
                    if let Some(p) = st.packages.get_mut(&pv)
                        && p.status == PackageStatus::Validating
                    {
                        p.status = end;
                    }
                });
            });
            ack(
                StatusCode::ACCEPTED,
                "ListingPackage validation was started",
                id,
            )
        }
    }
}

pub(super) async fn delete_package(
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
        entity(&s, lv, pv),
    )
}
