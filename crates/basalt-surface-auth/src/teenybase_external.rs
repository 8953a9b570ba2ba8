//! Teenybase's sign-in with tokens from elsewhere: `login-token` (an
//! external JWT in `Authorization: Bearer`, checked against the configured
//! secret or JWKS) and `google-login` (`{"token"}`: a Google ID token).

use crate::body::text;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::Json;
use basalt_core::Error;
use basalt_surface_kit::{ApiResult, AppState, JsonBody};
use serde_json::Value;

pub(crate) async fn login_token(
    State(s): State<AppState>,
    Path(table): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    let token = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, t)| t.trim().to_string())
        .ok_or_else(|| Error::unauthorized("send the external token as Authorization: Bearer"))?;
    Ok(Json(
        s.core
            .login_with_external_token(&table, &token)
            .await?
            .to_json(),
    ))
}

pub(crate) async fn google_login(
    State(s): State<AppState>,
    Path(table): Path<String>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let token = text(&body, &["token", "credential", "id_token"])?;
    Ok(Json(s.core.google_login(&table, token).await?.to_json()))
}
