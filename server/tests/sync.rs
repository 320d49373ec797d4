//! The sync endpoints over HTTP against a fresh database: creation and pull,
//! retries applied once, sequence gaps, field conflicts with their authors,
//! edit against delete, validation, role scoping and paging.

mod common;

use app::sync::model::{ClientId, RecordId};
use common::{Client, TestServer};
use serde_json::{Value, json};

fn session(place: &str) -> Value {
    json!({
        "term": 18, "number": 11, "session_type": "regular",
        "starts_on": "2020-12-09", "ends_on": "2020-12-11", "place": place
    })
}

/// A browser replica: its id and its next sequence number.
struct Replica {
    client: Client,
    id: ClientId,
    next_seq: u64,
}

impl Replica {
    fn new(client: Client) -> Self {
        Self {
            client,
            id: ClientId::new(),
            next_seq: 1,
        }
    }

    fn mutation(&mut self, record: RecordId, base_version: u64, op: Value) -> Value {
        let mut mutation = json!({
            "client_id": self.id.to_string(), "seq": self.next_seq, "kind": "council_session",
            "record_id": record.to_string(), "base_version": base_version, "at": 1_700_000_000_000_i64,
        });
        self.next_seq += 1;
        for (key, value) in op.as_object().expect("op object") {
            mutation[key] = value.clone();
        }
        mutation
    }

    fn create(&mut self, record: RecordId, place: &str) -> Value {
        let changes: Vec<Value> = session(place)
            .as_object()
            .expect("session object")
            .iter()
            .map(|(field, value)| json!({"field": field, "old": null, "new": value}))
            .collect();
        self.mutation(record, 0, json!({"op": "put", "changes": changes}))
    }

    async fn push(&self, mutations: &[Value]) -> common::Reply {
        self.client
            .post("/api/sync/push", json!({ "mutations": mutations }))
            .await
    }

    async fn push_ok(&self, mutations: &[Value]) -> Vec<Value> {
        let reply = self.push(mutations).await;
        assert_eq!(reply.status, 200, "push: {}", reply.body);
        reply.body["results"].as_array().expect("results").clone()
    }
}

async fn pull(client: &Client, since: u64, limit: Option<u32>) -> Value {
    let reply = client
        .post("/api/sync/pull", json!({"since": since, "limit": limit}))
        .await;
    assert_eq!(reply.status, 200, "pull: {}", reply.body);
    reply.body
}

async fn staff(server: &TestServer, admin: &Client, name: &str, role: &str) -> Replica {
    let password = server.add_user(admin, name, role).await;
    Replica::new(server.signed_in(name, &password).await)
}

#[tokio::test]
async fn a_created_record_is_pulled_with_its_author_and_a_retry_applies_nothing() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let mut lan = staff(&server, &admin, "lan", "staff").await;
    let record = RecordId::new();
    let create = lan.create(record, "Hội trường HĐND tỉnh");
    let results = lan.push_ok(std::slice::from_ref(&create)).await;
    assert_eq!(results[0]["seq"], 1);
    assert_eq!(results[0]["result"], "applied", "{}", results[0]);
    assert_eq!(results[0]["record"]["version"], 1);
    assert_eq!(results[0]["record"]["created"]["username"], "lan");

    // The same push again (the answer was lost): the stored answer, once.
    let again = lan.push_ok(std::slice::from_ref(&create)).await;
    assert_eq!(again, results);
    // The same number with other content is refused, never answered with
    // the old result (that would drop the edit silently).
    let mut reused = create.clone();
    reused["changes"][0]["new"] = json!(19);
    let reply = lan.push(&[reused]).await;
    assert_eq!(reply.status, 409, "{}", reply.body);
    assert_eq!(reply.body["kind"], "conflict");
    let page = pull(&lan.client, 0, None).await;
    let records = page["records"].as_array().unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["version"], 1);
    assert_eq!(records[0]["fields"]["place"], "Hội trường HĐND tỉnh");
    assert_eq!(records[0]["updated"]["display_name"], "Người dùng lan");
    assert_eq!(page["more"], false);
    let cursor = page["cursor"].as_u64().unwrap();
    assert!(cursor >= 1);
    let nothing_new = pull(&lan.client, cursor, None).await;
    assert_eq!(nothing_new["records"], json!([]));
    assert_eq!(nothing_new["cursor"], cursor);

    // A later push that repeats the old mutation with a new one: the old one
    // answers from storage, the new one applies.
    let edit = lan.mutation(
        record,
        1,
        json!({"op": "put", "changes": [{"field": "agenda", "old": null, "new": "Dự toán 2021"}]}),
    );
    let results = lan.push_ok(&[create, edit]).await;
    assert_eq!(results[1]["result"], "applied");
    assert_eq!(results[1]["record"]["version"], 2);
    let page = pull(&lan.client, cursor, None).await;
    assert_eq!(page["records"][0]["version"], 2);
}

