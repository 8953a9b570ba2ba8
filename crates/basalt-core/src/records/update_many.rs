//! Updating every record a filter selects (PostgREST's `PATCH /table?…`):
//! the filter is required (none is a 400, so a forgotten filter never
//! rewrites a table), the update rule and the soft-delete guard narrow the
//! rows silently, the body is validated once, and the whole change is one
//! statement in one transaction.

use super::access::{combine, not_deleted, rule_filter};
use super::coerce::{coerce, Typing};
use super::create::as_object;
use super::render::render_rows;
use super::validate::{validate, ValidationMode};
use crate::{Basalt, Caller};
use basalt_engine::Tx;
use basalt_query::Filter;
use basalt_types::{Error, Result};
use serde_json::Value as Json;

/// The 400 for a bulk write without a filter.
pub(crate) fn filter_required(verb: &str, collection: &str) -> Error {
    Error::bad_request(format!(
        "refusing to {verb} every record of {collection}: add a filter (e.g. ?id=eq.1)"
    ))
    .with_data("filter", "required")
}

/// Runs a bulk write's statement; more than `max_affected` rows rolls it
/// back and answers a 400 whose `data` holds `affected` and `max_affected`.
pub(crate) async fn finish_many(
    tx: Box<dyn Tx>,
    rows: basalt_engine::Rows,
    max_affected: Option<usize>,
) -> Result<basalt_engine::Rows> {
    if let Some(max) = max_affected {
        let n = rows.rows.len();
        if n > max {
            tx.rollback().await?;
            return Err(Error::bad_request(format!(
                "{n} records matched, at most {max} may change: nothing was written"
            ))
            .with_data("affected", n)
            .with_data("max_affected", max));
        }
    }
    tx.commit().await?;
    Ok(rows)
}

impl Basalt {
    /// Applies `body` to every record of `collection` matching `filter` that
    /// the caller may update; returns the records as they are now.
    pub async fn update_many(
        &self,
        caller: &Caller,
        collection: &str,
        filter: Filter,
        body: &Json,
        max_affected: Option<usize>,
    ) -> Result<Vec<Json>> {
        if filter == Filter::Const(true) {
            return Err(filter_required("update", collection));
        }
        let obj = as_object(body)?;
        let coll = self.collection(collection)?;
        let filter = coerce(
            &Typing {
                snapshot: &self.catalog.snapshot(),
                coll: &coll,
            },
            filter,
        )?;
        let rule = rule_filter(
            &coll.rules.update,
            caller,
            Some(obj),
            &format!("update records in {collection}"),
        )?;
        let checked = combine(&coll, vec![filter, rule, not_deleted(&coll)])?;
        let values = validate(&coll, obj, ValidationMode::Update)?;
        if !values
            .iter()
            .any(|(c, _)| coll.field(c).is_some_and(|f| !f.system))
        {
            return Err(Error::bad_request(
                "nothing to update: the body names no field",
            ));
        }
        let mut tx = self.engine.begin().await?;
        let rows = tx
            .query(basalt_sql::update_where(
                &coll,
                &values,
                &checked,
                self.dialect(),
            ))
            .await?;
        let rows = finish_many(tx, rows, max_affected).await?;
        Ok(render_rows(&coll, rows))
    }
}
