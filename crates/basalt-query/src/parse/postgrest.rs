//! The PostgREST filter dialect of the Fluxbase surface: every query
//! parameter that is not reserved (`select`, `columns`, `order`, `limit`,
//! `offset`, `on_conflict`) is a column filter, and `or=`/`and=` (also
//! `not.or=`/`not.and=`) are logic trees. Both spellings work:
//!
//! ```text
//! ?age=gt.18                 native PostgREST: column = [not.]op.value
//! ?age.gt=18                 Fluxbase's docs: column.[not.]op = value
//! ?deleted_at.is.null        the whole expression in the key
//! ?or=(a.eq.1,b.gt.2,and(c.lt.3,d.is.null))
//! ```
//!
//! Operators: `eq`, `neq`, `gt`, `gte`, `lt`, `lte`, `like`, `ilike` (`*`
//! is a synonym of `%`), `in.(a,"b,c")`, `is.null|not.null|true|false|unknown`,
//! `isdistinct`, and the quantified forms `eq(any).{a,b}`, `like(all).{…}`
//! and so on. Values are text as PostgREST passes them; the core types them
//! by their column before compiling. Every failure is a 400 `invalid filter: …`.

use super::postgrest_list::{list, split_top, unquote};
use crate::ast::{CmpOp, Filter, Literal, Operand};
use basalt_types::{Error, Result};

/// Query parameters that are never column filters.
pub const POSTGREST_RESERVED: [&str; 6] = [
    "select",
    "columns",
    "order",
    "limit",
    "offset",
    "on_conflict",
];

/// The most filter parameters one request may carry.
const MAX_PARAMS: usize = 100;
/// The longest key plus value of one filter parameter, in bytes.
const MAX_LEN: usize = 8192;
/// The deepest nesting of logic trees.
const MAX_DEPTH: usize = 32;

/// A 400 `invalid filter: {detail}`.
pub(super) fn err(detail: impl std::fmt::Display) -> Error {
    Error::bad_request(format!("invalid filter: {detail}"))
}

/// `s` shortened for a message, control characters escaped.
pub(super) fn quote(s: &str) -> String {
    let mut out: String = s.chars().take(48).flat_map(char::escape_debug).collect();
    if s.chars().nth(48).is_some() {
        out.push('…');
    }
    out
}

/// True for a parameter that is never a column filter.
pub fn is_postgrest_reserved(key: &str) -> bool {
    POSTGREST_RESERVED.contains(&key)
}

/// Parses every column filter and logic tree of a query string into one
/// filter (ANDed, in order); `Filter::Const(true)` when there is none.
/// Reserved parameters are skipped.
pub fn parse_postgrest_filter(params: &[(String, String)]) -> Result<Filter> {
    let mut parts = Vec::new();
    for (key, value) in params.iter().filter(|(k, _)| !is_postgrest_reserved(k)) {
        if parts.len() == MAX_PARAMS {
            return Err(err(format!("more than {MAX_PARAMS} filters")));
        }
        if key.len() + value.len() > MAX_LEN {
            return Err(err(format!(
                "the filter on '{}' is too long (at most {MAX_LEN} bytes)",
                quote(key)
            )));
        }
        parts.push(param(key, value)?);
    }
    Ok(parts.into_iter().fold(Filter::Const(true), Filter::and))
}

/// One query parameter as a filter.
fn param(key: &str, value: &str) -> Result<Filter> {
    match key {
        "or" => logic(value, false, 0),
        "and" => logic(value, true, 0),
        "not.or" => Ok(Filter::Not(Box::new(logic(value, false, 0)?))),
        "not.and" => Ok(Filter::Not(Box::new(logic(value, true, 0)?))),
        _ => {
            let (column, expr) = match key.split_once('.') {
                // `?deleted_at.is.null`: the whole expression is in the key.
                Some((col, rest)) if value.is_empty() && rest.contains('.') => {
                    (col, rest.to_string())
                }
                Some((col, rest)) => (col, format!("{rest}.{value}")),
                None => (key, value.to_string()),
            };
            column_expr(column_name(column)?, &expr, false)
        }
    }
}

/// A column name: `[A-Za-z_][A-Za-z0-9_]*`.
fn column_name(s: &str) -> Result<&str> {
    let mut chars = s.chars();
    let ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(s)
    } else {
        Err(err(format!("'{}' is not a column name", quote(s))).with_data("field", quote(s)))
    }
}

/// `(item,item,…)` of an `or`/`and` tree: each item a `column.[not.]op.value`
/// or a nested `[not.]and(…)`/`[not.]or(…)`.
fn logic(value: &str, all: bool, depth: usize) -> Result<Filter> {
    if depth >= MAX_DEPTH {
        return Err(err(format!(
            "logic trees nested too deeply (at most {MAX_DEPTH} levels)"
        )));
    }
    let inner = value
        .strip_prefix('(')
        .and_then(|v| v.strip_suffix(')'))
        .ok_or_else(|| {
            err(format!(
                "expected a parenthesised list like (a.eq.1,b.gt.2), found '{}'",
                quote(value)
            ))
        })?;
    let items = split_top(inner).map_err(err)?;
    if items.iter().all(|i| i.trim().is_empty()) {
        return Err(err("empty logic tree"));
    }
    let mut terms = Vec::with_capacity(items.len());
    for item in items {
        terms.push(tree_item(item, depth)?);
    }
    Ok(if all {
        Filter::And(terms)
    } else {
        Filter::Or(terms)
    })
}

