//! Who is calling. The credential is `X-API-Key` or `Authorization:
//! Bearer`; the core resolves it ([`basalt_core::Basalt::authenticate`]):
//! the admin token makes the admin, an access token (JWT, pinned algorithm,
//! live session) or an API key makes its user, no credential makes an
//! anonymous caller, and any other credential is a 401.

use crate::{ApiError, AppState};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use basalt_core::auth::Principal;
use basalt_core::{Caller, Error};

/// The caller of any route.
#[derive(Debug, Clone)]
pub struct RequestCaller(pub Caller);

/// The caller of an admin route: the admin, or 401.
#[derive(Debug, Clone)]
pub struct AdminCaller(pub Caller);

/// A signed-in user (access token or API key), with their session; 401
/// for anyone else.
#[derive(Debug, Clone)]
pub struct SignedIn(pub Principal);

/// The principal when a credential is sent (401 when it is invalid),
/// `None` when none is.
#[derive(Debug, Clone)]
pub struct MaybeSignedIn(pub Option<Principal>);

fn credential(parts: &Parts) -> Option<String> {
    credential_in(&parts.headers)
}

fn credential_in(headers: &axum::http::HeaderMap) -> Option<String> {
    if let Some(v) = headers.get("x-api-key").and_then(|v| v.to_str().ok()) {
        return Some(v.trim().to_string());
    }
    let auth = headers.get("authorization")?.to_str().ok()?.trim();
    let (scheme, token) = auth.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
}

/// True when the request carries the admin token (as a bearer token or
/// `X-API-Key`).
pub fn admin_token_sent(headers: &axum::http::HeaderMap, state: &AppState) -> bool {
    credential_in(headers).is_some_and(|t| state.core.is_admin_token(&t))
}

/// The principal of the request's credential: `None` without one, 401 for
/// a header that carries no usable credential or one that is refused.
async fn principal(parts: &Parts, state: &AppState) -> Result<Option<Principal>, ApiError> {
    let has_header =
        parts.headers.contains_key("authorization") || parts.headers.contains_key("x-api-key");
    match credential(parts) {
        Some(token) if !token.is_empty() => Ok(Some(state.core.authenticate(&token).await?)),
        None if !has_header => Ok(None),
        _ => Err(ApiError(Error::unauthorized("invalid or expired token"))),
    }
}

impl FromRequestParts<AppState> for RequestCaller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(RequestCaller(
            principal(parts, state)
                .await?
                .map_or(Caller::Anonymous, |p| p.caller),
        ))
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

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match principal(parts, state).await? {
            Some(p) if p.user.is_some() => Ok(SignedIn(p)),
            Some(_) => Err(ApiError(Error::unauthorized(
                "sign in as a user: the admin token has no account",
            ))),
            None => Err(ApiError(Error::unauthorized("authentication required"))),
        }
    }
}

impl FromRequestParts<AppState> for MaybeSignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(MaybeSignedIn(principal(parts, state).await?))
    }
}
