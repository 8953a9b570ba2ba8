//! The one filter compiler: a checked [`Filter`] becomes a sea-query
//! expression with every literal bound. Comparisons between two literals
//! (what bound rules often reduce to) are folded here, so no engine has to
//! guess the type of a bare parameter.
//!
//! Pattern operators: `~`/`!~` ([`CmpOp::Like`]) is a case-insensitive
//! contains. PostgREST's `like` ([`CmpOp::PatternLike`]) is case-sensitive
//! on both engines (SQLite: `GLOB` with the pattern translated; PostgreSQL:
//! `LIKE`) and `ilike` ([`CmpOp::PatternILike`]) is not (SQLite: `LIKE …
//! ESCAPE '\'`, ASCII case; PostgreSQL: `ILIKE`); see [`crate::like`].

use crate::like;
use basalt_engine::Dialect;
use basalt_query::{Checked, CmpOp, Filter, Literal, Operand};
use sea_query::{Alias, Expr, ExprTrait, Value as Sea};
use std::cmp::Ordering;

/// Compiles a checked filter over `table` into an expression.
pub fn compile_filter(table: &str, filter: &Checked, dialect: Dialect) -> Expr {
    compile(table, filter.filter(), dialect)
}

fn constant(b: bool) -> Expr {
    Expr::cust(if b { "1=1" } else { "1=0" })
}

fn col(table: &str, name: &str) -> Expr {
    Expr::col((Alias::new(table), Alias::new(name)))
}

fn lit(l: &Literal) -> Expr {
    Expr::val(match l {
        Literal::Null => Sea::String(None),
        Literal::Bool(b) => Sea::Bool(Some(*b)),
        Literal::Int(i) => Sea::BigInt(Some(*i)),
        Literal::Float(f) => Sea::Double(Some(*f)),
        Literal::Text(s) => Sea::String(Some(s.clone())),
    })
}

fn operand(table: &str, o: &Operand) -> Expr {
    match o {
        Operand::Field(f) => col(table, f),
        Operand::Literal(l) => lit(l),
        // `check` refuses unbound operands, so these never reach here; compile
        // them as NULL to stay total.
        Operand::Auth(_) | Operand::Body(_) => Expr::val(Sea::String(None)),
    }
}

fn like_pattern(l: &Operand) -> Option<String> {
    match l {
        Operand::Literal(Literal::Text(s)) if s.contains('%') => Some(s.clone()),
        Operand::Literal(Literal::Text(s)) => Some(format!("%{s}%")),
        Operand::Literal(Literal::Int(i)) => Some(format!("%{i}%")),
        Operand::Literal(Literal::Float(f)) => Some(format!("%{f}%")),
        _ => None,
    }
}

fn compile(table: &str, f: &Filter, dialect: Dialect) -> Expr {
    match f {
        Filter::Const(b) => constant(*b),
        Filter::And(v) => v
            .iter()
            .map(|f| compile(table, f, dialect))
            .reduce(|a, b| a.and(b))
            .unwrap_or_else(|| constant(true)),
        Filter::Or(v) => v
            .iter()
            .map(|f| compile(table, f, dialect))
            .reduce(|a, b| a.or(b))
            .unwrap_or_else(|| constant(false)),
        Filter::Not(f) => compile(table, f, dialect).not(),
        Filter::IsNull {
            operand: o,
            negated,
        } => match o {
            Operand::Literal(l) => constant((*l == Literal::Null) != *negated),
            o if *negated => operand(table, o).is_not_null(),
            o => operand(table, o).is_null(),
        },
        Filter::In {
            operand: o,
            values,
            negated,
        } => {
            if let Operand::Literal(l) = o {
                let found = values.iter().any(|v| fold(l, CmpOp::Eq, v) == Some(true));
                return constant(found != *negated);
            }
            let vals: Vec<Expr> = values.iter().map(lit).collect();
            if vals.is_empty() {
                return constant(*negated);
            }
            if *negated {
                operand(table, o).is_not_in(vals)
            } else {
                operand(table, o).is_in(vals)
            }
        }
        Filter::Compare { left, op, right } => compare(table, left, *op, right, dialect),
    }
}

fn compare(table: &str, left: &Operand, op: CmpOp, right: &Operand, dialect: Dialect) -> Expr {
    // Null on either side of = / != means IS [NOT] NULL.
    let is_null = |o: &Operand| matches!(o, Operand::Literal(Literal::Null));
    if is_null(left) || is_null(right) {
        let other = if is_null(left) { right } else { left };
        return match (op, other) {
            (CmpOp::Eq, Operand::Literal(l)) => constant(*l == Literal::Null),
            (CmpOp::Ne, Operand::Literal(l)) => constant(*l != Literal::Null),
            (CmpOp::Eq, o) => operand(table, o).is_null(),
            (CmpOp::Ne, o) => operand(table, o).is_not_null(),
            _ => constant(false),
        };
    }
    if let (Operand::Literal(a), Operand::Literal(b)) = (left, right) {
        return constant(fold(a, op, b).unwrap_or(false));
    }
    let l = operand(table, left);
    match op {
        CmpOp::Eq => l.eq(operand(table, right)),
        CmpOp::Ne => l.ne(operand(table, right)),
        CmpOp::Gt => l.gt(operand(table, right)),
        CmpOp::Ge => l.gte(operand(table, right)),
        CmpOp::Lt => l.lt(operand(table, right)),
        CmpOp::Le => l.lte(operand(table, right)),
        CmpOp::PatternLike | CmpOp::PatternILike => {
            pattern_like(table, l, right, op == CmpOp::PatternILike, dialect)
        }
        CmpOp::Like | CmpOp::NotLike => {
            let pattern = match like_pattern(right) {
                Some(p) => Expr::val(p),
                None => operand(table, right),
            };
            let text = match dialect {
                Dialect::Sqlite => l,
                Dialect::Postgres => Expr::cust_with_exprs("CAST($1 AS TEXT)", [l]),
            };
            let like = match dialect {
                Dialect::Sqlite => text.binary(sea_query::BinOper::Like, pattern),
                Dialect::Postgres => text.binary(sea_query::BinOper::Custom("ILIKE"), pattern),
            };
            if op == CmpOp::NotLike {
                like.not()
            } else {
                like
            }
        }
    }
}

