//! Teenybase's OAuth routes: `GET oauth/{provider}` redirects (302) to the
//! provider's authorization page; `GET oauth/{provider}/callback` with
//! `code` and `state` answers the token body, or — when the start named
//! `?redirect=` (a URL under `app_url`) — redirects there with the tokens in
//! the URL fragment. The redirect URI is this
//! server's callback route under `oauth_redirect_base` (or the request's
//! `Host` when that setting is empty).

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use basalt_core::Error;
use basalt_surface_kit::{ApiResult, AppState, Params};

fn callback_url(
    s: &AppState,
    headers: &HeaderMap,
    table: &str,
    provider: &str,
) -> Result<String, Error> {
    let base = s.core.settings().text("oauth_redirect_base");
    let base = if base.is_empty() {
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .filter(|h| {
                h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
            })
            .ok_or_else(|| Error::bad_request("set oauth_redirect_base or send a Host header"))?;
        format!("http://{host}")
    } else {
        base
    };
    Ok(format!(
        "{}/api/v1/table/{table}/auth/oauth/{provider}/callback",
        base.trim_end_matches('/')
    ))
}

pub(crate) async fn start(
    State(s): State<AppState>,
    Path((table, provider)): Path<(String, String)>,
    headers: HeaderMap,
    params: Params,
) -> ApiResult<Response> {
    let redirect_uri = callback_url(&s, &headers, &table, &provider)?;
    let started = s
        .core
        .oauth_start(&table, &provider, &redirect_uri, params.get("redirect"))
        .await?;
    Ok((StatusCode::FOUND, [(header::LOCATION, started.url)]).into_response())
}

pub(crate) async fn callback(
    State(s): State<AppState>,
    Path((table, provider)): Path<(String, String)>,
    headers: HeaderMap,
    params: Params,
) -> ApiResult<Response> {
    if let Some(e) = params.get("error") {
        return Err(Error::unauthorized(format!("the provider answered: {e}")).into());
    }
    let redirect_uri = callback_url(&s, &headers, &table, &provider)?;
    let (tokens, back) = s
        .core
        .oauth_callback(
            &table,
            &provider,
            params.get("code").unwrap_or_default(),
            params.get("state").unwrap_or_default(),
            &redirect_uri,
        )
        .await?;
    match back {
        // Back to the app, tokens in the fragment (never sent to a server).
        Some(url) => {
            let fragment = format!(
                "access_token={}&refresh_token={}&token_type=bearer&expires_in={}",
                tokens.access_token,
                tokens.refresh_token.as_deref().unwrap_or_default(),
                tokens.expires_in
            );
            Ok((
                StatusCode::FOUND,
                [(header::LOCATION, format!("{url}#{fragment}"))],
            )
                .into_response())
        }
        None => Ok(Json(tokens.to_json()).into_response()),
    }
}
