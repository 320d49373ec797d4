//! The one error type that crosses the wire. Every server function returns
//! `Result<_, AppError>`; the server turns the kind into the HTTP status
//! (`AppError::status`), the client into a Vietnamese or English message.
//! Internal details are logged on the server and never sent.

use serde::{Deserialize, Serialize};
use server_fn::ServerFnError;
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// A message about one field of a request, for the form to show beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The field's name in the request JSON, e.g. `"client_build"`.
    pub field: String,
    /// A stable code the UI translates, e.g. `"required"`, `"too_long"`.
    pub code: String,
    /// A plain English explanation for API clients and logs.
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, code: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

/// Everything that can go wrong in a call, by kind. Serialised as JSON with a
/// `kind` tag, e.g. `{"kind":"invalid","fields":[…]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AppError {
    /// The request could not be read: malformed JSON, a missing or mistyped
    /// argument, a wrong method. HTTP 400.
    #[error("bad request: {message}")]
    BadRequest { message: String },
    /// No signed-in user (none, or the session ended). HTTP 401.
    #[error("not signed in")]
    Unauthenticated,
    /// Sign-in failed. The same answer whether the user exists or not. HTTP 401.
    #[error("{message}")]
    InvalidCredentials { message: String },
    /// Too many failed sign-ins; try again after this many seconds. HTTP 429
    /// with a `Retry-After` header.
    #[error("too many failed attempts; retry after {retry_after_seconds} s")]
    TooManyRequests { retry_after_seconds: u64 },
    /// The signed-in user's role does not allow this. HTTP 403.
    #[error("not allowed")]
    Forbidden,
    /// No such record or endpoint. HTTP 404.
    #[error("not found: {what}")]
    NotFound { what: String },
    /// The request was read but its content is not acceptable. HTTP 422.
    #[error("invalid input ({} field errors)", fields.len())]
    Invalid { fields: Vec<FieldError> },
    /// The change collides with the current state. HTTP 409.
    #[error("conflict: {message}")]
    Conflict { message: String },
    /// A push skipped sequence numbers: the server has applied this client's
    /// mutations up to `expected - 1`. HTTP 409.
    #[error("sequence gap: expected mutation {expected} first")]
    SequenceGap { expected: u64 },
    /// The server takes no writes for now: its disk is nearly full. Nothing
    /// was stored; the client keeps its changes. HTTP 507.
    #[error("the server's storage is nearly full; writes are refused for now")]
    InsufficientStorage,
    /// The server failed; the details are in its log under this reference.
    /// HTTP 500.
    #[error("internal error (reference {reference})")]
    Internal { reference: String },
    /// The server could not be reached (made on the client only; never sent).
    #[error("server unreachable: {message}")]
    Unreachable { message: String },
}

/// Longest message an error carries. Parser messages quote the offending
/// input (serde_json repeats a bad string in full), so a hostile request
/// could otherwise make the error as large as the request.
pub const MAX_MESSAGE_CHARS: usize = 300;

/// `text` cut to `max` characters, with "…" where it was cut.
pub fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_owned(),
        Some((end, _)) => format!("{}…", &text[..end]),
    }
}

impl AppError {
    /// A malformed request; the message is clipped to
    /// [`MAX_MESSAGE_CHARS`].
    pub fn bad_request(message: &str) -> Self {
        AppError::BadRequest {
            message: clip(message, MAX_MESSAGE_CHARS),
        }
    }

    /// No such endpoint or record; `what` is clipped like a message.
    pub fn not_found(what: &str) -> Self {
        AppError::NotFound {
            what: clip(what, MAX_MESSAGE_CHARS),
        }
    }

    /// One invalid field.
    pub fn invalid(field: &str, code: &str, message: impl Into<String>) -> Self {
        AppError::Invalid {
            fields: vec![FieldError::new(field, code, message)],
        }
    }

