//! Connection settings: resolved from flag > environment > profile, then checked.

mod defaults;
pub(crate) mod paths;
pub(crate) mod profile;
pub(crate) mod secret;
mod sniff;

pub use defaults::apply_profile_defaults;
use paths::Paths;
use profile::ProfileFile;
pub use secret::Secret;
pub use sniff::{sniff_color, sniff_flag, sniff_format};

use crate::error::Failure;

pub(crate) const DEFAULT_ENDPOINT: &str = "https://ocm-apis-cloud.oracle.com";

/// What the client connects to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Endpoint {
    /// Host root, without trailing slash; the client appends `/appstore/publisher/v1/...`.
    Url(String),
    /// An in-process sandbox with throwaway credentials (`--sandbox`, `PUBLISHER_ENDPOINT=sandbox`).
    EmbeddedSandbox,
}

#[derive(Debug, Clone)]
pub enum Credentials {
    /// A bearer token used as is.
    Token(Secret),
    /// Client id and secret, exchanged for a token at `/authenticate`.
    Client { id: String, secret: Secret },
}

/// Flags that take part in resolution (the clap layer fills this in).
#[derive(Debug, Default, Clone)]
pub(crate) struct Overrides {
    pub endpoint: Option<String>,
    pub user: Option<String>,
    pub profile: Option<String>,
    pub sandbox: bool,
    pub allow_http: bool,
}

