//! The upload journal: what a rerun needs to resume, written atomically after every
//! acknowledged chunk, checksummed so a damaged file is detected and never trusted, and locked
//! so two processes cannot drive the same upload.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

use crate::api::types::ImageMetadata;
use crate::digest::md5_hex;
use crate::error::Failure;

pub const VERSION: u32 = 1;

/// Identity of the source file; any difference means the file changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileIdentity {
    pub path: PathBuf,
    pub size: u64,
    pub mtime_ns: i128,
    pub inode: Option<u64>,
    pub device: Option<u64>,
}

impl FileIdentity {
    pub fn of(path: &Path, meta: &std::fs::Metadata) -> FileIdentity {
        let mtime_ns = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map(|d| d.as_nanos() as i128)
            .unwrap_or(0);
        #[cfg(unix)]
        let (inode, device) = {
            use std::os::unix::fs::MetadataExt;
            (Some(meta.ino()), Some(meta.dev()))
        };
        #[cfg(not(unix))]
        let (inode, device) = (None, None);
        FileIdentity {
            path: path.to_path_buf(),
            size: meta.len(),
            mtime_ns,
            inode,
            device,
        }
    }

    /// What differs from `other`, in words; None when identical.
    pub fn difference(&self, other: &FileIdentity) -> Option<String> {
        let mut d = vec![];
        if self.size != other.size {
            d.push(format!("size {} -> {}", self.size, other.size));
        }
        if self.mtime_ns != other.mtime_ns {
            d.push("modification time".to_string());
        }
        if self.inode != other.inode || self.device != other.device {
            d.push("file identity (replaced)".to_string());
        }
        (!d.is_empty()).then(|| d.join(", "))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Upload request created (or being created); chunks being sent.
    Uploading,
    /// The merge is about to be sent, or was sent and its answer not seen: written *before*
    /// the merge goes out, so a rerun knows a merge may have happened.
    MergeRequested,
    /// Merge answered 2xx (or whole file accepted); waiting for server processing.
    Merged,
    /// Server reported completion and the checksum matched.
    Completed,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Journal {
    pub version: u32,
    pub key: String,
    pub endpoint: String,
    pub user: String,
    pub file: FileIdentity,
    pub file_name: String,
    pub meta: ImageMetadata,
    /// 0 for a whole-file upload.
    pub chunks: u64,
    pub chunk_size: u64,
    pub upload_request_id: Option<u64>,
    pub stage: Stage,
    pub whole_md5: Option<String>,
    pub chunk_md5: Vec<Option<String>>,
    pub acked: Vec<bool>,
    /// Chunks counted as held without a 2xx against our MD5 in this journal's life (answered
    /// "already uploaded", or adopted with `--resume ID`): they cannot vouch for content.
    #[serde(default)]
    pub unverified: Vec<bool>,
    /// When the creating POST (whole upload or initiate) was last sent, in seconds: a rerun that
    /// finds no id looks for a request created by that POST before it creates another.
    #[serde(default)]
    pub create_sent_at: Option<u64>,
    /// The server counts a repeated chunk twice (a request was lost to that): chunks go one at
    /// a time and are never repeated blindly.
    #[serde(default)]
    pub one_by_one: bool,
    /// The initiate call carried chunk 1 (a server that wants data on it): chunk 1 is held by
    /// the request itself and never goes to the chunk endpoint.
    #[serde(default)]
    pub first_in_initiate: bool,
    /// Chunks this journal has sent at least once to its upload request, with their MD5: a
    /// later "already uploaded" for one of them is this file's bytes, checked by the server.
    #[serde(default)]
    pub attempted: Vec<bool>,
    pub created_at: u64,
    pub updated_at: u64,
}

/// On disk the journal is wrapped with the MD5 of its canonical JSON, to detect damage.
#[derive(Serialize, Deserialize)]
struct Envelope {
    journal: serde_json::Value,
    md5: String,
}

/// The journal key of an upload: same endpoint, user, stored file name and target metadata =
/// same upload, wherever the file sits locally. That is the server's storage path, so a fresh
/// checkout on another CI runner (another directory) finds the journal, and the file's content
/// decides whether it can be reused (re-hashed when its size matches but not its metadata).
pub fn key_for(endpoint: &str, user: &str, file_name: &str, meta: &ImageMetadata) -> String {
    digest_key(&format!(
        "{endpoint}\n{user}\nname:{file_name}\n{}\n{}\n{}",
        meta.application, meta.version, meta.operating_system
    ))
}

/// The key journals had before it was the stored file name: the local path.
pub fn legacy_key_for(endpoint: &str, user: &str, path: &Path, meta: &ImageMetadata) -> String {
    digest_key(&format!(
        "{endpoint}\n{user}\n{}\n{}\n{}\n{}",
        path.display(),
        meta.application,
        meta.version,
        meta.operating_system
    ))
}

fn digest_key(k: &str) -> String {
    md5_hex(k.as_bytes())[..16].to_string()
}

pub enum Loaded {
    Missing,
    Found(Box<Journal>),
    /// Present but unreadable or damaged; moved aside to the given path.
    Corrupt(String, PathBuf),
}

pub struct Store {
    dir: PathBuf,
}

impl Store {
    pub fn new(dir: PathBuf) -> Store {
        Store { dir }
    }

    pub fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.json"))
    }

    /// Take the per-upload lock, or fail at once if another process holds it.
    pub fn lock(&self, key: &str) -> Result<File, Failure> {
        std::fs::create_dir_all(&self.dir).map_err(|e| {
            Failure::input(format!(
                "cannot create journal directory {}: {e}; set PUBLISHER_DATA_DIR to a writable place",
                self.dir.display()
            ))
        })?;
        let p = self.dir.join(format!("{key}.lock"));
        let f = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&p)
            .map_err(|e| Failure::input(format!("cannot open lock {}: {e}", p.display())))?;
        match f.try_lock() {
            Ok(()) => Ok(f),
            Err(std::fs::TryLockError::WouldBlock) => Err(Failure::retryable(format!(
                "another publisher process is uploading this file right now (lock {}); wait for it to finish, then rerun",
                p.display()
            ))),
            Err(std::fs::TryLockError::Error(e)) => {
                Err(Failure::input(format!("cannot lock {}: {e}", p.display())))
            }
        }
    }

