//! The parsers that read each filter dialect into the one [`Filter`](crate::Filter)
//! AST. Every parser is total: any input gives either a filter or a 400
//! (`ErrorKind::BadRequest`) whose message starts with `invalid filter:`;
//! none panics, and none lets a value leave its literal.
//!
//! - [`parse_filter`]: the PocketBase-style grammar of BunBase/AllYourBase
//!   `filter=` parameters and of access rules.

mod pocketbase;
mod pocketbase_lex;

pub use pocketbase::parse_filter;
