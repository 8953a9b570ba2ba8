//! Creating records: create rule, validation, insert, and (for rule
//! expressions) a check of the stored row against the rule inside the same
//! transaction, rolled back when it does not match.

use super::access::{combine, rule_filter};
use super::get::id_filter;
use super::render::render_rows;
use super::validate::{validate, ValidationMode};
use crate::{Basalt, Caller};
use basalt_catalog::{Collection, Rule};
use basalt_engine::Tx;
use basalt_sql::SelectPlan;
use basalt_types::{Error, Result, Value};
use serde_json::{Map, Value as Json};

/// The body as a JSON object, or 400.
pub(crate) fn as_object(body: &Json) -> Result<&Map<String, Json>> {
    body.as_object()
        .ok_or_else(|| Error::bad_request("the request body must be a JSON object"))
}

impl Basalt {
    /// The insert for one record, after the create rule's admin-only check
    /// and validation; with the rule as a filter to check the stored row
    /// against when it is an expression (and the caller not the admin).
    fn prepare_insert(
        &self,
        caller: &Caller,
        coll: &Collection,
        body: &Map<String, Json>,
    ) -> Result<(basalt_engine::Sql, Option<basalt_query::Filter>)> {
        let what = format!("create records in {}", coll.name);
        let rule = rule_filter(&coll.rules.create, caller, Some(body), &what)?;
        let values = validate(coll, body, ValidationMode::Create)?;
        let sql = basalt_sql::insert(coll, &values, self.dialect())?;
        let check =
            (matches!(coll.rules.create, Rule::Expr(_)) && !caller.is_admin()).then_some(rule);
        Ok((sql, check))
    }

    /// Creates one record inside `tx`.
    pub(crate) async fn create_in(
        &self,
        tx: &mut dyn Tx,
        caller: &Caller,
        coll: &Collection,
        body: &Map<String, Json>,
    ) -> Result<Json> {
        let what = format!("create records in {}", coll.name);
        let (insert, check) = self.prepare_insert(caller, coll, body)?;
        let dialect = self.dialect();
        let rows = tx.query(insert).await?;
        if let Some(rule) = check {
            let pk_index = coll
                .pk
                .as_ref()
                .and_then(|(pk, _)| rows.columns.iter().position(|c| c == pk));
            let key = pk_index
                .and_then(|i| rows.rows.first().and_then(|r| r.get(i)).cloned())
                .unwrap_or(Value::Null);
            let checked = combine(coll, vec![id_filter(coll, &key), rule])?;
            let plan = SelectPlan {
                filter: &checked,
                sort: &[],
                fields: None,
                limit: Some(1),
                offset: 0,
                search: None,
            };
            if tx
                .query(basalt_sql::select(coll, &plan, dialect))
                .await?
                .rows
                .is_empty()
            {
                return Err(caller.refused(&what));
            }
        }
        render_rows(coll, rows)
            .into_iter()
            .next()
            .ok_or_else(|| Error::internal("insert returned no row"))
    }

    /// Creates one record (the collection is made first when
    /// `auto_create_collections` allows it).
    pub async fn create_record(
        &self,
        caller: &Caller,
        collection: &str,
        body: &Json,
    ) -> Result<Json> {
        let obj = as_object(body)?;
        let coll = self
            .collection_for_write(caller, collection, std::slice::from_ref(obj))
            .await?;
        let (insert, check) = self.prepare_insert(caller, &coll, obj)?;
        if check.is_none() {
            // Validated before the writer is taken; insert and commit in one
            // step.
            let tx = self.engine.begin().await?;
            let rows = tx.query_then_commit(insert).await?;
            return render_rows(&coll, rows)
                .into_iter()
                .next()
                .ok_or_else(|| Error::internal("insert returned no row"));
        }
        let mut tx = self.engine.begin().await?;
        let record = self.create_in(tx.as_mut(), caller, &coll, obj).await?;
        tx.commit().await?;
        Ok(record)
    }
}
