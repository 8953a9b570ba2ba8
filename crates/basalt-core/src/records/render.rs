//! Rows to JSON records: each cell rendered by its field's type, so a
//! boolean stored as 0/1 or JSON stored as text comes back as the client
//! wrote it, whatever the engine. Hidden (server-only) columns are dropped.

use basalt_catalog::{Collection, FieldType};
use basalt_engine::Rows;
use basalt_types::Value;
use serde_json::{Map, Value as Json};

/// One cell as JSON for a field of type `ty`.
pub(crate) fn render_value(ty: Option<FieldType>, v: Value) -> Json {
    match (ty, v) {
        (_, Value::Null) => Json::Null,
        (Some(FieldType::Boolean), Value::Int(i)) => Json::Bool(i != 0),
        (Some(FieldType::Json | FieldType::Vector), Value::Text(s)) => {
            serde_json::from_str(&s).unwrap_or(Json::String(s))
        }
        (Some(FieldType::Integer), Value::Float(f)) if f.fract() == 0.0 && f.abs() < 9.0e15 => {
            Json::from(f as i64)
        }
        (_, v) => v.to_json(),
    }
}

/// Every row as a JSON object in column order.
pub(crate) fn render_rows(coll: &Collection, rows: Rows) -> Vec<Json> {
    let types: Vec<Option<FieldType>> = rows
        .columns
        .iter()
        .map(|c| coll.field(c).map(|f| f.ty()))
        .collect();
    rows.rows
        .into_iter()
        .map(|row| {
            let mut obj = Map::with_capacity(row.len());
            for ((name, ty), v) in rows.columns.iter().zip(types.iter()).zip(row) {
                // Server-only columns (`RETURNING *` reads them) never leave.
                if coll.is_hidden(name) {
                    continue;
                }
                obj.insert(name.clone(), render_value(*ty, v));
            }
            Json::Object(obj)
        })
        .collect()
}