#[tokio::test]
async fn a_gap_in_sequence_numbers_is_refused_and_nothing_applies() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let mut lan = staff(&server, &admin, "lan", "staff").await;
    let first = lan.create(RecordId::new(), "A");
    lan.push_ok(&[first]).await;
    let _lost = lan.create(RecordId::new(), "B");
    let third = lan.create(RecordId::new(), "C");
    let reply = lan.push(&[third]).await;
    assert_eq!(reply.status, 409, "{}", reply.body);
    assert_eq!(reply.body, json!({"kind": "sequence_gap", "expected": 2}));
    let page = pull(&lan.client, 0, None).await;
    assert_eq!(page["records"].as_array().unwrap().len(), 1);

    // Malformed batches are the caller's mistake.
    let mut other = Replica::new(lan.client);
    let one = other.create(RecordId::new(), "D");
    let _skipped = other.create(RecordId::new(), "E");
    let three = other.create(RecordId::new(), "F");
    let reply = other.push(&[one, three]).await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert_eq!(reply.body["kind"], "bad_request");
    let mut v4 = other.create(RecordId::new(), "G");
    v4["record_id"] = json!("9b2f5a58-3f86-4c7a-9a7e-0d4d3c1e2f10");
    assert_eq!(other.push(&[v4]).await.status, 400);
}

#[tokio::test]
async fn the_same_field_changed_twice_is_a_conflict_with_both_values_and_authors() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let mut lan = staff(&server, &admin, "lan", "staff").await;
    let mut hoa = staff(&server, &admin, "hoa", "office_leader").await;
    let record = RecordId::new();
    let create = lan.create(record, "A");
    lan.push_ok(&[create]).await;

    let lan_edit = lan.mutation(
        record,
        1,
        json!({"op": "put", "changes": [{"field": "place", "old": "A", "new": "Lan's"}]}),
    );
    assert_eq!(lan.push_ok(&[lan_edit]).await[0]["result"], "applied");
    // Hoà edited from the same version: place collides, agenda does not.
    let hoa_edit = hoa.mutation(
        record,
        1,
        json!({"op": "put", "changes": [
            {"field": "place", "old": "A", "new": "Hoà's"},
            {"field": "agenda", "old": null, "new": "Hoà's agenda"}
        ]}),
    );
    let result = &hoa.push_ok(&[hoa_edit]).await[0];
    assert_eq!(result["result"], "conflict", "{result}");
    let conflict = &result["conflicts"][0];
    assert_eq!(conflict["on"], "field");
    assert_eq!(conflict["field"], "place");
    assert_eq!(conflict["base"], "A");
    assert_eq!(conflict["mine"], "Hoà's");
    assert_eq!(conflict["theirs"], "Lan's");
    assert_eq!(conflict["theirs_by"]["username"], "lan");
    assert_eq!(result["conflicts"].as_array().unwrap().len(), 1);
    // The server kept Lan's value and took Hoà's agenda.
    assert_eq!(result["record"]["fields"]["place"], "Lan's");
    assert_eq!(result["record"]["fields"]["agenda"], "Hoà's agenda");
    assert_eq!(result["record"]["version"], 3);

    // Setting a field to the value it already has is no conflict and no change.
    let same = hoa.mutation(
        record,
        3,
        json!({"op": "put", "changes": [{"field": "place", "old": "A", "new": "Lan's"}]}),
    );
    let result = &hoa.push_ok(&[same]).await[0];
    assert_eq!(result["result"], "applied");
    // Nothing changed: the answer does not carry the record again.
    assert!(result.get("record").is_none(), "{result}");
    let page = pull(&hoa.client, 0, None).await;
    assert_eq!(page["records"][0]["version"], 3);
}

