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
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        ".{0,40}".prop_map(Value::String),
        (0usize..200_000).prop_map(|n| Value::String("ư ".repeat(n / 3))),
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
    ];
    // Every registered endpoint is fuzzed.
    let registered: Vec<&str> = app::auth::policy::ENDPOINT_ACCESS
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
