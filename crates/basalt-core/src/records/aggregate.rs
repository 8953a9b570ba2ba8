//! Aggregates over records the caller may list: sum, avg, min, max and
//! count of one field, optionally grouped by another.

use super::access::{combine, not_deleted, rule_filter};
use super::render::render_value;
use crate::{Basalt, Caller};
use basalt_query::Filter;
use basalt_sql::AggregateFn;
use basalt_types::{Error, Result};
use serde_json::Value as Json;

/// A parsed aggregate request.
#[derive(Debug, Clone)]
pub struct AggregateQuery {
    pub func: String,
    pub field: Option<String>,
    pub group_by: Option<String>,
    pub filter: Filter,
}

/// The value, or one value per group key.
#[derive(Debug, Clone)]
pub enum AggregateResult {
    Single(Json),
    Grouped(Vec<(Json, Json)>),
}

impl Basalt {
    /// Runs an aggregate under the list rule.
    pub async fn aggregate_records(
        &self,
        caller: &Caller,
        collection: &str,
        q: AggregateQuery,
    ) -> Result<AggregateResult> {
        let coll = self.collection(collection)?;
        let func = AggregateFn::parse(&q.func)?;
        let field = match (&q.field, func) {
            (Some(f), _) => {
                let field = coll.field(f).ok_or_else(|| {
                    Error::bad_request(format!("invalid field: unknown field '{f}'"))
                        .with_data("field", f.as_str())
                })?;
                if matches!(func, AggregateFn::Sum | AggregateFn::Avg) && !field.ty().is_numeric() {
                    return Err(Error::bad_request(format!(
                        "{} needs a numeric field; '{f}' is {}",
                        func.as_str(),
                        field.ty().as_str()
                    )));
                }
                Some(field)
            }
            (None, AggregateFn::Count) => None,
            (None, _) => return Err(Error::bad_request("the 'field' parameter is required")),
        };
        let group = match &q.group_by {
            Some(g) => Some(coll.field(g).ok_or_else(|| {
                Error::bad_request(format!("invalid group_by: unknown field '{g}'"))
                    .with_data("field", g.as_str())
            })?),
            None => None,
        };
        let rule = rule_filter(
            &coll.rules.list,
            caller,
            None,
            &format!("list {collection}"),
        )?;
        let checked = combine(&coll, vec![q.filter, rule, not_deleted(&coll)])?;
        let sql = basalt_sql::aggregate(
            &coll,
            func,
            field.map(|f| f.name()),
            group.map(|g| g.name()),
            &checked,
            self.dialect(),
        );
        let rows = self.engine.query(sql).await?;
        // min/max keep the field's type and a sum of integers is an integer,
        // whatever numeric type the engine hands back; avg and count are numbers.
        let value_ty = match func {
            AggregateFn::Min | AggregateFn::Max => field.map(|f| f.ty()),
            AggregateFn::Sum => field
                .map(|f| f.ty())
                .filter(|t| *t == basalt_catalog::FieldType::Integer),
            AggregateFn::Avg | AggregateFn::Count => None,
        };
        match group {
            None => {
                let v = rows
                    .rows
                    .into_iter()
                    .next()
                    .and_then(|r| r.into_iter().next());
                Ok(AggregateResult::Single(
                    v.map(|v| render_value(value_ty, v)).unwrap_or(Json::Null),
                ))
            }
            Some(g) => Ok(AggregateResult::Grouped(
                rows.rows
                    .into_iter()
                    .filter_map(|r| {
                        let mut it = r.into_iter();
                        let k = it.next()?;
                        let v = it.next()?;
                        Some((render_value(Some(g.ty()), k), render_value(value_ty, v)))
                    })
                    .collect(),
            )),
        }
    }
}
