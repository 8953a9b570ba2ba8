//! Collections as the admin API shows them: fields with their options,
//! rules, options and indexes; and the schema view with column details.

use basalt_catalog::Collection;
use serde_json::{json, Value as Json};

fn field_json(f: &basalt_catalog::Field) -> Json {
    let mut v = serde_json::to_value(&f.def).unwrap_or_else(|_| json!({"name": f.name()}));
    if let Json::Object(m) = &mut v {
        m.insert("system".into(), Json::Bool(f.system));
        m.insert("primary_key".into(), Json::Bool(f.primary_key));
    }
    v
}

/// The collection as `GET /admin/collections` lists it.
pub fn collection_json(c: &Collection) -> Json {
    json!({
        "name": c.name,
        "type": if c.meta.auth { "auth" } else { "base" },
        "managed": c.managed(),
        "primary_key": c.pk.as_ref().map(|(n, _)| n.clone()),
        "fields": c.fields.iter().map(field_json).collect::<Vec<_>>(),
        "rules": {
            "list": c.meta.rules.list, "view": c.meta.rules.view, "create": c.meta.rules.create,
            "update": c.meta.rules.update, "delete": c.meta.rules.delete,
        },
        "soft_delete": c.soft_delete(),
        "auth": c.meta.auth,
        "search_fields": c.meta.fts,
        "indexes": c.indexes.iter().map(|i| json!({"name": i.name, "columns": i.columns, "unique": i.unique})).collect::<Vec<_>>(),
    })
}

/// The schema view: the collection plus per-column database details.
pub fn schema_json(c: &Collection) -> Json {
    let mut v = collection_json(c);
    let columns: Vec<Json> = c
        .fields
        .iter()
        .map(|f| {
            json!({
                "name": f.name(), "type": f.ty().as_str(), "not_null": f.not_null,
                "has_default": f.has_default, "primary_key": f.primary_key, "unique": f.def.unique,
                "system": f.system,
            })
        })
        .collect();
    if let Json::Object(m) = &mut v {
        m.insert("columns".into(), Json::Array(columns));
        m.insert(
            "foreign_keys".into(),
            c.foreign_keys
                .iter()
                .map(|fk| json!({"column": fk.column, "target": fk.target_table, "target_column": fk.target_column, "on_delete": fk.on_delete}))
                .collect(),
        );
    }
    v
}
