//! Runtime settings (BunBase's keys plus DESIGN.md's, and the auth
//! providers' `external_jwt_*`, `google_jwks_url`, `oauth_*`), kept in
//! `_basalt_settings` as JSON values, with defaults and type checks.

use basalt_engine::Engine;
use basalt_types::{Error, Result, Value};
use serde_json::{json, Map, Value as Json};

/// Every known key with its default.
fn defaults() -> Map<String, Json> {
    let v = json!({
        "maintenance_mode": false,
        "registration_open": true,
        "single_session_mode": false,
        "lockout_max_attempts": 10,
        "lockout_duration_ms": 900000,
        "auto_create_buckets": false,
        "auto_create_collections": true,
        "email_provider": "console",
        "email_from": "",
        "app_name": "Basalt",
        "app_url": "",
        "smtp_host": "",
        "smtp_port": 587,
        "smtp_username": "",
        "smtp_password": "",
        "smtp_tls": "starttls",
        "rate_limit_per_minute": 500,
        "rate_limit_auth_per_minute": 20,
        "trusted_proxies": [],
        "metrics_public": false,
        "tenant_id": "default"
    });
    let mut m = match v {
        Json::Object(m) => m,
        _ => Map::new(),
    };
    // Auth: external JWTs (Teenybase login-token), Google ID tokens, OAuth.
    if let Json::Object(auth) = json!({
        "external_jwt_secret": "",
        "external_jwt_jwks_url": "",
        "external_jwt_issuer": "",
        "external_jwt_audience": "",
        "google_jwks_url": "https://www.googleapis.com/oauth2/v3/certs",
        "oauth_redirect_base": "",
        "oauth_google_client_id": "",
        "oauth_google_client_secret": "",
        "oauth_google_auth_url": "https://accounts.google.com/o/oauth2/v2/auth",
        "oauth_google_token_url": "https://oauth2.googleapis.com/token",
        "oauth_google_userinfo_url": "https://openidconnect.googleapis.com/v1/userinfo",
        "oauth_github_client_id": "",
        "oauth_github_client_secret": "",
        "oauth_github_auth_url": "https://github.com/login/oauth/authorize",
        "oauth_github_token_url": "https://github.com/login/oauth/access_token",
        "oauth_github_userinfo_url": "https://api.github.com/user",
        "oauth_discord_client_id": "",
        "oauth_discord_client_secret": "",
        "oauth_discord_auth_url": "https://discord.com/oauth2/authorize",
        "oauth_discord_token_url": "https://discord.com/api/oauth2/token",
        "oauth_discord_userinfo_url": "https://discord.com/api/users/@me",
        "oauth_linkedin_client_id": "",
        "oauth_linkedin_client_secret": "",
        "oauth_linkedin_auth_url": "https://www.linkedin.com/oauth/v2/authorization",
        "oauth_linkedin_token_url": "https://www.linkedin.com/oauth/v2/accessToken",
        "oauth_linkedin_userinfo_url": "https://api.linkedin.com/v2/userinfo",
        "oauth_github_emails_url": "https://api.github.com/user/emails"
    }) {
        m.extend(auth);
    }
    m
}

/// The current settings: defaults overlaid with stored values.
#[derive(Debug, Clone)]
pub struct Settings {
    values: Map<String, Json>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { values: defaults() }
    }
}

impl Settings {
    /// Reads stored settings over the defaults.
    pub(crate) async fn load(engine: &dyn Engine) -> Result<Settings> {
        let mut s = Settings::default();
        let rows = engine
            .query(basalt_sql::read_settings(engine.dialect()))
            .await?;
        for row in rows.rows {
            if let [Value::Text(k), Value::Text(v)] = row.as_slice() {
                if let Ok(v) = serde_json::from_str(v) {
                    s.values.insert(k.clone(), v);
                }
            }
        }
        Ok(s)
    }

    /// Every setting.
    pub fn all(&self) -> &Map<String, Json> {
        &self.values
    }

    /// A text setting (empty when absent or not text).
    pub fn text(&self, key: &str) -> String {
        self.values
            .get(key)
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_string()
    }

    /// A boolean setting (false when absent).
    pub fn flag(&self, key: &str) -> bool {
        self.values
            .get(key)
            .and_then(Json::as_bool)
            .unwrap_or(false)
    }

    /// Checks a change: known keys only, each with its default's JSON type.
    pub(crate) fn validate(changes: &Map<String, Json>) -> Result<()> {
        let d = defaults();
        for (k, v) in changes {
            let Some(def) = d.get(k) else {
                return Err(Error::bad_request(format!("unknown setting: {k}"))
                    .with_data("key", k.as_str()));
            };
            let same = matches!(
                (def, v),
                (Json::Bool(_), Json::Bool(_))
                    | (Json::Number(_), Json::Number(_))
                    | (Json::String(_), Json::String(_))
                    | (Json::Array(_), Json::Array(_))
            );
            if !same {
                return Err(Error::bad_request(format!("invalid value for setting {k}"))
                    .with_data("key", k.as_str()));
            }
        }
        Ok(())
    }

    pub(crate) fn apply(&mut self, changes: &Map<String, Json>) {
        for (k, v) in changes {
            self.values.insert(k.clone(), v.clone());
        }
    }
}
