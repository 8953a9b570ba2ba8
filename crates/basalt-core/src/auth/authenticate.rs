//! Turning a credential into a [`Principal`]: the admin token; an access
//! token (a JWT with the pinned algorithm, whose session is live and whose
//! user still exists); or an API key (looked up by its hash). Anything else
//! is a 401 with one message, whatever failed.

use super::api_keys::API_KEYS;
use super::secrets::{hash_token, now_ms};
use super::tokens::looks_like_jwt;
use super::Principal;
use crate::Basalt;
use basalt_sql::AuthCond;
use basalt_types::{Error, Result, Value};

fn refused() -> Error {
    Error::unauthorized("invalid or expired token")
}

impl Basalt {
    /// The principal behind `credential` (a bearer token or an API key).
    pub async fn authenticate(&self, credential: &str) -> Result<Principal> {
        let credential = credential.trim();
        if credential.is_empty() {
            return Err(refused());
        }
        if self.is_admin_token(credential) {
            return Ok(Principal::admin());
        }
        if looks_like_jwt(credential) {
            return self.authenticate_jwt(credential).await;
        }
        self.authenticate_api_key(credential).await
    }

    async fn authenticate_jwt(&self, token: &str) -> Result<Principal> {
        let claims = self.auth.keys.verify(token)?;
        let session = self.session(&claims.sid).await?.ok_or_else(refused)?;
        if !session.live(now_ms())
            || session.user_id != claims.sub
            || session.collection != claims.col
        {
            return Err(refused());
        }
        let (user, _) = self.user_by_id(&claims.col, &claims.sub).await?;
        Ok(Principal {
            caller: user.caller(),
            user: Some(user),
            session_id: Some(session.id),
            api_key_id: None,
        })
    }

    async fn authenticate_api_key(&self, key: &str) -> Result<Principal> {
        if key.len() > 256 {
            return Err(refused());
        }
        let rows = self
            .engine
            .query(basalt_sql::auth_select(
                API_KEYS,
                &["id", "collection", "user_id", "expires_at"],
                &[AuthCond::Eq("key_hash", Value::Text(hash_token(key)))],
                None,
                Some(1),
                self.dialect(),
            ))
            .await?;
        let row = rows.rows.first().ok_or_else(refused)?;
        let text = |i: usize| row.get(i).and_then(Value::as_str).unwrap_or_default();
        if let Some(exp) = row.get(3).and_then(Value::as_i64) {
            if exp <= now_ms() {
                return Err(refused());
            }
        }
        let (user, _) = self.user_by_id(text(1), text(2)).await?;
        Ok(Principal {
            caller: user.caller(),
            user: Some(user),
            session_id: None,
            api_key_id: Some(text(0).to_string()),
        })
    }
}
