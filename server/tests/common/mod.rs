//! Boots the real router on a random port with a fresh database (with the
//! first administrator) and calls it over HTTP, as the browser and outside
//! clients do. Each `Client` has its own cookie jar: one signed-in browser.

#![allow(dead_code)]

use std::net::SocketAddr;

use app::sync::model::{ClientId, RecordId};
use reqwest::header::HeaderMap;
use serde_json::{Value, json};
use server::{AppState, Settings, accounts, store::Store};

pub const ADMIN_PASSWORD: &str = "mật khẩu quản trị 2026";

pub struct TestServer {
    pub addr: SocketAddr,
    pub store: std::sync::Arc<Store>,
    pub state: AppState,
    data: tempfile::TempDir,
}

pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
}

impl TestServer {
    pub async fn start() -> Self {
        Self::start_with(Settings::default()).await
    }

    pub async fn start_with(settings: Settings) -> Self {
        Self::start_with_limits(settings, server::store::WriterLimits::default()).await
    }

    /// With the writer's limits on one push set by the test.
    pub async fn start_with_limits(
        settings: Settings,
        limits: server::store::WriterLimits,
    ) -> Self {
        let data = tempfile::tempdir().expect("temp dir");
        let store =
            Store::open_with(data.path(), &app::kinds::REGISTRY, limits).expect("open store");
        accounts::ensure_admin(&store, Some(ADMIN_PASSWORD)).expect("first administrator");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("local addr");
        let state = AppState::new(store, settings);
        let store = state.store.clone();
        tokio::spawn(server::run(listener, state.clone(), std::future::pending()));
        Self {
            addr,
            store,
            state,
            data,
        }
    }

    pub fn data_dir(&self) -> &std::path::Path {
        self.data.path()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// A fresh browser-like client with its own cookie jar.
    pub fn client(&self) -> Client {
        Client {
            base: format!("http://{}", self.addr),
            http: reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .expect("client"),
        }
    }

    /// A client signed in as `username`.
    pub async fn signed_in(&self, username: &str, password: &str) -> Client {
        let client = self.client();
        let reply = client.login(username, password).await;
        assert_eq!(reply.status, 200, "login {username}: {}", reply.body);
        client
    }

    pub async fn admin(&self) -> Client {
        self.signed_in("admin", ADMIN_PASSWORD).await
    }

    /// A second administrator, made through the store (for when `admin` is
    /// locked out by the test), signed in.
    pub async fn second_admin(&self) -> Client {
        let user = app::auth::model::ValidNewUser {
            username: app::auth::model::Username::parse("quantri2").expect("user name"),
            display_name: "Quản trị 2".into(),
            role: app::auth::model::Role::Admin,
        };
        let hash = app::auth::server::hash_password("mật khẩu thứ hai").expect("hash");
        let source = app::backend::EventSource {
            actor: None,
            origin: "test".into(),
        };
        self.store
            .create_user(&user, &hash, &source)
            .expect("second administrator");
        self.signed_in("quantri2", "mật khẩu thứ hai").await
    }

    /// Creates a user as the administrator; the password is `<name>-mật-khẩu`.
    pub async fn add_user(&self, admin: &Client, username: &str, role: &str) -> String {
        let password = format!("{username}-mật-khẩu");
        let reply = admin
            .post(
                "/api/admin/users/create",
                json!({"username": username, "display_name": format!("Người dùng {username}"),
                       "role": role, "password": password}),
            )
            .await;
        assert_eq!(reply.status, 200, "create {username}: {}", reply.body);
        password
    }
}

#[derive(Clone)]
pub struct Client {
    pub base: String,
    pub http: reqwest::Client,
}

impl Client {
    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.post_raw(path, &body.to_string(), &[]).await
    }

    pub async fn post_raw(&self, path: &str, body: &str, headers: &[(&str, &str)]) -> Reply {
        let mut request = self
            .http
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .body(body.to_owned());
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.expect("body");
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        Reply {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request")
    }

    pub async fn login(&self, username: &str, password: &str) -> Reply {
        self.post(
            "/api/auth/login",
            json!({"username": username, "password": password}),
        )
        .await
    }
}

/// The address `hdnd serve` announces on stderr ("serving on http://…"),
/// read from its log lines (which go on being readable afterwards).
pub fn announced_address(lines: impl Iterator<Item = std::io::Result<String>>) -> String {
    lines
        .map_while(Result::ok)
        .find_map(|line| {
            line.split("serving on http://")
                .nth(1)
                .map(|rest| rest.trim().to_owned())
        })
        .expect("the server announces its address")
}

/// A browser replica pushing as someone: its id and next sequence number.
pub struct Replica {
    pub client: Client,
    pub id: ClientId,
    pub next_seq: u64,
}

impl Replica {
    pub fn new(client: Client) -> Self {
        Self {
            client,
            id: ClientId::new(),
            next_seq: 1,
        }
    }

    pub fn mutation(&mut self, kind: &str, record: RecordId, base: u64, op: Value) -> Value {
        let mut mutation = json!({
            "client_id": self.id.to_string(), "seq": self.next_seq, "kind": kind,
            "record_id": record.to_string(), "base_version": base, "at": 1_700_000_000_000_i64,
        });
        self.next_seq += 1;
        for (key, value) in op.as_object().expect("an op") {
            mutation[key] = value.clone();
        }
        mutation
    }

    pub fn create(&mut self, kind: &str, record: RecordId, fields: &Value) -> Value {
        let changes: Vec<Value> = fields
            .as_object()
            .expect("fields")
            .iter()
            .map(|(field, value)| json!({"field": field, "old": null, "new": value}))
            .collect();
        self.mutation(kind, record, 0, json!({"op": "put", "changes": changes}))
    }

    pub async fn push(&self, mutations: &[Value]) -> Reply {
        self.client
            .post("/api/sync/push", json!({ "mutations": mutations }))
            .await
    }

    /// Pushes until every mutation is answered, as the browser does.
    pub async fn push_all(&self, mutations: &[Value]) -> Vec<Value> {
        push_all(&self.client, mutations).await
    }
}

/// Pushes until every mutation is answered (the server may answer the
/// first ones only, within its limits), as the browser does, at most 30 at a
/// time (30 of the largest records fit one body).
pub async fn push_all(client: &Client, mutations: &[Value]) -> Vec<Value> {
    let mut results = Vec::new();
    while results.len() < mutations.len() {
        let end = mutations.len().min(results.len() + 30);
        let reply = client
            .post(
                "/api/sync/push",
                json!({ "mutations": &mutations[results.len()..end] }),
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        let answered = reply.body["results"].as_array().expect("results").clone();
        assert!(!answered.is_empty(), "a push answered nothing");
        results.extend(answered);
    }
    results
}
