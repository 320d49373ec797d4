//! Server functions of the system feature.

use leptos::prelude::*;
use server_fn::codec::Json;

use super::model::{ClientHello, ServerHello};
use crate::error::AppError;

/// `POST /api/system/hello`: the client's handshake. Open to everyone, signed
/// in or not: it reveals only the build and schema version, which the shell
/// already shows, and lets the app tell "server unreachable" from "signed out".
#[server(prefix = "/api", endpoint = "system/hello", input = Json, output = Json)]
pub async fn hello(client: ClientHello) -> Result<ServerHello, AppError> {
    crate::auth::server::authorize(crate::auth::model::Access::Public)?;
    client.validate()?;
    let backend = crate::auth::server::backend()?;
    let facts = crate::backend::blocking(move || backend.server_facts()).await?;
    Ok(ServerHello::answer(&client, facts))
}
