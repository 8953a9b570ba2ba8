//! `POST /admin/sql` and the runtime settings routes.

use axum::extract::State;
use axum::Json;
use basalt_core::Error;
use basalt_surface_kit::{AdminCaller, ApiResult, AppState, JsonBody};
use serde_json::{json, Value};

pub(crate) async fn sql(
    State(s): State<AppState>,
    _: AdminCaller,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let text = match &body {
        Value::Object(o) if o.len() == 1 => o.get("sql").and_then(Value::as_str),
        _ => None,
    }
    .ok_or_else(|| Error::bad_request("the body must be {\"sql\": \"…\"}"))?;
    let r = s.core.run_sql(text).await?;
    Ok(Json(
        json!({"rows": r.rows, "rows_affected": r.rows_affected}),
    ))
}

pub(crate) async fn get_all(State(s): State<AppState>, _: AdminCaller) -> ApiResult<Json<Value>> {
    Ok(Json(Value::Object(s.core.all_settings())))
}

pub(crate) async fn update(
    State(s): State<AppState>,
    _: AdminCaller,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let settings = s.core.update_settings(body).await?;
    Ok(Json(Value::Object(settings.all().clone())))
}
