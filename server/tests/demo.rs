//! `hdnd demo`: the reference year of DOMAIN.md entered as real records,
//! whose figures are the ones the year-end report must print; refused on a
//! database that holds records; its accounts sign in.

mod common;

use app::auth::model::Role;
use app::kinds::measures;
use app::records::figures::Period;
use app::sync::model::Document;
use common::TestServer;
use serde_json::{Value, json};
use server::demo::{self, DEMO_PASSWORD, DemoError};

fn all_records(server: &TestServer) -> Vec<Document> {
    let mut records = Vec::new();
    let mut since = 0;
    loop {
        let page = server
            .store
            .pull(Role::OfficeLeader, since, 1_000)
            .expect("pull");
        records.extend(page.records);
        since = page.cursor;
        if !page.more {
            return records;
        }
    }
}

fn of<'a>(records: &'a [Document], kind: &str) -> Vec<&'a Document> {
    records.iter().filter(|r| r.kind.as_str() == kind).collect()
}

fn text<'a>(record: &'a Document, field: &str) -> &'a str {
    record
        .fields
        .get(field)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

fn in_2020(record: &Document, field: &str) -> bool {
    text(record, field).starts_with("2020-")
}

#[tokio::test]
async fn the_demo_is_the_reference_year_with_its_figures() {
    let server = TestServer::start().await;
    let summary = demo::enter(&server.store, false).expect("demo");
    let records = all_records(&server);
    assert_eq!(records.len(), summary.total());

    let sessions = of(&records, "council_session");
    let regular_2020 = sessions
        .iter()
        .filter(|r| in_2020(r, "starts_on") && text(r, "session_type") == "regular")
        .count();
    assert_eq!(regular_2020, 2, "2 regular sessions");
    let meetings_2020 = of(&records, "sc_meeting")
        .into_iter()
        .filter(|r| in_2020(r, "held_on") && text(r, "meeting_type") == "regular")
        .count();
    assert_eq!(meetings_2020, 10, "10 regular Standing Committee meetings");
    let matters: Vec<&Document> = of(&records, "opinion_matter")
        .into_iter()
        .filter(|r| in_2020(r, "received_on"))
        .collect();
    assert_eq!(matters.len(), 60, "60 matters");
    let documents: std::collections::BTreeSet<&str> =
        matters.iter().map(|r| text(r, "document")).collect();
    assert!(
        documents.len() < 60 && documents.len() > 20,
        "{} documents",
        documents.len()
    );
    let fields: std::collections::BTreeSet<&str> =
        matters.iter().map(|r| text(r, "field")).collect();
    assert!(fields.len() >= 5, "matters across fields");
    assert_eq!(of(&records, "supervision").len(), 2, "2 supervisions");
    assert!(!of(&records, "recommendation").is_empty());
    let visits: Vec<&Document> = of(&records, "visit")
        .into_iter()
        .filter(|r| in_2020(r, "visited_on"))
        .collect();
    assert_eq!(visits.len(), 113, "113 visits");
    let about: std::collections::BTreeSet<&str> =
        visits.iter().map(|r| text(r, "matter")).collect();
    assert_eq!(about.len(), 25, "about 25 matters");
    assert_eq!(of(&records, "reception_matter").len(), 25);
    let hosted: Vec<&Document> = of(&records, "conference")
        .into_iter()
        .filter(|r| in_2020(r, "starts_on") && text(r, "role") == "host")
        .collect();
    assert_eq!(hosted.len(), 1);
    assert_eq!(hosted[0].fields["ordinal"], json!(8), "the 8th conference");
    let members = of(&records, "party_member");
    assert_eq!(members.len(), 35, "35 Party members");
    let flag = |field: &str| {
        members
            .iter()
            .filter(|r| r.fields.get(field) == Some(&json!(true)))
            .count()
    };
    assert_eq!(flag("provincial_standing"), 1);
    assert_eq!(flag("provincial_committee"), 3);
    let organisation: Vec<&Document> = of(&records, "party_rating")
        .into_iter()
        .filter(|r| text(r, "rated") == "organisation")
        .collect();
    assert_eq!(
        text(organisation[0], "rating"),
        "httnv",
        "hoàn thành tốt nhiệm vụ"
    );
    let targets_2020: Vec<&Document> = of(&records, "plan_target")
        .into_iter()
        .filter(|r| r.fields["year"] == json!(2020))
        .collect();
    assert_eq!(targets_2020.len(), 6);
    // Entered targets carry their result; computed ones are counted from
    // the year's records with the measure they name, as every page and the
    // report count them.
    let year = Period::year(2020).expect("2020");
    let mut computed = 0;
    for target in &targets_2020 {
        let planned = target.fields["planned"].as_f64().expect("planned");
        match text(target, "source") {
            "entered" => assert!(
                matches!(text(target, "result"), "met" | "exceeded"),
                "{}: all targets met or exceeded",
                text(target, "text")
            ),
            _ => {
                let measure = measures::measure(text(target, "measure")).expect("a measure");
                let figure = measure.over(
                    year,
                    records
                        .iter()
                        .filter(|r| !r.deleted)
                        .map(|r| (r.kind, r.id, &r.fields)),
                );
                assert_eq!(figure.value, planned, "{}", text(target, "text"));
                assert_eq!(figure.ids.len(), planned as usize);
                assert!(!target.fields.contains_key("actual"));
                computed += 1;
            }
        }
    }
    assert_eq!(
        computed, 3,
        "sessions, meetings and supervisions are counted"
    );
    assert!(
        of(&records, "award")
            .iter()
            .any(|r| text(r, "name") == "Cơ quan văn hóa")
    );
    // Some records of 2021.
    assert!(records.iter().any(|r| {
        r.fields
            .values()
            .any(|v| v.as_str().is_some_and(|s| s.starts_with("2021-")))
    }));
    // Every record went through the store: authored by the demo accounts.
    assert!(
        records
            .iter()
            .filter(|r| r.kind.as_str() == "visit")
            .all(|r| r.created.username == "tiepdan")
    );

    // A database with records is refused unless told otherwise.
    let again = demo::enter(&server.store, false).unwrap_err();
    assert!(
        matches!(again, DemoError::NotEmpty(n) if n as usize == records.len()),
        "{again}"
    );

    // The accounts sign in with the documented password.
    for (username, _, role) in demo::ACCOUNTS {
        let reply = server.client().login(username, DEMO_PASSWORD).await;
        assert_eq!(reply.status, 200, "{username}: {}", reply.body);
        assert_eq!(reply.body["role"], role.as_str());
    }
}