#[derive(Debug)]
pub(crate) struct Settings {
    pub endpoint: Endpoint,
    pub user: Option<String>,
    pub credentials: Option<Credentials>,
    /// Human description of where the credentials came from (never the values).
    pub credentials_source: Option<String>,
    pub profile: String,
    pub paths: Paths,
    /// Warnings found while resolving (for example a config file readable by others).
    pub warnings: Vec<String>,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Settings {
    pub fn resolve(o: &Overrides) -> Result<Settings, Failure> {
        let paths = Paths::discover()?;
        let file = ProfileFile::load(&paths.config_file)?;
        let explicit_profile = o.profile.clone().or_else(|| env("PUBLISHER_PROFILE"));
        let profile_name = explicit_profile
            .clone()
            .unwrap_or_else(|| "default".to_string());
        let profile = match file.profiles.get(&profile_name) {
            Some(p) => p.clone(),
            None if explicit_profile.is_some() => {
                let known: Vec<&str> = file.profiles.keys().map(String::as_str).collect();
                return Err(Failure::usage(format!(
                    "unknown profile '{profile_name}' (config file {}{}); create it with `publisher auth login --profile {profile_name}`",
                    paths.config_file.display(),
                    if known.is_empty() {
                        String::new()
                    } else {
                        format!(", known: {}", known.join(", "))
                    }
                )));
            }
            None => Default::default(),
        };
        // Unknown and unreadable profile keys are warned about once, by `defaults_profile`.
        let mut warnings = Vec::new();
        if profile.client_secret.is_some()
            && let Some(mode) = file.mode
            && mode & 0o077 != 0
        {
            warnings.push(format!(
                "config file {} holds a client secret and is readable by others (mode {:o}); fix with: chmod 600 {}",
                paths.config_file.display(),
                mode,
                paths.config_file.display()
            ));
        }

        let raw_endpoint = if o.sandbox {
            "sandbox".to_string()
        } else {
            o.endpoint
                .clone()
                .or_else(|| env("PUBLISHER_ENDPOINT"))
                .or(profile.endpoint.clone())
                .unwrap_or_else(|| DEFAULT_ENDPOINT.to_string())
        };
        let endpoint = parse_endpoint(&raw_endpoint, o.allow_http)?;

        let user = o
            .user
            .clone()
            .or_else(|| env("PUBLISHER_USER"))
            .or(profile.user.clone());

        let pname = &profile_name;
        let (credentials, credentials_source) = if endpoint == Endpoint::EmbeddedSandbox {
            (
                None,
                Some("embedded sandbox (throwaway credentials)".into()),
            )
        } else if let Some((t, src)) = secret_from_env("PUBLISHER_TOKEN")? {
            (
                Some(Credentials::Token(t)),
                Some(format!("environment {src}")),
            )
        } else {
            let id_env = env("PUBLISHER_CLIENT_ID");
            let secret_env = secret_from_env("PUBLISHER_CLIENT_SECRET")?;
            match (id_env, secret_env) {
                (Some(id), Some((secret, src))) => (
                    Some(Credentials::Client { id, secret }),
                    Some(format!("environment PUBLISHER_CLIENT_ID/{src}")),
                ),
                (Some(_), None) | (None, Some(_)) => {
                    return Err(Failure::auth(
                        "only one of PUBLISHER_CLIENT_ID and PUBLISHER_CLIENT_SECRET (or PUBLISHER_CLIENT_SECRET_FILE) is set; set both, or use PUBLISHER_TOKEN",
                    ));
                }
                (None, None) => {
                    let from = format!("profile '{pname}' in {}", paths.config_file.display());
                    if let Some(cmd) = &profile.token_command {
                        (
                            Some(Credentials::Token(run_token_command(cmd)?)),
                            Some(format!("token_command of {from}")),
                        )
                    } else {
                        let secret = match (&profile.client_secret, &profile.client_secret_file) {
                            (Some(s), _) => Some(Secret::new(s.clone())),
                            (None, Some(f)) => Some(read_secret_file(f, "client_secret_file")?),
                            (None, None) => None,
                        };
                        match (&profile.client_id, secret) {
                            (Some(id), Some(secret)) => (
                                Some(Credentials::Client {
                                    id: id.clone(),
                                    secret,
                                }),
                                Some(from),
                            ),
                            _ => (None, None),
                        }
                    }
                }
            }
        };
        Ok(Settings {
            endpoint,
            user,
            credentials,
            credentials_source,
            profile: profile_name,
            paths,
            warnings,
        })
    }
}

/// A secret from `NAME` or from the file named by `NAME_FILE` (trimmed), with where it came from.
fn secret_from_env(name: &str) -> Result<Option<(Secret, String)>, Failure> {
    if let Some(v) = env(name) {
        return Ok(Some((Secret::new(v), name.to_string())));
    }
    let file_var = format!("{name}_FILE");
    match std::env::var_os(&file_var).filter(|v| !v.is_empty()) {
        Some(f) => Ok(Some((
            read_secret_file(std::path::Path::new(&f), &file_var)?,
            file_var,
        ))),
        None => Ok(None),
    }
}

/// Read a secret from a file (CI secret mounts); surrounding whitespace is dropped.
pub(crate) fn read_secret_file(path: &std::path::Path, what: &str) -> Result<Secret, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::auth(format!("{what} {}: cannot read: {e}", path.display())))?;
    let t = text.trim();
    if t.is_empty() {
        return Err(Failure::auth(format!(
            "{what} {}: the file is empty",
            path.display()
        )));
    }
    Ok(Secret::new(t))
}

/// Run a profile's `token_command` through the shell; its trimmed stdout is the bearer token.
/// Its stderr passes through (so its own prompts and errors reach the user); stdout never does.
pub(crate) fn run_token_command(cmd: &str) -> Result<Secret, Failure> {
    #[cfg(unix)]
    let mut c = {
        let mut c = std::process::Command::new("sh");
        c.arg("-c").arg(cmd);
        c
    };
    #[cfg(not(unix))]
    let mut c = {
        let mut c = std::process::Command::new("cmd");
        c.arg("/C").arg(cmd);
        c
    };
    let out = c
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| Failure::auth(format!("token_command: cannot run it: {e}")))?;
    if !out.status.success() {
        return Err(Failure::auth(format!(
            "token_command failed ({}); fix the command in the profile or use other credentials",
            out.status
        )));
    }
    let t = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if t.is_empty() {
        return Err(Failure::auth("token_command printed no token on stdout"));
    }
    Ok(Secret::new(t))
}