#[tokio::test]
async fn edit_against_delete_is_a_conflict_either_way() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let mut lan = staff(&server, &admin, "lan", "staff").await;
    let mut hoa = staff(&server, &admin, "hoa", "staff").await;
    let record = RecordId::new();
    let create = lan.create(record, "A");
    lan.push_ok(&[create]).await;

    // Lan changes the place; Hoà, who saw "A", deletes: refused as a conflict.
    let edit = lan.mutation(
        record,
        1,
        json!({"op": "put", "changes": [{"field": "place", "old": "A", "new": "B"}]}),
    );
    lan.push_ok(&[edit]).await;
    let delete = hoa.mutation(record, 1, json!({"op": "delete", "seen": session("A")}));
    let result = &hoa.push_ok(&[delete]).await[0];
    assert_eq!(result["result"], "conflict", "{result}");
    assert_eq!(result["conflicts"][0]["on"], "edited_there");
    assert_eq!(result["conflicts"][0]["by"]["username"], "lan");
    assert_eq!(result["conflicts"][0]["fields"], json!(["place"]));
    assert_eq!(result["record"]["deleted"], false);

    // Hoà deletes what he now sees; Lan's next edit meets a tombstone.
    let delete = hoa.mutation(record, 2, json!({"op": "delete", "seen": session("B")}));
    let result = &hoa.push_ok(&[delete]).await[0];
    assert_eq!(result["result"], "applied");
    assert_eq!(result["record"]["deleted"], true);
    let late_edit = lan.mutation(
        record,
        2,
        json!({"op": "put", "changes": [{"field": "place", "old": "B", "new": "C"}]}),
    );
    let result = &lan.push_ok(&[late_edit]).await[0];
    assert_eq!(result["conflicts"][0]["on"], "deleted_there");
    assert_eq!(result["conflicts"][0]["by"]["username"], "hoa");
    // Lan restores it with her value.
    let restore = lan.mutation(
        record,
        3,
        json!({"op": "restore", "changes": [{"field": "place", "old": "B", "new": "C"}]}),
    );
    let result = &lan.push_ok(&[restore]).await[0];
    assert_eq!(result["result"], "applied", "{result}");
    assert_eq!(result["record"]["deleted"], false);
    assert_eq!(result["record"]["fields"]["place"], "C");
    // Pull shows the final state once, tombstones included in between.
    let page = pull(&lan.client, 0, None).await;
    assert_eq!(page["records"].as_array().unwrap().len(), 1);
    assert_eq!(page["records"][0]["version"], 4);
}

async fn notices(client: &Client) -> Vec<Value> {
    let reply = client.post("/api/notices/list", json!({})).await;
    assert_eq!(reply.status, 200, "notices: {}", reply.body);
    assert_eq!(reply.body["more"], false);
    reply.body["notices"].as_array().expect("notices").clone()
}

