//! Sign-in, sessions, throttling, account administration, the security log
//! and the security baseline, over real HTTP against a fresh database.

mod common;

use std::time::Duration;

use app::auth::server::{SessionPolicy, ThrottlePolicy};
use common::{ADMIN_PASSWORD, Client, TestServer};
use serde_json::{Value, json};
use server::Settings;

fn set_cookie(reply: &common::Reply) -> String {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.contains("hdnd_session="))
        .unwrap_or_else(|| panic!("no session cookie in {:?}", reply.headers))
        .to_owned()
}

fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap_or_default().to_owned()
}

/// A client without a cookie jar that sends exactly this cookie.
async fn me_with_cookie(server: &TestServer, cookie: &str) -> u16 {
    reqwest::Client::new()
        .post(server.url("/api/auth/me"))
        .header("content-type", "application/json")
        .header("cookie", cookie)
        .body("{}")
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
}

async fn events(admin: &Client) -> Vec<Value> {
    let reply = admin
        .post("/api/admin/security-events", json!({"limit": 200}))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.body["events"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn login_sets_a_strict_http_only_cookie_and_logout_ends_the_session_on_the_server() {
    let server = TestServer::start().await;
    let client = server.client();
    assert_eq!(client.post("/api/auth/me", json!({})).await.status, 401);

    let reply = client.login("Admin", ADMIN_PASSWORD).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply.body,
        json!({"username": "admin", "display_name": "Quản trị hệ thống", "role": "admin"})
    );
    let cookie = set_cookie(&reply);
    assert!(cookie.starts_with("hdnd_session="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attribute), "{attribute} missing: {cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain http: {cookie}");
    assert_eq!(reply.headers["cache-control"], "no-store");

    let me = client.post("/api/auth/me", json!({})).await;
    assert_eq!(me.status, 200);
    assert_eq!(me.body["role"], "admin");

    // A second sign-in gets a new session id; the old one is gone.
    let again = client.login("admin", ADMIN_PASSWORD).await;
    let second = set_cookie(&again);
    assert_ne!(cookie_pair(&cookie), cookie_pair(&second));
    assert_eq!(me_with_cookie(&server, &cookie_pair(&cookie)).await, 401);
    assert_eq!(me_with_cookie(&server, &cookie_pair(&second)).await, 200);

    let out = client.post("/api/auth/logout", json!({})).await;
    assert_eq!(out.status, 200, "{}", out.body);
    assert_eq!(client.post("/api/auth/me", json!({})).await.status, 401);
    // Replaying the cookie does not bring the session back.
    assert_eq!(me_with_cookie(&server, &cookie_pair(&second)).await, 401);
    // Signing out again (e.g. after expiry) is not an error.
    assert_eq!(client.post("/api/auth/logout", json!({})).await.status, 200);
}

#[tokio::test]
async fn behind_https_the_cookie_is_secure_and_host_bound() {
    let server = TestServer::start_with(Settings {
        secure_cookies: true,
        ..Settings::default()
    })
    .await;
    let reply = server.client().login("admin", ADMIN_PASSWORD).await;
    assert_eq!(reply.status, 200);
    let cookie = set_cookie(&reply);
    assert!(cookie.starts_with("__Host-hdnd_session="), "{cookie}");
    assert!(cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn a_failed_login_never_tells_whether_the_user_exists() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let password = server.add_user(&admin, "lan", "staff").await;
    admin
        .post(
            "/api/admin/users/set-disabled",
            json!({"username": "lan", "disabled": true}),
        )
        .await;
    let client = server.client();
    let wrong = client.login("admin", "not the password").await;
    let unknown = client.login("nobody", "not the password").await;
    let disabled = client.login("lan", &password).await;
    for reply in [&wrong, &unknown, &disabled] {
        assert_eq!(reply.status, 401);
        assert_eq!(
            reply.body,
            json!({"kind": "invalid_credentials", "message": "wrong username or password"})
        );
        assert!(reply.headers.get("set-cookie").is_none());
    }
    // Only the administrator's log says why.
    let log = events(&admin).await;
    let details: Vec<&str> = log
        .iter()
        .filter(|event| event["kind"] == "login_failed")
        .map(|event| event["detail"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        details,
        ["account disabled", "unknown user", "wrong password"]
    );
    assert!(log.iter().all(|event| event["origin"] != ""));

    let empty = client.login("", "").await;
    assert_eq!(empty.status, 422);
}

#[tokio::test]
async fn repeated_failures_lock_the_account_and_say_when_to_retry() {
    let server = TestServer::start().await;
    let client = server.client();
    for attempt in 0..5 {
        let reply = client.login("admin", "wrong password!").await;
        assert_eq!(reply.status, 401, "attempt {attempt}");
    }
    // Even the right password is refused while locked.
    let locked = client.login("admin", ADMIN_PASSWORD).await;
    assert_eq!(locked.status, 429, "{}", locked.body);
    assert_eq!(locked.body["kind"], "too_many_requests");
    let wait = locked.body["retry_after_seconds"].as_u64().unwrap();
    assert!((1..=15 * 60).contains(&wait), "{wait}");
    assert_eq!(locked.headers["retry-after"], wait.to_string().as_str());

    // The lock is per account: another user can still sign in.
    // The admin account is locked; a second administrator still signs in.
    let admin = server.second_admin().await;
    let log = events(&admin).await;
    assert!(log.iter().any(|event| event["kind"] == "login_throttled"));
}

#[tokio::test]
async fn one_address_guessing_many_accounts_is_throttled() {
    let server = TestServer::start_with(Settings {
        throttle: ThrottlePolicy {
            per_address: 6,
            ..ThrottlePolicy::default()
        },
        ..Settings::default()
    })
    .await;
    let client = server.client();
    for index in 0..6 {
        let reply = client
            .login(&format!("guess{index}"), "password guess")
            .await;
        assert_eq!(reply.status, 401);
    }
    let reply = client.login("guess-next", "password guess").await;
    assert_eq!(reply.status, 429);
}

#[tokio::test]
async fn sessions_end_after_the_idle_time_and_activity_keeps_them() {
    let server = TestServer::start_with(Settings {
        sessions: SessionPolicy {
            idle: Duration::from_secs(4),
            absolute: Duration::from_secs(3600),
        },
        ..Settings::default()
    })
    .await;
    let client = server.admin().await;
    // Five requests a second apart outlast the idle time (4 s), each well
    // inside it: only activity can have kept the session.
    for _ in 0..5 {
        tokio::time::sleep(Duration::from_millis(1000)).await;
        assert_eq!(client.post("/api/auth/me", json!({})).await.status, 200);
    }
    tokio::time::sleep(Duration::from_millis(6000)).await;
    assert_eq!(client.post("/api/auth/me", json!({})).await.status, 401);
}

#[tokio::test]
async fn sessions_end_at_the_absolute_limit_however_active() {
    let server = TestServer::start_with(Settings {
        sessions: SessionPolicy {
            idle: Duration::from_secs(3600),
            absolute: Duration::from_secs(3),
        },
        ..Settings::default()
    })
    .await;
    let client = server.admin().await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(client.post("/api/auth/me", json!({})).await.status, 200);
    // Sessions are kept in whole seconds and never end early: more than a
    // second past the limit, it has ended.
    tokio::time::sleep(Duration::from_millis(3000)).await;
    assert_eq!(client.post("/api/auth/me", json!({})).await.status, 401);
}

#[tokio::test]
async fn administrators_manage_accounts_and_every_change_is_logged() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let password = server.add_user(&admin, "binh", "staff").await;
    let binh = server.signed_in("binh", &password).await;
    let other_binh = server.signed_in("binh", &password).await;

    // A role change applies to the live session at once.
    let reply = admin
        .post(
            "/api/admin/users/set-role",
            json!({"username": "binh", "role": "viewer"}),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["role"], "viewer");
    assert_eq!(
        binh.post("/api/auth/me", json!({})).await.body["role"],
        "viewer"
    );

    // The user changes their own password: this session stays, the other ends.
    let wrong = binh
        .post(
            "/api/auth/password",
            json!({"current_password": "not it at all", "new_password": "mật khẩu mới của Bình"}),
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert_eq!(wrong.body["fields"][0]["code"], "password_wrong");
    let changed = binh
        .post(
            "/api/auth/password",
            json!({"current_password": password, "new_password": "mật khẩu mới của Bình"}),
        )
        .await;
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(binh.post("/api/auth/me", json!({})).await.status, 200);
    assert_eq!(other_binh.post("/api/auth/me", json!({})).await.status, 401);

    // The administrator resets it: every session of the user ends.
    let reset = admin
        .post(
            "/api/admin/users/set-password",
            json!({"username": "binh", "password": "đặt lại bởi quản trị"}),
        )
        .await;
    assert_eq!(reset.status, 200, "{}", reset.body);
    assert_eq!(binh.post("/api/auth/me", json!({})).await.status, 401);
    assert_eq!(
        server
            .client()
            .login("binh", "mật khẩu mới của Bình")
            .await
            .status,
        401
    );
    let binh = server.signed_in("binh", "đặt lại bởi quản trị").await;

    // Disabling ends the session at once; enabling lets the user back in.
    let disabled = admin
        .post(
            "/api/admin/users/set-disabled",
            json!({"username": "binh", "disabled": true}),
        )
        .await;
    assert_eq!(disabled.body["disabled"], true);
    assert_eq!(binh.post("/api/auth/me", json!({})).await.status, 401);
    admin
        .post(
            "/api/admin/users/set-disabled",
            json!({"username": "binh", "disabled": false}),
        )
        .await;
    server.signed_in("binh", "đặt lại bởi quản trị").await;

    // The administrators' protections and typed errors.
    let last = admin
        .post(
            "/api/admin/users/set-disabled",
            json!({"username": "admin", "disabled": true}),
        )
        .await;
    assert_eq!(last.status, 409);
    assert_eq!(last.body["kind"], "conflict");
    let duplicate = admin
        .post(
            "/api/admin/users/create",
            json!({"username": "BINH", "display_name": "B", "role": "staff", "password": "mật khẩu đủ dài"}),
        )
        .await;
    assert_eq!(duplicate.status, 422);
    assert_eq!(duplicate.body["fields"][0]["code"], "username_taken");
    let invalid = admin
        .post(
            "/api/admin/users/create",
            json!({"username": "1", "display_name": "", "role": "staff", "password": "x"}),
        )
        .await;
    assert_eq!(invalid.status, 422);
    assert_eq!(invalid.body["fields"].as_array().map(Vec::len), Some(3));
    let bad_role = admin
        .post(
            "/api/admin/users/set-role",
            json!({"username": "binh", "role": "king"}),
        )
        .await;
    assert_eq!(bad_role.status, 400);
    let nobody = admin
        .post(
            "/api/admin/users/set-role",
            json!({"username": "nobody", "role": "staff"}),
        )
        .await;
    assert_eq!(nobody.status, 404);

    let users = admin.post("/api/admin/users", json!({})).await;
    let names: Vec<&str> = users
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|user| user["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["admin", "binh"]);
    assert!(
        users.body.to_string().find("argon2").is_none(),
        "hashes never leave the server"
    );

    let log = events(&admin).await;
    let kinds: Vec<&str> = log
        .iter()
        .map(|event| event["kind"].as_str().unwrap())
        .collect();
    for kind in [
        "user_created",
        "role_changed",
        "password_changed",
        "user_disabled",
        "user_enabled",
        "login_succeeded",
        "login_failed",
    ] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    let role_change = log
        .iter()
        .find(|event| event["kind"] == "role_changed")
        .unwrap();
    assert_eq!(role_change["actor"], "admin");
    assert_eq!(role_change["subject"], "binh");
    assert_eq!(role_change["detail"], "staff → viewer");
    assert_eq!(role_change["origin"], "127.0.0.1");
    assert!(role_change["at"].as_i64().unwrap() > 1_700_000_000_000);
}

#[tokio::test]
async fn cross_origin_calls_are_refused() {
    let server = TestServer::start().await;
    let client = server.client();
    let body = json!({"username": "admin", "password": ADMIN_PASSWORD}).to_string();
    for headers in [
        vec![("origin", "http://evil.example")],
        vec![("sec-fetch-site", "cross-site")],
        vec![
            ("sec-fetch-site", "same-site"),
            ("origin", "http://sub.localhost"),
        ],
        vec![("origin", "null")],
    ] {
        let reply = client.post_raw("/api/auth/login", &body, &headers).await;
        assert_eq!(reply.status, 403, "{headers:?}");
        assert_eq!(reply.body["kind"], "forbidden");
        assert!(reply.headers.get("set-cookie").is_none());
    }
    let host = server.addr.to_string();
    let origin = format!("http://{host}");
    let same = client
        .post_raw(
            "/api/auth/login",
            &body,
            &[
                ("origin", origin.as_str()),
                ("sec-fetch-site", "same-origin"),
            ],
        )
        .await;
    assert_eq!(same.status, 200, "{}", same.body);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let server = TestServer::start().await;
    let client = server.client();
    for path in [
        "/",
        "/sessions",
        "/healthz",
        "/assets/missing-0.js",
        "/api/system/hello",
    ] {
        let response = client.get(path).await;
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{path}: {csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{path}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        if path.starts_with("/api") {
            assert_eq!(headers["cache-control"], "no-store", "{path}");
        }
    }
}
