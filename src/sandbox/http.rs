//! Shared pieces of the sandbox's HTTP handling: JSON errors, faults, the link's limits.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use serde_json::json;

use super::Shared;
use super::net::ConnKill;

/// An API error as the sandbox sends it: `{"message": ..., "errorCode": ...}`.
pub fn error(status: StatusCode, message: impl Into<String>) -> Response {
    let code = status
        .canonical_reason()
        .unwrap_or("Error")
        .to_uppercase()
        .replace(' ', "_");
    (
        status,
        axum::Json(json!({"message": message.into(), "errorCode": code})),
    )
        .into_response()
}

/// The acknowledgement the API answers actions with: `{"message": ..., "entityId": "<id>"}`.
pub fn ack(status: StatusCode, message: impl Into<String>, id: u64) -> Response {
    (
        status,
        axum::Json(json!({"message": message.into(), "entityId": id.to_string()})),
    )
        .into_response()
}

pub fn bad_request(message: impl Into<String>) -> Response {
    error(StatusCode::BAD_REQUEST, message)
}

pub fn not_found(what: impl Into<String>) -> Response {
    error(
        StatusCode::NOT_FOUND,
        format!("Entity Not Found: {}", what.into()),
    )
}

pub fn header(h: &HeaderMap, name: &str) -> Option<String> {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}

/// Fault injection and misbehaviour, applied before the handler runs.
#[derive(Debug, Clone, Default)]
pub struct Faults {
    pub fail_rate: f64,
    /// Fraction of state-changing requests (POST, PUT, PATCH, DELETE) whose answer is lost
    /// *after* the handler committed: the case that turns blind retries into duplicates.
    pub commit_fault_rate: f64,
    pub commit_fault: CommitFault,
    /// Which requests the after-commit faults hit (all state-changing ones by default).
    pub commit_fault_on: CommitTarget,
    pub reset_rate: f64,
    pub stall_rate: f64,
    pub latency: Duration,
    pub misbehave: Option<Misbehave>,
    /// The first request with this method is answered 500 before the handler runs: a fault
    /// before the commit on exactly the request a test names, whatever came before it.
    pub fail_first: Option<FailMethod>,
    /// Once an answer has been lost after the commit, every GET is answered 500: the client
    /// cannot find out what the server did.
    pub fail_reads_after_lost: bool,
}

/// `--fail-first`: an HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailMethod {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl FailMethod {
    fn is(self, method: &str) -> bool {
        let name = match self {
            FailMethod::Get => "GET",
            FailMethod::Post => "POST",
            FailMethod::Put => "PUT",
            FailMethod::Patch => "PATCH",
            FailMethod::Delete => "DELETE",
        };
        name == method
    }
}

/// How an answer is lost after the commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CommitFault {
    /// 500 "System Error" although the change was made.
    #[default]
    ServerError,
    /// The connection is dropped before the answer is written.
    Reset,
    /// The answer is held back for `delay` (longer than a client's timeout), then sent.
    Delay(Duration),
}

/// `--commit-fault-on`: the requests whose answers may be lost after the commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum CommitTarget {
    /// Every state-changing request (POST, PUT, PATCH, DELETE).
    #[default]
    All,
    /// The whole-file upload (`POST /machineimages` without X-Number-Of-Chunks).
    Whole,
    /// The chunked upload's initiate call (`POST /machineimages` with X-Number-Of-Chunks).
    Initiate,
    /// `POST /machineimages/{id}/chunk`.
    Chunk,
    /// The merge (`PATCH /machineimages/{id}`).
    Merge,
}

impl CommitTarget {
    fn covers(self, method: &str, path: &str, headers: &HeaderMap) -> bool {
        let images = path.trim_end_matches('/');
        let creation = method == "POST" && images.ends_with("/machineimages");
        match self {
            CommitTarget::All => true,
            CommitTarget::Whole => creation && !headers.contains_key("x-number-of-chunks"),
            CommitTarget::Initiate => creation && headers.contains_key("x-number-of-chunks"),
            CommitTarget::Chunk => method == "POST" && images.ends_with("/chunk"),
            CommitTarget::Merge => {
                method == "PATCH"
                    && images
                        .rsplit_once("/machineimages/")
                        .is_some_and(|(_, id)| id.parse::<u64>().is_ok())
            }
        }
    }
}

/// `--misbehave MODE`: parsed by clap (the names are the flag's values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Misbehave {
    Garbage,
    Html,
    Empty,
    Huge,
    Redirect,
    Hang,
    #[value(name = "ratelimit")]
    RateLimit,
    /// Status answers report a checksum that does not match the stored image.
    #[value(name = "badsum")]
    BadChecksum,
}

