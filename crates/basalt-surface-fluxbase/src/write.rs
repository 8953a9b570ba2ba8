//! Writes on `/api/v1/tables/{table}`: `POST` of one object or an array
//! (one transaction; `columns=` picks the keys taken), and `PATCH`/`DELETE`
//! of every row the filters select — refused with 400 when there is no
//! filter. `Prefer: return=representation` answers the rows as an array,
//! `return=minimal` answers 201/204 with no body, and with no preference a
//! single insert answers its record and other writes their rows.

use crate::names::resolve;
use crate::prefer::Preferences;
use crate::query::{columns, select};
use crate::respond::{content_range, not_acceptable, records, shape};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use basalt_core::query::parse::{parse_columns, parse_postgrest_filter, SelectItem};
use basalt_core::{Basalt, Error};
use basalt_surface_kit::{ApiResult, AppState, JsonBody, Params, RequestCaller};
use serde_json::Value;

/// The most rows one `POST` may insert.
const MAX_INSERT: usize = 1000;

/// Checks the `select` columns before anything is written.
fn check_select(core: &Basalt, table: &str, p: &Params) -> ApiResult<Option<Vec<SelectItem>>> {
    let select = select(p)?;
    if let Some(cols) = columns(&select) {
        core.check_field_names(table, &cols, "select")?;
    }
    Ok(select)
}

/// Keeps only the keys `columns=` names (all keys when absent).
fn pick_columns(core: &Basalt, table: &str, p: &Params, rows: &mut [Value]) -> ApiResult<()> {
    let Some(raw) = p.get("columns") else {
        return Ok(());
    };
    let cols = parse_columns(raw)?;
    core.check_field_names(table, &cols, "columns")?;
    for row in rows.iter_mut() {
        if let Some(obj) = row.as_object_mut() {
            obj.retain(|k, _| cols.contains(k));
        }
    }
    Ok(())
}

/// The answer to a core error: a bulk write refused for touching more than
/// one row when one object was asked for is PostgREST's 406.
fn refused(e: Error) -> ApiResult<Response> {
    match e.data.get("affected").and_then(Value::as_u64) {
        Some(n) if e.data.contains_key("max_affected") => Ok(not_acceptable(n as usize)),
        _ => Err(e.into()),
    }
}

/// The answer to a bulk `PATCH`/`DELETE` that changed `rows`.
fn changed(rows: Vec<Value>, select: &Option<Vec<SelectItem>>, prefs: &Preferences) -> Response {
    let range = content_range(0, 0, Some(rows.len() as u64));
    records(
        StatusCode::OK,
        StatusCode::NO_CONTENT,
        shape(rows, select, prefs),
        prefs,
        false,
        Some(range),
    )
}

pub(crate) async fn create(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path(table): Path<String>,
    headers: HeaderMap,
    params: Params,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    let table = resolve(&s.core, &table);
    let prefs = Preferences::read(&headers);
    if prefs.upsert {
        return Err(Error::bad_request(
            "Prefer: resolution=… (upsert) is not supported: insert, or update with a filter",
        )
        .into());
    }
    let select = check_select(&s.core, &table, &params)?;
    let (mut rows, is_array) = match body {
        Value::Array(a) => (a, true),
        obj @ Value::Object(_) => (vec![obj], false),
        _ => {
            return Err(
                Error::bad_request("the body must be a JSON object or an array of objects").into(),
            )
        }
    };
    if prefs.single && rows.len() != 1 {
        return Ok(not_acceptable(rows.len()));
    }
    pick_columns(&s.core, &table, &params, &mut rows)?;
    let created = if is_array {
        s.core
            .bulk_create(&caller, &table, &rows, MAX_INSERT)
            .await?
    } else {
        let one = rows.into_iter().next().unwrap_or(Value::Null);
        vec![s.core.create_record(&caller, &table, &one).await?]
    };
    let range = content_range(0, 0, Some(created.len() as u64));
    let created = shape(created, &select, &prefs);
    Ok(records(
        StatusCode::CREATED,
        StatusCode::CREATED,
        created,
        &prefs,
        !is_array,
        Some(range),
    ))
}

pub(crate) async fn update(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path(table): Path<String>,
    headers: HeaderMap,
    params: Params,
    JsonBody(body): JsonBody,
) -> ApiResult<Response> {
    let table = resolve(&s.core, &table);
    let prefs = Preferences::read(&headers);
    let select = check_select(&s.core, &table, &params)?;
    let filter = parse_postgrest_filter(&params.0)?;
    let max = prefs.single.then_some(1);
    match s
        .core
        .update_many(&caller, &table, filter, &body, max)
        .await
    {
        Ok(rows) => Ok(changed(rows, &select, &prefs)),
        Err(e) => refused(e),
    }
}

pub(crate) async fn delete(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path(table): Path<String>,
    headers: HeaderMap,
    params: Params,
) -> ApiResult<Response> {
    let table = resolve(&s.core, &table);
    let prefs = Preferences::read(&headers);
    let select = check_select(&s.core, &table, &params)?;
    let filter = parse_postgrest_filter(&params.0)?;
    let max = prefs.single.then_some(1);
    match s.core.delete_many(&caller, &table, filter, max).await {
        Ok(rows) => Ok(changed(rows, &select, &prefs)),
        Err(e) => refused(e),
    }
}
