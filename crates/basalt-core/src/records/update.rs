//! Updating records: the update rule and the soft-delete guard decide which
//! record the caller may touch (404 otherwise), validation decides what may
//! be written.

use super::access::{combine, not_deleted, rule_filter};
use super::create::as_object;
use super::get::id_filter;
use super::ids::parse_id;
use super::render::render_rows;
use super::validate::{validate, ValidationMode};
use crate::{Basalt, Caller};
use basalt_catalog::Collection;
use basalt_engine::Tx;
use basalt_types::{Error, Result};
use serde_json::{Map, Value as Json};

/// How an update treats absent fields and soft-deleted records.
#[derive(Debug, Clone, Copy)]
pub struct UpdateOptions {
    pub mode: ValidationMode,
    /// Admin record routes: rules ignored, soft-deleted records reachable.
    pub admin_view: bool,
}

impl Basalt {
    /// Updates one record inside `tx`; `admin_view` also reaches
    /// soft-deleted records.
    pub(crate) async fn update_in(
        &self,
        tx: &mut dyn Tx,
        caller: &Caller,
        coll: &Collection,
        id: &str,
        body: &Map<String, Json>,
        opts: UpdateOptions,
    ) -> Result<Json> {
        let UpdateOptions { mode, admin_view } = opts;
        let key = parse_id(coll, id)?;
        let mut parts = vec![id_filter(coll, &key)];
        if !(admin_view && caller.is_admin()) {
            parts.push(rule_filter(
                &coll.rules.update,
                caller,
                Some(body),
                &format!("update records in {}", coll.name),
            )?);
            parts.push(not_deleted(coll));
        }
        let checked = combine(coll, parts)?;
        let values = validate(coll, body, mode)?;
        if values.is_empty() {
            return Err(Error::bad_request(
                "nothing to update: the body names no field",
            ));
        }
        let rows = tx
            .query(basalt_sql::update(
                coll,
                &key,
                &values,
                &checked,
                self.dialect(),
            )?)
            .await?;
        render_rows(coll, rows)
            .into_iter()
            .next()
            .ok_or_else(|| Error::not_found("record not found"))
    }

    /// Partially updates one record.
    pub async fn update_record(
        &self,
        caller: &Caller,
        collection: &str,
        id: &str,
        body: &Json,
        admin_view: bool,
    ) -> Result<Json> {
        let obj = as_object(body)?;
        let coll = self.collection(collection)?;
        let mut tx = self.engine.begin().await?;
        let record = self
            .update_in(
                tx.as_mut(),
                caller,
                &coll,
                id,
                obj,
                UpdateOptions {
                    mode: ValidationMode::Update,
                    admin_view,
                },
            )
            .await?;
        tx.commit().await?;
        Ok(record)
    }
}
