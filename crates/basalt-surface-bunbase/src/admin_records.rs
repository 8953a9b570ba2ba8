//! Admin record routes: list including soft-deleted records, create, get
//! any record, update any record, hard delete. Rules do not apply.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use basalt_surface_kit::{envelope, fields, list_query};
use basalt_surface_kit::{AdminCaller, ApiResult, AppState, JsonBody, Params};

pub(crate) async fn list(
    State(s): State<AppState>,
    AdminCaller(caller): AdminCaller,
    Path(name): Path<String>,
    params: Params,
) -> ApiResult<impl IntoResponse> {
    let q = list_query(&params, true)?;
    Ok(Json(envelope(
        s.core.list_records(&caller, &name, q).await?,
    )))
}

pub(crate) async fn create(
    State(s): State<AppState>,
    AdminCaller(caller): AdminCaller,
    Path(name): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<impl IntoResponse> {
    let rec = s.core.create_record(&caller, &name, &body).await?;
    Ok((StatusCode::CREATED, Json(rec)))
}

pub(crate) async fn get_one(
    State(s): State<AppState>,
    AdminCaller(caller): AdminCaller,
    Path((name, id)): Path<(String, String)>,
    params: Params,
) -> ApiResult<impl IntoResponse> {
    let f = fields(&params)?;
    Ok(Json(s.core.get_record(&caller, &name, &id, f, true).await?))
}

pub(crate) async fn update(
    State(s): State<AppState>,
    AdminCaller(caller): AdminCaller,
    Path((name, id)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> ApiResult<impl IntoResponse> {
    Ok(Json(
        s.core
            .update_record(&caller, &name, &id, &body, true)
            .await?,
    ))
}

pub(crate) async fn delete(
    State(s): State<AppState>,
    AdminCaller(caller): AdminCaller,
    Path((name, id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    s.core.delete_record(&caller, &name, &id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}
