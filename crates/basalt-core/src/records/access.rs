//! Access rules applied to one request: a rule becomes a filter bound to
//! the caller (and the write's body), admin-only rules refuse non-admins,
//! and soft-deleted records drop out of every non-admin read.

use crate::caller::Caller;
use basalt_catalog::{Collection, Rule};
use basalt_query::{check, Checked, Filter, Operand};
use basalt_types::Result;
use serde_json::{Map, Value as Json};

/// The rule as a filter for this caller; `Err` (401/403) for an admin-only
/// rule and a non-admin caller.
pub(crate) fn rule_filter(
    rule: &Rule,
    caller: &Caller,
    body: Option<&Map<String, Json>>,
    what: &str,
) -> Result<Filter> {
    if caller.is_admin() {
        return Ok(Filter::Const(true));
    }
    match rule {
        Rule::AdminOnly => Err(caller.refused(what)),
        Rule::Anyone => Ok(Filter::Const(true)),
        Rule::Expr(f) => Ok(f.clone().bind(&caller.rule_context(body))),
    }
}

/// `deleted_at IS NULL` for collections with soft delete, else true.
pub(crate) fn not_deleted(coll: &Collection) -> Filter {
    if coll.soft_delete() {
        Filter::IsNull {
            operand: Operand::Field("deleted_at".into()),
            negated: false,
        }
    } else {
        Filter::Const(true)
    }
}

/// ANDs the parts and checks the result against the collection.
pub(crate) fn combine(coll: &Collection, parts: Vec<Filter>) -> Result<Checked> {
    let f = parts.into_iter().fold(Filter::Const(true), Filter::and);
    check(f, coll)
}
