//! The config file: named profiles of connection settings, in TOML.
//!
//! ```toml
//! [default]
//! endpoint = "https://ocm-apis-cloud.oracle.com"
//! user = "fname.lname@example.com"
//! client_id = "..."
//! client_secret = "..."   # written by `publisher auth login`, file mode 0600
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Failure;

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
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
