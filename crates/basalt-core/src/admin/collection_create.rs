//! Creating a collection: checks the name, fields and rules, then creates
//! the table, its unique indexes, its full-text index and its metadata in
//! one transaction.

use super::field_check::check_rules;
use crate::Basalt;
use basalt_catalog::{check_collection_name, Collection, CollectionMeta, FieldDef, RulesDef};
use basalt_types::{Error, Result};
use serde::Deserialize;
use serde_json::Value as Json;
use std::sync::Arc;

/// A collection to create, as `POST /admin/collections` takes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewCollection {
    pub name: String,
    #[serde(default)]
    pub fields: Vec<FieldDef>,
    #[serde(default)]
    pub rules: RulesDef,
    #[serde(default = "yes")]
    pub soft_delete: bool,
    #[serde(default)]
    pub auth: bool,
}

fn yes() -> bool {
    true
}

impl NewCollection {
    /// Reads the request body; unknown keys and wrong types are a 400.
    pub fn from_json(body: Json) -> Result<NewCollection> {
        crate::json_input::objects_in(&body, "fields", "collection")?;
        crate::json_input::object_from(body, "collection")
    }
}

impl Basalt {
    /// Creates a collection and returns it as served.
    pub async fn create_collection(&self, mut new: NewCollection) -> Result<Arc<Collection>> {
        if new.auth {
            // Auth collections get email, verified, roles and the hidden
            // password / 2FA columns.
            crate::auth::users::complete_auth_fields(&mut new.fields);
        }
        let _guard = self.schema_lock.lock().await;
        check_collection_name(&new.name)?;
        let snapshot = self.catalog.snapshot();
        if let Some(existing) = snapshot.get_ignore_case(&new.name) {
            return Err(
                Error::conflict(format!("collection already exists: {}", existing.name))
                    .with_data("name", existing.name.as_str()),
            );
        }
        self.check_fields(&new.name, &new.fields, &[])?;
        let mut names: Vec<String> = ["id", "created_at", "updated_at"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        if new.soft_delete {
            names.push("deleted_at".into());
        }
        names.extend(new.fields.iter().map(|f| f.name.clone()));
        check_rules(&new.rules, &names)?;
        let dialect = self.dialect();
        let target_pk = |t: &str| {
            if t == new.name {
                Some(("id".to_string(), basalt_catalog::PkKind::Text))
            } else {
                snapshot.get(t).and_then(|c| c.pk.clone())
            }
        };
        let fts: Vec<String> = new
            .fields
            .iter()
            .filter(|f| f.ty.is_text() && !f.hidden)
            .map(|f| f.name.clone())
            .collect();
        let meta = CollectionMeta {
            managed: true,
            fields: new.fields.clone(),
            rules: new.rules.clone(),
            soft_delete: new.soft_delete,
            auth: new.auth,
            fts: fts.clone(),
        };
        let meta_json = serde_json::to_string(&meta).map_err(|e| Error::internal(e.to_string()))?;
        let mut stmts =
            basalt_sql::create_table(&new.name, &new.fields, new.soft_delete, &target_pk, dialect);
        stmts.extend(basalt_sql::fts_setup(&new.name, &fts, dialect));
        stmts.push(basalt_sql::upsert_collection_meta(
            &new.name, &meta_json, dialect,
        ));
        self.apply_schema(stmts).await?;
        self.collection(&new.name)
    }
}
