//! Deleting and restoring records. On a collection with soft delete, DELETE
//! sets `deleted_at` (the record disappears from non-admin reads) and
//! restore clears it; elsewhere, and on the admin route, DELETE removes the
//! row.

use super::access::{combine, not_deleted, rule_filter};
use super::get::id_filter;
use super::ids::parse_id;
use super::render::render_rows;
use crate::{Basalt, Caller};
use basalt_catalog::Collection;
use basalt_engine::Tx;
use basalt_query::{Filter, Operand};
use basalt_types::{now_rfc3339, Error, Result, Value};
use serde_json::Value as Json;

impl Basalt {
    /// Deletes one record inside `tx` (soft unless `hard` or the collection
    /// has no soft delete). Returns the record as it was.
    pub(crate) async fn delete_in(
        &self,
        tx: &mut dyn Tx,
        caller: &Caller,
        coll: &Collection,
        id: &str,
        hard: bool,
    ) -> Result<Json> {
        let key = parse_id(coll, id)?;
        let mut parts = vec![id_filter(coll, &key)];
        if !(hard && caller.is_admin()) {
            parts.push(rule_filter(
                &coll.rules.delete,
                caller,
                None,
                &format!("delete records in {}", coll.name),
            )?);
            parts.push(not_deleted(coll));
        }
        let checked = combine(coll, parts)?;
        let dialect = self.dialect();
        let sql = if coll.soft_delete() && !hard {
            let now = Value::Text(now_rfc3339());
            let values = vec![
                ("deleted_at".to_string(), now.clone()),
                ("updated_at".to_string(), now),
            ];
            basalt_sql::update(coll, &key, &values, &checked, dialect)?
        } else {
            basalt_sql::delete(coll, &key, &checked, dialect)?
        };
        let rows = tx.query(sql).await?;
        render_rows(coll, rows)
            .into_iter()
            .next()
            .ok_or_else(|| Error::not_found("record not found"))
    }

    /// Deletes one record; `hard` (admin route) removes it for good.
    pub async fn delete_record(
        &self,
        caller: &Caller,
        collection: &str,
        id: &str,
        hard: bool,
    ) -> Result<Json> {
        let coll = self.collection(collection)?;
        let mut tx = self.engine.begin().await?;
        let record = self.delete_in(tx.as_mut(), caller, &coll, id, hard).await?;
        tx.commit().await?;
        Ok(record)
    }

    /// Brings a soft-deleted record back (update rule applies).
    pub async fn restore_record(
        &self,
        caller: &Caller,
        collection: &str,
        id: &str,
    ) -> Result<Json> {
        let coll = self.collection(collection)?;
        if !coll.soft_delete() {
            return Err(Error::bad_request(format!(
                "collection '{collection}' has no soft delete"
            )));
        }
        if caller.is_anonymous() {
            return Err(caller.refused(&format!("restore records in {collection}")));
        }
        let key = parse_id(&coll, id)?;
        let deleted = Filter::IsNull {
            operand: Operand::Field("deleted_at".into()),
            negated: true,
        };
        let rule = rule_filter(
            &coll.rules.update,
            caller,
            None,
            &format!("restore records in {collection}"),
        )?;
        let checked = combine(&coll, vec![id_filter(&coll, &key), rule, deleted])?;
        let values = vec![
            ("deleted_at".to_string(), Value::Null),
            ("updated_at".to_string(), Value::Text(now_rfc3339())),
        ];
        let mut tx = self.engine.begin().await?;
        let rows = tx
            .query(basalt_sql::update(
                &coll,
                &key,
                &values,
                &checked,
                self.dialect(),
            )?)
            .await?;
        let record = render_rows(&coll, rows)
            .into_iter()
            .next()
            .ok_or_else(|| Error::not_found("deleted record not found"))?;
        tx.commit().await?;
        Ok(record)
    }
}
