//! What the second outside attack broke (issue 18), each against the real
//! router over HTTP: answers to a retried push after the caller's role
//! changed, pushes that held the writer, and answers many times larger than
//! their request. The other rounds of the attack have tests of their own
//! (bodies, rate limits, logs, text, throttle).

mod common;

use app::sync::model::{ClientId, RecordId};
use common::{Client, Replica, TestServer};
use serde_json::{Value, json};
use server::Settings;

async fn replica(server: &TestServer, admin: &Client, name: &str, role: &str) -> Replica {
    let password = server.add_user(admin, name, role).await;
    Replica::new(server.signed_in(name, &password).await)
}

async fn set_role(admin: &Client, username: &str, role: &str) {
    let reply = admin
        .post(
            "/api/admin/users/set-role",
            json!({"username": username, "role": role}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
}

fn matter(index: usize) -> Value {
    json!({
        "subject": format!("Tố cáo cán bộ xã số {index}"), "matter_type": "denunciation",
        "received_on": "2020-03-02", "citizen_name": format!("Người tố cáo {index}"),
        "citizen_id_number": format!("0010850{index:05}"), "citizen_address": "Thôn Bản Phố",
        "citizen_phone": "0912345678"
    })
}

// 1. Every answer is cut to what the caller's role may read now.

#[tokio::test]
async fn a_retried_push_is_answered_as_the_callers_role_is_now() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let mut leader = replica(&server, &admin, "lanhdao", "office_leader").await;
    let mut tiep = replica(&server, &admin, "tiep", "reception_staff").await;

    // The office leader enters 25 denunciations with the denouncers' data.
    let ids: Vec<RecordId> = (0..25).map(|_| RecordId::new()).collect();
    let creates: Vec<Value> = ids
        .iter()
        .enumerate()
        .map(|(index, id)| leader.create("reception_matter", *id, &matter(index)))
        .collect();
    for result in leader.push_all(&creates).await {
        assert_eq!(result["result"], "applied", "{result}");
    }
    // Reception staff push an empty put on each, and a phone number over a
    // value they never saw (a conflict on a personal field).
    let mut mutations: Vec<Value> = ids
        .iter()
        .map(|id| {
            tiep.mutation(
                "reception_matter",
                *id,
                1,
                json!({"op": "put", "changes": []}),
            )
        })
        .collect();
    mutations.push(tiep.mutation(
        "reception_matter",
        ids[0],
        1,
        json!({"op": "put", "changes": [
            {"field": "citizen_phone", "old": "0900000000", "new": "0987654321"}
        ]}),
    ));
    let first = tiep.push_all(&mutations).await;
    assert_eq!(first.len(), 26);
    assert_eq!(first[25]["result"], "conflict", "{}", first[25]);
    assert_eq!(first[25]["conflicts"][0]["theirs"], "0912345678");

    for role in ["staff", "standing_committee"] {
        set_role(&admin, "tiep", role).await;
        // The same push again: every answer, retried or not, without a
        // citizen's name, number, address or phone.
        let again = tiep.push_all(&mutations).await;
        assert_eq!(again.len(), 26);
        let text = Value::Array(again.clone()).to_string();
        for secret in [
            "citizen_",
            "Người tố cáo",
            "0010850",
            "0912345678",
            "0987654321",
        ] {
            assert!(!text.contains(secret), "{role}: {secret} in {text}");
        }
        // What was a conflict only over the phone is now the record.
        assert_eq!(again[25]["result"], "applied", "{role}: {}", again[25]);
        assert_eq!(
            again[1]["record"]["fields"]["subject"], "Tố cáo cán bộ xã số 1",
            "{role}: the matter itself is still readable"
        );
    }

    // A kind the role can no longer read: nothing of it at all.
    set_role(&admin, "tiep", "staff").await;
    let members: Vec<RecordId> = (0..3).map(|_| RecordId::new()).collect();
    let party: Vec<Value> = members
        .iter()
        .enumerate()
        .map(|(index, id)| {
            tiep.create(
                "party_member",
                *id,
                &json!({"full_name": format!("Đảng viên {index}"), "active": true}),
            )
        })
        .collect();
    for result in tiep.push_all(&party).await {
        assert_eq!(result["result"], "applied", "{result}");
    }
    set_role(&admin, "tiep", "reception_staff").await;
    let again = tiep.push_all(&party).await;
    for result in &again {
        assert_eq!(result, &json!({"seq": result["seq"], "result": "withheld"}));
    }
    // Nor its kind, through an id that belongs to it.
    let probe = tiep.create("reception_matter", members[0], &matter(99));
    let reply = tiep.push(&[probe]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply.body["results"][0]["reason"],
        json!({"reason": "forbidden"})
    );
    assert!(!reply.body.to_string().contains("party"));

    // Each cut-down answer is in the security log.
    let log = admin
        .post("/api/admin/security-events", json!({"limit": 200}))
        .await;
    let withheld: Vec<&Value> = log.body["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|event| event["kind"] == "answer_withheld")
        .collect();
    assert!(!withheld.is_empty(), "{}", log.body);
    assert_eq!(withheld[0]["actor"], "tiep");
}

// 2. No push holds the writer.

#[tokio::test]
async fn made_up_fields_are_refused_before_the_writer_even_in_a_burst() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let mut lan = replica(&server, &admin, "lan", "staff").await;
    let record = RecordId::new();
    let create = lan.create(
        "council_session",
        record,
        &json!({"term": 18, "number": 11, "session_type": "regular",
                "starts_on": "2020-12-09", "ends_on": "2020-12-11", "place": "A"}),
    );
    lan.push_all(&[create]).await;
    // 64 fields no kind declares, each sure to collide: refused as malformed
    // (it was a 200 after a scan of the record's history per field).
    let base = lan.next_seq;
    let made_up = |seq: u64, id: ClientId| {
        let changes: Vec<Value> = (0..64)
            .map(|index| json!({"field": format!("f{index}"), "old": "x", "new": "y"}))
            .collect();
        json!({"mutations": [{
            "client_id": id.to_string(), "seq": seq, "kind": "council_session",
            "record_id": record.to_string(), "base_version": 1, "at": 0,
            "op": "put", "changes": changes
        }]})
    };
    let client = std::sync::Arc::new(lan.client);
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let client = client.clone();
            let body = made_up(base, lan.id);
            tokio::spawn(async move { client.post("/api/sync/push", body).await })
        })
        .collect();
    for task in tasks {
        let reply = task.await.unwrap();
        assert_eq!(reply.status, 400, "{}", reply.body);
        assert!(
            reply.body["message"]
                .as_str()
                .unwrap()
                .contains("f0 is not a field of council_session"),
            "{}",
            reply.body
        );
    }
    assert_eq!(server.client().get("/healthz").await.status(), 200);
}

