//! Malformed bodies to every /api endpoint, as a caller the endpoint lets in:
//! random bytes, random JSON, and a valid body with one value replaced by
//! random JSON (wrong types, huge numbers, long and odd text, deep nesting).
//! No answer may be a 5xx. `HDND_FUZZ_CASES` sets the bodies per endpoint
//! (CI: 200; the long run: `HDND_FUZZ_CASES=10000 cargo test -p server
//! --test fuzz -- --nocapture`, which prints the count per endpoint).

mod common;

use std::collections::BTreeMap;

use app::sync::model::{ClientId, RecordId};
use common::{Client, TestServer};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use serde_json::{Value, json};

fn cases() -> u32 {
    std::env::var("HDND_FUZZ_CASES")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(200)
}

/// Any JSON value, up to a few levels deep, with the numbers and text that
/// break parsers: huge and negative integers, floats, long strings,
/// control and bidi characters, decomposed letters.
fn any_json() -> impl Strategy<Value = Value> {
    any_json_upto(200_000)
}

/// [`any_json`] with its long strings at most `long` characters.
fn any_json_upto(long: usize) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,40}".prop_map(Value::String),
        (0..long).prop_map(|n| Value::String("ư ".repeat(n / 3))),
        Just(Value::String("\u{202e}\u{0000}\u{feff}a\u{0301}".into())),
        Just(json!("2020-13-45")),
        Just(json!("01936a4e-8f7c-7d21-9c55-5a0e1c7e9b10")),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,12}", inner, 0..8)
                .prop_map(|map| Value::Object(map.into_iter().collect())),
        ]
    })
}

/// Every leaf path of a JSON value (object keys and array indexes).
fn paths(value: &Value, prefix: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(prefix.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                prefix.push(Value::String(key.clone()));
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                prefix.push(Value::from(index));
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn replace(value: &mut Value, path: &[Value], with: Value) {
    let Some((first, rest)) = path.split_first() else {
        *value = with;
        return;
    };
    let child = match first {
        Value::String(key) => value.get_mut(key.as_str()),
        Value::Number(index) => index
            .as_u64()
            .and_then(|index| value.get_mut(index as usize)),
        _ => None,
    };
    if let Some(child) = child {
        replace(child, rest, with);
    }
}

/// A malformed body for an endpoint whose valid body is `sample`.
fn malformed(sample: Value) -> impl Strategy<Value = Vec<u8>> {
    let mut all = Vec::new();
    paths(&sample, &mut Vec::new(), &mut all);
    let count = all.len();
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..512),
        any_json().prop_map(|value| value.to_string().into_bytes()),
        (0..count, any_json()).prop_map(move |(index, with)| {
            let mut body = sample.clone();
            replace(&mut body, &all[index], with);
            body.to_string().into_bytes()
        }),
    ]
}

/// Malformed bodies, and the valid body cut short.
fn malformed_for(sample: Value) -> impl Strategy<Value = Vec<u8>> {
    let text = sample.to_string();
    prop_oneof![
        4 => malformed(sample),
        1 => (0..=text.len()).prop_map(move |cut| text.as_bytes()[..cut].to_vec()),
    ]
}

async fn post_bytes(client: &Client, path: &str, body: Vec<u8>) -> u16 {
    client
        .http
        .post(format!("{}{path}", client.base))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
}

