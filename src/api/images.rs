//! Machine image endpoints (`/machineimages`), typed.

use std::path::Path;
use std::sync::Arc;

use reqwest::Method;
use reqwest::multipart::{Form, Part};

use super::body::{Tap, file_region};
use super::client::{ApiClient, Call, Reply};
use super::error::ApiError;
use super::types::{Ack, ChunkAck, Collection, ImageMetadata, MachineImageStatus};

fn json_part(meta: &ImageMetadata) -> Part {
    // Serializing a struct of strings cannot fail.
    let text = serde_json::to_string(meta).unwrap_or_default();
    Part::text(text)
        .mime_str("application/json")
        .unwrap_or_else(|_| Part::text(String::new()))
}

fn file_part(path: &Path, offset: u64, len: u64, name: &str, tap: &Arc<Tap>) -> Part {
    let stream = file_region(path.to_path_buf(), offset, len, Some(tap.clone()));
    Part::stream_with_length(reqwest::Body::wrap_stream(stream), len)
        .file_name(name.to_string())
        .mime_str("application/octet-stream")
        .expect("static mime type")
}

/// The id a creation answered with: `entityId` (or `uploadRequestId`) in a JSON body, else the
/// last path segment of a `Location` header (201 Created with an empty body is allowed).
fn created_id(reply: &Reply, what: &str) -> Result<u64, ApiError> {
    let from_body = serde_json::from_slice::<serde_json::Value>(&reply.body)
        .ok()
        .and_then(|v| {
            ["entityId", "uploadRequestId", "id"]
                .iter()
                .find_map(|k| match v.get(k)? {
                    serde_json::Value::Number(n) => n.as_u64(),
                    serde_json::Value::String(s) => s.trim().parse().ok(),
                    _ => None,
                })
        });
    let from_location = || {
        let loc = reply.headers.get("location")?.to_str().ok()?;
        let path = loc.split(['?', '#']).next()?;
        path.trim_end_matches('/').rsplit('/').next()?.parse().ok()
    };
    from_body.or_else(from_location).ok_or_else(|| {
        ApiError::BadResponse(format!(
            "{what}: the server answered {} but gave no id (no entityId in the body, no Location header)",
            reply.status.as_u16()
        ))
    })
}

/// A chunk body: a region of the file with its MD5.
pub struct ChunkBody<'a> {
    pub path: &'a Path,
    pub offset: u64,
    pub len: u64,
    pub md5_hex: &'a str,
    pub tap: Arc<Tap>,
}

impl ApiClient {
    /// Whole-file upload: one multipart POST with `file` and `json`. Not repeated blindly: an
    /// ambiguous failure comes back as [`ApiError::Ambiguous`] for the caller to reconcile.
    pub async fn upload_whole(
        &self,
        body: ChunkBody<'_>,
        file_name: &str,
        meta: &ImageMetadata,
    ) -> Result<u64, ApiError> {
        let (p, n, m) = (body.path.to_path_buf(), file_name.to_string(), meta.clone());
        let (t, len) = (body.tap.clone(), body.len);
        let call = Call::new(Method::POST, "/machineimages")
            .header("X-File-Name", file_name)
            .header("X-MD5-Checksum", body.md5_hex)
            .tap(body.tap)
            .idempotent(false)
            .form(move || {
                Form::new()
                    .part("file", file_part(&p, 0, len, &n, &t))
                    .part("json", json_part(&m))
            });
        let reply = self.send(&call).await?;
        created_id(&reply, "POST /machineimages")
    }

    /// Initiate a chunked upload: `json` + `uploadType=Chunk`, `X-Number-Of-Chunks`, and with
    /// `first` the first chunk's `file` part (for servers that want data on the initiate call).
    pub async fn initiate_chunked(
        &self,
        file_name: &str,
        chunks: u64,
        meta: &ImageMetadata,
        first: Option<ChunkBody<'_>>,
    ) -> Result<u64, ApiError> {
        let (m, n) = (meta.clone(), file_name.to_string());
        let mut call = Call::new(Method::POST, "/machineimages")
            .header("X-File-Name", file_name)
            .header("X-Number-Of-Chunks", chunks.to_string())
            .idempotent(false);
        let file = first.map(|b| {
            call.headers.push(("X-MD5-Checksum", b.md5_hex.to_string()));
            call.tap = Some(b.tap.clone());
            (b.path.to_path_buf(), b.offset, b.len, b.tap)
        });
        let call = call.form(move || {
            let mut f = Form::new()
                .part("json", json_part(&m))
                .text("uploadType", "Chunk");
            if let Some((p, o, l, t)) = &file {
                f = f.part("file", file_part(p, *o, *l, &n, t));
            }
            f
        });
        let reply = self.send(&call).await?;
        created_id(&reply, "POST /machineimages (initiate)")
    }

    /// Upload chunk `number` (1-based). Re-sending a number is safe under most readings (a
    /// repeat replaces the chunk or is refused as "already uploaded"); with `once`, a lost
    /// answer comes back as [`ApiError::Ambiguous`] instead, for servers that count repeats.
    pub async fn upload_chunk(
        &self,
        id: u64,
        number: u64,
        body: ChunkBody<'_>,
        file_name: &str,
        once: bool,
    ) -> Result<ChunkAck, ApiError> {
        let (p, n) = (body.path.to_path_buf(), file_name.to_string());
        let (t, offset, len) = (body.tap.clone(), body.offset, body.len);
        let call = Call::new(Method::POST, format!("/machineimages/{id}/chunk"))
            .header("X-Chunk-Number", number.to_string())
            .header("X-File-Name", file_name)
            .header("X-MD5-Checksum", body.md5_hex)
            .tap(body.tap)
            .idempotent(!once)
            .form(move || Form::new().part("file", file_part(&p, offset, len, &n, &t)));
        // The body is informational (its shape is not documented): any 2xx is the answer.
        let reply = self.send(&call).await?;
        Ok(serde_json::from_slice(&reply.body).unwrap_or_default())
    }

