//! docs/API.md's example of every kind, pushed as an outside client would:
//! each is applied for a role that may write the kind, pulled back as sent,
//! and refused as `forbidden` for a role that may not.

mod common;

use app::auth::model::Role;
use app::kinds::REGISTRY;
use app::sync::model::{ClientId, RecordKind};
use common::{Client, TestServer};
use serde_json::{Value, json};

/// The push request under each "### Kind `…`" heading of docs/API.md.
fn documented_examples() -> Vec<(RecordKind, Value)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/API.md");
    let text = std::fs::read_to_string(path).expect("docs/API.md");
    text.split("\n### Kind `")
        .skip(1)
        .map(|section| {
            let kind = section.split('`').next().expect("kind name");
            let json = section
                .split("```json\n")
                .nth(1)
                .and_then(|rest| rest.split("\n```").next())
                .unwrap_or_else(|| panic!("{kind}: no example"));
            let kind = RecordKind::parse(kind).expect("a kind name");
            (
                kind,
                serde_json::from_str(json).expect("the example is JSON"),
            )
        })
        .collect()
}

/// A role that writes `kind`, and one that does not (but reads it).
fn writer_and_reader(kind: RecordKind) -> (Role, Option<Role>) {
    let spec = REGISTRY.get(kind).expect("registered");
    let writer = Role::ALL
        .into_iter()
        .find(|role| spec.writable_by(*role))
        .expect("someone writes it");
    let reader = Role::ALL
        .into_iter()
        .find(|role| spec.readable_by(*role) && !spec.writable_by(*role));
    (writer, reader)
}

#[tokio::test]
async fn every_documented_example_is_applied_and_pulled_back_as_sent() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let examples = documented_examples();
    let documented: Vec<RecordKind> = examples.iter().map(|(kind, _)| *kind).collect();
    let registered: Vec<RecordKind> = REGISTRY.all().map(|spec| spec.kind).collect();
    assert_eq!(
        documented, registered,
        "docs/API.md documents every kind once"
    );

    let mut clients: Vec<(Role, Client, ClientId, u64)> = Vec::new();
    for role in Role::ALL {
        let name = format!("u.{role}").replace('_', "");
        let password = if role == Role::Admin {
            common::ADMIN_PASSWORD.to_owned()
        } else {
            server.add_user(&admin, &name, role.as_str()).await
        };
        let name = if role == Role::Admin {
            "admin".to_owned()
        } else {
            name
        };
        let client = server.signed_in(&name, &password).await;
        clients.push((role, client, ClientId::new(), 1));
    }
    // A link must name an existing record: each kind after the kinds its
    // example links to (the examples link to each other's ids).
    let mut examples = examples;
    let mut ordered = Vec::new();
    while !examples.is_empty() {
        let entered: Vec<RecordKind> = ordered.iter().map(|(kind, _)| *kind).collect();
        let ready = examples
            .iter()
            .position(|(kind, _)| {
                REGISTRY
                    .get(*kind)
                    .expect("registered")
                    .fields
                    .iter()
                    .all(|field| {
                        field
                            .ty
                            .target()
                            .is_none_or(|target| target == *kind || entered.contains(&target))
                    })
            })
            .expect("the kinds' links form no cycle");
        ordered.push(examples.remove(ready));
    }
    for (kind, example) in ordered {
        let (writer, reader) = writer_and_reader(kind);
        let mut mutation = example["mutations"][0].clone();
        for (role, client, id, seq) in clients.iter_mut() {
            if *role != writer && Some(*role) != reader {
                continue;
            }
            mutation["client_id"] = json!(id.to_string());
            mutation["seq"] = json!(*seq);
            *seq += 1;
            let reply = client
                .post("/api/sync/push", json!({"mutations": [mutation]}))
                .await;
            assert_eq!(reply.status, 200, "{kind} as {role}: {}", reply.body);
            let result = &reply.body["results"][0];
            if *role == writer {
                assert_eq!(result["result"], "applied", "{kind} as {role}: {result}");
                // Pulled back as sent.
                let fields = &result["record"]["fields"];
                for change in mutation["changes"].as_array().unwrap() {
                    let field = change["field"].as_str().unwrap();
                    assert_eq!(fields[field], change["new"], "{kind}.{field}");
                }
            } else {
                assert_eq!(result["reason"]["reason"], "forbidden", "{kind} as {role}");
            }
        }
    }
}
