//! `GET` (and `HEAD`) `/api/v1/tables/{table}`: the rows the filters select,
//! ordered and windowed, as a JSON array (or one object), with
//! `Content-Range: FIRST-LAST/TOTAL` — the total counted for
//! `Prefer: count=exact` and for `HEAD`.

use crate::names::resolve;
use crate::prefer::Preferences;
use crate::query::rows_query;
use crate::respond::{content_range, records, shape};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::response::Response;
use basalt_surface_kit::{ApiResult, AppState, Params, RequestCaller};

pub(crate) async fn list(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
    Path(table): Path<String>,
    method: Method,
    headers: HeaderMap,
    params: Params,
) -> ApiResult<Response> {
    let table = resolve(&s.core, &table);
    let prefs = Preferences::read(&headers);
    let (q, select) = rows_query(&params, &headers, prefs.count || method == Method::HEAD)?;
    let result = s.core.select_rows(&caller, &table, q).await?;
    let range = content_range(result.offset, result.items.len(), result.total);
    let rows = shape(result.items, &select, &prefs);
    // A read always answers its rows, whatever `return=` says.
    let prefs = Preferences {
        ret: crate::prefer::Return::Representation,
        ..prefs
    };
    Ok(records(
        StatusCode::OK,
        StatusCode::OK,
        rows,
        &prefs,
        false,
        Some(range),
    ))
}
