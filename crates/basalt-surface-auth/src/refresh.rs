//! `POST /api/v1/auth/refresh`, shared by BunBase and Fluxbase: the body is
//! `{"refresh_token": "…"}` (or `refreshToken`); any `Authorization` header
//! is ignored, as the access token it carries may have expired. Only tokens
//! of `users` are taken here (Teenybase tables refresh on their own route).

use crate::body::text;
use axum::extract::State;
use axum::Json;
use basalt_core::auth::USERS;
use basalt_surface_kit::{ApiResult, AppState, JsonBody};
use serde_json::Value;

pub(crate) async fn refresh(
    State(s): State<AppState>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let token = text(&body, &["refresh_token", "refreshToken"])?;
    Ok(Json(s.core.refresh_in(Some(USERS), token).await?.to_json()))
}
