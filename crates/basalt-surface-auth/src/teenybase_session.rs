//! Teenybase's per-table auth session routes on any auth collection:
//! `sign-up` (bare fields plus `password`), `login-password` (`identity` =
//! e-mail or username), `refresh-token`, `change-password` and `logout`.
//! Sign-in answers are the token body (`token`, `refresh_token`, `record`
//! among its keys).

use crate::body::text;
use axum::extract::{Path, State};
use axum::Json;
use basalt_core::Error;
use basalt_surface_kit::{ApiResult, AppState, JsonBody, SignedIn};
use serde_json::{json, Value};

/// 403 when the signed-in user belongs to another auth collection.
pub(crate) fn same_table(p: &basalt_core::auth::Principal, table: &str) -> Result<(), Error> {
    match &p.user {
        Some(u) if u.collection == table => Ok(()),
        _ => Err(Error::forbidden(format!(
            "this token does not belong to a user of {table}"
        ))),
    }
}

pub(crate) async fn sign_up(
    State(s): State<AppState>,
    Path(table): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    Ok(Json(s.core.sign_up(&table, &body).await?.to_json()))
}

pub(crate) async fn login_password(
    State(s): State<AppState>,
    Path(table): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let identity = text(&body, &["identity", "email", "username"])?;
    let password = text(&body, &["password"])?;
    Ok(Json(
        s.core
            .sign_in_password(&table, identity, password)
            .await?
            .to_json(),
    ))
}

pub(crate) async fn refresh_token(
    State(s): State<AppState>,
    Path(table): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    s.core.auth_collection_exists(&table)?;
    let token = text(&body, &["refresh_token", "refreshToken"])?;
    let tokens = s.core.refresh_in(Some(&table), token).await?;
    Ok(Json(tokens.to_json()))
}

pub(crate) async fn change_password(
    State(s): State<AppState>,
    Path(table): Path<String>,
    SignedIn(p): SignedIn,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    same_table(&p, &table)?;
    let new = text(&body, &["password"])?;
    let current = text(
        &body,
        &["passwordCurrent", "password_current", "oldPassword"],
    )?;
    s.core.change_password(&p, current, new).await?;
    Ok(Json(json!({"success": true})))
}

pub(crate) async fn logout(
    State(s): State<AppState>,
    Path(table): Path<String>,
    SignedIn(p): SignedIn,
) -> ApiResult<Json<Value>> {
    same_table(&p, &table)?;
    s.core.sign_out(&p).await?;
    Ok(Json(json!({"success": true})))
}
