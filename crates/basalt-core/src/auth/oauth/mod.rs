//! OAuth 2 sign-in with external providers — Google, GitHub, Discord and
//! LinkedIn, one file each — through the authorization-code flow with PKCE
//! ([`flow`]). Every provider's client id, secret and endpoints come from
//! settings (`oauth_{provider}_client_id`, `_client_secret`, `_auth_url`,
//! `_token_url`, `_userinfo_url`; `oauth_github_emails_url`), so any of
//! them can point at a compatible server. The provider's profile becomes a
//! user through [`link`].

mod discord;
pub mod flow;
mod github;
mod google;
pub mod link;
mod linkedin;

use crate::settings::Settings;
use basalt_types::{Error, Result};
use serde_json::Value as Json;

/// Linked provider identities: (provider, subject, collection) → user.
pub(crate) const IDENTITIES: &str = "_basalt_oauth_identities";
/// Pending sign-ins: state → PKCE verifier.
pub(crate) const STATES: &str = "_basalt_oauth_states";

/// The providers Basalt knows.
pub const PROVIDERS: [&str; 4] = ["google", "github", "discord", "linkedin"];

/// Where to send the browser to start an OAuth sign-in.
#[derive(Debug, Clone, PartialEq)]
pub struct OAuthStart {
    pub url: String,
}

/// A provider's configured endpoints and credentials.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Endpoints {
    pub provider: &'static str,
    pub client_id: String,
    pub client_secret: String,
    pub auth_url: String,
    pub token_url: String,
    pub userinfo_url: String,
}

impl Endpoints {
    /// The endpoints of `provider` from settings; 404 for an unknown
    /// provider, 400 when it has no client id.
    pub(crate) fn of(settings: &Settings, provider: &str) -> Result<Endpoints> {
        let provider = PROVIDERS
            .iter()
            .copied()
            .find(|p| *p == provider)
            .ok_or_else(|| Error::not_found(format!("unknown OAuth provider: {provider}")))?;
        let get = |k: &str| settings.text(&format!("oauth_{provider}_{k}"));
        let e = Endpoints {
            provider,
            client_id: get("client_id"),
            client_secret: get("client_secret"),
            auth_url: get("auth_url"),
            token_url: get("token_url"),
            userinfo_url: get("userinfo_url"),
        };
        if e.client_id.is_empty() {
            return Err(Error::bad_request(format!(
                "OAuth provider {provider} is not configured (oauth_{provider}_client_id)"
            )));
        }
        Ok(e)
    }

    pub(crate) fn scopes(&self) -> &'static [&'static str] {
        match self.provider {
            "github" => github::SCOPES,
            "discord" => discord::SCOPES,
            "linkedin" => linkedin::SCOPES,
            _ => google::SCOPES,
        }
    }

    /// The user's profile behind a provider access token.
    pub(crate) async fn profile(
        &self,
        http: &reqwest::Client,
        settings: &Settings,
        token: &str,
    ) -> Result<link::Profile> {
        match self.provider {
            "github" => {
                github::profile(
                    http,
                    &self.userinfo_url,
                    &settings.text("oauth_github_emails_url"),
                    token,
                )
                .await
            }
            "discord" => discord::profile(http, &self.userinfo_url, token).await,
            "linkedin" => linkedin::profile(http, &self.userinfo_url, token).await,
            _ => google::profile(http, &self.userinfo_url, token).await,
        }
    }
}

/// A provider id (a number or a string) as text.
pub(crate) fn id_text(v: &Json) -> String {
    match v {
        Json::String(s) => s.clone(),
        Json::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

/// `GET url` with a bearer token, as JSON; provider failures are 401.
pub(crate) async fn get_json(http: &reqwest::Client, url: &str, token: &str) -> Result<Json> {
    let res = http
        .get(url)
        .bearer_auth(token)
        .header("accept", "application/json")
        .header("user-agent", "Basalt")
        .send()
        .await
        .map_err(|e| Error::unavailable(format!("identity provider unreachable: {e}")))?;
    if !res.status().is_success() {
        return Err(Error::unauthorized(format!(
            "identity provider refused the token ({})",
            res.status().as_u16()
        )));
    }
    res.json()
        .await
        .map_err(|_| Error::unauthorized("identity provider answered something else than JSON"))
}
