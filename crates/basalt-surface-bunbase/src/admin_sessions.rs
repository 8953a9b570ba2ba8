//! BunBase admin session routes: list every session, revoke one, purge the
//! expired and revoked ones.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use basalt_surface_kit::{AdminCaller, ApiResult, AppState};
use serde_json::{json, Value};

pub(crate) async fn list(
    State(s): State<AppState>,
    AdminCaller(caller): AdminCaller,
) -> ApiResult<Json<Value>> {
    let items = s.core.admin_list_sessions(&caller).await?;
    Ok(Json(json!({"items": items, "totalItems": items.len()})))
}

pub(crate) async fn revoke(
    State(s): State<AppState>,
    AdminCaller(caller): AdminCaller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    s.core.admin_revoke_session(&caller, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub(crate) async fn purge(
    State(s): State<AppState>,
    AdminCaller(caller): AdminCaller,
) -> ApiResult<Json<Value>> {
    let deleted = s.core.admin_purge_sessions(&caller).await?;
    Ok(Json(json!({"success": true, "deleted": deleted})))
}