#[test]
fn no_malformed_body_to_any_endpoint_gets_a_5xx() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (server, admin, staff, anonymous) = runtime.block_on(async {
        let server = TestServer::start().await;
        let admin = server.admin().await;
        server.add_user(&admin, "fuzz_target", "viewer").await;
        let password = server.add_user(&admin, "lan", "staff").await;
        let staff = server.signed_in("lan", &password).await;
        let anonymous = server.client();
        (server, admin, staff, anonymous)
    });
    let mutation = json!({
        "client_id": ClientId::new().to_string(), "seq": 1, "kind": "council_session",
        "record_id": RecordId::new().to_string(), "base_version": 0, "at": 1_700_000_000_000_i64,
        "op": "put", "changes": [
            {"field": "term", "old": null, "new": 18},
            {"field": "place", "old": null, "new": "Hội trường"}
        ]
    });
    let endpoints: Vec<(&str, &Client, Value)> = vec![
        (
            "/api/system/hello",
            &anonymous,
            json!({"client": {"build": "dev"}}),
        ),
        (
            "/api/auth/login",
            &anonymous,
            json!({"username": "ai", "password": "mật khẩu"}),
        ),
        ("/api/auth/logout", &anonymous, json!({})),
        ("/api/auth/me", &staff, json!({})),
        (
            "/api/auth/password",
            &staff,
            json!({"current_password": "không đúng", "new_password": "mật khẩu mới dài"}),
        ),
        ("/api/admin/users", &admin, json!({})),
        (
            "/api/admin/users/create",
            &admin,
            json!({"username": "moi", "display_name": "Mới", "role": "viewer", "password": "mật khẩu đủ dài"}),
        ),
        (
            "/api/admin/users/set-role",
            &admin,
            json!({"username": "fuzz_target", "role": "viewer"}),
        ),
        (
            "/api/admin/users/set-password",
            &admin,
            json!({"username": "fuzz_target", "password": "mật khẩu đủ dài"}),
        ),
        (
            "/api/admin/users/set-disabled",
            &admin,
            json!({"username": "fuzz_target", "disabled": false}),
        ),
        (
            "/api/admin/security-events",
            &admin,
            json!({"before": null, "limit": 5}),
        ),
        ("/api/sync/push", &staff, json!({"mutations": [mutation]})),
        ("/api/sync/pull", &staff, json!({"since": 0, "limit": 10})),
        ("/api/notices/list", &staff, json!({})),
        ("/api/notices/seen", &staff, json!({"ids": [1, 2, 3]})),
        (
            "/api/records/history",
            &staff,
            json!({"kind": "council_session", "id": RecordId::new().to_string(), "before": null, "limit": 10}),
        ),
        (
            "/api/records/changes",
            &admin,
            json!({"username": "lan", "kind": "council_session", "from": "2020-01-01", "to": "2020-12-31", "before": null, "limit": 10}),
        ),
    ];
    // Every registered endpoint is fuzzed.
    let registered: Vec<&str> = app::endpoints::ENDPOINTS
        .iter()
        .map(|(path, _)| *path)
        .collect();
    let fuzzed: Vec<&str> = endpoints.iter().map(|(path, _, _)| *path).collect();
    assert_eq!(fuzzed, registered);

    let cases = cases();
    let mut report = Vec::new();
    for (path, client, sample) in endpoints {
        let mut runner = TestRunner::new(Config {
            cases,
            failure_persistence: None,
            max_shrink_iters: 200,
            ..Config::default()
        });
        let statuses = std::cell::RefCell::new(BTreeMap::<u16, u32>::new());
        let outcome = runner.run(&malformed_for(sample), |body| {
            let shown = String::from_utf8_lossy(&body[..body.len().min(300)]).into_owned();
            let status = runtime.block_on(post_bytes(client, path, body));
            *statuses.borrow_mut().entry(status).or_default() += 1;
            if status >= 500 {
                return Err(TestCaseError::fail(format!(
                    "{path} answered {status} to {shown}"
                )));
            }
            Ok(())
        });
        if let Err(failure) = outcome {
            panic!("{failure}");
        }
        let statuses = statuses.into_inner();
        let sent: u32 = statuses.values().sum();
        report.push(format!("{path}: {sent} bodies, statuses {statuses:?}"));
    }
    for line in &report {
        println!("fuzz {line}");
    }
    drop(server);
}

fn kind_cases() -> usize {
    std::env::var("HDND_FUZZ_KIND_CASES")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(60)
}

