//! What an outside attack of the landed server broke (issue 9), each as a
//! test against the real router over HTTP: the password-guess throttle under
//! a burst, the security log under a flood, values stored as validated,
//! refused pushes that cost storage, oversized error messages, the pull
//! cursor, chunked bodies, the public URL, HSTS, and refusals in the log.
//! Connection limits are in `connections.rs`.

mod common;

use std::time::Duration;

use app::sync::model::{ClientId, RecordId};
use common::{ADMIN_PASSWORD, Client, TestServer, push_all};
use serde_json::{Value, json};
use server::Settings;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn events(admin: &Client) -> Vec<Value> {
    let reply = admin
        .post("/api/admin/security-events", json!({"limit": 200}))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.body["events"].as_array().expect("events").clone()
}

fn of_kind<'a>(events: &'a [Value], kind: &str) -> Vec<&'a Value> {
    events
        .iter()
        .filter(|event| event["kind"] == kind)
        .collect()
}

/// Sends all requests at once and returns their statuses.
async fn burst<F, Fut>(count: usize, request: F) -> Vec<u16>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = u16> + Send + 'static,
{
    let tasks: Vec<_> = (0..count)
        .map(|index| tokio::spawn(request(index)))
        .collect();
    let mut statuses = Vec::with_capacity(count);
    for task in tasks {
        statuses.push(task.await.expect("request task"));
    }
    statuses
}

fn count(statuses: &[u16], status: u16) -> usize {
    statuses.iter().filter(|&&s| s == status).count()
}

fn session(place: &str) -> Value {
    json!({
        "term": 18, "number": 11, "session_type": "regular",
        "starts_on": "2020-12-09", "ends_on": "2020-12-11", "place": place
    })
}

fn create(client: ClientId, seq: u64, record: RecordId, fields: &Value) -> Value {
    let changes: Vec<Value> = fields
        .as_object()
        .expect("fields")
        .iter()
        .map(|(field, value)| json!({"field": field, "old": null, "new": value}))
        .collect();
    json!({
        "client_id": client.to_string(), "seq": seq, "kind": "council_session",
        "record_id": record.to_string(), "base_version": 0, "at": 1_700_000_000_000_i64,
        "op": "put", "changes": changes
    })
}

async fn push(client: &Client, mutations: &[Value]) -> common::Reply {
    client
        .post("/api/sync/push", json!({ "mutations": mutations }))
        .await
}

// 1. The throttle counts a guess when it is admitted.

#[tokio::test]
async fn a_burst_of_wrong_passwords_gets_only_the_limit_checked() {
    let server = TestServer::start().await;
    let base = server.client().base.clone();
    let statuses = burst(30, |_| {
        let base = base.clone();
        async move {
            let client = Client {
                base,
                http: reqwest::Client::new(),
            };
            client.login("admin", "sai mật khẩu rồi").await.status
        }
    })
    .await;
    // Five guesses are checked; the other 25 are refused unchecked.
    assert_eq!(count(&statuses, 401), 5, "{statuses:?}");
    assert_eq!(count(&statuses, 429), 25, "{statuses:?}");
    // The right password is refused too while the account is locked.
    let right = server.client().login("admin", ADMIN_PASSWORD).await;
    assert_eq!(right.status, 429, "{}", right.body);
}