#[tokio::test]
async fn the_person_whose_value_lost_a_conflict_is_told_until_they_say_they_saw_it() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let mut lan = staff(&server, &admin, "lan", "staff").await;
    let mut hoa = staff(&server, &admin, "hoa", "office_leader").await;
    let record = RecordId::new();
    let create = lan.create(record, "A");
    lan.push_ok(&[create]).await;
    let lan_edit = lan.mutation(
        record,
        1,
        json!({"op": "put", "changes": [{"field": "place", "old": "A", "new": "Lan's"}]}),
    );
    lan.push_ok(&[lan_edit]).await;
    let hoa_edit = hoa.mutation(
        record,
        1,
        json!({"op": "put", "changes": [{"field": "place", "old": "A", "new": "Hoà's"}]}),
    );
    assert_eq!(hoa.push_ok(&[hoa_edit]).await[0]["result"], "conflict");
    // Nobody lost anything yet: the server kept Lan's value.
    assert!(notices(&lan.client).await.is_empty());

    // Hoà keeps his own value: Lan is told, Hoà is not.
    let settle = hoa.mutation(
        record,
        2,
        json!({"op": "put", "settles": true,
               "changes": [{"field": "place", "old": "Lan's", "new": "Hoà's"}]}),
    );
    assert_eq!(hoa.push_ok(&[settle]).await[0]["result"], "applied");
    let told = notices(&lan.client).await;
    assert_eq!(told.len(), 1, "{told:?}");
    let notice = &told[0];
    assert_eq!(notice["what"], "replaced");
    assert_eq!(notice["kind"], "council_session");
    assert_eq!(notice["record_id"], record.to_string());
    assert_eq!(notice["field"], "place");
    assert_eq!(notice["yours"], "Lan's");
    assert_eq!(notice["now"], "Hoà's");
    assert_eq!(notice["by"]["username"], "hoa");
    assert!(notices(&hoa.client).await.is_empty());

    // An ordinary edit over Lan's value tells nobody: it is work, not a
    // choice between two values.
    let edit = hoa.mutation(
        record,
        3,
        json!({"op": "put", "changes": [{"field": "number", "old": 11, "new": 12}]}),
    );
    assert_eq!(hoa.push_ok(&[edit]).await[0]["result"], "applied");
    assert_eq!(notices(&lan.client).await.len(), 1);

    // Deleted anyway over Lan's edit: she is told; restored over Hoà's
    // delete: he is.
    let lan_edit = lan.mutation(
        record,
        4,
        json!({"op": "put", "changes": [{"field": "agenda", "old": null, "new": "Lan's agenda"}]}),
    );
    lan.push_ok(&[lan_edit]).await;
    let mut seen = session("Hoà's");
    seen["number"] = json!(12);
    seen["agenda"] = json!("Lan's agenda");
    let delete = hoa.mutation(
        record,
        5,
        json!({"op": "delete", "seen": seen, "settles": true}),
    );
    assert_eq!(hoa.push_ok(&[delete]).await[0]["result"], "applied");
    let told = notices(&lan.client).await;
    assert_eq!(told.len(), 2, "{told:?}");
    assert_eq!(told[1]["what"], "deleted");
    assert_eq!(told[1]["by"]["username"], "hoa");
    let restore = lan.mutation(
        record,
        6,
        json!({"op": "restore", "changes": [], "settles": true}),
    );
    assert_eq!(lan.push_ok(&[restore]).await[0]["result"], "applied");
    let hoa_told = notices(&hoa.client).await;
    assert_eq!(hoa_told.len(), 1, "{hoa_told:?}");
    assert_eq!(hoa_told[0]["what"], "restored");
    assert_eq!(hoa_told[0]["by"]["username"], "lan");

    // Seen: Lan's notices go; an id of Hoà's among them counts for nothing.
    let ids = json!([told[0]["id"], told[1]["id"], hoa_told[0]["id"]]);
    let reply = lan
        .client
        .post("/api/notices/seen", json!({ "ids": ids }))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["removed"], 2);
    assert!(notices(&lan.client).await.is_empty());
    assert_eq!(notices(&hoa.client).await.len(), 1);
    // Bounded, and only for someone signed in.
    let many: Vec<i64> = (0..101).collect();
    let reply = lan
        .client
        .post("/api/notices/seen", json!({ "ids": many }))
        .await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    let reply = server.client().post("/api/notices/list", json!({})).await;
    assert_eq!(reply.status, 401, "{}", reply.body);
}

#[tokio::test]
async fn the_server_runs_the_forms_validation_on_every_mutation() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let mut lan = staff(&server, &admin, "lan", "staff").await;
    let record = RecordId::new();
    // A field the kind does not declare makes the push malformed, before
    // anything of it is stored.
    let mut made_up = lan.create(record, "A");
    made_up["changes"]
        .as_array_mut()
        .unwrap()
        .push(json!({"field": "secret", "old": null, "new": 1}));
    let reply = lan.push(&[made_up]).await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert!(
        reply.body["message"]
            .as_str()
            .unwrap()
            .contains("secret is not a field of council_session")
    );
    // Nothing was kept: its sequence number is still free.
    lan.next_seq = 1;
    let bad = lan.create(record, " ");
    let good = lan.create(RecordId::new(), "B");
    let results = lan.push_ok(&[bad, good]).await;
    assert_eq!(results[0]["result"], "rejected");
    assert_eq!(results[0]["reason"]["reason"], "invalid");
    let codes: Vec<(&str, &str)> = results[0]["reason"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(codes, [("place", "required")]);
    // One refused mutation does not hold back the next.
    assert_eq!(results[1]["result"], "applied");
    let page = pull(&lan.client, 0, None).await;
    assert_eq!(page["records"].as_array().unwrap().len(), 1);

    // A "create" that sets nothing is refused, not an error that would block
    // the outbox behind it.
    let empty = lan.mutation(RecordId::new(), 0, json!({"op": "put", "changes": []}));
    let nulls = lan.mutation(
        RecordId::new(),
        0,
        json!({"op": "put", "changes": [{"field": "place", "old": null, "new": null}]}),
    );
    let results = lan.push_ok(&[empty, nulls]).await;
    for result in &results {
        assert_eq!(result["result"], "rejected", "{result}");
        assert_eq!(result["reason"]["reason"], "invalid");
    }

    // Deleting a record the server never had is refused as not found.
    let edit = lan.mutation(RecordId::new(), 0, json!({"op": "delete", "seen": {}}));
    let results = lan.push_ok(&[edit]).await;
    assert_eq!(results[0]["reason"]["reason"], "not_found");
}

