//! BunBase e-mail flows: `forgot-password` and `reset-password`,
//! `verify-email` and `resend-verification` (with a bearer token or
//! `{"email"}`), `magic-link` and `magic-link/verify`. Requests answer the
//! same for known and unknown addresses.

use crate::body::{optional_json, sent, text};
use axum::extract::State;
use axum::Json;
use basalt_core::auth::USERS;
use basalt_surface_kit::{ApiResult, AppState, JsonBody, MaybeSignedIn};
use serde_json::{json, Value};

pub(crate) async fn forgot_password(
    State(s): State<AppState>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    s.core
        .request_password_reset(USERS, text(&body, &["email"])?)
        .await?;
    Ok(Json(sent("a password reset link")))
}

pub(crate) async fn reset_password(
    State(s): State<AppState>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let token = text(&body, &["token"])?;
    let password = text(&body, &["password"])?;
    s.core
        .confirm_password_reset(Some(USERS), token, password)
        .await?;
    Ok(Json(
        json!({"success": true, "message": "password updated"}),
    ))
}

pub(crate) async fn verify_email(
    State(s): State<AppState>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let user = s
        .core
        .confirm_verification(Some(USERS), text(&body, &["token"])?)
        .await?;
    Ok(Json(
        json!({"success": true, "verified": true, "user": user, "record": user}),
    ))
}

pub(crate) async fn resend_verification(
    State(s): State<AppState>,
    MaybeSignedIn(p): MaybeSignedIn,
    bytes: axum::body::Bytes,
) -> ApiResult<Json<Value>> {
    match (p, optional_json(&bytes)?) {
        (Some(p), _) if p.user.is_some() => s.core.resend_verification_for(&p).await?,
        (_, Some(body)) => {
            s.core
                .request_verification(USERS, text(&body, &["email"])?)
                .await?
        }
        _ => {
            return Err(basalt_core::Error::invalid_field(
                "email",
                "send a bearer token or {\"email\"}",
            )
            .into())
        }
    }
    Ok(Json(sent("a verification link")))
}

pub(crate) async fn magic_link(
    State(s): State<AppState>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    s.core
        .request_magic_link(USERS, text(&body, &["email"])?)
        .await?;
    Ok(Json(sent("a sign-in link")))
}

pub(crate) async fn magic_link_verify(
    State(s): State<AppState>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let tokens = s.core.verify_magic_link(text(&body, &["token"])?).await?;
    Ok(Json(tokens.to_json()))
}
