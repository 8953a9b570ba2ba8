//! The `/api/v1/auth` route family of BunBase
//! (`../shared/seeds/001_bd806547db550591.txt`, its 20 auth rows) and
//! Fluxbase (`../shared/seeds/000_e6945ff4eb9a5d3b.txt`, Authentication),
//! which share the prefix (`register`/`signup`, `login`/`signin`,
//! `me`/`user`; `refresh` is one handler for both), and Teenybase's
//! per-table `/api/v1/table/{table}/auth/*` routes
//! (`../shared/seeds/004_954f22824004499c.txt`). Handlers extract, call one
//! core function and render; sign-in answers carry DESIGN.md's token body.
#![deny(clippy::unwrap_used, clippy::panic, clippy::todo)]

mod body;
mod bunbase_2fa;
mod bunbase_api_keys;
mod bunbase_email;
mod bunbase_session;
mod fluxbase_auth;
mod refresh;
mod teenybase_email;
mod teenybase_external;
mod teenybase_oauth;
mod teenybase_session;

use axum::routing::{delete, get, post};
use axum::Router;
use basalt_surface_kit::AppState;

/// Every auth route, with full paths.
pub fn routes() -> Router<AppState> {
    Router::new()
        // BunBase
        .route("/api/v1/auth/register", post(bunbase_session::register))
        .route("/api/v1/auth/login", post(bunbase_session::login))
        .route("/api/v1/auth/refresh", post(refresh::refresh))
        .route("/api/v1/auth/logout", post(bunbase_session::logout))
        .route("/api/v1/auth/logout-all", post(bunbase_session::logout_all))
        .route(
            "/api/v1/auth/me",
            get(bunbase_session::me).delete(bunbase_session::delete_me),
        )
        .route(
            "/api/v1/auth/forgot-password",
            post(bunbase_email::forgot_password),
        )
        .route(
            "/api/v1/auth/reset-password",
            post(bunbase_email::reset_password),
        )
        .route(
            "/api/v1/auth/verify-email",
            post(bunbase_email::verify_email),
        )
        .route(
            "/api/v1/auth/resend-verification",
            post(bunbase_email::resend_verification),
        )
        .route("/api/v1/auth/magic-link", post(bunbase_email::magic_link))
        .route(
            "/api/v1/auth/magic-link/verify",
            post(bunbase_email::magic_link_verify),
        )
        .route(
            "/api/v1/auth/api-keys",
            post(bunbase_api_keys::create).get(bunbase_api_keys::list),
        )
        .route(
            "/api/v1/auth/api-keys/{id}",
            delete(bunbase_api_keys::revoke),
        )
        .route("/api/v1/auth/2fa/setup", post(bunbase_2fa::setup))
        .route("/api/v1/auth/2fa/enable", post(bunbase_2fa::enable))
        .route("/api/v1/auth/2fa/disable", delete(bunbase_2fa::disable))
        .route("/api/v1/auth/2fa/verify", post(bunbase_2fa::verify))
        // Fluxbase
        .route("/api/v1/auth/signup", post(fluxbase_auth::signup))
        .route("/api/v1/auth/signin", post(fluxbase_auth::signin))
        .route("/api/v1/auth/signout", post(fluxbase_auth::signout))
        .route(
            "/api/v1/auth/user",
            get(fluxbase_auth::user).patch(fluxbase_auth::update_user),
        )
        .route("/api/v1/auth/magiclink", post(fluxbase_auth::magiclink))
        .route(
            "/api/v1/auth/magiclink/verify",
            get(fluxbase_auth::magiclink_verify).post(fluxbase_auth::magiclink_verify),
        )
        .merge(teenybase())
}

/// Teenybase's `/api/v1/table/{table}/auth/*` routes.
fn teenybase() -> Router<AppState> {
    const P: &str = "/api/v1/table/{table}/auth";
    let r = |path: &str| format!("{P}/{path}");
    Router::new()
        .route(&r("sign-up"), post(teenybase_session::sign_up))
        .route(
            &r("login-password"),
            post(teenybase_session::login_password),
        )
        .route(&r("refresh-token"), post(teenybase_session::refresh_token))
        .route(
            &r("change-password"),
            post(teenybase_session::change_password),
        )
        .route(&r("logout"), post(teenybase_session::logout))
        .route(
            &r("request-password-reset"),
            post(teenybase_email::request_password_reset),
        )
        .route(
            &r("confirm-password-reset"),
            post(teenybase_email::confirm_password_reset),
        )
        .route(
            &r("request-verification"),
            post(teenybase_email::request_verification),
        )
        .route(
            &r("confirm-verification"),
            post(teenybase_email::confirm_verification),
        )
        .route(&r("login-token"), post(teenybase_external::login_token))
        .route(&r("google-login"), post(teenybase_external::google_login))
        .route(&r("oauth/{provider}"), get(teenybase_oauth::start))
        .route(
            &r("oauth/{provider}/callback"),
            get(teenybase_oauth::callback),
        )
}
