//! Connection limits (issue 9): idle and stalled connections cannot keep
//! others out. The first test runs the real binary under a 1,024 open-file
//! limit and holds 1,100 idle connections against it; the others run the
//! router in process with short timeouts.

mod common;

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{ADMIN_PASSWORD, TestServer};
use server::Settings;
use server::connections::Limits;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const HDND: &str = env!("CARGO_BIN_EXE_hdnd");

/// `GET /healthz` on a new connection, with a deadline.
async fn health(base: &str, deadline: Duration) -> Result<u16, String> {
    let client = reqwest::Client::builder()
        .timeout(deadline)
        .pool_max_idle_per_host(0)
        .build()
        .map_err(|error| error.to_string())?;
    client
        .get(format!("{base}/healthz"))
        .send()
        .await
        .map(|response| response.status().as_u16())
        .map_err(|error| error.to_string())
}

#[tokio::test]
async fn idle_connections_beyond_the_open_file_limit_do_not_shut_others_out() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut command = Command::new(HDND);
    command
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(data.path())
        .env("HDND_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("RUST_LOG", "info")
        .stderr(Stdio::piped())
        .stdout(Stdio::null());
    // SAFETY: setrlimit is async-signal-safe and touches only the child.
    unsafe {
        command.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 1024,
                rlim_max: 1024,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = command.spawn().expect("spawn hdnd");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let addr = common::announced_address(lines.by_ref());
    std::thread::spawn(move || for _ in lines.map_while(Result::ok) {});
    let base = format!("http://{addr}");
    assert_eq!(health(&base, Duration::from_secs(10)).await, Ok(200));

    // 1,100 connections that never send a byte: more than the server has
    // file descriptors for.
    let mut idle = Vec::new();
    for _ in 0..1_100 {
        idle.push(TcpStream::connect(&addr).await.expect("connect"));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let started = Instant::now();
    let answered = health(&base, Duration::from_secs(10)).await;
    let waited = started.elapsed();
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(answered, Ok(200), "after {waited:?}");
    drop(idle);
}

fn quick(limits: Limits) -> Settings {
    Settings {
        limits,
        ..Settings::default()
    }
}

/// A server with these limits, and a connection to it that has sent `bytes`.
async fn sent(limits: Limits, bytes: &[u8]) -> (TestServer, TcpStream) {
    let server = TestServer::start_with(quick(limits)).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    stream.write_all(bytes).await.unwrap();
    (server, stream)
}

fn within_a_second() -> Limits {
    Limits {
        header_timeout: Duration::from_secs(1),
        body_timeout: Duration::from_secs(1),
        ..Limits::default()
    }
}

/// Reads until the peer closes (or `deadline`); returns what came and how
/// long it took.
async fn read_to_close(stream: &mut TcpStream, deadline: Duration) -> (Vec<u8>, Duration) {
    let started = Instant::now();
    let mut received = Vec::new();
    let mut buffer = [0; 4096];
    loop {
        match tokio::time::timeout_at(
            tokio::time::Instant::from_std(started + deadline),
            stream.read(&mut buffer),
        )
        .await
        {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(read)) => received.extend_from_slice(&buffer[..read]),
            Err(_) => panic!(
                "still open after {deadline:?}; received {:?}",
                String::from_utf8_lossy(&received)
            ),
        }
    }
    (received, started.elapsed())
}

#[tokio::test]
async fn a_request_head_that_never_completes_is_cut_at_the_header_timeout() {
    let (_server, mut stream) = sent(
        within_a_second(),
        b"POST /api/system/hello HTTP/1.1\r\nHost: localhost\r\nX-Slow: ",
    )
    .await;
    let (_, took) = read_to_close(&mut stream, Duration::from_secs(5)).await;
    assert!(took >= Duration::from_millis(900), "{took:?}");
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_the_header_timeout() {
    let (_server, mut stream) = sent(
        within_a_second(),
        b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n",
    )
    .await;
    let (answer, took) = read_to_close(&mut stream, Duration::from_secs(5)).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(took >= Duration::from_millis(900), "{took:?}");
}

#[tokio::test]
async fn a_body_that_stalls_is_answered_408() {
    let (_server, mut stream) = sent(
        within_a_second(),
        b"POST /api/system/hello HTTP/1.1\r\nHost: localhost\r\n\
          Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"client\"",
    )
    .await;
    let (answer, took) = read_to_close(&mut stream, Duration::from_secs(5)).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains(r#""kind":"bad_request""#), "{answer}");
    assert!(took >= Duration::from_millis(900), "{took:?}");
}

#[tokio::test]
async fn a_full_server_closes_idle_connections_to_make_room() {
    let server = TestServer::start_with(quick(Limits {
        max_connections: 16,
        ..Limits::default()
    }))
    .await;
    let base = format!("http://{}", server.addr);
    let mut idle = Vec::new();
    for _ in 0..40 {
        idle.push(TcpStream::connect(server.addr).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(health(&base, Duration::from_secs(5)).await, Ok(200));
    // The idle ones were closed to make that room (the oldest first).
    let (_, _) = read_to_close(&mut idle[0], Duration::from_secs(5)).await;
}

#[tokio::test]
async fn a_full_server_never_cuts_a_request_in_progress() {
    let server = TestServer::start_with(quick(Limits {
        max_connections: 8,
        ..Limits::default()
    }))
    .await;
    // A request whose body is still coming when the server fills up.
    let mut slow = TcpStream::connect(server.addr).await.unwrap();
    let body = br#"{"client": {"build": "dev"}}"#;
    let head = format!(
        "POST /api/system/hello HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    slow.write_all(head.as_bytes()).await.unwrap();
    slow.write_all(&body[..5]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut idle = Vec::new();
    for _ in 0..30 {
        idle.push(TcpStream::connect(server.addr).await.unwrap());
    }
    let base = format!("http://{}", server.addr);
    assert_eq!(health(&base, Duration::from_secs(5)).await, Ok(200));
    slow.write_all(&body[5..]).await.unwrap();
    let (answer, _) = read_to_close(&mut slow, Duration::from_secs(5)).await;
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}
