//! `/authenticate` and `/machineimages`: whole and chunked uploads, merge, status, list, delete.

use std::collections::HashMap;
use std::path::{Path as FsPath, PathBuf};
use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::Router;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use md5::{Digest, Md5};
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;

use super::Shared;
use super::http::{ack, bad_request, error, header as hdr, not_found};
use super::store::{ImageRecord, now};
use crate::api::auth::hex;
use crate::api::types::ImageMetadata;

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/machineimages", post(create).get(list))
        .route(
            "/machineimages/{id}",
            get(status).head(head).patch(merge).delete(delete),
        )
        .route("/machineimages/{id}/chunk", post(chunk))
}

pub const STATUS_INITIATED: &str = "Initiated";
pub const STATUS_MERGING: &str = "In Progress";
pub const STATUS_SCANNING: &str = "Virus Scan In Progress";
pub const STATUS_COMPLETED: &str = "Completed";
pub const STATUS_FAILED: &str = "Failed";
pub const STATUS_DELETED: &str = "Deleted";

/// `GET /authenticate` with `Authorization: Basic base64(id:secret)`.
pub async fn authenticate(State(s): State<Arc<Shared>>, h: HeaderMap) -> Response {
    let basic = hdr(&h, "authorization").and_then(|v| {
        let (scheme, rest) = v.split_once(' ')?;
        if !scheme.eq_ignore_ascii_case("basic") {
            return None;
        }
        let raw = base64::engine::general_purpose::STANDARD
            .decode(rest.trim())
            .ok()?;
        let text = String::from_utf8(raw).ok()?;
        let (id, secret) = text.split_once(':')?;
        Some((id.to_string(), secret.to_string()))
    });
    let cfg = &s.config;
    match basic {
        Some((id, secret)) if id == cfg.client_id && secret == cfg.client_secret.expose() => {
            s.stats.tokens_issued.fetch_add(1, Ordering::Relaxed);
            let token = s.tokens.issue(cfg.token_ttl);
            axum::Json(json!({
                "access_token": token,
                "expires_in": cfg.token_ttl.as_secs(),
                "oracle_tk_context": "client_assertion",
                "oracle_client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            }))
            .into_response()
        }
        Some(_) => error(
            StatusCode::UNAUTHORIZED,
            "Not Authorized: unknown client id or wrong secret",
        ),
        None => error(
            StatusCode::UNAUTHORIZED,
            "Not Authorized: send Authorization: Basic base64(clientId:secret)",
        ),
    }
}

fn user(h: &HeaderMap) -> String {
    hdr(h, "x-oracle-userid").unwrap_or_else(|| "anonymous".into())
}

/// Stream one multipart field to `dest`, returning (size, md5 hex).
pub(super) async fn save_field(
    field: &mut axum::extract::multipart::Field<'_>,
    dest: &FsPath,
    received: &std::sync::atomic::AtomicU64,
) -> Result<(u64, String), Response> {
    let io = |e: std::io::Error| error(StatusCode::INTERNAL_SERVER_ERROR, format!("storage: {e}"));
    if let Some(dir) = dest.parent() {
        tokio::fs::create_dir_all(dir).await.map_err(io)?;
    }
    let mut f = tokio::fs::File::create(dest).await.map_err(io)?;
    let mut md5 = Md5::new();
    let mut size = 0u64;
    loop {
        match field.chunk().await {
            Ok(Some(b)) => {
                received.fetch_add(b.len() as u64, Ordering::Relaxed);
                md5.update(&b);
                size += b.len() as u64;
                f.write_all(&b).await.map_err(io)?;
            }
            Ok(None) => break,
            Err(e) => {
                drop(f);
                let _ = tokio::fs::remove_file(dest).await;
                return Err(bad_request(format!("malformed multipart body: {e}")));
            }
        }
    }
    // No fsync: the sandbox must survive its own restart (the page cache does), not a power
    // cut, and syncing every upload would make it measure the disk instead of the client.
    f.flush().await.map_err(io)?;
    Ok((size, hex(&md5.finalize())))
}

fn parse_meta(text: &str) -> Result<ImageMetadata, Response> {
    let m: ImageMetadata = serde_json::from_str(text).map_err(|e| {
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

pub(super) fn tmp_path(s: &Shared) -> PathBuf {
    let n: u64 = s.rng.lock().map(|mut r| r.u64(..)).unwrap_or(0);
    s.store.dir.join("tmp").join(format!("upload-{n:016x}"))
}

/// Another live upload already owns this storage path and overwriting was not asked for.
fn conflict(s: &Shared, rec: &ImageRecord) -> Option<Response> {
    if rec.overwrite {
        return None;
    }
    let path = rec.image_file_path();
    let clash = s.store.read(|st| {
        st.images
            .values()
            .any(|o| o.id != rec.id && o.status == STATUS_COMPLETED && o.image_file_path() == path)
    });
    clash.then(|| {
        error(
            StatusCode::CONFLICT,
            format!(
                "A storage file already exists at {path}; set overwriteStorageFile to true to replace it"
            ),
        )
    })
}

/// `POST /machineimages`: a whole-file upload, or (uploadType=Chunk) the start of a chunked one.
async fn create(State(s): State<Arc<Shared>>, h: HeaderMap, mut mp: Multipart) -> Response {
    let Some(file_name) = hdr(&h, "x-file-name") else {
        return bad_request("Invalid Parameter Value: the X-File-Name header is required");
    };
    if file_name.contains('/') || file_name.contains('\\') || file_name == ".." {
        return bad_request("Invalid Parameter Value: X-File-Name must be a plain file name");
    }
    let chunks = match hdr(&h, "x-number-of-chunks") {
        None => None,
        Some(v) => match v.parse::<u64>() {
            Ok(n) if n >= 1 => Some(n),
            _ => {
                return bad_request(format!(
                    "Invalid Parameter Value: X-Number-Of-Chunks '{v}' must be a positive integer"
                ));
            }
        },
    };
    let mut meta_text = None;
    let mut upload_type = None;
    let mut saved: Option<(PathBuf, u64, String)> = None;
    loop {
        let mut field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return bad_request(format!("malformed multipart body: {e}")),
        };
        match field.name().unwrap_or("") {
            "json" => meta_text = field.text().await.ok(),
            "uploadType" => upload_type = field.text().await.ok(),
            "file" => {
                let tmp = tmp_path(&s);
                match save_field(&mut field, &tmp, &s.stats.received_bytes).await {
                    Ok((size, md5)) => saved = Some((tmp, size, md5)),
                    Err(r) => return r,
                }
            }
            _ => {}
        }
    }
    let cleanup = |saved: &Option<(PathBuf, u64, String)>| {
        if let Some((p, ..)) = saved {
            let _ = std::fs::remove_file(p);
        }
    };
    let meta = match meta_text.as_deref().map(parse_meta) {
        Some(Ok(m)) => m,
        Some(Err(r)) => {
            cleanup(&saved);
            return r;
        }
        None => {
            cleanup(&saved);
            return bad_request(
                "Invalid Parameter Value: the form field 'json' (image metadata) is required",
            );
        }
    };
    let chunked = upload_type
        .as_deref()
        .is_some_and(|t| t.eq_ignore_ascii_case("chunk"));
    if chunked != chunks.is_some() {
        cleanup(&saved);
        return bad_request(
            "Invalid Parameter Value: a chunked upload needs both uploadType=Chunk and X-Number-Of-Chunks",
        );
    }
    if chunked && saved.is_some() {
        cleanup(&saved);
        return bad_request(
            "Invalid Parameter Value: the initiate call takes no file part; send chunks to /machineimages/{id}/chunk",
        );
    }
    if !chunked && saved.is_none() {
        return bad_request("Invalid Parameter Value: the form field 'file' is required");
    }
    let stamp = now();
    let mut rec = ImageRecord {
        id: 0,
        application: meta.application,
        version: meta.version,
        operating_system: meta.operating_system,
        file_name,
        overwrite: meta.overwrite_storage_file.unwrap_or(false),
        chunks_expected: chunks.unwrap_or(0),
        chunks: Default::default(),
        status: STATUS_INITIATED.into(),
        check_sum: None,
        size: None,
        md5_headers: u64::from(saved.is_some() && hdr(&h, "x-md5-checksum").is_some()),
        chunk_posts: 0,
        merges: 0,
        stored_md5: None,
        created_by: user(&h),
        created_date: stamp.clone(),
        last_modified_date: stamp,
    };
    if let Some(r) = conflict(&s, &rec) {
        cleanup(&saved);
        return r;
    }
    if let Some((tmp, size, md5)) = &saved {
        if let Some(want) = hdr(&h, "x-md5-checksum")
            && !want.eq_ignore_ascii_case(md5)
        {
            cleanup(&saved);
            return bad_request(format!(
                "MD5 checksum mismatch: X-MD5-Checksum is {want} but the received file hashes to {md5}"
            ));
        }
        rec.size = Some(*size);
        rec.stored_md5 = Some(md5.clone());
        rec.status = STATUS_SCANNING.into();
        let id = s.store.update(|st| {
            let id = st.next_id;
            st.next_id += 1;
            id
        });
        rec.id = id;
        let dest = s.store.image_file(id);
        let moved = std::fs::create_dir_all(s.store.image_dir(id))
            .and_then(|_| std::fs::rename(tmp, &dest));
        if let Err(e) = moved {
            cleanup(&saved);
            return error(StatusCode::INTERNAL_SERVER_ERROR, format!("storage: {e}"));
        }
        let md5 = md5.clone();
        s.store.update(|st| st.images.insert(id, rec));
        spawn_scan(s.clone(), id, md5);
        return ack(StatusCode::OK, "OK", id);
    }
    let id = s.store.update(|st| {
        let id = st.next_id;
        st.next_id += 1;
        rec.id = id;
        st.images.insert(id, rec);
        id
    });
    ack(StatusCode::OK, "OK", id)
}

/// `POST /machineimages/{id}/chunk`: one chunk, MD5-checked, stored under its number.
async fn chunk(
    State(s): State<Arc<Shared>>,
    Path(id): Path<u64>,
    h: HeaderMap,
    mut mp: Multipart,
) -> Response {
    let Some(rec) = s.store.read(|st| st.images.get(&id).cloned()) else {
        return not_found(format!("upload request {id}"));
    };
    if rec.chunks_expected == 0 {
        return bad_request(format!(
            "upload request {id} is not a chunked upload (initiate with uploadType=Chunk)"
        ));
    }
    if rec.status != STATUS_INITIATED {
        return bad_request(format!(
            "upload request {id} is {}; chunks are accepted only before the merge",
            rec.status
        ));
    }
    let n = match hdr(&h, "x-chunk-number").map(|v| v.parse::<u64>()) {
        Some(Ok(n)) if (1..=rec.chunks_expected).contains(&n) => n,
        Some(_) => {
            return bad_request(format!(
                "Invalid Parameter Value: X-Chunk-Number must be between 1 and {}",
                rec.chunks_expected
            ));
        }
        None => {
            return bad_request("Invalid Parameter Value: the X-Chunk-Number header is required");
        }
    };
    match hdr(&h, "x-file-name") {
        Some(f) if f == rec.file_name => {}
        Some(f) => {
            return bad_request(format!(
                "Invalid Parameter Value: X-File-Name '{f}' does not match the upload's '{}'",
                rec.file_name
            ));
        }
        None => return bad_request("Invalid Parameter Value: the X-File-Name header is required"),
    }
    let mut saved = None;
    loop {
        let mut field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return bad_request(format!("malformed multipart body: {e}")),
        };
        if field.name() == Some("file") {
            let tmp = tmp_path(&s);
            match save_field(&mut field, &tmp, &s.stats.received_bytes).await {
                Ok((size, md5)) => saved = Some((tmp, size, md5)),
                Err(r) => return r,
            }
        }
    }
    let Some((tmp, size, md5)) = saved else {
        return bad_request("Invalid Parameter Value: the form field 'file' is required");
    };
    let checked = hdr(&h, "x-md5-checksum").is_some();
    if let Some(want) = hdr(&h, "x-md5-checksum")
        && !want.eq_ignore_ascii_case(&md5)
    {
        let _ = std::fs::remove_file(&tmp);
        return bad_request(format!(
            "MD5 checksum mismatch for chunk {n}: X-MD5-Checksum is {want} but the chunk hashes to {md5}"
        ));
    }
    let dest = s.store.chunk_file(id, n);
    if let Err(e) =
        std::fs::create_dir_all(s.store.image_dir(id)).and_then(|_| std::fs::rename(&tmp, &dest))
    {
        let _ = std::fs::remove_file(&tmp);
        return error(StatusCode::INTERNAL_SERVER_ERROR, format!("storage: {e}"));
    }
    s.stats.chunk_bytes.fetch_add(size, Ordering::Relaxed);
    // The status may have moved on (a merge raced this chunk): only record while still open.
    let counts = s.store.update(|st| {
        let r = st.images.get_mut(&id)?;
        if r.status != STATUS_INITIATED {
            return None;
        }
        r.chunks.insert(n, md5.clone());
        r.md5_headers += u64::from(checked);
        r.chunk_posts += 1;
        r.last_modified_date = now();
        let done = r.chunks.len() as u64;
        Some((done, r.chunks_expected - done))
    });
    let Some((done, pending)) = counts else {
        let _ = std::fs::remove_file(&dest);
        return bad_request(format!(
            "upload request {id} was merged or deleted meanwhile"
        ));
    };
    axum::Json(json!({
        "uploadRequestId": id.to_string(),
        "checksum": md5,
        "uploadedChunks": done,
        "pendingChunks": pending,
    }))
    .into_response()
}

/// The merge body: multipart or urlencoded form (or JSON) with `action=upload`.
async fn read_action(req: Request) -> Result<Option<String>, Response> {
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
    let form: HashMap<String, String> = serde_urlencoded_pairs(&body);
    Ok(form.get("action").cloned())
}

fn serde_urlencoded_pairs(body: &[u8]) -> HashMap<String, String> {
    form_urlencoded::parse(body).into_owned().collect()
}

/// `PATCH /machineimages/{id}` with action=upload: check every chunk is there, then merge in the
/// background (the real service also answers before replication finishes).
async fn merge(State(s): State<Arc<Shared>>, Path(id): Path<u64>, req: Request) -> Response {
    let action = match read_action(req).await {
        Ok(a) => a,
        Err(r) => return r,
    };
    match action.as_deref() {
        Some("upload") => {}
        Some(other) => {
            return bad_request(format!(
                "Invalid Parameter Value: action '{other}' is not supported; use action=upload"
            ));
        }
        None => {
            return bad_request(
                "Invalid Parameter Value: form field 'action' (upload) is required",
            );
        }
    }
    let Some(rec) = s.store.read(|st| st.images.get(&id).cloned()) else {
        return not_found(format!("upload request {id}"));
    };
    if rec.chunks_expected == 0 {
        return bad_request(format!(
            "upload request {id} is a whole-file upload; nothing to merge"
        ));
    }
    match rec.status.as_str() {
        STATUS_INITIATED => {}
        // Merging twice is harmless: answer as the first time did.
        STATUS_MERGING | STATUS_SCANNING | STATUS_COMPLETED => {
            s.store
                .update(|st| st.images.get_mut(&id).map(|r| r.merges += 1));
            return ack(StatusCode::OK, "OK", id);
        }
        other => {
            return bad_request(format!(
                "upload request {id} is {other}; it cannot be merged"
            ));
        }
    }
    let missing: Vec<u64> = (1..=rec.chunks_expected)
        .filter(|n| !rec.chunks.contains_key(n))
        .collect();
    if !missing.is_empty() {
        let shown: Vec<String> = missing.iter().take(10).map(u64::to_string).collect();
        return bad_request(format!(
            "cannot merge upload request {id}: {} of {} chunks missing ({}{})",
            missing.len(),
            rec.chunks_expected,
            shown.join(", "),
            if missing.len() > 10 { ", ..." } else { "" }
        ));
    }
    let mut tmp_rec = rec.clone();
    tmp_rec.status = STATUS_COMPLETED.into();
    if let Some(r) = conflict(&s, &tmp_rec) {
        return r;
    }
    s.store.update(|st| {
        if let Some(r) = st.images.get_mut(&id) {
            r.status = STATUS_MERGING.into();
            r.merges += 1;
            r.last_modified_date = now();
        }
    });
    spawn_merge(s.clone(), id);
    ack(StatusCode::OK, "OK", id)
}

fn set_status(s: &Shared, id: u64, status: &str, sum: Option<String>, size: Option<u64>) {
    s.store.update(|st| {
        if let Some(r) = st.images.get_mut(&id) {
            r.status = status.into();
            if sum.is_some() {
                r.check_sum = sum;
            }
            if size.is_some() {
                r.size = size;
            }
            r.last_modified_date = now();
        }
    });
}

/// Concatenate the chunks in number order into the image file, hashing as it goes.
fn merge_files(s: &Shared, id: u64, count: u64) -> std::io::Result<(String, u64)> {
    use std::io::{Read, Write};
    let dest = s.store.image_file(id);
    let tmp = dest.with_extension("merging");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
    let mut md5 = Md5::new();
    let mut size = 0u64;
    let mut buf = vec![0u8; 1 << 20];
    for n in 1..=count {
        let mut f = std::fs::File::open(s.store.chunk_file(id, n))?;
        loop {
            let k = f.read(&mut buf)?;
            if k == 0 {
                break;
            }
            md5.update(&buf[..k]);
            out.write_all(&buf[..k])?;
            size += k as u64;
        }
    }
    out.into_inner().map_err(|e| e.into_error())?;
    std::fs::rename(&tmp, &dest)?;
    for n in 1..=count {
        let _ = std::fs::remove_file(s.store.chunk_file(id, n));
    }
    Ok((hex(&md5.finalize()), size))
}

fn spawn_merge(s: Arc<Shared>, id: u64) {
    tokio::spawn(async move {
        let count = s
            .store
            .read(|st| st.images.get(&id).map(|r| r.chunks_expected))
            .unwrap_or(0);
        let s2 = s.clone();
        let merged = tokio::task::spawn_blocking(move || merge_files(&s2, id, count)).await;
        match merged {
            Ok(Ok((md5, size))) => {
                set_status(&s, id, STATUS_SCANNING, None, Some(size));
                s.store.update(|st| {
                    st.images
                        .get_mut(&id)
                        .map(|r| r.stored_md5 = Some(md5.clone()))
                });
                spawn_scan(s, id, md5);
            }
            _ => set_status(&s, id, STATUS_FAILED, None, None),
        }
    });
}

/// The "virus scan": a configurable delay before the image is Completed with its checksum.
fn spawn_scan(s: Arc<Shared>, id: u64, md5: String) {
    tokio::spawn(async move {
        tokio::time::sleep(s.config.processing).await;
        let still = s.store.read(|st| {
            st.images
                .get(&id)
                .is_some_and(|r| r.status == STATUS_SCANNING)
        });
        if still {
            set_status(&s, id, STATUS_COMPLETED, Some(md5), None);
        }
    });
}

/// After a restart, finish what a killed sandbox left mid-merge or mid-scan.
pub fn recover(s: &Arc<Shared>) {
    let pending: Vec<(u64, String)> = s.store.read(|st| {
        st.images
            .values()
            .filter(|r| r.status == STATUS_MERGING || r.status == STATUS_SCANNING)
            .map(|r| (r.id, r.status.clone()))
            .collect()
    });
    for (id, status) in pending {
        if status == STATUS_MERGING {
            spawn_merge(s.clone(), id);
        } else {
            let s2 = s.clone();
            tokio::spawn(async move {
                let path = s2.store.image_file(id);
                let md5 = tokio::task::spawn_blocking(move || file_md5(&path)).await;
                match md5 {
                    Ok(Ok(m)) => spawn_scan(s2, id, m),
                    _ => set_status(&s2, id, STATUS_FAILED, None, None),
                }
            });
        }
    }
    let _ = std::fs::remove_dir_all(s.store.dir.join("tmp"));
}

fn file_md5(path: &FsPath) -> std::io::Result<String> {
    let mut f = std::fs::File::open(path)?;
    let mut md5 = Md5::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = std::io::Read::read(&mut f, &mut buf)?;
        if n == 0 {
            break;
        }
        md5.update(&buf[..n]);
    }
    Ok(hex(&md5.finalize()))
}

fn status_json(r: &ImageRecord) -> Value {
    let (uploaded, pending) = if r.chunks_expected == 0 {
        let done = u64::from(r.status != STATUS_INITIATED);
        (done, 1 - done)
    } else if r.status == STATUS_INITIATED {
        let k = r.chunks.len() as u64;
        (k, r.chunks_expected - k)
    } else {
        (r.chunks_expected, 0)
    };
    let progress = match r.status.as_str() {
        STATUS_COMPLETED => "100%",
        STATUS_SCANNING => "90%",
        STATUS_MERGING => "50%",
        _ => "0%",
    };
    let mut v = json!({
        "uploadRequestId": r.id,
        "application": r.application,
        "version": r.version,
        "operatingSystem": r.operating_system,
        "fileName": r.file_name,
        "imageFilePath": r.image_file_path(),
        "statusName": r.status,
        "uploadedChunks": uploaded,
        "pendingChunks": pending,
        "overwriteStorageFile": r.overwrite,
        "createdBy": r.created_by,
        "lastModifiedBy": r.created_by,
        "createdDate": r.created_date,
        "lastModifiedDate": r.last_modified_date,
        "dataCenterImageUploadRequests": [{
            "dataCenterName": "SANDBOX LOOPBACK",
            "statusName": r.status,
            "uploadProgress": progress,
            "region": "Sandbox Loopback",
            "lastUpdatedDate": r.last_modified_date,
            "copyUpload": false,
            "overwriteUpload": r.overwrite,
        }],
    });
    if let (Some(o), Some(sum)) = (v.as_object_mut(), &r.check_sum) {
        o.insert("checkSum".into(), json!(sum));
    }
    if let (Some(o), Some(size)) = (v.as_object_mut(), r.size) {
        o.insert("size".into(), json!(size));
    }
    v
}

async fn status(State(s): State<Arc<Shared>>, Path(id): Path<u64>) -> Response {
    match s.store.read(|st| st.images.get(&id).map(status_json)) {
        Some(mut v) => {
            if s.faults.misbehave == Some(super::http::Misbehave::BadChecksum)
                && v.get("checkSum").is_some()
            {
                v["checkSum"] = json!("00000000000000000000000000000000");
            }
            axum::Json(v).into_response()
        }
        None => not_found(format!("upload request {id}")),
    }
}

async fn head(State(s): State<Arc<Shared>>, Path(id): Path<u64>) -> Response {
    let Some(r) = s.store.read(|st| st.images.get(&id).cloned()) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mut resp = StatusCode::OK.into_response();
    let h = resp.headers_mut();
    for (name, value) in [
        ("x-upload-status", r.status.clone()),
        ("x-upload-file-path", r.image_file_path()),
        ("x-created-by", r.created_by.clone()),
        ("x-created-date", r.created_date.clone()),
        ("x-last-modified-by", r.created_by.clone()),
        ("x-last-modified-date", r.last_modified_date.clone()),
    ] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.insert(name, v);
        }
    }
    resp
}

/// `GET /sandbox/images`: every upload request ever created, as the tests see it.
pub fn sandbox_view(s: &Shared) -> Value {
    let images: Vec<Value> = s.store.read(|st| {
        st.images
            .values()
            .map(|r| {
                json!({
                    "id": r.id,
                    "fileName": r.file_name,
                    "application": r.application,
                    "status": r.status,
                    "chunksExpected": r.chunks_expected,
                    "chunksHeld": r.chunks.keys().collect::<Vec<_>>(),
                    "chunkPosts": r.chunk_posts,
                    "merges": r.merges,
                    "storedMd5": r.stored_md5,
                    "size": r.size,
                })
            })
            .collect()
    });
    json!({ "images": images })
}

/// Display status -> the filter codes of `machineimagestatus` (Oracle's spellings included).
fn status_codes(status: &str) -> &'static [&'static str] {
    match status {
        STATUS_COMPLETED => &["COMPLETED"],
        STATUS_FAILED => &["FAILED"],
        STATUS_DELETED => &["DELETED"],
        STATUS_INITIATED => &["INITIATED"],
        STATUS_MERGING => &["IN PROGESS", "IN PROGRESS"],
        STATUS_SCANNING => &["VIRUS SCAN IN PROGRESS"],
        _ => &[],
    }
}

