//! Review over HTTP, as browsers push it: every step by every role on a
//! kind the office leaders review and on one the Standing Committee
//! reviews too, edits of submitted and approved records, reopening with a
//! reason, and two leaders acting on one record at once.

mod common;

use app::sync::model::RecordId;
use common::{Client, Replica, TestServer};
use serde_json::{Value, json};

/// The people of the office, one per role that pushes.
struct Office {
    staff: Replica,
    reception: Replica,
    leader: Replica,
    second_leader: Replica,
    committee: Replica,
    viewer: Client,
}

async fn office(server: &TestServer) -> Office {
    let admin = server.admin().await;
    let mut people = Vec::new();
    for (name, role) in [
        ("lan", "staff"),
        ("hoa", "reception_staff"),
        ("minh", "office_leader"),
        ("son", "office_leader"),
        ("tuan", "standing_committee"),
        ("xem", "viewer"),
    ] {
        let password = server.add_user(&admin, name, role).await;
        people.push(server.signed_in(name, &password).await);
    }
    let viewer = people.pop().expect("viewer");
    let committee = Replica::new(people.pop().expect("committee"));
    let second_leader = Replica::new(people.pop().expect("leader 2"));
    let leader = Replica::new(people.pop().expect("leader"));
    let reception = Replica::new(people.pop().expect("reception"));
    let staff = Replica::new(people.pop().expect("staff"));
    Office {
        staff,
        reception,
        leader,
        second_leader,
        committee,
        viewer,
    }
}

fn fields_of(kind: &str, number: u64) -> Value {
    match kind {
        "council_session" => {
            json!({"term": 18, "number": number % 90 + 1, "session_type": "thematic",
                                    "starts_on": "2020-07-14", "ends_on": "2020-07-15",
                                    "place": "Hội trường tỉnh"})
        }
        "sc_meeting" => json!({"number": number, "meeting_type": "regular",
                               "held_on": "2020-03-02", "conclusion": "Thống nhất nội dung"}),
        other => panic!("no fields for {other}"),
    }
}

/// The state a `review` value names (none: a draft).
fn state(value: &Value) -> &str {
    value.as_str().unwrap_or("draft")
}

/// A change of the review state (and of the comment, when given).
fn step(from: &str, to: &str, note: Option<&str>) -> Value {
    let value = |state: &str| {
        if state == "draft" {
            Value::Null
        } else {
            json!(state)
        }
    };
    let mut changes = vec![json!({"field": "review", "old": value(from), "new": value(to)})];
    if let Some(note) = note {
        changes.push(json!({"field": "review_note", "old": null, "new": note}));
    }
    json!({"op": "put", "changes": changes})
}

