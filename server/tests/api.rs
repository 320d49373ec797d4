//! Boots the real router on a random port with a fresh database and calls it
//! over HTTP, as the browser and outside clients do.

mod common;

use common::TestServer;
use serde_json::{Value, json};

impl TestServer {
    async fn get(&self, path: &str) -> reqwest::Response {
        self.client().get(path).await
    }

    async fn post_json(&self, path: &str, body: &str) -> (u16, Value) {
        let reply = self.client().post_raw(path, body, &[]).await;
        (reply.status, reply.body)
    }
}

#[tokio::test]
async fn hello_answers_with_server_facts() {
    let server = TestServer::start().await;
    let (status, body) = server
        .post_json("/api/system/hello", r#"{"client":{"build":"dev"}}"#)
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["product"], "Sổ công tác HĐND");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(body["schema_version"], 8);
    assert_eq!(body["instance_id"].as_str().map(str::len), Some(32));
    // The build compares with what the binary embeds ("dev" without a site).
    let server_build = body["server_build"].as_str().expect("server_build");
    assert_eq!(body["same_build"], server_build == "dev");

    // The instance id is stable across calls.
    let (_, again) = server
        .post_json("/api/system/hello", r#"{"client":{"build":"other"}}"#)
        .await;
    assert_eq!(again["instance_id"], body["instance_id"]);
    assert_eq!(again["same_build"], false);
}

#[tokio::test]
async fn malformed_json_is_a_typed_400() {
    let server = TestServer::start().await;
    for body in [
        "{not json",
        "",
        r#"{"client":{"build":42}}"#,
        r#"{"client":{}}"#,
        r#"{"someone":{"build":"dev"}}"#,
        r#"[1,2,3]"#,
    ] {
        let (status, error) = server.post_json("/api/system/hello", body).await;
        assert_eq!(status, 400, "{body:?} → {error}");
        assert_eq!(error["kind"], "bad_request", "{body:?} → {error}");
        assert!(error["message"].is_string());
    }
}

#[tokio::test]
async fn invalid_input_is_a_typed_422_with_field_errors() {
    let server = TestServer::start().await;
    let (status, error) = server
        .post_json("/api/system/hello", r#"{"client":{"build":"  "}}"#)
        .await;
    assert_eq!(status, 422, "{error}");
    assert_eq!(
        error,
        json!({
            "kind": "invalid",
            "fields": [{"field": "build", "code": "required", "message": "build must not be empty"}]
        })
    );
    let long = format!(r#"{{"client":{{"build":"{}"}}}}"#, "x".repeat(100));
    let (status, error) = server.post_json("/api/system/hello", &long).await;
    assert_eq!(status, 422);
    assert_eq!(error["fields"][0]["code"], "too_long");
}

#[tokio::test]
async fn unknown_endpoints_and_wrong_methods_are_typed_errors() {
    let server = TestServer::start().await;
    let (status, error) = server.post_json("/api/system/nope", "{}").await;
    assert_eq!(status, 404);
    assert_eq!(error["kind"], "not_found");

    let response = server.get("/api/system/hello").await;
    assert_eq!(response.status().as_u16(), 405);
    assert_eq!(
        response
            .headers()
            .get("allow")
            .and_then(|v| v.to_str().ok()),
        Some("POST")
    );
    let error: Value = response.json().await.expect("JSON body");
    assert_eq!(error["kind"], "bad_request");
}

#[tokio::test]
async fn the_api_answers_json_even_to_clients_that_accept_html() {
    let server = TestServer::start().await;
    let response = reqwest::Client::new()
        .post(server.url("/api/system/hello"))
        .header("content-type", "application/json")
        .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        .header("referer", "http://example.invalid/elsewhere")
        .body(r#"{"client":{"build":""}}"#)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 422);
    let error: Value = response.json().await.expect("JSON body");
    assert_eq!(error["kind"], "invalid");
}

#[tokio::test]
async fn healthz_reports_the_database() {
    let server = TestServer::start().await;
    let response = server.get("/healthz").await;
    assert_eq!(response.status().as_u16(), 200);
    let body: Value = response.json().await.expect("JSON body");
    assert_eq!(body, json!({"status": "ok"}));
}

#[tokio::test]
async fn an_oversized_body_is_refused_without_reading_it_all() {
    let server = TestServer::start().await;
    let huge = format!(
        r#"{{"client":{{"build":"{}"}}}}"#,
        "x".repeat(5 * 1024 * 1024)
    );
    let response = reqwest::Client::new()
        .post(server.url("/api/system/hello"))
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status().as_u16(), 413);
    let error: Value = response.json().await.expect("JSON body");
    assert_eq!(error["kind"], "bad_request");
}

#[tokio::test]
async fn a_3_mib_push_is_read_not_cut_at_axums_default_limit() {
    let server = TestServer::start().await;
    let admin = server.admin().await;
    let password = server.add_user(&admin, "lan", "staff").await;
    let lan = server.signed_in("lan", &password).await;
    // A push may be large: this one is read in full (its padding ignored).
    let body = format!(
        r#"{{"mutations": [], "padding": "{}"}}"#,
        "x".repeat(3 * 1024 * 1024)
    );
    let reply = lan.post_raw("/api/sync/push", &body, &[]).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["results"], json!([]));
    // Every other endpoint takes a few KiB.
    let (status, error) = server
        .post_json(
            "/api/system/hello",
            &format!(r#"{{"client":{{"build":"{}"}}}}"#, "x".repeat(20_000)),
        )
        .await;
    assert_eq!(status, 413, "{error}");
}

#[tokio::test]
async fn api_root_is_a_typed_404_and_dotted_app_routes_get_the_shell() {
    let server = TestServer::start().await;
    for path in ["/api", "/api/"] {
        let response = server.get(path).await;
        assert_eq!(response.status().as_u16(), 404, "{path}");
        let error: Value = response.json().await.expect("JSON body");
        assert_eq!(error["kind"], "not_found");
    }
    // Without a built site the shell route answers 503, with one 200: either
    // way it is the shell's answer, not the plain 404 of a missing file.
    let dotted = server.get("/reports/2024.1").await.status().as_u16();
    let missing_asset = server.get("/assets/none-123.js").await.status().as_u16();
    assert_ne!(dotted, 404);
    assert_eq!(missing_asset, 404);
}
