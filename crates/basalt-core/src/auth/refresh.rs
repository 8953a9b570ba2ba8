//! Refreshing: a refresh token is single use. Presenting a live one marks
//! it spent, stores its successor and signs a new access token for the same
//! session (whose lifetime starts again). Presenting a spent one means it
//! was stolen or replayed: the whole session is revoked and the answer is
//! 401, as for any unknown, revoked or expired token.

use super::secrets::{hash_token, now_ms};
use super::sessions::{REFRESH_TOKENS, SESSIONS, SESSION_TTL_MS};
use super::tokens::ACCESS_TTL_SECS;
use super::TokenBody;
use crate::Basalt;
use basalt_sql::AuthCond;
use basalt_types::{Error, Result, Value};

fn refused() -> Error {
    Error::unauthorized("invalid or expired refresh token")
}

impl Basalt {
    /// Exchanges a refresh token for a new pair.
    pub async fn refresh(&self, refresh_token: &str) -> Result<TokenBody> {
        self.refresh_in(None, refresh_token).await
    }

    /// [`Basalt::refresh`] for a token that must belong to a user of
    /// `collection` (when given); another collection's token is a 401 and
    /// stays unspent.
    pub async fn refresh_in(
        &self,
        collection: Option<&str>,
        refresh_token: &str,
    ) -> Result<TokenBody> {
        let token = refresh_token.trim();
        if token.is_empty() {
            return Err(Error::bad_request("refresh_token is required"));
        }
        if token.len() > 256 {
            return Err(refused());
        }
        let hash = hash_token(token);
        let dialect = self.dialect();
        let rows = self
            .engine
            .query(basalt_sql::auth_select(
                REFRESH_TOKENS,
                &["session_id", "used_at"],
                &[AuthCond::Eq("token_hash", Value::Text(hash.clone()))],
                None,
                Some(1),
                dialect,
            ))
            .await?;
        let row = rows.rows.first().ok_or_else(refused)?;
        let sid = row
            .first()
            .and_then(Value::as_str)
            .ok_or_else(refused)?
            .to_string();
        let spent = row.get(1).is_some_and(|v| !v.is_null());
        let now = now_ms();
        let mut tx = self.engine.begin().await?;
        let marked = if spent {
            0
        } else {
            tx.execute(basalt_sql::auth_update(
                REFRESH_TOKENS,
                &[("used_at", Value::Int(now))],
                &[
                    AuthCond::Eq("token_hash", Value::Text(hash)),
                    AuthCond::IsNull("used_at"),
                ],
                dialect,
            ))
            .await?
        };
        if marked == 0 {
            // Reuse (or a lost race with another use): revoke the session.
            tx.execute(basalt_sql::auth_update(
                SESSIONS,
                &[("revoked_at", Value::Int(now))],
                &[
                    AuthCond::Eq("id", Value::Text(sid.clone())),
                    AuthCond::IsNull("revoked_at"),
                ],
                dialect,
            ))
            .await?;
            tx.commit().await?;
            tracing::warn!(session = %sid, "refresh token reused: session revoked");
            return Err(refused());
        }
        let session = self
            .session(&sid)
            .await?
            .filter(|s| s.live(now) && collection.is_none_or(|c| c == s.collection))
            .ok_or_else(refused)?;
        let (user, _) = self
            .user_by_id(&session.collection, &session.user_id)
            .await
            .map_err(|_| refused())?;
        tx.execute(basalt_sql::auth_update(
            SESSIONS,
            &[("expires_at", Value::Int(now + SESSION_TTL_MS))],
            &[AuthCond::Eq("id", Value::Text(sid.clone()))],
            dialect,
        ))
        .await?;
        let next = self.add_refresh_token(tx.as_mut(), &sid).await?;
        tx.commit().await?;
        Ok(TokenBody {
            access_token: self.sign_access(&user, &sid, ACCESS_TTL_SECS)?,
            refresh_token: Some(next),
            expires_in: ACCESS_TTL_SECS,
            user: user.record,
        })
    }
}
