//! The HTTP client: headers, authentication, retries, watchdog, bounded reads, redacted traces.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;

use super::auth::{Patience, TokenSource};
use super::body::{SourceShrank, Tap};
use super::error::{ApiError, extract_message};
use crate::config::Secret;

/// Largest response body read into memory; a bigger one is an error, not an OOM.
pub const MAX_BODY: usize = 8 * 1024 * 1024;

/// How a request body is made. Multipart forms are rebuilt for every attempt, because their
/// file streams are consumed by sending.
pub enum Payload {
    None,
    Json(serde_json::Value),
    Form(Box<dyn Fn() -> reqwest::multipart::Form + Send + Sync>),
}

pub struct Call {
    pub method: Method,
    /// Path below `/appstore/publisher/v1`, starting with `/`.
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(&'static str, String)>,
    pub payload: Payload,
    /// Counts body bytes; when set, the stall watchdog watches it instead of a total timeout.
    pub tap: Option<Arc<Tap>>,
    /// False for requests that change state and must not be repeated blindly: after a failure
    /// that may have come after the server acted (5xx, reset, timeout once the request was
    /// sent), `send` returns [`ApiError::Ambiguous`] so the caller can find out what happened.
    pub idempotent: bool,
}

impl Call {
    pub fn new(method: Method, path: impl Into<String>) -> Call {
        Call {
            method,
            path: path.into(),
            query: vec![],
            headers: vec![],
            payload: Payload::None,
            tap: None,
            idempotent: true,
        }
    }
    pub fn idempotent(mut self, yes: bool) -> Call {
        self.idempotent = yes;
        self
    }
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Call {
        self.headers.push((name, value.into()));
        self
    }
    pub fn query(mut self, name: &str, value: impl ToString) -> Call {
        self.query.push((name.to_string(), value.to_string()));
        self
    }
    pub fn json(mut self, v: serde_json::Value) -> Call {
        self.payload = Payload::Json(v);
        self
    }
    pub fn form(
        mut self,
        f: impl Fn() -> reqwest::multipart::Form + Send + Sync + 'static,
    ) -> Call {
        self.payload = Payload::Form(Box::new(f));
        self
    }
    pub fn tap(mut self, tap: Arc<Tap>) -> Call {
        self.tap = Some(tap);
        self
    }
    fn describe(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// A successful (2xx) answer.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Reply {
    pub fn is_empty(&self) -> bool {
        self.body.iter().all(|b| b.is_ascii_whitespace())
    }

    /// Like [`Reply::json`], but an empty body (some servers answer a bare 2xx) is the default.
    pub fn json_or_default<T: DeserializeOwned + Default>(
        &self,
        what: &str,
    ) -> Result<T, ApiError> {
        if self.is_empty() {
            return Ok(T::default());
        }
        self.json(what)
    }

    pub fn json<T: DeserializeOwned>(&self, what: &str) -> Result<T, ApiError> {
        if self.is_empty() {
            return Err(ApiError::BadResponse(format!(
                "{what}: the server answered {} with an empty body where JSON was expected",
                self.status.as_u16()
            )));
        }
        serde_json::from_slice(&self.body).map_err(|e| {
            ApiError::BadResponse(format!(
                "{what}: the server's answer is not the expected JSON ({e}); body starts: {}",
                extract_message(&self.body, None)
            ))
        })
    }
}

/// Retry notices, for progress and event output.
pub type RetryHook = Arc<dyn Fn(&str, u32, &str, Duration) + Send + Sync>;

pub struct ClientOptions {
    /// Attempts per request (1 + `--retries`).
    pub attempts: u32,
    pub timeout: Duration,
    pub verbose: u8,
    pub ca_bundle: Option<std::path::PathBuf>,
}

pub struct ApiClient {
    http: reqwest::Client,
    root: String,
    user: Option<String>,
    tokens: TokenSource,
    attempts: u32,
    timeout: Duration,
    /// How long an answer may take once the request is sent: longer than `timeout`, because a
    /// server may work (merge, store a chunk) before it answers.
    answer_timeout: Duration,
    verbose: u8,
    on_retry: std::sync::Mutex<Option<RetryHook>>,
}

impl ApiClient {
    /// `endpoint` is the host root; the API lives under `/appstore/publisher/v1`.
    pub fn new(
        endpoint: &str,
        user: Option<String>,
        tokens: TokenSource,
        opts: ClientOptions,
    ) -> Result<ApiClient, crate::error::Failure> {
        let http = build_http(endpoint, opts.timeout, opts.ca_bundle.as_deref())?;
        Ok(ApiClient {
            http,
            root: format!("{}/appstore/publisher/v1", endpoint.trim_end_matches('/')),
            user,
            tokens,
            attempts: opts.attempts.max(1),
            timeout: opts.timeout,
            answer_timeout: opts.timeout.saturating_mul(4),
            verbose: opts.verbose,
            on_retry: std::sync::Mutex::new(None),
        })
    }

