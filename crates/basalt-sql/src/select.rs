//! Reads: list/get (`select`, or `select_ordered` with NULL placement),
//! `count` and `aggregate`, each over a checked filter, with optional
//! full-text search, sort, window and field selection.

use crate::filter::compile_filter;
use crate::finish;
use crate::fts::search_plan;
use basalt_catalog::Collection;
use basalt_engine::{Dialect, Sql};
use basalt_query::{Checked, NullsOrder, OrderKey, SortKey};
use basalt_types::{Error, Result};
use sea_query::{Alias, Expr, ExprTrait, Func, NullOrdering, Order, Query, SelectStatement};

/// What to read.
#[derive(Debug, Clone)]
pub struct SelectPlan<'a> {
    pub filter: &'a Checked,
    pub sort: &'a [SortKey],
    /// Columns to return; `None` for all.
    pub fields: Option<&'a [String]>,
    pub limit: Option<u64>,
    pub offset: u64,
    pub search: Option<&'a str>,
}

fn base(
    coll: &Collection,
    filter: &Checked,
    search: Option<&str>,
    dialect: Dialect,
) -> (SelectStatement, Option<(Expr, Order)>) {
    let t = Alias::new(coll.name.as_str());
    let mut q = Query::select();
    q.from(t.clone());
    q.and_where(compile_filter(&coll.name, filter, dialect));
    let mut rank = None;
    if let Some(s) = search.filter(|s| !s.trim().is_empty()) {
        let plan = search_plan(coll, s, dialect);
        if let Some(fts) = plan.join {
            q.inner_join(
                Alias::new(fts.as_str()),
                Expr::col((Alias::new(fts.as_str()), Alias::new("rowid")))
                    .equals((t.clone(), Alias::new("rowid"))),
            );
        }
        q.and_where(plan.condition);
        rank = plan.rank;
    }
    (q, rank)
}

/// `SELECT` of records.
pub fn select(coll: &Collection, plan: &SelectPlan<'_>, dialect: Dialect) -> Sql {
    let order: Vec<OrderKey> = plan.sort.iter().cloned().map(OrderKey::from).collect();
    select_ordered(coll, plan, &order, dialect)
}

/// `SELECT` of records ordered by `order` (keys with an explicit NULL
/// placement, PostgREST's `order=`) instead of `plan.sort`.
pub fn select_ordered(
    coll: &Collection,
    plan: &SelectPlan<'_>,
    order: &[OrderKey],
    dialect: Dialect,
) -> Sql {
    let t = Alias::new(coll.name.as_str());
    let (mut q, rank) = base(coll, plan.filter, plan.search, dialect);
    match plan.fields {
        Some(fields) => {
            for f in fields.iter().filter(|f| coll.field(f).is_some()) {
                q.column((t.clone(), Alias::new(f.as_str())));
            }
        }
        None => {
            for f in &coll.fields {
                q.column((t.clone(), Alias::new(f.name())));
            }
        }
    }
    let sorts: Vec<&OrderKey> = order
        .iter()
        .filter(|k| coll.field(&k.field).is_some())
        .collect();
    if sorts.is_empty() {
        if let Some((expr, order)) = rank {
            q.order_by_expr(expr, order);
        }
    }
    for k in sorts {
        let order = if k.descending {
            Order::Desc
        } else {
            Order::Asc
        };
        let col = (t.clone(), Alias::new(k.field.as_str()));
        match k.nulls {
            Some(NullsOrder::First) => q.order_by_with_nulls(col, order, NullOrdering::First),
            Some(NullsOrder::Last) => q.order_by_with_nulls(col, order, NullOrdering::Last),
            None => q.order_by(col, order),
        };
    }
    if let Some((pk, _)) = &coll.pk {
        // A stable order under paging.
        q.order_by((t.clone(), Alias::new(pk.as_str())), Order::Asc);
    }
    if let Some(limit) = plan.limit {
        q.limit(limit);
    }
    if plan.offset > 0 {
        if plan.limit.is_none() {
            q.limit(i64::MAX as u64);
        }
        q.offset(plan.offset);
    }
    finish(&q, dialect)
}

/// `SELECT COUNT(*)` over the same filter and search.
pub fn count(coll: &Collection, filter: &Checked, search: Option<&str>, dialect: Dialect) -> Sql {
    let (mut q, _) = base(coll, filter, search, dialect);
    q.expr(Func::count(Expr::cust("*")));
    finish(&q, dialect)
}

/// Aggregate functions of BunBase's aggregate route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AggregateFn {
    Sum,
    Avg,
    Min,
    Max,
    Count,
}

impl AggregateFn {
    pub fn parse(s: &str) -> Result<AggregateFn> {
        match s.to_ascii_lowercase().as_str() {
            "sum" => Ok(AggregateFn::Sum),
            "avg" => Ok(AggregateFn::Avg),
            "min" => Ok(AggregateFn::Min),
            "max" => Ok(AggregateFn::Max),
            "count" => Ok(AggregateFn::Count),
            _ => Err(Error::bad_request(format!(
                "invalid aggregate function '{s}': use sum, avg, min, max or count"
            ))),
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            AggregateFn::Sum => "sum",
            AggregateFn::Avg => "avg",
            AggregateFn::Min => "min",
            AggregateFn::Max => "max",
            AggregateFn::Count => "count",
        }
    }
}

/// `SELECT [group,] fn(field)` over a checked filter; fields were checked by
/// the caller. Grouped results come ordered by the group key.
pub fn aggregate(
    coll: &Collection,
    func: AggregateFn,
    field: Option<&str>,
    group_by: Option<&str>,
    filter: &Checked,
    dialect: Dialect,
) -> Sql {
    let t = Alias::new(coll.name.as_str());
    let (mut q, _) = base(coll, filter, None, dialect);
    if let Some(g) = group_by {
        q.column((t.clone(), Alias::new(g)));
        q.group_by_col((t.clone(), Alias::new(g)));
        q.order_by((t.clone(), Alias::new(g)), Order::Asc);
    }
    let target = match field {
        Some(f) => Expr::col((t, Alias::new(f))),
        None => Expr::cust("*"),
    };
    let call = match func {
        AggregateFn::Sum => Func::sum(target),
        AggregateFn::Avg => Func::avg(target),
        AggregateFn::Min => Func::min(target),
        AggregateFn::Max => Func::max(target),
        AggregateFn::Count => Func::count(target),
    };
    q.expr(call);
    finish(&q, dialect)
}

/// `WHERE pk = ?` as an expression for reads and writes by id.
pub(crate) fn pk_eq(coll: &Collection, id: &basalt_types::Value) -> Result<Expr> {
    let (pk, _) = coll.pk.as_ref().ok_or_else(|| {
        Error::bad_request(format!(
            "collection '{}' has no single-column primary key",
            coll.name
        ))
    })?;
    Ok(
        Expr::col((Alias::new(coll.name.as_str()), Alias::new(pk.as_str())))
            .eq(Expr::val(crate::to_sea(id))),
    )
}