    /// The HTTP status this error is sent with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::BadRequest { .. } => 400,
            AppError::Unauthenticated | AppError::InvalidCredentials { .. } => 401,
            AppError::TooManyRequests { .. } => 429,
            AppError::Forbidden => 403,
            AppError::NotFound { .. } => 404,
            AppError::Conflict { .. } | AppError::SequenceGap { .. } => 409,
            AppError::Invalid { .. } => 422,
            AppError::Internal { .. } => 500,
            AppError::InsufficientStorage => 507,
            AppError::Unreachable { .. } => 503,
        }
    }

    /// Logs an internal failure with a short reference and returns the error
    /// that may be sent: the reference only, never the cause.
    #[cfg(feature = "ssr")]
    pub fn internal(cause: &dyn std::fmt::Display) -> Self {
        use std::sync::atomic::{AtomicU64, Ordering};
        static COUNTER: AtomicU64 = AtomicU64::new(1);
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_secs())
            .unwrap_or_default();
        let reference = format!(
            "{:x}-{}",
            seconds & 0xff_ffff,
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        tracing::error!(reference, %cause, "internal error");
        AppError::Internal { reference }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Produced on the server while reading the request.
            ServerFnErrorErr::Args(message)
            | ServerFnErrorErr::MissingArg(message)
            | ServerFnErrorErr::UnsupportedRequestMethod(message) => {
                AppError::bad_request(&message)
            }
            // On the server, a body that does not decode is the caller's
            // mistake; on the client the same variant means the server's
            // answer did not decode, which is ours (handled below).
            #[cfg(feature = "ssr")]
            ServerFnErrorErr::Deserialization(message) => AppError::bad_request(&message),
            ServerFnErrorErr::Registration(what) => AppError::not_found(&what),
            // Produced on the client when the call never got an answer.
            ServerFnErrorErr::Request(message) => AppError::Unreachable { message },
            // Anything else is a failure of ours; keep the text out of the reply.
            other => {
                #[cfg(feature = "ssr")]
                {
                    AppError::internal(&other)
                }
                #[cfg(not(feature = "ssr"))]
                {
                    AppError::Internal {
                        reference: other.to_string(),
                    }
                }
            }
        }
    }
}

impl From<ServerFnError> for AppError {
    fn from(error: ServerFnError) -> Self {
        AppError::from_server_fn_error(ServerFnErrorErr::ServerError(error.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_with_a_kind_tag() {
        let error = AppError::invalid("client_build", "required", "client_build is required");
        let json = serde_json::to_value(&error).unwrap();
        assert_eq!(json["kind"], "invalid");
        assert_eq!(json["fields"][0]["field"], "client_build");
        let back: AppError = serde_json::from_value(json).unwrap();
        assert_eq!(back, error);
        assert_eq!(
            serde_json::to_value(AppError::Unauthenticated).unwrap(),
            serde_json::json!({"kind": "unauthenticated"})
        );
    }

    #[test]
    fn malformed_requests_are_bad_requests_not_internal_errors() {
        #[cfg(feature = "ssr")]
        assert_eq!(
            AppError::from_server_fn_error(ServerFnErrorErr::Deserialization(
                "key must be a string at line 1 column 2".into()
            ))
            .status(),
            400
        );
        let error = AppError::from_server_fn_error(ServerFnErrorErr::Args(
            "expected value at line 1 column 1".into(),
        ));
        assert_eq!(error.status(), 400);
        let missing = AppError::from_server_fn_error(ServerFnErrorErr::MissingArg("hello".into()));
        assert_eq!(missing.status(), 400);
        let unknown =
            AppError::from_server_fn_error(ServerFnErrorErr::Registration("/api/nope".into()));
        assert_eq!(unknown.status(), 404);
    }

    #[test]
    fn parser_messages_that_quote_the_input_are_clipped() {
        let long = format!(
            "invalid type: string \"{}\", expected struct",
            "x".repeat(70_000)
        );
        let AppError::BadRequest { message } =
            AppError::from_server_fn_error(ServerFnErrorErr::Args(long))
        else {
            panic!("a bad request");
        };
        assert_eq!(message.chars().count(), MAX_MESSAGE_CHARS + 1);
        assert!(message.ends_with('…'));
        assert_eq!(clip("Hội trường", 3), "Hội…");
        assert_eq!(clip("Hội", 3), "Hội");
        assert_eq!(clip("", 0), "");
    }

    #[test]
    fn every_kind_but_failed_sign_in_and_sequence_gaps_has_a_distinct_status() {
        assert_eq!(AppError::SequenceGap { expected: 4 }.status(), 409);
        let all = [
            AppError::TooManyRequests {
                retry_after_seconds: 1,
            },
            AppError::BadRequest {
                message: String::new(),
            },
            AppError::Unauthenticated,
            AppError::Forbidden,
            AppError::NotFound {
                what: String::new(),
            },
            AppError::Invalid { fields: vec![] },
            AppError::Conflict {
                message: String::new(),
            },
            AppError::Internal {
                reference: String::new(),
            },
            AppError::Unreachable {
                message: String::new(),
            },
        ];
        let mut statuses: Vec<u16> = all.iter().map(AppError::status).collect();
        statuses.sort_unstable();
        statuses.dedup();
        assert_eq!(statuses.len(), all.len());
    }
}
