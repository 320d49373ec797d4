//! A record's history and the log of all changes over HTTP, as
//! docs/API.md documents them: every kind of change in order with who made
//! it; personal fields' values withheld from exactly the roles a pull
//! withholds them from (every personal field × every role); the log of all
//! changes filtered by person, kind and day, without values for the
//! administrator; bad queries are 400s.

mod common;

use app::auth::model::Role;
use app::records::spec::FieldType;
use app::sync::model::RecordId;
use common::{Client, Replica, TestServer};
use serde_json::{Value, json};

/// One signed-in client per role (the administrator's own account too).
async fn people(server: &TestServer) -> Vec<(Role, Client)> {
    let admin = server.admin().await;
    let mut people = Vec::new();
    for role in Role::ALL {
        if role == Role::Admin {
            continue;
        }
        let name = format!("u_{}", role.as_str());
        let password = server.add_user(&admin, &name, role.as_str()).await;
        people.push((role, server.signed_in(&name, &password).await));
    }
    people.push((Role::Admin, admin));
    people
}

fn client_of(people: &[(Role, Client)], role: Role) -> Client {
    people
        .iter()
        .find(|(r, _)| *r == role)
        .map(|(_, client)| client.clone())
        .expect("a client of the role")
}

async fn history(client: &Client, kind: &str, id: RecordId) -> common::Reply {
    client
        .post(
            "/api/records/history",
            json!({"kind": kind, "id": id.to_string()}),
        )
        .await
}

/// Pushes one mutation and says what became of it.
async fn push_one(replica: &mut Replica, kind: &str, id: RecordId, op: Value) -> Value {
    let mutation = replica.mutation(kind, id, 0, op);
    push_mutation(replica, mutation).await
}

