//! The one error envelope: `{"error", "code", "message", "data"}` with the
//! status of the error's kind, for every surface and every failure (a
//! `retry_after` in `data` also sets `Retry-After`).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use basalt_core::Error;
use serde_json::json;

/// An error on its way to the client.
#[derive(Debug)]
pub struct ApiError(pub Error);

/// Result of a handler.
pub type ApiResult<T> = Result<T, ApiError>;

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        ApiError(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let e = self.0;
        let status =
            StatusCode::from_u16(e.kind.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if status.is_server_error() {
            tracing::error!(error = %e.message, "request failed");
        }
        let body = json!({
            "error": e.message,
            "code": status.as_u16(),
            "message": e.message,
            "data": e.data,
        });
        let mut res = (status, Json(body)).into_response();
        if let Some(secs) = e.data.get("retry_after").and_then(|v| v.as_u64()) {
            if let Ok(v) = axum::http::HeaderValue::from_str(&secs.to_string()) {
                res.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
            }
        }
        res
    }
}