/// A hostile value for a field of type `ty`: the kind of value that breaks
/// a validator — wrong JSON types, limits ±1, text that is not text,
/// numbers and dates that only look right, ids of the wrong kind.
fn hostile(ty: app::records::spec::FieldType, ids: Vec<String>) -> BoxedStrategy<Value> {
    use app::records::spec::FieldType;
    let text = |max: usize| {
        prop_oneof![
            Just(json!("x".repeat(max))),
            Just(json!("ư".repeat(max + 1))),
            Just(json!("𝕂".repeat(max))),
            Just(json!("\u{202e}evil")),
            Just(json!("a\u{0}b")),
            Just(json!("\u{1b}[2J")),
            Just(json!("\u{200b}\u{feff}")),
            Just(json!("\u{301}")),
            Just(json!("dòng 1\ndòng 2\ttab")),
            Just(json!("Ho\u{302}\u{323}i \"trích\" \\ </script>")),
            Just(json!("  ")),
            ".{0,40}".prop_map(Value::String),
            any_json_upto(30_000),
        ]
        .boxed()
    };
    match ty {
        FieldType::Text { max } | FieldType::LongText { max } => text(max),
        FieldType::Integer { min, max, .. } => prop_oneof![
            Just(json!(min)),
            Just(json!(max)),
            Just(json!(min.saturating_sub(1))),
            Just(json!(max.saturating_add(1))),
            Just(json!(i64::MIN)),
            Just(json!(u64::MAX)),
            Just(json!(5.5)),
            Just(json!(-0.0)),
            Just(json!("5")),
            any::<i64>().prop_map(Value::from),
            any_json_upto(30_000),
        ]
        .boxed(),
        FieldType::Decimal { min, max } => prop_oneof![
            Just(json!(10.000000001)),
            Just(json!(0.30000000000000004)),
            Just(serde_json::from_str::<Value>("5e-324").unwrap_or(Value::Null)),
            Just(json!(-0.0)),
            Just(json!(1e308)),
            Just(json!(min)),
            Just(json!(max)),
            Just(json!(max as f64 + 0.01)),
            Just(json!("92,5")),
            any::<f64>()
                .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
            any_json_upto(30_000),
        ]
        .boxed(),
        FieldType::Date => prop_oneof![
            Just(json!("0000-01-01")),
            Just(json!("1944-12-31")),
            Just(json!("2101-01-01")),
            Just(json!("2020-02-30")),
            Just(json!("20201209")),
            Just(json!("09/12/2020")),
            Just(json!("２０２０-１２-０９")),
            "[0-9]{4}-[0-9]{2}-[0-9]{2}".prop_map(Value::String),
            any_json_upto(30_000),
        ]
        .boxed(),
        FieldType::Choice(set) => prop_oneof![
            prop::sample::select(set.values.to_vec()).prop_map(|code| json!(code.to_uppercase())),
            Just(json!("")),
            Just(json!(0)),
            "[a-z_]{1,20}".prop_map(Value::String),
            any_json_upto(30_000),
        ]
        .boxed(),
        FieldType::YesNo => prop_oneof![
            Just(json!("true")),
            Just(json!(1)),
            Just(json!("có")),
            any_json_upto(30_000),
        ]
        .boxed(),
        FieldType::Link(_) | FieldType::Links { .. } => {
            let ids = ids.clone();
            let single = prop_oneof![
                prop::sample::select(ids.clone()).prop_map(Value::String),
                prop::sample::select(ids).prop_map(|id| json!(id.to_uppercase().replace('-', ""))),
                Just(json!(RecordId::new().to_string())),
                Just(json!("9b2f5a58-3f86-4c7a-9a7e-0d4d3c1e2f10")),
                Just(json!("not an id")),
                any_json_upto(30_000),
            ];
            if let FieldType::Links { max, .. } = ty {
                prop_oneof![
                    prop::collection::vec(single.clone(), 0..(max + 2).min(40))
                        .prop_map(Value::Array),
                    single,
                ]
                .boxed()
            } else {
                single.boxed()
            }
        }
        FieldType::DocNumber => prop_oneof![
            Just(json!(85)),
            Just(json!("85/BC-HĐND")),
            Just(json!("85/BC--HĐND")),
            Just(json!(format!("{}/BC-HĐND", "9".repeat(7)))),
            Just(json!("05/2025/NQ-HĐND".repeat(5))),
            "[0-9]{1,6}/[A-Za-zĐđ0-9-]{0,12}".prop_map(Value::String),
            any_json_upto(30_000),
        ]
        .boxed(),
    }
}

/// Draws one value of `strategy`.
fn draw<T: std::fmt::Debug>(strategy: &BoxedStrategy<T>, runner: &mut TestRunner) -> T {
    strategy
        .new_tree(runner)
        .map(|tree| proptest::strategy::ValueTree::current(&tree))
        .expect("a value")
}

