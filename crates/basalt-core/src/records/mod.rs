//! Record services every surface shares: list, get, create, update,
//! delete, restore, count, aggregate, bulk and batch; PostgREST-style reads
//! (`rows`), filtered bulk updates and deletes, replace, `expand` and the
//! relations it follows. Each checks the collection's rules for the caller
//! and validates input before it writes.

mod access;
mod aggregate;
mod auto_create;
mod batch;
mod bulk;
mod coerce;
mod count;
mod create;
mod delete;
mod delete_many;
mod expand;
mod get;
mod get_where;
mod ids;
mod list;
mod readable;
mod relations;
mod render;
mod replace;
mod rows;
mod update;
mod update_many;
mod validate;

pub use aggregate::{AggregateQuery, AggregateResult};
pub use batch::{BatchOp, BatchOutcome};
pub use expand::{parse_expand, MAX_EXPAND};
pub use list::{ListQuery, ListResult};
pub use relations::{Relation, RelationKind};
pub(crate) use render::render_rows;
pub use rows::{RowsQuery, RowsResult, MAX_ROWS};
pub use update::UpdateOptions;
pub(crate) use validate::check_default;
pub(crate) use validate::validate;
pub use validate::ValidationMode;
