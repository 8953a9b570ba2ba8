//! Changing the password while signed in (Teenybase `change-password`):
//! the current password must match; the new one replaces it and every
//! other session of the user is revoked.

use super::sign_out::signed_in;
use super::users::PASSWORD_HASH;
use super::{passwords, Principal};
use crate::Basalt;
use basalt_types::{Result, Value};

impl Basalt {
    /// Sets a new password after checking the current one.
    pub async fn change_password(&self, p: &Principal, current: &str, new: &str) -> Result<()> {
        let user = signed_in(p)?;
        passwords::check_policy(new)?;
        let (_, secrets) = self.user_by_id(&user.collection, &user.id).await?;
        if !passwords::verify(current.to_string(), secrets.password_hash).await {
            return Err(
                basalt_types::Error::bad_request("the current password is wrong")
                    .with_data("passwordCurrent", "invalid"),
            );
        }
        let hash = passwords::hash(new.to_string()).await?;
        self.set_user_columns(
            &user.collection,
            &user.id,
            vec![(PASSWORD_HASH, Value::Text(hash))],
        )
        .await?;
        self.revoke_other_sessions(&user.collection, &user.id, p.session_id.as_deref())
            .await
    }
}