/// Parse `limit`/`offset` as the reference defines them (limit 1-100, default 30).
pub fn paging(q: &HashMap<String, String>) -> Result<(usize, usize), Response> {
    let limit = match q.get("limit") {
        None => 30,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (1..=100).contains(&n) => n,
            _ => {
                return Err(bad_request(format!(
                    "Invalid Parameter Value: limit '{v}' must be 1-100"
                )));
            }
        },
    };
    let offset = match q.get("offset") {
        None => 0,
        Some(v) => v.parse::<usize>().map_err(|_| {
            bad_request(format!(
                "Invalid Parameter Value: offset '{v}' must be >= 0"
            ))
        })?,
    };
    Ok((limit, offset))
}

/// A comma-separated status filter (`NEW,PUBLISHED`), upper-cased; None when absent.
pub fn status_filter(q: &HashMap<String, String>, key: &str) -> Option<Vec<String>> {
    q.get(key).map(|v| {
        v.split(',')
            .map(|x| x.trim().to_ascii_uppercase())
            .filter(|x| !x.is_empty())
            .collect()
    })
}

pub fn collection(items: Vec<Value>, limit: usize, offset: usize) -> Response {
    let total = items.len();
    let page: Vec<Value> = items.into_iter().skip(offset).take(limit).collect();
    axum::Json(json!({
        "count": page.len(),
        "hasMore": offset + page.len() < total,
        "totalResults": total,
        "items": page,
        "links": [],
    }))
    .into_response()
}

