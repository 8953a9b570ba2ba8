//! API keys: made by a signed-in user, shown once (`bb_` + 40 random
//! characters), stored as a SHA-256 digest, listed by id, name and prefix
//! without the secret, revoked by deleting the row. A key acts as its user
//! on every surface (`X-API-Key` or `Authorization: Bearer`).

use super::secrets::{hash_token, now_ms, random_token};
use super::AuthUser;
use crate::Basalt;
use basalt_sql::AuthCond;
use basalt_types::{new_id, Error, Result, Value};
use serde::Deserialize;
use serde_json::{json, Value as Json};

pub(crate) const API_KEYS: &str = "_basalt_api_keys";
/// The most keys one user may hold.
const MAX_KEYS_PER_USER: i64 = 100;

/// The body of `POST /auth/api-keys`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewApiKey {
    #[serde(default)]
    pub name: Option<String>,
    /// Lifetime in seconds; absent, the key does not expire.
    #[serde(default)]
    pub expires_in: Option<i64>,
}

/// A key just made: the only time its secret is shown.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiKeyCreated {
    pub key: String,
    pub listing: Json,
}

fn ms_to_rfc3339(ms: Option<i64>) -> Json {
    ms.and_then(rfc3339_of_ms)
        .map(Json::String)
        .unwrap_or(Json::Null)
}

/// Unix milliseconds as Basalt's timestamp format.
pub(crate) fn rfc3339_of_ms(ms: i64) -> Option<String> {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
}

fn listing(cells: &[Value]) -> Json {
    let text = |i: usize| cells.get(i).and_then(Value::as_str).unwrap_or_default();
    let int = |i: usize| cells.get(i).and_then(Value::as_i64);
    json!({
        "id": text(0),
        "name": text(1),
        "prefix": text(2),
        "created_at": ms_to_rfc3339(int(3)),
        "expires_at": ms_to_rfc3339(int(4)),
    })
}

const LIST_COLUMNS: [&str; 5] = ["id", "name", "prefix", "created_at", "expires_at"];

fn owner(user: &AuthUser) -> Vec<AuthCond> {
    vec![
        AuthCond::Eq("collection", Value::Text(user.collection.clone())),
        AuthCond::Eq("user_id", Value::Text(user.id.clone())),
    ]
}

impl Basalt {
    /// Makes an API key for `user`.
    pub async fn create_api_key(&self, user: &AuthUser, body: Json) -> Result<ApiKeyCreated> {
        let new: NewApiKey = crate::json_input::object_from(body, "API key")?;
        let name = new.name.unwrap_or_else(|| "default".into());
        if name.chars().count() > 100 {
            return Err(Error::invalid_field("name", "at most 100 characters"));
        }
        if new
            .expires_in
            .is_some_and(|s| s <= 0 || s > 10 * 365 * 86_400)
        {
            return Err(Error::invalid_field(
                "expires_in",
                "must be a positive number of seconds",
            ));
        }
        let dialect = self.dialect();
        let count = self
            .engine
            .query(basalt_sql::auth_count(API_KEYS, &owner(user), dialect))
            .await?;
        if count.scalar().and_then(Value::as_i64).unwrap_or(0) >= MAX_KEYS_PER_USER {
            return Err(Error::bad_request(format!(
                "at most {MAX_KEYS_PER_USER} API keys per user"
            )));
        }
        let key = random_token("bb_", 40);
        let prefix: String = key.chars().take(10).collect();
        let now = now_ms();
        let expires = new.expires_in.map(|s| now + s * 1000);
        let id = new_id();
        let mut tx = self.engine.begin().await?;
        tx.execute(basalt_sql::auth_insert(
            API_KEYS,
            &[
                ("id", Value::Text(id.clone())),
                ("collection", Value::Text(user.collection.clone())),
                ("user_id", Value::Text(user.id.clone())),
                ("name", Value::Text(name.clone())),
                ("prefix", Value::Text(prefix.clone())),
                ("key_hash", Value::Text(hash_token(&key))),
                ("created_at", Value::Int(now)),
                ("expires_at", expires.map_or(Value::Null, Value::Int)),
            ],
            dialect,
        )?)
        .await?;
        tx.commit().await?;
        let listing = listing(&[
            Value::Text(id),
            Value::Text(name),
            Value::Text(prefix),
            Value::Int(now),
            expires.map_or(Value::Null, Value::Int),
        ]);
        Ok(ApiKeyCreated { key, listing })
    }

    /// The user's keys, newest first, without secrets.
    pub async fn list_api_keys(&self, user: &AuthUser) -> Result<Vec<Json>> {
        let rows = self
            .engine
            .query(basalt_sql::auth_select(
                API_KEYS,
                &LIST_COLUMNS,
                &owner(user),
                Some("created_at"),
                Some(MAX_KEYS_PER_USER as u64),
                self.dialect(),
            ))
            .await?;
        Ok(rows.rows.iter().map(|r| listing(r)).collect())
    }

    /// Revokes (deletes) one of the user's keys; 404 for anyone else's.
    pub async fn revoke_api_key(&self, user: &AuthUser, id: &str) -> Result<()> {
        let mut conds = owner(user);
        conds.push(AuthCond::Eq("id", Value::Text(id.to_string())));
        let mut tx = self.engine.begin().await?;
        let n = tx
            .execute(basalt_sql::auth_delete(API_KEYS, &conds, self.dialect()))
            .await?;
        tx.commit().await?;
        if n == 0 {
            return Err(Error::not_found("API key not found"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::rfc3339_of_ms;

    #[test]
    fn timestamps() {
        assert_eq!(
            rfc3339_of_ms(0).as_deref(),
            Some("1970-01-01T00:00:00.000Z")
        );
        assert_eq!(
            rfc3339_of_ms(1_770_501_600_123).as_deref(),
            Some("2026-02-07T22:00:00.123Z")
        );
    }
}