#[tokio::test]
async fn roles_and_clients_are_checked_on_every_push_and_pull() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let mut lan = staff(&server, &admin, "lan", "staff").await;
    let mut viewer = staff(&server, &admin, "xem", "viewer").await;
    let mut reception = staff(&server, &admin, "tiep", "reception_staff").await;
    let create = lan.create(RecordId::new(), "A");
    lan.push_ok(&[create]).await;

    // A viewer reads but writes nothing: the push is refused before it is
    // read, and nothing of it is kept.
    let create = viewer.create(RecordId::new(), "V");
    let reply = viewer.push(&[create]).await;
    assert_eq!(reply.status, 403, "{}", reply.body);
    assert_eq!(reply.body["kind"], "forbidden");
    assert_eq!(
        pull(&viewer.client, 0, None).await["records"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // Reception staff write citizen reception, not sessions: the mutation is
    // refused, not applied.
    let create = reception.create(RecordId::new(), "R");
    let results = reception.push_ok(&[create]).await;
    assert_eq!(results[0]["result"], "rejected");
    assert_eq!(results[0]["reason"]["reason"], "forbidden");

    // The administrator sees no record content: only the catalogues it keeps.
    let reply = admin.post("/api/sync/pull", json!({"since": 0})).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["records"], json!([]));
    // Nobody signed in: nothing.
    let reply = server
        .client()
        .post("/api/sync/pull", json!({"since": 0}))
        .await;
    assert_eq!(reply.status, 401);

    // Lan's replica id cannot be used by another user.
    let mut thief = Replica::new(reception.client);
    thief.id = lan.id;
    thief.next_seq = 2;
    let create = thief.create(RecordId::new(), "X");
    let reply = thief.push(&[create]).await;
    assert_eq!(reply.status, 403, "{}", reply.body);
    assert_eq!(reply.body["kind"], "forbidden");

    // Records of a kind the role may not read never leave the server, and
    // the cursor moves past them.
    {
        let connection = rusqlite::Connection::open(server.store.path()).unwrap();
        let id = RecordId::new().to_string();
        connection
            .execute_batch(&format!(
                "BEGIN;
                 INSERT INTO change_log (record_id, kind, version, operation, user_id, at,
                                         client_id, client_seq, client_at, base_version)
                      VALUES ('{id}', 'future_kind', 1, 'create', 1, 0, 'test', 1, 0, 0);
                 INSERT INTO records (id, kind, version, body, created_by, created_at,
                                      updated_by, updated_at, change_seq)
                      VALUES ('{id}', 'future_kind', 1, '{{}}', 1, 0, 1, 0, last_insert_rowid());
                 COMMIT;"
            ))
            .unwrap();
    }
    let page = pull(&lan.client, 0, None).await;
    let kinds: Vec<&str> = page["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|record| record["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["council_session"]);
    assert_eq!(page["cursor"], 2);
}

