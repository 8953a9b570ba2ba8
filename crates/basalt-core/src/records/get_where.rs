//! Reading one record by id with an extra filter the request adds
//! (Teenybase `view/{id}?where=…`): the filter is typed by its columns, then
//! the ordinary get applies (view rule, soft delete, 404).

use super::coerce::{coerce, Typing};
use crate::{Basalt, Caller};
use basalt_query::Filter;
use basalt_types::Result;
use serde_json::Value as Json;

impl Basalt {
    /// One record by id that also matches `filter`, as `caller`.
    pub async fn get_record_where(
        &self,
        caller: &Caller,
        collection: &str,
        id: &str,
        fields: Option<Vec<String>>,
        filter: Filter,
    ) -> Result<Json> {
        let coll = self.collection(collection)?;
        let typing = Typing {
            snapshot: &self.catalog.snapshot(),
            coll: &coll,
        };
        let filter = coerce(&typing, filter)?;
        self.get_matching(caller, collection, id, fields, filter, false)
            .await
    }
}
