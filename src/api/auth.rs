//! Bearer tokens: given as is, or fetched with client credentials and cached on disk (0600)
//! until shortly before they expire.

use std::path::PathBuf;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::error::{ApiError, extract_message};
use super::types::TokenResponse;
use crate::clock::epoch_secs;
use crate::config::{Credentials, Secret};
use crate::digest::md5_hex;

/// Refresh when less than this many seconds of validity remain.
const EXPIRY_MARGIN: u64 = 300;

/// The life assumed for a token answered without a usable `expires_in` (the cookbook shows a
/// number, but nothing documents it as required): short, so a stale token is soon dropped; a
/// 401 or 403 before then refetches it anyway.
pub const ASSUMED_LIFE: u64 = 600;

/// How hard a token fetch tries: the same `--retries` and `--timeout` as every other request.
#[derive(Debug, Clone, Copy)]
pub struct Patience {
    /// Attempts in all, 1 + `--retries` (5xx, 429 and network failures are tried again).
    pub attempts: u32,
    pub timeout: std::time::Duration,
}

pub struct TokenSource {
    creds: Option<Credentials>,
    /// Token cache file for this (endpoint, client id); None for static tokens.
    cache_file: Option<PathBuf>,
    current: Mutex<Option<Secret>>,
    /// Serializes token fetches so parallel requests do not all authenticate at once.
    fetch_lock: tokio::sync::Mutex<()>,
}

#[derive(Serialize, Deserialize)]
struct CachedToken {
    access_token: String,
    expires_at: u64,
}

impl TokenSource {
    /// `tokens_dir` None: keep fetched tokens in memory only (the embedded sandbox, whose
    /// tokens die with the process).
    pub fn new(
        creds: Option<Credentials>,
        endpoint_key: &str,
        tokens_dir: Option<PathBuf>,
    ) -> TokenSource {
        let cache_file = match (&creds, tokens_dir) {
            (Some(Credentials::Client { id, .. }), Some(dir)) => {
                let key = md5_hex(format!("{endpoint_key}\n{id}").as_bytes());
                Some(dir.join(format!("{key}.json")))
            }
            _ => None,
        };
        let current = match &creds {
            Some(Credentials::Token(t)) => Some(t.clone()),
            _ => None,
        };
        TokenSource {
            creds,
            cache_file,
            current: Mutex::new(current),
            fetch_lock: tokio::sync::Mutex::new(()),
        }
    }

    /// Only tokens we fetched ourselves can be fetched again.
    pub fn can_refetch(&self) -> bool {
        matches!(self.creds, Some(Credentials::Client { .. }))
    }

    pub fn invalidate(&self) {
        if self.can_refetch() {
            if let Ok(mut c) = self.current.lock() {
                *c = None;
            }
            if let Some(f) = &self.cache_file {
                let _ = std::fs::remove_file(f);
            }
        }
    }

    /// Seconds left on the cached token, if one is cached.
    pub fn cached_expiry(&self) -> Option<u64> {
        let f = self.cache_file.as_ref()?;
        let c: CachedToken = serde_json::from_slice(&std::fs::read(f).ok()?).ok()?;
        Some(c.expires_at.saturating_sub(epoch_secs()))
    }

    pub async fn bearer(
        &self,
        http: &reqwest::Client,
        root: &str,
        verbose: u8,
        patience: Patience,
    ) -> Result<Secret, ApiError> {
        if let Some(t) = self.current.lock().ok().and_then(|c| c.clone()) {
            return Ok(t);
        }
        let Some(Credentials::Client { id, secret }) = &self.creds else {
            return Err(ApiError::NoCredentials);
        };
        let _guard = self.fetch_lock.lock().await;
        if let Some(t) = self.current.lock().ok().and_then(|c| c.clone()) {
            return Ok(t);
        }
        if let Some(t) = self.read_cache() {
            self.remember(&t);
            return Ok(t);
        }
        let token = fetch(http, root, (id, secret), verbose, patience).await?;
        let expires_at = epoch_secs() + token.expires_in.unwrap_or(ASSUMED_LIFE);
        let t = Secret::new(token.access_token);
        if let Some(f) = &self.cache_file {
            let c = CachedToken {
                access_token: t.expose().to_string(),
                expires_at,
            };
            if let Ok(bytes) = serde_json::to_vec(&c) {
                // A token cache that cannot be written only costs a re-authentication next time.
                let _ = crate::fsutil::write_atomic(f, &bytes, true);
            }
        }
        self.remember(&t);
        Ok(t)
    }

    fn remember(&self, t: &Secret) {
        if let Ok(mut c) = self.current.lock() {
            *c = Some(t.clone());
        }
    }

    fn read_cache(&self) -> Option<Secret> {
        let f = self.cache_file.as_ref()?;
        let c: CachedToken = serde_json::from_slice(&std::fs::read(f).ok()?).ok()?;
        (c.expires_at > epoch_secs() + EXPIRY_MARGIN && !c.access_token.is_empty())
            .then(|| Secret::new(c.access_token))
    }
}

async fn fetch(
    http: &reqwest::Client,
    root: &str,
    (id, secret): (&str, &Secret),
    verbose: u8,
    patience: Patience,
) -> Result<TokenResponse, ApiError> {
    let what = "GET /authenticate".to_string();
    let mut last = String::new();
    let attempts = patience.attempts.max(1);
    for attempt in 1..=attempts {
        if verbose > 0 {
            crate::ui::trace(&format!("-> {what} (client id {id}, secret ***)"));
        }
        let res = http
            .get(format!("{root}/authenticate"))
            .basic_auth(id, Some(secret.expose()))
            .header("Cache-Control", "no-cache")
            .header("Accept", "application/json")
            .timeout(patience.timeout)
            .send()
            .await;
        match res {
            Ok(r) => {
                let status = r.status();
                let ct = r.headers().get("content-type").cloned();
                let body = r.bytes().await.unwrap_or_default();
                if verbose > 0 {
                    crate::ui::trace(&format!("<- {} {what}", status.as_u16()));
                }
                if status.is_success() {
                    let t: TokenResponse = serde_json::from_slice(&body).map_err(|e| {
                        ApiError::BadResponse(format!(
                            "{what}: the token answer is not the expected JSON ({e})"
                        ))
                    })?;
                    if t.access_token.is_empty() {
                        return Err(ApiError::BadResponse(format!("{what}: empty access_token")));
                    }
                    return Ok(t);
                }
                let msg = extract_message(&body, ct.as_ref());
                if status.as_u16() == 401 || status.as_u16() == 403 {
                    return Err(ApiError::BadCredentials(format!(
                        "{} {msg}",
                        status.as_u16()
                    )));
                }
                if !status.is_server_error() && status.as_u16() != 429 {
                    return Err(ApiError::Status {
                        status: status.as_u16(),
                        what,
                        message: msg,
                        attempts: attempt,
                    });
                }
                last = format!("{} {msg}", status.as_u16());
            }
            Err(e) => last = e.to_string(),
        }
        if attempt < attempts {
            tokio::time::sleep(super::client::backoff(attempt)).await;
        }
    }
    Err(ApiError::Network {
        what,
        reason: last,
        attempts,
    })
}
