//! What the package commands print: one serde struct each, its text rendered from the same
//! fields.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::api::packages::{package_id, status_code};
use crate::output::{ListEnvelope, Report};

/// `package create` and `package update`. The text is the id alone, so
/// `PKG=$(publisher package create ...)` gets it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PackageSent {
    pub listing_version_id: u64,
    pub package_version_id: u64,
    pub message: Option<String>,
    pub artefact: Option<String>,
    pub reconciled: bool,
}

impl Report for PackageSent {
    fn text(&self) -> String {
        self.package_version_id.to_string()
    }
}

/// `package validate-remote`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Validated {
    pub package_version_id: u64,
    pub message: String,
    pub status: Option<String>,
}

impl Report for Validated {
    fn text(&self) -> String {
        self.message.clone()
    }
}

/// One listed package: id, name, version and status whichever fields the server used for them,
/// then everything else it showed.
#[derive(Serialize)]
pub(super) struct PackageRow {
    pub id: Option<u64>,
    pub name: Option<String>,
    pub version: Option<String>,
    /// The status code (`{"code": ..}` or a plain string on the wire).
    pub status: Option<String>,
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl PackageRow {
    fn new(p: Value) -> PackageRow {
        let id = package_id(&p);
        let status = status_code(&p);
        let text = |k: &str| p.get(k).and_then(Value::as_str).map(str::to_string);
        let name = text("name")
            .or_else(|| text("displayName"))
            .or_else(|| text("description"));
        let version = text("version");
        let mut other = match p {
            Value::Object(o) => o,
            _ => Map::new(),
        };
        for k in ["id", "name", "version", "status"] {
            other.remove(k);
        }
        PackageRow {
            id,
            name,
            version,
            status,
            other,
        }
    }
}

/// `package list`: the one list envelope (the v1 package list is not paged).
#[derive(Serialize)]
#[serde(transparent)]
pub(super) struct PackageList(pub ListEnvelope<PackageRow>);

impl PackageList {
    pub fn new(items: Vec<Value>) -> PackageList {
        let items: Vec<PackageRow> = items.into_iter().map(PackageRow::new).collect();
        let total = Some(items.len() as u64);
        PackageList(ListEnvelope::new(items, false, total))
    }
}

impl Report for PackageList {
    fn text(&self) -> String {
        self.0
            .items
            .iter()
            .map(|p| {
                format!(
                    "{}\t{}\t{}\t{}",
                    p.id.map(|i| i.to_string()).as_deref().unwrap_or("?"),
                    p.status.as_deref().unwrap_or("?"),
                    p.version.as_deref().unwrap_or(""),
                    p.name.as_deref().unwrap_or("")
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rows_show_id_status_version_name_from_any_field() {
        let list = PackageList::new(vec![
            json!({"packageVersionId": "7", "status": {"code": "NEW"}, "version": "1", "name": "a", "extra": 1}),
            json!({"id": 8, "status": "VALIDATED", "displayName": "b"}),
        ]);
        assert_eq!(list.text(), "7\tNEW\t1\ta\n8\tVALIDATED\t\tb");
        let v = serde_json::to_value(&list).unwrap();
        assert_eq!(v["items"][0]["id"], 7);
        assert_eq!(v["items"][0]["status"], "NEW");
        assert_eq!(v["items"][0]["extra"], 1);
        assert_eq!(v["count"], 2);
    }
}
