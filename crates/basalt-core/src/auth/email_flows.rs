//! The e-mail flows: verification (sent at sign-up, re-sent on request,
//! confirmed with its token), password reset (requested, confirmed with
//! token and new password, which revokes every session) and magic link
//! (requested, verified into a session). Requests answer the same for a
//! known and an unknown address: the caller learns nothing from them.

use super::one_time::Purpose;
use super::sign_out::signed_in;
use super::templates::{action_url, render, Template};
use super::users::{UserKey, PASSWORD_HASH};
use super::{mail::Mail, passwords, AuthUser, Principal, TokenBody};
use crate::Basalt;
use basalt_types::{Error, Result, Value};
use serde_json::Value as Json;

/// Checks the shape of an address given to a request flow (400 when it is
/// not a plausible e-mail; the answer is the same for known and unknown).
fn requested_email(email: &str) -> Result<&str> {
    let e = email.trim();
    if e.is_empty() || e.len() > 254 || !e.contains('@') {
        return Err(Error::invalid_field(
            "email",
            "must be a valid e-mail address",
        ));
    }
    Ok(e)
}

impl Basalt {
    async fn mail_token(
        &self,
        user: &AuthUser,
        purpose: Purpose,
        template: Template,
    ) -> Result<()> {
        if user.email.is_empty() {
            return Ok(());
        }
        let token = self.issue_one_time(user, purpose).await?;
        let settings = self.settings();
        let get = |k: &str| {
            settings
                .all()
                .get(k)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let url = action_url(&get("app_url"), template, &token);
        let (subject, text) = render(template, &get("app_name"), &url, &token);
        self.send_in_background(Mail {
            to: user.email.clone(),
            subject,
            text,
            link: Some(url),
        });
        Ok(())
    }

    /// Sends the verification e-mail to `user` (unless verified already).
    pub(crate) async fn send_verification(&self, user: &AuthUser) -> Result<()> {
        if user.verified {
            return Ok(());
        }
        self.mail_token(user, Purpose::Verify, Template::Verification)
            .await
    }

    /// Re-sends verification to `email` in `collection`, if such an
    /// unverified user exists; the same answer either way.
    pub async fn request_verification(&self, collection: &str, email: &str) -> Result<()> {
        let coll = self.auth_collection(collection)?;
        let email = requested_email(email)?;
        if let Some((user, _)) = self.find_user(&coll, UserKey::Email(email)).await? {
            self.send_verification(&user).await?;
        }
        Ok(())
    }

    /// Re-sends verification to the signed-in user.
    pub async fn resend_verification_for(&self, p: &Principal) -> Result<()> {
        let user = signed_in(p)?;
        let (fresh, _) = self.user_by_id(&user.collection, &user.id).await?;
        self.send_verification(&fresh).await
    }

    /// Confirms an address with a verification token (of `only`'s users,
    /// when given); returns the user.
    pub async fn confirm_verification(&self, only: Option<&str>, token: &str) -> Result<Json> {
        let (collection, id) = self.consume_one_time(token, Purpose::Verify, only).await?;
        self.set_user_columns(&collection, &id, vec![("verified", Value::Bool(true))])
            .await?;
        let (user, _) = self
            .user_by_id(&collection, &id)
            .await
            .map_err(|_| Error::bad_request("invalid or expired token"))?;
        Ok(user.record)
    }

    /// Mails a reset link to `email`, if it belongs to a user.
    pub async fn request_password_reset(&self, collection: &str, email: &str) -> Result<()> {
        let coll = self.auth_collection(collection)?;
        let email = requested_email(email)?;
        if let Some((user, _)) = self.find_user(&coll, UserKey::Email(email)).await? {
            self.mail_token(&user, Purpose::Reset, Template::Reset)
                .await?;
        }
        Ok(())
    }

    /// Sets a new password with a reset token (of `only`'s users, when
    /// given) and revokes every session.
    pub async fn confirm_password_reset(
        &self,
        only: Option<&str>,
        token: &str,
        password: &str,
    ) -> Result<()> {
        passwords::check_policy(password)?;
        let (collection, id) = self.consume_one_time(token, Purpose::Reset, only).await?;
        let hash = passwords::hash(password.to_string()).await?;
        // Receiving the mail proves the address too.
        self.set_user_columns(
            &collection,
            &id,
            vec![
                (PASSWORD_HASH, Value::Text(hash)),
                ("verified", Value::Bool(true)),
            ],
        )
        .await?;
        self.revoke_user_sessions(&collection, &id).await?;
        Ok(())
    }

    /// Mails a sign-in link to `email`, if it belongs to a user.
    pub async fn request_magic_link(&self, collection: &str, email: &str) -> Result<()> {
        let coll = self.auth_collection(collection)?;
        let email = requested_email(email)?;
        if let Some((user, _)) = self.find_user(&coll, UserKey::Email(email)).await? {
            self.mail_token(&user, Purpose::MagicLink, Template::MagicLink)
                .await?;
        }
        Ok(())
    }

    /// Signs in with a magic-link token (the address counts as verified).
    pub async fn verify_magic_link(&self, token: &str) -> Result<TokenBody> {
        let (collection, id) = self
            .consume_one_time(token, Purpose::MagicLink, None)
            .await?;
        self.set_user_columns(&collection, &id, vec![("verified", Value::Bool(true))])
            .await?;
        let (user, _) = self
            .user_by_id(&collection, &id)
            .await
            .map_err(|_| Error::bad_request("invalid or expired token"))?;
        self.open_session(&user, "magic_link").await
    }
}
