//! Basalt's core services: records (list, get, create, update, delete,
//! restore, count, aggregate, bulk, batch), collection administration,
//! access rules, validation and settings. Surfaces call these with parsed
//! queries and a [`Caller`]; the core checks rules and input, asks
//! `basalt-sql` for statements and runs them on the [`Engine`]. It knows no
//! HTTP and writes no SQL text.
#![deny(clippy::unwrap_used, clippy::panic, clippy::todo)]

pub mod admin;
mod app;
pub mod auth;
mod caller;
mod catalog_load;
mod json_input;
pub mod records;
mod settings;
mod sync;

pub use app::{Basalt, Options};
pub use caller::Caller;
pub use settings::Settings;

pub use basalt_catalog::{Collection, FieldDef, FieldType};
pub use basalt_engine::{Engine, Sql};
pub use basalt_query as query;
pub use basalt_types::{Error, ErrorKind, Result};
