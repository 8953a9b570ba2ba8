//! Counting records under the list rule, with an optional filter and search.

use super::access::{combine, not_deleted, rule_filter};
use crate::{Basalt, Caller};
use basalt_query::Filter;
use basalt_types::{Result, Value};

impl Basalt {
    /// The number of records the caller could list with `filter`.
    pub async fn count_records(
        &self,
        caller: &Caller,
        collection: &str,
        filter: Filter,
        search: Option<&str>,
    ) -> Result<u64> {
        let coll = self.collection(collection)?;
        let rule = rule_filter(
            &coll.rules.list,
            caller,
            None,
            &format!("list {collection}"),
        )?;
        let checked = combine(&coll, vec![filter, rule, not_deleted(&coll)])?;
        let search = search.filter(|s| !s.trim().is_empty());
        let rows = self
            .engine
            .query(basalt_sql::count(&coll, &checked, search, self.dialect()))
            .await?;
        Ok(rows.scalar().and_then(Value::as_i64).unwrap_or(0).max(0) as u64)
    }
}
