//! Dropping a collection with all its data, and dropping one column.

use super::collection_update::{current_meta, fts_rebuild};
use crate::Basalt;
use basalt_types::{Error, Result};

impl Basalt {
    /// Drops the table, its full-text index and its metadata.
    pub async fn drop_collection(&self, name: &str) -> Result<()> {
        let _guard = self.schema_lock.lock().await;
        let coll = self.collection(name)?;
        let snapshot = self.catalog.snapshot();
        for other in snapshot
            .collections
            .values()
            .filter(|c| c.name != coll.name)
        {
            let referencing = other.fields.iter().find(|f| {
                f.def.collection.as_deref() == Some(coll.name.as_str())
                    || other
                        .foreign_keys
                        .iter()
                        .any(|fk| fk.column == f.def.name && fk.target_table == coll.name)
            });
            if let Some(f) = referencing {
                return Err(Error::conflict(format!(
                    "collection '{}' is referenced by {}.{}: drop that field or collection first",
                    coll.name,
                    other.name,
                    f.name()
                ))
                .with_data("referenced_by", format!("{}.{}", other.name, f.name())));
            }
        }
        let dialect = self.dialect();
        let mut stmts = basalt_sql::fts_drop(&coll.name, dialect);
        stmts.push(basalt_sql::drop_table(&coll.name, dialect));
        stmts.push(basalt_sql::delete_collection_meta(&coll.name, dialect));
        self.apply_schema(stmts).await
    }

    /// Drops one column (not a system field, not the primary key), with the
    /// indexes that cover it.
    pub async fn drop_column(&self, name: &str, column: &str) -> Result<()> {
        let _guard = self.schema_lock.lock().await;
        let coll = self.collection(name)?;
        let field = coll
            .field(column)
            .ok_or_else(|| Error::not_found(format!("field not found: {column}")))?;
        if field.system || field.primary_key {
            return Err(Error::bad_request(format!(
                "cannot drop the system field '{column}'"
            )));
        }
        if let Some(rule) = rule_naming(&coll, column) {
            return Err(Error::bad_request(format!(
                "field '{column}' is used by the {rule} rule: change the rule first"
            ))
            .with_data("rule", rule));
        }
        let dialect = self.dialect();
        let mut meta = current_meta(&coll);
        meta.fields.retain(|f| f.name != column);
        let mut stmts = Vec::new();
        for idx in coll
            .indexes
            .iter()
            .filter(|i| i.columns.iter().any(|c| c == column))
        {
            if idx.name.starts_with("sqlite_autoindex") {
                return Err(Error::bad_request(format!(
                    "column '{column}' is part of a table constraint and cannot be dropped"
                )));
            }
            stmts.push(basalt_sql::drop_index(name, &idx.name, dialect));
        }
        let in_fts = meta.fts.iter().any(|f| f == column);
        if in_fts {
            stmts.extend(basalt_sql::fts_drop(name, dialect));
            meta.fts.retain(|f| f != column);
        }
        stmts.push(basalt_sql::drop_column(name, column, dialect));
        if in_fts {
            stmts.extend(fts_rebuild(name, &meta.fts, dialect));
        }
        let meta_json = serde_json::to_string(&meta).map_err(|e| Error::internal(e.to_string()))?;
        stmts.push(basalt_sql::upsert_collection_meta(
            name, &meta_json, dialect,
        ));
        self.apply_schema(stmts).await
    }
}

/// The first rule of `coll` that names `column`, if any.
fn rule_naming(coll: &basalt_catalog::Collection, column: &str) -> Option<&'static str> {
    let r = &coll.rules;
    [
        ("list", &r.list),
        ("view", &r.view),
        ("create", &r.create),
        ("update", &r.update),
        ("delete", &r.delete),
    ]
    .into_iter()
    .find_map(|(name, rule)| match rule {
        basalt_catalog::Rule::Expr(f) if f.fields().contains(&column) => Some(name),
        _ => None,
    })
}
