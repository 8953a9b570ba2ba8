//! Users, sessions and every sign-in flow, over auth collections (the
//! built-in `users` and any collection made with `"auth": true`).
//!
//! - Passwords are argon2id ([`passwords`]); access tokens are HS256 JWTs
//!   ([`tokens`]) naming a session row ([`sessions`]); refresh tokens are
//!   opaque, stored hashed, single use and rotated ([`refresh`]).
//! - API keys ([`api_keys`]), TOTP 2FA ([`totp`]), lockout per identity
//!   ([`lockout`]), the e-mail flows ([`email_flows`]) with their one-time
//!   tokens and mailer, external JWTs and OAuth ([`external`], [`oauth`]).
//! - [`authenticate`] turns a credential into a [`Principal`] for surfaces.
//!
//! Hidden columns (`password_hash`, `totp_secret`, `totp_enabled`,
//! `totp_last_step`) are read and written here only, by name; no record
//! route can see them.

pub mod admin_sessions;
pub mod admin_users;
pub mod api_keys;
pub mod authenticate;
pub mod change_password;
pub mod email_flows;
pub mod external;
mod hash_pool;
pub mod lockout;
pub mod mail;
pub mod me;
pub mod oauth;
pub mod one_time;
pub mod passwords;
pub mod refresh;
pub mod secrets;
pub mod sessions;
pub mod sign_in_password;
pub mod sign_out;
pub mod sign_up;
pub mod templates;
pub mod tokens;
pub mod totp;
pub mod users;

use crate::Caller;
use serde_json::{json, Value as Json};

pub use api_keys::{ApiKeyCreated, NewApiKey};
pub use oauth::OAuthStart;
pub use sign_in_password::SignIn;
pub use totp::TotpSetup;
pub use users::USERS;

/// A signed-in user of an auth collection, as the routes show it.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthUser {
    /// The auth collection.
    pub collection: String,
    pub id: String,
    pub email: String,
    pub roles: Vec<String>,
    pub verified: bool,
    /// The record, hidden columns left out.
    pub record: Json,
}

impl AuthUser {
    /// The caller rules see for this user.
    pub fn caller(&self) -> Caller {
        Caller::User {
            id: self.id.clone(),
            email: self.email.clone(),
            roles: self.roles.clone(),
            verified: self.verified,
        }
    }
}

/// Who a credential belongs to: the admin (no user), or a user signed in
/// with an access token (with its session) or an API key (with its id).
#[derive(Debug, Clone, PartialEq)]
pub struct Principal {
    pub caller: Caller,
    pub user: Option<AuthUser>,
    pub session_id: Option<String>,
    pub api_key_id: Option<String>,
}

impl Principal {
    /// The admin token's principal.
    pub fn admin() -> Principal {
        Principal {
            caller: Caller::Admin,
            user: None,
            session_id: None,
            api_key_id: None,
        }
    }
}

/// A sign-in answer: tokens and the user.
#[derive(Debug, Clone, PartialEq)]
pub struct TokenBody {
    pub access_token: String,
    /// Absent for impersonation tokens.
    pub refresh_token: Option<String>,
    pub expires_in: i64,
    pub user: Json,
}

impl TokenBody {
    /// DESIGN.md's superset body: `access_token`, `refresh_token`,
    /// `token_type`, `expires_in`, `user`, and `token`/`record` copies.
    pub fn to_json(&self) -> Json {
        json!({
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "token_type": "bearer",
            "expires_in": self.expires_in,
            "user": self.user,
            "token": self.access_token,
            "record": self.user,
        })
    }
}

/// What the core keeps for the auth services: the token keys and an HTTP
/// client for identity providers (JWKS, OAuth token and user endpoints).
pub(crate) struct AuthState {
    pub keys: tokens::JwtKeys,
    pub http: reqwest::Client,
}

impl AuthState {
    /// Loads (or makes) the signing secret.
    pub(crate) async fn load(
        engine: &dyn basalt_engine::Engine,
    ) -> basalt_types::Result<AuthState> {
        let secret = tokens::load_secret(engine).await?;
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| basalt_types::Error::internal(e.to_string()))?;
        Ok(AuthState {
            keys: tokens::JwtKeys::new(&secret),
            http,
        })
    }
}
