//! `POST /api/collections/{table}/batch`: at most 1000 create, update and
//! delete operations in one transaction, answered as
//! `[{"index", "status", "body"}]`; one failure rolls back every operation
//! and answers that operation's error with `data.index`. Rules apply to each
//! operation as they do to single requests.

use axum::extract::{Path, State};
use axum::response::IntoResponse;
use axum::Json;
use basalt_core::records::BatchOp;
use basalt_surface_kit::{ApiResult, AppState, JsonBody, RequestCaller};
use serde_json::{json, Value};

/// The most operations one batch may hold (AYB's limit).
const MAX_BATCH: usize = 1000;

pub(crate) async fn batch(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path(table): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<impl IntoResponse> {
    let ops = BatchOp::parse_list(&body, MAX_BATCH)?;
    let outcomes = s.core.batch(&caller, &table, &ops).await?;
    let out: Vec<Value> = outcomes
        .into_iter()
        .map(|o| match o.body {
            Some(b) => json!({"index": o.index, "status": o.status, "body": b}),
            None => json!({"index": o.index, "status": o.status}),
        })
        .collect();
    Ok(Json(out))
}
