//! PostgREST-style reads (the Fluxbase surface): a filter whose values are
//! typed by their columns, ORDER BY keys with NULL placement, an optional
//! window (no limit means every row, up to [`MAX_ROWS`]) and an optional
//! exact count, under the list rule and the soft-delete guard.

use super::access::{combine, not_deleted, rule_filter};
use super::coerce::{coerce, Typing};
use super::list::check_names;
use super::render::render_rows;
use crate::{Basalt, Caller};
use basalt_query::{Filter, OrderKey};
use basalt_sql::SelectPlan;
use basalt_types::{Result, Value};
use serde_json::Value as Json;

/// The most rows one read returns (PostgREST's `db-max-rows`).
pub const MAX_ROWS: u64 = 1000;

/// A parsed PostgREST read.
#[derive(Debug, Clone)]
pub struct RowsQuery {
    pub filter: Filter,
    pub order: Vec<OrderKey>,
    /// Columns to return; `None` for all.
    pub fields: Option<Vec<String>>,
    /// Rows to return; `None` (or more than [`MAX_ROWS`]) means [`MAX_ROWS`].
    pub limit: Option<u64>,
    pub offset: u64,
    /// Count every matching row too (`Prefer: count=exact`, `HEAD`).
    pub count: bool,
}

/// The rows read and, when asked, how many match in all.
#[derive(Debug, Clone)]
pub struct RowsResult {
    pub items: Vec<Json>,
    pub offset: u64,
    pub total: Option<u64>,
}

impl Basalt {
    /// Reads the rows of `collection` that `q` selects, as `caller`.
    pub async fn select_rows(
        &self,
        caller: &Caller,
        collection: &str,
        q: RowsQuery,
    ) -> Result<RowsResult> {
        let coll = self.collection(collection)?;
        check_names(&coll, q.order.iter().map(|k| k.field.as_str()), "order")?;
        if let Some(f) = &q.fields {
            check_names(&coll, f.iter().map(String::as_str), "select")?;
        }
        let filter = coerce(
            &Typing {
                snapshot: &self.catalog.snapshot(),
                coll: &coll,
            },
            q.filter,
        )?;
        let rule = rule_filter(
            &coll.rules.list,
            caller,
            None,
            &format!("list {collection}"),
        )?;
        let checked = combine(&coll, vec![filter, rule, not_deleted(&coll)])?;
        let plan = SelectPlan {
            filter: &checked,
            sort: &[],
            fields: q.fields.as_deref(),
            limit: Some(q.limit.unwrap_or(MAX_ROWS).min(MAX_ROWS)),
            offset: q.offset,
            search: None,
        };
        let dialect = self.dialect();
        let rows = self
            .engine
            .query(basalt_sql::select_ordered(&coll, &plan, &q.order, dialect))
            .await?;
        let total = if q.count {
            let n = self
                .engine
                .query(basalt_sql::count(&coll, &checked, None, dialect))
                .await?;
            Some(n.scalar().and_then(Value::as_i64).unwrap_or(0).max(0) as u64)
        } else {
            None
        };
        Ok(RowsResult {
            items: render_rows(&coll, rows),
            offset: q.offset,
            total,
        })
    }

    /// Checks that every name is a field of `collection` (400 naming the
    /// first that is not, under `what`); for surfaces that shape a write's
    /// answer before writing.
    pub fn check_field_names(&self, collection: &str, names: &[String], what: &str) -> Result<()> {
        let coll = self.collection(collection)?;
        check_names(&coll, names.iter().map(String::as_str), what)
    }
}
