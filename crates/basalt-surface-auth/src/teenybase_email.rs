//! Teenybase's per-table e-mail routes: `request-password-reset`,
//! `confirm-password-reset`, `request-verification` and
//! `confirm-verification`. Requests answer the same for known and unknown
//! addresses.

use crate::body::{sent, text};
use axum::extract::{Path, State};
use axum::Json;
use basalt_surface_kit::{ApiResult, AppState, JsonBody};
use serde_json::{json, Value};

pub(crate) async fn request_password_reset(
    State(s): State<AppState>,
    Path(table): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    s.core
        .request_password_reset(&table, text(&body, &["email"])?)
        .await?;
    Ok(Json(sent("a password reset link")))
}

pub(crate) async fn confirm_password_reset(
    State(s): State<AppState>,
    Path(table): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    s.core.auth_collection_exists(&table)?;
    let token = text(&body, &["token"])?;
    let password = text(&body, &["password"])?;
    s.core
        .confirm_password_reset(Some(&table), token, password)
        .await?;
    Ok(Json(json!({"success": true})))
}

pub(crate) async fn request_verification(
    State(s): State<AppState>,
    Path(table): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    s.core
        .request_verification(&table, text(&body, &["email"])?)
        .await?;
    Ok(Json(sent("a verification link")))
}

pub(crate) async fn confirm_verification(
    State(s): State<AppState>,
    Path(table): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    s.core.auth_collection_exists(&table)?;
    let record = s
        .core
        .confirm_verification(Some(&table), text(&body, &["token"])?)
        .await?;
    Ok(Json(json!({"success": true, "record": record})))
}