    /// `load(key)`, or else a journal saved under `legacy` (an older key), moved to `key`.
    pub fn load_or_legacy(&self, key: &str, legacy: &str) -> Loaded {
        match self.load(key) {
            Loaded::Missing if legacy != key => match self.load(legacy) {
                Loaded::Found(mut j) => {
                    j.key = key.to_string();
                    if self.save(&mut j).is_ok() {
                        self.remove(legacy);
                    }
                    Loaded::Found(j)
                }
                other => other,
            },
            other => other,
        }
    }

    /// `peek(key)`, or else the journal under `legacy` (an older key): read only, for dry runs.
    pub fn peek_or_legacy(&self, key: &str, legacy: &str) -> Result<Option<Journal>, String> {
        match self.peek(key) {
            Ok(None) if legacy != key => self.peek(legacy),
            found => found,
        }
    }

    pub fn load(&self, key: &str) -> Loaded {
        match self.peek(key) {
            Ok(None) => Loaded::Missing,
            Ok(Some(j)) => Loaded::Found(Box::new(j)),
            Err(why) => self.quarantine(&self.path(key), why),
        }
    }

    /// Read a journal and change nothing (a damaged one stays where it is): for dry runs.
    pub fn peek(&self, key: &str) -> Result<Option<Journal>, String> {
        match std::fs::read(self.path(key)) {
            Ok(bytes) => decode(&bytes).map(Some),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("unreadable: {e}")),
        }
    }

    fn quarantine(&self, p: &Path, why: String) -> Loaded {
        let aside = p.with_extension(format!("corrupt-{}", crate::clock::epoch_secs()));
        let _ = std::fs::rename(p, &aside);
        Loaded::Corrupt(why, aside)
    }

    pub fn save(&self, j: &mut Journal) -> Result<(), Failure> {
        j.updated_at = crate::clock::epoch_secs();
        let bytes = encode(j);
        crate::fsutil::write_atomic(&self.path(&j.key), &bytes, true).map_err(|e| {
            Failure::input(format!(
                "cannot write upload journal {}: {e}",
                self.path(&j.key).display()
            ))
        })
    }

    /// Forget a journal. Its lock file stays: deleting it while a process holds the lock would
    /// let a second process lock a fresh file and drive the same upload.
    pub fn remove(&self, key: &str) {
        let _ = std::fs::remove_file(self.path(key));
    }

    /// Every readable journal, oldest first.
    pub fn list(&self) -> Vec<Journal> {
        let mut out = vec![];
        let Ok(rd) = std::fs::read_dir(&self.dir) else {
            return out;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.extension().and_then(|x| x.to_str()) == Some("json")
                && let Ok(b) = std::fs::read(&p)
                && let Ok(j) = decode(&b)
            {
                out.push(j);
            }
        }
        out.sort_by_key(|j| j.created_at);
        out
    }
}

