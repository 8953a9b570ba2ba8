//! Writes: `insert` (`values` object or array, one transaction), `update`
//! (`where` required, `setValues`), `edit/{id}` (bare fields) and `delete`
//! (`where` required). `returning` (`"*"` or fields) picks what is
//! answered; without it `insert`/`update`/`delete` answer an empty array
//! and `edit` the record's `id`.

use crate::req::{Req, Returning};
use axum::extract::{Path, State};
use axum::Json;
use basalt_core::{Basalt, Error, Result};
use basalt_surface_kit::{ApiResult, AppState, JsonBody, Params, RequestCaller};
use serde_json::Value;

/// The most records one `insert` may carry.
const MAX_INSERT: usize = 1000;

/// Checks `returning`'s fields against the table before anything is written.
fn returning(core: &Basalt, table: &str, req: &Req) -> Result<Returning> {
    let r = req.returning()?;
    if let Returning::Fields(f) = &r {
        core.check_field_names(table, f, "returning")?;
    }
    Ok(r)
}

/// Keeps the fields `r` names.
fn pick(record: Value, r: &Returning) -> Value {
    match (r, record) {
        (Returning::Fields(f), Value::Object(mut o)) => {
            o.retain(|k, _| f.contains(k));
            Value::Object(o)
        }
        (_, v) => v,
    }
}

/// The answer of a write that changed `records`.
fn answer(records: Vec<Value>, r: &Returning) -> Json<Value> {
    match r {
        Returning::Nothing => Json(Value::Array(Vec::new())),
        _ => Json(Value::Array(
            records.into_iter().map(|v| pick(v, r)).collect(),
        )),
    }
}

pub(crate) async fn insert(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path(table): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let req = Req::from_body(body)?;
    req.refuse(&["or"])?;
    let ret = returning(&s.core, &table, &req)?;
    let created = match req.0.get("values") {
        Some(Value::Array(items)) => {
            s.core
                .bulk_create(&caller, &table, items, MAX_INSERT)
                .await?
        }
        Some(one @ Value::Object(_)) => vec![s.core.create_record(&caller, &table, one).await?],
        Some(_) => {
            return Err(
                Error::bad_request("`values` must be an object or an array of objects")
                    .with_data("field", "values")
                    .into(),
            )
        }
        None => {
            return Err(Error::bad_request(
                "`values` is required: wrap the fields as {\"values\": {…}}",
            )
            .with_data("field", "values")
            .into())
        }
    };
    Ok(answer(created, &ret))
}

pub(crate) async fn update(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path(table): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let req = Req::from_body(body)?;
    req.refuse(&["set", "or"])?;
    let filter = req.required_filter()?;
    let ret = returning(&s.core, &table, &req)?;
    let values = match req.0.get("setValues") {
        Some(v @ Value::Object(_)) => v.clone(),
        _ => {
            return Err(
                Error::bad_request("`setValues` must be an object of fields")
                    .with_data("field", "setValues")
                    .into(),
            )
        }
    };
    let rows = s
        .core
        .update_many(&caller, &table, filter, &values, None)
        .await?;
    Ok(answer(rows, &ret))
}

pub(crate) async fn edit(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path((table, id)): Path<(String, String)>,
    params: Params,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let req = Req::from_params(&params);
    req.refuse(&["or"])?;
    let ret = match returning(&s.core, &table, &req)? {
        Returning::Nothing => Returning::Fields(vec!["id".to_string()]),
        r => r,
    };
    let record = s
        .core
        .update_record(&caller, &table, &id, &body, false)
        .await?;
    Ok(Json(pick(record, &ret)))
}

pub(crate) async fn delete(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path(table): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let req = Req::from_body(body)?;
    let filter = req.required_filter()?;
    let ret = returning(&s.core, &table, &req)?;
    let rows = s.core.delete_many(&caller, &table, filter, None).await?;
    Ok(answer(rows, &ret))
}
