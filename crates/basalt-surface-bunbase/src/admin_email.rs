//! `POST /api/v1/admin/settings/test-email` `{"to"}`: sends a test message
//! with the current e-mail provider and reports whether it went.

use axum::extract::State;
use axum::Json;
use basalt_core::Error;
use basalt_surface_kit::{AdminCaller, ApiResult, AppState, JsonBody};
use serde_json::{json, Value};

pub(crate) async fn test_email(
    State(s): State<AppState>,
    _: AdminCaller,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let to = body
        .get("to")
        .and_then(Value::as_str)
        .filter(|t| t.contains('@'))
        .ok_or_else(|| Error::invalid_field("to", "must be an e-mail address"))?;
    s.core.send_test_email(to).await?;
    Ok(Json(json!({"success": true, "to": to})))
}