fn encode(j: &Journal) -> Vec<u8> {
    let value = serde_json::to_value(j).unwrap_or_default();
    let canonical = serde_json::to_vec(&value).unwrap_or_default();
    let env = Envelope {
        md5: md5_hex(&canonical),
        journal: value,
    };
    // Compact: the journal is rewritten after every acknowledged chunk.
    serde_json::to_vec(&env).unwrap_or_default()
}

fn decode(bytes: &[u8]) -> Result<Journal, String> {
    let env: Envelope =
        serde_json::from_slice(bytes).map_err(|e| format!("not a journal ({e})"))?;
    let canonical = serde_json::to_vec(&env.journal).unwrap_or_default();
    if md5_hex(&canonical) != env.md5 {
        return Err("checksum does not match its content".into());
    }
    let j: Journal =
        serde_json::from_value(env.journal).map_err(|e| format!("unexpected content ({e})"))?;
    if j.version != VERSION {
        return Err(format!("journal version {} is not {VERSION}", j.version));
    }
    let n = j.chunks.max(1) as usize;
    if j.acked.len() != n || j.chunk_md5.len() != n {
        return Err("chunk tables do not match the chunk count".into());
    }
    let mut j = j;
    j.unverified.resize(n, false);
    j.attempted.resize(n, false);
    Ok(j)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Journal {
        Journal {
            version: VERSION,
            key: "k".into(),
            endpoint: "e".into(),
            user: "u".into(),
            file: FileIdentity {
                path: "/x".into(),
                size: 10,
                mtime_ns: 1,
                inode: Some(2),
                device: Some(3),
            },
            file_name: "x".into(),
            meta: ImageMetadata {
                application: "a".into(),
                version: "1".into(),
                operating_system: "linux".into(),
                overwrite_storage_file: None,
            },
            chunks: 2,
            chunk_size: 5,
            upload_request_id: Some(7),
            stage: Stage::Uploading,
            whole_md5: None,
            chunk_md5: vec![None, None],
            acked: vec![true, false],
            unverified: vec![false, false],
            create_sent_at: None,
            one_by_one: false,
            first_in_initiate: false,
            attempted: vec![false, false],
            created_at: 0,
            updated_at: 0,
        }
    }

    #[test]
    fn round_trip_and_damage_detection() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().to_path_buf());
        let mut j = sample();
        store.save(&mut j).unwrap();
        assert!(matches!(store.load("k"), Loaded::Found(_)));
        // Flip one acknowledged flag by hand: the checksum must catch it.
        let p = store.path("k");
        let text = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, text.replacen("false", "true", 1)).unwrap();
        assert!(matches!(store.load("k"), Loaded::Corrupt(..)));
        assert!(matches!(store.load("k"), Loaded::Missing), "moved aside");
        std::fs::write(&p, b"{trunc").unwrap();
        assert!(matches!(store.load("k"), Loaded::Corrupt(..)));
    }

    #[test]
    fn the_key_is_the_stored_name_not_the_local_path_and_old_keys_are_moved() {
        let meta = sample().meta;
        let k = key_for("e", "u", "img.tar.gz", &meta);
        assert_eq!(k, key_for("e", "u", "img.tar.gz", &meta));
        assert_ne!(k, key_for("e", "u", "other.tar.gz", &meta));
        assert_ne!(k, key_for("e", "v", "img.tar.gz", &meta));
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().to_path_buf());
        let legacy = legacy_key_for("e", "u", Path::new("/ci/1/img.tar.gz"), &meta);
        let mut j = sample();
        j.key = legacy.clone();
        store.save(&mut j).unwrap();
        match store.load_or_legacy(&k, &legacy) {
            Loaded::Found(j) => assert_eq!(j.key, k),
            _ => panic!("the legacy journal is found"),
        }
        assert!(matches!(store.load(&legacy), Loaded::Missing), "moved");
        assert!(matches!(store.load(&k), Loaded::Found(_)));
    }

    #[test]
    fn lock_is_exclusive() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::new(dir.path().to_path_buf());
        let held = store.lock("k").unwrap();
        assert!(store.lock("k").is_err());
        // Forgetting the journal (--restart) must not free the lock for a second process.
        store.remove("k");
        assert!(store.lock("k").is_err());
        drop(held);
        assert!(store.lock("k").is_ok());
    }
}
