//! An error as the wire carries it: the `AppError` as JSON with its status,
//! for every refusal the server makes outside a server function's own
//! answer (the API layer, the security middleware).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use app::error::AppError;

/// A JSON `AppError` response with the matching status (and `Retry-After`
/// for a 429).
pub fn error_response(error: &AppError) -> Response {
    let body = serde_json::to_vec(error).unwrap_or_else(|_| b"{\"kind\":\"internal\"}".to_vec());
    let mut response = (
        status_of(error),
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response();
    if let AppError::TooManyRequests {
        retry_after_seconds,
    } = error
    {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(*retry_after_seconds));
    }
    response
}

/// The HTTP status of an error (500 for one that names none it knows).
pub fn status_of(error: &AppError) -> StatusCode {
    StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}