#[tokio::test]
async fn the_current_password_check_is_throttled_and_logged() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let password = server.add_user(&admin, "lan", "staff").await;
    let lan = std::sync::Arc::new(server.signed_in("lan", &password).await);
    let statuses = burst(12, |index| {
        let lan = lan.clone();
        async move {
            lan.post(
                "/api/auth/password",
                json!({"current_password": format!("đoán sai {index:02}"),
                       "new_password": "mật khẩu mới dài"}),
            )
            .await
            .status
        }
    })
    .await;
    assert_eq!(count(&statuses, 422), 5, "{statuses:?}");
    assert_eq!(count(&statuses, 429), 7, "{statuses:?}");
    // The right one waits too, and so does signing in to the account.
    let right = lan
        .post(
            "/api/auth/password",
            json!({"current_password": password, "new_password": "mật khẩu mới dài"}),
        )
        .await;
    assert_eq!(right.status, 429, "{}", right.body);
    assert!(right.headers.contains_key("retry-after"));
    assert_eq!(server.client().login("lan", &password).await.status, 429);

    let log = events(&admin).await;
    assert_eq!(of_kind(&log, "password_check_failed").len(), 5);
    let throttled = of_kind(&log, "password_check_throttled");
    assert_eq!(throttled.len(), 1, "one entry for the whole burst");
    assert_eq!(throttled[0]["actor"], "lan");
    assert_eq!(throttled[0]["subject"], "lan");
}

// 2. The security log under a flood.

#[tokio::test]
async fn a_flood_of_throttled_sign_ins_writes_one_entry_and_one_summary() {
    let server = TestServer::start().await;
    let client = std::sync::Arc::new(server.client());
    for _ in 0..5 {
        assert_eq!(client.login("admin", "sai mật khẩu").await.status, 401);
    }
    // A thousand refused sign-ins, a hundred at a time.
    for _ in 0..10 {
        let statuses = burst(100, |_| {
            let client = client.clone();
            async move { client.login("admin", "sai mật khẩu").await.status }
        })
        .await;
        assert_eq!(count(&statuses, 429), 100);
    }

    server::flush_security_log(&server.state, true).await;
    // `admin` is locked: read the log as a second administrator.
    let admin = server.second_admin().await;
    let log = events(&admin).await;
    let throttled = of_kind(&log, "login_throttled");
    assert_eq!(throttled.len(), 2, "{throttled:?}");
    // Newest first: the summary, then the first refusal.
    assert_eq!(throttled[0]["detail"], "repeated 999 more times");
    assert!(
        throttled[1]["detail"]
            .as_str()
            .unwrap()
            .starts_with("retry after")
    );
}

#[tokio::test]
async fn typed_names_are_stored_short_with_hidden_characters_escaped() {
    let server = TestServer::start().await;
    // A right-to-left override would show "nimda" as "admin"; a newline
    // would start a fake line.
    let name = format!("\u{202e}nimda\nadmin{}", "x".repeat(240));
    let reply = server.client().login(&name, "mật khẩu bất kỳ").await;
    assert_eq!(reply.status, 401);
    let admin = server.admin().await;
    let log = events(&admin).await;
    let failed = of_kind(&log, "login_failed");
    let subject = failed[0]["subject"].as_str().unwrap();
    assert!(
        subject.starts_with("\\u{202e}nimda\\u{000a}admin"),
        "{subject}"
    );
    assert!(!subject.contains('\u{202e}') && !subject.contains('\n'));
    assert_eq!(subject.chars().count(), 65, "64 characters and an ellipsis");
    assert!(subject.ends_with('…'));
}

// 3. What is stored is what was validated.

#[tokio::test]
async fn values_are_normalised_before_they_are_checked_and_stored() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let password = server.add_user(&admin, "lan", "staff").await;
    let lan = server.signed_in("lan", &password).await;
    let me = ClientId::new();
    let (padded, decomposed, long) = (RecordId::new(), RecordId::new(), RecordId::new());
    let mutations = [
        create(
            me,
            1,
            padded,
            &session(&format!("Hội trường{}", " ".repeat(100_000))),
        ),
        create(
            me,
            2,
            decomposed,
            &session("  Ho\u{302}\u{323}i tru\u{31b}o\u{31b}\u{300}ng\t"),
        ),
        create(
            me,
            3,
            long,
            &session(&format!("{}{}", "Đ".repeat(201), " ".repeat(50))),
        ),
    ];
    let reply = push(&lan, &mutations).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let results = reply.body["results"].as_array().unwrap();
    assert_eq!(results[0]["result"], "applied");
    assert_eq!(results[0]["record"]["fields"]["place"], "Hội trường");
    assert_eq!(results[1]["result"], "applied");
    assert_eq!(results[1]["record"]["fields"]["place"], "Hội trường");
    // 201 characters once trimmed: too long, whatever the padding.
    assert_eq!(results[2]["result"], "rejected", "{}", results[2]);
    assert_eq!(results[2]["reason"]["fields"][0]["code"], "too_long");

    // The pull carries what was stored: a few hundred bytes, not 100 KB.
    let page = lan.post("/api/sync/pull", json!({"since": 0})).await;
    let weight = page.body.to_string().len();
    assert!(weight < 4_000, "pull of two records weighs {weight} bytes");

    // A value far over any field's limit is a malformed push.
    let huge = create(
        me,
        4,
        RecordId::new(),
        &session(&format!("Hội trường{}", " ".repeat(1_500_000))),
    );
    let reply = push(&lan, &[huge]).await;
    assert_eq!(reply.status, 400, "{}", reply.body);
}

