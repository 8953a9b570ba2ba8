//! Record services every surface shares: list, get, create, update,
//! delete, restore, count, aggregate, bulk and batch, each checking the
//! collection's rules for the caller and validating input before it writes.

mod access;
mod aggregate;
mod auto_create;
mod batch;
mod bulk;
mod count;
mod create;
mod delete;
mod get;
mod ids;
mod list;
mod render;
mod update;
mod validate;

pub use aggregate::{AggregateQuery, AggregateResult};
pub use batch::{BatchOp, BatchOutcome};
pub use list::{ListQuery, ListResult};
pub use update::UpdateOptions;
pub(crate) use validate::check_default;
pub use validate::ValidationMode;
