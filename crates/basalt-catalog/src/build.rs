//! Builds a [`Snapshot`] from the engine's table descriptions and Basalt's
//! metadata rows. Metadata wins for types and options; columns it does not
//! know (added by SQL) get a type inferred from their declaration.

use crate::collection::{Collection, PkKind};
use crate::field::{Field, FieldDef, FieldType};
use crate::meta::CollectionMeta;
use crate::rules::{Rule, RuleSet};
use crate::Snapshot;
use basalt_engine::TableInfo;
use std::collections::HashMap;
use std::sync::Arc;

/// System fields of a managed collection.
pub const SYSTEM_FIELDS: [&str; 4] = ["id", "created_at", "updated_at", "deleted_at"];

/// Builds the snapshot; tables without metadata are served with inferred
/// types and admin-only rules.
pub fn build_snapshot(tables: Vec<TableInfo>, metas: HashMap<String, CollectionMeta>) -> Snapshot {
    let mut snapshot = Snapshot::default();
    for table in tables {
        let meta = metas.get(&table.name).cloned().unwrap_or_default();
        let collection = build_collection(table, meta);
        snapshot
            .collections
            .insert(collection.name.clone(), Arc::new(collection));
    }
    snapshot
}

fn build_collection(table: TableInfo, meta: CollectionMeta) -> Collection {
    let pk_columns: Vec<_> = table.columns.iter().filter(|c| c.primary_key).collect();
    let pk = match pk_columns.as_slice() {
        [one] => Some((one.name.clone(), pk_kind(&one.decl_type))),
        _ => None,
    };
    let unique_single: Vec<&str> = table
        .indexes
        .iter()
        .filter(|i| i.unique && i.columns.len() == 1)
        .filter_map(|i| i.columns.first().map(String::as_str))
        .collect();
    let fields = table
        .columns
        .iter()
        .map(|col| {
            let known = meta.fields.iter().find(|f| f.name == col.name).cloned();
            let system = meta.managed && SYSTEM_FIELDS.contains(&col.name.as_str());
            let mut def = known.unwrap_or_else(|| {
                let mut d = FieldDef::new(
                    col.name.clone(),
                    system_type(&col.name, system, &col.decl_type),
                );
                d.required = col.not_null && col.default.is_none() && !col.primary_key;
                d
            });
            if unique_single.contains(&col.name.as_str()) && !col.primary_key {
                def.unique = true;
            }
            if def.ty == FieldType::Relation && def.collection.is_none() {
                def.collection = table
                    .foreign_keys
                    .iter()
                    .find(|fk| fk.column == col.name)
                    .map(|fk| fk.target_table.clone());
            }
            let pattern = def
                .pattern
                .as_deref()
                .and_then(|p| regex::Regex::new(p).ok());
            Field {
                def,
                system,
                not_null: col.not_null,
                has_default: col.default.is_some(),
                primary_key: col.primary_key,
                pattern,
            }
        })
        .collect::<Vec<_>>();
    // Foreign keys from SQL make relations too.
    let fields: Vec<Field> = fields
        .into_iter()
        .map(|mut f| {
            if f.def.ty != FieldType::Relation && !meta.fields.iter().any(|m| m.name == f.def.name)
            {
                if let Some(fk) = table.foreign_keys.iter().find(|fk| fk.column == f.def.name) {
                    f.def.ty = FieldType::Relation;
                    f.def.collection = Some(fk.target_table.clone());
                    f.def.on_delete = Some(fk.on_delete.clone());
                }
            }
            f
        })
        .collect();
    let (hidden, fields): (Vec<Field>, Vec<Field>) =
        fields.into_iter().partition(|f: &Field| f.def.hidden);
    let rules = RuleSet::parse(&meta.rules).unwrap_or(RuleSet {
        list: Rule::AdminOnly,
        view: Rule::AdminOnly,
        create: Rule::AdminOnly,
        update: Rule::AdminOnly,
        delete: Rule::AdminOnly,
    });
    Collection {
        name: table.name,
        fields,
        hidden,
        pk,
        rules,
        meta,
        indexes: table.indexes,
        foreign_keys: table.foreign_keys,
    }
}

fn system_type(name: &str, system: bool, decl: &str) -> FieldType {
    match (system, name) {
        (true, "created_at" | "updated_at" | "deleted_at") => FieldType::Datetime,
        (true, "id") => FieldType::Text,
        _ => FieldType::from_decl(decl),
    }
}

fn pk_kind(decl: &str) -> PkKind {
    match FieldType::from_decl(decl) {
        FieldType::Integer => PkKind::Integer,
        FieldType::Uuid => PkKind::Uuid,
        _ => PkKind::Text,
    }
}
