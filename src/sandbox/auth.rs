//! Authentication: `GET /authenticate` issues bearer tokens, and every other API call must carry
//! one (plus `X-Oracle-UserId`).

use std::collections::HashMap;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde_json::json;

use super::Shared;
use super::http::{error, header};

/// Issued tokens and their expiry (in memory: a restarted sandbox forgets them, as a real
/// server's token store may, which exercises the client's refetch-on-401).
#[derive(Default)]
pub struct Tokens {
    map: Mutex<HashMap<String, Instant>>,
}

impl Tokens {
    pub fn issue(&self, ttl: Duration) -> String {
        let token: String = (0..40).map(|_| fastrand::alphanumeric()).collect();
        let token = format!("sbx.{token}");
        if let Ok(mut m) = self.map.lock() {
            m.insert(token.clone(), Instant::now() + ttl);
        }
        token
    }

    pub fn valid(&self, token: &str) -> bool {
        self.map
            .lock()
            .ok()
            .and_then(|m| m.get(token).copied())
            .is_some_and(|exp| exp > Instant::now())
    }
}

/// `GET /authenticate` with `Authorization: Basic base64(id:secret)`.
pub async fn authenticate(State(s): State<Arc<Shared>>, h: HeaderMap) -> Response {
    let basic = header(&h, "authorization").and_then(|v| {
        let (scheme, rest) = v.split_once(' ')?;
        if !scheme.eq_ignore_ascii_case("basic") {
            return None;
        }
        let raw = base64::engine::general_purpose::STANDARD
            .decode(rest.trim())
            .ok()?;
        let text = String::from_utf8(raw).ok()?;
        let (id, secret) = text.split_once(':')?;
        Some((id.to_string(), secret.to_string()))
    });
    let cfg = &s.config;
    match basic {
        Some((id, secret)) if id == cfg.client_id && secret == cfg.client_secret.expose() => {
            s.stats.tokens_issued.fetch_add(1, Ordering::Relaxed);
            let token = s.tokens.issue(cfg.token_ttl);
            axum::Json(json!({
                "access_token": token,
                "expires_in": cfg.token_ttl.as_secs(),
                "oracle_tk_context": "client_assertion",
                "oracle_client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            }))
            .into_response()
        }
        Some(_) => error(
            StatusCode::UNAUTHORIZED,
            "Not Authorized: unknown client id or wrong secret",
        ),
        None => error(
            StatusCode::UNAUTHORIZED,
            "Not Authorized: send Authorization: Basic base64(clientId:secret)",
        ),
    }
}

/// Every API call but `/authenticate` needs a valid bearer token and X-Oracle-UserId.
pub async fn require_auth(State(s): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let h = req.headers();
    let bearer = header(h, "authorization").and_then(|v| {
        let (scheme, rest) = v.split_once(' ')?;
        scheme
            .eq_ignore_ascii_case("bearer")
            .then(|| rest.trim().to_string())
    });
    match bearer {
        Some(t) if s.tokens.valid(&t) => {}
        Some(_) => {
            return error(
                StatusCode::UNAUTHORIZED,
                "Not Authorized: the bearer token is invalid or expired",
            );
        }
        None => {
            return error(
                StatusCode::UNAUTHORIZED,
                "Not Authorized: missing Authorization: Bearer header",
            );
        }
    }
    if header(h, "x-oracle-userid").is_none() {
        return error(
            StatusCode::UNAUTHORIZED,
            "Not Authorized: missing X-Oracle-UserId header",
        );
    }
    next.run(req).await
}

/// The caller, as `createdBy` records it.
pub fn user(h: &HeaderMap) -> String {
    header(h, "x-oracle-userid").unwrap_or_else(|| "anonymous".into())
}
