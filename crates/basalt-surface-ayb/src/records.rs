//! The record routes: list (with `expand`), create (201), get (with
//! `fields` and `expand`), partial update answering the whole record, and
//! delete (204).

use crate::params::{expand, list_query};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use basalt_surface_kit::{envelope, fields};
use basalt_surface_kit::{ApiResult, AppState, JsonBody, Params, RequestCaller};

pub(crate) async fn list(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path(table): Path<String>,
    params: Params,
) -> ApiResult<impl IntoResponse> {
    let q = list_query(&params)?;
    let expand = expand(&params)?;
    Ok(Json(envelope(
        s.core.list_expanded(&caller, &table, q, &expand).await?,
    )))
}

pub(crate) async fn create(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path(table): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<impl IntoResponse> {
    let rec = s.core.create_record(&caller, &table, &body).await?;
    Ok((StatusCode::CREATED, Json(rec)))
}

pub(crate) async fn get_one(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path((table, id)): Path<(String, String)>,
    params: Params,
) -> ApiResult<impl IntoResponse> {
    let f = fields(&params)?;
    let expand = expand(&params)?;
    Ok(Json(
        s.core
            .get_expanded(&caller, &table, &id, f, &expand)
            .await?,
    ))
}

pub(crate) async fn update(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path((table, id)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> ApiResult<impl IntoResponse> {
    Ok(Json(
        s.core
            .update_record(&caller, &table, &id, &body, false)
            .await?,
    ))
}

pub(crate) async fn delete(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path((table, id)): Path<(String, String)>,
) -> ApiResult<impl IntoResponse> {
    s.core.delete_record(&caller, &table, &id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}