    pub fn set_retry_hook(&self, hook: Option<RetryHook>) {
        if let Ok(mut h) = self.on_retry.lock() {
            *h = hook;
        }
    }

    /// The bearer token: cached, or fetched with this client's retries and timeout.
    pub async fn bearer(&self) -> Result<Secret, ApiError> {
        let patience = Patience {
            attempts: self.attempts,
            timeout: self.timeout,
        };
        self.tokens
            .bearer(&self.http, &self.root, self.verbose, patience)
            .await
    }

    /// Send `call`, retrying network errors, timeouts, stalls, 408, 429 and 5xx with exponential
    /// backoff and jitter; a 401 refetches the token once. Non-2xx answers become [`ApiError`].
    pub async fn send(&self, call: &Call) -> Result<Reply, ApiError> {
        let user = self.user.clone().ok_or(ApiError::NoUser)?;
        let mut attempt = 0u32;
        let mut refetched = false;
        loop {
            attempt += 1;
            let token = self.bearer().await?;
            let started = Instant::now();
            let outcome = self.attempt(call, &user, &token).await;
            let elapsed = started.elapsed();
            let (retry_reason, wait_hint) = match outcome {
                Ok((status, headers, body)) => {
                    if self.verbose > 0 {
                        crate::ui::trace(&format!(
                            "<- {} {} ({} ms, {} bytes)",
                            status.as_u16(),
                            call.describe(),
                            elapsed.as_millis(),
                            body.len()
                        ));
                        if self.verbose > 1 {
                            trace_headers("<-", &headers);
                        }
                    }
                    if status.is_success() {
                        return Ok(Reply {
                            status,
                            headers,
                            body,
                        });
                    }
                    // Some servers answer an expired token with 403: refetch once for either.
                    let auth_refused =
                        status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN;
                    if auth_refused && !refetched && self.tokens.can_refetch() {
                        refetched = true;
                        self.tokens.invalidate();
                        attempt -= 1;
                        continue;
                    }
                    // 408 and 429 say the request was not acted on; a 5xx may come after the
                    // server acted, so a state-changing call goes back to its caller.
                    let not_acted = status == StatusCode::REQUEST_TIMEOUT
                        || status == StatusCode::TOO_MANY_REQUESTS;
                    let retryable = not_acted || status.is_server_error();
                    let message = extract_message(&body, headers.get("content-type"));
                    if !call.idempotent && !not_acted && status.is_server_error() {
                        return Err(ApiError::Ambiguous {
                            what: call.describe(),
                            reason: format!("server answered {}: {message}", status.as_u16()),
                        });
                    }
                    if !retryable || attempt >= self.attempts {
                        return Err(ApiError::Status {
                            status: status.as_u16(),
                            what: call.describe(),
                            message,
                            attempts: attempt,
                        });
                    }
                    (
                        format!("{} {}", status.as_u16(), message),
                        retry_after(&headers),
                    )
                }
                Err(AttemptError::Fatal(e)) => return Err(e),
                Err(AttemptError::Transient { reason, sent }) => {
                    if sent && !call.idempotent {
                        return Err(ApiError::Ambiguous {
                            what: call.describe(),
                            reason,
                        });
                    }
                    if self.verbose > 0 {
                        crate::ui::trace(&format!(
                            "<- {} failed after {} ms: {reason}",
                            call.describe(),
                            elapsed.as_millis()
                        ));
                    }
                    if attempt >= self.attempts {
                        return Err(ApiError::Network {
                            what: call.describe(),
                            reason,
                            attempts: attempt,
                        });
                    }
                    (reason, None)
                }
            };
            let delay = wait_hint.unwrap_or_else(|| backoff(attempt));
            let hook = self.on_retry.lock().ok().and_then(|h| h.clone());
            if let Some(h) = hook {
                h(&call.describe(), attempt, &retry_reason, delay);
            }
            tokio::time::sleep(delay).await;
        }
    }

