//! Single-record routes: list, create, get, partial update, (soft) delete
//! and restore.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use basalt_surface_kit::{envelope, fields, list_query};
use basalt_surface_kit::{ApiResult, AppState, JsonBody, Params, RequestCaller};

pub(crate) async fn list(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path(collection): Path<String>,
    params: Params,
) -> ApiResult<impl IntoResponse> {
    let q = list_query(&params, false)?;
    Ok(Json(envelope(
        s.core.list_records(&caller, &collection, q).await?,
    )))
}

pub(crate) async fn create(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path(collection): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<impl IntoResponse> {
    let rec = s.core.create_record(&caller, &collection, &body).await?;
    Ok((StatusCode::CREATED, Json(rec)))
}

pub(crate) async fn get_one(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path((collection, id)): Path<(String, String)>,
    params: Params,
) -> ApiResult<impl IntoResponse> {
    let f = fields(&params)?;
    Ok(Json(
        s.core
            .get_record(&caller, &collection, &id, f, false)
            .await?,
    ))
}

pub(crate) async fn update(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path((collection, id)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> ApiResult<impl IntoResponse> {
    Ok(Json(
        s.core
            .update_record(&caller, &collection, &id, &body, false)
            .await?,
    ))
}

pub(crate) async fn delete(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path((collection, id)): Path<(String, String)>,
) -> ApiResult<impl IntoResponse> {
    s.core
        .delete_record(&caller, &collection, &id, false)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub(crate) async fn restore(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path((collection, id)): Path<(String, String)>,
) -> ApiResult<impl IntoResponse> {
    Ok(Json(
        s.core.restore_record(&caller, &collection, &id).await?,
    ))
}