async fn list(State(s): State<Arc<Shared>>, Query(q): Query<HashMap<String, String>>) -> Response {
    let (limit, offset) = match paging(&q) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let wanted = status_filter(&q, "machineimagestatus");
    let keyword = q.get("keyword").map(|k| k.to_lowercase());
    let items: Vec<Value> = s.store.read(|st| {
        st.images
            .values()
            .rev()
            .filter(|r| {
                wanted.as_ref().is_none_or(|w| {
                    status_codes(&r.status)
                        .iter()
                        .any(|c| w.iter().any(|x| x == c))
                })
            })
            .filter(|r| {
                keyword.as_ref().is_none_or(|k| {
                    [
                        &r.application,
                        &r.version,
                        &r.operating_system,
                        &r.file_name,
                    ]
                    .iter()
                    .any(|f| f.to_lowercase().contains(k.as_str()))
                })
            })
            .map(|r| json!({"machineImageUploadRequest": status_json(r)}))
            .collect()
    });
    collection(items, limit, offset)
}

async fn delete(State(s): State<Arc<Shared>>, Path(id): Path<u64>) -> Response {
    let found = s.store.update(|st| match st.images.get_mut(&id) {
        Some(r) if r.status != STATUS_DELETED => {
            r.status = STATUS_DELETED.into();
            r.last_modified_date = now();
            true
        }
        _ => false,
    });
    if !found {
        return not_found(format!("upload request {id}"));
    }
    let _ = std::fs::remove_dir_all(s.store.image_dir(id));
    ack(
        StatusCode::OK,
        format!("{id} was deleted successfully from all data centers."),
        id,
    )
}
