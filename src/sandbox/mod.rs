//! A stateful emulator of the publisher API on loopback: `publisher sandbox`, and the in-process
//! server behind `--sandbox`. It checks what the real API is documented to check (credentials,
//! headers, MD5s, chunk numbers) so clients can be tested without Oracle credentials.

// Handlers return `Result<_, Response>`: an early HTTP answer is the natural error here.
#![allow(clippy::result_large_err)]

pub mod auth;
pub mod files;
pub mod http;
pub mod images;
pub mod jobs;
pub mod listings;
pub mod net;
pub mod packages;
pub mod paging;
pub mod readings;
pub mod store;
pub mod wire;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::middleware::from_fn_with_state;
use axum::routing::get;
use serde_json::json;
use tokio::sync::watch;

use crate::config::Secret;
use auth::Tokens;
use http::{Faults, Stats};
use readings::Readings;
use store::DataDir;

/// Everything the sandbox is started with.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    pub bind: String,
    pub port: u16,
    pub data_dir: PathBuf,
    pub client_id: String,
    pub client_secret: Secret,
    pub token_ttl: Duration,
    pub processing: Duration,
    pub rate_limit: Option<u64>,
    pub link: Link,
    pub faults: Faults,
    pub readings: Readings,
    pub seed: Option<u64>,
}

/// The link model, for benchmarks: what the network and server can take.
#[derive(Debug, Clone, Default)]
pub struct Link {
    /// One receive budget (bytes/s) shared by all connections.
    pub pipe_rate: Option<u64>,
    /// Requests beyond this many in flight are answered 429 with Retry-After: 1.
    pub max_concurrent: Option<usize>,
    /// Image bodies are read and thrown away: no hashing, no storage, no checkSum.
    pub discard: bool,
}

/// State shared by all handlers.
pub struct Shared {
    pub config: SandboxConfig,
    pub store: DataDir,
    pub tokens: Tokens,
    pub faults: Faults,
    pub stats: Stats,
    pub rng: Mutex<fastrand::Rng>,
}

/// A running sandbox; dropping it (or calling `stop`) shuts the listener down.
pub struct Running {
    pub addr: SocketAddr,
    shutdown: watch::Sender<bool>,
}

impl Running {
    /// Host root to give clients (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn stop(&self) {
        let _ = self.shutdown.send(true);
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop();
    }
}

pub fn router(shared: Arc<Shared>) -> Router {
    let api = Router::new()
        .merge(images::routes())
        .merge(listings::routes())
        .route_layer(from_fn_with_state(shared.clone(), http::after_commit))
        .route_layer(from_fn_with_state(shared.clone(), auth::require_auth));
    let v1 = Router::new()
        .route("/authenticate", get(auth::authenticate))
        .merge(api)
        .layer(from_fn_with_state(shared.clone(), listings::token_readings))
        .layer(from_fn_with_state(shared.clone(), http::faults))
        .layer(from_fn_with_state(shared.clone(), http::concurrency));
    Router::new()
        .nest("/appstore/publisher/v1", v1)
        // Unauthenticated and fault-free, so tests can read what reached the server.
        .route("/sandbox/stats", get(stats))
        .route("/sandbox/images", get(sandbox_images))
        .layer(DefaultBodyLimit::disable())
        .with_state(shared)
}

async fn stats(State(s): State<Arc<Shared>>) -> axum::Json<serde_json::Value> {
    let st = &s.stats;
    axum::Json(json!({
        "requests": st.requests.load(Ordering::Relaxed),
        "chunkBytes": st.chunk_bytes.load(Ordering::Relaxed),
        "receivedBytes": st.received_bytes.load(Ordering::Relaxed),
        "injectedFailures": st.injected_failures.load(Ordering::Relaxed),
        "injectedAfterCommit": st.injected_after_commit.load(Ordering::Relaxed),
        "injectedResets": st.injected_resets.load(Ordering::Relaxed),
        "injectedStalls": st.injected_stalls.load(Ordering::Relaxed),
        "rateLimited": st.rate_limited.load(Ordering::Relaxed),
        "concurrencyRefused": st.concurrency_refused.load(Ordering::Relaxed),
        "tokensIssued": st.tokens_issued.load(Ordering::Relaxed),
    }))
}

async fn sandbox_images(State(s): State<Arc<Shared>>) -> axum::Json<serde_json::Value> {
    axum::Json(s.store.read(wire::sandbox_view))
}

/// Open the data dir, bind, and serve in the background of the current runtime.
pub async fn start(config: SandboxConfig) -> std::io::Result<Running> {
    let store = DataDir::open(&config.data_dir)?;
    let listener = tokio::net::TcpListener::bind((config.bind.as_str(), config.port)).await?;
    let addr = listener.local_addr()?;
    let rng = match config.seed {
        Some(s) => fastrand::Rng::with_seed(s),
        None => fastrand::Rng::new(),
    };
    let shared = Arc::new(Shared {
        faults: config.faults.clone(),
        config,
        store,
        tokens: Tokens::default(),
        stats: Stats::default(),
        rng: Mutex::new(rng),
    });
    jobs::recover(&shared);
    let (tx, rx) = watch::channel(false);
    let app = router(shared.clone());
    let rate = shared.config.rate_limit;
    let pipe = shared
        .config
        .link
        .pipe_rate
        .map(|r| Arc::new(net::Pipe::new(r)));
    tokio::spawn(net::serve(listener, app, rate, pipe, rx));
    Ok(Running { addr, shutdown: tx })
}