async fn push_mutation(replica: &mut Replica, mutation: Value) -> Value {
    let reply = replica.push(&[mutation]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let answer = reply.body["results"][0].clone();
    assert_eq!(answer["result"], "applied", "{answer}");
    answer
}

fn put(changes: &[(&str, Value, Value)]) -> Value {
    let changes: Vec<Value> = changes
        .iter()
        .map(|(field, old, new)| json!({"field": field, "old": old, "new": new}))
        .collect();
    json!({"op": "put", "changes": changes})
}

#[tokio::test]
async fn a_records_history_holds_every_change_in_order_with_who_made_it() {
    let server = TestServer::start().await;
    let people = people(&server).await;
    let mut staff = Replica::new(client_of(&people, Role::Staff));
    let mut leader = Replica::new(client_of(&people, Role::OfficeLeader));
    let id = RecordId::new();
    let kind = "council_session";
    let create = staff.create(
        kind,
        id,
        &json!({"term": 18, "number": 9, "session_type": "thematic",
                "starts_on": "2020-07-14", "ends_on": "2020-07-15", "place": "Hội trường tỉnh"}),
    );
    push_mutation(&mut staff, create).await;
    push_one(
        &mut staff,
        kind,
        id,
        put(&[("place", json!("Hội trường tỉnh"), json!("Hội trường A"))]),
    )
    .await;
    push_one(
        &mut staff,
        kind,
        id,
        put(&[("review", Value::Null, json!("submitted"))]),
    )
    .await;
    push_one(
        &mut leader,
        kind,
        id,
        put(&[
            ("review", json!("submitted"), json!("returned")),
            ("review_note", Value::Null, json!("Thiếu chương trình")),
        ]),
    )
    .await;
    push_one(
        &mut staff,
        kind,
        id,
        put(&[
            ("review", json!("returned"), json!("submitted")),
            ("review_note", json!("Thiếu chương trình"), Value::Null),
        ]),
    )
    .await;
    push_one(
        &mut leader,
        kind,
        id,
        put(&[("review", json!("submitted"), json!("approved"))]),
    )
    .await;
    push_one(
        &mut leader,
        kind,
        id,
        put(&[
            ("review", json!("approved"), Value::Null),
            ("review_note", Value::Null, json!("Sửa số kỳ họp")),
        ]),
    )
    .await;
    // The leader keeps their own value over the staff member's on the
    // conflicts page: a change that settles a conflict.
    let mut settling = leader.mutation(
        kind,
        id,
        0,
        put(&[("place", json!("Hội trường A"), json!("Hội trường B"))]),
    );
    settling["settles"] = json!(true);
    let settled = push_mutation(&mut leader, settling).await;
    // A delete says what it saw of the record.
    let seen = settled["record"]["fields"].clone();
    push_one(&mut staff, kind, id, json!({"op": "delete", "seen": seen})).await;
    push_one(
        &mut leader,
        kind,
        id,
        json!({"op": "restore", "changes": []}),
    )
    .await;

    let reply = history(&client_of(&people, Role::Viewer), kind, id).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let entries = reply.body["entries"].as_array().expect("entries").clone();
    assert_eq!(reply.body["more"], json!(false));
    // Newest first.
    let done: Vec<(String, String)> = entries
        .iter()
        .rev()
        .map(|entry| {
            (
                entry["operation"].as_str().unwrap().to_owned(),
                entry["by"]["username"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        ("create", "u_staff"),
        ("update", "u_staff"),
        ("update", "u_staff"),
        ("update", "u_office_leader"),
        ("update", "u_staff"),
        ("update", "u_office_leader"),
        ("update", "u_office_leader"),
        ("update", "u_office_leader"),
        ("delete", "u_staff"),
        ("restore", "u_office_leader"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
    assert_eq!(done, expected);
    let versions: Vec<u64> = entries
        .iter()
        .rev()
        .map(|entry| entry["version"].as_u64().unwrap())
        .collect();
    assert_eq!(versions, (1..=10).collect::<Vec<_>>());
    let oldest_first: Vec<&Value> = entries.iter().rev().collect();
    let change = |entry: &Value, field: &str| -> (Value, Value) {
        let found = entry["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|change| change["field"] == field)
            .unwrap_or_else(|| panic!("no {field} in {entry}"));
        (found["old"].clone(), found["new"].clone())
    };
    assert_eq!(
        change(oldest_first[0], "place"),
        (Value::Null, json!("Hội trường tỉnh"))
    );
    assert_eq!(
        change(oldest_first[1], "place"),
        (json!("Hội trường tỉnh"), json!("Hội trường A"))
    );
    assert_eq!(
        change(oldest_first[3], "review_note"),
        (Value::Null, json!("Thiếu chương trình")),
        "the return's comment"
    );
    assert_eq!(
        change(oldest_first[6], "review"),
        (json!("approved"), Value::Null),
        "the reopening"
    );
    assert_eq!(
        change(oldest_first[6], "review_note").1,
        json!("Sửa số kỳ họp"),
        "with its reason"
    );
    assert_eq!(
        oldest_first[7]["settles"],
        json!(true),
        "the conflict settled"
    );
    assert!(oldest_first[6].get("settles").is_none());
    assert!(oldest_first[0]["at"].as_i64().unwrap() > 1_700_000_000_000);
    assert_eq!(oldest_first[0]["made_at"], json!(1_700_000_000_000_i64));

    // A page at a time, older with `before`.
    let first = client_of(&people, Role::Viewer)
        .post(
            "/api/records/history",
            json!({"kind": kind, "id": id.to_string(), "limit": 4}),
        )
        .await;
    assert_eq!(first.body["entries"].as_array().unwrap().len(), 4);
    assert_eq!(first.body["more"], json!(true));
    let last_seq = first.body["entries"][3]["seq"].as_u64().unwrap();
    let next = client_of(&people, Role::Viewer)
        .post(
            "/api/records/history",
            json!({"kind": kind, "id": id.to_string(), "limit": 100, "before": last_seq}),
        )
        .await;
    assert_eq!(next.body["entries"].as_array().unwrap().len(), 6);
    assert_eq!(next.body["more"], json!(false));
    assert_eq!(next.body["entries"][0]["version"], json!(6));

    // No such record, a kind the role does not read, a malformed request.
    let missing = history(&client_of(&people, Role::Viewer), kind, RecordId::new()).await;
    assert_eq!(missing.status, 404, "{}", missing.body);
    let admin = history(&client_of(&people, Role::Admin), kind, id).await;
    assert_eq!(admin.status, 403, "{}", admin.body);
    let other_kind = history(&client_of(&people, Role::Viewer), "sc_meeting", id).await;
    assert_eq!(
        other_kind.status, 404,
        "an id of another kind: {}",
        other_kind.body
    );
    let unknown_kind = history(&client_of(&people, Role::Viewer), "no_such_kind", id).await;
    assert_eq!(unknown_kind.status, 400, "{}", unknown_kind.body);
    let bad = client_of(&people, Role::Viewer)
        .post(
            "/api/records/history",
            json!({"kind": kind, "id": "not-an-id"}),
        )
        .await;
    assert_eq!(bad.status, 400, "{}", bad.body);
    let huge = client_of(&people, Role::Viewer)
        .post(
            "/api/records/history",
            json!({"kind": kind, "id": id.to_string(), "before": u64::MAX}),
        )
        .await;
    assert_eq!(huge.status, 400, "{}", huge.body);
}

/// Every personal field of every kind, created and changed, then read by
/// every role: its values only for the roles that see personal data, as a
/// pull sends them; every other field's values for every role that reads
/// the kind; nothing for a role that does not.
#[tokio::test]
async fn personal_values_in_histories_are_withheld_per_field_and_role() {
    let server = TestServer::start().await;
    let people = people(&server).await;
    let mut leader = Replica::new(client_of(&people, Role::OfficeLeader));
    let mut checked = 0;
    for sample in app::kinds::samples() {
        let spec = sample.spec;
        let personal: Vec<&str> = spec
            .fields
            .iter()
            .filter(|field| field.personal)
            .map(|field| field.name)
            .collect();
        if personal.is_empty() {
            continue;
        }
        // The sample without links (their targets are not here).
        let fields: serde_json::Map<String, Value> = sample
            .fields
            .iter()
            .filter(|(name, _)| {
                spec.field(name)
                    .is_some_and(|field| field.ty.target().is_none())
            })
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect();
        let id = RecordId::new();
        let kind = spec.kind.as_str();
        let create = leader.create(kind, id, &Value::Object(fields.clone()));
        push_mutation(&mut leader, create).await;
        let edits: Vec<(&str, Value, Value)> = personal
            .iter()
            .map(|name| {
                (
                    *name,
                    fields.get(*name).cloned().unwrap_or(Value::Null),
                    json!("Đã đổi"),
                )
            })
            .collect();
        push_one(&mut leader, kind, id, put(&edits)).await;

        for (role, client) in &people {
            let reply = history(client, kind, id).await;
            if !spec.readable_by(*role) {
                assert_eq!(reply.status, 403, "{kind} for {role}: {}", reply.body);
                continue;
            }
            assert_eq!(reply.status, 200, "{kind} for {role}: {}", reply.body);
            // What a pull gives this role of the record.
            let pulled = client
                .post("/api/sync/pull", json!({"since": 0, "limit": 1000}))
                .await;
            let record = pulled.body["records"]
                .as_array()
                .unwrap()
                .iter()
                .find(|record| record["id"] == id.to_string())
                .cloned()
                .expect("pulled");
            for entry in reply.body["entries"].as_array().unwrap() {
                for change in entry["changes"].as_array().unwrap() {
                    let field = change["field"].as_str().unwrap();
                    let pull_has_it = record["fields"].get(field).is_some();
                    let withheld = change.get("withheld") == Some(&json!(true));
                    if personal.contains(&field) {
                        assert_eq!(
                            withheld, !pull_has_it,
                            "{kind}.{field} for {role}: {change}"
                        );
                        assert_eq!(
                            withheld,
                            !spec.shows_personal_data(*role),
                            "{kind}.{field} for {role}"
                        );
                        if withheld {
                            assert_eq!(
                                (&change["old"], &change["new"]),
                                (&Value::Null, &Value::Null)
                            );
                        }
                        checked += 1;
                    } else {
                        assert!(!withheld, "{kind}.{field} for {role}");
                    }
                }
            }
            // Nothing personal anywhere in the answer of a role that may not see it.
            if !spec.shows_personal_data(*role) {
                let text = reply.body.to_string();
                for name in &personal {
                    if let Some(Value::String(value)) = fields.get(*name) {
                        assert!(!text.contains(value.as_str()), "{kind}.{name} for {role}");
                    }
                }
                assert!(!text.contains("Đã đổi"), "{kind} for {role}");
            }
        }
        // The kind's personal fields are text: the test above sets them.
        assert!(
            personal
                .iter()
                .all(|name| matches!(spec.field(name).unwrap().ty, FieldType::Text { .. }))
        );
    }
    assert!(checked > 0);
}

#[tokio::test]
async fn the_log_of_all_changes_filters_by_person_kind_and_day() {
    let server = TestServer::start().await;
    let people = people(&server).await;
    let mut staff = Replica::new(client_of(&people, Role::Staff));
    let mut reception = Replica::new(client_of(&people, Role::ReceptionStaff));
    let session = RecordId::new();
    let create = staff.create(
        "council_session",
        session,
        &json!({"term": 18, "number": 3, "session_type": "regular",
                "starts_on": "2020-07-14", "ends_on": "2020-07-15", "place": "Hội trường tỉnh"}),
    );
    push_mutation(&mut staff, create).await;
    let matter = RecordId::new();
    let create = reception.create(
        "reception_matter",
        matter,
        &json!({"subject": "Khiếu nại đất đai", "matter_type": "complaint",
                "received_on": "2020-03-10", "citizen_name": "Bùi Văn Phúc"}),
    );
    push_mutation(&mut reception, create).await;

    let leader = client_of(&people, Role::OfficeLeader);
    let all = leader.post("/api/records/changes", json!({})).await;
    assert_eq!(all.status, 200, "{}", all.body);
    let entries = all.body["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["kind"], "reception_matter", "newest first");
    assert!(
        all.body.to_string().contains("Bùi Văn Phúc"),
        "the leader sees it all"
    );

    let by_staff = leader
        .post("/api/records/changes", json!({"username": "u_staff"}))
        .await;
    let entries = by_staff.body["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["record_id"], session.to_string());
    let by_kind = leader
        .post("/api/records/changes", json!({"kind": "reception_matter"}))
        .await;
    assert_eq!(by_kind.body["entries"].as_array().unwrap().len(), 1);
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_millis() as i64;
    let today = app::calendar::IsoDate::from_unix_ms_in_vietnam(now_ms);
    let on_day = leader
        .post(
            "/api/records/changes",
            json!({"from": today.iso(), "to": today.iso()}),
        )
        .await;
    assert_eq!(on_day.body["entries"].as_array().unwrap().len(), 2);
    let long_ago = leader
        .post(
            "/api/records/changes",
            json!({"from": "2001-01-01", "to": "2001-12-31"}),
        )
        .await;
    assert_eq!(long_ago.body["entries"].as_array().unwrap().len(), 0);
    let paged = leader
        .post("/api/records/changes", json!({"limit": 1}))
        .await;
    assert_eq!(paged.body["more"], json!(true));
    let before = paged.body["entries"][0]["seq"].as_u64().unwrap();
    let rest = leader
        .post(
            "/api/records/changes",
            json!({"limit": 1, "before": before}),
        )
        .await;
    assert_eq!(rest.body["entries"][0]["kind"], "council_session");
    assert_eq!(rest.body["more"], json!(false));

    // The administrator: who changed what and when, no values.
    let admin = client_of(&people, Role::Admin);
    let audit = admin.post("/api/records/changes", json!({})).await;
    assert_eq!(audit.status, 200, "{}", audit.body);
    let entries = audit.body["entries"].as_array().unwrap();
    assert!(entries.len() >= 2);
    for entry in entries {
        for change in entry["changes"].as_array().unwrap() {
            assert_eq!(change["withheld"], json!(true), "{change}");
            assert_eq!(change["new"], Value::Null);
        }
    }
    let text = audit.body.to_string();
    assert!(!text.contains("Bùi Văn Phúc") && !text.contains("Hội trường tỉnh"));
    assert!(text.contains("u_reception_staff"), "who made it");

    // Others may not read it; bad filters are 400s.
    for role in [
        Role::Staff,
        Role::ReceptionStaff,
        Role::StandingCommittee,
        Role::Viewer,
    ] {
        let reply = client_of(&people, role)
            .post("/api/records/changes", json!({}))
            .await;
        assert_eq!(reply.status, 403, "{role}: {}", reply.body);
    }
    for body in [
        json!({"from": "2020-02-01", "to": "2020-01-01"}),
        json!({"from": "01/02/2020"}),
        json!({"kind": "Not A Kind"}),
        json!({"username": "x".repeat(65)}),
        json!({"limit": -1}),
    ] {
        let reply = leader.post("/api/records/changes", body.clone()).await;
        assert_eq!(reply.status, 400, "{body}: {}", reply.body);
    }
}
