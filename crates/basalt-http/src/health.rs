//! Health routes of every surface: 200 `{"status":"ok"}` while the database
//! answers, 503 in the envelope otherwise.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use basalt_surface_kit::{ApiResult, AppState};
use serde_json::{json, Value};

async fn health(State(s): State<AppState>) -> ApiResult<Json<Value>> {
    s.core.health().await.map_err(|e| {
        basalt_core::Error::unavailable(format!("database unavailable: {}", e.message))
    })?;
    Ok(Json(json!({"status": "ok"})))
}

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/health", get(health))
        .route("/api/health", get(health))
        .route("/api/v1/health", get(health))
        .route("/api/v1/admin/health", get(health))
}
