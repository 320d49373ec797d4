//! The `/api/*` endpoint: Leptos server functions, registered by their
//! explicit endpoints in the `app` crate. Leptos answers every server-fn error
//! with 500; here the typed `AppError` in the body decides the status (400 for
//! a malformed request, 422 for invalid input, …), and unknown endpoints or
//! wrong methods get a typed error too.

use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use leptos::prelude::provide_context;

use app::auth::model::Access;
use app::auth::policy::endpoint_access;
use app::auth::server::{Caller, resolve_user};
use app::error::AppError;
use tower_sessions::Session;

use crate::AppState;

use server_fn::error::SERVER_FN_ERROR_HEADER;
/// Error bodies are small; anything bigger is not an `AppError`.
const MAX_ERROR_BODY: usize = 64 * 1024;

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
        return error_response(&AppError::NotFound { what: path });
    }
    if !methods.contains(request.method()) {
        let allowed = methods
            .iter()
            .map(Method::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        let mut response = error_response(&AppError::BadRequest {
            message: format!("{path} accepts {allowed} only"),
        });
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
    if !access.allows(role) {
        let error = if role.is_none() {
            AppError::Unauthenticated
        } else {
            AppError::Forbidden
        };
        return error_response(&error);
    }
    let caller = Caller {
        user,
        address: crate::security::client_address(&request, state.settings.trust_forwarded_for),
        session,
    };

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
    error_response(&AppError::NotFound {
        what: request.uri().path().to_owned(),
    })
}

/// The body-limit layer answers 413 in plain text; give it the typed body.
pub async fn typed_payload_too_large(response: Response) -> Response {
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"application/json"));
    if response.status() != StatusCode::PAYLOAD_TOO_LARGE || is_json {
        return response;
    }
    let mut typed = error_response(&AppError::BadRequest {
        message: "request body is larger than 4 MiB".to_owned(),
    });
    *typed.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
    typed
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
