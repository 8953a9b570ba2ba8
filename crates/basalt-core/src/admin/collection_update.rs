//! Changing a collection (`PATCH`): rules (keys present replace, `null`
//! means admin only), soft delete on or off, and new fields.

use super::field_check::check_rules;
use crate::Basalt;
use basalt_catalog::{Collection, CollectionMeta, FieldDef, FieldType};
use basalt_engine::Sql;
use basalt_types::{Error, Result};
use serde::Deserialize;
use serde_json::{Map, Value as Json};
use std::sync::Arc;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Patch {
    #[serde(default)]
    rules: Option<Map<String, Json>>,
    #[serde(default)]
    soft_delete: Option<bool>,
    #[serde(default)]
    auth: Option<bool>,
    #[serde(default)]
    fields: Vec<FieldDef>,
}

/// The metadata of a collection, made up from the catalog when Basalt did
/// not create it (its fields as currently typed).
pub(crate) fn current_meta(coll: &Collection) -> CollectionMeta {
    let mut meta = coll.meta.clone();
    if !meta.managed {
        meta.fields = coll
            .fields
            .iter()
            .filter(|f| !f.system)
            .map(|f| f.def.clone())
            .collect();
    }
    meta
}

/// Statements that rebuild the full-text index over `fields`.
pub(crate) fn fts_rebuild(
    name: &str,
    fields: &[String],
    dialect: basalt_engine::Dialect,
) -> Vec<Sql> {
    let mut out = basalt_sql::fts_drop(name, dialect);
    out.extend(basalt_sql::fts_setup(name, fields, dialect));
    out
}

impl Basalt {
    /// Applies a PATCH body to a collection.
    pub async fn update_collection(&self, name: &str, body: Json) -> Result<Arc<Collection>> {
        crate::json_input::objects_in(&body, "fields", "collection change")?;
        let patch: Patch = crate::json_input::object_from(body, "collection change")?;
        let _guard = self.schema_lock.lock().await;
        let coll = self.collection(name)?;
        let dialect = self.dialect();
        let mut meta = current_meta(&coll);
        let mut stmts = Vec::new();
        let existing: Vec<String> = coll.fields.iter().map(|f| f.name().to_string()).collect();
        // Hidden columns are taken too, though rules may not name them.
        let mut taken = existing.clone();
        taken.extend(coll.hidden.iter().map(|f| f.name().to_string()));
        self.check_fields(name, &patch.fields, &taken)?;
        let snapshot = self.catalog.snapshot();
        let target_pk = |t: &str| snapshot.get(t).and_then(|c| c.pk.clone());
        for f in &patch.fields {
            stmts.extend(basalt_sql::add_column(name, f, &target_pk, dialect));
            meta.fields.push(f.clone());
        }
        let mut names = existing.clone();
        names.extend(patch.fields.iter().map(|f| f.name.clone()));
        if let Some(on) = patch.soft_delete {
            if on && coll.field("deleted_at").is_none() {
                let mut d = FieldDef::new("deleted_at", FieldType::Datetime);
                d.required = false;
                stmts.extend(basalt_sql::add_column(name, &d, &target_pk, dialect));
                if !meta.managed {
                    meta.fields.push(d);
                }
                names.push("deleted_at".into());
            }
            meta.soft_delete = on;
        }
        if let Some(a) = patch.auth {
            if a {
                // Becoming an auth collection adds the auth columns it lacks.
                taken.extend(patch.fields.iter().map(|f| f.name.clone()));
                for f in crate::auth::users::missing_auth_fields(&taken) {
                    stmts.extend(basalt_sql::add_column(name, &f, &target_pk, dialect));
                    if !f.hidden {
                        names.push(f.name.clone());
                    }
                    meta.fields.push(f);
                }
            }
            meta.auth = a;
        }
        if let Some(rules) = patch.rules {
            for (k, v) in rules {
                let text = match v {
                    Json::Null => None,
                    Json::String(s) => Some(s),
                    Json::Bool(true) => Some("true".to_string()),
                    _ => {
                        return Err(Error::bad_request(format!(
                            "rule '{k}' must be a string or null"
                        )))
                    }
                };
                match k.as_str() {
                    "list" => meta.rules.list = text,
                    "view" => meta.rules.view = text,
                    "create" => meta.rules.create = text,
                    "update" => meta.rules.update = text,
                    "delete" => meta.rules.delete = text,
                    other => {
                        return Err(Error::bad_request(format!(
                            "unknown rule '{other}': use list, view, create, update or delete"
                        )))
                    }
                }
            }
        }
        check_rules(&meta.rules, &names)?;
        let new_text: Vec<String> = patch
            .fields
            .iter()
            .filter(|f| f.ty.is_text() && !f.hidden)
            .map(|f| f.name.clone())
            .collect();
        if meta.managed && !new_text.is_empty() {
            meta.fts.extend(new_text);
            stmts.extend(fts_rebuild(name, &meta.fts, dialect));
        }
        let meta_json = serde_json::to_string(&meta).map_err(|e| Error::internal(e.to_string()))?;
        stmts.push(basalt_sql::upsert_collection_meta(
            name, &meta_json, dialect,
        ));
        self.apply_schema(stmts).await?;
        self.collection(name)
    }
}