/// The profile that supplies flag defaults (`--profile`, PUBLISHER_PROFILE, else `default`),
/// with the warnings about the config file's keys (shown once per run, by the caller). No
/// profile when there is none or the config cannot be read (resolution reports that later).
pub fn defaults_profile(flag: Option<&str>) -> (Option<profile::Profile>, Vec<String>) {
    let Ok(paths) = Paths::discover() else {
        return (None, Vec::new());
    };
    let Ok(file) = ProfileFile::load(&paths.config_file) else {
        return (None, Vec::new());
    };
    let name = flag
        .map(str::to_string)
        .or_else(|| env("PUBLISHER_PROFILE"))
        .unwrap_or_else(|| "default".into());
    let warnings = file.warnings(&name, &paths.config_file);
    (file.profiles.get(&name).cloned(), warnings)
}

/// Accepts a host root (`https://host[:port]`); tolerates a trailing `/appstore/publisher[/v1]`
/// (the OCI cookbook's form). Plain http is only for loopback unless `allow_http`.
pub(crate) fn parse_endpoint(raw: &str, allow_http: bool) -> Result<Endpoint, Failure> {
    let raw = raw.trim();
    if raw.eq_ignore_ascii_case("sandbox") {
        return Ok(Endpoint::EmbeddedSandbox);
    }
    let url = reqwest::Url::parse(raw).map_err(|e| {
        Failure::usage(format!(
            "endpoint '{raw}' is not a URL ({e}); use e.g. --endpoint {DEFAULT_ENDPOINT}"
        ))
    })?;
    let host = url.host_str().unwrap_or("").to_string();
    match url.scheme() {
        "https" => {}
        "http" if allow_http || is_loopback(&host) => {}
        "http" => {
            return Err(Failure::usage(format!(
                "endpoint '{raw}' uses plain http to a non-loopback host; use https, or pass --allow-http if you really mean it"
            )));
        }
        other => {
            return Err(Failure::usage(format!(
                "endpoint '{raw}' has scheme '{other}'; only http(s) endpoints are supported"
            )));
        }
    }
    if host.is_empty() {
        return Err(Failure::usage(format!("endpoint '{raw}' has no host")));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Failure::usage(
            "endpoint must not embed credentials; use PUBLISHER_CLIENT_ID/PUBLISHER_CLIENT_SECRET",
        ));
    }
    let mut s = url.as_str().trim_end_matches('/').to_string();
    for suffix in ["/appstore/publisher/v1", "/appstore/publisher"] {
        if let Some(stripped) = s.strip_suffix(suffix) {
            s = stripped.to_string();
            break;
        }
    }
    Ok(Endpoint::Url(s))
}

pub(crate) fn is_loopback(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h.eq_ignore_ascii_case("localhost")
        || h.parse::<std::net::IpAddr>()
            .map(|ip| ip.is_loopback())
            .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints() {
        assert_eq!(
            parse_endpoint("https://h.example/appstore/publisher/", false).unwrap(),
            Endpoint::Url("https://h.example".into())
        );
        assert_eq!(
            parse_endpoint("http://127.0.0.1:80/", false).unwrap(),
            Endpoint::Url("http://127.0.0.1".into())
        );
        assert!(parse_endpoint("http://h.example", false).is_err());
        assert!(parse_endpoint("http://h.example", true).is_ok());
        assert!(parse_endpoint("ftp://h.example", true).is_err());
        assert!(parse_endpoint("nonsense", true).is_err());
        assert!(parse_endpoint("https://u:p@h.example", true).is_err());
        assert_eq!(
            parse_endpoint("Sandbox", false).unwrap(),
            Endpoint::EmbeddedSandbox
        );
    }
}
