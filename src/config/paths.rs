//! Where publisher keeps its files: config (profiles), cache (tokens), data (upload journals).
//!
//! Locations come from the platform conventions (`directories`); each can be overridden by an
//! environment variable so CI jobs and tests can isolate their state.

use std::path::PathBuf;

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
}