#[tokio::test]
async fn a_field_twice_or_too_many_changes_is_a_400_that_blocks_nothing() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let password = server.add_user(&admin, "lan", "staff").await;
    let lan = server.signed_in("lan", &password).await;
    let me = ClientId::new();
    let record = RecordId::new();
    let mut twice = create(me, 1, record, &session("Hội trường"));
    twice["changes"]
        .as_array_mut()
        .unwrap()
        .push(json!({"field": "place", "old": null, "new": "Nơi khác"}));
    for _ in 0..2 {
        // Retried, it is the same 400: never a 500.
        let reply = push(&lan, std::slice::from_ref(&twice)).await;
        assert_eq!(reply.status, 400, "{}", reply.body);
        assert!(
            reply.body["message"]
                .as_str()
                .unwrap()
                .contains("place is changed twice")
        );
    }
    let mut many = create(me, 1, record, &session("Hội trường"));
    let changes = many["changes"].as_array_mut().unwrap();
    for index in 0..60 {
        changes.push(json!({"field": format!("extra_{index}"), "old": null, "new": 1}));
    }
    assert_eq!(push(&lan, &[many]).await.status, 400);
    let mut odd_name = create(me, 1, record, &session("Hội trường"));
    odd_name["changes"][0]["field"] = json!("x".repeat(5_000));
    assert_eq!(push(&lan, &[odd_name]).await.status, 400);
    // Nothing of those was kept: the same sequence number goes through.
    let reply = push(&lan, &[create(me, 1, record, &session("Hội trường"))]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["results"][0]["result"], "applied");
}

