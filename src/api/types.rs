//! Typed requests and responses of the publisher API (section 3-5 of the fact sheet).
//!
//! The server is loose with types (ids as strings or numbers, `checksum` vs `checkSum`), so the
//! deserializers here accept every documented spelling and keep unknown fields.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};

/// Accepts an id given as a number or as a string of digits.
pub fn de_opt_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let v = Option::<Value>::deserialize(d)?;
    Ok(match v {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    })
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
pub struct ImageMetadata {
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
    #[serde(default)]
    pub data_center_image_upload_requests: Vec<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Server-side processing state, normalised from the display strings and filter codes
/// (including Oracle's own typos such as `IN PROGESS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageState {
    Completed,
    Failed,
    Working,
    Initiated,
    Deleted,
    Unknown,
}

impl MachineImageStatus {
    pub fn state(&self) -> ImageState {
        let s = self
            .status_name
            .as_deref()
            .unwrap_or("")
            .to_ascii_uppercase()
            .replace('_', " ");
        match s.trim() {
            "COMPLETED" | "COMPLETE" | "SUCCESS" => ImageState::Completed,
            "FAILED" | "REJECTED" | "DELECTION FAILED" | "DELETION FAILED" => ImageState::Failed,
            "INITIATED" => ImageState::Initiated,
            "DELETED" => ImageState::Deleted,
            "IN PROGESS" | "IN PROGRESS" | "PENDING" | "VIRUS SCAN IN PROGRESS" | "MERGING" => {
                ImageState::Working
            }
            _ => ImageState::Unknown,
        }
    }
}

/// A paged collection: `{"items":[...], "hasMore":..., "count":..., "totalResults":...}`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Collection {
    #[serde(default)]
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
        assert_eq!(st("IN PROGESS").state(), ImageState::Working);
        assert_eq!(st("Virus Scan In Progress").state(), ImageState::Working);
        assert_eq!(st("DELECTION FAILED").state(), ImageState::Failed);
        let s: MachineImageStatus =
            serde_json::from_str(r#"{"uploadRequestId":2797087,"checksum":"x","other":1}"#)
                .unwrap();
        assert_eq!(s.check_sum.as_deref(), Some("x"));
        assert!(s.extra.contains_key("other"));
    }
}
