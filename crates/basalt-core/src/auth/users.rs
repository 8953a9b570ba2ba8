//! Auth collections: the fields every one has (`email`, `name`,
//! `verified`, `roles`, plus the hidden `password_hash`, `totp_secret`,
//! `totp_enabled`, `totp_last_step`), the built-in `users` collection made at start when
//! missing, and reading a user with its server-only columns.

use super::AuthUser;
use crate::Basalt;
use basalt_catalog::{Collection, CollectionMeta, FieldDef, FieldType, RulesDef};
use basalt_sql::AuthCond;
use basalt_types::{now_rfc3339, Error, Result, Value};
use serde_json::{json, Value as Json};
use std::sync::Arc;

/// The built-in auth collection.
pub const USERS: &str = "users";
/// Hidden column: the argon2id PHC string.
pub(crate) const PASSWORD_HASH: &str = "password_hash";
/// Hidden column: the base32 TOTP secret (pending until enabled).
pub(crate) const TOTP_SECRET: &str = "totp_secret";
/// Hidden column: whether 2FA is on.
pub(crate) const TOTP_ENABLED: &str = "totp_enabled";
/// Hidden column: the last TOTP time step accepted (codes are single use).
pub(crate) const TOTP_LAST_STEP: &str = "totp_last_step";

/// The server-only values of a user.
#[derive(Debug, Clone, Default)]
pub(crate) struct Secrets {
    pub password_hash: Option<String>,
    pub totp_secret: Option<String>,
    pub totp_enabled: bool,
    pub totp_last_step: Option<i64>,
}

