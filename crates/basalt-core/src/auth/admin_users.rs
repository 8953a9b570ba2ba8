//! Admin user management: list the users of an auth collection (a page of
//! records, no hidden columns), delete one (with everything tied to it),
//! set its roles, and impersonate it (a 15-minute access token in a session
//! of its own, without a refresh token).

use super::secrets::now_ms;
use super::sessions::SESSIONS;
use super::tokens::IMPERSONATE_TTL_SECS;
use super::TokenBody;
use crate::records::{ListQuery, ListResult};
use crate::{Basalt, Caller};
use basalt_types::{new_id, Error, Result, Value};
use serde_json::Value as Json;

impl Basalt {
    /// A page of users (admin only).
    pub async fn admin_list_users(
        &self,
        caller: &Caller,
        collection: &str,
        q: ListQuery,
    ) -> Result<ListResult> {
        if !caller.is_admin() {
            return Err(caller.refused("list users"));
        }
        self.auth_collection(collection)?;
        self.list_records(caller, collection, q).await
    }

    /// Deletes a user (admin only).
    pub async fn admin_delete_user(
        &self,
        caller: &Caller,
        collection: &str,
        id: &str,
    ) -> Result<()> {
        if !caller.is_admin() {
            return Err(caller.refused("delete users"));
        }
        self.delete_user(collection, id).await
    }

    /// Replaces a user's roles with `{"roles": ["…"]}` (admin only).
    pub async fn admin_set_roles(
        &self,
        caller: &Caller,
        collection: &str,
        id: &str,
        body: &Json,
    ) -> Result<Json> {
        if !caller.is_admin() {
            return Err(caller.refused("change roles"));
        }
        let roles = match body.get("roles") {
            Some(Json::Array(items))
                if items
                    .iter()
                    .all(|r| r.as_str().is_some_and(|s| !s.is_empty() && s.len() <= 64))
                    && items.len() <= 50 =>
            {
                items.clone()
            }
            _ => {
                return Err(Error::invalid_field(
                    "roles",
                    "must be an array of role names",
                ))
            }
        };
        if body.as_object().is_some_and(|o| o.len() != 1) {
            return Err(Error::bad_request("the body must be {\"roles\": [...]}"));
        }
        let coll = self.auth_collection(collection)?;
        self.find_user(&coll, super::users::UserKey::Id(id))
            .await?
            .ok_or_else(|| Error::not_found("user not found"))?;
        self.set_user_columns(
            collection,
            id,
            vec![("roles", Value::Json(Json::Array(roles)))],
        )
        .await?;
        let (user, _) = self
            .user_by_id(collection, id)
            .await
            .map_err(|_| Error::not_found("user not found"))?;
        Ok(user.record)
    }

    /// A 15-minute token acting as the user (admin only).
    pub async fn admin_impersonate(
        &self,
        caller: &Caller,
        collection: &str,
        id: &str,
    ) -> Result<TokenBody> {
        if !caller.is_admin() {
            return Err(caller.refused("impersonate users"));
        }
        let coll = self.auth_collection(collection)?;
        let (user, _) = self
            .find_user(&coll, super::users::UserKey::Id(id))
            .await?
            .ok_or_else(|| Error::not_found("user not found"))?;
        let now = now_ms();
        let sid = new_id();
        let mut tx = self.engine.begin().await?;
        tx.execute(basalt_sql::auth_insert(
            SESSIONS,
            &[
                ("id", Value::Text(sid.clone())),
                ("collection", Value::Text(user.collection.clone())),
                ("user_id", Value::Text(user.id.clone())),
                ("kind", Value::Text("impersonate".into())),
                ("created_at", Value::Int(now)),
                ("expires_at", Value::Int(now + IMPERSONATE_TTL_SECS * 1000)),
            ],
            self.dialect(),
        )?)
        .await?;
        tx.commit().await?;
        Ok(TokenBody {
            access_token: self.sign_access(&user, &sid, IMPERSONATE_TTL_SECS)?,
            refresh_token: None,
            expires_in: IMPERSONATE_TTL_SECS,
            user: user.record,
        })
    }
}