#[tokio::test]
async fn a_conflict_names_who_last_set_the_field_whatever_the_history() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let mut lan = replica(&server, &admin, "lan", "staff").await;
    let mut hoa = replica(&server, &admin, "hoa", "office_leader").await;
    let record = RecordId::new();
    let create = lan.create(
        "council_session",
        record,
        &json!({"term": 18, "number": 11, "session_type": "regular",
                "starts_on": "2020-12-09", "ends_on": "2020-12-11", "place": "P0"}),
    );
    lan.push_all(&[create]).await;
    // A long history: Lan changes the agenda 400 times, then Hoà the place.
    let edits: Vec<Value> = (0..400)
        .map(|index| {
            let old = if index == 0 {
                Value::Null
            } else {
                json!(format!("Chương trình {}", index - 1))
            };
            lan.mutation(
                "council_session",
                record,
                1 + index,
                json!({"op": "put", "changes": [
                    {"field": "agenda", "old": old, "new": format!("Chương trình {index}")}
                ]}),
            )
        })
        .collect();
    lan.push_all(&edits).await;
    let place = hoa.mutation(
        "council_session",
        record,
        401,
        json!({"op": "put", "changes": [{"field": "place", "old": "P0", "new": "Hội trường"}]}),
    );
    assert_eq!(hoa.push_all(&[place]).await[0]["result"], "applied");
    // A stale edit of both fields: each conflict names its own author.
    let stale = lan.mutation(
        "council_session",
        record,
        1,
        json!({"op": "put", "changes": [
            {"field": "place", "old": "P0", "new": "Nơi khác"},
            {"field": "agenda", "old": null, "new": "Chương trình khác"}
        ]}),
    );
    let result = &lan.push_all(&[stale]).await[0];
    assert_eq!(result["result"], "conflict", "{result}");
    let by = |field: &str| {
        result["conflicts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|conflict| conflict["field"] == field)
            .map(|conflict| conflict["theirs_by"]["username"].clone())
    };
    assert_eq!(by("place"), Some(json!("hoa")));
    assert_eq!(by("agenda"), Some(json!("lan")));
}

