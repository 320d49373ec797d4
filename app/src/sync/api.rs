//! The sync endpoints. All take and return JSON and are documented in
//! docs/API.md: `/api/sync/push` applies a client's pending mutations (one
//! transaction, acknowledged after commit, each mutation applied at most
//! once), `/api/sync/pull` pages through the change log, and
//! `/api/notices/list` and `/api/notices/seen` tell a user whose value lost
//! a conflict.

use leptos::prelude::*;
use server_fn::codec::Json;

use super::model::{
    MAX_CHANGES, MAX_FIELD_NAME, MAX_MUTATION_BYTES, MAX_PUSH, Mutation, NoticeList,
    NoticesRemoved, Operation, PullResponse, PushResponse,
};
use crate::error::AppError;

/// Checks the shape of a push before the store sees it: one client, at most
/// `MAX_PUSH` mutations, consecutive sequence numbers that fit the store,
/// and within each mutation at most `MAX_CHANGES` well-formed field names,
/// none twice, and values of at most `MAX_MUTATION_BYTES` together. A
/// push that breaks one of these is malformed (400) as a whole: nothing of
/// it is stored.
pub fn check_push(mutations: &[Mutation]) -> Result<(), AppError> {
    let bad = |message: String| Err(AppError::bad_request(&message));
    if mutations.len() > MAX_PUSH {
        return bad(format!("at most {MAX_PUSH} mutations per push"));
    }
    let Some(first) = mutations.first() else {
        return Ok(());
    };
    if first.seq == 0 {
        return bad("sequence numbers start at 1".into());
    }
    for (index, mutation) in mutations.iter().enumerate() {
        let seq = mutation.seq;
        if mutation.client_id != first.client_id {
            return bad("all mutations of a push must come from one client".into());
        }
        if first.seq.checked_add(index as u64) != Some(seq) {
            return bad("sequence numbers must be consecutive and ascending".into());
        }
        if i64::try_from(seq).is_err() || i64::try_from(mutation.base_version).is_err() {
            return bad(format!(
                "mutation {seq}: seq and base_version must be at most {}",
                i64::MAX
            ));
        }
        let names: Vec<&str> = match &mutation.operation {
            Operation::Put { changes } | Operation::Restore { changes } => {
                changes.iter().map(|change| change.field.as_str()).collect()
            }
            Operation::Delete { seen } => seen.keys().map(String::as_str).collect(),
        };
        if names.len() > MAX_CHANGES {
            return bad(format!(
                "mutation {seq}: at most {MAX_CHANGES} fields per mutation"
            ));
        }
        let mut seen_names = std::collections::BTreeSet::new();
        for name in names {
            if !is_field_name(name) {
                return bad(format!(
                    "mutation {seq}: field names are a–z, 0–9 and _, start with a letter and have at most {MAX_FIELD_NAME} characters"
                ));
            }
            if !seen_names.insert(name) {
                return bad(format!("mutation {seq}: field {name} is changed twice"));
            }
        }
        if mutation.weight() > MAX_MUTATION_BYTES {
            return bad(format!(
                "mutation {seq}: its values weigh more than {} KiB",
                MAX_MUTATION_BYTES / 1024
            ));
        }
    }
    Ok(())
}

