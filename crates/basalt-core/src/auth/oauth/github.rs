//! GitHub: `/user` (`id`, `name`, `login`) plus `/user/emails` for the
//! primary verified address (the profile's own `email` may be empty or
//! unverified), scopes `read:user user:email`.

use super::{get_json, link::Profile};
use basalt_types::Result;
use serde_json::Value as Json;

pub(crate) const SCOPES: &[&str] = &["read:user", "user:email"];

/// The profile behind an access token.
pub(crate) async fn profile(
    http: &reqwest::Client,
    userinfo_url: &str,
    emails_url: &str,
    token: &str,
) -> Result<Profile> {
    let u = get_json(http, userinfo_url, token).await?;
    let emails = get_json(http, emails_url, token).await?;
    let primary = emails.as_array().and_then(|list| {
        list.iter()
            .find(|e| e["primary"] == Json::Bool(true) && e["verified"] == Json::Bool(true))
            .or_else(|| list.iter().find(|e| e["verified"] == Json::Bool(true)))
    });
    Ok(Profile {
        subject: super::id_text(&u["id"]),
        email: primary
            .and_then(|e| e["email"].as_str())
            .or_else(|| u["email"].as_str())
            .map(str::to_string),
        email_verified: primary.is_some(),
        name: u["name"]
            .as_str()
            .or_else(|| u["login"].as_str())
            .map(str::to_string),
    })
}