#[tokio::test]
async fn a_push_past_the_writers_time_is_answered_in_part_and_the_rest_next_time() {
    // No time at all: every push is answered for its first mutation only.
    let server = TestServer::start_with_limits(
        Settings::default(),
        server::store::WriterLimits {
            push_time: std::time::Duration::ZERO,
            ..server::store::WriterLimits::default()
        },
    )
    .await;
    let admin = server.admin().await;
    let mut lan = replica(&server, &admin, "lan", "staff").await;
    let mutations: Vec<Value> = (0..5)
        .map(|index| {
            lan.create(
                "council_session",
                RecordId::new(),
                &json!({"term": 18, "number": index + 1, "session_type": "regular",
                        "starts_on": "2020-12-09", "ends_on": "2020-12-11", "place": "A"}),
            )
        })
        .collect();
    let reply = lan.push(&mutations).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["results"].as_array().unwrap().len(), 1);
    // The rest is answered when it comes again; nothing applies twice.
    let results = lan.push_all(&mutations).await;
    assert_eq!(results.len(), 5);
    assert!(results.iter().all(|result| result["result"] == "applied"));
    let page = lan.client.post("/api/sync/pull", json!({"since": 0})).await;
    assert_eq!(page.body["records"].as_array().unwrap().len(), 5);
    for record in page.body["records"].as_array().unwrap() {
        assert_eq!(record["version"], 1);
    }
}

// 11. Answers are not many times their request.

/// A Standing Committee meeting of about 110 KB.
fn big_meeting() -> Value {
    json!({"number": 12, "meeting_type": "regular", "held_on": "2020-12-01",
           "items": "ệ".repeat(10_000), "conclusion": "𝕂".repeat(20_000)})
}

