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
//! Unknown keys (from a newer publisher, or typos), known keys holding a value of the wrong type,
//! and top-level keys outside any profile table are kept on save, warned about, and never fatal:
//! a config written for another version must not break a CI job.

use std::collections::BTreeMap;
use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

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
    // Defaults for global and upload flags, written as on the command line.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retries: Option<u32>,
    /// Seconds, or a duration as `--timeout` takes it (`90s`, `10m`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout: Option<FlagValue<Seconds>>,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub allow_http: Option<bool>,
    // `image upload` defaults.
    /// `auto` or a count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parallel: Option<FlagValue<crate::upload::spec::Parallelism>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chunk_size: Option<FlagValue<crate::cli::ChunkSize>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bwlimit: Option<FlagValue<crate::cli::Bandwidth>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wait: Option<FlagValue<Seconds>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub require_checksum: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verify_resume: Option<bool>,
    /// Keys this version does not know, or whose value it cannot read: kept on save, warned
    /// about on load.
    #[serde(flatten)]
    pub unknown: BTreeMap<String, toml::Value>,
    /// Why each unreadable known key was set aside (key, reason).
    #[serde(skip)]
    invalid: BTreeMap<String, String>,
}

/// A flag's value in a profile: a string or a bare number, parsed by the flag's own parser.
/// Saved back exactly as written.
#[derive(Debug, Clone)]
pub struct FlagValue<T> {
    pub value: T,
    raw: toml::Value,
}

impl<'de, T: FromStr<Err: Display>> Deserialize<'de> for FlagValue<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = toml::Value::deserialize(d)?;
        let text = match &raw {
            toml::Value::String(s) => s.clone(),
            toml::Value::Integer(i) => i.to_string(),
            other => {
                return Err(serde::de::Error::custom(format!(
                    "expected a string or a number, found {}",
                    other.type_str()
                )));
            }
        };
        let value = text.parse().map_err(serde::de::Error::custom)?;
        Ok(FlagValue { value, raw })
    }
}

impl<T> Serialize for FlagValue<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.raw.serialize(s)
    }
}

/// Seconds as the duration flags take them: a bare number or `90s`, `10m`, `1h`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seconds(pub u64);

impl FromStr for Seconds {
    type Err = String;
    fn from_str(s: &str) -> Result<Seconds, String> {
        crate::cli::parse_secs(s).map(Seconds)
    }
}

#[derive(Debug, Default)]
pub struct ProfileFile {
    pub profiles: BTreeMap<String, Profile>,
    /// Top-level keys outside any profile table: kept on save, warned about.
    stray: toml::Table,
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
        // Only TOML syntax is fatal; what the tables hold is read key by key.
        let table: toml::Table = toml::from_str(&text).map_err(|e| {
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
        let mut file = ProfileFile::default();
        for (name, value) in table {
            match value {
                toml::Value::Table(t) => {
                    file.profiles.insert(name, Profile::lenient(t));
                }
                other => {
                    file.stray.insert(name, other);
                }
            }
        }
        file.mode = std::fs::metadata(path)
            .ok()
            .and_then(|m| crate::fsutil::mode(&m));
        Ok(file)
    }

    pub fn save(&self, path: &Path) -> Result<(), Failure> {
        let mut table = self.stray.clone();
        for (name, p) in &self.profiles {
            let t = toml::Table::try_from(p)
                .map_err(|e| Failure::usage(format!("cannot encode config: {e}")))?;
            table.insert(name.clone(), toml::Value::Table(t));
        }
        let text = toml::to_string(&table)
            .map_err(|e| Failure::usage(format!("cannot encode config: {e}")))?;
        crate::fsutil::write_atomic(path, text.as_bytes(), true).map_err(|e| {
            Failure::usage(format!("cannot write config file {}: {e}", path.display()))
        })
    }

    /// Warnings about the file and the profile `name`: top-level keys outside a profile, and
    /// that profile's unknown or unreadable keys.
    pub fn warnings(&self, name: &str, file: &Path) -> Vec<String> {
        let mut w: Vec<String> = self
            .stray
            .keys()
            .map(|k| {
                format!(
                    "config file {}: top-level key '{k}' is outside any profile (ignored; put it under [{name}] or another [profile])",
                    file.display()
                )
            })
            .collect();
        if let Some(p) = self.profiles.get(name) {
            w.extend(p.key_warnings(name, file));
        }
        w
    }
}

impl Profile {
    /// Read a profile table key by key: a key whose value does not fit its type is set aside
    /// (and warned about) instead of failing the whole file.
    fn lenient(table: toml::Table) -> Profile {
        let mut readable = toml::Table::new();
        let mut unreadable = BTreeMap::new();
        let mut invalid = BTreeMap::new();
        for (k, v) in table {
            let one = toml::Table::from_iter([(k.clone(), v.clone())]);
            match Profile::deserialize(one) {
                Ok(_) => {
                    readable.insert(k, v);
                }
                Err(e) => {
                    invalid.insert(k.clone(), e.message().trim().to_string());
                    unreadable.insert(k, v);
                }
            }
        }
        // Every key was read on its own above, so together they read too.
        let mut p = Profile::deserialize(readable).unwrap_or_default();
        p.unknown.extend(unreadable);
        p.invalid = invalid;
        p
    }

