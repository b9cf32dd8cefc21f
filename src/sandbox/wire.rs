//! What the image endpoints send and accept, shaped by the readings in play.
//!
//! The sandbox has its own wire types, never the client's (`crate::api`): an emulator that
//! shared the client's types would be wrong in the same ways and could not show it.

use std::collections::HashMap;

use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde::Deserialize;
use serde_json::{Value, json};

use super::http::{ack, bad_request, error, not_found};
use super::readings::{
    Arrays, ChecksumReading, ChunkAnswer, Creation, FinalStatus, ImageReadings, PreMergeStatus,
    UnknownRequest,
};
use super::store::{Db, ImageRecord, ImageStatus};
use crate::digest::unhex;

/// The `json` form field of an image upload, as the reference's example shows it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageMeta {
    pub application: String,
    pub version: String,
    pub operating_system: String,
    #[serde(default)]
    pub overwrite_storage_file: Option<bool>,
}

pub fn parse_meta(text: &str) -> Result<ImageMeta, Response> {
    let m: ImageMeta = serde_json::from_str(text).map_err(|e| {
        bad_request(format!(
            "Invalid Parameter Value: form field 'json' is not valid metadata: {e}"
        ))
    })?;
    for (name, v) in [
        ("application", &m.application),
        ("version", &m.version),
        ("operatingSystem", &m.operating_system),
    ] {
        if v.trim().is_empty() || v.contains('/') || v.contains("..") {
            return Err(bad_request(format!(
                "Invalid Parameter Value: json.{name} must be a non-empty name without '/'"
            )));
        }
    }
    Ok(m)
}

/// The merge body: multipart or urlencoded form (or JSON) with `action=upload`.
pub async fn read_action(req: Request) -> Result<Option<String>, Response> {
    let ct = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ct.starts_with("multipart/form-data") {
        let mut mp = Multipart::from_request(req, &())
            .await
            .map_err(|e| bad_request(format!("malformed multipart body: {e}")))?;
        while let Ok(Some(f)) = mp.next_field().await {
            if f.name() == Some("action") {
                return Ok(f.text().await.ok());
            }
        }
        return Ok(None);
    }
    let body = axum::body::to_bytes(req.into_body(), 64 * 1024)
        .await
        .map_err(|_| bad_request("request body too large"))?;
    if ct.starts_with("application/json") {
        let v: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
        return Ok(v.get("action").and_then(Value::as_str).map(str::to_string));
    }
    let form: HashMap<String, String> = form_urlencoded::parse(&body).into_owned().collect();
    Ok(form.get("action").cloned())
}

/// The `statusName` shown for a record; None when the reading hides it.
pub fn shown_status(r: &ImageRecord, rd: &ImageReadings) -> Option<&'static str> {
    match r.status {
        ImageStatus::Initiated => Some(match rd.status_before_merge {
            PreMergeStatus::Initiated => "Initiated",
            PreMergeStatus::Pending => "Pending",
            PreMergeStatus::InProgress => "In Progress",
            PreMergeStatus::InProgess => "IN PROGESS",
        }),
        s if s.processing() && rd.final_status == FinalStatus::Missing => None,
        s => Some(s.display()),
    }
}

/// The filter codes of `machineimagestatus` a shown status matches (Oracle's spellings too).
pub fn status_codes(shown: Option<&str>) -> &'static [&'static str] {
    match shown.map(str::to_ascii_uppercase).as_deref() {
        Some("COMPLETED") => &["COMPLETED"],
        Some("FAILED") => &["FAILED"],
        Some("DELETED") => &["DELETED"],
        Some("INITIATED") => &["INITIATED"],
        Some("PENDING") => &["PENDING"],
        Some("IN PROGRESS" | "IN PROGESS") => &["IN PROGESS", "IN PROGRESS"],
        Some("VIRUS SCAN IN PROGRESS") => &["VIRUS SCAN IN PROGRESS"],
        _ => &[],
    }
}

/// An MD5 (stored as lower-case hex) in the spelling a reading asks for.
fn spell_md5(hex: &str, base64: bool, upper: bool) -> String {
    if base64 {
        unhex(hex)
            .map(|d| base64::engine::general_purpose::STANDARD.encode(d))
            .unwrap_or_default()
    } else if upper {
        hex.to_ascii_uppercase()
    } else {
        hex.to_string()
    }
}

/// `checkSum` in the status: known once the image is stored, shown per the reading.
fn shown_checksum(r: &ImageRecord, rd: &ImageReadings) -> Option<String> {
    let md5 = r.stored_md5.as_deref()?;
    let shown = match r.status {
        ImageStatus::Scanning | ImageStatus::Replicating => {
            rd.checksum != ChecksumReading::AfterReplication
        }
        ImageStatus::Completed => true,
        _ => false,
    };
    match rd.checksum {
        _ if !shown => None,
        ChecksumReading::Absent => None,
        ChecksumReading::Upper => Some(spell_md5(md5, false, true)),
        ChecksumReading::Base64 => Some(spell_md5(md5, true, false)),
        ChecksumReading::Hex | ChecksumReading::AfterReplication => Some(md5.to_string()),
    }
}

/// (uploadedChunks, pendingChunks), truthful under every reading.
pub fn chunk_counts(r: &ImageRecord) -> (u64, u64) {
    if r.chunks_expected == 0 {
        return (1, 0); // a whole-file upload is one piece, received
    }
    if r.status == ImageStatus::Initiated {
        let held = r.chunks.len() as u64;
        // Under repost=count-twice a chunk posted again counts again as uploaded.
        (held + r.duplicates, r.chunks_expected.saturating_sub(held))
    } else {
        (r.chunks_expected, 0)
    }
}

