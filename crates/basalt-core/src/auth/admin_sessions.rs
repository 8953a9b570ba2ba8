//! Admin session management: list every session (newest first, with its
//! state), revoke one, and purge the expired and revoked ones together with
//! their refresh tokens.

use super::api_keys::rfc3339_of_ms;
use super::secrets::now_ms;
use super::sessions::{session_row, REFRESH_TOKENS, SESSIONS, SESSION_COLUMNS};
use crate::{Basalt, Caller};
use basalt_sql::AuthCond;
use basalt_types::{Error, Result, Value};
use serde_json::{json, Value as Json};

/// The most sessions one listing returns.
const MAX_LIST: u64 = 1000;

impl Basalt {
    /// Every session (admin only), newest first.
    pub async fn admin_list_sessions(&self, caller: &Caller) -> Result<Vec<Json>> {
        if !caller.is_admin() {
            return Err(caller.refused("list sessions"));
        }
        let rows = self
            .engine
            .query(basalt_sql::auth_select(
                SESSIONS,
                &SESSION_COLUMNS,
                &[],
                Some("created_at"),
                Some(MAX_LIST),
                self.dialect(),
            ))
            .await?;
        let now = now_ms();
        Ok(rows
            .rows
            .iter()
            .filter_map(|r| session_row(r))
            .map(|s| {
                json!({
                    "id": s.id,
                    "collection": s.collection,
                    "user_id": s.user_id,
                    "kind": s.kind,
                    "created_at": rfc3339_of_ms(s.created_at),
                    "expires_at": rfc3339_of_ms(s.expires_at),
                    "revoked_at": s.revoked_at.and_then(rfc3339_of_ms),
                    "active": s.live(now),
                })
            })
            .collect())
    }

    /// Revokes one session (admin only); 404 when unknown.
    pub async fn admin_revoke_session(&self, caller: &Caller, id: &str) -> Result<()> {
        if !caller.is_admin() {
            return Err(caller.refused("revoke sessions"));
        }
        if self.session(id).await?.is_none() {
            return Err(Error::not_found("session not found"));
        }
        self.revoke_sessions(vec![AuthCond::Eq("id", Value::Text(id.to_string()))])
            .await?;
        Ok(())
    }

    /// Deletes expired and revoked sessions and their refresh tokens
    /// (admin only); returns how many sessions went.
    pub async fn admin_purge_sessions(&self, caller: &Caller) -> Result<u64> {
        if !caller.is_admin() {
            return Err(caller.refused("purge sessions"));
        }
        let dead = vec![AuthCond::LtOrNotNull(
            "expires_at",
            Value::Int(now_ms()),
            "revoked_at",
        )];
        let dialect = self.dialect();
        let mut tx = self.engine.begin().await?;
        tx.execute(basalt_sql::auth_delete_in(
            REFRESH_TOKENS,
            "session_id",
            SESSIONS,
            "id",
            &dead,
            dialect,
        ))
        .await?;
        let n = tx
            .execute(basalt_sql::auth_delete(SESSIONS, &dead, dialect))
            .await?;
        tx.commit().await?;
        Ok(n)
    }
}
