//! The sandbox's state, persisted in `--data-dir` so a restarted sandbox keeps its uploads.

use crate::clock::now_rfc3339_millis;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageRecord {
    pub id: u64,
    pub application: String,
    pub version: String,
    pub operating_system: String,
    pub file_name: String,
    pub overwrite: bool,
    /// Declared chunk count; 0 for a whole-file upload.
    pub chunks_expected: u64,
    /// Received chunks: number -> MD5 (empty under `--discard`).
    pub chunks: BTreeMap<u64, String>,
    /// Chunk POSTs counted a second time (`--reading repost=count-twice`).
    #[serde(default)]
    pub duplicates: u64,
    /// A merge was accepted but has not started yet (`--reading merge=async-202`).
    #[serde(default)]
    pub merge_requested: bool,
    pub status: ImageStatus,
    pub size: Option<u64>,
    /// Uploads (whole file or chunks) that carried an X-MD5-Checksum, which was verified.
    #[serde(default)]
    pub md5_headers: u64,
    /// Accepted chunk POSTs (reposts included), for `GET /sandbox/images`.
    #[serde(default)]
    pub chunk_posts: u64,
    /// Accepted merge requests (repeats included).
    #[serde(default)]
    pub merges: u64,
    /// MD5 (hex) of the stored whole or merged image, once it is stored.
    #[serde(default)]
    pub stored_md5: Option<String>,
    pub created_by: String,
    pub created_date: String,
    pub last_modified_date: String,
}

/// Where an upload request is in its life; persisted (and shown) as its display string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImageStatus {
    /// Created, taking chunks; shown per `--reading status-before-merge`.
    Initiated,
    #[serde(rename = "In Progress")]
    Merging,
    #[serde(rename = "Virus Scan In Progress")]
    Scanning,
    /// A processing word outside the documented codes (`--reading final-status=unrecognised`).
    Replicating,
    Completed,
    #[serde(rename = "Virus Scan Failed")]
    ScanFailed,
    Failed,
    Deleted,
}

impl ImageStatus {
    pub fn display(self) -> &'static str {
        match self {
            ImageStatus::Initiated => "Initiated",
            ImageStatus::Merging => "In Progress",
            ImageStatus::Scanning => "Virus Scan In Progress",
            ImageStatus::Replicating => "Replicating",
            ImageStatus::Completed => "Completed",
            ImageStatus::ScanFailed => "Virus Scan Failed",
            ImageStatus::Failed => "Failed",
            ImageStatus::Deleted => "Deleted",
        }
    }

    /// Merged (or whole) and still being processed by the server.
    pub fn processing(self) -> bool {
        matches!(
            self,
            ImageStatus::Merging | ImageStatus::Scanning | ImageStatus::Replicating
        )
    }
}

impl ImageRecord {
    pub fn image_file_path(&self) -> String {
        format!(
            "partnercontainer/mi/{}/{}/{}/{}",
            self.application, self.version, self.operating_system, self.file_name
        )
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PackageRecord {
    pub id: u64,
    pub listing_version_id: u64,
    /// The document as sent (unknown keys included), plus server fields.
    pub document: Value,
    pub status: PackageStatus,
    pub artefact: Option<String>,
    pub artefact_size: Option<u64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ListingRecord {
    pub listing_version_id: u64,
    pub listing_id: u64,
    pub name: String,
    pub status: ListingStatus,
    pub version_of: Option<u64>,
    pub created_date: String,
    /// Accepted `submit` actions, so tests can tell one submission from two.
    #[serde(default)]
    pub submissions: u32,
}

/// Where a package is in its validation; persisted and shown as its code (`VALIDATED`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum PackageStatus {
    New,
    /// Validation accepted (202) and not decided yet.
    Validating,
    Validated,
    ValidationFailed,
}

/// Where a listing version is in its lifecycle; persisted and shown as its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ListingStatus {
    New,
    PendingReview,
    Approved,
    Rejected,
    Published,
    Withdrawn,
}

/// The code (`PENDING_REVIEW`) and the display name (`Pending Review`) of a status.
pub trait StatusWord: Copy {
    fn code(self) -> &'static str;

