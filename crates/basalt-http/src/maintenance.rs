//! BunBase's `maintenance_mode` setting: while it is on, every request
//! answers 503 in the error envelope, except the health routes and requests
//! carrying the admin token (so the admin can work and turn it off).

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use basalt_surface_kit::{admin_token_sent, AppState};
use serde_json::json;

const HEALTH: [&str; 4] = [
    "/health",
    "/api/health",
    "/api/v1/health",
    "/api/v1/admin/health",
];

pub(crate) async fn gate(State(s): State<AppState>, req: Request, next: Next) -> Response {
    if s.core.flag("maintenance_mode")
        && !HEALTH.contains(&req.uri().path())
        && !admin_token_sent(req.headers(), &s)
    {
        let message = "the service is in maintenance; try again later";
        let body = json!({"error": message, "code": 503, "message": message, "data": {}});
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(axum::http::header::RETRY_AFTER, "60")],
            Json(body),
        )
            .into_response();
    }
    next.run(req).await
}
