//! The sandbox's own accept loop. Serving connections by hand (rather than `axum::serve`) lets
//! a handler kill its connection on purpose (a real dropped connection, not an HTTP error) and
//! lets each connection be rate-capped, which is what fault injection needs. All connections
//! can also share one receive budget (`--pipe-rate`), the way they share a real uplink.

use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};
use tower::ServiceExt;

/// Put in every request's extensions: `kill()` drops the connection at once.
#[derive(Clone)]
pub struct ConnKill(Arc<Notify>);

impl ConnKill {
    pub fn kill(&self) {
        self.0.notify_one();
    }
}

/// Accept connections until `shutdown` flips to true. `rate_limit` caps each connection's
/// receive rate; `pipe` is one budget all connections draw from.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    rate_limit: Option<u64>,
    pipe: Option<Arc<Pipe>>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let (stream, _) = tokio::select! {
            r = listener.accept() => match r {
                Ok(s) => s,
                Err(_) => {
                    // Out of file descriptors or similar: back off instead of spinning.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = shutdown.changed() => return,
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let pipe = pipe.clone();
        let mut shutdown = shutdown.clone();
        tokio::spawn(async move {
            let kill = Arc::new(Notify::new());
            let k = ConnKill(kill.clone());
            let service = hyper::service::service_fn(
                move |mut req: hyper::Request<hyper::body::Incoming>| {
                    req.extensions_mut().insert(k.clone());
                    app.clone().oneshot(req.map(axum::body::Body::new))
                },
            );
            let io = TokioIo::new(Throttled::new(stream, rate_limit, pipe));
            let conn = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .serve_connection(io, service);
            tokio::select! {
                _ = conn => {}
                _ = kill.notified() => {} // dropping the connection closes the socket
                _ = shutdown.changed() => {}
            }
        });
    }
}

/// A receive budget shared by every connection: a token bucket of `rate` bytes per second
/// holding at most a tenth of a second's worth.
pub struct Pipe {
    rate: u64,
    bucket: Mutex<(f64, Instant)>,
}

impl Pipe {
    pub fn new(rate: u64) -> Pipe {
        let rate = rate.max(1);
        Pipe {
            rate,
            bucket: Mutex::new(((rate / 10).max(1) as f64, Instant::now())),
        }
    }

    fn capacity(&self) -> f64 {
        (self.rate / 10).max(1) as f64
    }

    /// Take up to `want` bytes; Err(wait) when the bucket is empty.
    fn take(&self, want: usize) -> Result<usize, Duration> {
        let mut b = self.bucket.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        let refill = now.duration_since(b.1).as_secs_f64() * self.rate as f64;
        b.0 = (b.0 + refill).min(self.capacity());
        b.1 = now;
        if b.0 >= 1.0 {
            let n = (b.0 as usize).min(want).max(1);
            b.0 -= n as f64;
            return Ok(n);
        }
        // Wait until a useful slice (up to 16 KiB) has accumulated.
        let slice = self.capacity().min(16.0 * 1024.0);
        let secs = (slice - b.0) / self.rate as f64;
        Err(Duration::from_secs_f64(secs.max(0.001)))
    }

    /// Give back what was taken but not read.
    fn refund(&self, n: usize) {
        if n > 0 {
            let mut b = self.bucket.lock().unwrap_or_else(|p| p.into_inner());
            b.0 = (b.0 + n as f64).min(self.capacity());
        }
    }
}

/// A TCP stream whose reads are capped at `rate` bytes per second (token bucket, 100 ms slices)
/// and, with a pipe, by the budget all connections share.
pub struct Throttled {
    inner: TcpStream,
    rate: Option<u64>,
    budget: u64,
    pipe: Option<Arc<Pipe>>,
    sleep: Option<Pin<Box<tokio::time::Sleep>>>,
    /// The pending sleep ends a 100 ms slice of the per-connection cap (not a pipe wait).
    slice_sleep: bool,
}

impl Throttled {
    fn new(inner: TcpStream, rate: Option<u64>, pipe: Option<Arc<Pipe>>) -> Throttled {
        Throttled {
            inner,
            rate: rate.filter(|r| *r > 0),
            budget: rate.map(|r| (r / 10).max(1)).unwrap_or(0),
            pipe,
            sleep: None,
            slice_sleep: false,
        }
    }
}

impl AsyncRead for Throttled {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        if self.rate.is_none() && self.pipe.is_none() {
            return Pin::new(&mut self.inner).poll_read(cx, buf);
        }
        if buf.remaining() == 0 {
            return Poll::Ready(Ok(()));
        }
        loop {
            if let Some(s) = self.sleep.as_mut() {
                if s.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                self.sleep = None;
                if std::mem::take(&mut self.slice_sleep)
                    && let Some(rate) = self.rate
                {
                    self.budget = (rate / 10).max(1);
                }
            }
            let mut tmp = [0u8; 16 * 1024];
            let mut allowed = buf.remaining().min(tmp.len());
            if self.rate.is_some() {
                if self.budget == 0 {
                    self.sleep = Some(Box::pin(tokio::time::sleep(Duration::from_millis(100))));
                    self.slice_sleep = true;
                    continue;
                }
                allowed = allowed.min(self.budget as usize);
            }
            if let Some(pipe) = self.pipe.clone() {
                match pipe.take(allowed) {
                    Ok(n) => allowed = n,
                    Err(wait) => {
                        self.sleep = Some(Box::pin(tokio::time::sleep(wait)));
                        continue;
                    }
                }
            }
            let mut limited = ReadBuf::new(&mut tmp[..allowed]);
            let polled = Pin::new(&mut self.inner).poll_read(cx, &mut limited);
            let n = match &polled {
                Poll::Ready(Ok(())) => limited.filled().len(),
                _ => 0,
            };
            if let Some(pipe) = &self.pipe {
                pipe.refund(allowed - n);
            }
            if let Poll::Ready(Ok(())) = polled {
                buf.put_slice(limited.filled());
                if self.rate.is_some() {
                    self.budget -= n as u64;
                }
                return Poll::Ready(Ok(()));
            }
            return polled;
        }
    }
}

impl AsyncWrite for Throttled {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        b: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, b)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
