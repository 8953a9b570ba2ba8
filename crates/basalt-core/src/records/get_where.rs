//! Reading one record by id under the view rule with an extra filter the
//! request adds (Teenybase `view/{id}?where=…`); a record that is hidden,
//! soft-deleted, absent or not matching answers 404.

use super::access::{combine, not_deleted, rule_filter};
use super::coerce::{coerce, Typing};
use super::get::id_filter;
use super::ids::parse_id;
use super::list::check_names;
use super::render::render_rows;
use crate::{Basalt, Caller};
use basalt_query::Filter;
use basalt_sql::SelectPlan;
use basalt_types::{Error, Result};
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
        let key = parse_id(&coll, id)?;
        if let Some(f) = &fields {
            check_names(&coll, f.iter().map(String::as_str), "select")?;
        }
        let filter = coerce(
            &Typing {
                snapshot: &self.catalog.snapshot(),
                coll: &coll,
            },
            filter,
        )?;
        let rule = rule_filter(
            &coll.rules.view,
            caller,
            None,
            &format!("view {collection}"),
        )?;
        let parts = vec![id_filter(&coll, &key), filter, rule, not_deleted(&coll)];
        let checked = combine(&coll, parts)?;
        let plan = SelectPlan {
            filter: &checked,
            sort: &[],
            fields: fields.as_deref(),
            limit: Some(1),
            offset: 0,
            search: None,
        };
        let rows = self
            .engine
            .query(basalt_sql::select(&coll, &plan, self.dialect()))
            .await?;
        render_rows(&coll, rows)
            .into_iter()
            .next()
            .ok_or_else(|| Error::not_found("record not found"))
    }
}