/// `MachineImageUploadRequest`.
pub fn status_json(r: &ImageRecord, rd: &ImageReadings) -> Value {
    let (uploaded, pending) = chunk_counts(r);
    let progress = match r.status {
        ImageStatus::Completed => "100%",
        ImageStatus::Replicating => "95%",
        ImageStatus::Scanning => "90%",
        ImageStatus::Merging => "50%",
        _ => "0%",
    };
    let shown = shown_status(r, rd);
    let mut dc = json!({
        "dataCenterName": "SANDBOX LOOPBACK",
        "uploadProgress": progress,
        "region": "Sandbox Loopback",
        "lastUpdatedDate": r.last_modified_date,
        "copyUpload": false,
        "overwriteUpload": r.overwrite,
    });
    // Under arrays=null the data-centre copies, which exist only after the merge, are null
    // before it; by default the one (loopback) copy is always listed, as before.
    let dcs = if rd.arrays == Arrays::Null && r.status == ImageStatus::Initiated {
        Value::Null
    } else {
        if let Some(s) = shown {
            dc["statusName"] = json!(s);
        }
        json!([dc])
    };
    let mut v = json!({
        "uploadRequestId": r.id,
        "application": r.application,
        "version": r.version,
        "operatingSystem": r.operating_system,
        "fileName": r.file_name,
        "imageFilePath": r.image_file_path(),
        "uploadedChunks": uploaded,
        "pendingChunks": pending,
        "overwriteStorageFile": r.overwrite,
        "createdBy": r.created_by,
        "lastModifiedBy": r.created_by,
        "createdDate": r.created_date,
        "lastModifiedDate": r.last_modified_date,
        "dataCenterImageUploadRequests": dcs,
    });
    if let Some(s) = shown {
        v["statusName"] = json!(s);
    }
    if let Some(sum) = shown_checksum(r, rd) {
        v["checkSum"] = json!(sum);
    }
    if let Some(size) = r.size {
        v["size"] = json!(size);
    }
    v
}

/// The 2xx answer to a chunk POST.
pub fn chunk_answer(rd: &ImageReadings, id: u64, md5: &str, counts: (u64, u64)) -> Response {
    let (uploaded, pending) = counts;
    let body = |checksum: String| {
        axum::Json(json!({
            "uploadRequestId": id.to_string(),
            "checksum": checksum,
            "uploadedChunks": uploaded,
            "pendingChunks": pending,
        }))
        .into_response()
    };
    match rd.chunk_answer {
        ChunkAnswer::Hex => body(md5.to_string()),
        ChunkAnswer::Base64 => body(spell_md5(md5, true, false)),
        ChunkAnswer::Verbatim => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            r#"{"uploadRequestId":"8089067","checksum":"4ccef7d656c4520e57a2af2974e012f0","uploadedChunks":2,"pendingChunks":0}"#,
        )
            .into_response(),
        ChunkAnswer::Empty => StatusCode::OK.into_response(),
        ChunkAnswer::TextOk => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/plain")],
            "OK",
        )
            .into_response(),
        ChunkAnswer::Ack => ack(StatusCode::OK, "OK", id),
    }
}

/// The answer to a creation (whole upload or initiate).
///
/// Under creation=location-201 the Location is absolute (from the Host header) for odd ids and
/// root-relative for even ones, so a client meets both forms the Status Codes page allows.
pub fn created(rd: &ImageReadings, h: &HeaderMap, id: u64) -> Response {
    match rd.creation {
        Creation::Ack200 => ack(StatusCode::OK, "OK", id),
        Creation::Location201 => {
            let path = format!("/appstore/publisher/v1/machineimages/{id}");
            let location = match super::http::header(h, "host") {
                Some(host) if id % 2 == 1 => format!("http://{host}{path}"),
                _ => path,
            };
            Response::builder()
                .status(StatusCode::CREATED)
                .header(header::LOCATION, location)
                .body(Body::empty())
                .unwrap_or_default()
        }
    }
}

/// The answer for an upload request id the server does not know.
pub fn unknown(rd: &ImageReadings, id: u64) -> Response {
    let what = format!("upload request {id}");
    match rd.unknown_request {
        UnknownRequest::NotFound => not_found(what),
        UnknownRequest::BadRequest => bad_request(format!("Invalid Parameter Value: no {what}")),
        UnknownRequest::ServerError => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("System Error: {what} could not be found"),
        ),
    }
}

/// The status code alone (for HEAD) of `unknown`.
pub fn unknown_code(rd: &ImageReadings) -> StatusCode {
    match rd.unknown_request {
        UnknownRequest::NotFound => StatusCode::NOT_FOUND,
        UnknownRequest::BadRequest => StatusCode::BAD_REQUEST,
        UnknownRequest::ServerError => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// `GET /sandbox/images`: every upload request ever created, as the tests see it.
pub fn sandbox_view(st: &Db) -> Value {
    let images: Vec<Value> = st
        .images
        .values()
        .map(|r| {
            json!({
                "id": r.id,
                "fileName": r.file_name,
                "application": r.application,
                "status": r.status.display(),
                "chunksExpected": r.chunks_expected,
                "chunksHeld": r.chunks.keys().collect::<Vec<_>>(),
                "chunkPosts": r.chunk_posts,
                "merges": r.merges,
                "storedMd5": r.stored_md5,
                "size": r.size,
            })
        })
        .collect();
    json!({ "images": images })
}
