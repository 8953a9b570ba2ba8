//! Signing out: `logout` revokes the session of the access token used;
//! `logout-all` revokes every session of the user. Access tokens of a
//! revoked session stop working at once (each request checks the session),
//! and its refresh tokens with it.

use super::Principal;
use crate::Basalt;
use basalt_sql::AuthCond;
use basalt_types::{Error, Result, Value};

/// The signed-in user of a principal, or 401.
pub(crate) fn signed_in(p: &Principal) -> Result<&super::AuthUser> {
    p.user
        .as_ref()
        .ok_or_else(|| Error::unauthorized("sign in as a user first"))
}

impl Basalt {
    /// Revokes the current session.
    pub async fn sign_out(&self, p: &Principal) -> Result<()> {
        signed_in(p)?;
        let sid = p.session_id.as_deref().ok_or_else(|| {
            Error::bad_request(
                "this credential is an API key, not a session: revoke the key instead",
            )
        })?;
        self.revoke_sessions(vec![AuthCond::Eq("id", Value::Text(sid.to_string()))])
            .await?;
        Ok(())
    }

    /// Revokes every session of the user; returns how many were live.
    pub async fn sign_out_all(&self, p: &Principal) -> Result<u64> {
        let user = signed_in(p)?;
        self.revoke_user_sessions(&user.collection, &user.id).await
    }
}
