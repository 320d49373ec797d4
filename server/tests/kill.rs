//! The server process is killed (SIGKILL) while a client pushes as fast as it
//! can, then started again on the same database, three times over. Every
//! acknowledged mutation must be there after the restart, and sending the
//! unacknowledged ones again must apply each exactly once.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use app::sync::model::{ClientId, RecordId};
use common::{ADMIN_PASSWORD, Client};
use serde_json::{Value, json};

const HDND: &str = env!("CARGO_BIN_EXE_hdnd");

/// Starts `hdnd serve` on a free port; returns the process and its address.
fn start(data_dir: &std::path::Path) -> (Child, String) {
    let mut child = Command::new(HDND)
        .args(["serve", "--addr", "127.0.0.1:0", "--data-dir"])
        .arg(data_dir)
        .env("HDND_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("RUST_LOG", "info")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn hdnd");
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let addr = common::announced_address(lines.by_ref());
    // Keep reading so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines.map_while(Result::ok) {});
    (child, addr)
}

fn client(addr: &str) -> Client {
    Client {
        base: format!("http://{addr}"),
        http: reqwest::Client::builder()
            .cookie_store(true)
            .timeout(Duration::from_secs(20))
            .build()
            .expect("client"),
    }
}

async fn sign_in(addr: &str, username: &str, password: &str) -> Client {
    let client = client(addr);
    let reply = client.login(username, password).await;
    assert_eq!(reply.status, 200, "login: {}", reply.body);
    client
}

fn create(client_id: ClientId, seq: u64, record: RecordId) -> Value {
    json!({
        "client_id": client_id.to_string(), "seq": seq, "kind": "council_session",
        "record_id": record.to_string(), "base_version": 0, "at": 1_700_000_000_000_i64,
        "op": "put", "changes": [
            {"field": "term", "old": null, "new": 18},
            {"field": "number", "old": null, "new": seq % 90 + 1},
            {"field": "session_type", "old": null, "new": "thematic"},
            {"field": "starts_on", "old": null, "new": "2020-07-14"},
            {"field": "ends_on", "old": null, "new": "2020-07-15"},
            {"field": "place", "old": null, "new": format!("Phòng họp số {seq}")}
        ]
    })
}

/// The client's outbox: mutations in order, removed when acknowledged.
struct Outbox {
    client_id: ClientId,
    next_seq: u64,
    pending: Vec<(u64, RecordId, Value)>,
    acknowledged: Vec<RecordId>,
    made: Vec<RecordId>,
}

impl Outbox {
    fn add(&mut self, count: usize) {
        for _ in 0..count {
            let record = RecordId::new();
            self.pending.push((
                self.next_seq,
                record,
                create(self.client_id, self.next_seq, record),
            ));
            self.made.push(record);
            self.next_seq += 1;
        }
    }

    /// Pushes the oldest pending mutations; `false` when the server is gone.
    async fn push(&mut self, client: &Client) -> bool {
        let batch: Vec<Value> = self
            .pending
            .iter()
            .take(10)
            .map(|(_, _, m)| m.clone())
            .collect();
        let request = client
            .http
            .post(format!("{}/api/sync/push", client.base))
            .json(&json!({ "mutations": batch }))
            .send()
            .await;
        let Ok(response) = request else { return false };
        assert_eq!(response.status(), 200);
        let Ok(body) = response.json::<Value>().await else {
            return false;
        };
        for result in body["results"].as_array().expect("results") {
            assert_eq!(result["result"], "applied", "{result}");
            let seq = result["seq"].as_u64().expect("seq");
            let index = self
                .pending
                .iter()
                .position(|(pending, _, _)| *pending == seq)
                .expect("an answer to a pending mutation");
            let (_, record, _) = self.pending.remove(index);
            self.acknowledged.push(record);
        }
        true
    }
}

