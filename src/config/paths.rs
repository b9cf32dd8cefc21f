//! Where publisher keeps its files: config (profiles), cache (tokens), data (upload journals).
//!
//! Locations come from the platform conventions (`directories`); each can be overridden by an
//! environment variable so CI jobs and tests can isolate their state.

use std::path::{Path, PathBuf};

use crate::error::Failure;

#[derive(Debug, Clone)]
pub struct Paths {
    pub config_file: PathBuf,
    pub cache_dir: PathBuf,
    pub data_dir: PathBuf,
}

impl Paths {
    pub fn discover() -> Result<Paths, Failure> {
        let dirs = directories::ProjectDirs::from("com", "oracle", "publisher");
        let pick = |var: &str, default: Option<PathBuf>| -> Result<PathBuf, Failure> {
            if let Some(v) = std::env::var_os(var).filter(|v| !v.is_empty()) {
                return Ok(PathBuf::from(v));
            }
            default.ok_or_else(|| {
                Failure::usage(format!(
                    "cannot find a home directory for publisher's files; set {var}"
                ))
            })
        };
        Ok(Paths {
            config_file: pick(
                "PUBLISHER_CONFIG",
                dirs.as_ref().map(|d| d.config_dir().join("config.toml")),
            )?,
            cache_dir: pick(
                "PUBLISHER_CACHE_DIR",
                dirs.as_ref().map(|d| d.cache_dir().to_path_buf()),
            )?,
            data_dir: pick(
                "PUBLISHER_DATA_DIR",
                dirs.as_ref().map(|d| d.data_local_dir().to_path_buf()),
            )?,
        })
    }

    pub fn journals_dir(&self) -> PathBuf {
        self.data_dir.join("uploads")
    }

    pub fn tokens_dir(&self) -> PathBuf {
        self.cache_dir.join("tokens")
    }

    /// Storage of the embedded `--sandbox`, kept so that resume works across runs.
    pub fn embedded_sandbox_dir(&self) -> PathBuf {
        self.data_dir.join("sandbox")
    }

    /// Make publisher's state private: directories 0700, every file in them 0600. Directories
    /// made by older versions (0755, files 0644) are fixed once; new files are private anyway
    /// (the process umask is 077, see main). A location chosen by a variable
    /// (PUBLISHER_CACHE_DIR=/tmp, ...) may be shared: there only publisher's own
    /// subdirectories are touched, never the directory itself.
    pub fn secure(&self) {
        let own = [
            ("PUBLISHER_CACHE_DIR", &self.cache_dir, &["tokens"][..]),
            (
                "PUBLISHER_DATA_DIR",
                &self.data_dir,
                &["uploads", "sandbox"][..],
            ),
        ];
        for (var, dir, subdirs) in own {
            if std::env::var_os(var).is_none() {
                private_tree(dir);
            } else {
                for s in subdirs {
                    private_tree(&dir.join(s));
                }
            }
        }
        if std::env::var_os("PUBLISHER_CONFIG").is_none()
            && let Some(d) = self.config_file.parent()
        {
            private_tree(d);
        }
    }
}

#[cfg(unix)]
fn set_mode(p: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode));
}

#[cfg(not(unix))]
fn set_mode(_p: &Path, _mode: u32) {}

/// When `dir` exists and is not yet 0700, tighten it and everything below it.
fn private_tree(dir: &Path) {
    let Ok(meta) = std::fs::symlink_metadata(dir) else {
        return;
    };
    if !meta.is_dir() || crate::fsutil::mode(&meta).is_none_or(|m| m == 0o700) {
        return;
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        set_mode(&d, 0o700);
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            match e.file_type() {
                Ok(t) if t.is_dir() => stack.push(e.path()),
                Ok(t) if t.is_file() => set_mode(&e.path(), 0o600),
                _ => {}
            }
        }
    }
}