#[tokio::test]
async fn empty_puts_and_repeated_edits_do_not_multiply_the_answer() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let mut lan = replica(&server, &admin, "lan", "staff").await;
    let record = RecordId::new();
    let create = lan.create("sc_meeting", record, &big_meeting());
    let created = lan.push_all(&[create]).await;
    assert_eq!(created[0]["result"], "applied", "{}", created[0]);
    let record_bytes = created[0]["record"].to_string().len();
    assert!(record_bytes > 100_000, "{record_bytes}");

    // 200 empty puts: before, each answer carried the whole record (22 MB
    // for a 42 KB request).
    let empty: Vec<Value> = (0..200)
        .map(|_| lan.mutation("sc_meeting", record, 1, json!({"op": "put", "changes": []})))
        .collect();
    let mut answer_bytes = 0;
    let mut answered = 0;
    while answered < empty.len() {
        let reply = lan.push(&empty[answered..]).await;
        assert_eq!(reply.status, 200);
        answer_bytes += reply.body.to_string().len();
        let results = reply.body["results"].as_array().unwrap();
        assert!(results.iter().all(|result| result["result"] == "applied"));
        answered += results.len();
    }
    assert!(
        answer_bytes < 20_000,
        "{answer_bytes} bytes for 200 empty puts"
    );

    // 100 real edits of one small field of it: the record once, with the
    // last answer.
    let edits: Vec<Value> = (0..100)
        .map(|index| {
            let old = if index == 0 {
                Value::Null
            } else {
                json!(format!("{}/TB-HĐND", index))
            };
            lan.mutation(
                "sc_meeting",
                record,
                1 + index,
                json!({"op": "put", "changes": [
                    {"field": "conclusion_number", "old": old, "new": format!("{}/TB-HĐND", index + 1)}
                ]}),
            )
        })
        .collect();
    let reply = lan.push(&edits).await;
    assert_eq!(reply.status, 200);
    let results = reply.body["results"].as_array().unwrap();
    let carried = results
        .iter()
        .filter(|result| result.get("record").is_some())
        .count();
    assert_eq!(carried, 1, "only the last answer of the record carries it");
    let last = results.last().unwrap();
    assert!(last.get("record").is_some());
    for earlier in &results[..results.len() - 1] {
        assert!(earlier["version"].as_u64().is_some(), "{earlier}");
    }
    let bytes = reply.body.to_string().len();
    assert!(bytes < record_bytes + 20_000, "{bytes} bytes");
}

#[tokio::test]
async fn an_answer_stops_at_its_size_limit_and_the_rest_comes_next() {
    let server = TestServer::start_with_limits(
        Settings::default(),
        server::store::WriterLimits {
            answer_bytes: 150_000,
            ..server::store::WriterLimits::default()
        },
    )
    .await;
    let admin = server.admin().await;
    let mut lan = replica(&server, &admin, "lan", "staff").await;
    let mutations: Vec<Value> = (0..3)
        .map(|_| lan.create("sc_meeting", RecordId::new(), &big_meeting()))
        .collect();
    let reply = lan.push(&mutations).await;
    assert_eq!(reply.status, 200);
    let first = reply.body["results"].as_array().unwrap().len();
    assert!(first < 3, "{first} answers of ~110 KB under a 150 KB limit");
    let results = lan.push_all(&mutations).await;
    assert!(results.iter().all(|result| result["result"] == "applied"));
}

// 3. Pulls hold little, however much they ask and however slowly they read.

/// The session cookie of a fresh sign-in, for raw connections.
async fn session_cookie(server: &TestServer, username: &str, password: &str) -> String {
    let reply = server.client().login(username, password).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("hdnd_session="))
        .and_then(|value| value.split(';').next())
        .expect("a session cookie")
        .to_owned()
}

