//! `count` and `aggregate` over the records a caller may list.

use axum::extract::{Path, State};
use axum::Json;
use basalt_core::query::parse::parse_filter;
use basalt_core::records::{AggregateQuery, AggregateResult};
use basalt_core::Error;
use basalt_surface_kit::{ApiResult, AppState, Params, RequestCaller};
use serde_json::{json, Value};

pub(crate) async fn count(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path(collection): Path<String>,
    p: Params,
) -> ApiResult<Json<Value>> {
    let filter = parse_filter(p.get("filter").unwrap_or(""))?;
    let n = s
        .core
        .count_records(&caller, &collection, filter, p.get("search"))
        .await?;
    Ok(Json(json!({"count": n})))
}

pub(crate) async fn aggregate(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path(collection): Path<String>,
    p: Params,
) -> ApiResult<Json<Value>> {
    let func = p
        .get("fn")
        .ok_or_else(|| {
            Error::bad_request("the 'fn' parameter is required (sum, avg, min, max or count)")
        })?
        .to_string();
    let q = AggregateQuery {
        func: func.to_ascii_lowercase(),
        field: p.get("field").filter(|f| !f.is_empty()).map(str::to_string),
        group_by: p
            .get("group_by")
            .filter(|f| !f.is_empty())
            .map(str::to_string),
        filter: parse_filter(p.get("filter").unwrap_or(""))?,
    };
    let (func, field, group_by) = (q.func.clone(), q.field.clone(), q.group_by.clone());
    Ok(Json(
        match s.core.aggregate_records(&caller, &collection, q).await? {
            AggregateResult::Single(v) => json!({"fn": func, "field": field, "value": v}),
            AggregateResult::Grouped(groups) => json!({
                "fn": func, "field": field, "group_by": group_by,
                "groups": groups.into_iter().map(|(k, v)| json!({"key": k, "value": v})).collect::<Vec<_>>(),
            }),
        },
    ))
}