/// Counters the tests read from `GET /sandbox/stats`.
#[derive(Default)]
pub struct Stats {
    pub requests: AtomicU64,
    pub chunk_bytes: AtomicU64,
    /// Image body bytes read, partial (abandoned) uploads included.
    pub received_bytes: AtomicU64,
    pub injected_failures: AtomicU64,
    /// `--fail-first` has fired.
    pub failed_first: std::sync::atomic::AtomicBool,
    /// Answers lost after the handler committed its change.
    pub injected_after_commit: AtomicU64,
    /// Successful answers the after-commit faults could have hit (spaces the hits evenly).
    pub commit_fault_candidates: AtomicU64,
    pub injected_resets: AtomicU64,
    pub injected_stalls: AtomicU64,
    pub rate_limited: AtomicU64,
    /// Requests in flight now, and those refused for `--max-concurrent`.
    pub in_flight: AtomicU64,
    pub concurrency_refused: AtomicU64,
    pub tokens_issued: AtomicU64,
}

pub async fn faults(State(s): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    s.stats.requests.fetch_add(1, Ordering::Relaxed);
    let f = &s.faults;
    if !f.latency.is_zero() {
        tokio::time::sleep(f.latency).await;
    }
    if let Some(m) = f.misbehave
        && let Some(r) = misbehave(&s, m).await
    {
        return r;
    }
    let roll = |p: f64| p > 0.0 && s.rng.lock().map(|mut r| r.f64() < p).unwrap_or(false);
    let method = req.method().as_str();
    let first_of_its_method = f.fail_first.is_some_and(|m| m.is(method))
        && !s.stats.failed_first.swap(true, Ordering::Relaxed);
    let read_after_lost = f.fail_reads_after_lost
        && method == "GET"
        && s.stats.injected_after_commit.load(Ordering::Relaxed) > 0;
    if first_of_its_method || read_after_lost || roll(f.fail_rate) {
        s.stats.injected_failures.fetch_add(1, Ordering::Relaxed);
        return error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "System Error (injected by the sandbox)",
        );
    }
    let is_chunk = req.uri().path().ends_with("/chunk");
    if roll(f.reset_rate) {
        s.stats.injected_resets.fetch_add(1, Ordering::Relaxed);
        let kill = req.extensions().get::<ConnKill>().cloned();
        // Read part of the body first, so the client sees a drop mid-upload.
        let mut body = req.into_body().into_data_stream();
        let mut read = 0usize;
        while read < 256 * 1024 {
            match body.next().await {
                Some(Ok(b)) => read += b.len(),
                _ => break,
            }
        }
        if let Some(k) = kill {
            k.kill();
        }
        return std::future::pending::<Response>().await;
    }
    if is_chunk && roll(f.stall_rate) {
        s.stats.injected_stalls.fetch_add(1, Ordering::Relaxed);
        let mut body = req.into_body().into_data_stream();
        let _ = body.next().await; // take one frame, then stop reading: the client stalls
        tokio::time::sleep(Duration::from_secs(3600)).await;
        return error(StatusCode::REQUEST_TIMEOUT, "stalled");
    }
    next.run(req).await
}

async fn misbehave(s: &Shared, m: Misbehave) -> Option<Response> {
    let r = match m {
        Misbehave::Garbage => {
            (StatusCode::OK, "{\"message\": \"OK\", \"entityId\": 12").into_response()
        }
        Misbehave::Html => Response::builder()
            .status(StatusCode::BAD_GATEWAY)
            .header("content-type", "text/html")
            .body(Body::from(
                "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
            ))
            .unwrap_or_default(),
        Misbehave::Empty => StatusCode::OK.into_response(),
        Misbehave::Huge => {
            // 64 MiB of JSON-looking bytes, streamed: the client must stop reading, not buffer it.
            let chunk = bytes::Bytes::from(vec![b' '; 1024 * 1024]);
            let stream = futures_util::stream::iter(
                (0..64).map(move |_| Ok::<_, std::io::Error>(chunk.clone())),
            );
            Response::builder()
                .status(StatusCode::OK)
                .header("content-type", "application/json")
                .body(Body::from_stream(stream))
                .unwrap_or_default()
        }
        Misbehave::Redirect => Response::builder()
            .status(StatusCode::FOUND)
            .header("location", "http://127.0.0.2:9/steal")
            .body(Body::empty())
            .unwrap_or_default(),
        Misbehave::Hang => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            return None;
        }
        Misbehave::BadChecksum => return None,
        Misbehave::RateLimit => {
            // Every other request is refused with a short Retry-After.
            let n = s.stats.rate_limited.fetch_add(1, Ordering::Relaxed);
            if n % 2 == 1 {
                return None;
            }
            Response::builder()
                .status(StatusCode::TOO_MANY_REQUESTS)
                .header("retry-after", "1")
                .body(Body::from("{\"message\":\"Too Many Requests\"}"))
                .unwrap_or_default()
        }
    };
    Some(r)
}