async fn all_records(client: &Client) -> Vec<Value> {
    let mut records = Vec::new();
    let mut since = 0;
    loop {
        let page = client
            .post("/api/sync/pull", json!({"since": since, "limit": 1000}))
            .await;
        assert_eq!(page.status, 200, "{}", page.body);
        records.extend(
            page.body["records"]
                .as_array()
                .expect("records")
                .iter()
                .cloned(),
        );
        since = page.body["cursor"].as_u64().expect("cursor");
        if page.body["more"] == false {
            return records;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_the_server_during_pushes_loses_no_acknowledged_mutation() {
    let data = tempfile::tempdir().expect("temp dir");
    let (mut server, addr) = start(data.path());
    let admin = sign_in(&addr, "admin", ADMIN_PASSWORD).await;
    let reply = admin
        .post(
            "/api/admin/users/create",
            json!({"username": "lan", "display_name": "Trần Thị Lan", "role": "staff",
                   "password": "lan-mật-khẩu-dài"}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let mut client = sign_in(&addr, "lan", "lan-mật-khẩu-dài").await;
    let mut outbox = Outbox {
        client_id: ClientId::new(),
        next_seq: 1,
        pending: Vec::new(),
        acknowledged: Vec::new(),
        made: Vec::new(),
    };
    let mut address = addr;
    let mut committed_unanswered = 0;

    for (round, delay_ms) in [120_u64, 350, 600].into_iter().enumerate() {
        // Push continuously from a task while this one kills the server. The
        // delay counts from the round's first answer, so a slow machine (the
        // first push of a fresh debug server can take longer than the delay)
        // still kills the server in the middle of pushes, not before them.
        let (answered, mut first_answer) = tokio::sync::watch::channel(false);
        let pusher = tokio::spawn(async move {
            loop {
                if outbox.pending.len() < 20 {
                    outbox.add(10);
                }
                if !outbox.push(&client).await {
                    return (outbox, client);
                }
                answered.send_replace(true);
            }
        });
        tokio::time::timeout(Duration::from_secs(60), first_answer.wait_for(|&yes| yes))
            .await
            .unwrap_or_else(|_| panic!("round {round}: no push answered within 60 s"))
            .unwrap_or_else(|_| panic!("round {round}: the pusher stopped before an answer"));
        tokio::time::sleep(Duration::from_millis(delay_ms)).await;
        server.kill().expect("SIGKILL");
        server.wait().expect("reap");
        let (returned_outbox, _) = pusher.await.expect("pusher");
        outbox = returned_outbox;
        assert!(
            !outbox.acknowledged.is_empty(),
            "round {round}: nothing was pushed"
        );

        let (restarted, new_address) = start(data.path());
        server = restarted;
        address = new_address;
        client = sign_in(&address, "lan", "lan-mật-khẩu-dài").await;
        // Everything acknowledged before the kill is there.
        let records = all_records(&client).await;
        let ids: std::collections::BTreeSet<&str> = records
            .iter()
            .map(|record| record["id"].as_str().unwrap())
            .collect();
        for record in &outbox.acknowledged {
            assert!(
                ids.contains(record.to_string().as_str()),
                "round {round}: lost {record}"
            );
        }
        // Committed but never acknowledged (the kill hit between commit and
        // answer): the retry below must not apply these again.
        committed_unanswered += outbox
            .pending
            .iter()
            .filter(|(_, record, _)| ids.contains(record.to_string().as_str()))
            .count();
    }

    // Send what was never acknowledged: mutations that did commit answer
    // from storage, the others apply now; nothing applies twice.
    while !outbox.pending.is_empty() {
        assert!(outbox.push(&client).await, "the restarted server answers");
    }
    let records = all_records(&client).await;
    assert_eq!(records.len(), outbox.made.len(), "one record per mutation");
    for record in &records {
        assert_eq!(record["version"], 1, "applied once: {record}");
    }
    let mut made: Vec<String> = outbox.made.iter().map(RecordId::to_string).collect();
    made.sort();
    let mut stored: Vec<String> = records
        .iter()
        .map(|record| record["id"].as_str().unwrap().to_owned())
        .collect();
    stored.sort();
    assert_eq!(made, stored);
    eprintln!(
        "{} mutations over 3 kills; {committed_unanswered} committed but unanswered at a kill",
        outbox.made.len(),
    );
    let _ = address;
    server.kill().expect("stop");
    let _ = server.wait();
}
