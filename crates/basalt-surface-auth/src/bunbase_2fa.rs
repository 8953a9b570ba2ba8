//! BunBase TOTP routes: `2fa/setup` (secret and `otpauth://` URI),
//! `2fa/enable` and `2fa/disable` with `{"code"}`, and `2fa/verify` with
//! `{"challenge", "code"}` completing a sign-in.

use crate::body::text;
use axum::extract::State;
use axum::Json;
use basalt_surface_kit::{ApiResult, AppState, JsonBody, SignedIn};
use serde_json::{json, Value};

pub(crate) async fn setup(
    State(s): State<AppState>,
    SignedIn(p): SignedIn,
) -> ApiResult<Json<Value>> {
    let t = s.core.totp_setup(&p).await?;
    Ok(Json(
        json!({"secret": t.secret, "otpauth_url": t.uri, "uri": t.uri}),
    ))
}

pub(crate) async fn enable(
    State(s): State<AppState>,
    SignedIn(p): SignedIn,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    s.core.totp_enable(&p, text(&body, &["code"])?).await?;
    Ok(Json(json!({"success": true, "enabled": true})))
}

pub(crate) async fn disable(
    State(s): State<AppState>,
    SignedIn(p): SignedIn,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    s.core.totp_disable(&p, text(&body, &["code"])?).await?;
    Ok(Json(json!({"success": true, "enabled": false})))
}

pub(crate) async fn verify(
    State(s): State<AppState>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let challenge = text(&body, &["challenge"])?;
    let code = text(&body, &["code"])?;
    Ok(Json(s.core.totp_verify(challenge, code).await?.to_json()))
}
