//! Typed requests and responses of the publisher API (Oracle's REST API for Marketplace
//! Publisher, <https://docs.oracle.com/en/cloud/marketplace/partner-portal/rest-api-publisher/>).
//!
//! The server is loose with types (ids as strings or numbers, `checksum` vs `checkSum`), so the
//! deserializers here accept every documented spelling and keep unknown fields.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// Accepts an id given as a number or as a string of digits.
pub(crate) fn de_opt_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    Ok(match v {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    })
}

/// Accepts an array sent as `null` (or missing) as empty.
pub(crate) fn de_null_vec<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<Vec<T>, D::Error> {
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// Accepts an integer count given as a number or a string.
fn de_opt_count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    de_opt_id(d)
}

/// `{"message": "...", "entityId": "7934470"}`: the answer to create/update/delete/action calls.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Ack {
    #[serde(default)]
    pub message: Option<String>,
    #[serde(
        default,
        rename = "entityId",
        deserialize_with = "de_opt_id",
        skip_serializing_if = "Option::is_none"
    )]
    pub entity_id: Option<u64>,
}

/// Answer to `GET /authenticate`.
#[derive(Debug, Deserialize)]
pub struct TokenResponse {
    pub access_token: String,
    /// Seconds: a number, a string of digits, or absent (then [`super::auth::ASSUMED_LIFE`]).
    #[serde(default, deserialize_with = "de_opt_seconds")]
    pub expires_in: Option<u64>,
}

/// Seconds as a number (integer or not) or a string of them; anything else is unknown.
fn de_opt_seconds<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    let secs = match v {
        Some(Value::Number(n)) => n.as_f64(),
        Some(Value::String(s)) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    Ok(secs.filter(|s| s.is_finite() && *s > 0.0).map(|s| s as u64))
}

/// The `json` form field of an image upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ImageMetadata {
    pub application: String,
    pub version: String,
    pub operating_system: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overwrite_storage_file: Option<bool>,
}

/// Answer to `POST /machineimages/{id}/chunk`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChunkAck {
    #[serde(default, deserialize_with = "de_opt_id")]
    pub upload_request_id: Option<u64>,
    #[serde(default, alias = "checkSum")]
    pub checksum: Option<String>,
    #[serde(default, deserialize_with = "de_opt_count")]
    pub uploaded_chunks: Option<u64>,
    #[serde(default, deserialize_with = "de_opt_count")]
    pub pending_chunks: Option<u64>,
}

/// `MachineImageUploadRequest`: the status of one upload request.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MachineImageStatus {
    #[serde(default, deserialize_with = "de_opt_id")]
    pub upload_request_id: Option<u64>,
    #[serde(default)]
    pub application: Option<String>,
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub operating_system: Option<String>,
    #[serde(default)]
    pub file_name: Option<String>,
    #[serde(default)]
    pub image_file_path: Option<String>,
    #[serde(default)]
    pub status_name: Option<String>,
    #[serde(default, deserialize_with = "de_opt_count")]
    pub uploaded_chunks: Option<u64>,
    #[serde(default, deserialize_with = "de_opt_count")]
    pub pending_chunks: Option<u64>,
    #[serde(default, alias = "checksum")]
    pub check_sum: Option<String>,
    #[serde(default)]
    pub overwrite_storage_file: Option<bool>,
    #[serde(default)]
    pub created_date: Option<String>,
    #[serde(default)]
    pub last_modified_date: Option<String>,
    #[serde(default, deserialize_with = "de_null_vec")]
    pub data_center_image_upload_requests: Vec<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What a `statusName` says about the end of processing. Nothing here says whether a merge was
/// requested: the docs use the same words (PENDING, IN PROGESS) before and after it, so the
/// upload engine decides that from its journal and the chunk counts, never from this word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageState {
    /// Processing finished successfully.
    Completed,
    /// Any word that reads as a failure (FAIL, ERROR, REJECT, DELET..., CANCEL, ABORT), in the
    /// server's own spelling.
    Failed(String),
    /// Any other word (initiated, pending, in progress, scanning, or one never seen before).
    Working(String),
    /// No `statusName` at all.
    Missing,
}

impl ImageState {
    pub fn of(word: Option<&str>) -> ImageState {
        let Some(raw) = word.map(str::trim).filter(|w| !w.is_empty()) else {
            return ImageState::Missing;
        };
        let w = raw.to_ascii_uppercase().replace(['_', '-'], " ");
        let w = w.split_whitespace().collect::<Vec<_>>().join(" ");
        if matches!(w.as_str(), "COMPLETED" | "COMPLETE") {
            return ImageState::Completed;
        }
        let failure = ["FAIL", "ERROR", "REJECT", "DELET", "CANCEL", "ABORT"];
        if failure.iter().any(|f| w.contains(f)) {
            return ImageState::Failed(raw.to_string());
        }
        ImageState::Working(raw.to_string())
    }

