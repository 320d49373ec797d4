//! Server functions of sign-in: `/api/auth/*`. Each authorizes first.

use leptos::prelude::*;
use server_fn::codec::Json;

use super::model::Identity;
use crate::error::AppError;

/// `POST /api/auth/login` `{"username", "password"}`: starts a session (the
/// cookie) and answers who signed in. Every failure is the same
/// `invalid_credentials` (401); repeated failures answer `too_many_requests`
/// (429) with the wait.
#[server(prefix = "/api", endpoint = "auth/login", input = Json, output = Json)]
pub async fn login(username: String, password: String) -> Result<Identity, AppError> {
    use super::model::{Access, LoginRequest};

    let caller = super::server::authorize(Access::Public)?;
    super::server::login(&caller, LoginRequest { username, password }).await
}

/// `POST /api/auth/logout` `{}`: ends the session on the server.
#[server(prefix = "/api", endpoint = "auth/logout", input = Json, output = Json)]
pub async fn logout() -> Result<(), AppError> {
    use super::model::Access;

    let caller = super::server::authorize(Access::Public)?;
    super::server::logout(&caller).await
}

/// `POST /api/auth/me` `{}`: the signed-in user.
#[server(prefix = "/api", endpoint = "auth/me", input = Json, output = Json)]
pub async fn me() -> Result<Identity, AppError> {
    use super::model::Access;

    let (_, user) = super::server::authorize_user(Access::SignedIn)?;
    Ok(user.identity)
}

/// `POST /api/auth/password` `{"current_password", "new_password"}`: the
/// signed-in user changes their own password; their other sessions end.
#[server(prefix = "/api", endpoint = "auth/password", input = Json, output = Json)]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use super::model::{Access, PasswordChange};

    let (caller, user) = super::server::authorize_user(Access::SignedIn)?;
    let request = PasswordChange {
        current_password,
        new_password,
    };
    super::server::change_password(&caller, &user, request).await
}