    fn display_name(self) -> String {
        self.code()
            .split('_')
            .map(|w| {
                let mut c = w.chars();
                c.next()
                    .map(|f| f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// `{"code": .., "displayName": ..}`, as the API shows a status.
    fn shown(self) -> Value {
        serde_json::json!({"code": self.code(), "displayName": self.display_name()})
    }
}

impl StatusWord for PackageStatus {
    fn code(self) -> &'static str {
        match self {
            PackageStatus::New => "NEW",
            PackageStatus::Validating => "VALIDATING",
            PackageStatus::Validated => "VALIDATED",
            PackageStatus::ValidationFailed => "VALIDATION_FAILED",
        }
    }
}

impl StatusWord for ListingStatus {
    fn code(self) -> &'static str {
        match self {
            ListingStatus::New => "NEW",
            ListingStatus::PendingReview => "PENDING_REVIEW",
            ListingStatus::Approved => "APPROVED",
            ListingStatus::Rejected => "REJECTED",
            ListingStatus::Published => "PUBLISHED",
            ListingStatus::Withdrawn => "WITHDRAWN",
        }
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Db {
    pub next_id: u64,
    #[serde(default)]
    pub images: BTreeMap<u64, ImageRecord>,
    #[serde(default)]
    pub packages: BTreeMap<u64, PackageRecord>,
    #[serde(default)]
    pub listings: BTreeMap<u64, ListingRecord>,
}

pub struct DataDir {
    pub dir: PathBuf,
    pub state: Mutex<Db>,
}

impl DataDir {
    pub fn open(dir: &Path) -> std::io::Result<DataDir> {
        std::fs::create_dir_all(dir.join("images"))?;
        let path = dir.join("state.json");
        let mut state: Db = match std::fs::read(&path) {
            Ok(b) => serde_json::from_slice(&b).map_err(|e| {
                std::io::Error::other(format!("{} is damaged: {e}", path.display()))
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Db::default(),
            Err(e) => return Err(e),
        };
        if state.next_id == 0 {
            state.next_id = 8_000_001;
        }
        if state.listings.is_empty() {
            seed_listings(&mut state);
        }
        let store = DataDir {
            dir: dir.to_path_buf(),
            state: Mutex::new(state),
        };
        store.save()?;
        Ok(store)
    }

    /// Run `f` on the state under the lock, then persist it.
    pub fn update<T>(&self, f: impl FnOnce(&mut Db) -> T) -> T {
        let out = {
            let mut st = self.state.lock().unwrap_or_else(|p| p.into_inner());
            f(&mut st)
        };
        let _ = self.save();
        out
    }

    pub fn read<T>(&self, f: impl FnOnce(&Db) -> T) -> T {
        let st = self.state.lock().unwrap_or_else(|p| p.into_inner());
        f(&st)
    }

    pub fn save(&self) -> std::io::Result<()> {
        let bytes = {
            let st = self.state.lock().unwrap_or_else(|p| p.into_inner());
            serde_json::to_vec_pretty(&*st).unwrap_or_default()
        };
        crate::fsutil::write_atomic(&self.dir.join("state.json"), &bytes, false)
    }

    pub fn image_dir(&self, id: u64) -> PathBuf {
        self.dir.join("images").join(id.to_string())
    }

    /// Where the merged (or whole) image of an upload request is stored.
    pub fn image_file(&self, id: u64) -> PathBuf {
        self.image_dir(id).join("image")
    }

    pub fn chunk_file(&self, id: u64, n: u64) -> PathBuf {
        self.image_dir(id).join(format!("chunk-{n:06}"))
    }
}

/// Listings a fresh sandbox starts with, so package and lifecycle commands have something to act
/// on: the id from Oracle's own examples (2806005) among them.
fn seed_listings(st: &mut Db) {
    for (id, name, status) in [
        (2806005, "Acme Compute Image", ListingStatus::New),
        (3047418, "Acme Java App", ListingStatus::New),
        (359107, "Acme Published App", ListingStatus::Published),
    ] {
        st.listings.insert(
            id,
            ListingRecord {
                listing_version_id: id,
                listing_id: id,
                name: name.into(),
                status,
                version_of: None,
                created_date: now_rfc3339_millis(),
                submissions: 0,
            },
        );
    }
}
