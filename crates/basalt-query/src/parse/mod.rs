//! The parsers that read each filter dialect into the one [`Filter`](crate::Filter)
//! AST. Every parser is total: any input gives either a filter or a 400
//! (`ErrorKind::BadRequest`) whose message starts with `invalid filter:`;
//! none panics, and none lets a value leave its literal.
//!
//! - [`parse_filter`]: the PocketBase-style grammar of BunBase/AllYourBase
//!   `filter=` parameters and of access rules.
//! - [`parse_postgrest_filter`]: the PostgREST query-string filters of the
//!   Fluxbase surface, with [`parse_select`], [`parse_order`],
//!   [`parse_columns`], [`parse_count`] and [`parse_range`] for its other
//!   parameters.
//! - [`parse_teeny_where`]: Teenybase's `where` expressions (`a == 1 & b != null`).

mod pocketbase;
mod pocketbase_lex;
mod postgrest;
mod postgrest_list;
mod postgrest_params;
mod teeny;

pub use pocketbase::parse_filter;
pub use postgrest::{is_postgrest_reserved, parse_postgrest_filter, POSTGREST_RESERVED};
pub use postgrest_params::{
    parse_columns, parse_count, parse_order, parse_range, parse_select, SelectItem,
};
pub use teeny::parse_teeny_where;
