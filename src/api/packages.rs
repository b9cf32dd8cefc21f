//! Application packages, listings and listing lifecycle (`/applications`, `/listings`), typed.

use std::path::Path;

use reqwest::Method;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use super::body::file_region;
use super::client::{ApiClient, Call};
use super::error::ApiError;
use super::types::{Ack, Collection};

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
    ) -> Result<Ack, ApiError> {
        let call = Call::new(Method::POST, format!("/applications/{listing}/packages"))
            .form(package_form(document, artefact));
        self.send(&call)
            .await?
            .json_or_default("POST /applications/{id}/packages")
    }

    pub async fn update_package(
        &self,
        listing: u64,
        package: u64,
        document: &str,
        artefact: Option<(&Path, u64)>,
    ) -> Result<Ack, ApiError> {
        let call = Call::new(
            Method::PUT,
            format!("/applications/{listing}/packages/{package}"),
        )
        .form(package_form(document, artefact));
        self.send(&call)
            .await?
            .json_or_default("PUT /applications/{id}/packages/{id}")
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

    pub async fn list_packages(&self, listing: u64) -> Result<Collection, ApiError> {
        let call = Call::new(Method::GET, format!("/applications/{listing}/packages"));
        self.send(&call)
            .await?
            .json("GET /applications/{id}/packages")
    }

    pub async fn validate_package_remote(
        &self,
        listing: u64,
        package: u64,
    ) -> Result<Ack, ApiError> {
        let call = Call::new(
            Method::PATCH,
            format!("/applications/{listing}/packages/{package}"),
        )
        .json(json!({"action": "validate"}));
        self.send(&call)
            .await?
            .json_or_default("PATCH /applications/{id}/packages/{id}")
    }

    pub async fn delete_package(&self, listing: u64, package: u64) -> Result<Ack, ApiError> {
        let call = Call::new(
            Method::DELETE,
            format!("/applications/{listing}/packages/{package}"),
        );
        self.send(&call)
            .await?
            .json_or_default("DELETE /applications/{id}/packages/{id}")
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

    pub async fn new_version(&self, listing: u64) -> Result<Ack, ApiError> {
        let call = Call::new(Method::POST, format!("/applications/{listing}/version"));
        self.send(&call)
            .await?
            .json_or_default("POST /applications/{id}/version")
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
        let call = Call::new(Method::PATCH, format!("/applications/{listing}")).json(body);
        self.send(&call)
            .await?
            .json_or_default("PATCH /applications/{id}")
    }
}
