//! Deleting every record a filter selects (PostgREST's `DELETE /table?…`):
//! the filter is required (none is a 400, so a forgotten filter never
//! empties a table), the delete rule and the soft-delete guard narrow the
//! rows silently, and collections with soft delete get `deleted_at` set
//! instead. One statement, one transaction.

use super::access::{combine, not_deleted, rule_filter};
use super::coerce::{coerce, Typing};
use super::render::render_rows;
use super::update_many::{filter_required, finish_many};
use crate::{Basalt, Caller};
use basalt_query::Filter;
use basalt_types::{now_rfc3339, Result, Value};
use serde_json::Value as Json;

impl Basalt {
    /// Deletes every record of `collection` matching `filter` that the
    /// caller may delete; returns them as they were (soft-deleted ones with
    /// `deleted_at` set).
    pub async fn delete_many(
        &self,
        caller: &Caller,
        collection: &str,
        filter: Filter,
        max_affected: Option<usize>,
    ) -> Result<Vec<Json>> {
        if filter == Filter::Const(true) {
            return Err(filter_required("delete", collection));
        }
        let coll = self.collection(collection)?;
        let filter = coerce(
            &Typing {
                snapshot: &self.catalog.snapshot(),
                coll: &coll,
            },
            filter,
        )?;
        let rule = rule_filter(
            &coll.rules.delete,
            caller,
            None,
            &format!("delete records in {collection}"),
        )?;
        let checked = combine(&coll, vec![filter, rule, not_deleted(&coll)])?;
        let dialect = self.dialect();
        let sql = if coll.soft_delete() {
            let now = Value::Text(now_rfc3339());
            let values = vec![
                ("deleted_at".to_string(), now.clone()),
                ("updated_at".to_string(), now),
            ];
            basalt_sql::update_where(&coll, &values, &checked, dialect)
        } else {
            basalt_sql::delete_where(&coll, &checked, dialect)
        };
        let mut tx = self.engine.begin().await?;
        let rows = tx.query(sql).await?;
        let rows = finish_many(tx, rows, max_affected).await?;
        Ok(render_rows(&coll, rows))
    }
}