#[tokio::test]
async fn pull_pages_through_the_change_log_in_order() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let mut lan = staff(&server, &admin, "lan", "staff").await;
    let mut ids = Vec::new();
    let mut mutations = Vec::new();
    for index in 0..5 {
        let id = RecordId::new();
        ids.push(id.to_string());
        mutations.push(lan.create(id, &format!("Nơi {index}")));
    }
    lan.push_ok(&mutations).await;
    let mut seen = Vec::new();
    let mut cursor = 0;
    let mut pages = 0;
    loop {
        let page = pull(&lan.client, cursor, Some(2)).await;
        pages += 1;
        for record in page["records"].as_array().unwrap() {
            seen.push(record["id"].as_str().unwrap().to_owned());
        }
        cursor = page["cursor"].as_u64().unwrap();
        if page["more"] == false {
            break;
        }
        assert!(pages < 10, "pull never ends");
    }
    assert_eq!(seen, ids);
    assert_eq!(pages, 3);
}

/// A create of `kind` with `body`, as an outside client sends it.
fn create_of(replica: &mut Replica, kind: &str, record: RecordId, body: Value) -> Value {
    let changes: Vec<Value> = body
        .as_object()
        .expect("body object")
        .iter()
        .map(|(field, value)| json!({"field": field, "old": null, "new": value}))
        .collect();
    let mut mutation = replica.mutation(record, 0, json!({"op": "put", "changes": changes}));
    mutation["kind"] = json!(kind);
    mutation
}

#[tokio::test]
async fn citizens_personal_data_reaches_only_the_roles_that_may_see_it() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let mut hoa = staff(&server, &admin, "hoa", "reception_staff").await;
    let lan = staff(&server, &admin, "lan", "staff").await;
    let leader = staff(&server, &admin, "quang", "office_leader").await;
    let viewer = staff(&server, &admin, "xem", "viewer").await;
    let matter = RecordId::new();
    let create = create_of(
        &mut hoa,
        "reception_matter",
        matter,
        json!({
            "subject": "Tố cáo cán bộ xã", "matter_type": "denunciation",
            "received_on": "2020-03-10", "citizen_name": "Nguyễn Văn A",
            "citizen_phone": "0912345678", "finished": false
        }),
    );
    let results = hoa.push_ok(&[create]).await;
    assert_eq!(results[0]["result"], "applied", "{}", results[0]);
    // A visit under it, in the same kind of push.
    let visit = create_of(
        &mut hoa,
        "visit",
        RecordId::new(),
        json!({
            "matter": matter.to_string(), "visited_on": "2020-03-10",
            "visit_kind": "regular", "official": "Hoàng Thị Hoa", "people": 1,
            "group_visit": false
        }),
    );
    assert_eq!(hoa.push_ok(&[visit]).await[0]["result"], "applied");

    let matter_of = |page: Value| {
        page["records"]
            .as_array()
            .unwrap()
            .iter()
            .find(|record| record["kind"] == "reception_matter")
            .cloned()
            .expect("the matter is pulled")
    };
    for (who, sees) in [
        (&hoa, true),
        (&leader, true),
        (&lan, false),
        (&viewer, false),
    ] {
        let record = matter_of(pull(&who.client, 0, None).await);
        assert_eq!(record["fields"]["subject"], "Tố cáo cán bộ xã");
        assert_eq!(
            record["fields"].get("citizen_name").is_some(),
            sees,
            "{}",
            record
        );
        assert_eq!(record["fields"].get("citizen_phone").is_some(), sees);
    }
    // Staff read reception records but may not write them.
    let mut lan = lan;
    let refused = create_of(
        &mut lan,
        "visit",
        RecordId::new(),
        json!({
            "matter": matter.to_string(), "visited_on": "2020-03-11",
            "visit_kind": "regular", "official": "Lan", "people": 1, "group_visit": false
        }),
    );
    let results = lan.push_ok(&[refused]).await;
    assert_eq!(results[0]["reason"]["reason"], "forbidden");
}

#[tokio::test]
async fn every_field_error_of_a_body_is_answered_at_once() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let mut lan = staff(&server, &admin, "lan", "staff").await;
    let create = create_of(
        &mut lan,
        "council_session",
        RecordId::new(),
        json!({"term": 0, "number": "mười"}),
    );
    let results = lan.push_ok(&[create]).await;
    assert_eq!(results[0]["result"], "rejected");
    let codes: Vec<String> = results[0]["reason"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|error| {
            format!(
                "{}:{}",
                error["field"].as_str().unwrap(),
                error["code"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            "term:out_of_range",
            "number:not_a_number",
            "session_type:required",
            "starts_on:required",
            "ends_on:required",
            "place:required"
        ]
    );
}
