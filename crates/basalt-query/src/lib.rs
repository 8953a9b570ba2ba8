//! Basalt's query model: the one filter AST ([`Filter`]), sort keys, paging
//! and field selection, the parsers that read each dialect into them, the
//! binding of `auth.*`/`request.body.*` in rules, and the check against a
//! collection's columns that every filter passes before it reaches SQL.
//! Pure: no database, no HTTP.
#![deny(clippy::unwrap_used, clippy::panic, clippy::todo)]

mod ast;
mod bind;
mod check;
mod page;
pub mod parse;
#[cfg(test)]
mod proptests;

pub use ast::{CmpOp, Filter, Literal, NullsOrder, Operand, OrderKey, Page, SortKey};
pub use bind::RuleContext;
pub use check::{check, Checked, Columns};
pub use page::{parse_fields, parse_page, parse_sort, DEFAULT_PER_PAGE, MAX_PER_PAGE};