/// Pushes one mutation; returns its answer.
async fn one(replica: &mut Replica, kind: &str, record: RecordId, op: Value) -> Value {
    let mutation = replica.mutation(kind, record, 0, op);
    let reply = replica.push(&[mutation]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.body["results"][0].clone()
}

/// A new record of `kind` by the staff member, taken to `to` by the
/// leader (submitted by the staff member first).
async fn record_in(office: &mut Office, kind: &str, number: u64, to: &str) -> RecordId {
    let id = RecordId::new();
    let create = office.staff.create(kind, id, &fields_of(kind, number));
    let answers = office.staff.push_all(&[create]).await;
    assert_eq!(answers[0]["result"], "applied", "{}", answers[0]);
    let path: &[(&str, &str, Option<&str>)] = match to {
        "draft" => &[],
        "submitted" => &[("draft", "submitted", None)],
        "approved" => &[
            ("draft", "submitted", None),
            ("submitted", "approved", None),
        ],
        "returned" => &[
            ("draft", "submitted", None),
            ("submitted", "returned", Some("Bổ sung")),
        ],
        other => panic!("{other}"),
    };
    for (from, next, note) in path {
        let replica = if *next == "submitted" {
            &mut office.staff
        } else {
            &mut office.leader
        };
        let answer = one(replica, kind, id, step(from, next, *note)).await;
        assert_eq!(answer["result"], "applied", "{from} → {next}: {answer}");
    }
    id
}

/// Who may take each step, on each kind: `ok`, or the refusal (`forbidden`,
/// or a review rule). The viewer is refused before the push is read.
/// A kind, the state a step starts from, the state it leads to, its
/// comment, and what becomes of it for each role.
type StepCase = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    [&'static str; 4],
);

const STEPS: &[StepCase] = &[
    //  kind, from, to, comment: staff, reception, leader, Standing Committee
    (
        "council_session",
        "draft",
        "submitted",
        None,
        ["ok", "forbidden", "ok", "forbidden"],
    ),
    (
        "council_session",
        "returned",
        "submitted",
        None,
        ["ok", "forbidden", "ok", "forbidden"],
    ),
    (
        "council_session",
        "submitted",
        "draft",
        None,
        ["ok", "forbidden", "ok", "forbidden"],
    ),
    (
        "council_session",
        "submitted",
        "approved",
        None,
        ["not_reviewer", "forbidden", "ok", "forbidden"],
    ),
    (
        "council_session",
        "submitted",
        "returned",
        Some("Thiếu ngày"),
        ["not_reviewer", "forbidden", "ok", "forbidden"],
    ),
    (
        "council_session",
        "draft",
        "approved",
        None,
        ["not_reviewer", "forbidden", "ok", "forbidden"],
    ),
    (
        "council_session",
        "approved",
        "draft",
        Some("Sửa số kỳ họp"),
        ["not_reviewer", "forbidden", "ok", "forbidden"],
    ),
    (
        "council_session",
        "approved",
        "submitted",
        None,
        ["transition", "forbidden", "transition", "forbidden"],
    ),
    (
        "sc_meeting",
        "draft",
        "submitted",
        None,
        ["ok", "forbidden", "ok", "forbidden"],
    ),
    (
        "sc_meeting",
        "submitted",
        "approved",
        None,
        ["not_reviewer", "forbidden", "ok", "ok"],
    ),
    (
        "sc_meeting",
        "submitted",
        "returned",
        Some("Kết luận chưa rõ"),
        ["not_reviewer", "forbidden", "ok", "ok"],
    ),
    (
        "sc_meeting",
        "approved",
        "draft",
        Some("Sửa kết luận"),
        ["not_reviewer", "forbidden", "ok", "forbidden"],
    ),
];

fn outcome(answer: &Value) -> String {
    match answer["result"].as_str() {
        Some("applied") => "ok".into(),
        Some("rejected") => match answer["reason"]["reason"].as_str() {
            Some("review") => answer["reason"]["rule"].as_str().unwrap_or("?").into(),
            Some(other) => other.into(),
            None => "?".into(),
        },
        _ => answer.to_string(),
    }
}

#[tokio::test]
async fn every_step_is_taken_only_by_the_roles_its_kind_declares() {
    let server = TestServer::start().await;
    let mut office = office(&server).await;
    let mut number = 0;
    for (kind, from, to, note, expected) in STEPS {
        for (index, want) in expected.iter().enumerate() {
            number += 1;
            let id = record_in(&mut office, kind, number, from).await;
            let replica = match index {
                0 => &mut office.staff,
                1 => &mut office.reception,
                2 => &mut office.leader,
                _ => &mut office.committee,
            };
            let answer = one(replica, kind, id, step(from, to, *note)).await;
            assert_eq!(
                outcome(&answer),
                *want,
                "{kind} {from} → {to} by role {index}: {answer}"
            );
            if *want == "ok" {
                let record = &answer["record"];
                assert_eq!(state(&record["fields"]["review"]), *to, "{answer}");
                if let Some(note) = note {
                    assert_eq!(record["fields"]["review_note"], *note);
                }
            }
        }
        // The viewer may not push at all.
        let mutation = json!({"client_id": app::sync::model::ClientId::new().to_string(),
            "seq": 1, "kind": kind, "record_id": RecordId::new().to_string(),
            "base_version": 0, "at": 1, "op": "put",
            "changes": [{"field": "review", "old": null, "new": "submitted"}]});
        let reply = office
            .viewer
            .post("/api/sync/push", json!({"mutations": [mutation]}))
            .await;
        assert_eq!(reply.status, 403, "{}", reply.body);
    }
    // A return and a reopening need a comment.
    let id = record_in(&mut office, "council_session", 90, "submitted").await;
    let answer = one(
        &mut office.leader,
        "council_session",
        id,
        step("submitted", "returned", None),
    )
    .await;
    assert_eq!(
        answer["reason"]["fields"][0]["field"], "review_note",
        "{answer}"
    );
    assert_eq!(
        answer["reason"]["fields"][0]["code"], "required",
        "{answer}"
    );
}

#[tokio::test]
async fn approved_records_change_only_after_a_reopening_which_is_recorded() {
    let server = TestServer::start().await;
    let mut office = office(&server).await;
    let id = record_in(&mut office, "council_session", 1, "approved").await;
    let edit = json!({"op": "put", "changes": [{"field": "place", "old": "Hội trường tỉnh", "new": "Hội trường A"}]});
    for replica in [&mut office.staff, &mut office.leader] {
        let answer = one(replica, "council_session", id, edit.clone()).await;
        assert_eq!(outcome(&answer), "approved", "{answer}");
    }
    let delete = office.staff.mutation(
        "council_session",
        id,
        0,
        json!({"op": "delete", "seen": fields_of("council_session", 1)}),
    );
    let reply = office.staff.push(&[delete]).await;
    assert_eq!(
        outcome(&reply.body["results"][0]),
        "approved",
        "{}",
        reply.body
    );

    // Submitted: the staff member withdraws before changing it; a leader
    // may correct it as it stands.
    let submitted = record_in(&mut office, "council_session", 2, "submitted").await;
    let answer = one(
        &mut office.staff,
        "council_session",
        submitted,
        edit.clone(),
    )
    .await;
    assert_eq!(outcome(&answer), "submitted", "{answer}");
    let answer = one(
        &mut office.leader,
        "council_session",
        submitted,
        edit.clone(),
    )
    .await;
    assert_eq!(outcome(&answer), "ok", "{answer}");

    // Reopened with a reason, the record is a draft the staff edit.
    let answer = one(
        &mut office.leader,
        "council_session",
        id,
        step("approved", "draft", Some("Bổ sung địa điểm")),
    )
    .await;
    assert_eq!(outcome(&answer), "ok", "{answer}");
    let answer = one(&mut office.staff, "council_session", id, edit).await;
    assert_eq!(outcome(&answer), "ok", "{answer}");
    // The change log keeps every step and the reason, in order, and a
    // pull carries the state.
    let pulled = office
        .leader
        .client
        .post("/api/sync/pull", json!({"since": 0, "limit": 1000}))
        .await;
    let record = pulled.body["records"]
        .as_array()
        .expect("records")
        .iter()
        .find(|record| record["id"] == id.to_string())
        .expect("pulled")
        .clone();
    assert_eq!(record["fields"]["review_note"], "Bổ sung địa điểm");
    assert_eq!(state(&record["fields"]["review"]), "draft");
    assert_eq!(
        record["version"], 5,
        "created, submitted, approved, reopened, edited"
    );
}

#[tokio::test]
async fn two_leaders_acting_on_one_record_at_once_end_in_a_conflict() {
    let server = TestServer::start().await;
    let mut office = office(&server).await;
    for round in 0..5 {
        let id = record_in(&mut office, "council_session", 10 + round, "submitted").await;
        let approve = office.leader.mutation(
            "council_session",
            id,
            0,
            step("submitted", "approved", None),
        );
        let give_back = office.second_leader.mutation(
            "council_session",
            id,
            0,
            step("submitted", "returned", Some("Chưa đủ hồ sơ")),
        );
        let (approve, give_back) = ([approve], [give_back]);
        let (first, second) = tokio::join!(
            office.leader.push(&approve),
            office.second_leader.push(&give_back)
        );
        let answers = [&first.body["results"][0], &second.body["results"][0]];
        let applied = answers.iter().filter(|a| a["result"] == "applied").count();
        let conflicts: Vec<&&Value> = answers
            .iter()
            .filter(|a| a["result"] == "conflict")
            .collect();
        assert_eq!((applied, conflicts.len()), (1, 1), "{answers:?}");
        let conflict = &conflicts[0]["conflicts"][0];
        assert_eq!(conflict["on"], "field");
        assert_eq!(conflict["field"], "review");
        assert_eq!(conflict["base"], "submitted");
        // The record is as the first left it: nothing of the second applied.
        let record = &conflicts[0]["record"];
        assert_eq!(conflict["theirs"], record["fields"]["review"]);
        assert_eq!(record["version"], 3, "{record}");
        let winner_returned = record["fields"]["review"] == "returned";
        assert_eq!(
            record["fields"]["review_note"].is_string(),
            winner_returned,
            "{record}"
        );
        assert!(conflict["theirs_by"]["username"].is_string(), "{conflict}");
    }
}
