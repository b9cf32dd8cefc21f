//! Application packages, listings and listing lifecycle (`/applications`, `/listings`), typed.

use std::path::Path;

use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use super::body::file_region;
use super::client::{ApiClient, Call, Reply};
use super::error::ApiError;
use super::types::{Ack, Collection};

/// The answer to a creation or an action: the acknowledgement (empty when the body was), the
/// id in a `Location` header if any, and the status.
#[derive(Debug, Default)]
pub struct Answer {
    pub status: u16,
    pub ack: Ack,
    pub location_id: Option<u64>,
}

impl Answer {
    /// A 2xx body that is not the acknowledgement (plain text such as "OK" or a sentence) is
    /// kept as its message: the change was made, and its words may say how it went.
    fn from_reply(r: &Reply, what: &str) -> Result<Answer, ApiError> {
        let location_id = r
            .headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .and_then(id_in_location);
        let ack = match r.json_or_default::<Ack>(what) {
            Ok(a) => a,
            Err(_) => Ack {
                message: Some(super::error::extract_message(
                    &r.body,
                    r.headers.get("content-type"),
                )),
                entity_id: None,
            },
        };
        Ok(Answer {
            status: r.status.as_u16(),
            ack,
            location_id,
        })
    }
}

/// The last numeric path segment of a `Location` (absolute or relative, query ignored).
pub fn id_in_location(loc: &str) -> Option<u64> {
    let path = loc.split(['?', '#']).next()?;
    path.trim_end_matches('/').rsplit('/').next()?.parse().ok()
}

/// A failure after which the server may or may not have made the change: the request went out
/// and its answer was lost (5xx, reset, timeout).
pub fn is_ambiguous(e: &ApiError) -> bool {
    match e {
        ApiError::Status { status, .. } => *status >= 500,
        ApiError::Network { .. } | ApiError::Ambiguous { .. } => true,
        _ => false,
    }
}

/// The envelope fields of a collection; an object made only of these is a collection.
const ENVELOPE: [&str; 7] = [
    "items",
    "hasMore",
    "count",
    "totalResults",
    "links",
    "limit",
    "offset",
];

/// The items of a package list, whatever its shape: a collection whose items are wrapped
/// under any type key (`{"Package": {...}}`), bare items, or one `PackageVersion` object (the
/// v1 reference's root schema); `{}` or a missing body is no package. A collection is an
/// object with `items` (an array, or null when empty), or with paging fields (`hasMore`,
/// `count`, `totalResults`) and no `items`, or with envelope fields only (`{"links": []}`): all
/// of these without items are an empty list. `links` alone does not make a collection: a
/// `PackageVersion` carries links too.
pub fn package_items(v: &Value) -> Vec<Value> {
    match v {
        Value::Object(o)
            if o.contains_key("items")
                || ["hasMore", "count", "totalResults"]
                    .iter()
                    .any(|k| o.contains_key(*k))
                || (!o.is_empty() && o.keys().all(|k| ENVELOPE.contains(&k.as_str()))) =>
        {
            let c: Collection = serde_json::from_value(v.clone()).unwrap_or_default();
            c.unwrapped()
        }
        Value::Object(o) if o.is_empty() => vec![],
        Value::Object(_) => vec![v.clone()],
        Value::Array(a) => a.clone(),
        _ => vec![],
    }
}

/// A package's id, whichever field carries it (as a number or a string of digits).
pub fn package_id(p: &Value) -> Option<u64> {
    ["id", "packageVersionId", "packageId", "entityId"]
        .iter()
        .filter_map(|k| p.get(*k))
        .find_map(id_value)
}

/// An id as the server may write it: a JSON number or a numeric string.
pub fn id_value(v: &Value) -> Option<u64> {
    match v {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A status shown as `{"code": ..}` or as a plain string.
pub fn status_code(v: &Value) -> Option<String> {
    let s = &v["status"];
    s["code"].as_str().or(s.as_str()).map(str::to_string)
}

/// A status word in one spelling, to compare with code names: `Pending review`,
/// `pending-review` and `PENDING_REVIEW` are all `PENDING_REVIEW`.
pub fn status_word(s: &str) -> String {
    s.trim().to_ascii_uppercase().replace([' ', '-'], "_")
}

/// The multipart body of package create/update: `json` (the document, byte for byte as given)
/// and, optionally, `file` (streamed from disk).
fn package_form(
    document: &str,
    artefact: Option<(&Path, u64)>,
) -> impl Fn() -> Form + Send + Sync + 'static {
    let doc = document.to_string();
    let file = artefact.map(|(p, len)| (p.to_path_buf(), len));
    move || {
        let json_part = Part::text(doc.clone())
            .mime_str("application/json")
            .unwrap_or_else(|_| Part::text(doc.clone()));
        let mut form = Form::new().part("json", json_part);
        if let Some((path, len)) = &file {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "artefact".into());
            let stream = file_region(path.clone(), 0, *len, None);
            let part = Part::stream_with_length(reqwest::Body::wrap_stream(stream), *len)
                .file_name(name)
                .mime_str("application/octet-stream")
                .unwrap_or_else(|_| Part::text(""));
            form = form.part("file", part);
        }
        form
    }
}

impl ApiClient {
    pub async fn create_package(
        &self,
        listing: u64,
        document: &str,
        artefact: Option<(&Path, u64)>,
    ) -> Result<Answer, ApiError> {
        let call = Call::new(Method::POST, format!("/applications/{listing}/packages"))
            .form(package_form(document, artefact))
            .idempotent(false);
        Answer::from_reply(&self.send(&call).await?, "POST /applications/{id}/packages")
    }

