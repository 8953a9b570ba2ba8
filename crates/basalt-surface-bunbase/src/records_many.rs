//! Bulk create (at most 500 records) and batch (at most 100 operations),
//! each one transaction.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use basalt_core::records::BatchOp;
use basalt_core::Error;
use basalt_surface_kit::{ApiResult, AppState, JsonBody, RequestCaller};
use serde_json::{json, Value};

const MAX_BULK: usize = 500;
const MAX_BATCH: usize = 100;

pub(crate) async fn bulk(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path(collection): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<impl IntoResponse> {
    let records = match &body {
        Value::Array(a) => a.clone(),
        Value::Object(o) => match o.get("records") {
            Some(Value::Array(a)) if o.len() == 1 => a.clone(),
            _ => {
                return Err(Error::bad_request(
                    "the body must be an array of records or {\"records\": [...]}",
                )
                .into())
            }
        },
        _ => {
            return Err(Error::bad_request(
                "the body must be an array of records or {\"records\": [...]}",
            )
            .into())
        }
    };
    let items = s
        .core
        .bulk_create(&caller, &collection, &records, MAX_BULK)
        .await?;
    let count = items.len();
    Ok((
        StatusCode::CREATED,
        Json(json!({"items": items, "count": count})),
    ))
}

pub(crate) async fn batch(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path(collection): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<impl IntoResponse> {
    if caller.is_anonymous() {
        return Err(Error::unauthorized("authentication required for batch").into());
    }
    let ops = BatchOp::parse_list(&body, MAX_BATCH)?;
    let outcomes = s.core.batch(&caller, &collection, &ops).await?;
    let out: Vec<Value> = outcomes
        .into_iter()
        .map(|o| match o.body {
            Some(b) => json!({"index": o.index, "status": o.status, "body": b}),
            None => json!({"index": o.index, "status": o.status}),
        })
        .collect();
    Ok(Json(out))
}