    /// Merge the chunks: PATCH with form field `action=upload`. Not repeated blindly.
    pub async fn merge(&self, id: u64) -> Result<(), ApiError> {
        let call = Call::new(Method::PATCH, format!("/machineimages/{id}"))
            .idempotent(false)
            .form(|| Form::new().text("action", "upload"));
        self.send(&call).await.map(|_| ())
    }

    /// Upload requests that match this file and metadata, newest first (for reconciling a
    /// creation whose answer was lost). The keyword narrows; the match is checked here, since
    /// the docs do not say which fields `keyword` searches.
    pub async fn find_requests(
        &self,
        file_name: &str,
        meta: &ImageMetadata,
    ) -> Result<Vec<MachineImageStatus>, ApiError> {
        let call = Call::new(Method::GET, "/machineimages")
            .query("keyword", &meta.application)
            .query("limit", 100)
            .query("orderby", "LASTUPDATEDATE")
            .query("sortorder", "DESC");
        let page: Collection = self.send(&call).await?.json("GET /machineimages")?;
        let same = |a: &Option<String>, b: &str| a.as_deref().is_none_or(|x| x == b);
        let mut found: Vec<MachineImageStatus> = page
            .unwrapped()
            .into_iter()
            .filter_map(|v| serde_json::from_value::<MachineImageStatus>(v).ok())
            .filter(|s| {
                s.upload_request_id.is_some()
                    && s.file_name.as_deref() == Some(file_name)
                    && same(&s.application, &meta.application)
                    && same(&s.version, &meta.version)
                    && same(&s.operating_system, &meta.operating_system)
            })
            .collect();
        found.sort_by_key(|s| std::cmp::Reverse(s.upload_request_id));
        Ok(found)
    }

    pub async fn image_status(&self, id: u64) -> Result<MachineImageStatus, ApiError> {
        let call = Call::new(Method::GET, format!("/machineimages/{id}"));
        self.send(&call).await?.json("GET /machineimages/{id}")
    }
}

impl ApiClient {
    pub async fn list_images(
        &self,
        status: Option<&str>,
        keyword: Option<&str>,
        limit: u32,
        offset: u32,
    ) -> Result<Collection, ApiError> {
        let mut call = Call::new(Method::GET, "/machineimages")
            .query("limit", limit)
            .query("offset", offset);
        if let Some(s) = status {
            call = call.query("machineimagestatus", s);
        }
        if let Some(k) = keyword {
            call = call.query("keyword", k);
        }
        self.send(&call).await?.json("GET /machineimages")
    }

    pub async fn delete_image(&self, id: u64) -> Result<Ack, ApiError> {
        let call = Call::new(Method::DELETE, format!("/machineimages/{id}"));
        self.send(&call)
            .await?
            .json_or_default("DELETE /machineimages/{id}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::StatusCode;
    use reqwest::header::{HeaderMap, HeaderValue};

    fn reply(status: u16, location: Option<&str>, body: &str) -> Reply {
        let mut headers = HeaderMap::new();
        if let Some(l) = location {
            headers.insert("location", HeaderValue::from_str(l).unwrap());
        }
        Reply {
            status: StatusCode::from_u16(status).unwrap(),
            headers,
            body: bytes::Bytes::from(body.to_string()),
        }
    }

    #[test]
    fn created_id_from_body_or_location() {
        let base = "/appstore/publisher/v1/machineimages";
        let ok = [
            (
                "string entityId",
                reply(200, None, r#"{"message":"OK","entityId":"8089067"}"#),
                8089067,
            ),
            (
                "numeric entityId",
                reply(200, None, r#"{"entityId":8089067}"#),
                8089067,
            ),
            (
                "uploadRequestId",
                reply(200, None, r#"{"uploadRequestId":" 42 "}"#),
                42,
            ),
            (
                "absolute Location",
                reply(201, Some(&format!("http://127.0.0.1:9/{base}/7")), ""),
                7,
            ),
            (
                "relative Location",
                reply(201, Some(&format!("{base}/8")), ""),
                8,
            ),
            (
                "Location with a slash and a query",
                reply(201, Some(&format!("{base}/9/?x=1")), ""),
                9,
            ),
            (
                "empty JSON body, Location",
                reply(201, Some(&format!("{base}/10")), "{}"),
                10,
            ),
            (
                "null entityId, Location",
                reply(201, Some(&format!("{base}/11")), r#"{"entityId":null}"#),
                11,
            ),
            (
                "text body, Location",
                reply(201, Some(&format!("{base}/12")), "Created"),
                12,
            ),
        ];
        for (name, r, want) in ok {
            assert_eq!(created_id(&r, "POST").ok(), Some(want), "{name}");
        }
        for (name, r) in [
            ("empty body, no Location", reply(201, None, "")),
            ("Location without an id", reply(201, Some(base), "")),
            ("negative id", reply(200, None, r#"{"entityId":-3}"#)),
        ] {
            let e = created_id(&r, "POST /machineimages").unwrap_err();
            assert!(
                matches!(&e, ApiError::BadResponse(m) if m.contains("no id") && m.contains("POST /machineimages")),
                "{name}: {e:?}"
            );
        }
    }
}