    pub async fn update_package(
        &self,
        listing: u64,
        package: u64,
        document: &str,
        artefact: Option<(&Path, u64)>,
    ) -> Result<Answer, ApiError> {
        let call = Call::new(
            Method::PUT,
            format!("/applications/{listing}/packages/{package}"),
        )
        .form(package_form(document, artefact));
        Answer::from_reply(
            &self.send(&call).await?,
            "PUT /applications/{id}/packages/{id}",
        )
    }

    pub async fn get_package(&self, listing: u64, package: u64) -> Result<Value, ApiError> {
        let call = Call::new(
            Method::GET,
            format!("/applications/{listing}/packages/{package}"),
        );
        self.send(&call)
            .await?
            .json("GET /applications/{id}/packages/{id}")
    }

    /// The listing's packages, whatever the answer's shape (see [`package_items`]).
    pub async fn list_packages(&self, listing: u64) -> Result<Vec<Value>, ApiError> {
        let call = Call::new(Method::GET, format!("/applications/{listing}/packages"));
        let v: Value = self
            .send(&call)
            .await?
            .json_or_default("GET /applications/{id}/packages")?;
        Ok(package_items(&v))
    }

    pub async fn validate_package_remote(
        &self,
        listing: u64,
        package: u64,
    ) -> Result<Answer, ApiError> {
        let call = Call::new(
            Method::PATCH,
            format!("/applications/{listing}/packages/{package}"),
        )
        .json(json!({"action": "validate"}));
        Answer::from_reply(
            &self.send(&call).await?,
            "PATCH /applications/{id}/packages/{id}",
        )
    }

    pub async fn delete_package(&self, listing: u64, package: u64) -> Result<Ack, ApiError> {
        let call = Call::new(
            Method::DELETE,
            format!("/applications/{listing}/packages/{package}"),
        )
        .idempotent(false);
        Ok(Answer::from_reply(
            &self.send(&call).await?,
            "DELETE /applications/{id}/packages/{id}",
        )?
        .ack)
    }

    pub async fn list_listings(
        &self,
        status: Option<&str>,
        limit: u32,
        offset: u32,
    ) -> Result<Collection, ApiError> {
        let mut call = Call::new(Method::GET, "/listings")
            .query("limit", limit)
            .query("offset", offset);
        if let Some(s) = status {
            call = call.query("status", s);
        }
        self.send(&call).await?.json("GET /listings")
    }

    pub async fn list_applications(&self, limit: u32, offset: u32) -> Result<Collection, ApiError> {
        let call = Call::new(Method::GET, "/applications")
            .query("limit", limit)
            .query("offset", offset);
        self.send(&call).await?.json("GET /applications")
    }

    pub async fn get_application(&self, listing: u64) -> Result<Value, ApiError> {
        let call = Call::new(Method::GET, format!("/applications/{listing}"));
        self.send(&call).await?.json("GET /applications/{id}")
    }

    pub async fn new_version(&self, listing: u64) -> Result<Answer, ApiError> {
        let call =
            Call::new(Method::POST, format!("/applications/{listing}/version")).idempotent(false);
        Answer::from_reply(&self.send(&call).await?, "POST /applications/{id}/version")
    }

    /// Lifecycle action: PATCH {"action": submit|publish|withdraw, "note"?}.
    pub async fn listing_action(
        &self,
        listing: u64,
        action: &str,
        note: Option<&str>,
    ) -> Result<Ack, ApiError> {
        let mut body = json!({"action": action});
        if let Some(n) = note {
            body["note"] = json!(n);
        }
        let call = Call::new(Method::PATCH, format!("/applications/{listing}"))
            .json(body)
            .idempotent(false);
        self.send(&call)
            .await?
            .json_or_default("PATCH /applications/{id}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_list_shapes() {
        let coll = json!({"items": [{"Package": {"id": 5, "version": "1"}}], "hasMore": false});
        assert_eq!(package_id(&package_items(&coll)[0]), Some(5));
        let other = json!({"items": [{"PackageVersion": {"packageVersionId": "7"}}]});
        assert_eq!(package_id(&package_items(&other)[0]), Some(7));
        let single = json!({"id": 9, "name": "n", "version": "2"});
        assert_eq!(package_items(&single).len(), 1);
        assert!(package_items(&json!({})).is_empty());
        assert!(package_items(&json!({"items": []})).is_empty());
        // An empty collection however the server writes it: never one package.
        for empty in [
            json!({"items": null}),
            json!({"items": null, "links": null, "hasMore": false}),
            json!({"hasMore": false}),
            json!({"count": 0}),
            json!({"totalResults": 0, "links": []}),
            json!({"links": []}),
        ] {
            assert!(package_items(&empty).is_empty(), "{empty}");
        }
        // A package that carries its own links is still one package.
        let linked = json!({"id": 3, "version": "1", "links": [{"rel": "SELF", "href": "/x"}]});
        assert_eq!(package_id(&package_items(&linked)[0]), Some(3));
    }

    #[test]
    fn ids_in_locations() {
        assert_eq!(
            id_in_location("/appstore/publisher/v1/applications/1/packages/42"),
            Some(42)
        );
        assert_eq!(id_in_location("https://h/x/42/?a=b"), Some(42));
        assert_eq!(id_in_location("https://h/x/abc"), None);
    }
}
