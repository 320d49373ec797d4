//! Accepting connections within limits, so that a flood of idle or slow
//! connections cannot take the server away from everyone else: a cap on open
//! connections (when it is reached, idle ones are closed to make room), a
//! deadline for every request head (which is also the keep-alive idle time),
//! a send timeout, and graceful shutdown. The request-body deadline is
//! applied where bodies are read (`api::read_body`).

use std::collections::HashMap;
use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::{Notify, Semaphore, watch};
use tower::ServiceExt;

/// Limits on connections and on how long each step of a request may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Open connections at most. Lowered at start to fit the process's
    /// open-file limit.
    pub max_connections: usize,
    /// A request head must arrive within this time of the connection
    /// opening or of the previous answer on it; an idle keep-alive
    /// connection is closed after it too.
    pub header_timeout: Duration,
    /// A request body on /api must arrive in full within this time.
    pub body_timeout: Duration,
    /// A connection whose answer makes no progress for this long (the client
    /// stopped reading) is closed.
    pub send_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_connections: 1_000,
            header_timeout: Duration::from_secs(20),
            body_timeout: Duration::from_secs(30),
            send_timeout: Duration::from_secs(30),
        }
    }
}

/// The largest request head (request line and headers) read: a browser
/// sends a few KiB, cookies included.
pub const MAX_HEAD_BYTES: usize = 32 * 1024;

/// File descriptors kept for the database, its WAL and logs, beyond the
/// connections.
const RESERVED_FILES: u64 = 64;

/// How long graceful shutdown waits for open requests to finish.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);

/// Raises the soft open-file limit to the hard one and returns the
/// connection cap that fits under it.
pub fn fit_to_open_file_limit(wanted: usize) -> usize {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit/setrlimit only read and write the struct given.
    let files = unsafe {
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return wanted;
        }
        if limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: limit.rlim_max,
                rlim_max: limit.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                limit.rlim_cur = limit.rlim_max;
            }
        }
        limit.rlim_cur
    };
    let room = files.saturating_sub(RESERVED_FILES).max(1);
    usize::try_from(room).map_or(wanted, |room| wanted.min(room))
}

/// What the accept loop knows of one open connection.
struct Tracked {
    /// Requests being answered right now.
    busy: AtomicUsize,
    /// When a request last started or ended (ms since the server started).
    last_active: AtomicU64,
    /// Asks the connection to close once it is idle.
    close: Notify,
    /// Asked already (it is finishing a request head or an answer).
    closing: AtomicBool,
}

/// The open connections, to find idle ones when room is needed.
#[derive(Default)]
struct Registry {
    next_id: AtomicU64,
    open: Mutex<HashMap<u64, Arc<Tracked>>>,
}

