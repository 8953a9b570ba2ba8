//! Reads: `select` (an array of records), `list` (`{items, total}`), both
//! by GET query parameters or a POST JSON body, and `view/{id}` (one record
//! or 404). The list rule governs `select`/`list`, the view rule `view`.

use crate::req::Req;
use axum::extract::{Path, State};
use axum::Json;
use basalt_core::records::{RowsQuery, RowsResult};
use basalt_core::{Basalt, Caller, Result};
use basalt_surface_kit::{ApiResult, AppState, JsonBody, Params, RequestCaller};
use serde_json::{json, Value};

/// Parameters a read does not serve yet.
const UNSUPPORTED: &[&str] = &["distinct", "group"];

async fn rows(
    core: &Basalt,
    caller: &Caller,
    table: &str,
    req: &Req,
    count: bool,
) -> Result<RowsResult> {
    req.refuse(UNSUPPORTED)?;
    let q = RowsQuery {
        filter: req.filter()?,
        order: req.order()?,
        fields: req.select()?,
        limit: req.count("limit")?,
        offset: req.count("offset")?.unwrap_or(0),
        count,
    };
    core.select_rows(caller, table, q).await
}

async fn select(s: AppState, caller: Caller, table: String, req: Req) -> ApiResult<Json<Value>> {
    let r = rows(&s.core, &caller, &table, &req, false).await?;
    Ok(Json(Value::Array(r.items)))
}

async fn list(s: AppState, caller: Caller, table: String, req: Req) -> ApiResult<Json<Value>> {
    let r = rows(&s.core, &caller, &table, &req, true).await?;
    let total = r.total.unwrap_or(r.items.len() as u64);
    Ok(Json(json!({"items": r.items, "total": total})))
}

pub(crate) async fn select_get(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path(table): Path<String>,
    params: Params,
) -> ApiResult<Json<Value>> {
    select(s, caller, table, Req::from_params(&params)).await
}

pub(crate) async fn select_post(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path(table): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    select(s, caller, table, Req::from_body(body)?).await
}

pub(crate) async fn list_get(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path(table): Path<String>,
    params: Params,
) -> ApiResult<Json<Value>> {
    list(s, caller, table, Req::from_params(&params)).await
}

pub(crate) async fn list_post(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path(table): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    list(s, caller, table, Req::from_body(body)?).await
}

pub(crate) async fn view(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path((table, id)): Path<(String, String)>,
    params: Params,
) -> ApiResult<Json<Value>> {
    let req = Req::from_params(&params);
    let record = s
        .core
        .get_record_where(&caller, &table, &id, req.select()?, req.filter()?)
        .await?;
    Ok(Json(record))
}
