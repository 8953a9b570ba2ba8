//! Envelopes for what no handler answers: unknown routes, wrong methods and
//! panics.

use axum::http::{Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

fn envelope(status: StatusCode, message: String) -> Response {
    (
        status,
        Json(json!({"error": message, "code": status.as_u16(), "message": message, "data": {}})),
    )
        .into_response()
}

pub(crate) async fn not_found(uri: Uri) -> Response {
    envelope(
        StatusCode::NOT_FOUND,
        format!("route not found: {}", uri.path()),
    )
}

pub(crate) async fn method_not_allowed(method: Method, uri: Uri) -> Response {
    envelope(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("method {method} not allowed on {}", uri.path()),
    )
}

pub(crate) fn panic(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    envelope(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal server error".into(),
    )
}