/// Every demo record reached its review state through the steps its
/// author and reviewer take, as the demo data gives it.
#[tokio::test]
async fn the_demos_records_are_reviewed_by_the_right_people() {
    use app::records::review::State;
    let server = TestServer::start().await;
    demo::enter(&server.store, false).expect("demo");
    let records = all_records(&server);
    let count = |states: &mut std::collections::BTreeMap<(String, State), usize>,
                 kind: &str,
                 fields: &app::sync::model::Fields| {
        if app::kinds::REGISTRY
            .get(app::sync::model::RecordKind::new(kind))
            .is_some_and(|spec| spec.review.is_some())
        {
            *states
                .entry((kind.to_owned(), State::of(fields)))
                .or_default() += 1;
        }
    };
    let mut stored = Default::default();
    for record in &records {
        count(&mut stored, record.kind.as_str(), &record.fields);
    }
    let mut given = Default::default();
    for record in app::demo::DemoYear::new().records {
        count(&mut given, record.kind.as_str(), &record.fields);
    }
    assert_eq!(stored, given, "the states the demo data gives");
    for state in State::ALL {
        assert!(
            stored.keys().any(|(_, s)| *s == state),
            "some record is {state:?}"
        );
    }

    for record in &records {
        let state = State::of(&record.fields);
        let standing_output = matches!(record.kind.as_str(), "sc_meeting" | "opinion_matter");
        let by_leader = record.created.username == "lanhdao";
        match state {
            State::Returned => {
                assert_eq!(
                    text(record, "review_note"),
                    app::demo::RETURN_NOTE,
                    "{}",
                    record.kind
                );
                let reviewer = if standing_output {
                    "thuongtruc"
                } else {
                    "lanhdao"
                };
                assert_eq!(record.updated.username, reviewer, "{}", record.kind);
            }
            State::Approved if standing_output && !by_leader => {
                assert_eq!(record.updated.username, "thuongtruc", "{}", record.kind);
            }
            State::Approved => assert_eq!(record.updated.username, "lanhdao", "{}", record.kind),
            State::Submitted => {
                assert_eq!(
                    record.updated.username, record.created.username,
                    "submitted by its author: {}",
                    record.kind
                );
            }
            State::Draft => {}
        }
    }
}

#[tokio::test]
async fn the_demos_citizens_have_names_of_their_own() {
    let server = TestServer::start().await;
    demo::enter(&server.store, false).expect("demo");
    let records = all_records(&server);
    // The office's people: its accounts, deputies and Party members.
    let mut officials: std::collections::BTreeSet<String> = demo::ACCOUNTS
        .iter()
        .map(|(_, display_name, _)| (*display_name).to_owned())
        .collect();
    for kind in ["deputy", "party_member"] {
        officials.extend(
            of(&records, kind)
                .iter()
                .map(|record| text(record, "full_name").to_owned()),
        );
    }
    let citizens: Vec<String> = of(&records, "reception_matter")
        .iter()
        .map(|record| text(record, "citizen_name").to_owned())
        .chain(
            of(&records, "letter")
                .iter()
                .map(|record| text(record, "sender_name").to_owned()),
        )
        .filter(|name| !name.is_empty())
        .collect();
    assert!(citizens.len() >= 25, "{}", citizens.len());
    let shared: Vec<&String> = citizens
        .iter()
        .filter(|name| officials.contains(*name))
        .collect();
    assert!(shared.is_empty(), "citizens named as officials: {shared:?}");
    // Nor do they share a family name with anyone of the office.
    let family = |name: &str| name.split(' ').next().unwrap_or_default().to_owned();
    let official_families: std::collections::BTreeSet<String> =
        officials.iter().map(|name| family(name)).collect();
    assert!(
        citizens
            .iter()
            .all(|name| !official_families.contains(&family(name)))
    );
}