/// `--max-concurrent N`: a request arriving while N are in flight is refused with 429 and
/// Retry-After: 1, as a loaded server or gateway would.
pub async fn concurrency(State(s): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let Some(max) = s.config.link.max_concurrent else {
        return next.run(req).await;
    };
    struct InFlight<'a>(&'a AtomicU64);
    impl Drop for InFlight<'_> {
        fn drop(&mut self) {
            self.0.fetch_sub(1, Ordering::Relaxed);
        }
    }
    let now = s.stats.in_flight.fetch_add(1, Ordering::Relaxed) + 1;
    let _guard = InFlight(&s.stats.in_flight);
    if now > max as u64 {
        s.stats.concurrency_refused.fetch_add(1, Ordering::Relaxed);
        return Response::builder()
            .status(StatusCode::TOO_MANY_REQUESTS)
            .header("retry-after", "1")
            .header("content-type", "application/json")
            .body(Body::from(
                "{\"message\":\"Too Many Requests\",\"errorCode\":\"TOO_MANY_REQUESTS\"}",
            ))
            .unwrap_or_default();
    }
    next.run(req).await
}

/// Faults after the commit: the handler runs (and changes state), then its answer is lost.
/// Hits are spread evenly, `rate` of the targeted answers (every 1/rate-th, starting at a
/// point the seed picks), so even a short upload meets at least one.
pub async fn after_commit(State(s): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let f = &s.faults;
    let method = req.method().as_str().to_string();
    let targeted = !matches!(method.as_str(), "GET" | "HEAD" | "OPTIONS")
        && f.commit_fault_on
            .covers(&method, req.uri().path(), req.headers());
    let kill = req.extensions().get::<ConnKill>().cloned();
    let resp = next.run(req).await;
    if !targeted || f.commit_fault_rate <= 0.0 || !resp.status().is_success() {
        return resp;
    }
    let n = s
        .stats
        .commit_fault_candidates
        .fetch_add(1, Ordering::Relaxed);
    if !evenly_hit(n, f.commit_fault_rate, s.config.seed.unwrap_or(0)) {
        return resp;
    }
    s.stats
        .injected_after_commit
        .fetch_add(1, Ordering::Relaxed);
    match f.commit_fault {
        CommitFault::ServerError => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "System Error (injected by the sandbox after the change was made)",
        ),
        CommitFault::Reset => {
            if let Some(k) = kill {
                k.kill();
            }
            std::future::pending::<Response>().await
        }
        CommitFault::Delay(d) => {
            tokio::time::sleep(d).await;
            resp
        }
    }
}

/// Whether candidate `n` (0-based) is hit when `rate` of them are: the running total
/// `n * rate`, shifted by a seed-chosen phase, crosses a whole number.
fn evenly_hit(n: u64, rate: f64, seed: u64) -> bool {
    if rate >= 1.0 {
        return true;
    }
    let phase = (seed % 1000) as f64 / 1000.0;
    let at = n as f64 * rate + phase;
    (at + rate).floor() > at.floor()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_faults_hit_the_rate_evenly_and_early() {
        for seed in [0, 1, 499, 999, 1234] {
            let hits: Vec<u64> = (0..100).filter(|n| evenly_hit(*n, 0.2, seed)).collect();
            assert_eq!(hits.len(), 20, "seed {seed}: {hits:?}");
            assert!(hits[0] < 5, "seed {seed}: the first hit comes early");
        }
        assert!((0..10).all(|n| evenly_hit(n, 1.0, 3)));
    }

    #[test]
    fn commit_fault_targets_name_their_requests() {
        let none = HeaderMap::new();
        let mut chunked = HeaderMap::new();
        chunked.insert("x-number-of-chunks", "4".parse().unwrap());
        let base = "/appstore/publisher/v1/machineimages";
        assert!(CommitTarget::Whole.covers("POST", base, &none));
        assert!(!CommitTarget::Whole.covers("POST", base, &chunked));
        assert!(CommitTarget::Initiate.covers("POST", base, &chunked));
        assert!(CommitTarget::Chunk.covers("POST", &format!("{base}/7/chunk"), &none));
        assert!(!CommitTarget::Chunk.covers("POST", base, &none));
        assert!(CommitTarget::Merge.covers("PATCH", &format!("{base}/7"), &none));
        assert!(!CommitTarget::Merge.covers("PATCH", "/appstore/publisher/v1/listings/7", &none));
        assert!(CommitTarget::All.covers("DELETE", "/anything", &none));
    }
}
