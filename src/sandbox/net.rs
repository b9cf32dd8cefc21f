//! The sandbox's own accept loop. Serving connections by hand (rather than `axum::serve`) lets
//! a handler kill its connection on purpose (a real dropped connection, not an HTTP error) and
//! lets each connection be rate-capped, which is what fault injection needs.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

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

/// Accept connections until `shutdown` flips to true.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    rate_limit: Option<u64>,
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
            let io = TokioIo::new(Throttled::new(stream, rate_limit));
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

/// A TCP stream whose reads are capped at `rate` bytes per second (token bucket, 100 ms slices).
pub struct Throttled {
    inner: TcpStream,
    rate: Option<u64>,
    budget: u64,
    sleep: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Throttled {
    fn new(inner: TcpStream, rate: Option<u64>) -> Throttled {
        Throttled {
            inner,
            rate: rate.filter(|r| *r > 0),
            budget: rate.map(|r| (r / 10).max(1)).unwrap_or(0),
            sleep: None,
        }
    }
}

impl AsyncRead for Throttled {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let Some(rate) = self.rate else {
            return Pin::new(&mut self.inner).poll_read(cx, buf);
        };
        if let Some(s) = self.sleep.as_mut() {
            if s.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            self.sleep = None;
            self.budget = (rate / 10).max(1);
        }
        if self.budget == 0 {
            self.sleep = Some(Box::pin(tokio::time::sleep(Duration::from_millis(100))));
            return self.poll_read(cx, buf);
        }
        let mut tmp = [0u8; 16 * 1024];
        let allowed = (self.budget as usize).min(buf.remaining()).min(tmp.len());
        let mut limited = ReadBuf::new(&mut tmp[..allowed]);
        match Pin::new(&mut self.inner).poll_read(cx, &mut limited) {
            Poll::Ready(Ok(())) => {
                let n = limited.filled().len();
                buf.put_slice(limited.filled());
                self.budget -= n as u64;
                Poll::Ready(Ok(()))
            }
            other => other,
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