#[tokio::test]
async fn the_largest_record_the_kinds_allow_fits_under_the_cap() {
    // Every text at its limit, in characters of four bytes (nothing in a
    // valid text takes more in JSON: control characters are refused), and
    // every list of links full: still under the store's cap, which thus
    // only guards against a kind declared too large.
    for spec in app::kinds::REGISTRY.all() {
        let bound: usize = spec
            .fields
            .iter()
            .map(|field| {
                field.name.len()
                    + 6
                    + match field.ty {
                        app::records::spec::FieldType::Text { max }
                        | app::records::spec::FieldType::LongText { max } => max * 4,
                        app::records::spec::FieldType::Links { max, .. } => max * 39,
                        _ => 64,
                    }
            })
            .sum();
        assert!(
            bound < server::store::MAX_RECORD_BYTES,
            "{}: {bound} bytes",
            spec.kind
        );
    }
    // And such a record is taken whole.
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let password = server.add_user(&admin, "lan", "staff").await;
    let lan = server.signed_in("lan", &password).await;
    let spec = app::kinds::REGISTRY
        .get(app::sync::model::RecordKind::new("sc_meeting"))
        .unwrap();
    let mut fields = json!({"number": 12, "meeting_type": "regular", "held_on": "2020-12-01"});
    for field in spec.fields {
        if let app::records::spec::FieldType::Text { max }
        | app::records::spec::FieldType::LongText { max } = field.ty
        {
            fields[field.name] = json!("𝕏".repeat(max));
        }
    }
    let mut mutation = create(ClientId::new(), 1, RecordId::new(), &fields);
    mutation["kind"] = json!("sc_meeting");
    let reply = push(&lan, &[mutation]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let result = &reply.body["results"][0];
    assert_eq!(
        result["result"],
        "applied",
        "{}",
        &result.to_string()[..300]
    );
}

// 4. Refused pushes cost (almost) nothing.

fn stored_answer_bytes(server: &TestServer) -> (i64, i64) {
    let connection = rusqlite::Connection::open(server.store.path()).unwrap();
    connection
        .query_row(
            "SELECT count(*), COALESCE(sum(length(digest) + length(answer)), 0) FROM sync_answers",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap()
}

#[tokio::test]
async fn refused_mutations_keep_a_digest_and_a_short_answer_only() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    // A viewer's push is refused before anything is read or stored.
    let password = server.add_user(&admin, "xem", "viewer").await;
    let viewer = server.signed_in("xem", &password).await;
    let me = ClientId::new();
    let big = |seq| {
        create(
            me,
            seq,
            RecordId::new(),
            &session(&"Hội trường ".repeat(15_000)),
        )
    };
    for seq in 1..=10 {
        let reply = push(&viewer, &[big(seq)]).await;
        assert_eq!(reply.status, 403, "{}", reply.body);
    }
    assert_eq!(stored_answer_bytes(&server), (0, 0));
    let connection = rusqlite::Connection::open(server.store.path()).unwrap();
    let clients: i64 = connection
        .query_row("SELECT count(*) FROM sync_clients", [], |row| row.get(0))
        .unwrap();
    assert_eq!(clients, 0);

    // Reception staff may push, but not sessions: ten ~200 KB mutations are
    // refused and leave a few hundred bytes.
    let password = server.add_user(&admin, "tiep", "reception_staff").await;
    let reception = server.signed_in("tiep", &password).await;
    let mutations: Vec<Value> = (1..=10).map(big).collect();
    let results = push_all(&reception, &mutations).await;
    // Kept: the answers of the last push (the client holds the earlier
    // ones), each a digest and a short answer.
    let (rows, bytes) = stored_answer_bytes(&server);
    assert!((1..=10).contains(&rows), "{rows}");
    assert!(bytes < 150 * rows, "{bytes} bytes kept for {rows} refusals");
    // A retry still gets its answer.
    let again = push(&reception, &mutations[9..]).await;
    assert_eq!(again.body["results"][0], results[9]);
    // The next push starts after them: the client has those answers, so
    // they are no longer kept, and a late repeat of one is told so.
    let next = push(&reception, &[big(11)]).await;
    assert_eq!(next.status, 200, "{}", next.body);
    assert_eq!(stored_answer_bytes(&server).0, 1);
    let late = push(&reception, &mutations[..1]).await;
    assert_eq!(late.status, 409, "{}", late.body);
}

#[tokio::test]
async fn one_user_cannot_open_replicas_without_end() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let password = server.add_user(&admin, "lan", "staff").await;
    let lan = server.signed_in("lan", &password).await;
    let max = server::store::MAX_CLIENTS_PER_USER as usize;
    for index in 0..max {
        let mutation = create(
            ClientId::new(),
            1,
            RecordId::new(),
            &session(&format!("Nơi {index}")),
        );
        assert_eq!(push(&lan, &[mutation]).await.status, 200);
    }
    let one_more = create(ClientId::new(), 1, RecordId::new(), &session("Nơi thừa"));
    let reply = push(&lan, &[one_more]).await;
    assert_eq!(reply.status, 409, "{}", reply.body);
    assert_eq!(reply.body["kind"], "conflict");
}

// 6. Error bodies stay small and typed.

