//! Writes: insert, update and delete of records, each returning the rows it
//! touched (`RETURNING`), guarded by the primary key and a checked filter.

use crate::filter::compile_filter;
use crate::finish;
use crate::select::pk_eq;
use crate::values::to_sea;
use basalt_catalog::Collection;
use basalt_engine::{Dialect, Sql};
use basalt_query::Checked;
use basalt_types::{Result, Value};
use sea_query::{Alias, Expr, Query};

/// `INSERT … RETURNING *` of one record; columns were checked by the caller.
pub fn insert(coll: &Collection, values: &[(String, Value)], dialect: Dialect) -> Result<Sql> {
    let mut q = Query::insert();
    q.into_table(Alias::new(coll.name.as_str()));
    if values.is_empty() {
        q.or_default_values();
    } else {
        q.columns(values.iter().map(|(c, _)| Alias::new(c.as_str())));
        q.values(values.iter().map(|(_, v)| Expr::val(to_sea(v))))
            .map_err(|e| basalt_types::Error::internal(e.to_string()))?;
    }
    q.returning_all();
    Ok(finish(&q, dialect))
}

/// `UPDATE … SET … WHERE pk = ? AND filter RETURNING *`.
pub fn update(
    coll: &Collection,
    id: &Value,
    values: &[(String, Value)],
    filter: &Checked,
    dialect: Dialect,
) -> Result<Sql> {
    let mut q = Query::update();
    q.table(Alias::new(coll.name.as_str()));
    q.values(
        values
            .iter()
            .map(|(c, v)| (Alias::new(c.as_str()), Expr::val(to_sea(v)))),
    );
    q.and_where(pk_eq(coll, id)?);
    q.and_where(compile_filter(&coll.name, filter, dialect));
    q.returning_all();
    Ok(finish(&q, dialect))
}

/// `DELETE … WHERE pk = ? AND filter RETURNING *`.
pub fn delete(coll: &Collection, id: &Value, filter: &Checked, dialect: Dialect) -> Result<Sql> {
    let mut q = Query::delete();
    q.from_table(Alias::new(coll.name.as_str()));
    q.and_where(pk_eq(coll, id)?);
    q.and_where(compile_filter(&coll.name, filter, dialect));
    q.returning_all();
    Ok(finish(&q, dialect))
}
