//! From an identity another party vouches for (an OAuth provider's profile,
//! a Google ID token, an external JWT) to a user: the linked identity if
//! there is one; else the user with that e-mail, linked now, but only when
//! the party says the e-mail is verified; else a new user (while
//! `registration_open`), verified when the party says so, with no password.

use super::IDENTITIES;
use crate::auth::secrets::now_ms;
use crate::auth::users::{normalize_email, UserKey};
use crate::auth::{AuthUser, TokenBody};
use crate::Basalt;
use basalt_sql::AuthCond;
use basalt_types::{Error, Result, Value};
use serde_json::{Map, Value as Json};

/// Who the other party says the user is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Profile {
    /// The party's stable id for the user.
    pub subject: String,
    pub email: Option<String>,
    pub email_verified: bool,
    pub name: Option<String>,
}

impl Basalt {
    async fn linked_user(
        &self,
        provider: &str,
        collection: &str,
        subject: &str,
    ) -> Result<Option<String>> {
        let rows = self
            .engine
            .query(basalt_sql::auth_select(
                IDENTITIES,
                &["user_id"],
                &[
                    AuthCond::Eq("provider", Value::Text(provider.to_string())),
                    AuthCond::Eq("subject", Value::Text(subject.to_string())),
                    AuthCond::Eq("collection", Value::Text(collection.to_string())),
                ],
                None,
                Some(1),
                self.dialect(),
            ))
            .await?;
        Ok(rows.scalar().and_then(Value::as_str).map(str::to_string))
    }

    async fn link(&self, provider: &str, user: &AuthUser, subject: &str) -> Result<()> {
        let mut tx = self.engine.begin().await?;
        tx.execute(basalt_sql::auth_insert(
            IDENTITIES,
            &[
                ("provider", Value::Text(provider.to_string())),
                ("subject", Value::Text(subject.to_string())),
                ("collection", Value::Text(user.collection.clone())),
                ("user_id", Value::Text(user.id.clone())),
                ("created_at", Value::Int(now_ms())),
            ],
            self.dialect(),
        )?)
        .await?;
        tx.commit().await
    }

    /// The user of `profile` in `collection`, linked or made as needed.
    pub(crate) async fn user_for_profile(
        &self,
        provider: &str,
        collection: &str,
        profile: &Profile,
    ) -> Result<AuthUser> {
        let coll = self.auth_collection(collection)?;
        if profile.subject.is_empty() {
            return Err(Error::unauthorized("the identity has no subject"));
        }
        if let Some(id) = self
            .linked_user(provider, &coll.name, &profile.subject)
            .await?
        {
            if let Some((user, _)) = self.find_user(&coll, UserKey::Id(&id)).await? {
                return Ok(user);
            }
        }
        let email = profile
            .email
            .as_deref()
            .map(normalize_email)
            .filter(|e| !e.is_empty())
            .ok_or_else(|| Error::bad_request("the identity has no e-mail address"))?;
        if !profile.email_verified {
            return Err(Error::forbidden(
                "the identity's e-mail address is not verified",
            ));
        }
        let user = match self.find_user(&coll, UserKey::Email(&email)).await? {
            Some((user, _)) => {
                if !user.verified {
                    self.set_user_columns(
                        &coll.name,
                        &user.id,
                        vec![("verified", Value::Bool(true))],
                    )
                    .await?;
                }
                user
            }
            None => {
                if !self.settings().flag("registration_open") {
                    return Err(Error::forbidden("registration is closed"));
                }
                let mut fields = Map::new();
                fields.insert("email".into(), Json::String(email));
                fields.insert("verified".into(), Json::Bool(true));
                if let (Some(name), Some(_)) = (&profile.name, coll.field("name")) {
                    fields.insert("name".into(), Json::String(name.clone()));
                }
                self.insert_user(&coll, &fields, None).await?
            }
        };
        self.link(provider, &user, &profile.subject).await?;
        Ok(user)
    }

    /// Signs `profile` in: the user (linked or made) and a new session.
    pub(crate) async fn sign_in_profile(
        &self,
        provider: &str,
        collection: &str,
        profile: &Profile,
    ) -> Result<TokenBody> {
        let user = self.user_for_profile(provider, collection, profile).await?;
        let (fresh, _) = self.user_by_id(&user.collection, &user.id).await?;
        self.open_session(&fresh, &format!("oauth:{provider}"))
            .await
    }
}
