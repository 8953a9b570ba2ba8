//! `GET /api/schema`: the database schema as AYB shows it — tables keyed
//! `schema.table`, each with its columns (name, position, type, nullability,
//! default, primary key, JSON type), primary key, foreign keys, indexes and
//! relationships (named as `expand=` takes them). Only the collections the
//! caller may read are listed (all of them for the admin).

use axum::extract::State;
use axum::Json;
use basalt_core::{Collection, FieldType};
use basalt_surface_kit::{ApiResult, AppState, RequestCaller};
use serde_json::{json, Map, Value};

/// The schema name every table is listed under.
const SCHEMA: &str = "public";

/// The JSON type a field's values have.
fn json_type(ty: FieldType) -> &'static str {
    match ty {
        FieldType::Integer => "integer",
        FieldType::Number => "number",
        FieldType::Boolean => "boolean",
        FieldType::Json => "object",
        FieldType::Vector => "array",
        _ => "string",
    }
}

fn table(coll: &Collection, relations: Vec<basalt_core::records::Relation>) -> Value {
    let columns: Vec<Value> = coll
        .fields
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut c = json!({
                "name": f.name(),
                "position": i + 1,
                "type": f.ty().as_str(),
                "nullable": !(f.not_null || f.def.required || f.primary_key),
                "isPrimaryKey": f.primary_key,
                "jsonType": json_type(f.ty()),
            });
            if let (Some(obj), Some(d)) = (c.as_object_mut(), &f.def.default) {
                obj.insert("default".into(), d.clone());
            }
            if let (Some(obj), Some(values)) = (c.as_object_mut(), &f.def.values) {
                obj.insert("enumValues".into(), json!(values));
            }
            c
        })
        .collect();
    let foreign_keys: Vec<Value> = coll
        .foreign_keys
        .iter()
        .map(|fk| {
            json!({
                "constraintName": format!("{}_{}_fkey", coll.name, fk.column),
                "columns": [fk.column],
                "referencedSchema": SCHEMA,
                "referencedTable": fk.target_table,
                "referencedColumns": [fk.target_column],
                "onDelete": fk.on_delete.to_ascii_uppercase().replace('_', " "),
            })
        })
        .collect();
    let indexes: Vec<Value> = coll
        .indexes
        .iter()
        .map(|i| {
            json!({
                "name": i.name,
                "columns": i.columns,
                "isUnique": i.unique,
                "isPrimary": false,
            })
        })
        .collect();
    let relationships: Vec<Value> = relations
        .into_iter()
        .map(|r| {
            let constraint = match r.kind {
                basalt_core::records::RelationKind::ManyToOne => {
                    format!("{}_{}_fkey", r.from_table, r.from_column)
                }
                basalt_core::records::RelationKind::OneToMany => {
                    format!("{}_{}_fkey", r.to_table, r.to_column)
                }
            };
            json!({
                "name": constraint,
                "type": r.kind.as_str(),
                "fromSchema": SCHEMA,
                "fromTable": r.from_table,
                "fromColumns": [r.from_column],
                "toSchema": SCHEMA,
                "toTable": r.to_table,
                "toColumns": [r.to_column],
                "fieldName": r.name,
            })
        })
        .collect();
    json!({
        "schema": SCHEMA,
        "name": coll.name,
        "kind": "table",
        "columns": columns,
        "primaryKey": coll.pk.as_ref().map(|(pk, _)| vec![pk.clone()]).unwrap_or_default(),
        "foreignKeys": foreign_keys,
        "indexes": indexes,
        "relationships": relationships,
    })
}

pub(crate) async fn schema(
    State(s): State<AppState>,
    RequestCaller(caller): RequestCaller,
) -> ApiResult<Json<Value>> {
    let mut tables = Map::new();
    let readable = s.core.readable_collections(&caller);
    let names: Vec<&str> = readable.iter().map(|c| c.name.as_str()).collect();
    for coll in &readable {
        let relations = s
            .core
            .relations(&coll.name)?
            .into_iter()
            .filter(|r| names.contains(&r.to_table.as_str()))
            .collect();
        tables.insert(format!("{SCHEMA}.{}", coll.name), table(coll, relations));
    }
    Ok(Json(json!({
        "tables": tables,
        "functions": {},
        "schemas": [SCHEMA],
    })))
}
