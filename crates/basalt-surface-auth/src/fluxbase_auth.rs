//! Fluxbase's auth routes (Supabase-style): `signup`, `signin` (tokens, or
//! `totp_required` with 2FA on), `signout`, `user` (GET, PATCH), `magiclink`
//! and `magiclink/verify` (token in the query or the body). `refresh` is
//! shared with BunBase.

use crate::body::{opt_text, sent, text};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use basalt_core::auth::USERS;
use basalt_core::Error;
use basalt_surface_kit::{ApiResult, AppState, JsonBody, Params, SignedIn};
use serde_json::Value;

pub(crate) async fn signup(
    State(s): State<AppState>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    Ok(Json(s.core.sign_up(USERS, &body).await?.to_json()))
}

pub(crate) async fn signin(
    State(s): State<AppState>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let email = text(&body, &["email", "identity"])?;
    let password = text(&body, &["password"])?;
    Ok(Json(
        s.core
            .sign_in_password(USERS, email, password)
            .await?
            .to_json(),
    ))
}

pub(crate) async fn signout(
    State(s): State<AppState>,
    SignedIn(p): SignedIn,
) -> ApiResult<StatusCode> {
    s.core.sign_out(&p).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub(crate) async fn user(
    State(s): State<AppState>,
    SignedIn(p): SignedIn,
) -> ApiResult<Json<Value>> {
    Ok(Json(s.core.me(&p).await?))
}

pub(crate) async fn update_user(
    State(s): State<AppState>,
    SignedIn(p): SignedIn,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    Ok(Json(s.core.update_me(&p, &body).await?))
}

pub(crate) async fn magiclink(
    State(s): State<AppState>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    s.core
        .request_magic_link(USERS, text(&body, &["email"])?)
        .await?;
    Ok(Json(sent("a sign-in link")))
}

pub(crate) async fn magiclink_verify(
    State(s): State<AppState>,
    params: Params,
    bytes: axum::body::Bytes,
) -> ApiResult<Json<Value>> {
    let from_body = crate::body::optional_json(&bytes)?;
    let token = match params.get("token") {
        Some(t) => t.to_string(),
        None => match &from_body {
            Some(b) => opt_text(b, &["token"])?.unwrap_or_default().to_string(),
            None => String::new(),
        },
    };
    if token.is_empty() {
        return Err(Error::invalid_field("token", "cannot be blank").into());
    }
    Ok(Json(s.core.verify_magic_link(&token).await?.to_json()))
}
