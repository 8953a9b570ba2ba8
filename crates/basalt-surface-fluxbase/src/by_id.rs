//! The record routes of `/api/v1/tables/{table}/{id}`: `GET` (with
//! `select`), `PUT` (replace: absent fields go back to their defaults),
//! `PATCH` (partial update) and `DELETE` (204). They answer the record as an
//! object, or no body for `Prefer: return=minimal`.

use crate::names::resolve;
use crate::prefer::{Preferences, Return};
use crate::query::{columns, select};
use crate::respond::shape;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use basalt_core::query::parse::SelectItem;
use basalt_surface_kit::{ApiResult, AppState, JsonBody, Params, RequestCaller};
use serde_json::Value;

/// One record as the answer: 200 with the (shaped) object, or `minimal`.
fn one(record: Value, select: &Option<Vec<SelectItem>>, prefs: &Preferences) -> Response {
    if prefs.ret == Return::Minimal {
        return StatusCode::NO_CONTENT.into_response();
    }
    let record = shape(vec![record], select, prefs)
        .into_iter()
        .next()
        .unwrap_or(Value::Null);
    (StatusCode::OK, Json(record)).into_response()
}

pub(crate) async fn get_one(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path((table, id)): Path<(String, String)>,
    headers: HeaderMap,
    params: Params,
) -> ApiResult<Response> {
    let table = resolve(&s.core, &table);
    let select = select(&params)?;
    let record = s
        .core
        .get_record(&caller, &table, &id, columns(&select), false)
        .await?;
    let prefs = Preferences {
        ret: Return::Representation,
        ..Preferences::read(&headers)
    };
    Ok(one(record, &select, &prefs))
}

pub(crate) async fn replace(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path((table, id)): Path<(String, String)>,
    headers: HeaderMap,
    params: Params,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    let table = resolve(&s.core, &table);
    let select = select(&params)?;
    if let Some(cols) = columns(&select) {
        s.core.check_field_names(&table, &cols, "select")?;
    }
    let record = s.core.replace_record(&caller, &table, &id, &body).await?;
    Ok(one(record, &select, &Preferences::read(&headers)))
}

pub(crate) async fn update(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path((table, id)): Path<(String, String)>,
    headers: HeaderMap,
    params: Params,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    let table = resolve(&s.core, &table);
    let select = select(&params)?;
    if let Some(cols) = columns(&select) {
        s.core.check_field_names(&table, &cols, "select")?;
    }
    let record = s
        .core
        .update_record(&caller, &table, &id, &body, false)
        .await?;
    Ok(one(record, &select, &Preferences::read(&headers)))
}

pub(crate) async fn delete(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path((table, id)): Path<(String, String)>,
    headers: HeaderMap,
    params: Params,
) -> ApiResult<Response> {
    let table = resolve(&s.core, &table);
    let select = select(&params)?;
    if let Some(cols) = columns(&select) {
        s.core.check_field_names(&table, &cols, "select")?;
    }
    let prefs = Preferences::read(&headers);
    let record = s.core.delete_record(&caller, &table, &id, false).await?;
    if prefs.ret == Return::Representation {
        return Ok(one(record, &select, &prefs));
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}
