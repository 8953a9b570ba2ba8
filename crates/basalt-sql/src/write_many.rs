//! Writes over every row a checked filter selects (PostgREST's PATCH and
//! DELETE on a table): `UPDATE … WHERE filter RETURNING *` and
//! `DELETE … WHERE filter RETURNING *`. The core refuses an empty filter
//! before it gets here; columns were checked by the caller.

use crate::filter::compile_filter;
use crate::finish;
use crate::values::to_sea;
use basalt_catalog::Collection;
use basalt_engine::{Dialect, Sql};
use basalt_query::Checked;
use basalt_types::Value;
use sea_query::{Alias, Expr, Query};

/// `UPDATE … SET … WHERE filter RETURNING *`.
pub fn update_where(
    coll: &Collection,
    values: &[(String, Value)],
    filter: &Checked,
    dialect: Dialect,
) -> Sql {
    let mut q = Query::update();
    q.table(Alias::new(coll.name.as_str()));
    q.values(
        values
            .iter()
            .map(|(c, v)| (Alias::new(c.as_str()), Expr::val(to_sea(v)))),
    );
    q.and_where(compile_filter(&coll.name, filter, dialect));
    q.returning_all();
    finish(&q, dialect)
}

/// `DELETE … WHERE filter RETURNING *`.
pub fn delete_where(coll: &Collection, filter: &Checked, dialect: Dialect) -> Sql {
    let mut q = Query::delete();
    q.from_table(Alias::new(coll.name.as_str()));
    q.and_where(compile_filter(&coll.name, filter, dialect));
    q.returning_all();
    finish(&q, dialect)
}