impl Registry {
    fn open(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Arc<Tracked>>> {
        // Only bookkeeping lives here; a panic elsewhere cannot break it.
        self.open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn add(&self, now: u64) -> (u64, Arc<Tracked>) {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let tracked = Arc::new(Tracked {
            busy: AtomicUsize::new(0),
            last_active: AtomicU64::new(now),
            close: Notify::new(),
            closing: AtomicBool::new(false),
        });
        self.open().insert(id, tracked.clone());
        (id, tracked)
    }

    fn remove(&self, id: u64) {
        self.open().remove(&id);
    }

    /// Asks the `count` connections idle the longest to close. A
    /// connection between requests, or one that has sent nothing yet, closes
    /// at once; one that is mid-request finishes it first (never cut).
    fn close_idle(&self, count: usize) {
        // Longest idle first; among connections last active in the same
        // millisecond, the one accepted first (ids follow accept order).
        let mut idle: Vec<((u64, u64), Arc<Tracked>)> = self
            .open()
            .iter()
            .filter(|(_, tracked)| {
                tracked.busy.load(Ordering::Relaxed) == 0
                    && !tracked.closing.load(Ordering::Relaxed)
            })
            .map(|(id, tracked)| {
                (
                    (tracked.last_active.load(Ordering::Relaxed), *id),
                    tracked.clone(),
                )
            })
            .collect();
        idle.sort_unstable_by_key(|(order, _)| *order);
        for (_, tracked) in idle.iter().take(count) {
            tracked.closing.store(true, Ordering::Relaxed);
            tracked.close.notify_one();
        }
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets open
/// requests finish (up to 30 s).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let started = Instant::now();
    let cap = fit_to_open_file_limit(limits.max_connections.max(1));
    if cap < limits.max_connections {
        tracing::warn!(
            "at most {cap} open connections: the open-file limit is too low for {} (raise LimitNOFILE)",
            limits.max_connections
        );
    }
    let room = Arc::new(Semaphore::new(cap));
    let registry = Arc::new(Registry::default());
    let (stop, stopped) = watch::channel(false);
    let mut shutdown = pin!(shutdown);

    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                // Out of file descriptors or a connection reset before it
                // was accepted: wait a moment rather than spin.
                tracing::warn!(%error, "accepting a connection failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let permit = match room.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                // Full: close the connections idle the longest, and wait
                // for room (new connections wait in the listen backlog).
                let batch = (cap / 64).max(1);
                registry.close_idle(batch);
                let mut waiting = pin!(room.clone().acquire_owned());
                let permit = loop {
                    tokio::select! {
                        permit = &mut waiting => break permit.ok(),
                        () = tokio::time::sleep(Duration::from_millis(100)) => {
                            registry.close_idle(batch);
                        }
                        () = &mut shutdown => break None,
                    }
                };
                let Some(permit) = permit else { break };
                permit
            }
        };
        // Small JSON answers go out at once instead of waiting for Nagle.
        let _ = stream.set_nodelay(true);
        let (id, tracked) = registry.add(millis_since(started));
        let registry = registry.clone();
        let app = app.clone();
        let mut stopped = stopped.clone();
        tokio::spawn(async move {
            let service = {
                let tracked = tracked.clone();
                hyper::service::service_fn(move |request: hyper::Request<Incoming>| {
                    let app = app.clone();
                    let tracked = tracked.clone();
                    async move {
                        let _busy = Busy::start(&tracked, started);
                        let mut request = request.map(Body::new);
                        request.extensions_mut().insert(ConnectInfo(peer));
                        app.oneshot(request).await
                    }
                })
            };
            let io = TokioIo::new(SendTimeout::new(stream, limits.send_timeout));
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                // A request head (line and headers) of at most this much
                // (431 beyond); bodies stream through in pieces this size.
                .max_buf_size(MAX_HEAD_BYTES);
            let mut connection = pin!(builder.serve_connection(io, service));
            let mut closing = false;
            loop {
                tokio::select! {
                    result = connection.as_mut() => {
                        if let Err(error) = result {
                            tracing::debug!(%error, %peer, "connection ended with an error");
                        }
                        break;
                    }
                    () = tracked.close.notified(), if !closing => {
                        closing = true;
                        connection.as_mut().graceful_shutdown();
                    }
                    _ = stopped.wait_for(|stop| *stop), if !closing => {
                        closing = true;
                        connection.as_mut().graceful_shutdown();
                    }
                }
            }
            registry.remove(id);
            drop(permit);
        });
    }

    // Graceful shutdown: no new connections; idle ones close now, busy ones
    // after their answer.
    drop(listener);
    let _ = stop.send(true);
    let all = u32::try_from(cap).unwrap_or(u32::MAX);
    if tokio::time::timeout(SHUTDOWN_GRACE, room.acquire_many(all))
        .await
        .is_err()
    {
        tracing::warn!("requests still open after {SHUTDOWN_GRACE:?}; stopping anyway");
    }
}

fn millis_since(started: Instant) -> u64 {
    u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// Marks a connection busy while one of its requests is being answered.
struct Busy<'a> {
    tracked: &'a Tracked,
    started: Instant,
}

impl<'a> Busy<'a> {
    fn start(tracked: &'a Tracked, started: Instant) -> Self {
        tracked.busy.fetch_add(1, Ordering::Relaxed);
        tracked
            .last_active
            .store(millis_since(started), Ordering::Relaxed);
        Self { tracked, started }
    }
}

impl Drop for Busy<'_> {
    fn drop(&mut self) {
        self.tracked
            .last_active
            .store(millis_since(self.started), Ordering::Relaxed);
        self.tracked.busy.fetch_sub(1, Ordering::Relaxed);
    }
}

