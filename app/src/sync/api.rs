//! The two sync endpoints. Both take and return JSON and are documented in
//! docs/API.md: `/api/sync/push` applies a client's pending mutations (one
//! transaction, acknowledged after commit, each mutation applied at most
//! once) and `/api/sync/pull` pages through the change log.

use leptos::prelude::*;
use server_fn::codec::Json;

#[cfg(feature = "ssr")]
use super::model::{DEFAULT_PULL, MAX_PULL, RecordKind};
use super::model::{Mutation, PullResponse, PushResponse};
#[cfg(feature = "ssr")]
use crate::auth::model::RECORDS;
#[cfg(feature = "ssr")]
use crate::auth::server::authorize_user;
#[cfg(feature = "ssr")]
use crate::backend::{Pusher, backend, blocking};
use crate::error::AppError;

/// Checks the shape of a push before the store sees it: one client, at most
/// `MAX_PUSH` mutations, consecutive sequence numbers.
pub fn check_push(mutations: &[Mutation]) -> Result<(), AppError> {
    let bad = |message: String| Err(AppError::BadRequest { message });
    if mutations.len() > super::model::MAX_PUSH {
        return bad(format!(
            "at most {} mutations per push",
            super::model::MAX_PUSH
        ));
    }
    let Some(first) = mutations.first() else {
        return Ok(());
    };
    for (index, mutation) in mutations.iter().enumerate() {
        if mutation.client_id != first.client_id {
            return bad("all mutations of a push must come from one client".into());
        }
        if mutation.seq != first.seq + index as u64 {
            return bad("sequence numbers must be consecutive and ascending".into());
        }
    }
    if first.seq == 0 {
        return bad("sequence numbers start at 1".into());
    }
    Ok(())
}

/// `POST /api/sync/push` `{"mutations": [...]}`: one result per mutation.
#[server(prefix = "/api", endpoint = "sync/push", input = Json, output = Json)]
pub async fn push(mutations: Vec<Mutation>) -> Result<PushResponse, AppError> {
    let (_, user) = authorize_user(RECORDS)?;
    check_push(&mutations)?;
    let pusher = Pusher {
        user_id: user.id,
        role: user.identity.role,
    };
    let backend = backend()?;
    blocking(move || backend.push(&pusher, mutations)).await
}

/// `POST /api/sync/pull` `{"since": 0, "limit": 500}`: the records changed
/// after `since` that the caller's role may read, in change order.
#[server(prefix = "/api", endpoint = "sync/pull", input = Json, output = Json)]
pub async fn pull(since: u64, limit: Option<u32>) -> Result<PullResponse, AppError> {
    let (_, user) = authorize_user(RECORDS)?;
    let limit = limit.unwrap_or(DEFAULT_PULL).clamp(1, MAX_PULL);
    let kinds = RecordKind::readable_by(user.identity.role);
    let backend = backend()?;
    blocking(move || backend.pull(&kinds, since, limit)).await
}