/// `text LIKE pattern` with the pattern as given (see [`crate::like`]);
/// `fold_case` for ILIKE. A pattern that is a column (no parser writes one)
/// is used as it stands, as a case-insensitive LIKE on SQLite.
fn pattern_like(
    table: &str,
    text: Expr,
    pattern: &Operand,
    fold_case: bool,
    dialect: Dialect,
) -> Expr {
    let Some(p) = literal_text(pattern) else {
        let p = operand(table, pattern);
        return match dialect {
            // SQLite's placeholder in custom expressions is `?`, PostgreSQL's `$n`.
            Dialect::Sqlite => Expr::cust_with_exprs("? LIKE ?", [text, p]),
            Dialect::Postgres if fold_case => {
                Expr::cust_with_exprs("CAST($1 AS TEXT) ILIKE CAST($2 AS TEXT)", [text, p])
            }
            Dialect::Postgres => {
                Expr::cust_with_exprs("CAST($1 AS TEXT) LIKE CAST($2 AS TEXT)", [text, p])
            }
        };
    };
    match (dialect, fold_case) {
        (Dialect::Sqlite, false) => {
            Expr::cust_with_exprs("? GLOB ?", [text, Expr::val(like::glob(&p))])
        }
        (Dialect::Sqlite, true) => Expr::cust_with_exprs(
            "? LIKE ? ESCAPE '\\'",
            [text, Expr::val(like::like_escaped(&p))],
        ),
        (Dialect::Postgres, false) => Expr::cust_with_exprs(
            "CAST($1 AS TEXT) LIKE $2",
            [text, Expr::val(like::like_escaped(&p))],
        ),
        (Dialect::Postgres, true) => Expr::cust_with_exprs(
            "CAST($1 AS TEXT) ILIKE $2",
            [text, Expr::val(like::like_escaped(&p))],
        ),
    }
}

/// A literal operand as the text a pattern comparison sees.
fn literal_text(o: &Operand) -> Option<String> {
    match o {
        Operand::Literal(Literal::Text(s)) => Some(s.clone()),
        Operand::Literal(Literal::Int(i)) => Some(i.to_string()),
        Operand::Literal(Literal::Float(f)) => Some(f.to_string()),
        _ => None,
    }
}

/// Evaluates `a op b` for two literals; `None` when they cannot be compared.
fn fold(a: &Literal, op: CmpOp, b: &Literal) -> Option<bool> {
    if matches!(op, CmpOp::PatternLike | CmpOp::PatternILike) {
        let text = literal_text(&Operand::Literal(a.clone()))?;
        let pattern = literal_text(&Operand::Literal(b.clone()))?;
        return Some(like::matches(&text, &pattern, op == CmpOp::PatternILike));
    }
    let ord = match (a, b) {
        (Literal::Text(x), Literal::Text(y)) => {
            if matches!(op, CmpOp::Like | CmpOp::NotLike) {
                let found = x
                    .to_lowercase()
                    .contains(&y.trim_matches('%').to_lowercase());
                return Some(found == (op == CmpOp::Like));
            }
            x.cmp(y)
        }
        (Literal::Bool(x), Literal::Bool(y)) => x.cmp(y),
        (Literal::Int(x), Literal::Int(y)) => x.cmp(y),
        (Literal::Int(_) | Literal::Float(_), Literal::Int(_) | Literal::Float(_)) => {
            num(a)?.partial_cmp(&num(b)?)?
        }
        _ => return Some(op == CmpOp::Ne),
    };
    Some(match op {
        CmpOp::Eq => ord == Ordering::Equal,
        CmpOp::Ne => ord != Ordering::Equal,
        CmpOp::Gt => ord == Ordering::Greater,
        CmpOp::Ge => ord != Ordering::Less,
        CmpOp::Lt => ord == Ordering::Less,
        CmpOp::Le => ord != Ordering::Greater,
        CmpOp::Like | CmpOp::PatternLike | CmpOp::PatternILike => ord == Ordering::Equal,
        CmpOp::NotLike => ord != Ordering::Equal,
    })
}

fn num(l: &Literal) -> Option<f64> {
    match l {
        Literal::Int(i) => Some(*i as f64),
        Literal::Float(f) => Some(*f),
        _ => None,
    }
}

#[cfg(test)]
#[path = "filter_tests.rs"]
mod tests;
