//! The only place besides engine migrations that writes SQL text. It turns
//! checked queries, record writes and schema changes into [`Sql`] for the
//! engine's [`Dialect`], through `sea-query`, with every value bound as a
//! parameter and every identifier taken from the catalog (or checked by the
//! catalog's naming rules) and quoted.
#![deny(clippy::unwrap_used, clippy::panic, clippy::todo)]

mod auth;
mod ddl;
mod filter;
mod fts;
mod ident;
mod like;
mod meta;
mod select;
mod values;
mod write;
mod write_many;

pub use auth::{
    auth_count, auth_delete, auth_delete_in, auth_insert, auth_select, auth_update, auth_upsert,
    AuthCond,
};
pub use ddl::{
    add_column, create_index, create_table, drop_column, drop_index, drop_table, index_name,
};
pub use filter::compile_filter;
pub use fts::{fts_drop, fts_setup, fts_table};
pub use ident::quote_ident;
pub use meta::{
    delete_collection_meta, insert_meta_if_absent, read_collection_metas, read_meta, read_settings,
    upsert_collection_meta, upsert_meta, upsert_setting,
};
pub use select::{aggregate, count, select, select_ordered, AggregateFn, SelectPlan};
pub use values::to_sea;
pub use write::{delete, insert, update};
pub use write_many::{delete_where, update_where};

use basalt_engine::{Dialect, Sql};
use sea_query::{PostgresQueryBuilder, QueryStatementWriter, SqliteQueryBuilder};

/// Builds a sea-query statement for `dialect` into text plus bound values.
pub(crate) fn finish(stmt: &impl QueryStatementWriter, dialect: Dialect) -> Sql {
    let (text, values) = match dialect {
        Dialect::Sqlite => stmt.build(SqliteQueryBuilder),
        Dialect::Postgres => stmt.build(PostgresQueryBuilder),
    };
    Sql {
        text,
        params: values.0.into_iter().map(values::from_sea).collect(),
    }
}