/// Every kind's fields, each filled with hostile values, pushed by a role
/// that may write the kind — creates, edits, deletes and restores of records
/// whose links point at real records of every kind. No answer may be a
/// 5xx, and every answer is a known outcome. `HDND_FUZZ_KIND_CASES` sets the
/// mutations per kind (CI: 60; the long run: 10,000).
#[test]
fn no_hostile_value_in_any_kinds_field_gets_a_5xx() {
    use app::kinds::REGISTRY;
    use app::sync::model::RecordKind;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (server, admin, leader) = runtime.block_on(async {
        // The fuzzer writes far more than a person: no rate limit here.
        let server = TestServer::start_with(server::Settings {
            rates: server::rates::RateLimits {
                mutations_burst: 1e12,
                bytes_burst: 1e15,
                ..server::rates::RateLimits::default()
            },
            ..server::Settings::default()
        })
        .await;
        let admin = server.admin().await;
        let password = server.add_user(&admin, "lanhdao", "office_leader").await;
        let leader = server.signed_in("lanhdao", &password).await;
        (server, admin, leader)
    });
    let writer = |kind: RecordKind| {
        let spec = REGISTRY.get(kind).expect("registered");
        if spec.writable_by(app::auth::model::Role::OfficeLeader) {
            &leader
        } else {
            &admin
        }
    };
    // One real record of every kind, each after the kinds it links to; its
    // links point at those records.
    let mut made: BTreeMap<RecordKind, String> = BTreeMap::new();
    let mut clients: BTreeMap<RecordKind, (ClientId, u64)> = BTreeMap::new();
    let samples = app::kinds::samples();
    let mut left: Vec<&app::kinds::Sample> = samples.iter().collect();
    let body_with_links = |sample: &app::kinds::Sample, made: &BTreeMap<RecordKind, String>| {
        let mut fields = sample.fields.clone();
        for field in sample.spec.fields {
            if let Some(target) = field.ty.target() {
                match (made.get(&target), field.ty) {
                    (Some(id), app::records::spec::FieldType::Links { .. }) => {
                        fields.insert(field.name.into(), json!([id]));
                    }
                    (Some(id), _) => {
                        fields.insert(field.name.into(), json!(id));
                    }
                    (None, _) => {
                        fields.remove(field.name);
                    }
                }
            }
        }
        fields
    };
    while !left.is_empty() {
        let index = left
            .iter()
            .position(|sample| {
                sample.spec.fields.iter().all(|field| {
                    field.ty.target().is_none_or(|target| {
                        target == sample.spec.kind || made.contains_key(&target)
                    })
                })
            })
            .expect("links form no cycle");
        let sample = left.remove(index);
        let kind = sample.spec.kind;
        let id = RecordId::new();
        let client = ClientId::new();
        let fields = body_with_links(sample, &made);
        let changes: Vec<Value> = fields
            .iter()
            .map(|(field, value)| json!({"field": field, "old": null, "new": value}))
            .collect();
        let reply = runtime.block_on(writer(kind).post(
            "/api/sync/push",
            json!({"mutations": [{
                "client_id": client.to_string(), "seq": 1, "kind": kind.as_str(),
                "record_id": id.to_string(), "base_version": 0, "at": 0,
                "op": "put", "changes": changes
            }]}),
        ));
        assert_eq!(reply.status, 200, "{kind}: {}", reply.body);
        assert_eq!(
            reply.body["results"][0]["result"], "applied",
            "{kind}: {}",
            reply.body
        );
        made.insert(kind, id.to_string());
        clients.insert(kind, (client, 2));
    }
    let ids: Vec<String> = made.values().cloned().collect();

    let cases = kind_cases();
    let mut runner = TestRunner::new(Config {
        failure_persistence: None,
        ..Config::default()
    });
    let mut report = Vec::new();
    for sample in &samples {
        let spec = sample.spec;
        let kind = spec.kind;
        let base = body_with_links(sample, &made);
        let strategies: Vec<(&str, BoxedStrategy<Value>)> = spec
            .fields
            .iter()
            .map(|field| (field.name, hostile(field.ty, ids.clone())))
            .collect();
        let mut outcomes = BTreeMap::<String, u32>::new();
        let mut sent = 0;
        while sent < cases {
            // Fifty mutations a push: each judged on its own by the server.
            let batch = (cases - sent).min(50);
            let (client, seq) = clients.get_mut(&kind).expect("a client");
            let mut mutations = Vec::with_capacity(batch);
            for offset in 0..batch {
                let mut fields = base.clone();
                let count = 1 + (offset % 4);
                for _ in 0..count {
                    let pick = draw(&(0..strategies.len()).boxed(), &mut runner);
                    let (name, strategy) = &strategies[pick];
                    fields.insert((*name).into(), draw(strategy, &mut runner));
                }
                let (record, base_version, op) = match offset % 5 {
                    // Edits, deletes and restores of the real record, from
                    // values that may or may not be what it holds.
                    1 => (
                        made[&kind].clone(),
                        1,
                        json!({"op": "put", "changes": fields.iter().take(3).map(|(field, value)| {
                            json!({"field": field, "old": base.get(field).cloned().unwrap_or(Value::Null), "new": value})
                        }).collect::<Vec<_>>()}),
                    ),
                    2 => (
                        made[&kind].clone(),
                        1,
                        json!({"op": "delete", "seen": fields}),
                    ),
                    3 => (
                        made[&kind].clone(),
                        1,
                        json!({"op": "restore", "changes": fields.iter().take(2).map(|(field, value)| {
                            json!({"field": field, "old": null, "new": value})
                        }).collect::<Vec<_>>()}),
                    ),
                    _ => (
                        RecordId::new().to_string(),
                        0,
                        json!({"op": "put", "changes": fields.iter().map(|(field, value)| {
                            json!({"field": field, "old": null, "new": value})
                        }).collect::<Vec<_>>()}),
                    ),
                };
                let mut mutation = json!({
                    "client_id": client.to_string(), "seq": *seq + offset as u64, "kind": kind.as_str(),
                    "record_id": record, "base_version": base_version, "at": 0,
                });
                for (key, value) in op.as_object().expect("an op") {
                    mutation[key] = value.clone();
                }
                mutations.push(mutation);
            }
            let mut answered = 0;
            while answered < mutations.len() {
                let reply = runtime.block_on(writer(kind).post(
                    "/api/sync/push",
                    json!({"mutations": &mutations[answered..]}),
                ));
                let shown = || {
                    let text = Value::Array(mutations[answered..].to_vec()).to_string();
                    text.chars().take(600).collect::<String>()
                };
                assert!(
                    reply.status < 500,
                    "{kind}: {} to {}",
                    reply.status,
                    shown()
                );
                if reply.status == 400 {
                    // Malformed as a whole (a value over the weight of a
                    // mutation): nothing was kept. The first unanswered one is the
                    // one refused; the rest go on, renumbered.
                    let message = reply.body["message"].as_str().unwrap_or_default();
                    let reason = message.split(": ").nth(1).unwrap_or(message);
                    let reason: String = reason.chars().take(40).collect();
                    *outcomes.entry(format!("400 {reason}")).or_default() += 1;
                    mutations.remove(answered);
                    for (offset, mutation) in mutations.iter_mut().enumerate().skip(answered) {
                        mutation["seq"] = json!(*seq + offset as u64);
                    }
                    continue;
                }
                assert_eq!(reply.status, 200, "{kind}: {}", reply.body);
                let results = reply.body["results"].as_array().expect("results").clone();
                assert!(!results.is_empty(), "{kind}: a push answered nothing");
                for result in &results {
                    let outcome = result["result"].as_str().unwrap_or("?").to_owned();
                    assert!(
                        ["applied", "conflict", "rejected"].contains(&outcome.as_str()),
                        "{kind}: {result}"
                    );
                    let key = match outcome.as_str() {
                        "rejected" => format!(
                            "rejected {}",
                            result["reason"]["reason"].as_str().unwrap_or("?")
                        ),
                        other => other.to_owned(),
                    };
                    *outcomes.entry(key).or_default() += 1;
                }
                answered += results.len();
            }
            *seq += mutations.len() as u64;
            sent += batch;
        }
        report.push(format!("{kind}: {sent} mutations, {outcomes:?}"));
    }
    for line in &report {
        println!("fuzz kinds {line}");
    }
    drop(server);
}
