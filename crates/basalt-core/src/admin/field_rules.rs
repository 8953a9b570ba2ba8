//! Field validation rules (`PUT …/rules`): min, max, pattern, required and
//! unique per field; unique adds or drops the field's unique index.

use super::collection_update::current_meta;
use crate::json_input::nullable;
use crate::Basalt;
use basalt_catalog::Collection;
use basalt_types::{Error, Result};
use serde::Deserialize;
use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldRules {
    #[serde(default, deserialize_with = "nullable")]
    min: Option<Option<f64>>,
    #[serde(default, deserialize_with = "nullable")]
    max: Option<Option<f64>>,
    #[serde(default, deserialize_with = "nullable")]
    pattern: Option<Option<String>>,
    #[serde(default)]
    required: Option<bool>,
    #[serde(default)]
    unique: Option<bool>,
}

impl Basalt {
    /// Sets validation rules per field: `{"field": {"min", "max", "pattern", "required", "unique"}}`.
    pub async fn set_field_rules(&self, name: &str, body: Json) -> Result<Arc<Collection>> {
        crate::json_input::object_values(&body, "field rules")?;
        let rules: BTreeMap<String, FieldRules> =
            crate::json_input::object_from(body, "field rules")?;
        let _guard = self.schema_lock.lock().await;
        let coll = self.collection(name)?;
        let dialect = self.dialect();
        let mut meta = current_meta(&coll);
        let mut stmts = Vec::new();
        for (field, r) in rules {
            let served = coll.field(&field).ok_or_else(|| {
                Error::bad_request(format!("unknown field '{field}'"))
                    .with_data("field", field.as_str())
            })?;
            if served.system {
                return Err(Error::bad_request(format!(
                    "cannot set rules on the system field '{field}'"
                )));
            }
            let Some(def) = meta.fields.iter_mut().find(|f| f.name == field) else {
                return Err(Error::bad_request(format!("unknown field '{field}'")));
            };
            if let Some(min) = r.min {
                def.min = min;
            }
            if let Some(max) = r.max {
                def.max = max;
            }
            if let Some(p) = r.pattern {
                if let Some(p) = &p {
                    regex::Regex::new(p).map_err(|_| {
                        Error::bad_request(format!("field '{field}': invalid pattern"))
                    })?;
                }
                def.pattern = p;
            }
            if let (Some(min), Some(max)) = (def.min, def.max) {
                if min > max {
                    return Err(Error::bad_request(format!(
                        "field '{field}': min is greater than max"
                    )));
                }
            }
            if let Some(req) = r.required {
                def.required = req;
            }
            if let Some(unique) = r.unique {
                let cols = vec![field.clone()];
                let has = coll.indexes.iter().find(|i| i.unique && i.columns == cols);
                match (unique, has) {
                    (true, None) => stmts.push(basalt_sql::create_index(name, &cols, true, dialect)),
                    (false, Some(idx)) if !idx.name.starts_with("sqlite_autoindex") => {
                        stmts.push(basalt_sql::drop_index(name, &idx.name, dialect))
                    }
                    (false, Some(_)) => {
                        return Err(Error::bad_request(format!("the unique constraint on '{field}' is part of the table and cannot be dropped")))
                    }
                    _ => {}
                }
                def.unique = unique;
            }
        }
        let meta_json = serde_json::to_string(&meta).map_err(|e| Error::internal(e.to_string()))?;
        stmts.push(basalt_sql::upsert_collection_meta(
            name, &meta_json, dialect,
        ));
        self.apply_schema(stmts).await?;
        self.collection(name)
    }
}
