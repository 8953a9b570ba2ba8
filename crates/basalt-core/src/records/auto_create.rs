//! BunBase's `auto_create_collections`: a write to a missing collection
//! creates it, with field types inferred from the JSON written. Only the
//! admin may trigger it (a new collection's rules are admin-only).

use crate::admin::NewCollection;
use crate::{Basalt, Caller};
use basalt_catalog::{Collection, FieldDef, FieldType, RulesDef};
use basalt_types::{Error, Result};
use serde_json::{Map, Value as Json};
use std::sync::Arc;

/// The field type a JSON value suggests.
fn infer(v: &Json) -> Option<FieldType> {
    match v {
        Json::Null => None,
        Json::Bool(_) => Some(FieldType::Boolean),
        Json::Number(n) if n.is_i64() => Some(FieldType::Integer),
        Json::Number(_) => Some(FieldType::Number),
        Json::String(s) if basalt_types::parse_datetime(s).is_some() && s.len() > 10 => {
            Some(FieldType::Datetime)
        }
        Json::String(_) => Some(FieldType::Text),
        Json::Array(_) | Json::Object(_) => Some(FieldType::Json),
    }
}

impl Basalt {
    /// The collection to write to, created first when it is missing and
    /// the setting and the caller allow it.
    pub(crate) async fn collection_for_write(
        &self,
        caller: &Caller,
        name: &str,
        samples: &[Map<String, Json>],
    ) -> Result<Arc<Collection>> {
        match self.collection(name) {
            Ok(c) => return Ok(c),
            Err(e) if !(caller.is_admin() && self.settings().flag("auto_create_collections")) => {
                return Err(e)
            }
            Err(_) => {}
        }
        let mut fields: Vec<FieldDef> = Vec::new();
        for sample in samples {
            for (k, v) in sample {
                if matches!(
                    k.as_str(),
                    "id" | "created_at" | "updated_at" | "deleted_at"
                ) {
                    continue;
                }
                match (fields.iter_mut().find(|f| &f.name == k), infer(v)) {
                    (Some(f), Some(t)) if f.ty == FieldType::Integer && t == FieldType::Number => {
                        f.ty = t
                    }
                    (Some(f), Some(t))
                        if f.ty != t && !(f.ty == FieldType::Number && t == FieldType::Integer) =>
                    {
                        f.ty = FieldType::Json
                    }
                    (Some(_), _) => {}
                    (None, t) => {
                        fields.push(FieldDef::new(k.clone(), t.unwrap_or(FieldType::Text)))
                    }
                }
            }
        }
        let created = self
            .create_collection(NewCollection {
                name: name.to_string(),
                fields,
                rules: RulesDef::default(),
                soft_delete: true,
                auth: false,
            })
            .await;
        match created {
            Ok(_) => self.collection(name),
            // Another request may have created it meanwhile.
            Err(e) if e.kind == basalt_types::ErrorKind::Conflict => self.collection(name),
            Err(e) => Err(Error {
                message: format!("cannot create collection '{name}': {}", e.message),
                ..e
            }),
        }
    }
}
