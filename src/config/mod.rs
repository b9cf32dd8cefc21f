//! Connection settings: resolved from flag > environment > profile, then checked.

pub mod paths;
pub mod profile;
pub mod secret;

use paths::Paths;
use profile::ProfileFile;
pub use secret::Secret;

use crate::error::Failure;

pub const DEFAULT_ENDPOINT: &str = "https://ocm-apis-cloud.oracle.com";

/// What the client connects to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
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
pub struct Overrides {
    pub endpoint: Option<String>,
    pub user: Option<String>,
    pub profile: Option<String>,
    pub sandbox: bool,
    pub allow_http: bool,
}

#[derive(Debug)]
pub struct Settings {
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
        } else if let Some(t) = env("PUBLISHER_TOKEN") {
            (
                Some(Credentials::Token(Secret::new(t))),
                Some("environment PUBLISHER_TOKEN".into()),
            )
        } else {
            let id_env = env("PUBLISHER_CLIENT_ID");
            let secret_env = env("PUBLISHER_CLIENT_SECRET");
            match (id_env, secret_env) {
                (Some(id), Some(secret)) => (
                    Some(Credentials::Client {
                        id,
                        secret: Secret::new(secret),
                    }),
                    Some("environment PUBLISHER_CLIENT_ID/PUBLISHER_CLIENT_SECRET".into()),
                ),
                (Some(_), None) | (None, Some(_)) => {
                    return Err(Failure::auth(
                        "only one of PUBLISHER_CLIENT_ID and PUBLISHER_CLIENT_SECRET is set; set both, or use PUBLISHER_TOKEN",
                    ));
                }
                (None, None) => match (&profile.client_id, &profile.client_secret) {
                    (Some(id), Some(secret)) => (
                        Some(Credentials::Client {
                            id: id.clone(),
                            secret: Secret::new(secret.clone()),
                        }),
                        Some(format!(
                            "profile '{pname}' in {}",
                            paths.config_file.display()
                        )),
                    ),
                    _ => (None, None),
                },
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

/// Accepts a host root (`https://host[:port]`); tolerates a trailing `/appstore/publisher[/v1]`
/// (the OCI cookbook's form). Plain http is only for loopback unless `allow_http`.
pub fn parse_endpoint(raw: &str, allow_http: bool) -> Result<Endpoint, Failure> {
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

pub fn is_loopback(host: &str) -> bool {
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