fn tree_item(item: &str, depth: usize) -> Result<Filter> {
    let (negated, rest) = match item.strip_prefix("not.") {
        Some(r) if r.starts_with("and(") || r.starts_with("or(") => (true, r),
        _ => (false, item),
    };
    let nested = if let Some(v) = rest.strip_prefix("and") {
        v.starts_with('(').then(|| logic(v, true, depth + 1))
    } else if let Some(v) = rest.strip_prefix("or") {
        v.starts_with('(').then(|| logic(v, false, depth + 1))
    } else {
        None
    };
    match nested {
        Some(f) => {
            let f = f?;
            Ok(if negated { Filter::Not(Box::new(f)) } else { f })
        }
        None => {
            let (column, expr) = item.split_once('.').ok_or_else(|| {
                err(format!(
                    "expected column.operator.value, found '{}'",
                    quote(item)
                ))
            })?;
            column_expr(column_name(column)?, expr, true)
        }
    }
}

/// `[not.]op.value` on `column`; `in_tree` values may be double-quoted.
fn column_expr(column: &str, expr: &str, in_tree: bool) -> Result<Filter> {
    let (negated, rest) = match expr.strip_prefix("not.") {
        Some(r) => (true, r),
        None => (false, expr),
    };
    let (op, value) = rest.split_once('.').ok_or_else(|| {
        err(format!(
            "expected operator.value for '{column}', found '{}'",
            quote(expr)
        ))
    })?;
    let f = operator(column, op, value, in_tree)?;
    Ok(if negated { Filter::Not(Box::new(f)) } else { f })
}

fn field(column: &str) -> Operand {
    Operand::Field(column.to_string())
}

fn text(v: impl Into<String>) -> Operand {
    Operand::Literal(Literal::Text(v.into()))
}

/// The comparison operator of a PostgREST operator name, with `like`
/// patterns' `*` read as `%`.
fn cmp_op(op: &str) -> Option<CmpOp> {
    Some(match op {
        "eq" => CmpOp::Eq,
        "neq" => CmpOp::Ne,
        "gt" => CmpOp::Gt,
        "gte" => CmpOp::Ge,
        "lt" => CmpOp::Lt,
        "lte" => CmpOp::Le,
        "like" => CmpOp::PatternLike,
        "ilike" => CmpOp::PatternILike,
        _ => return None,
    })
}

fn compare(column: &str, op: CmpOp, value: &str) -> Filter {
    let value = match op {
        CmpOp::PatternLike | CmpOp::PatternILike => value.replace('*', "%"),
        _ => value.to_string(),
    };
    Filter::Compare {
        left: field(column),
        op,
        right: text(value),
    }
}

fn operator(column: &str, op: &str, value: &str, in_tree: bool) -> Result<Filter> {
    let single = |v: &str| -> Result<String> {
        if in_tree {
            unquote(v).map_err(err)
        } else {
            Ok(v.to_string())
        }
    };
    // `eq(any).{a,b}`, `like(all).{…}`.
    let quantified = op
        .strip_suffix("(any)")
        .map(|b| (b, false))
        .or_else(|| op.strip_suffix("(all)").map(|b| (b, true)));
    if let Some((base, all)) = quantified {
        let cmp = cmp_op(base).ok_or_else(|| {
            err(format!(
                "operator '{}' takes no (any)/(all) quantifier",
                quote(base)
            ))
        })?;
        let values = list(value, '{', '}').map_err(err)?;
        if values.is_empty() {
            return Err(err(format!("empty list for '{column}'")));
        }
        let terms = values.iter().map(|v| compare(column, cmp, v)).collect();
        return Ok(if all {
            Filter::And(terms)
        } else {
            Filter::Or(terms)
        });
    }
    if let Some(cmp) = cmp_op(op) {
        return Ok(compare(column, cmp, &single(value)?));
    }
    match op {
        "in" => Ok(Filter::In {
            operand: field(column),
            values: list(value, '(', ')')
                .map_err(err)?
                .into_iter()
                .map(Literal::Text)
                .collect(),
            negated: false,
        }),
        "is" => is(column, value),
        // `a IS DISTINCT FROM v`: a differs from v, or a is null.
        "isdistinct" => Ok(Filter::Or(vec![
            compare(column, CmpOp::Ne, &single(value)?),
            Filter::IsNull {
                operand: field(column),
                negated: false,
            },
        ])),
        "fts" | "plfts" | "phfts" | "wfts" | "cs" | "cd" | "ov" | "sl" | "sr" | "nxr" | "nxl"
        | "adj" | "match" | "imatch" => Err(err(format!(
            "operator '{op}' is not supported (use eq, neq, gt, gte, lt, lte, like, ilike, in, is, isdistinct)"
        ))),
        _ => Err(err(format!(
            "unknown operator '{}' for '{column}'",
            quote(op)
        ))),
    }
}

/// `is.null`, `is.not.null` (also `not_null`), `is.true`, `is.false`,
/// `is.unknown`.
fn is(column: &str, value: &str) -> Result<Filter> {
    let is_null = |negated| Filter::IsNull {
        operand: field(column),
        negated,
    };
    // `IS TRUE` is false for NULL, so `not.is.true` keeps NULL rows.
    let is_bool = |b| {
        Filter::And(vec![
            is_null(true),
            Filter::Compare {
                left: field(column),
                op: CmpOp::Eq,
                right: Operand::Literal(Literal::Bool(b)),
            },
        ])
    };
    match value.to_ascii_lowercase().as_str() {
        "null" | "unknown" => Ok(is_null(false)),
        "not.null" | "not_null" => Ok(is_null(true)),
        "true" => Ok(is_bool(true)),
        "false" => Ok(is_bool(false)),
        _ => Err(err(format!(
            "'is' takes null, not.null, true, false or unknown, found '{}'",
            quote(value)
        ))),
    }
}

#[cfg(test)]
#[path = "postgrest_tests.rs"]
mod tests;
