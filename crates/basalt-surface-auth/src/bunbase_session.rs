//! BunBase sign-up, sign-in and session routes on the built-in `users`
//! collection: `register`, `login` (tokens or `totp_required`), `logout`,
//! `logout-all`, and `me` (GET, DELETE).

use crate::body::text;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use basalt_core::auth::USERS;
use basalt_surface_kit::{ApiResult, AppState, JsonBody, SignedIn};
use serde_json::{json, Value};

pub(crate) async fn register(
    State(s): State<AppState>,
    JsonBody(body): JsonBody,
) -> ApiResult<impl IntoResponse> {
    let tokens = s.core.sign_up(USERS, &body).await?;
    Ok((StatusCode::CREATED, Json(tokens.to_json())))
}

pub(crate) async fn login(
    State(s): State<AppState>,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let identity = text(&body, &["email", "identity"])?;
    let password = text(&body, &["password"])?;
    Ok(Json(
        s.core
            .sign_in_password(USERS, identity, password)
            .await?
            .to_json(),
    ))
}

pub(crate) async fn logout(
    State(s): State<AppState>,
    SignedIn(p): SignedIn,
) -> ApiResult<StatusCode> {
    s.core.sign_out(&p).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub(crate) async fn logout_all(
    State(s): State<AppState>,
    SignedIn(p): SignedIn,
) -> ApiResult<Json<Value>> {
    let revoked = s.core.sign_out_all(&p).await?;
    Ok(Json(json!({"success": true, "revoked": revoked})))
}

pub(crate) async fn me(State(s): State<AppState>, SignedIn(p): SignedIn) -> ApiResult<Json<Value>> {
    Ok(Json(s.core.me(&p).await?))
}

pub(crate) async fn delete_me(
    State(s): State<AppState>,
    SignedIn(p): SignedIn,
) -> ApiResult<StatusCode> {
    s.core.delete_me(&p).await?;
    Ok(StatusCode::NO_CONTENT)
}
