//! BunBase API keys: create (the secret is in this answer only), list
//! (without secrets), revoke.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use basalt_core::Error;
use basalt_surface_kit::{ApiResult, AppState, SignedIn};
use serde_json::{json, Value};

fn user(p: &basalt_core::auth::Principal) -> Result<&basalt_core::auth::AuthUser, Error> {
    p.user
        .as_ref()
        .ok_or_else(|| Error::unauthorized("authentication required"))
}

pub(crate) async fn create(
    State(s): State<AppState>,
    SignedIn(p): SignedIn,
    bytes: axum::body::Bytes,
) -> ApiResult<impl IntoResponse> {
    let body = crate::body::optional_json(&bytes)?.unwrap_or_else(|| json!({}));
    let made = s.core.create_api_key(user(&p)?, body).await?;
    let mut out = made.listing;
    if let Value::Object(o) = &mut out {
        o.insert("key".into(), Value::String(made.key));
    }
    Ok((StatusCode::CREATED, Json(out)))
}

pub(crate) async fn list(
    State(s): State<AppState>,
    SignedIn(p): SignedIn,
) -> ApiResult<Json<Value>> {
    let items = s.core.list_api_keys(user(&p)?).await?;
    Ok(Json(json!({"items": items, "totalItems": items.len()})))
}

pub(crate) async fn revoke(
    State(s): State<AppState>,
    SignedIn(p): SignedIn,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    s.core.revoke_api_key(user(&p)?, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}
