//! Sessions are rows of `_basalt_sessions`. Opening one (sign-in, sign-up,
//! magic link, 2FA, OAuth) stores it with its first refresh token (hashed)
//! and signs an access token naming it; `single_session_mode` revokes the
//! user's other sessions first. A session is live while it is neither
//! revoked nor past `expires_at`; every access token is checked against it.

use super::secrets::{hash_token, now_ms, random_token};
use super::tokens::{Claims, ACCESS_TTL_SECS};
use super::{AuthUser, TokenBody};
use crate::Basalt;
use basalt_engine::Tx;
use basalt_sql::AuthCond;
use basalt_types::{new_id, Result, Value};

pub(crate) const SESSIONS: &str = "_basalt_sessions";
pub(crate) const REFRESH_TOKENS: &str = "_basalt_refresh_tokens";
/// How long a session lasts without a refresh, in milliseconds (30 days).
pub(crate) const SESSION_TTL_MS: i64 = 30 * 24 * 3600 * 1000;

/// One session row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SessionRow {
    pub id: String,
    pub collection: String,
    pub user_id: String,
    pub kind: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub revoked_at: Option<i64>,
}

pub(crate) const SESSION_COLUMNS: [&str; 7] = [
    "id",
    "collection",
    "user_id",
    "kind",
    "created_at",
    "expires_at",
    "revoked_at",
];

/// A session row from its cells in [`SESSION_COLUMNS`] order.
pub(crate) fn session_row(cells: &[Value]) -> Option<SessionRow> {
    let text = |i: usize| cells.get(i).and_then(Value::as_str).map(str::to_string);
    let int = |i: usize| cells.get(i).and_then(Value::as_i64);
    Some(SessionRow {
        id: text(0)?,
        collection: text(1)?,
        user_id: text(2)?,
        kind: text(3)?,
        created_at: int(4)?,
        expires_at: int(5)?,
        revoked_at: int(6),
    })
}

impl SessionRow {
    /// Neither revoked nor expired.
    pub(crate) fn live(&self, now: i64) -> bool {
        self.revoked_at.is_none() && self.expires_at > now
    }
}

impl Basalt {
    /// Signs an access token for `user` in session `sid`, valid `ttl` seconds.
    pub(crate) fn sign_access(&self, user: &AuthUser, sid: &str, ttl: i64) -> Result<String> {
        let now = now_ms() / 1000;
        self.auth.keys.sign(&Claims {
            sub: user.id.clone(),
            sid: sid.to_string(),
            col: user.collection.clone(),
            iat: now,
            exp: now + ttl,
            typ: "access".into(),
        })
    }

    /// Stores a fresh refresh token for `sid` inside `tx`; returns it.
    pub(crate) async fn add_refresh_token(&self, tx: &mut dyn Tx, sid: &str) -> Result<String> {
        let token = random_token("rt_", 48);
        tx.execute(basalt_sql::auth_insert(
            REFRESH_TOKENS,
            &[
                ("token_hash", Value::Text(hash_token(&token))),
                ("session_id", Value::Text(sid.to_string())),
                ("created_at", Value::Int(now_ms())),
            ],
            self.dialect(),
        )?)
        .await?;
        Ok(token)
    }

    /// Opens a session of `kind` for `user` and answers the token body.
    pub(crate) async fn open_session(&self, user: &AuthUser, kind: &str) -> Result<TokenBody> {
        let now = now_ms();
        let sid = new_id();
        let dialect = self.dialect();
        let mut tx = self.engine.begin().await?;
        if self.settings().flag("single_session_mode") {
            tx.execute(basalt_sql::auth_update(
                SESSIONS,
                &[("revoked_at", Value::Int(now))],
                &[
                    AuthCond::Eq("collection", Value::Text(user.collection.clone())),
                    AuthCond::Eq("user_id", Value::Text(user.id.clone())),
                    AuthCond::IsNull("revoked_at"),
                ],
                dialect,
            ))
            .await?;
        }
        tx.execute(basalt_sql::auth_insert(
            SESSIONS,
            &[
                ("id", Value::Text(sid.clone())),
                ("collection", Value::Text(user.collection.clone())),
                ("user_id", Value::Text(user.id.clone())),
                ("kind", Value::Text(kind.to_string())),
                ("created_at", Value::Int(now)),
                ("expires_at", Value::Int(now + SESSION_TTL_MS)),
            ],
            dialect,
        )?)
        .await?;
        let refresh = self.add_refresh_token(tx.as_mut(), &sid).await?;
        tx.commit().await?;
        Ok(TokenBody {
            access_token: self.sign_access(user, &sid, ACCESS_TTL_SECS)?,
            refresh_token: Some(refresh),
            expires_in: ACCESS_TTL_SECS,
            user: user.record.clone(),
        })
    }

    /// The session `id`, if it exists.
    pub(crate) async fn session(&self, id: &str) -> Result<Option<SessionRow>> {
        let rows = self
            .engine
            .query(basalt_sql::auth_select(
                SESSIONS,
                &SESSION_COLUMNS,
                &[AuthCond::Eq("id", Value::Text(id.to_string()))],
                None,
                Some(1),
                self.dialect(),
            ))
            .await?;
        Ok(rows.rows.first().and_then(|r| session_row(r)))
    }

    /// Revokes sessions matching `conds` (still live ones); returns how many.
    pub(crate) async fn revoke_sessions(&self, mut conds: Vec<AuthCond>) -> Result<u64> {
        conds.push(AuthCond::IsNull("revoked_at"));
        let mut tx = self.engine.begin().await?;
        let n = tx
            .execute(basalt_sql::auth_update(
                SESSIONS,
                &[("revoked_at", Value::Int(now_ms()))],
                &conds,
                self.dialect(),
            ))
            .await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Revokes every session of one user.
    pub(crate) async fn revoke_user_sessions(
        &self,
        collection: &str,
        user_id: &str,
    ) -> Result<u64> {
        self.revoke_sessions(vec![
            AuthCond::Eq("collection", Value::Text(collection.to_string())),
            AuthCond::Eq("user_id", Value::Text(user_id.to_string())),
        ])
        .await
    }

    /// Revokes every session of one user except `keep`.
    pub(crate) async fn revoke_other_sessions(
        &self,
        collection: &str,
        user_id: &str,
        keep: Option<&str>,
    ) -> Result<()> {
        let mut conds = vec![
            AuthCond::Eq("collection", Value::Text(collection.to_string())),
            AuthCond::Eq("user_id", Value::Text(user_id.to_string())),
        ];
        if let Some(sid) = keep {
            conds.push(AuthCond::Ne("id", Value::Text(sid.to_string())));
        }
        self.revoke_sessions(conds).await.map(|_| ())
    }
}
