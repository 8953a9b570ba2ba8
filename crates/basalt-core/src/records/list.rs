//! Listing records: the caller's filter, the list rule and the soft-delete
//! guard ANDed into one checked filter, then one page and (unless skipped)
//! the total.

use super::access::{combine, not_deleted, rule_filter};
use super::render::render_rows;
use crate::{Basalt, Caller};
use basalt_query::{Filter, Page, SortKey};
use basalt_sql::SelectPlan;
use basalt_types::{Error, Result, Value};
use serde_json::Value as Json;

/// A parsed list request (the surface has parsed its dialect already).
#[derive(Debug, Clone)]
pub struct ListQuery {
    pub filter: Filter,
    pub sort: Vec<SortKey>,
    pub page: Page,
    pub fields: Option<Vec<String>>,
    pub search: Option<String>,
    /// Do not count the total (`skipTotal`).
    pub skip_total: bool,
    /// Admin record routes: soft-deleted records included, rules ignored.
    pub include_deleted: bool,
}

/// One page of records.
#[derive(Debug, Clone)]
pub struct ListResult {
    pub items: Vec<Json>,
    pub page: u64,
    pub per_page: u32,
    /// `None` when the total was skipped.
    pub total_items: Option<u64>,
}

impl ListResult {
    /// Pages needed for the total, `None` when the total was skipped.
    pub fn total_pages(&self) -> Option<u64> {
        self.total_items
            .map(|t| t.div_ceil(u64::from(self.per_page.max(1))))
    }
}

pub(crate) fn check_names<'a>(
    coll: &basalt_catalog::Collection,
    names: impl Iterator<Item = &'a str>,
    what: &str,
) -> Result<()> {
    for n in names {
        if coll.field(n).is_none() {
            return Err(
                Error::bad_request(format!("invalid {what}: unknown field '{n}'"))
                    .with_data("field", n),
            );
        }
    }
    Ok(())
}

impl Basalt {
    /// Lists records of `collection` for `caller`.
    pub async fn list_records(
        &self,
        caller: &Caller,
        collection: &str,
        q: ListQuery,
    ) -> Result<ListResult> {
        let coll = self.collection(collection)?;
        check_names(&coll, q.sort.iter().map(|k| k.field.as_str()), "sort")?;
        if let Some(f) = &q.fields {
            check_names(&coll, f.iter().map(String::as_str), "fields")?;
        }
        let checked = if q.include_deleted && caller.is_admin() {
            combine(&coll, vec![q.filter])?
        } else {
            let rule = rule_filter(
                &coll.rules.list,
                caller,
                None,
                &format!("list {collection}"),
            )?;
            combine(&coll, vec![q.filter, rule, not_deleted(&coll)])?
        };
        let search = q.search.as_deref().filter(|s| !s.trim().is_empty());
        let plan = SelectPlan {
            filter: &checked,
            sort: &q.sort,
            fields: q.fields.as_deref(),
            limit: Some(u64::from(q.page.limit)),
            offset: q.page.offset,
            search,
        };
        let dialect = self.dialect();
        let rows = self
            .engine
            .query(basalt_sql::select(&coll, &plan, dialect))
            .await?;
        let total_items = if q.skip_total {
            None
        } else {
            let n = self
                .engine
                .query(basalt_sql::count(&coll, &checked, search, dialect))
                .await?;
            Some(n.scalar().and_then(Value::as_i64).unwrap_or(0).max(0) as u64)
        };
        Ok(ListResult {
            items: render_rows(&coll, rows),
            page: q.page.page,
            per_page: q.page.limit,
            total_items,
        })
    }
}