    /// Words this client knows as "still working" (Oracle's filter codes, typos included, and
    /// their display forms); anything else is shown and waited on, with a warning.
    pub fn is_recognised(&self) -> bool {
        match self {
            ImageState::Working(w) => {
                let w = w.to_ascii_uppercase().replace(['_', '-'], " ");
                let w = w.split_whitespace().collect::<Vec<_>>().join(" ");
                matches!(
                    w.as_str(),
                    "INITIATED"
                        | "PENDING"
                        | "IN PROGRESS"
                        | "IN PROGESS"
                        | "VIRUS SCAN IN PROGRESS"
                )
            }
            ImageState::Missing => false,
            _ => true,
        }
    }
}

impl MachineImageStatus {
    pub fn state(&self) -> ImageState {
        ImageState::of(self.status_name.as_deref())
    }

    /// The status word as shown to people.
    pub fn word(&self) -> &str {
        self.status_name
            .as_deref()
            .filter(|w| !w.trim().is_empty())
            .unwrap_or("(no status)")
    }
}

/// A paged collection: `{"items":[...], "hasMore":..., "count":..., "totalResults":...}`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Collection {
    #[serde(default, deserialize_with = "de_null_vec")]
    pub items: Vec<Value>,
    #[serde(default)]
    pub has_more: Option<bool>,
    #[serde(default, deserialize_with = "de_opt_count")]
    pub count: Option<u64>,
    #[serde(default, deserialize_with = "de_opt_count")]
    pub total_results: Option<u64>,
}

impl Collection {
    /// Items unwrapped from their type key (`{"partner": {...}}` becomes `{...}`) when an item is
    /// an object with exactly one object member.
    pub fn unwrapped(&self) -> Vec<Value> {
        self.items
            .iter()
            .map(|item| match item {
                Value::Object(m) if m.len() == 1 => match m.values().next() {
                    Some(inner @ Value::Object(_)) => inner.clone(),
                    _ => item.clone(),
                },
                _ => item.clone(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_as_strings_or_numbers() {
        let a: Ack = serde_json::from_str(r#"{"message":"OK","entityId":"7934470"}"#).unwrap();
        assert_eq!(a.entity_id, Some(7934470));
        let a: Ack = serde_json::from_str(r#"{"entityId":12}"#).unwrap();
        assert_eq!(a.entity_id, Some(12));
        let c: ChunkAck = serde_json::from_str(
            r#"{"uploadRequestId":"8089067","checksum":"4ccef7d656c4520e57a2af2974e012f0","uploadedChunks":2,"pendingChunks":0}"#,
        )
        .unwrap();
        assert_eq!(c.upload_request_id, Some(8089067));
        assert_eq!(c.uploaded_chunks, Some(2));
        let c: ChunkAck = serde_json::from_str(r#"{"checkSum":"ab"}"#).unwrap();
        assert_eq!(c.checksum.as_deref(), Some("ab"));
    }

    #[test]
    fn token_lifetimes() {
        let t = |s: &str| serde_json::from_str::<TokenResponse>(s).unwrap().expires_in;
        assert_eq!(
            t(r#"{"access_token":"a","expires_in":604800}"#),
            Some(604800)
        );
        assert_eq!(
            t(r#"{"access_token":"a","expires_in":"604800"}"#),
            Some(604800)
        );
        assert_eq!(t(r#"{"access_token":"a","expires_in":3600.0}"#), Some(3600));
        assert_eq!(t(r#"{"access_token":"a"}"#), None);
        assert_eq!(t(r#"{"access_token":"a","expires_in":"soon"}"#), None);
    }

    #[test]
    fn status_vocabulary() {
        let st = |s: &str| MachineImageStatus {
            status_name: Some(s.into()),
            ..Default::default()
        };
        assert_eq!(st("Completed").state(), ImageState::Completed);
        assert_eq!(st("COMPLETED").state(), ImageState::Completed);
        for working in [
            "IN PROGESS",
            "Virus Scan In Progress",
            "Pending",
            "Initiated",
        ] {
            assert!(
                matches!(st(working).state(), ImageState::Working(_)),
                "{working}"
            );
            assert!(st(working).state().is_recognised(), "{working}");
        }
        for failed in [
            "DELECTION FAILED",
            "Virus Scan Failed",
            "rejected",
            "Deleted",
            "ERROR_COPYING",
            "Upload-Failed",
        ] {
            assert!(
                matches!(st(failed).state(), ImageState::Failed(_)),
                "{failed}"
            );
        }
        assert!(!st("Replicating").state().is_recognised());
        assert_eq!(ImageState::of(None), ImageState::Missing);
        assert_eq!(ImageState::of(Some("  ")), ImageState::Missing);
        let s: MachineImageStatus =
            serde_json::from_str(r#"{"uploadRequestId":2797087,"checksum":"x","other":1}"#)
                .unwrap();
        assert_eq!(s.check_sum.as_deref(), Some("x"));
        assert!(s.extra.contains_key("other"));
        let s: MachineImageStatus =
            serde_json::from_str(r#"{"dataCenterImageUploadRequests":null}"#).unwrap();
        assert!(s.data_center_image_upload_requests.is_empty());
        let c: Collection = serde_json::from_str(r#"{"items":null,"hasMore":false}"#).unwrap();
        assert!(c.items.is_empty());
    }
}
