//! The signed-in user's own account: read it, change it (profile fields
//! and the password; never `roles`, `verified` or `email`), delete it (with
//! its sessions, API keys and pending tokens).

use super::sign_out::signed_in;
use super::users::PASSWORD_HASH;
use super::{passwords, Principal};
use crate::records::{validate, ValidationMode};
use crate::Basalt;
use basalt_sql::AuthCond;
use basalt_types::{Error, Result, Value};
use serde_json::{Map, Value as Json};

/// Fields a user may not set on their own account.
pub(crate) const PROTECTED: [&str; 3] = ["roles", "verified", "email"];

impl Basalt {
    /// The current user's record.
    pub async fn me(&self, p: &Principal) -> Result<Json> {
        let user = signed_in(p)?;
        let (fresh, _) = self.user_by_id(&user.collection, &user.id).await?;
        Ok(fresh.record)
    }

    /// Changes the current user's own fields (and `password`, when sent).
    pub async fn update_me(&self, p: &Principal, body: &Json) -> Result<Json> {
        let user = signed_in(p)?;
        let coll = self.auth_collection(&user.collection)?;
        let mut fields: Map<String, Json> = body
            .as_object()
            .cloned()
            .ok_or_else(|| Error::bad_request("the request body must be a JSON object"))?;
        // Supabase-style `{"data": {…}}` carries profile fields too.
        if let Some(Json::Object(data)) = fields.remove("data") {
            for (k, v) in data {
                fields.entry(k).or_insert(v);
            }
        }
        for k in PROTECTED {
            if fields.contains_key(k) {
                return Err(
                    Error::bad_request(format!("field '{k}' cannot be changed here"))
                        .with_data(k, "protected"),
                );
            }
        }
        let password = match fields.remove("password") {
            None => None,
            Some(Json::String(s)) => {
                passwords::check_policy(&s)?;
                Some(passwords::hash(s).await?)
            }
            Some(_) => return Err(Error::invalid_field("password", "must be a string")),
        };
        let values = validate(&coll, &fields, ValidationMode::Update)?;
        let mut cols: Vec<(&str, Value)> = values
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        if let Some(h) = password {
            cols.push((PASSWORD_HASH, Value::Text(h)));
        }
        if cols.iter().any(|(c, _)| *c != "updated_at") {
            let mut tx = self.engine.begin().await?;
            tx.execute(basalt_sql::auth_update(
                &coll.name,
                &cols,
                &[AuthCond::Eq("id", Value::Text(user.id.clone()))],
                self.dialect(),
            ))
            .await?;
            tx.commit().await?;
        }
        self.me(p).await
    }

    /// Deletes the current user's account and everything tied to it.
    pub async fn delete_me(&self, p: &Principal) -> Result<()> {
        let user = signed_in(p)?.clone();
        self.delete_user(&user.collection, &user.id).await
    }

    /// Deletes a user with their sessions, refresh tokens, API keys,
    /// pending one-time tokens and linked identities; 404 when absent.
    pub(crate) async fn delete_user(&self, collection: &str, id: &str) -> Result<()> {
        let coll = self.auth_collection(collection)?;
        let dialect = self.dialect();
        let owner = || {
            vec![
                AuthCond::Eq("collection", Value::Text(coll.name.clone())),
                AuthCond::Eq("user_id", Value::Text(id.to_string())),
            ]
        };
        let mut tx = self.engine.begin().await?;
        let n = tx
            .execute(basalt_sql::auth_delete(
                &coll.name,
                &[AuthCond::Eq("id", Value::Text(id.to_string()))],
                dialect,
            ))
            .await?;
        if n == 0 {
            return Err(Error::not_found("user not found"));
        }
        tx.execute(basalt_sql::auth_delete_in(
            super::sessions::REFRESH_TOKENS,
            "session_id",
            super::sessions::SESSIONS,
            "id",
            &owner(),
            dialect,
        ))
        .await?;
        for table in [
            super::sessions::SESSIONS,
            super::api_keys::API_KEYS,
            super::one_time::AUTH_TOKENS,
            super::totp::CHALLENGES,
            super::oauth::IDENTITIES,
        ] {
            tx.execute(basalt_sql::auth_delete(table, &owner(), dialect))
                .await?;
        }
        tx.commit().await
    }
}
