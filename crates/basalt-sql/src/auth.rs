//! Statements of the auth services: rows of Basalt's own auth tables
//! (`_basalt_sessions`, `_basalt_refresh_tokens`, `_basalt_api_keys`,
//! `_basalt_auth_tokens`, `_basalt_login_attempts`, `_basalt_2fa_challenges`,
//! `_basalt_oauth_states`, `_basalt_oauth_identities`) and the server-only
//! columns of auth collections (password hash, 2FA secret). Table and column
//! names are constants of the core or come from the catalog; every value is
//! bound.

use crate::finish;
use crate::values::to_sea;
use basalt_engine::{Dialect, Sql};
use basalt_types::{Error, Result, Value};
use sea_query::{Alias, Cond, Expr, ExprTrait, Func, OnConflict, Order, Query};

/// One condition of an auth statement, ANDed with the others.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthCond {
    /// `column = value`.
    Eq(&'static str, Value),
    /// `column <> value`.
    Ne(&'static str, Value),
    /// `LOWER(column) = value` (the value is compared as given).
    LowerEq(&'static str, String),
    /// `column IS NULL`.
    IsNull(&'static str),
    /// `column < value`.
    Lt(&'static str, Value),
    /// `column > value`.
    Gt(&'static str, Value),
    /// `column < value OR other IS NOT NULL` (expired or revoked rows).
    LtOrNotNull(&'static str, Value, &'static str),
}

fn condition(conds: &[AuthCond]) -> Cond {
    let mut all = Cond::all();
    for c in conds {
        all = match c {
            AuthCond::Eq(col, v) => all.add(Expr::col(Alias::new(*col)).eq(Expr::val(to_sea(v)))),
            AuthCond::Ne(col, v) => all.add(Expr::col(Alias::new(*col)).ne(Expr::val(to_sea(v)))),
            AuthCond::LowerEq(col, v) => all.add(
                Expr::expr(Func::lower(Expr::col(Alias::new(*col)))).eq(Expr::val(v.as_str())),
            ),
            AuthCond::IsNull(col) => all.add(Expr::col(Alias::new(*col)).is_null()),
            AuthCond::Lt(col, v) => all.add(Expr::col(Alias::new(*col)).lt(Expr::val(to_sea(v)))),
            AuthCond::Gt(col, v) => all.add(Expr::col(Alias::new(*col)).gt(Expr::val(to_sea(v)))),
            AuthCond::LtOrNotNull(col, v, other) => all.add(
                Cond::any()
                    .add(Expr::col(Alias::new(*col)).lt(Expr::val(to_sea(v))))
                    .add(Expr::col(Alias::new(*other)).is_not_null()),
            ),
        };
    }
    all
}

/// `INSERT INTO table (…) VALUES (…)`.
pub fn auth_insert(table: &str, values: &[(&str, Value)], dialect: Dialect) -> Result<Sql> {
    let mut q = Query::insert();
    q.into_table(Alias::new(table))
        .columns(values.iter().map(|(c, _)| Alias::new(*c)));
    q.values(values.iter().map(|(_, v)| Expr::val(to_sea(v))))
        .map_err(|e| Error::internal(e.to_string()))?;
    Ok(finish(&q, dialect))
}

/// `INSERT … ON CONFLICT (key) DO UPDATE SET` every other column.
pub fn auth_upsert(
    table: &str,
    key: &str,
    values: &[(&str, Value)],
    dialect: Dialect,
) -> Result<Sql> {
    let mut q = Query::insert();
    q.into_table(Alias::new(table))
        .columns(values.iter().map(|(c, _)| Alias::new(*c)));
    q.values(values.iter().map(|(_, v)| Expr::val(to_sea(v))))
        .map_err(|e| Error::internal(e.to_string()))?;
    let others: Vec<Alias> = values
        .iter()
        .filter(|(c, _)| *c != key)
        .map(|(c, _)| Alias::new(*c))
        .collect();
    q.on_conflict(
        OnConflict::column(Alias::new(key))
            .update_columns(others)
            .to_owned(),
    );
    Ok(finish(&q, dialect))
}

/// `SELECT columns FROM table WHERE conds [ORDER BY order DESC] [LIMIT n]`.
pub fn auth_select(
    table: &str,
    columns: &[&str],
    conds: &[AuthCond],
    newest_first_by: Option<&str>,
    limit: Option<u64>,
    dialect: Dialect,
) -> Sql {
    let mut q = Query::select();
    q.from(Alias::new(table));
    for c in columns {
        q.column(Alias::new(*c));
    }
    q.cond_where(condition(conds));
    if let Some(col) = newest_first_by {
        q.order_by(Alias::new(col), Order::Desc);
    }
    if let Some(n) = limit {
        q.limit(n);
    }
    finish(&q, dialect)
}

/// `SELECT COUNT(*) FROM table WHERE conds`.
pub fn auth_count(table: &str, conds: &[AuthCond], dialect: Dialect) -> Sql {
    let mut q = Query::select();
    q.from(Alias::new(table))
        .expr(Func::count(Expr::col(sea_query::Asterisk)))
        .cond_where(condition(conds));
    finish(&q, dialect)
}

/// `UPDATE table SET … WHERE conds`.
pub fn auth_update(
    table: &str,
    values: &[(&str, Value)],
    conds: &[AuthCond],
    dialect: Dialect,
) -> Sql {
    let mut q = Query::update();
    q.table(Alias::new(table))
        .values(
            values
                .iter()
                .map(|(c, v)| (Alias::new(*c), Expr::val(to_sea(v)))),
        )
        .cond_where(condition(conds));
    finish(&q, dialect)
}

/// `DELETE FROM table WHERE conds`.
pub fn auth_delete(table: &str, conds: &[AuthCond], dialect: Dialect) -> Sql {
    let mut q = Query::delete();
    q.from_table(Alias::new(table)).cond_where(condition(conds));
    finish(&q, dialect)
}

/// `DELETE FROM table WHERE column IN (SELECT sub_col FROM sub WHERE conds)`:
/// the refresh tokens of expired sessions and the like.
pub fn auth_delete_in(
    table: &str,
    column: &str,
    sub: &str,
    sub_column: &str,
    conds: &[AuthCond],
    dialect: Dialect,
) -> Sql {
    let mut inner = Query::select();
    inner
        .column(Alias::new(sub_column))
        .from(Alias::new(sub))
        .cond_where(condition(conds));
    let mut q = Query::delete();
    q.from_table(Alias::new(table))
        .and_where(Expr::col(Alias::new(column)).in_subquery(inner));
    finish(&q, dialect)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_bound() {
        let sql = auth_select(
            "_basalt_sessions",
            &["id", "user_id"],
            &[
                AuthCond::Eq("id", Value::Text("x'; DROP TABLE t; --".into())),
                AuthCond::IsNull("revoked_at"),
                AuthCond::Gt("expires_at", Value::Int(5)),
            ],
            None,
            Some(1),
            Dialect::Postgres,
        );
        assert!(!sql.text.contains("DROP"), "{}", sql.text);
        assert_eq!(sql.params.len(), 3);
        let up = auth_upsert(
            "_basalt_login_attempts",
            "identity",
            &[
                ("identity", Value::Text("a".into())),
                ("failures", Value::Int(1)),
            ],
            Dialect::Sqlite,
        )
        .unwrap_or_else(|e| Sql::raw(e.message));
        assert!(up.text.contains("ON CONFLICT"), "{}", up.text);
        let lower = auth_select(
            "users",
            &["id"],
            &[AuthCond::LowerEq("email", "a@b.c".into())],
            None,
            None,
            Dialect::Sqlite,
        );
        assert!(lower.text.contains("LOWER"), "{}", lower.text);
    }
}
