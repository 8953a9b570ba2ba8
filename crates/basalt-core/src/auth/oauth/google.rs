//! Google: OpenID Connect userinfo (`sub`, `email`, `email_verified`,
//! `name`), scopes `openid email profile`.

use super::{get_json, link::Profile};
use basalt_types::Result;

pub(crate) const SCOPES: &[&str] = &["openid", "email", "profile"];

/// The profile behind an access token.
pub(crate) async fn profile(
    http: &reqwest::Client,
    userinfo_url: &str,
    token: &str,
) -> Result<Profile> {
    let u = get_json(http, userinfo_url, token).await?;
    Ok(Profile {
        subject: u["sub"].as_str().unwrap_or_default().to_string(),
        email: u["email"].as_str().map(str::to_string),
        email_verified: u["email_verified"].as_bool().unwrap_or(false),
        name: u["name"].as_str().map(str::to_string),
    })
}