    /// One attempt: returns status, headers and a bounded body, or classifies the failure.
    async fn attempt(
        &self,
        call: &Call,
        user: &str,
        token: &Secret,
    ) -> Result<(StatusCode, HeaderMap, Bytes), AttemptError> {
        let url = format!("{}{}", self.root, call.path);
        let mut req = self
            .http
            .request(call.method.clone(), &url)
            .header("Accept", "application/json")
            .header("X-Oracle-UserId", user)
            .bearer_auth(token.expose());
        if !call.query.is_empty() {
            req = req.query(&call.query);
        }
        for (k, v) in &call.headers {
            req = req.header(*k, v);
        }
        req = match &call.payload {
            Payload::None => req,
            Payload::Json(v) => req.json(v),
            Payload::Form(make) => req.multipart(make()),
        };
        if call.tap.is_none() {
            let read_only = matches!(call.method, Method::GET | Method::HEAD);
            req = req.timeout(if read_only {
                self.timeout
            } else {
                self.answer_timeout
            });
        }
        let req = req.build().map_err(|e| {
            AttemptError::Fatal(ApiError::Local(format!("cannot build request: {e}")))
        })?;
        if self.verbose > 0 {
            crate::ui::trace(&format!("-> {}", call.describe()));
            if self.verbose > 1 {
                trace_headers("->", req.headers());
            }
        }
        let fut = async {
            let resp = self.http.execute(req).await.map_err(transient)?;
            let status = resp.status();
            let headers = resp.headers().clone();
            let limit = if status.is_success() {
                MAX_BODY
            } else {
                64 * 1024
            };
            let body = read_bounded(resp, limit).await?;
            Ok((status, headers, body))
        };
        match &call.tap {
            None => fut.await,
            Some(tap) => {
                tap.restart();
                let stall = self.timeout;
                let answer = self.answer_timeout;
                // While the body is being sent, bytes that stop moving for `timeout` mean a
                // stall; once it is all sent, the server may take `answer_timeout` to reply.
                let watchdog = async {
                    loop {
                        tokio::time::sleep(Duration::from_millis(250)).await;
                        let limit = if tap.body_sent() { answer } else { stall };
                        if tap.idle_ms() > limit.as_millis() as u64 {
                            return tap.body_sent();
                        }
                    }
                };
                tokio::select! {
                    r = fut => r,
                    waiting = watchdog => Err(AttemptError::Transient {
                        reason: if waiting {
                            format!("no answer {} s after the body was sent", answer.as_secs())
                        } else {
                            format!("stalled: no progress for {} s", stall.as_secs())
                        },
                        sent: true,
                    }),
                }
            }
        }
    }
}

enum AttemptError {
    /// Worth another attempt; `sent` is false only when the request never left this machine
    /// (the connection could not be made), so even a state-changing call may be repeated.
    Transient {
        reason: String,
        sent: bool,
    },
    Fatal(ApiError),
}

fn transient(e: reqwest::Error) -> AttemptError {
    if e.is_redirect() {
        // The policy's own message (why it refused) is the innermost cause.
        let mut why = e.to_string();
        let mut src: Option<&dyn std::error::Error> = std::error::Error::source(&e);
        while let Some(s) = src {
            why = s.to_string();
            src = s.source();
        }
        return AttemptError::Fatal(ApiError::Redirect(why));
    }
    if e.is_builder() {
        return AttemptError::Fatal(ApiError::Local(e.to_string()));
    }
    let mut msg = if e.is_timeout() {
        "timed out".to_string()
    } else if e.is_connect() {
        "connection failed".to_string()
    } else {
        "connection error".to_string()
    };
    // The innermost cause is the useful part ("connection refused", "reset by peer").
    let mut src: Option<&(dyn std::error::Error + 'static)> = std::error::Error::source(&e);
    let mut last = None;
    let mut local = false;
    while let Some(s) = src {
        last = Some(s.to_string());
        local |= SourceShrank::is(s);
        src = s.source();
    }
    if let Some(l) = last {
        msg = format!("{msg}: {l}");
    }
    // A local file that failed mid-stream is not a network problem; say so.
    if local {
        return AttemptError::Fatal(ApiError::Local(msg));
    }
    AttemptError::Transient {
        reason: msg,
        sent: !e.is_connect(),
    }
}

async fn read_bounded(mut resp: reqwest::Response, limit: usize) -> Result<Bytes, AttemptError> {
    if let Some(len) = resp.content_length()
        && len as usize > limit
    {
        return Err(AttemptError::Fatal(ApiError::BadResponse(format!(
            "response of {len} bytes exceeds the {} MiB limit; the server may be misbehaving",
            limit >> 20
        ))));
    }
    let mut buf = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(transient)? {
        if buf.len() + chunk.len() > limit {
            return Err(AttemptError::Fatal(ApiError::BadResponse(format!(
                "response body exceeds the {} MiB limit; the server may be misbehaving",
                limit >> 20
            ))));
        }
        buf.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(buf))
}

/// Exponential backoff with full jitter: 0.5 s, 1 s, 2 s, ... capped at 20 s.
pub fn backoff(attempt: u32) -> Duration {
    let cap = 500u64
        .saturating_mul(1u64 << attempt.saturating_sub(1).min(10))
        .min(20_000);
    Duration::from_millis(cap / 2 + fastrand::u64(0..=cap / 2))
}

/// `Retry-After` in seconds, capped at 5 minutes.
fn retry_after(h: &HeaderMap) -> Option<Duration> {
    let v = h
        .get("retry-after")?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()?;
    Some(Duration::from_secs(v.min(300)))
}

fn trace_headers(dir: &str, h: &HeaderMap) {
    for (k, v) in h {
        crate::ui::trace(&format!("{dir}   {}: {}", k, redact(k.as_str(), v)));
    }
}

/// Header values safe to print: credentials are replaced by their scheme.
pub fn redact(name: &str, v: &HeaderValue) -> String {
    let n = name.to_ascii_lowercase();
    if n == "authorization" || n == "proxy-authorization" || n == "cookie" || n == "set-cookie" {
        let s = v.to_str().unwrap_or("");
        let scheme = s.split_whitespace().next().unwrap_or("");
        return format!("{scheme} ***");
    }
    v.to_str().unwrap_or("<binary>").to_string()
}

/// The reqwest client: rustls with system roots (plus `--ca-bundle`), proxies from the
/// environment, no cross-host redirects (credentials must not follow them).
fn build_http(
    endpoint: &str,
    timeout: Duration,
    ca_bundle: Option<&std::path::Path>,
) -> Result<reqwest::Client, crate::error::Failure> {
    use crate::error::Failure;
    let _ = rustls::crypto::ring::default_provider().install_default();
    let origin = reqwest::Url::parse(endpoint).ok().map(|u| {
        (
            u.scheme().to_string(),
            u.host_str().map(str::to_string),
            u.port_or_known_default(),
        )
    });
    let policy = reqwest::redirect::Policy::custom(move |attempt| {
        let next = attempt.url().clone();
        let same = origin.as_ref().is_some_and(|(s, h, p)| {
            next.scheme() == s
                && next.host_str().map(str::to_string) == *h
                && next.port_or_known_default() == *p
        });
        if !same {
            attempt.error(format!(
                "the server redirected to another origin ({}); not following, so credentials stay with the endpoint",
                next.origin().ascii_serialization()
            ))
        } else if attempt.previous().len() >= 5 {
            attempt.error("too many redirects")
        } else {
            attempt.follow()
        }
    });
    let mut b = reqwest::Client::builder()
        .user_agent(concat!("publisher/", env!("CARGO_PKG_VERSION")))
        .connect_timeout(timeout.min(Duration::from_secs(30)))
        .redirect(policy)
        .pool_idle_timeout(Duration::from_secs(30));
    // A loopback endpoint (the sandbox) is never reached through HTTP(S)_PROXY.
    let loopback = reqwest::Url::parse(endpoint)
        .ok()
        .and_then(|u| u.host_str().map(crate::config::is_loopback))
        .unwrap_or(false);
    if loopback {
        b = b.no_proxy();
    }
    if let Some(path) = ca_bundle {
        let pem = std::fs::read(path).map_err(|e| {
            Failure::usage(format!("--ca-bundle {}: cannot read: {e}", path.display()))
        })?;
        let certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
            Failure::usage(format!(
                "--ca-bundle {}: not a PEM bundle: {e}",
                path.display()
            ))
        })?;
        if certs.is_empty() {
            return Err(Failure::usage(format!(
                "--ca-bundle {}: no certificates found",
                path.display()
            )));
        }
        for c in certs {
            b = b.add_root_certificate(c);
        }
    }
    b.build()
        .map_err(|e| Failure::usage(format!("cannot set up HTTP client: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        for a in 1..20 {
            let d = backoff(a);
            assert!(d <= Duration::from_secs(20));
        }
        assert!(backoff(1) <= Duration::from_millis(500));
        assert!(backoff(5) >= Duration::from_millis(4000));
    }

    #[test]
    fn redaction() {
        let v = HeaderValue::from_static("Bearer abc.def");
        assert_eq!(redact("Authorization", &v), "Bearer ***");
        assert_eq!(redact("x-file-name", &HeaderValue::from_static("a")), "a");
    }
}
