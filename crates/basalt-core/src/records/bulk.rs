//! Bulk create: many records in one transaction, all or nothing; the
//! failing record's index is in the error's `data`.

use super::create::as_object;
use crate::{Basalt, Caller};
use basalt_types::{Error, Result};
use serde_json::{Map, Value as Json};

impl Basalt {
    /// Creates every record of `records` or none; at most `max` records.
    pub async fn bulk_create(
        &self,
        caller: &Caller,
        collection: &str,
        records: &[Json],
        max: usize,
    ) -> Result<Vec<Json>> {
        if records.is_empty() {
            return Err(Error::bad_request("no records to create"));
        }
        if records.len() > max {
            return Err(Error::bad_request(format!(
                "too many records: at most {max} per request"
            )));
        }
        let objs: Vec<Map<String, Json>> = records
            .iter()
            .enumerate()
            .map(|(i, r)| as_object(r).cloned().map_err(|e| e.with_data("index", i)))
            .collect::<Result<_>>()?;
        let coll = self.collection_for_write(caller, collection, &objs).await?;
        let mut tx = self.engine.begin().await?;
        let mut out = Vec::with_capacity(objs.len());
        for (i, obj) in objs.iter().enumerate() {
            let rec = self
                .create_in(tx.as_mut(), caller, &coll, obj)
                .await
                .map_err(|e| e.with_data("index", i))?;
            out.push(rec);
        }
        tx.commit().await?;
        Ok(out)
    }
}