#[tokio::test]
async fn a_malformed_body_that_quotes_a_huge_value_is_a_small_400() {
    let server = TestServer::start().await;
    let client = server.client();
    let body = json!({"client": "x".repeat(12_000)}).to_string();
    let reply = client.post_raw("/api/system/hello", &body, &[]).await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert_eq!(reply.body["kind"], "bad_request");
    assert!(reply.body.to_string().len() < 1_000);
    let body = format!(r#"{{"username": "{}", "password": 5}}"#, "y".repeat(12_000));
    let reply = client.post_raw("/api/auth/login", &body, &[]).await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    let path = format!("/api/{}", "z".repeat(20_000));
    let reply = client.post_raw(&path, "{}", &[]).await;
    assert_eq!(reply.status, 404);
    assert!(reply.body.to_string().len() < 1_000);
}

// 7. Smaller holes.

#[tokio::test]
async fn a_cursor_past_what_the_store_can_hold_is_a_400() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let password = server.add_user(&admin, "lan", "staff").await;
    let lan = server.signed_in("lan", &password).await;
    let me = ClientId::new();
    assert_eq!(
        push(&lan, &[create(me, 1, RecordId::new(), &session("A"))])
            .await
            .status,
        200
    );
    let wrapped = lan
        .post_raw(
            "/api/sync/pull",
            &format!(r#"{{"since": {}}}"#, 1_u64 << 63),
            &[],
        )
        .await;
    assert_eq!(wrapped.status, 400, "{}", wrapped.body);
    let last = lan.post("/api/sync/pull", json!({"since": i64::MAX})).await;
    assert_eq!(last.status, 200);
    assert_eq!(last.body["records"], json!([]));
}

/// Sends a raw HTTP/1.1 request and reads the answer's status line, giving
/// up on writing when the server stops reading.
async fn raw_status(server: &TestServer, head: &str, body: Vec<u8>) -> String {
    let stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let head = head.to_owned();
    let writing = tokio::spawn(async move {
        writer.write_all(head.as_bytes()).await?;
        writer.write_all(&body).await
    });
    let mut answer = Vec::new();
    let mut buffer = [0; 4096];
    while !answer.windows(2).any(|pair| pair == b"\r\n") {
        let read = tokio::time::timeout(Duration::from_secs(20), reader.read(&mut buffer))
            .await
            .expect("an answer within 20 s");
        // The server may reset the connection after answering, as it does
        // not read the rest of the body.
        let Ok(read) = read else { break };
        if read == 0 {
            break;
        }
        answer.extend_from_slice(&buffer[..read]);
    }
    writing.abort();
    String::from_utf8_lossy(&answer)
        .lines()
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn an_oversized_chunked_body_is_a_413() {
    let server = TestServer::start().await;
    let mut body = Vec::new();
    let chunk = vec![b'x'; 64 * 1024];
    for _ in 0..80 {
        body.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        body.extend_from_slice(&chunk);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(b"0\r\n\r\n");
    let status = raw_status(
        &server,
        "POST /api/system/hello HTTP/1.1\r\nHost: localhost\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
        body,
    )
    .await;
    assert!(status.starts_with("HTTP/1.1 413"), "{status}");
}

#[tokio::test]
async fn with_a_public_url_other_hosts_and_origins_are_refused_and_logged() {
    let server = TestServer::start_with(Settings {
        public_url: Some(server::origin::PublicOrigin::parse("https://hdnd.example.vn").unwrap()),
        ..Settings::default()
    })
    .await;
    let client = server.client();
    let hello = json!({"client": {"build": "dev"}});
    let host = |host: &'static str| [("host", host)];
    let reply = client
        .post_raw(
            "/api/system/hello",
            &hello.to_string(),
            &host("evil.example"),
        )
        .await;
    assert_eq!(reply.status, 403, "{}", reply.body);
    let shell = client
        .http
        .get(server.url("/sessions"))
        .header("host", "evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(shell.status().as_u16(), 403);
    // A forged Host no longer vouches for a foreign Origin.
    let reply = client
        .post_raw(
            "/api/system/hello",
            &hello.to_string(),
            &[
                ("host", "hdnd.example.vn"),
                ("origin", "http://hdnd.example.vn.evil.example"),
            ],
        )
        .await;
    assert_eq!(reply.status, 403);
    let reply = client
        .post_raw(
            "/api/system/hello",
            &hello.to_string(),
            &[
                ("host", "hdnd.example.vn"),
                ("origin", "https://hdnd.example.vn"),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    // Monitors call the health check by address.
    let health = client
        .http
        .get(server.url("/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status().as_u16(), 200);

    let admin = server.client();
    let login = admin
        .post_raw(
            "/api/auth/login",
            &json!({"username": "admin", "password": ADMIN_PASSWORD}).to_string(),
            &[("host", "hdnd.example.vn")],
        )
        .await;
    assert_eq!(login.status, 200, "{}", login.body);
    let log = admin
        .post_raw(
            "/api/admin/security-events",
            "{}",
            &[("host", "hdnd.example.vn")],
        )
        .await;
    let refused = log.body["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|event| event["kind"] == "cross_origin_refused")
        .count();
    // Three refusals from one address: one entry (the rest are counted).
    assert_eq!(refused, 1, "{}", log.body);
}

#[tokio::test]
async fn behind_https_browsers_are_told_to_keep_to_it() {
    let plain = TestServer::start().await;
    let response = plain.client().get("/healthz").await;
    assert!(!response.headers().contains_key("strict-transport-security"));
    let secure = TestServer::start_with(Settings {
        secure_cookies: true,
        ..Settings::default()
    })
    .await;
    let response = secure.client().get("/healthz").await;
    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=31536000"
    );
}

#[tokio::test]
async fn forbidden_calls_foreign_replicas_and_other_origins_are_logged_once_per_window() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let password = server.add_user(&admin, "xem", "viewer").await;
    let viewer = server.signed_in("xem", &password).await;
    for _ in 0..20 {
        assert_eq!(viewer.post("/api/admin/users", json!({})).await.status, 403);
    }
    let password = server.add_user(&admin, "lan", "staff").await;
    let lan = server.signed_in("lan", &password).await;
    let password = server.add_user(&admin, "binh", "staff").await;
    let binh = server.signed_in("binh", &password).await;
    let lan_replica = ClientId::new();
    let record = RecordId::new();
    assert_eq!(
        push(&lan, &[create(lan_replica, 1, record, &session("A"))])
            .await
            .status,
        200
    );
    let stolen = create(lan_replica, 2, RecordId::new(), &session("B"));
    assert_eq!(push(&binh, &[stolen]).await.status, 403);
    let cross = server
        .client()
        .post_raw(
            "/api/system/hello",
            &json!({"client": {"build": "dev"}}).to_string(),
            &[
                ("origin", "http://evil.example"),
                ("sec-fetch-site", "cross-site"),
            ],
        )
        .await;
    assert_eq!(cross.status, 403);

    server::flush_security_log(&server.state, true).await;
    let log = events(&admin).await;
    let denied = of_kind(&log, "access_denied");
    let by = |actor: &str| {
        denied
            .iter()
            .filter(|event| event["actor"] == actor)
            .map(|event| event["detail"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        by("xem"),
        ["repeated 19 more times", "call /api/admin/users"]
    );
    assert_eq!(by("binh"), ["push with another user's replica"]);
    let cross = of_kind(&log, "cross_origin_refused");
    assert_eq!(cross.len(), 1);
    assert!(
        cross[0]["detail"]
            .as_str()
            .unwrap()
            .contains("http://evil.example")
    );
}

#[tokio::test]
async fn a_push_of_a_kind_this_server_does_not_know_is_a_400() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let password = server.add_user(&admin, "lan", "staff").await;
    let lan = server.signed_in("lan", &password).await;
    let mut mutation = create(ClientId::new(), 1, RecordId::new(), &session("A"));
    mutation["kind"] = json!("secret_kind");
    let reply = push(&lan, &[mutation]).await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert_eq!(reply.body["kind"], "bad_request");
}
