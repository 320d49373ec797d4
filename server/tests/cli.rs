//! The `hdnd` binary as IT runs it: help, bad flags, a port in use, an
//! unusable data directory, and a graceful stop on SIGTERM.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const HDND: &str = env!("CARGO_BIN_EXE_hdnd");

fn hdnd(args: &[&str]) -> Output {
    Command::new(HDND)
        .args(args)
        .env_remove("HDND_ADDR")
        .env_remove("HDND_DATA_DIR")
        .output()
        .expect("run hdnd")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn help_lists_the_serve_command_and_its_options() {
    let output = hdnd(&["--help"]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("serve"), "{text}");
    let serve = hdnd(&["serve", "--help"]);
    let text = String::from_utf8_lossy(&serve.stdout);
    assert!(
        text.contains("--addr") && text.contains("--data-dir"),
        "{text}"
    );
    assert!(
        text.contains("127.0.0.1:3000") && text.contains("./data"),
        "{text}"
    );
}

#[test]
fn bad_flags_give_one_line_and_exit_2() {
    for args in [
        &["serve", "--bogus"][..],
        &["serve", "--addr", "nowhere"],
        &["launch"],
    ] {
        let output = hdnd(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let message = stderr(&output);
        assert_eq!(message.trim_end().lines().count(), 1, "{args:?}: {message}");
        assert!(message.starts_with("hdnd: "), "{message}");
        assert!(!message.contains("panicked"), "{message}");
    }
}

#[test]
fn a_port_in_use_is_a_one_line_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = taken.local_addr().expect("addr").to_string();
    let data = tempfile::tempdir().expect("temp dir");
    let output = hdnd(&[
        "serve",
        "--addr",
        &addr,
        "--data-dir",
        data.path().to_str().expect("utf-8 path"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    let last = message.trim_end().lines().last().unwrap_or_default();
    assert!(
        last.starts_with(&format!("hdnd: cannot listen on {addr}")),
        "{message}"
    );
    assert!(!message.contains("panicked"), "{message}");
}

#[test]
fn an_unusable_data_dir_is_a_one_line_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "x").expect("write");
    let data_dir = file.join("data");
    let output = hdnd(&[
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--data-dir",
        data_dir.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    let last = message.trim_end().lines().last().unwrap_or_default();
    assert!(
        last.starts_with("hdnd: cannot create data directory"),
        "{message}"
    );
    assert!(!message.contains("panicked"), "{message}");
}

#[test]
fn serves_then_stops_gracefully_on_sigterm() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(HDND)
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(data.path())
        .env("RUST_LOG", "info")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn hdnd");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let addr = common::announced_address(lines.by_ref());

    // It answers, and created its database under --data-dir.
    let mut stream = std::net::TcpStream::connect(&addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    use std::io::{Read, Write};
    write!(
        stream,
        "GET /healthz HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("write");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(data.path().join("hdnd.sqlite3").is_file());

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    let exit = child.wait().expect("wait");
    assert!(exit.success(), "exit status {exit}");
    let rest: Vec<String> = lines.map_while(Result::ok).collect();
    assert!(
        rest.iter().any(|line| line.contains("SIGTERM received")),
        "{rest:?}"
    );
}

/// Runs `hdnd user …` on `data_dir` with `stdin` as the typed password.
fn user_command(data_dir: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(HDND)
        .arg("user")
        .arg("--data-dir")
        .arg(data_dir)
        .args(args)
        .env_remove("HDND_DATA_DIR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run hdnd user");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write password");
    child.wait_with_output().expect("wait")
}

#[test]
fn user_commands_manage_accounts_with_one_line_errors() {
    let data = tempfile::tempdir().expect("temp dir");
    let dir = data.path();
    let added = user_command(
        dir,
        &[
            "add",
            "Lan.Tran",
            "--role",
            "reception-staff",
            "--name",
            "Trần Thị Lan",
        ],
        "mật khẩu của Lan\n",
    );
    assert!(added.status.success(), "{}", stderr(&added));
    assert_eq!(
        String::from_utf8_lossy(&added.stdout).trim(),
        "created lan.tran (reception_staff)"
    );

    let role = user_command(dir, &["set-role", "lan.tran", "viewer"], "");
    assert!(role.status.success(), "{}", stderr(&role));
    let disabled = user_command(dir, &["disable", "lan.tran"], "");
    assert!(disabled.status.success(), "{}", stderr(&disabled));
    let password = user_command(dir, &["set-password", "lan.tran"], "một mật khẩu mới\n");
    assert!(password.status.success(), "{}", stderr(&password));

    let list = user_command(dir, &["list"], "");
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(
        text.contains("lan.tran") && text.contains("viewer"),
        "{text}"
    );
    assert!(text.contains("Trần Thị Lan (disabled)"), "{text}");

    // Mistakes: one line on stderr, exit 1, nothing changed.
    for (args, input, expected) in [
        (
            &["add", "lan.tran", "--role", "staff"][..],
            "mật khẩu đủ dài\n",
            "already exists",
        ),
        (&["add", "minh", "--role", "staff"], "ngắn\n", "10–128"),
        (&["set-role", "nobody", "staff"], "", "no user"),
        (&["set-password", "nobody"], "mật khẩu đủ dài\n", "no user"),
    ] {
        let output = user_command(dir, args, input);
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let message = stderr(&output);
        assert_eq!(message.trim_end().lines().count(), 1, "{message}");
        assert!(message.contains(expected), "{args:?}: {message}");
    }
    let bad_role = user_command(dir, &["set-role", "lan.tran", "boss"], "");
    assert_eq!(bad_role.status.code(), Some(2));
}

#[test]
fn first_start_creates_admin_with_a_generated_password_printed_once() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(HDND)
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(data.path())
        .env_remove("HDND_ADMIN_PASSWORD")
        .stderr(Stdio::piped())
        .spawn()
        .expect("start hdnd");
    let stderr_pipe = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr_pipe).lines();
    let mut generated = None;
    for line in lines.by_ref() {
        let line = line.expect("log line");
        if let Some(rest) = line.split("with the password ").nth(1) {
            generated = rest.split_whitespace().next().map(str::to_owned);
        }
        if line.contains("serving on") {
            break;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let password = generated.expect("the generated password is logged");
    assert_eq!(password.chars().count(), 20);

    let list = user_command(data.path(), &["list"], "");
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(
        text.starts_with("admin ") && text.contains("admin"),
        "{text}"
    );
}

#[test]
fn audit_verify_names_the_first_entry_changed_or_removed_by_hand() {
    let data = tempfile::tempdir().expect("temp dir");
    let dir = data.path().to_str().expect("utf-8 path");
    {
        let store = server::store::Store::open(data.path(), &app::kinds::REGISTRY).expect("store");
        server::accounts::ensure_admin(&store, Some(common::ADMIN_PASSWORD)).expect("admin");
        for index in 0..5 {
            store
                .log_security_event(&app::backend::NewSecurityEvent {
                    kind: app::auth::model::SecurityEventKind::LoginFailed,
                    source: app::backend::EventSource {
                        actor: None,
                        origin: format!("10.0.0.{index}"),
                    },
                    subject: Some("admin".to_owned()),
                    detail: "wrong password".to_owned(),
                })
                .expect("log");
        }
    }
    let nowhere = data.path().join("nowhere");
    let missing = hdnd(&["audit", "verify", "--data-dir", nowhere.to_str().unwrap()]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).starts_with("hdnd: no database at "),
        "{}",
        stderr(&missing)
    );
    assert!(!nowhere.exists(), "checking created the folder");
    let intact = hdnd(&["audit", "verify", "--data-dir", dir]);
    assert!(intact.status.success(), "{}", stderr(&intact));
    let text = String::from_utf8_lossy(&intact.stdout);
    assert!(
        text.starts_with("security log intact: 6 entries; the last is #6 with hash "),
        "{text}"
    );

    // Someone with the file drops the trigger and rewrites an address.
    let tamper = |sql: &str| {
        let connection = rusqlite::Connection::open(data.path().join(server::store::DATABASE_FILE))
            .expect("open");
        connection.execute_batch(sql).expect("tamper");
    };
    tamper(
        "DROP TRIGGER security_events_no_update;
         UPDATE security_events SET origin = '10.9.9.9' WHERE id = 3;",
    );
    let changed = hdnd(&["audit", "verify", "--data-dir", dir]);
    assert_eq!(changed.status.code(), Some(1));
    let message = stderr(&changed);
    assert_eq!(message.trim_end().lines().count(), 1, "{message}");
    assert!(
        message.starts_with("hdnd: security log broken at entry #3 (login_failed, written "),
        "{message}"
    );

    // Put back, then remove an entry instead: the next one breaks.
    tamper("UPDATE security_events SET origin = '10.0.0.1' WHERE id = 3;");
    assert!(
        hdnd(&["audit", "verify", "--data-dir", dir])
            .status
            .success()
    );
    tamper(
        "DROP TRIGGER security_events_no_delete;
         DELETE FROM security_events WHERE id = 4;",
    );
    let removed = hdnd(&["audit", "verify", "--data-dir", dir]);
    assert_eq!(removed.status.code(), Some(1));
    assert!(
        stderr(&removed).contains("entry #5"),
        "{}",
        stderr(&removed)
    );
}

#[test]
fn demo_fills_an_empty_database_once_and_refuses_a_second_time_in_one_line() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    let first = Command::new(HDND)
        .args(["demo", "--data-dir", dir])
        .env("HDND_ADMIN_PASSWORD", "mật khẩu quản trị 2026")
        .output()
        .unwrap();
    assert!(first.status.success(), "{}", stderr(&first));
    let said = String::from_utf8_lossy(&first.stdout);
    assert!(said.contains("entered the demo office"), "{said}");
    assert!(said.contains("hdnd-demo-2020"), "{said}");
    assert!(said.contains("113 visit"), "{said}");

    let second = hdnd(&["demo", "--data-dir", dir]);
    assert_eq!(second.status.code(), Some(1));
    let error = stderr(&second);
    assert_eq!(error.trim().lines().count(), 1, "{error}");
    assert!(error.contains("--force"), "{error}");
}

/// `hdnd report` over the demo: the reference figures as JSON (the same as
/// the functions give over the demo year's records), part I as text, and a
/// one-line error for a bad period, a session that is not there or a data
/// directory without a database.
#[test]
fn report_prints_the_demo_years_figures_and_its_drafted_part_one() {
    let data = tempfile::tempdir().unwrap();
    let dir = data.path().to_str().unwrap();
    let entered = Command::new(HDND)
        .args(["demo", "--data-dir", dir])
        .env("HDND_ADMIN_PASSWORD", "mật khẩu quản trị 2026")
        .output()
        .unwrap();
    assert!(entered.status.success(), "{}", stderr(&entered));

    let out = data.path().join("figures.json");
    let json = hdnd(&[
        "report",
        "--data-dir",
        dir,
        "--year",
        "2020",
        "--as-of",
        "2021-01-05",
        "--format",
        "json",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(json.status.success(), "{}", stderr(&json));
    assert!(json.stdout.is_empty(), "written to --out only");
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&out).unwrap()).expect("JSON");
    assert_eq!(report["period"]["from"], "2020-01-01");
    assert_eq!(report["as_of"], "2021-01-05");
    let figures = &report["figures"];
    let part = |key: &str, code: &str| {
        figures[key]
            .as_array()
            .and_then(|parts| parts.iter().find(|part| part["key"] == code))
            .map(|part| part["value"].clone())
    };
    assert_eq!(part("sessions_by_type", "regular"), Some(2.into()));
    assert_eq!(part("sc_meetings_by_type", "regular"), Some(10.into()));
    assert_eq!(figures["opinion_matters"]["value"], 60);
    assert_eq!(
        figures["opinion_matters"]["ids"].as_array().unwrap().len(),
        60
    );
    assert_eq!(figures["supervisions"]["value"], 2);
    assert_eq!(figures["visits"]["value"], 113);
    assert_eq!(figures["reception_matters"]["value"], 25);
    assert_eq!(figures["party_members"]["value"], 35);
    assert_eq!(figures["targets_not_met"]["value"], 0);
    assert_eq!(report["previous"], serde_json::Value::Null);

    let text = hdnd(&[
        "report",
        "--data-dir",
        dir,
        "--year",
        "2020",
        "--as-of",
        "2021-01-05",
    ]);
    assert!(text.status.success(), "{}", stderr(&text));
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.starts_with("HĐND TỈNH\nVĂN PHÒNG\nSố:      /BC-VP\n"),
        "the issuer from the default office name: {text}"
    );
    assert!(
        text.contains("\nBÁO CÁO\nKết quả công tác năm 2020, phương hướng, nhiệm vụ năm 2021\n"),
        "{text}"
    );
    for expected in [
        "tổ chức thành công 02 kỳ họp thường lệ",
        "Tổ chức 10 phiên họp thường lệ",
        "60 nội dung UBND tỉnh trình",
        "Tiếp 113 lượt công dân với 25 việc",
        "lần thứ 8, nhiệm kỳ 2016 - 2021",
        "Đảng bộ có 35 đảng viên",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
    // The report to finish in Word and its tables for Excel, with the
    // office's name at the top.
    for (format, part, expected) in [
        (
            "docx",
            "word/document.xml",
            "Tiếp 113 lượt công dân với 25 việc",
        ),
        ("xlsx", "xl/workbook.xml", "Số liệu"),
    ] {
        let file = data.path().join(format!("report.{format}"));
        let made = hdnd(&[
            "report",
            "--data-dir",
            dir,
            "--year",
            "2020",
            "--office-name",
            "Văn phòng HĐND tỉnh Lào Cai",
            "--format",
            format,
            "--out",
            file.to_str().unwrap(),
        ]);
        assert!(made.status.success(), "{}", stderr(&made));
        let bytes = std::fs::read(&file).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a package");
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(part).unwrap(), &mut xml).unwrap();
        assert!(xml.contains(expected), "{format}: {expected:?} missing");
        if format == "docx" {
            assert!(xml.contains("HĐND TỈNH LÀO CAI"), "the office's name");
        }
    }

    let first_half = hdnd(&[
        "report",
        "--data-dir",
        dir,
        "--year",
        "2020",
        "--period",
        "h1",
        "--format",
        "json",
    ]);
    assert!(first_half.status.success(), "{}", stderr(&first_half));
    let first_half: serde_json::Value = serde_json::from_slice(&first_half.stdout).unwrap();
    assert_eq!(first_half["period"]["to"], "2020-06-30");
    assert!(first_half["figures"]["visits"]["value"].as_u64().unwrap() < 113);

    for (args, code, says) in [
        (
            &[
                "report",
                "--data-dir",
                dir,
                "--year",
                "2020",
                "--period",
                "q5",
            ][..],
            2,
            "q5",
        ),
        (&["report", "--data-dir", dir, "--year", "20"], 2, "20"),
        (
            &[
                "report",
                "--data-dir",
                dir,
                "--year",
                "2020",
                "--format",
                "pdf",
            ],
            2,
            "pdf",
        ),
        (
            &[
                "report",
                "--data-dir",
                dir,
                "--year",
                "2020",
                "--period",
                "session:0193a1b2-0000-7000-8000-000000000000",
            ],
            1,
            "no council session",
        ),
        (
            &[
                "report",
                "--data-dir",
                "/nonexistent/hdnd",
                "--year",
                "2020",
            ],
            1,
            "no database",
        ),
    ] {
        let output = hdnd(args);
        assert_eq!(
            output.status.code(),
            Some(code),
            "{args:?}: {}",
            stderr(&output)
        );
        let message = stderr(&output);
        assert_eq!(message.trim_end().lines().count(), 1, "{args:?}: {message}");
        assert!(
            message.starts_with("hdnd: ") && message.contains(says),
            "{message}"
        );
    }
}

/// Sends one request on a fresh connection and returns the status line.
fn raw_status(addr: &str, request: &[u8]) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    // The server may answer (and close) before taking a request it refuses.
    let _ = stream.write_all(request);
    let mut answer = [0_u8; 64];
    let read = stream.read(&mut answer).unwrap_or(0);
    String::from_utf8_lossy(&answer[..read])
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[test]
fn a_flood_of_refused_requests_writes_a_few_short_lines() {
    let data = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(HDND)
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(data.path())
        .env_remove("RUST_LOG")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn hdnd");
    let stderr = child.stderr.take().expect("stderr");
    let (addr_tx, addr_rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut lines = BufReader::new(stderr).lines();
        let addr = common::announced_address(lines.by_ref());
        addr_tx.send(addr).expect("send the address");
        // Everything written after the start.
        lines
            .map_while(Result::ok)
            .map(|line| line.len() + 1)
            .sum::<usize>()
    });
    let addr = addr_rx
        .recv_timeout(Duration::from_secs(30))
        .expect("announced");
    // A 60 KB Origin: refused as a head too large, before any handler.
    let huge = format!(
        "POST /api/system/hello HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://{}\r\n\
         Content-Length: 2\r\n\r\n{{}}",
        "x".repeat(60_000)
    );
    assert!(
        raw_status(&addr, huge.as_bytes()).starts_with("HTTP/1.1 431"),
        "a head over 32 KiB"
    );
    // 2,000 requests from another origin, each with a 20 KB Origin that
    // fits the head: refused, logged a few times, clipped.
    let request = format!(
        "POST /api/system/hello HTTP/1.1\r\nHost: {addr}\r\nOrigin: http://evil.example/{}\r\n\
         Content-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}",
        "y".repeat(20_000)
    );
    for _ in 0..2_000 {
        assert!(raw_status(&addr, request.as_bytes()).starts_with("HTTP/1.1 403"));
    }
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    child.wait().expect("wait");
    let written = reader.join().expect("reader");
    // Was 120 MB for 2,000 such requests.
    assert!(written < 20_000, "{written} bytes of log");
}
