//! BunBase admin user routes on the built-in `users` collection: list (the
//! list envelope, BunBase list parameters), delete, set roles, impersonate
//! (a 15-minute token).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use basalt_core::auth::USERS;
use basalt_surface_kit::{envelope, list_query};
use basalt_surface_kit::{AdminCaller, ApiResult, AppState, JsonBody, Params};
use serde_json::Value;

pub(crate) async fn list(
    State(s): State<AppState>,
    AdminCaller(caller): AdminCaller,
    params: Params,
) -> ApiResult<Json<Value>> {
    let q = list_query(&params, false)?;
    Ok(Json(envelope(
        s.core.admin_list_users(&caller, USERS, q).await?,
    )))
}

pub(crate) async fn delete(
    State(s): State<AppState>,
    AdminCaller(caller): AdminCaller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    s.core.admin_delete_user(&caller, USERS, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub(crate) async fn set_roles(
    State(s): State<AppState>,
    AdminCaller(caller): AdminCaller,
    Path(id): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        s.core.admin_set_roles(&caller, USERS, &id, &body).await?,
    ))
}

pub(crate) async fn impersonate(
    State(s): State<AppState>,
    AdminCaller(caller): AdminCaller,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    Ok(Json(
        s.core
            .admin_impersonate(&caller, USERS, &id)
            .await?
            .to_json(),
    ))
}
