//! Collection administration: create, change, drop, schema, columns, field
//! validation rules, indexes, admin SQL and settings. Every change runs in
//! one transaction under the schema lock and reloads the catalog.

mod apply;
mod collection_create;
mod collection_drop;
mod collection_update;
mod collection_view;
mod field_check;
mod field_rules;
mod indexes;
mod settings;
mod sql;

pub use collection_create::NewCollection;
pub use collection_view::{collection_json, schema_json};
