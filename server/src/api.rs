//! The `/api/*` endpoint: Leptos server functions, registered by their
//! explicit endpoints in the `app` crate. Leptos answers every server-fn error
//! with 500; here the typed `AppError` in the body decides the status (400 for
//! a malformed request, 422 for invalid input, …), and unknown endpoints or
//! wrong methods get a typed error too.

use std::time::Duration;

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use leptos::prelude::provide_context;

use app::auth::model::{Access, SecurityEventKind};
use app::auth::policy::endpoint_access;
use app::auth::server::{Caller, resolve_user};
use app::backend::NewSecurityEvent;
use app::error::AppError;
use tower_sessions::Session;

use crate::AppState;

use server_fn::error::SERVER_FN_ERROR_HEADER;

/// Error bodies are small (every message is clipped); anything bigger is not
/// an `AppError`.
const MAX_ERROR_BODY: usize = 1024 * 1024;

/// Largest request body accepted on /api (sync pushes come in batches).
pub const MAX_API_BODY: usize = 4 * 1024 * 1024;

pub async fn handle(State(state): State<AppState>, mut request: Request) -> Response {
    // server_fn answers requests that accept HTML (plain form posts) with a
    // redirect to the referrer, hiding the result. This API speaks JSON only.
    request
        .headers_mut()
        .insert(header::ACCEPT, HeaderValue::from_static("application/json"));
    let path = request.uri().path().to_owned();
    let methods: Vec<Method> = server_fn::axum::server_fn_paths()
        .filter(|(registered, _)| *registered == path)
        .map(|(_, method)| method)
        .collect();
    if methods.is_empty() {
        return error_response(&AppError::not_found(&path));
    }
    if !methods.contains(request.method()) {
        let allowed = methods
            .iter()
            .map(Method::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        let mut response = error_response(&AppError::bad_request(&format!(
            "{path} accepts {allowed} only"
        )));
        *response.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
        if let Ok(value) = HeaderValue::from_str(&allowed) {
            response.headers_mut().insert(header::ALLOW, value);
        }
        return response;
    }

    // Deny by default: an endpoint without an access entry is refused to
    // everyone (and is a bug the authorization-matrix test reports).
    let Some(access) = endpoint_access(&path) else {
        tracing::error!(path, "endpoint has no access policy; refused");
        return error_response(&AppError::Forbidden);
    };
    let session = request.extensions().get::<Session>().cloned();
    // Public endpoints never consult the session: the periodic handshake
    // must not keep an idle session alive.
    let user = match (&session, access) {
        (Some(session), Access::SignedIn | Access::Roles(_)) => {
            match resolve_user(
                session,
                state.settings.sessions,
                state.context.backend.clone(),
            )
            .await
            {
                Ok(user) => user,
                Err(error) => return error_response(&error),
            }
        }
        _ => None,
    };
    let role = user.as_ref().map(|user| user.identity.role);
    let caller = Caller {
        user,
        address: crate::security::client_address(&request, state.settings.trust_forwarded_for),
        session,
    };
    if !access.allows(role) {
        if role.is_none() {
            return error_response(&AppError::Unauthenticated);
        }
        app::auth::server::log_refusal(
            &state.context,
            NewSecurityEvent {
                kind: SecurityEventKind::AccessDenied,
                source: caller.event_source(),
                subject: None,
                detail: format!("call {path}"),
            },
        )
        .await;
        return error_response(&AppError::Forbidden);
    }

    // The body is read here, whole, within the size and time limits, so
    // that an oversized or stalled body gets its own typed answer (413,
    // 408) whether it declared its length or came in chunks.
    let (parts, body) = request.into_parts();
    let bytes = match read_body(&parts.headers, body, state.settings.limits.body_timeout).await {
        Ok(bytes) => bytes,
        Err(refusal) => return refusal,
    };
    let request = Request::from_parts(parts, Body::from(bytes));

    let context = state.context.clone();
    let response = leptos_axum::handle_server_fns_with_context(
        move || {
            provide_context(context.clone());
            provide_context(caller.clone());
        },
        request,
    )
    .await
    .into_response();

    if response.headers().contains_key(SERVER_FN_ERROR_HEADER) {
        status_from_error_body(response).await
    } else {
        response
    }
}

/// `/api` and `/api/` name no endpoint.
pub async fn no_endpoint(request: Request) -> Response {
    error_response(&AppError::not_found(request.uri().path()))
}

/// Reads a request body of at most [`MAX_API_BODY`] bytes within `timeout`.
/// A declared length over the limit is refused before anything is read.
async fn read_body(
    headers: &axum::http::HeaderMap,
    body: Body,
    timeout: Duration,
) -> Result<Bytes, Response> {
    use http_body_util::BodyExt;

    let too_large = || {
        let mut response =
            error_response(&AppError::bad_request("request body is larger than 4 MiB"));
        *response.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
        response
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_API_BODY as u64) {
        return Err(too_large());
    }
    let read = async {
        let mut body = body;
        let mut bytes = Vec::with_capacity(declared.unwrap_or(0) as usize);
        while let Some(frame) = body.frame().await {
            let Ok(frame) = frame else {
                return Err(error_response(&AppError::bad_request(
                    "the request body could not be read",
                )));
            };
            if let Some(data) = frame.data_ref() {
                if bytes.len() + data.len() > MAX_API_BODY {
                    return Err(too_large());
                }
                bytes.extend_from_slice(data);
            }
        }
        Ok(Bytes::from(bytes))
    };
    match tokio::time::timeout(timeout, read).await {
        Ok(outcome) => outcome,
        Err(_) => {
            let mut response = error_response(&AppError::bad_request(&format!(
                "the request body did not arrive within {} s",
                timeout.as_secs()
            )));
            *response.status_mut() = StatusCode::REQUEST_TIMEOUT;
            // The rest of the body is not read: the connection ends.
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
            Err(response)
        }
    }
}

/// Sets the status from the `AppError` in the body.
async fn status_from_error_body(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = match to_bytes(body, MAX_ERROR_BODY).await {
        Ok(bytes) => bytes,
        Err(error) => return error_response(&AppError::internal(&error)),
    };
    match serde_json::from_slice::<AppError>(&bytes) {
        Ok(error) => {
            parts.status = status_of(&error);
            parts.headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            if let AppError::TooManyRequests {
                retry_after_seconds,
            } = error
            {
                parts
                    .headers
                    .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_seconds));
            }
        }
        Err(decode_error) => {
            tracing::error!(%decode_error, "server-fn error body is not an AppError");
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn status_of(error: &AppError) -> StatusCode {
    StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// A JSON `AppError` response with the matching status.
pub fn error_response(error: &AppError) -> Response {
    let body = serde_json::to_vec(error).unwrap_or_else(|_| b"{\"kind\":\"internal\"}".to_vec());
    (
        status_of(error),
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}
