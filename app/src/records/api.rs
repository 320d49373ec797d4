//! The records' endpoints beside sync (docs/API.md): `/api/records/history`,
//! one record's changes from the server's change log, and
//! `/api/records/changes`, the log of every record change for the office
//! leader and the administrator. Both answer newest first, a page at a
//! time, cut to what the caller's role may read
//! (`super::history::HistoryEntry::for_role`).

use leptos::prelude::*;
use server_fn::codec::Json;

use super::history::HistoryPage;
use crate::calendar::IsoDate;
use crate::error::AppError;
use crate::sync::model::{RecordId, RecordKind};

/// `POST /api/records/history` `{"kind": "council_session", "id": "…",
/// "before": null, "limit": 100}`: the record's changes, newest first.
#[server(prefix = "/api", endpoint = "records/history", input = Json, output = Json)]
pub async fn history(
    kind: RecordKind,
    id: RecordId,
    before: Option<u64>,
    limit: Option<u32>,
) -> Result<HistoryPage, AppError> {
    use super::history::{HistoryRequest, check_before};
    use crate::auth::model::Access;
    use crate::auth::server::{authorize_user, backend};
    use crate::backend::blocking;

    let (_, user) = authorize_user(Access::SignedIn)?;
    check_before(before).map_err(|message| AppError::bad_request(&message))?;
    let request = HistoryRequest {
        kind,
        id,
        before,
        limit,
    };
    let role = user.identity.role;
    let backend = backend()?;
    blocking(move || backend.history(role, &request)).await
}

/// `POST /api/records/changes` `{"username": null, "kind": null, "from":
/// "2020-01-01", "to": "2020-12-31", "before": null, "limit": 100}`: every
/// record change, newest first.
#[server(prefix = "/api", endpoint = "records/changes", input = Json, output = Json)]
pub async fn changes(
    username: Option<String>,
    kind: Option<RecordKind>,
    from: Option<IsoDate>,
    to: Option<IsoDate>,
    before: Option<u64>,
    limit: Option<u32>,
) -> Result<HistoryPage, AppError> {
    use super::history::{ChangeLogQuery, check_before};
    use crate::auth::model::CHANGE_LOG_READERS;
    use crate::auth::server::{authorize_user, backend};
    use crate::backend::blocking;

    let (_, user) = authorize_user(CHANGE_LOG_READERS)?;
    check_before(before).map_err(|message| AppError::bad_request(&message))?;
    let query = ChangeLogQuery {
        username,
        kind,
        from,
        to,
        before,
        limit,
    };
    query
        .bounds()
        .map_err(|message| AppError::bad_request(&message))?;
    let role = user.identity.role;
    let backend = backend()?;
    blocking(move || backend.change_log(role, &query)).await
}