/// How a user is looked up.
#[derive(Debug, Clone, Copy)]
pub(crate) enum UserKey<'a> {
    Id(&'a str),
    /// Case-insensitive e-mail.
    Email(&'a str),
    /// E-mail, or `username` where the collection has one.
    Identity(&'a str),
}

fn hidden(name: &str, ty: FieldType) -> FieldDef {
    let mut d = FieldDef::new(name, ty);
    d.hidden = true;
    d
}

/// The fields an auth collection needs, in order.
pub(crate) fn auth_field_defs() -> Vec<FieldDef> {
    let mut email = FieldDef::new("email", FieldType::Email);
    email.required = true;
    email.unique = true;
    let mut verified = FieldDef::new("verified", FieldType::Boolean);
    verified.default = Some(Json::Bool(false));
    let mut roles = FieldDef::new("roles", FieldType::Json);
    roles.default = Some(json!([]));
    vec![
        email,
        FieldDef::new("name", FieldType::Text),
        verified,
        roles,
        hidden(PASSWORD_HASH, FieldType::Text),
        hidden(TOTP_SECRET, FieldType::Text),
        hidden(TOTP_ENABLED, FieldType::Boolean),
        hidden(TOTP_LAST_STEP, FieldType::Integer),
    ]
}

/// Adds the auth fields `fields` lacks (an admin's own `email` or `name`
/// definition is kept).
pub(crate) fn complete_auth_fields(fields: &mut Vec<FieldDef>) {
    let names: Vec<String> = fields.iter().map(|f| f.name.clone()).collect();
    fields.extend(missing_auth_fields(&names));
}

/// The auth fields none of `names` already is.
pub(crate) fn missing_auth_fields(names: &[String]) -> Vec<FieldDef> {
    auth_field_defs()
        .into_iter()
        .filter(|d| !names.iter().any(|n| n.eq_ignore_ascii_case(&d.name)))
        .collect()
}

/// The e-mail as stored and compared: trimmed, lower-case.
pub(crate) fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// The auth user of a rendered record of `collection`.
pub(crate) fn auth_user(collection: &str, record: Json) -> AuthUser {
    let id = match &record["id"] {
        Json::String(s) => s.clone(),
        Json::Number(n) => n.to_string(),
        _ => String::new(),
    };
    let roles = record["roles"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(Json::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    AuthUser {
        collection: collection.to_string(),
        id,
        email: record["email"].as_str().unwrap_or_default().to_string(),
        roles,
        verified: record["verified"].as_bool().unwrap_or(false),
        record,
    }
}

fn as_bool(v: &Value) -> bool {
    match v {
        Value::Bool(b) => *b,
        Value::Int(i) => *i != 0,
        _ => false,
    }
}

impl Basalt {
    /// The auth collection named `name`: 404 when it is missing or not an
    /// auth collection.
    pub(crate) fn auth_collection(&self, name: &str) -> Result<Arc<Collection>> {
        match self.catalog.snapshot().get(name) {
            Some(c) if c.is_auth() && c.is_hidden(PASSWORD_HASH) => Ok(c.clone()),
            _ => Err(Error::not_found(format!(
                "auth collection not found: {name}"
            ))),
        }
    }

    /// 404 unless `name` is an auth collection (for routes that name one).
    pub fn auth_collection_exists(&self, name: &str) -> Result<()> {
        self.auth_collection(name).map(|_| ())
    }

    /// One user with its server-only columns, if any matches `key`
    /// (soft-deleted users never match).
    pub(crate) async fn find_user(
        &self,
        coll: &Collection,
        key: UserKey<'_>,
    ) -> Result<Option<(AuthUser, Secrets)>> {
        let mut tries: Vec<AuthCond> = Vec::new();
        match key {
            UserKey::Id(id) => tries.push(AuthCond::Eq("id", Value::Text(id.to_string()))),
            UserKey::Email(e) => tries.push(AuthCond::LowerEq("email", normalize_email(e))),
            UserKey::Identity(i) => {
                tries.push(AuthCond::LowerEq("email", normalize_email(i)));
                if coll.field("username").is_some() {
                    tries.push(AuthCond::Eq("username", Value::Text(i.trim().to_string())));
                }
            }
        }
        let mut columns: Vec<&str> = coll.fields.iter().map(|f| f.name()).collect();
        columns.extend(coll.hidden.iter().map(|f| f.name()));
        for cond in tries {
            let mut conds = vec![cond];
            if coll.soft_delete() {
                conds.push(AuthCond::IsNull("deleted_at"));
            }
            let sql = basalt_sql::auth_select(
                &coll.name,
                &columns,
                &conds,
                None,
                Some(1),
                self.dialect(),
            );
            let rows = self.engine.query(sql).await?;
            let Some(row) = rows.rows.first() else {
                continue;
            };
            let cell = |name: &str| {
                rows.columns
                    .iter()
                    .position(|c| c == name)
                    .and_then(|i| row.get(i))
                    .cloned()
                    .unwrap_or(Value::Null)
            };
            let secrets = Secrets {
                password_hash: cell(PASSWORD_HASH).as_str().map(str::to_string),
                totp_secret: cell(TOTP_SECRET).as_str().map(str::to_string),
                totp_enabled: as_bool(&cell(TOTP_ENABLED)),
                totp_last_step: cell(TOTP_LAST_STEP).as_i64(),
            };
            let record = crate::records::render_rows(coll, rows.clone())
                .into_iter()
                .next()
                .unwrap_or(Json::Null);
            return Ok(Some((auth_user(&coll.name, record), secrets)));
        }
        Ok(None)
    }

    /// The user `id` of `collection`, or 401 (a token for a user who is gone).
    pub(crate) async fn user_by_id(
        &self,
        collection: &str,
        id: &str,
    ) -> Result<(AuthUser, Secrets)> {
        let coll = self
            .auth_collection(collection)
            .map_err(|_| Error::unauthorized("invalid or expired token"))?;
        self.find_user(&coll, UserKey::Id(id))
            .await?
            .ok_or_else(|| Error::unauthorized("invalid or expired token"))
    }

    /// Inserts a user from checked fields (validated as a create) plus an
    /// optional password hash; a taken e-mail is the engine's 409.
    pub(crate) async fn insert_user(
        &self,
        coll: &Collection,
        fields: &serde_json::Map<String, Json>,
        password_hash: Option<String>,
    ) -> Result<AuthUser> {
        let mut values =
            crate::records::validate(coll, fields, crate::records::ValidationMode::Create)?;
        if let Some(h) = password_hash {
            values.push((PASSWORD_HASH.to_string(), Value::Text(h)));
        }
        let mut tx = self.engine.begin().await?;
        let rows = tx
            .query(basalt_sql::insert(coll, &values, self.dialect())?)
            .await?;
        tx.commit().await?;
        let record = crate::records::render_rows(coll, rows)
            .into_iter()
            .next()
            .ok_or_else(|| Error::internal("insert returned no row"))?;
        Ok(auth_user(&coll.name, record))
    }

    /// Writes columns of one user (hidden ones included) and `updated_at`.
    pub(crate) async fn set_user_columns(
        &self,
        collection: &str,
        id: &str,
        values: Vec<(&str, Value)>,
    ) -> Result<()> {
        let coll = self.auth_collection(collection)?;
        let mut values = values;
        if coll.managed() {
            values.push(("updated_at", Value::Text(now_rfc3339())));
        }
        let mut tx = self.engine.begin().await?;
        tx.execute(basalt_sql::auth_update(
            &coll.name,
            &values,
            &[AuthCond::Eq("id", Value::Text(id.to_string()))],
            self.dialect(),
        ))
        .await?;
        tx.commit().await
    }

    /// Makes the built-in `users` collection when it is missing. Another
    /// node may make it at the same moment: then its copy is used.
    pub(crate) async fn ensure_users_collection(&self) -> Result<()> {
        if self.catalog.snapshot().get(USERS).is_some() {
            return Ok(());
        }
        let _guard = self.schema_lock.lock().await;
        let fields = auth_field_defs();
        let own = "id = auth.id".to_string();
        let meta = CollectionMeta {
            managed: true,
            fields: fields.clone(),
            rules: RulesDef {
                list: Some(own.clone()),
                view: Some(own),
                create: None,
                update: None,
                delete: None,
            },
            soft_delete: false,
            auth: true,
            fts: Vec::new(),
        };
        let meta_json = serde_json::to_string(&meta).map_err(|e| Error::internal(e.to_string()))?;
        let dialect = self.dialect();
        let mut stmts = basalt_sql::create_table(USERS, &fields, false, &|_| None, dialect);
        stmts.push(basalt_sql::upsert_collection_meta(
            USERS, &meta_json, dialect,
        ));
        if let Err(e) = self.apply_schema(stmts).await {
            self.reload_catalog().await?;
            if self.catalog.snapshot().get(USERS).is_none() {
                return Err(e);
            }
        }
        Ok(())
    }
}