/// Sends a pull on a connection that then reads (almost) nothing: its
/// receive buffer is tiny, so a large answer stays unsent.
async fn pull_and_read_nothing(server: &TestServer, cookie: &str) -> tokio::net::TcpStream {
    use tokio::io::AsyncWriteExt;
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut stream = socket.connect(server.addr).await.unwrap();
    let body = r#"{"since": 0, "limit": 1000}"#;
    let head = format!(
        "POST /api/sync/pull HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
         Cookie: {cookie}\r\nContent-Length: {}\r\n\r\n{body}",
        server.addr,
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream
}

#[tokio::test]
async fn a_pull_page_stops_at_its_size_and_slow_readers_get_no_more_than_their_share() {
    let server = TestServer::start_with(Settings {
        budgets: server::budgets::BudgetLimits {
            pulls_per_user: 1,
            ..server::budgets::BudgetLimits::default()
        },
        ..Settings::default()
    })
    .await;
    let admin = server.admin().await;
    let mut lan = replica(&server, &admin, "lan", "staff").await;
    // 60 records of ~110 KB: 6.6 MB, more than one page may hold.
    let creates: Vec<Value> = (0..60)
        .map(|_| lan.create("sc_meeting", RecordId::new(), &big_meeting()))
        .collect();
    lan.push_all(&creates).await;
    let password = server.add_user(&admin, "xem", "viewer").await;
    let viewer = server.signed_in("xem", &password).await;

    let page = viewer
        .post("/api/sync/pull", json!({"since": 0, "limit": 1000}))
        .await;
    assert_eq!(page.status, 200);
    let bytes = page.body.to_string().len();
    let records = page.body["records"].as_array().unwrap().len();
    assert!(
        bytes < server::store::MAX_PULL_BYTES + 200_000,
        "{bytes} bytes"
    );
    assert!(records < 60 && page.body["more"] == true, "{records}");
    // The rest follows from the page's cursor.
    let next = viewer
        .post(
            "/api/sync/pull",
            json!({"since": page.body["cursor"], "limit": 1000}),
        )
        .await;
    assert_eq!(records + next.body["records"].as_array().unwrap().len(), 60);

    // A pull whose answer is not read holds the viewer's one place; the
    // next is told to come back, with the real wait.
    let cookie = session_cookie(&server, "xem", &password).await;
    let stalled = pull_and_read_nothing(&server, &cookie).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let refused = viewer
        .post("/api/sync/pull", json!({"since": 0, "limit": 10}))
        .await;
    assert_eq!(refused.status, 429, "{}", refused.body);
    assert_eq!(refused.headers["retry-after"], "1");
    // Someone else still pulls.
    let other = lan
        .client
        .post("/api/sync/pull", json!({"since": 0, "limit": 1}))
        .await;
    assert_eq!(other.status, 200);
    // Once the reader is gone, its place comes back.
    drop(stalled);
    let mut status = 0;
    for _ in 0..50 {
        status = viewer
            .post("/api/sync/pull", json!({"since": 0, "limit": 1}))
            .await
            .status;
        if status == 200 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, 200);
}

// 4. Bodies: small where they should be, and one budget for all.

#[tokio::test]
async fn small_endpoints_take_small_bodies() {
    let server = TestServer::start().await;
    let client = server.client();
    let padded = format!(
        r#"{{"username": "admin", "password": "{}"}}"#,
        "x".repeat(20 * 1024)
    );
    for path in ["/api/auth/login", "/api/system/hello", "/api/auth/logout"] {
        let reply = client.post_raw(path, &padded, &[]).await;
        assert_eq!(reply.status, 413, "{path}: {}", reply.body);
        assert!(reply.body["message"].as_str().unwrap().contains("16 KiB"));
    }
    // The same without a declared length (chunked) stops at the limit too.
    {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
        let mut request = format!(
            "POST /api/auth/login HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
             Transfer-Encoding: chunked\r\n\r\n",
            server.addr
        )
        .into_bytes();
        for _ in 0..40 {
            request.extend_from_slice(b"400\r\n");
            request.extend_from_slice(&[b' '; 1024]);
            request.extend_from_slice(b"\r\n");
        }
        request.extend_from_slice(b"0\r\n\r\n");
        // The server may answer and close before taking it all.
        let _ = stream.write_all(&request).await;
        let mut answer = vec![0; 64];
        let read = stream.read(&mut answer).await.unwrap();
        let status = String::from_utf8_lossy(&answer[..read]).into_owned();
        assert!(status.starts_with("HTTP/1.1 413"), "{status}");
    }
    // A push may still be large.
    let admin = server.admin().await;
    let mut lan = replica(&server, &admin, "lan", "staff").await;
    let creates: Vec<Value> = (0..30)
        .map(|_| lan.create("sc_meeting", RecordId::new(), &big_meeting()))
        .collect();
    let reply = lan.push(&creates).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
}

#[tokio::test]
async fn bodies_in_flight_share_one_budget() {
    use tokio::io::AsyncWriteExt;
    let server = TestServer::start_with(Settings {
        budgets: server::budgets::BudgetLimits {
            body_bytes: 64 * 1024,
            ..server::budgets::BudgetLimits::default()
        },
        ..Settings::default()
    })
    .await;
    let admin = server.admin().await;
    let password = server.add_user(&admin, "lan", "staff").await;
    let cookie = session_cookie(&server, "lan", &password).await;
    // A push that sends 60 KiB of its 200 and stalls holds most of the
    // budget.
    let mut stalled = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    stalled
        .write_all(
            format!(
                "POST /api/sync/push HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
                 Cookie: {cookie}\r\nContent-Length: 204800\r\n\r\n",
                server.addr
            )
            .as_bytes(),
        )
        .await
        .unwrap();
    stalled.write_all(&vec![b' '; 60 * 1024]).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    // Another 20 KiB push waits for room instead of growing memory ...
    let lan = server.signed_in("lan", &password).await;
    let waiting = tokio::spawn(async move {
        let mutations = json!({"mutations": [], "pad": " ".repeat(20 * 1024)});
        lan.post("/api/sync/push", mutations).await.status
    });
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    assert!(!waiting.is_finished(), "the second body waits for room");
    // ... and is read once the stalled one is gone.
    drop(stalled);
    let status = tokio::time::timeout(std::time::Duration::from_secs(10), waiting)
        .await
        .expect("answered once room was made")
        .unwrap();
    assert!(status == 200 || status == 400, "{status}");
}

// 5. One account cannot fill the disk.

fn session_fields(number: usize) -> Value {
    json!({"term": 18, "number": number % 999 + 1, "session_type": "regular",
           "starts_on": "2020-12-09", "ends_on": "2020-12-11", "place": "Hội trường"})
}

#[tokio::test]
async fn an_accounts_mutations_are_rate_limited_even_in_a_burst() {
    let server = TestServer::start_with(Settings {
        rates: server::rates::RateLimits {
            mutations_burst: 20.0,
            mutations_per_second: 0.001,
            ..server::rates::RateLimits::default()
        },
        ..Settings::default()
    })
    .await;
    let admin = server.admin().await;
    let password = server.add_user(&admin, "lan", "staff").await;
    let lan = std::sync::Arc::new(server.signed_in("lan", &password).await);
    // Ten replicas of one account push five new records each, all at once.
    let tasks: Vec<_> = (0..10)
        .map(|task| {
            let lan = lan.clone();
            tokio::spawn(async move {
                let mut replica = Replica {
                    client: Client {
                        base: lan.base.clone(),
                        http: lan.http.clone(),
                    },
                    id: ClientId::new(),
                    next_seq: 1,
                };
                let mutations: Vec<Value> = (0..5)
                    .map(|index| {
                        replica.create(
                            "council_session",
                            RecordId::new(),
                            &session_fields(task * 5 + index),
                        )
                    })
                    .collect();
                let reply = replica.push(&mutations).await;
                let applied = reply.body["results"].as_array().map_or(0, |results| {
                    results
                        .iter()
                        .filter(|result| result["result"] == "applied")
                        .count()
                });
                (
                    reply.status,
                    applied,
                    reply.headers.get("retry-after").cloned(),
                )
            })
        })
        .collect();
    let mut applied = 0;
    let mut refused = 0;
    for task in tasks {
        let (status, count, retry_after) = task.await.unwrap();
        match status {
            200 => applied += count,
            429 => {
                refused += 1;
                let wait: u64 = retry_after.unwrap().to_str().unwrap().parse().unwrap();
                assert!(wait >= 1, "{wait}");
            }
            other => panic!("status {other}"),
        }
    }
    assert_eq!(applied, 20, "the burst, no more");
    assert!(refused >= 6, "{refused}");
    // Retried answers cost nothing: the records are still 20.
    let page = lan.post("/api/sync/pull", json!({"since": 0})).await;
    assert_eq!(page.body["records"].as_array().unwrap().len(), 20);
    let log = admin
        .post("/api/admin/security-events", json!({"limit": 50}))
        .await;
    assert!(
        log.body["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|event| event["kind"] == "rate_limited" && event["actor"] == "lan"),
        "the refusal is in the security log"
    );
}

#[tokio::test]
async fn writes_are_refused_before_the_disk_is_full_and_nothing_is_lost() {
    // As if the disk had less free space than the reserve.
    let server = TestServer::start_with_limits(
        Settings::default(),
        server::store::WriterLimits {
            min_free_disk: u64::MAX,
            ..server::store::WriterLimits::default()
        },
    )
    .await;
    let admin = server.admin().await;
    let mut lan = replica(&server, &admin, "lan", "staff").await;
    let create = lan.create("council_session", RecordId::new(), &session_fields(1));
    let reply = lan.push(std::slice::from_ref(&create)).await;
    assert_eq!(reply.status, 507, "{}", reply.body);
    assert_eq!(reply.body["kind"], "insufficient_storage");
    // Nothing was kept, so the same mutation goes through once there is
    // room (here: never; the sequence number is still free).
    let page = lan.client.post("/api/sync/pull", json!({"since": 0})).await;
    assert_eq!(page.body["records"], json!([]));
    // Sign-ins still work, and the refusal is in the security log.
    let log = admin
        .post("/api/admin/security-events", json!({"limit": 50}))
        .await;
    assert!(
        log.body["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|event| event["kind"] == "writes_refused")
    );
}

// 7–9. What is stored is text, links to records that exist, and plain
// numbers and dates.

/// The codes a refused answer gives per field.
fn codes(result: &Value) -> Vec<(String, String)> {
    result["reason"]["fields"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|error| {
                    (
                        error["field"].as_str().unwrap_or_default().to_owned(),
                        error["code"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn text_that_is_not_text_numbers_and_dates_out_of_range_are_refused() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let mut lan = replica(&server, &admin, "lan", "staff").await;
    let with_place = |place: &str| {
        let mut fields = session_fields(1);
        fields["place"] = json!(place);
        fields
    };
    let cases = [
        ("\u{202e}evil", "control_character"),
        ("Hội\u{0}trường", "control_character"),
        ("\u{1b}[31mđỏ", "control_character"),
        ("hai\ndòng", "control_character"),
        ("\u{200b}", "invisible"),
        ("\u{feff}\u{ad}", "invisible"),
        ("\u{301}", "invisible"),
    ];
    let mutations: Vec<Value> = cases
        .iter()
        .map(|(place, _)| lan.create("council_session", RecordId::new(), &with_place(place)))
        .collect();
    let results = lan.push_all(&mutations).await;
    for ((place, code), result) in cases.iter().zip(&results) {
        assert_eq!(result["result"], "rejected", "{place:?}");
        assert_eq!(
            codes(result),
            [("place".to_owned(), (*code).to_owned())],
            "{place:?}"
        );
    }
    // A long text takes new lines and tabs.
    let mut fields = session_fields(2);
    fields["agenda"] = json!("1. Khai mạc\n2.\tBế mạc");
    let ok = lan.create("council_session", RecordId::new(), &fields);
    assert_eq!(lan.push_all(&[ok]).await[0]["result"], "applied");

    // Decimals as written, dates within 1945–2100.
    let target = |planned: Value| json!({"year": 2020, "text": "Chỉ tiêu", "planned": planned, "source": "entered"});
    let bad_numbers = [
        (json!(10.000000001), "too_precise"),
        (json!(0.30000000000000004), "too_precise"),
        (
            serde_json::from_str::<Value>("5e-324").unwrap(),
            "too_precise",
        ),
        (json!(-0.0), "not_a_number"),
    ];
    for (planned, code) in bad_numbers {
        let mutation = lan.create("plan_target", RecordId::new(), &target(planned.clone()));
        let result = &lan.push_all(&[mutation]).await[0];
        assert_eq!(
            codes(result),
            [("planned".to_owned(), code.to_owned())],
            "{planned}: {result}"
        );
    }
    let mut ancient = session_fields(3);
    ancient["starts_on"] = json!("0000-01-01");
    let mutation = lan.create("council_session", RecordId::new(), &ancient);
    let result = &lan.push_all(&[mutation]).await[0];
    assert!(
        codes(result).contains(&("starts_on".to_owned(), "date_out_of_range".to_owned())),
        "{result}"
    );
}

#[tokio::test]
async fn a_link_names_an_existing_record_of_its_kind_in_one_form() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let mut leader = replica(&server, &admin, "lanhdao", "office_leader").await;
    let mut catalogue = Replica::new(server.admin().await);
    // A field of work (a catalogue) and a denunciation.
    let field = RecordId::new();
    let create = catalogue.create("field", field, &json!({"name": "Đất đai"}));
    assert_eq!(catalogue.push_all(&[create]).await[0]["result"], "applied");
    let matter = RecordId::new();
    let create = leader.create("reception_matter", matter, &matter_fields());
    assert_eq!(leader.push_all(&[create]).await[0]["result"], "applied");

    let resolution = |field: String| {
        json!({"number": "19/NQ-HĐND", "subject": "Nghị quyết", "adopted_on": "2020-12-11",
               "field": field})
    };
    // The matter's id in a resolution's field: refused (it showed the
    // denunciation's subject as the resolution's field).
    let mutation = leader.create(
        "resolution",
        RecordId::new(),
        &resolution(matter.to_string()),
    );
    let result = &leader.push_all(&[mutation]).await[0];
    assert_eq!(
        codes(result),
        [("field".to_owned(), "unknown_link".to_owned())]
    );
    // An id no record has: refused too.
    let mutation = leader.create(
        "resolution",
        RecordId::new(),
        &resolution(RecordId::new().to_string()),
    );
    let result = &leader.push_all(&[mutation]).await[0];
    assert_eq!(
        codes(result),
        [("field".to_owned(), "unknown_link".to_owned())]
    );
    // The field's id in capitals and without hyphens: stored as one form.
    let odd = field.to_string().to_uppercase().replace('-', "");
    let mutation = leader.create("resolution", RecordId::new(), &resolution(odd));
    let result = &leader.push_all(&[mutation]).await[0];
    assert_eq!(result["result"], "applied", "{result}");
    assert_eq!(result["record"]["fields"]["field"], field.to_string());
}

fn matter_fields() -> Value {
    json!({"subject": "Tố cáo cán bộ", "matter_type": "denunciation", "received_on": "2020-03-02"})
}

// 10. Right passwords in a burst all get in; only wrong ones make anyone wait.

#[tokio::test]
async fn a_burst_of_right_sign_ins_from_one_address_all_get_in() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let password = server.add_user(&admin, "lan", "staff").await;
    // One person with eight tabs, all at once.
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let client = server.client();
            let password = password.clone();
            tokio::spawn(async move { client.login("lan", &password).await.status })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), 200);
    }
    // Twenty-five colleagues behind one office address (more than the
    // address's limit of 20 guesses), all at once.
    let mut passwords = Vec::new();
    for index in 0..25 {
        let name = format!("nv{index}");
        let password = server.add_user(&admin, &name, "staff").await;
        passwords.push((name, password));
    }
    let tasks: Vec<_> = passwords
        .into_iter()
        .map(|(name, password)| {
            let client = server.client();
            tokio::spawn(async move { client.login(&name, &password).await.status })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), 200);
    }
    // Wrong passwords still lock the account, and the wait said is real.
    for _ in 0..5 {
        assert_eq!(
            server.client().login("lan", "sai mật khẩu").await.status,
            401
        );
    }
    let refused = server.client().login("lan", &password_of("lan")).await;
    assert_eq!(refused.status, 429);
    let wait: u64 = refused.headers["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((890..=900).contains(&wait), "{wait}");
}

fn password_of(username: &str) -> String {
    format!("{username}-mật-khẩu")
}
