//! A stateful emulator of the publisher API on loopback: `publisher sandbox`, and the in-process
//! server behind `--sandbox`. It checks what the real API is documented to check (credentials,
//! headers, MD5s, chunk numbers) so clients can be tested without Oracle credentials.

// Handlers return `Result<_, Response>`: an early HTTP answer is the natural error here.
#![allow(clippy::result_large_err)]

pub mod http;
pub mod images;
pub mod listings;
pub mod net;
pub mod readings;
pub mod store;

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
use http::{Faults, Stats, Tokens};
use readings::Readings;
use store::Store;

/// Everything the sandbox is started with.
#[derive(Debug, Clone)]
pub struct Config {
    pub bind: String,
    pub port: u16,
    pub data_dir: PathBuf,
    pub client_id: String,
    pub client_secret: Secret,
    pub token_ttl: Duration,
    pub processing: Duration,
    pub rate_limit: Option<u64>,
    pub faults: Faults,
    pub readings: Readings,
    pub seed: Option<u64>,
}

/// State shared by all handlers.
pub struct Shared {
    pub config: Config,
    pub store: Store,
    pub tokens: Tokens,
    pub faults: Faults,
    pub stats: Stats,
    pub rng: Mutex<fastrand::Rng>,
}

/// A running sandbox; dropping it (or calling `stop`) shuts the listener down.
pub struct Running {
    pub addr: SocketAddr,
    pub shared: Arc<Shared>,
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
        .route_layer(from_fn_with_state(shared.clone(), http::require_auth));
    let v1 = Router::new()
        .route("/authenticate", get(images::authenticate))
        .merge(api)
        .layer(from_fn_with_state(shared.clone(), listings::token_readings))
        .layer(from_fn_with_state(shared.clone(), http::faults));
    Router::new()
        .nest("/appstore/publisher/v1", v1)
        // Unauthenticated and fault-free, so tests can read what reached the server.
        .route("/sandbox/stats", get(stats))
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
        "tokensIssued": st.tokens_issued.load(Ordering::Relaxed),
    }))
}

/// Open the data dir, bind, and serve in the background of the current runtime.
pub async fn start(config: Config) -> std::io::Result<Running> {
    let store = Store::open(&config.data_dir)?;
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
    images::recover(&shared);
    let (tx, rx) = watch::channel(false);
    let app = router(shared.clone());
    let rate = shared.config.rate_limit;
    tokio::spawn(net::serve(listener, app, rate, rx));
    Ok(Running {
        addr,
        shared,
        shutdown: tx,
    })
}
