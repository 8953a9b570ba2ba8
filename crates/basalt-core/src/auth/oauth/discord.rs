//! Discord: `/users/@me` (`id`, `email`, `verified`, `global_name` or
//! `username`), scopes `identify email`.

use super::{get_json, link::Profile};
use basalt_types::Result;

pub(crate) const SCOPES: &[&str] = &["identify", "email"];

/// The profile behind an access token.
pub(crate) async fn profile(
    http: &reqwest::Client,
    userinfo_url: &str,
    token: &str,
) -> Result<Profile> {
    let u = get_json(http, userinfo_url, token).await?;
    Ok(Profile {
        subject: super::id_text(&u["id"]),
        email: u["email"].as_str().map(str::to_string),
        email_verified: u["verified"].as_bool().unwrap_or(false),
        name: u["global_name"]
            .as_str()
            .or_else(|| u["username"].as_str())
            .map(str::to_string),
    })
}