    /// One warning per key this version does not understand or cannot read.
    pub fn key_warnings(&self, name: &str, file: &Path) -> Vec<String> {
        self.unknown
            .keys()
            .map(|k| match self.invalid.get(k) {
                Some(why) => format!(
                    "config file {}: profile '{name}' key '{k}': {why} (ignored)",
                    file.display()
                ),
                None => format!(
                    "config file {}: profile '{name}' has unknown key '{k}' (ignored; written by a newer publisher, or a typo?)",
                    file.display()
                ),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_kept_not_fatal() {
        let (f, path, _dir) = load("[default]\nuser = \"u@x\"\nfuture_key = 3\nretries = 2\n");
        let d = &f.profiles["default"];
        assert_eq!(d.retries, Some(2));
        assert_eq!(f.warnings("default", &path).len(), 1);
        f.save(&path).unwrap();
        assert!(
            std::fs::read_to_string(&path)
                .unwrap()
                .contains("future_key = 3")
        );
    }

    fn load(text: &str) -> (ProfileFile, PathBuf, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).unwrap();
        (ProfileFile::load(&path).unwrap(), path, dir)
    }

    #[test]
    fn wrongly_typed_known_keys_are_set_aside_with_a_warning() {
        let (f, path, _dir) = load(
            "[default]\nuser = \"u@x\"\ntimeout = \"10m\"\nretries = \"8\"\nquiet = \"yes\"\nwait = [1]\nparallel = \"lots\"\n",
        );
        let d = &f.profiles["default"];
        assert_eq!(d.user.as_deref(), Some("u@x"));
        // The flag's duration syntax is the profile's too.
        assert_eq!(d.timeout.as_ref().map(|t| t.value), Some(Seconds(600)));
        assert_eq!((d.retries, d.quiet), (None, None));
        assert!(d.wait.is_none() && d.parallel.is_none());
        let w = f.warnings("default", &path).join("\n");
        for key in ["retries", "quiet", "wait", "parallel"] {
            assert!(w.contains(&format!("key '{key}':")), "{key}: {w}");
        }
        assert!(!w.contains("timeout"), "{w}");
        // Saved back as written, the unreadable values included.
        f.save(&path).unwrap();
        let saved = std::fs::read_to_string(&path).unwrap();
        assert!(saved.contains("timeout = \"10m\"") && saved.contains("retries = \"8\""));
    }

    #[test]
    fn top_level_keys_outside_a_profile_warn_and_survive_a_save() {
        let (f, path, _dir) = load("output = \"json\"\n[default]\nretries = 3\n");
        assert_eq!(f.profiles["default"].retries, Some(3));
        let w = f.warnings("default", &path);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("top-level key 'output'"), "{w:?}");
        f.save(&path).unwrap();
        let again = ProfileFile::load(&path).unwrap();
        assert_eq!(again.warnings("default", &path).len(), 1);
        assert_eq!(again.profiles["default"].retries, Some(3));
    }
}
