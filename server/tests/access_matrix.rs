//! The authorization matrix: every registered server function, called over
//! HTTP anonymously and as every role, answers as the matrix in docs/API.md
//! says (anonymous → 401 unless public; a role → 403 unless allowed). A
//! server function without a row in the documented matrix, or a row without
//! a server function, fails the test; so does a difference between the
//! documentation and the policy table the server enforces.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use app::auth::model::Role;
use common::TestServer;
use serde_json::json;

/// The documented matrix lists the roles, after "Endpoint" and "Anonymous",
/// in the order of `Role::ALL`.
const ROLE_COLUMNS: [Role; 6] = Role::ALL;

/// One row: anonymous allowed, then each role in `ROLE_COLUMNS` order.
type Row = (bool, [bool; 6]);

/// Reads the table under "## Authorization matrix" in docs/API.md.
fn documented_matrix() -> BTreeMap<String, Row> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/API.md");
    let text = std::fs::read_to_string(path).expect("docs/API.md");
    let section = text
        .split("\n## Authorization matrix")
        .nth(1)
        .expect("docs/API.md has a section '## Authorization matrix'");
    let section = section.split("\n## ").next().unwrap_or(section);
    let mut rows = BTreeMap::new();
    for line in section.lines() {
        let cells: Vec<&str> = line
            .trim()
            .trim_matches('|')
            .split('|')
            .map(str::trim)
            .collect();
        let Some(endpoint) = cells.first().and_then(|cell| {
            let cell = cell.trim_matches('`');
            cell.starts_with("/api/").then_some(cell)
        }) else {
            continue;
        };
        assert_eq!(cells.len(), 8, "matrix row needs 8 cells: {line}");
        let allowed = |cell: &str| match cell {
            "✓" => true,
            "—" => false,
            other => panic!("matrix cell must be ✓ or —, got {other:?} in {line}"),
        };
        let roles: [bool; 6] = std::array::from_fn(|index| allowed(cells[index + 2]));
        let previous = rows.insert(endpoint.to_owned(), (allowed(cells[1]), roles));
        assert!(previous.is_none(), "{endpoint} is listed twice");
    }
    rows
}

#[tokio::test]
async fn every_endpoint_answers_every_role_as_the_documented_matrix_says() {
    let server = TestServer::start().await;
    let matrix = documented_matrix();

    // The registered server functions, the documented rows and the policy
    // table the server enforces name exactly the same endpoints.
    let registered: BTreeSet<String> = server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_owned())
        .collect();
    let documented: BTreeSet<String> = matrix.keys().cloned().collect();
    let enforced: BTreeSet<String> = app::endpoints::ENDPOINTS
        .iter()
        .map(|(path, _)| (*path).to_owned())
        .collect();
    let missing: Vec<_> = registered.difference(&documented).collect();
    assert!(
        missing.is_empty(),
        "registered but not in docs/API.md's matrix: {missing:?}"
    );
    let stale: Vec<_> = documented.difference(&registered).collect();
    assert!(
        stale.is_empty(),
        "in docs/API.md's matrix but not registered: {stale:?}"
    );
    assert_eq!(enforced, registered, "app::endpoints::ENDPOINTS");
    for (path, access) in app::endpoints::ENDPOINTS {
        let (anonymous, roles) = matrix[*path];
        assert_eq!(access.allows(None), anonymous, "{path} anonymous");
        for (role, allowed) in ROLE_COLUMNS.iter().zip(roles) {
            assert_eq!(access.allows(Some(*role)), allowed, "{path} {role}");
        }
    }

    // Logout ends the caller's session: check it last.
    let mut endpoints: Vec<&String> = matrix.keys().collect();
    endpoints.sort_by_key(|path| (path.as_str() == "/api/auth/logout", path.as_str()));

    let anonymous = server.client();
    for path in &endpoints {
        let (allowed, _) = matrix[path.as_str()];
        let reply = anonymous.post(path, json!({})).await;
        if allowed {
            assert!(
                ![401, 403].contains(&reply.status),
                "anonymous {path}: {} {}",
                reply.status,
                reply.body
            );
        } else {
            assert_eq!(reply.status, 401, "anonymous {path}: {}", reply.body);
            assert_eq!(reply.body["kind"], "unauthenticated");
        }
        // Nothing is reachable with GET, changing data or not.
        let response = anonymous.get(path).await;
        assert_eq!(response.status().as_u16(), 405, "GET {path}");
    }

    let admin = server.admin().await;
    for (index, role) in ROLE_COLUMNS.iter().enumerate() {
        let client = if *role == Role::Admin {
            server.admin().await
        } else {
            let name = format!("u-{}", role.as_str().replace('_', "-"));
            let password = server.add_user(&admin, &name, role.as_str()).await;
            server.signed_in(&name, &password).await
        };
        for path in &endpoints {
            let allowed = matrix[path.as_str()].1[index];
            let reply = client.post(path, json!({})).await;
            if allowed {
                assert!(
                    ![401, 403].contains(&reply.status),
                    "{role} {path}: {} {}",
                    reply.status,
                    reply.body
                );
            } else {
                assert_eq!(reply.status, 403, "{role} {path}: {}", reply.body);
                assert_eq!(reply.body["kind"], "forbidden");
            }
        }
    }
}
