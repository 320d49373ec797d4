//! Server functions of administration: `/api/admin/*`, administrators only.
//! Every change writes its security-log entry with who, when and from where.

use leptos::prelude::*;
use server_fn::codec::Json;

use crate::auth::model::{Role, SecurityEventPage, UserAccount};
use crate::error::AppError;

/// `POST /api/admin/users` `{}`: every account.
#[server(prefix = "/api", endpoint = "admin/users", input = Json, output = Json)]
pub async fn list_users() -> Result<Vec<UserAccount>, AppError> {
    use crate::auth::model::ADMINISTRATION;
    use crate::auth::server::{authorize, server_context};
    use crate::backend::blocking;

    authorize(ADMINISTRATION)?;
    let backend = server_context()?.backend;
    blocking(move || backend.list_users()).await
}

/// `POST /api/admin/users/create`
/// `{"username", "display_name", "role", "password"}`.
#[server(prefix = "/api", endpoint = "admin/users/create", input = Json, output = Json)]
pub async fn create_user(
    username: String,
    display_name: String,
    role: Role,
    password: String,
) -> Result<UserAccount, AppError> {
    use crate::auth::model::{ADMINISTRATION, NewUser};
    use crate::auth::server::{authorize, hash_password, server_context};
    use crate::backend::blocking;

    let caller = authorize(ADMINISTRATION)?;
    let request = NewUser {
        username,
        display_name,
        role,
        password,
    };
    let user = request.validate()?;
    let context = server_context()?;
    let password = request.password;
    let hash = context.auth.hash(move || hash_password(&password)).await?;
    let source = caller.event_source();
    let backend = context.backend;
    blocking(move || backend.create_user(&user, &hash, &source)).await
}

/// `POST /api/admin/users/set-role` `{"username", "role"}`.
#[server(prefix = "/api", endpoint = "admin/users/set-role", input = Json, output = Json)]
pub async fn set_role(username: String, role: Role) -> Result<UserAccount, AppError> {
    use crate::auth::model::ADMINISTRATION;
    use crate::auth::server::{authorize, server_context};
    use crate::backend::blocking;

    let caller = authorize(ADMINISTRATION)?;
    let username = crate::auth::model::Username::named(&username)?;
    let source = caller.event_source();
    let backend = server_context()?.backend;
    blocking(move || backend.set_role(username.as_str(), role, &source)).await
}

/// `POST /api/admin/users/set-password` `{"username", "password"}`: the
/// user's sessions end.
#[server(prefix = "/api", endpoint = "admin/users/set-password", input = Json, output = Json)]
pub async fn set_password(username: String, password: String) -> Result<(), AppError> {
    use crate::auth::model::{ADMINISTRATION, PasswordReset};
    use crate::auth::server::{authorize, hash_password, server_context};
    use crate::backend::blocking;

    let caller = authorize(ADMINISTRATION)?;
    let request = PasswordReset { username, password };
    request.validate()?;
    let username = crate::auth::model::Username::named(&request.username)?;
    let context = server_context()?;
    let password = request.password;
    let hash = context.auth.hash(move || hash_password(&password)).await?;
    let source = caller.event_source();
    let backend = context.backend;
    blocking(move || backend.set_password(username.as_str(), &hash, &source)).await
}

/// `POST /api/admin/users/set-disabled` `{"username", "disabled"}`:
/// disabling ends the user's sessions.
#[server(prefix = "/api", endpoint = "admin/users/set-disabled", input = Json, output = Json)]
pub async fn set_disabled(username: String, disabled: bool) -> Result<UserAccount, AppError> {
    use crate::auth::model::ADMINISTRATION;
    use crate::auth::server::{authorize, server_context};
    use crate::backend::blocking;

    let caller = authorize(ADMINISTRATION)?;
    let username = crate::auth::model::Username::named(&username)?;
    let source = caller.event_source();
    let backend = server_context()?.backend;
    blocking(move || backend.set_disabled(username.as_str(), disabled, &source)).await
}

/// `POST /api/admin/security-events` `{"before": null, "limit": 50}`: the
/// security log, newest first.
#[server(prefix = "/api", endpoint = "admin/security-events", input = Json, output = Json)]
pub async fn security_events(
    before: Option<i64>,
    limit: Option<u32>,
) -> Result<SecurityEventPage, AppError> {
    use crate::auth::model::{ADMINISTRATION, SecurityEventQuery};
    use crate::auth::server::{authorize, server_context};
    use crate::backend::blocking;

    authorize(ADMINISTRATION)?;
    let query = SecurityEventQuery { before, limit };
    let backend = server_context()?.backend;
    blocking(move || backend.security_events(&query)).await
}