/// A TCP stream whose writes fail once they have made no progress for the
/// send timeout (a client that stops reading cannot hold a connection, and
/// the answer buffered for it, forever).
struct SendTimeout<S> {
    stream: S,
    timeout: Duration,
    stalled: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl<S> SendTimeout<S> {
    fn new(stream: S, timeout: Duration) -> Self {
        Self {
            stream,
            timeout,
            stalled: None,
        }
    }

    /// Called when a write is pending: starts the clock, or fails once it
    /// has run out.
    fn pending<T>(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Result<T>> {
        let timeout = self.timeout;
        let stalled = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
        match stalled.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the client stopped reading the answer",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for SendTimeout<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for SendTimeout<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        match Pin::new(&mut self.stream).poll_write(cx, buf) {
            Poll::Pending => self.pending(cx),
            ready => {
                self.stalled = None;
                ready
            }
        }
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        match Pin::new(&mut self.stream).poll_write_vectored(cx, bufs) {
            Poll::Pending => self.pending(cx),
            ready => {
                self.stalled = None;
                ready
            }
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match Pin::new(&mut self.stream).poll_flush(cx) {
            Poll::Pending => self.pending(cx),
            ready => {
                self.stalled = None;
                ready
            }
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test(start_paused = true)]
    async fn a_client_that_stops_reading_loses_the_connection_after_the_send_timeout() {
        let (server_side, mut client_side) = tokio::io::duplex(1024);
        let mut sending = SendTimeout::new(server_side, Duration::from_secs(30));
        // The client reads the first kilobyte, then nothing more.
        sending.write_all(&[b'x'; 1024]).await.unwrap();
        let mut first = [0; 1024];
        client_side.read_exact(&mut first).await.unwrap();
        let started = tokio::time::Instant::now();
        let error = sending.write_all(&[b'y'; 4096]).await.unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::TimedOut);
        assert!(started.elapsed() >= Duration::from_secs(30));
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_reader_that_keeps_reading_is_never_cut() {
        let (server_side, mut client_side) = tokio::io::duplex(64);
        let mut sending = SendTimeout::new(server_side, Duration::from_secs(30));
        let reader = tokio::spawn(async move {
            let mut total = 0;
            let mut buffer = [0; 64];
            while total < 4096 {
                tokio::time::sleep(Duration::from_secs(20)).await;
                total += client_side.read(&mut buffer).await.unwrap();
            }
            total
        });
        sending.write_all(&[b'z'; 4096]).await.unwrap();
        assert_eq!(reader.await.unwrap(), 4096);
    }

    #[test]
    fn idle_connections_are_asked_to_close_oldest_first_and_busy_ones_never() {
        let registry = Registry::default();
        let (_, oldest) = registry.add(1);
        let (_, busy) = registry.add(0);
        busy.busy.store(1, Ordering::Relaxed);
        let (_, newer) = registry.add(5);
        registry.close_idle(1);
        assert!(oldest.closing.load(Ordering::Relaxed));
        assert!(!newer.closing.load(Ordering::Relaxed));
        // Asked once is enough: the next round takes the next one.
        registry.close_idle(1);
        assert!(newer.closing.load(Ordering::Relaxed));
        registry.close_idle(5);
        assert!(!busy.closing.load(Ordering::Relaxed));
    }

    #[test]
    fn among_connections_idle_since_the_same_millisecond_the_first_accepted_closes_first() {
        let registry = Registry::default();
        let accepted: Vec<Arc<Tracked>> = (0..40).map(|_| registry.add(7).1).collect();
        for closed in 1..=accepted.len() {
            registry.close_idle(1);
            let closing: Vec<bool> = accepted
                .iter()
                .map(|tracked| tracked.closing.load(Ordering::Relaxed))
                .collect();
            assert!(closing[..closed].iter().all(|&yes| yes), "round {closed}");
            assert!(closing[closed..].iter().all(|&yes| !yes), "round {closed}");
        }
    }
}
