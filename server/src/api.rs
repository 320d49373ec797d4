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
use app::auth::server::{Caller, resolve_user};
use app::backend::NewSecurityEvent;
use app::endpoints::endpoint_access;
use app::error::AppError;
use tower_sessions::Session;

use crate::state::AppState;
use crate::wire::{error_response, status_of};

use server_fn::error::SERVER_FN_ERROR_HEADER;

/// Error bodies are small (every message is clipped); anything bigger is not
/// an `AppError`.
const MAX_ERROR_BODY: usize = 1024 * 1024;

/// Largest request body accepted on /api: a sync push (mutations come in
/// batches of up to 200).
pub const MAX_API_BODY: usize = 4 * 1024 * 1024;

/// Largest body of every other endpoint (sign-in, handshake, account and
/// administration calls, a pull's cursor): each takes a few small values.
pub const MAX_SMALL_BODY: usize = 16 * 1024;

/// The endpoint whose bodies may be large.
const PUSH_PATH: &str = "/api/sync/push";
/// The endpoint whose answers are large, and counted while being sent.
const PULL_PATH: &str = "/api/sync/pull";

/// How large a body `path` accepts.
pub fn body_limit(path: &str) -> usize {
    if path == PUSH_PATH {
        MAX_API_BODY
    } else {
        MAX_SMALL_BODY
    }
}

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

    // A pull's answer is counted from here until it has been sent: a few
    // per user and a cap in all (each page is at most a few MiB).
    let pull_permit = if path == PULL_PATH {
        let user = caller.user.as_ref().map_or(0, |user| user.id);
        match state.budgets.pull(user) {
            Some(permit) => Some(permit),
            None => {
                return error_response(&AppError::TooManyRequests {
                    retry_after_seconds: 1,
                });
            }
        }
    } else {
        None
    };

    // The body is read here, whole, within the size and time limits, so
    // that an oversized or stalled body gets its own typed answer (413,
    // 408) whether it declared its length or came in chunks. Its bytes are
    // counted against the budget all bodies share until the call is over.
    let (parts, body) = request.into_parts();
    let (bytes, _body_permit) = match read_body(
        &parts.headers,
        body,
        body_limit(&path),
        state.settings.limits.body_timeout,
        &state.budgets,
    )
    .await
    {
        Ok(read) => read,
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

    let response = if response.headers().contains_key(SERVER_FN_ERROR_HEADER) {
        status_from_error_body(response).await
    } else {
        response
    };
    match pull_permit {
        Some(permit) => hold_until_sent(response, permit).await,
        None => response,
    }
}

/// Keeps `permit` until the answer has been sent (or the connection is
/// gone): the body goes out in slices of [`ANSWER_SLICE`] bytes, and the
/// connection asks for the next only when it has written the last, so the
/// permit lives as long as the answer is being read.
async fn hold_until_sent(response: Response, permit: crate::budgets::PullPermit) -> Response {
    let (parts, body) = response.into_parts();
    let bytes = match to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(error) => return error_response(&AppError::internal(&error)),
    };
    Response::from_parts(
        parts,
        Body::new(SlicedAnswer {
            bytes,
            _permit: permit,
        }),
    )
}

/// The size of the slices a pull's answer is sent in.
const ANSWER_SLICE: usize = 64 * 1024;

/// An answer sent in slices, holding its pull's permit until the last.
struct SlicedAnswer {
    bytes: Bytes,
    _permit: crate::budgets::PullPermit,
}

impl http_body::Body for SlicedAnswer {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        if self.bytes.is_empty() {
            return std::task::Poll::Ready(None);
        }
        let take = self.bytes.len().min(ANSWER_SLICE);
        let slice = self.bytes.split_to(take);
        std::task::Poll::Ready(Some(Ok(http_body::Frame::data(slice))))
    }

    fn is_end_stream(&self) -> bool {
        self.bytes.is_empty()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.bytes.len() as u64)
    }
}

/// `/api` and `/api/` name no endpoint.
pub async fn no_endpoint(request: Request) -> Response {
    error_response(&AppError::not_found(request.uri().path()))
}

/// Reads a request body of at most `limit` bytes within `timeout`, each
/// part of it counted against the budget all bodies share (a part that
/// finds it spent waits, unread, within the same deadline). A declared
/// length over the limit is refused before anything is read.
async fn read_body(
    headers: &axum::http::HeaderMap,
    body: Body,
    limit: usize,
    timeout: Duration,
    budgets: &crate::budgets::Budgets,
) -> Result<(Bytes, Option<tokio::sync::OwnedSemaphorePermit>), Response> {
    use http_body_util::BodyExt;

    let too_large = || {
        let mut response = error_response(&AppError::bad_request(&format!(
            "request body is larger than {}",
            if limit >= 1024 * 1024 {
                format!("{} MiB", limit / (1024 * 1024))
            } else {
                format!("{} KiB", limit / 1024)
            }
        )));
        *response.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
        response
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    // Past any endpoint's limit: refused before a byte is read, and the
    // connection ends.
    if declared.is_some_and(|length| length > MAX_API_BODY as u64) {
        let mut response = too_large();
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        return Err(response);
    }
    let read = async {
        let mut body = body;
        let mut bytes = Vec::new();
        let mut held: Option<tokio::sync::OwnedSemaphorePermit> = None;
        let mut seen = 0_usize;
        while let Some(frame) = body.frame().await {
            let Ok(frame) = frame else {
                return Err(error_response(&AppError::bad_request(
                    "the request body could not be read",
                )));
            };
            let Some(data) = frame.data_ref() else {
                continue;
            };
            seen += data.len();
            if seen > MAX_API_BODY {
                let mut response = too_large();
                response
                    .headers_mut()
                    .insert(header::CONNECTION, HeaderValue::from_static("close"));
                return Err(response);
            }
            if seen > limit {
                // Over this endpoint's limit but within any body's: the
                // rest is read and dropped (nothing is kept), so that the
                // caller, still sending, reads its 413 rather than a reset.
                bytes = Vec::new();
                held = None;
                continue;
            }
            let Some(room) = budgets.body_bytes(data.len()).await else {
                return Err(too_large());
            };
            match &mut held {
                Some(permit) => permit.merge(room),
                None => held = Some(room),
            }
            bytes.extend_from_slice(data);
        }
        if seen > limit {
            return Err(too_large());
        }
        Ok((Bytes::from(bytes), held))
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
