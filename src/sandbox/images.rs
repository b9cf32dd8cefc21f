//! `/machineimages`: whole and chunked uploads, merge, status, list, delete, each playing the
//! readings chosen with `--reading` (see readings.rs; defaults are the documented examples').

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{Multipart, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};

use super::Shared;
use super::auth::user;
use super::files::{Received, receive};
use super::http::{ack, bad_request, error, header as hdr, not_found};
use super::jobs;
use super::paging::{collection_shaped, paging, status_filter};
use super::readings::{Arrays, InitiateData, MergeReading, Repost};
use super::store::{ImageRecord, ImageStatus};
use super::wire::{
    chunk_answer, chunk_counts, created, parse_meta, read_action, shown_status, status_codes,
    status_json, unknown, unknown_code,
};
use crate::clock::now_rfc3339_millis;

/// How long the merge answer is held back under `--reading merge=slow`.
const SLOW_MERGE: Duration = Duration::from_secs(5);

pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/machineimages", post(create).get(list))
        .route(
            "/machineimages/{id}",
            get(status).head(head).patch(merge).delete(delete),
        )
        .route("/machineimages/{id}/chunk", post(chunk))
}

/// Another live upload already owns this storage path and overwriting was not asked for.
fn conflict(s: &Shared, rec: &ImageRecord) -> Option<Response> {
    if rec.overwrite {
        return None;
    }
    let path = rec.image_file_path();
    let clash = s.store.read(|st| {
        st.images.values().any(|o| {
            o.id != rec.id && o.status == ImageStatus::Completed && o.image_file_path() == path
        })
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

fn storage(e: std::io::Error) -> Response {
    error(StatusCode::INTERNAL_SERVER_ERROR, format!("storage: {e}"))
}

/// Check a received part against X-MD5-Checksum (skipped under `--discard`: nothing is hashed).
fn check_md5(h: &HeaderMap, got: &Received, what: &str) -> Result<bool, Response> {
    let Some(want) = hdr(h, "x-md5-checksum") else {
        return Ok(false);
    };
    match &got.md5 {
        Some(md5) if !want.eq_ignore_ascii_case(md5) => Err(bad_request(format!(
            "MD5 checksum mismatch: X-MD5-Checksum is {want} but the received {what} hashes to {md5}"
        ))),
        // Verified only when hashed (not under `--discard`).
        _ => Ok(got.md5.is_some()),
    }
}

/// Read what is left of a refused upload's body, so the client gets the answer rather than a
/// reset while it is still sending (a server behind a load balancer reads the whole request).
async fn drained(resp: Response, mut mp: Multipart) -> Response {
    if !resp.status().is_success() {
        while let Ok(Some(mut f)) = mp.next_field().await {
            while let Ok(Some(_)) = f.chunk().await {}
        }
    }
    resp
}

/// `POST /machineimages`: a whole-file upload, or (uploadType=Chunk) the start of a chunked one.
async fn create(State(s): State<Arc<Shared>>, h: HeaderMap, mut mp: Multipart) -> Response {
    let resp = create_request(&s, &h, &mut mp).await;
    drained(resp, mp).await
}

async fn create_request(s: &Arc<Shared>, h: &HeaderMap, mp: &mut Multipart) -> Response {
    let rd = &s.config.readings.images;
    let Some(file_name) = hdr(h, "x-file-name") else {
        return bad_request("Invalid Parameter Value: the X-File-Name header is required");
    };
    if file_name.contains('/') || file_name.contains('\\') || file_name == ".." {
        return bad_request("Invalid Parameter Value: X-File-Name must be a plain file name");
    }
    let chunks = match hdr(h, "x-number-of-chunks") {
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
    let mut saved: Option<Received> = None;
    loop {
        let mut field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return bad_request(format!("malformed multipart body: {e}")),
        };
        match field.name().unwrap_or("") {
            "json" => meta_text = field.text().await.ok(),
            "uploadType" => upload_type = field.text().await.ok(),
            "file" => match receive(s, &mut field).await {
                Ok(r) => saved = Some(r),
                Err(r) => return r,
            },
            _ => {}
        }
    }
    let meta = match meta_text.as_deref().map(parse_meta) {
        Some(Ok(m)) => m,
        Some(Err(r)) => return r,
        None => {
            return bad_request(
                "Invalid Parameter Value: the form field 'json' (image metadata) is required",
            );
        }
    };
    // The chunked example of Create Machine Image writes the value as `{Chunk}`: take it with
    // or without the braces.
    // https://docs.oracle.com/en/cloud/marketplace/partner-portal/rest-api-publisher/op-publisher-v1-machineimages-post.html
    let chunked = upload_type.as_deref().is_some_and(|t| {
        t.trim()
            .trim_start_matches('{')
            .trim_end_matches('}')
            .trim()
            .eq_ignore_ascii_case("chunk")
    });
    if chunked != chunks.is_some() {
        return bad_request(
            "Invalid Parameter Value: a chunked upload needs both uploadType=Chunk and X-Number-Of-Chunks",
        );
    }
    if chunked {
        match (rd.initiate_data, saved.is_some()) {
            (InitiateData::Empty, true) => {
                return bad_request(
                    "Invalid Parameter Value: the initiate call takes no file part; send chunks to /machineimages/{id}/chunk",
                );
            }
            (InitiateData::Required, false) => {
                return bad_request(
                    "Invalid Parameter Value: the initiate call uploads the first chunk; the form field 'file' is required",
                );
            }
            _ => {}
        }
    } else if saved.is_none() {
        return bad_request("Invalid Parameter Value: the form field 'file' is required");
    }
    let checked = match saved.as_ref().map(|r| check_md5(h, r, "file")) {
        Some(Err(r)) => return r,
        Some(Ok(c)) => c,
        None => false,
    };
    let stamp = now_rfc3339_millis();
    let mut rec = ImageRecord {
        id: 0,
        application: meta.application,
        version: meta.version,
        operating_system: meta.operating_system,
        file_name,
        overwrite: meta.overwrite_storage_file.unwrap_or(false),
        chunks_expected: chunks.unwrap_or(0),
        chunks: Default::default(),
        duplicates: 0,
        merge_requested: false,
        status: ImageStatus::Initiated,
        size: None,
        md5_headers: u64::from(checked),
        chunk_posts: 0,
        merges: 0,
        stored_md5: None,
        created_by: user(h),
        created_date: stamp.clone(),
        last_modified_date: stamp,
    };
    if let Some(r) = conflict(s, &rec) {
        return r;
    }
    let id = s.store.update(|st| {
        let id = st.next_id;
        st.next_id += 1;
        id
    });
    rec.id = id;
    if let Some(got) = saved {
        let dest = if chunked {
            // The initiate call's data is chunk 1 (initiate-data=optional|required).
            rec.chunks.insert(1, got.md5.clone().unwrap_or_default());
            s.store.chunk_file(id, 1)
        } else {
            rec.size = Some(got.size);
            rec.stored_md5 = got.md5.clone();
            rec.status = if s.config.link.discard {
                ImageStatus::Completed
            } else {
                ImageStatus::Scanning
            };
            s.store.image_file(id)
        };
        if let Some(file) = got.file
            && let Err(e) = file.persist(&dest)
        {
            return storage(e);
        }
    }
    let scan = rec.status == ImageStatus::Scanning;
    s.store.update(|st| st.images.insert(id, rec));
    if scan {
        jobs::spawn_scan(s.clone(), id);
    }
    created(rd, h, id)
}

/// `POST /machineimages/{id}/chunk`: one chunk, MD5-checked, stored under its number.
async fn chunk(
    State(s): State<Arc<Shared>>,
    Path(id): Path<u64>,
    h: HeaderMap,
    mut mp: Multipart,
) -> Response {
    let resp = chunk_request(&s, id, &h, &mut mp).await;
    drained(resp, mp).await
}

async fn chunk_request(s: &Arc<Shared>, id: u64, h: &HeaderMap, mp: &mut Multipart) -> Response {
    let rd = &s.config.readings.images;
    let Some(rec) = s.store.read(|st| st.images.get(&id).cloned()) else {
        return unknown(rd, id);
    };
    if rec.chunks_expected == 0 {
        return bad_request(format!(
            "upload request {id} is not a chunked upload (initiate with uploadType=Chunk)"
        ));
    }
    if rec.status != ImageStatus::Initiated || rec.merge_requested {
        return bad_request(format!(
            "upload request {id} is {}; chunks are accepted only before the merge",
            if rec.merge_requested {
                "being merged"
            } else {
                rec.status.display()
            }
        ));
    }
    // Under initiate-data=required chunk 1 came with the initiate call.
    let first = if rd.initiate_data == InitiateData::Required {
        2
    } else {
        1
    };
    let n = match hdr(h, "x-chunk-number").map(|v| v.parse::<u64>()) {
        Some(Ok(n)) if (first..=rec.chunks_expected).contains(&n) => n,
        Some(_) => {
            return bad_request(format!(
                "Invalid Parameter Value: X-Chunk-Number must be between {first} and {}",
                rec.chunks_expected
            ));
        }
        None => {
            return bad_request("Invalid Parameter Value: the X-Chunk-Number header is required");
        }
    };
    match hdr(h, "x-file-name") {
        Some(f) if f == rec.file_name => {}
        Some(f) => {
            return bad_request(format!(
                "Invalid Parameter Value: X-File-Name '{f}' does not match the upload's '{}'",
                rec.file_name
            ));
        }
        None => return bad_request("Invalid Parameter Value: the X-File-Name header is required"),
    }
    let already = || bad_request(format!("chunk {n} already uploaded"));
    if rd.repost == Repost::Reject && rec.chunks.contains_key(&n) {
        return already();
    }
    let mut saved = None;
    loop {
        let mut field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return bad_request(format!("malformed multipart body: {e}")),
        };
        if field.name() == Some("file") {
            match receive(s, &mut field).await {
                Ok(r) => saved = Some(r),
                Err(r) => return r,
            }
        }
    }
    let Some(got) = saved else {
        return bad_request("Invalid Parameter Value: the form field 'file' is required");
    };
    let checked = match check_md5(h, &got, &format!("chunk {n}")) {
        Ok(c) => c,
        Err(r) => return r,
    };
    s.stats
        .chunk_bytes
        .fetch_add(got.size, std::sync::atomic::Ordering::Relaxed);
    let md5 = got
        .md5
        .clone()
        .or_else(|| hdr(h, "x-md5-checksum"))
        .unwrap_or_default();
    let dest = s.store.chunk_file(id, n);
    // Checked and recorded under the lock, so a racing merge or repost sees one order.
    let outcome = s.store.update(|st| {
        let Some(r) = st.images.get_mut(&id) else {
            return Err(unknown(rd, id));
        };
        if r.status != ImageStatus::Initiated || r.merge_requested {
            return Err(bad_request(format!(
                "upload request {id} was merged or deleted meanwhile"
            )));
        }
        let repost = r.chunks.contains_key(&n);
        if repost && rd.repost == Repost::Reject {
            return Err(already());
        }
        if let Some(file) = got.file {
            file.persist(&dest).map_err(storage)?;
        }
        if repost && rd.repost == Repost::CountTwice {
            r.duplicates += 1;
        }
        r.chunks.insert(n, md5.clone());
        r.md5_headers += u64::from(checked);
        r.chunk_posts += 1;
        r.last_modified_date = now_rfc3339_millis();
        Ok(chunk_counts(r))
    });
    match outcome {
        Ok(counts) => chunk_answer(rd, id, &md5, counts),
        Err(r) => r,
    }
}

/// `PATCH /machineimages/{id}` with action=upload: check every chunk is there, then merge in the
/// background (the real service also answers before replication finishes).
///
/// Under repost=count-twice a request whose chunks were counted twice cannot be merged: the
/// reference says the final submit "will verify the chunk number with the uploaded chunks", and
/// the uploaded count then exceeds X-Number-Of-Chunks, so the merge is refused with 400 (every
/// time: the client must start a new upload request).
async fn merge(State(s): State<Arc<Shared>>, Path(id): Path<u64>, req: Request) -> Response {
    let rd = &s.config.readings.images;
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
        return unknown(rd, id);
    };
    if rec.chunks_expected == 0 {
        return bad_request(format!(
            "upload request {id} is a whole-file upload; nothing to merge"
        ));
    }
    let merged_before = rec.merge_requested
        || rec.status.processing()
        || matches!(rec.status, ImageStatus::Completed | ImageStatus::ScanFailed);
    if merged_before {
        if rd.merge == MergeReading::SecondRejected {
            return bad_request(format!("upload request {id} is already merged"));
        }
        s.store
            .update(|st| st.images.get_mut(&id).map(|r| r.merges += 1));
        return merge_answer(rd.merge, id).await;
    }
    if rec.status != ImageStatus::Initiated {
        return bad_request(format!(
            "upload request {id} is {}; it cannot be merged",
            rec.status.display()
        ));
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
    if rec.duplicates > 0 {
        return bad_request(format!(
            "cannot merge upload request {id}: {} chunks uploaded but X-Number-Of-Chunks is {}",
            rec.chunks.len() as u64 + rec.duplicates,
            rec.chunks_expected
        ));
    }
    let mut done = rec.clone();
    done.status = ImageStatus::Completed;
    if let Some(r) = conflict(&s, &done) {
        return r;
    }
    s.store.update(|st| {
        if let Some(r) = st.images.get_mut(&id) {
            r.merges += 1;
            r.merge_requested = true;
            r.last_modified_date = now_rfc3339_millis();
        }
    });
    if rd.merge == MergeReading::Async {
        jobs::start_merge_later(s.clone(), id);
    } else {
        jobs::start_merge(&s, id);
    }
    merge_answer(rd.merge, id).await
}

/// The answer to an accepted merge (the change is already committed).
async fn merge_answer(reading: MergeReading, id: u64) -> Response {
    match reading {
        MergeReading::Async => StatusCode::ACCEPTED.into_response(),
        MergeReading::Slow => {
            tokio::time::sleep(SLOW_MERGE).await;
            ack(StatusCode::OK, "OK", id)
        }
        MergeReading::Idempotent | MergeReading::SecondRejected => ack(StatusCode::OK, "OK", id),
    }
}

async fn status(State(s): State<Arc<Shared>>, Path(id): Path<u64>) -> Response {
    let rd = &s.config.readings.images;
    match s
        .store
        .read(|st| st.images.get(&id).map(|r| status_json(r, rd)))
    {
        Some(mut v) => {
            if s.faults.misbehave == Some(super::http::Misbehave::BadChecksum)
                && v.get("checkSum").is_some()
            {
                v["checkSum"] = json!("00000000000000000000000000000000");
            }
            axum::Json(v).into_response()
        }
        None => unknown(rd, id),
    }
}

async fn head(State(s): State<Arc<Shared>>, Path(id): Path<u64>) -> Response {
    let rd = &s.config.readings.images;
    let Some(r) = s.store.read(|st| st.images.get(&id).cloned()) else {
        return unknown_code(rd).into_response();
    };
    let mut resp = StatusCode::OK.into_response();
    let h = resp.headers_mut();
    let shown = shown_status(&r, rd).map(str::to_string);
    for (name, value) in [
        ("x-upload-status", shown),
        ("x-upload-file-path", Some(r.image_file_path())),
        ("x-created-by", Some(r.created_by.clone())),
        ("x-created-date", Some(r.created_date.clone())),
        ("x-last-modified-by", Some(r.created_by.clone())),
        ("x-last-modified-date", Some(r.last_modified_date.clone())),
    ] {
        if let Some(v) = value.and_then(|v| HeaderValue::from_str(&v).ok()) {
            h.insert(name, v);
        }
    }
    resp
}

async fn list(State(s): State<Arc<Shared>>, Query(q): Query<HashMap<String, String>>) -> Response {
    let rd = &s.config.readings.images;
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
                    status_codes(shown_status(r, rd))
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
            .map(|r| json!({"machineImageUploadRequest": status_json(r, rd)}))
            .collect()
    });
    collection_shaped(items, limit, offset, rd.arrays == Arrays::Null)
}

async fn delete(State(s): State<Arc<Shared>>, Path(id): Path<u64>) -> Response {
    let found = s.store.update(|st| match st.images.get_mut(&id) {
        Some(r) if r.status != ImageStatus::Deleted => {
            r.status = ImageStatus::Deleted;
            r.merge_requested = false;
            r.last_modified_date = now_rfc3339_millis();
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
