//! The config file: named profiles of connection settings and defaults, in TOML.
//!
//! ```toml
//! [default]
//! endpoint = "https://ocm-apis-cloud.oracle.com"
//! user = "fname.lname@example.com"
//! client_id = "..."
//! client_secret = "..."   # written by `publisher auth login`, file mode 0600
//! # or: client_secret_file = "/run/secrets/publisher", or: token_command = "vault read ..."
//! # defaults for flags (a flag or its PUBLISHER_* variable wins over these):
//! output = "json"
//! retries = 8
//! ```
//!
//! Unknown keys (from a newer publisher, or typos) are kept, warned about, and never fatal.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Failure;

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Profile {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    /// A file whose content (trimmed) is the client secret.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret_file: Option<PathBuf>,
    /// A shell command whose standard output (trimmed) is a bearer token.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_command: Option<String>,
    // Defaults for global and upload flags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retries: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout: Option<u64>,
    /// `auto` or a count, as on the command line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parallel: Option<toml::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ca_bundle: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log_file: Option<PathBuf>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quiet: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub yes: Option<bool>,
    /// Keys this version does not know: kept on save, warned about on load.
    #[serde(flatten)]
    pub unknown: BTreeMap<String, toml::Value>,
}

#[derive(Debug, Default)]
pub struct ProfileFile {
    pub profiles: BTreeMap<String, Profile>,
    /// Permission bits when the file exists (to warn about secrets readable by others).
    pub mode: Option<u32>,
}

impl ProfileFile {
    pub fn load(path: &Path) -> Result<ProfileFile, Failure> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(e) => {
                return Err(Failure::usage(format!(
                    "cannot read config file {}: {e}",
                    path.display()
                )));
            }
        };
        let profiles: BTreeMap<String, Profile> = toml::from_str(&text).map_err(|e| {
            let msg = e.message().to_string();
            let line = e
                .span()
                .map(|s| text[..s.start.min(text.len())].lines().count().max(1));
            Failure::usage(format!(
                "config file {}{}: {msg}; fix or remove that entry",
                path.display(),
                line.map(|l| format!(":{l}")).unwrap_or_default()
            ))
        })?;
        let mode = std::fs::metadata(path)
            .ok()
            .and_then(|m| crate::fsutil::mode(&m));
        Ok(ProfileFile { profiles, mode })
    }

    pub fn save(&self, path: &Path) -> Result<(), Failure> {
        let text = toml::to_string(&self.profiles)
            .map_err(|e| Failure::usage(format!("cannot encode config: {e}")))?;
        crate::fsutil::write_atomic(path, text.as_bytes(), true).map_err(|e| {
            Failure::usage(format!("cannot write config file {}: {e}", path.display()))
        })
    }
}

impl Profile {
    /// One warning per key this version does not understand.
    pub fn unknown_key_warnings(&self, name: &str, file: &Path) -> Vec<String> {
        self.unknown
            .keys()
            .map(|k| {
                format!(
                    "config file {}: profile '{name}' has unknown key '{k}' (ignored; written by a newer publisher, or a typo?)",
                    file.display()
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_kept_not_fatal() {
        let p: BTreeMap<String, Profile> =
            toml::from_str("[default]\nuser = \"u@x\"\nfuture_key = 3\nretries = 2\n").unwrap();
        let d = &p["default"];
        assert_eq!(d.retries, Some(2));
        assert_eq!(d.unknown_key_warnings("default", Path::new("c")).len(), 1);
        assert!(toml::to_string(&p).unwrap().contains("future_key = 3"));
    }
}
