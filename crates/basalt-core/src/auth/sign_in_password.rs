//! Signing in with an identity (e-mail, or `username` where the collection
//! has one) and a password. An unknown identity and a wrong password get
//! the same 401 after the same work (a dummy hash is verified); failures
//! count towards the identity's lockout. With 2FA on, the answer is a
//! short-lived challenge instead of tokens.

use super::lockout::identity_key;
use super::users::UserKey;
use super::{passwords, TokenBody};
use crate::Basalt;
use basalt_types::{Error, Result};
use serde_json::{json, Value as Json};

/// The outcome of a password sign-in.
#[derive(Debug, Clone, PartialEq)]
pub enum SignIn {
    Tokens(TokenBody),
    /// 2FA is on: complete with `2fa/verify` and this challenge.
    TotpRequired {
        challenge: String,
    },
}

impl SignIn {
    /// The token body, or `{"totp_required": true, "challenge"}`.
    pub fn to_json(&self) -> Json {
        match self {
            SignIn::Tokens(t) => t.to_json(),
            SignIn::TotpRequired { challenge } => {
                json!({"totp_required": true, "challenge": challenge})
            }
        }
    }
}

/// The one answer for every failed sign-in.
pub(crate) fn bad_credentials() -> Error {
    Error::unauthorized("invalid credentials")
}

impl Basalt {
    /// Signs in to auth collection `collection`.
    pub async fn sign_in_password(
        &self,
        collection: &str,
        identity: &str,
        password: &str,
    ) -> Result<SignIn> {
        let coll = self.auth_collection(collection)?;
        if identity.trim().is_empty() || password.is_empty() {
            return Err(Error::bad_request("identity and password are required"));
        }
        if identity.len() > 320 || password.len() > 4 * passwords::MAX_PASSWORD_LEN {
            return Err(bad_credentials());
        }
        let found = self.find_user(&coll, UserKey::Identity(identity)).await?;
        // One count per account, whichever identity (e-mail or username)
        // names it; unknown identities count by what was sent.
        let key = match &found {
            Some((user, _)) => format!("{}:id:{}", coll.name, user.id),
            None => identity_key(&coll.name, identity),
        };
        self.check_lockout(&key).await?;
        let stored = found.as_ref().and_then(|(_, s)| s.password_hash.clone());
        let ok = passwords::verify(password.to_string(), stored).await;
        let Some((user, secrets)) = found.filter(|_| ok) else {
            self.record_failure(&key).await?;
            return Err(bad_credentials());
        };
        self.clear_failures(&key).await?;
        if secrets.totp_enabled {
            let challenge = self.open_totp_challenge(&user).await?;
            return Ok(SignIn::TotpRequired { challenge });
        }
        Ok(SignIn::Tokens(self.open_session(&user, "password").await?))
    }
}
