//! Who is calling: the admin token (as `Authorization: Bearer` or
//! `X-API-Key`) makes the admin; no credentials make an anonymous caller;
//! any other credential is refused with 401.

use crate::{ApiError, AppState};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use basalt_core::{Caller, Error};

/// The caller of any route.
#[derive(Debug, Clone)]
pub struct RequestCaller(pub Caller);

/// The caller of an admin route: the admin, or 401.
#[derive(Debug, Clone)]
pub struct AdminCaller(pub Caller);

fn credential(parts: &Parts) -> Option<String> {
    if let Some(v) = parts.headers.get("x-api-key").and_then(|v| v.to_str().ok()) {
        return Some(v.trim().to_string());
    }
    let auth = parts.headers.get("authorization")?.to_str().ok()?.trim();
    let (scheme, token) = auth.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
}

impl FromRequestParts<AppState> for RequestCaller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let has_header =
            parts.headers.contains_key("authorization") || parts.headers.contains_key("x-api-key");
        match credential(parts) {
            Some(token) if state.core.is_admin_token(&token) => Ok(RequestCaller(Caller::Admin)),
            None if !has_header => Ok(RequestCaller(Caller::Anonymous)),
            _ => Err(ApiError(Error::unauthorized("invalid or expired token"))),
        }
    }
}

impl FromRequestParts<AppState> for AdminCaller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match credential(parts) {
            Some(token) if state.core.is_admin_token(&token) => Ok(AdminCaller(Caller::Admin)),
            Some(_) => Err(ApiError(Error::unauthorized("invalid admin token"))),
            None => Err(ApiError(Error::unauthorized("admin token required"))),
        }
    }
}