fn is_field_name(name: &str) -> bool {
    name.len() <= MAX_FIELD_NAME
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// `POST /api/sync/push` `{"mutations": [...]}`: one result per mutation.
#[server(prefix = "/api", endpoint = "sync/push", input = Json, output = Json)]
pub async fn push(mutations: Vec<Mutation>) -> Result<PushResponse, AppError> {
    use super::model::{Outcome, RecordKind, Rejection};
    use crate::auth::model::{RECORD_WRITERS, SecurityEventKind};
    use crate::auth::server::{authorize_user, log_refusal, server_context};
    use crate::backend::{NewSecurityEvent, Pusher, blocking};

    let (caller, user) = authorize_user(RECORD_WRITERS)?;
    check_push(&mutations)?;
    // What is validated and stored is the normalised value.
    let mut mutations = mutations;
    mutations.iter_mut().for_each(Mutation::normalise);
    let pusher = Pusher {
        user_id: user.id,
        role: user.identity.role,
    };
    let kinds: Vec<RecordKind> = mutations.iter().map(|mutation| mutation.kind).collect();
    let count = mutations.len();
    let context = server_context()?;
    let backend = context.backend.clone();
    let pushed = blocking(move || backend.push(&pusher, mutations)).await;
    // Refusals go to the security log (once per user and window).
    match &pushed {
        Err(AppError::TooManyRequests {
            retry_after_seconds,
        }) => {
            log_refusal(
                &context,
                NewSecurityEvent {
                    kind: SecurityEventKind::RateLimited,
                    source: caller.event_source(),
                    subject: None,
                    detail: format!(
                        "push of {count} mutation(s); retry after {retry_after_seconds} s"
                    ),
                },
            )
            .await;
        }
        Err(AppError::InsufficientStorage) => {
            log_refusal(
                &context,
                NewSecurityEvent {
                    kind: SecurityEventKind::WritesRefused,
                    source: caller.event_source(),
                    subject: None,
                    detail: format!("push of {count} mutation(s): the disk is nearly full"),
                },
            )
            .await;
        }
        _ => {}
    }
    let denied = match &pushed {
        Err(AppError::Forbidden) => Some("push with another user's replica".to_owned()),
        Ok(pushed) => {
            let refused: std::collections::BTreeSet<&str> = pushed
                .response
                .results
                .iter()
                .zip(&kinds)
                .filter(|(result, _)| {
                    matches!(
                        result.outcome,
                        Outcome::Rejected {
                            reason: Rejection::Forbidden
                        }
                    )
                })
                .map(|(_, kind)| kind.as_str())
                .collect();
            (!refused.is_empty()).then(|| {
                format!(
                    "write {}",
                    refused.into_iter().collect::<Vec<_>>().join(", ")
                )
            })
        }
        Err(_) => None,
    };
    if let Some(detail) = denied {
        log_refusal(
            &context,
            NewSecurityEvent {
                kind: SecurityEventKind::AccessDenied,
                source: caller.event_source(),
                subject: None,
                detail,
            },
        )
        .await;
    }
    if let Ok(pushed) = &pushed
        && pushed.cut_down > 0
    {
        log_refusal(
            &context,
            NewSecurityEvent {
                kind: SecurityEventKind::AnswerWithheld,
                source: caller.event_source(),
                subject: None,
                detail: format!(
                    "{} answer(s) cut to what the role may read now",
                    pushed.cut_down
                ),
            },
        )
        .await;
    }
    pushed.map(|pushed| pushed.response)
}

/// `POST /api/sync/pull` `{"since": 0, "limit": 500}`: the records changed
/// after `since` that the caller's role may read, in change order.
#[server(prefix = "/api", endpoint = "sync/pull", input = Json, output = Json)]
pub async fn pull(since: u64, limit: Option<u32>) -> Result<PullResponse, AppError> {
    use super::model::{DEFAULT_PULL, MAX_PULL};
    use crate::auth::model::Access;
    use crate::auth::server::{authorize_user, backend};
    use crate::backend::blocking;

    // Every role reads some kind (the administrator the catalogues); which
    // kinds, and which of their fields, the store decides by the role.
    let (_, user) = authorize_user(Access::SignedIn)?;
    // Cursors are change-log numbers, which SQLite keeps below 2^63.
    if i64::try_from(since).is_err() {
        return Err(AppError::bad_request(&format!(
            "since must be at most {}",
            i64::MAX
        )));
    }
    let limit = limit.unwrap_or(DEFAULT_PULL).clamp(1, MAX_PULL);
    let role = user.identity.role;
    let backend = backend()?;
    blocking(move || backend.pull(role, since, limit)).await
}

/// `POST /api/notices/list` `{}`: what others did to the caller's values
/// when they settled a conflict over them, oldest first, at most
/// `MAX_NOTICES`, cut to what the caller's role may read now.
#[server(prefix = "/api", endpoint = "notices/list", input = Json, output = Json)]
pub async fn notices() -> Result<NoticeList, AppError> {
    use super::model::MAX_NOTICES;
    use crate::auth::model::Access;
    use crate::auth::server::{authorize_user, backend};
    use crate::backend::blocking;

    let (_, user) = authorize_user(Access::SignedIn)?;
    let role = user.identity.role;
    let backend = backend()?;
    blocking(move || backend.notices(user.id, role, MAX_NOTICES)).await
}

/// `POST /api/notices/seen` `{"ids": [12, 13]}`: removes the caller's
/// notices with these ids (at most `MAX_SEEN_AT_ONCE`).
#[server(prefix = "/api", endpoint = "notices/seen", input = Json, output = Json)]
pub async fn notices_seen(ids: Vec<i64>) -> Result<NoticesRemoved, AppError> {
    use super::model::MAX_SEEN_AT_ONCE;
    use crate::auth::model::Access;
    use crate::auth::server::{authorize_user, backend};
    use crate::backend::blocking;

    let (_, user) = authorize_user(Access::SignedIn)?;
    if ids.len() > MAX_SEEN_AT_ONCE {
        return Err(AppError::bad_request(&format!(
            "at most {MAX_SEEN_AT_ONCE} ids at once"
        )));
    }
    let backend = backend()?;
    let removed = blocking(move || backend.dismiss_notices(user.id, &ids)).await?;
    Ok(NoticesRemoved { removed })
}
