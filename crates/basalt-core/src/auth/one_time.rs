//! One-time tokens for e-mail verification, password reset and magic
//! links: random, stored as SHA-256 digests with their purpose, user and
//! expiry, and spent on first use (a conditional update, so two concurrent
//! uses cannot both succeed).

use super::secrets::{hash_token, now_ms, random_token};
use super::AuthUser;
use crate::Basalt;
use basalt_sql::AuthCond;
use basalt_types::{Error, Result, Value};

pub(crate) const AUTH_TOKENS: &str = "_basalt_auth_tokens";

/// What a one-time token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purpose {
    Verify,
    Reset,
    MagicLink,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Purpose::Verify => "verify",
            Purpose::Reset => "reset",
            Purpose::MagicLink => "magic_link",
        }
    }

    /// Lifetime in milliseconds: a day to verify, an hour to reset, fifteen
    /// minutes for a magic link.
    fn ttl_ms(self) -> i64 {
        match self {
            Purpose::Verify => 24 * 3600 * 1000,
            Purpose::Reset => 3600 * 1000,
            Purpose::MagicLink => 15 * 60 * 1000,
        }
    }
}

fn invalid() -> Error {
    Error::bad_request("invalid or expired token").with_data("token", "invalid")
}

impl Basalt {
    /// Stores a new token for `user` and returns it (shown only in the mail).
    pub(crate) async fn issue_one_time(&self, user: &AuthUser, purpose: Purpose) -> Result<String> {
        let token = random_token("", 40);
        let now = now_ms();
        let mut tx = self.engine.begin().await?;
        tx.execute(basalt_sql::auth_insert(
            AUTH_TOKENS,
            &[
                ("token_hash", Value::Text(hash_token(&token))),
                ("purpose", Value::Text(purpose.as_str().into())),
                ("collection", Value::Text(user.collection.clone())),
                ("user_id", Value::Text(user.id.clone())),
                ("created_at", Value::Int(now)),
                ("expires_at", Value::Int(now + purpose.ttl_ms())),
            ],
            self.dialect(),
        )?)
        .await?;
        tx.commit().await?;
        Ok(token)
    }

    /// Spends a token of `purpose` (of `collection`'s users, when given);
    /// returns its (collection, user id). A missing, spent, expired,
    /// other-purpose or other-collection token is a 400.
    pub(crate) async fn consume_one_time(
        &self,
        token: &str,
        purpose: Purpose,
        collection: Option<&str>,
    ) -> Result<(String, String)> {
        let token = token.trim();
        if token.is_empty() || token.len() > 256 {
            return Err(invalid());
        }
        let now = now_ms();
        let key = || {
            let mut k = vec![
                AuthCond::Eq("token_hash", Value::Text(hash_token(token))),
                AuthCond::Eq("purpose", Value::Text(purpose.as_str().into())),
                AuthCond::IsNull("used_at"),
                AuthCond::Gt("expires_at", Value::Int(now)),
            ];
            if let Some(c) = collection {
                k.push(AuthCond::Eq("collection", Value::Text(c.to_string())));
            }
            k
        };
        let rows = self
            .engine
            .query(basalt_sql::auth_select(
                AUTH_TOKENS,
                &["collection", "user_id"],
                &key(),
                None,
                Some(1),
                self.dialect(),
            ))
            .await?;
        let row = rows.rows.first().ok_or_else(invalid)?;
        let text = |i: usize| {
            row.get(i)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        let (collection, user_id) = (text(0), text(1));
        let mut tx = self.engine.begin().await?;
        let n = tx
            .execute(basalt_sql::auth_update(
                AUTH_TOKENS,
                &[("used_at", Value::Int(now))],
                &key(),
                self.dialect(),
            ))
            .await?;
        tx.commit().await?;
        if n == 0 {
            return Err(invalid());
        }
        Ok((collection, user_id))
    }
}
