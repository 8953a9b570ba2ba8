//! The non-filter parameters of the PostgREST dialect: `select` (columns,
//! `alias:column`, `*`), `order` (`a.desc,b.asc.nullslast`), `columns` (the
//! keys an insert takes), `limit`/`offset` and the `Range: 0-9` request
//! header. Names are plain identifiers (optionally double-quoted), so nothing
//! read here can carry SQL; the core checks them against the catalog. Every
//! failure is a 400 naming the parameter.

use crate::ast::{NullsOrder, OrderKey};
use basalt_types::{Error, Result};

/// The most entries a `select`, `order` or `columns` may list.
const MAX_ENTRIES: usize = 200;
/// The largest offset (SQL takes a signed 64-bit OFFSET).
const MAX_OFFSET: u64 = i64::MAX as u64;

/// One column of a `select`: `column` or `alias:column`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectItem {
    pub column: String,
    /// The key the column is returned under, when renamed.
    pub alias: Option<String>,
}

fn bad(param: &str, detail: impl std::fmt::Display) -> Error {
    Error::bad_request(format!("invalid {param}: {detail}")).with_data("parameter", param)
}

fn show(s: &str) -> String {
    super::postgrest::quote(s)
}

/// `name` or `"name"` as a plain identifier.
fn name(param: &str, raw: &str) -> Result<String> {
    let s = raw
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .unwrap_or(raw);
    let mut chars = s.chars();
    let ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(s.to_string())
    } else {
        Err(bad(param, format!("'{}' is not a column name", show(raw))))
    }
}

/// The trimmed, non-empty comma-separated entries of `input`.
fn entries<'a>(param: &str, input: &'a str) -> Result<Vec<&'a str>> {
    let out: Vec<&str> = input
        .split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect();
    if out.len() > MAX_ENTRIES {
        return Err(bad(param, format!("more than {MAX_ENTRIES} entries")));
    }
    Ok(out)
}

/// `select=…`: `None` for all columns (`*`, or empty), else the columns in
/// order (duplicates kept once). Embedded resources (`author(*)`), casts
/// (`a::text`) and JSON paths (`a->b`) are refused.
pub fn parse_select(input: &str) -> Result<Option<Vec<SelectItem>>> {
    let list = entries("select", input)?;
    if list.is_empty() {
        return Ok(None);
    }
    let mut items: Vec<SelectItem> = Vec::new();
    let mut star = false;
    for entry in list {
        if entry == "*" {
            star = true;
            continue;
        }
        if entry.contains(['(', ')', '>', '!']) || entry.contains("::") {
            return Err(bad(
                "select",
                format!(
                    "'{}': embedded resources, casts and JSON paths are not supported",
                    show(entry)
                ),
            ));
        }
        let item = match entry.split_once(':') {
            Some((alias, column)) => SelectItem {
                column: name("select", column)?,
                alias: Some(name("select", alias)?),
            },
            None => SelectItem {
                column: name("select", entry)?,
                alias: None,
            },
        };
        if !items.contains(&item) {
            items.push(item);
        }
    }
    if star {
        if items.iter().any(|i| i.alias.is_some()) {
            return Err(bad("select", "'*' cannot be combined with aliases"));
        }
        return Ok(None);
    }
    Ok(Some(items))
}

/// `order=a.desc,b.asc.nullslast,c`: each key ascending unless `.desc`;
/// NULLs last when ascending and first when descending (PostgreSQL's
/// default, made explicit so every engine agrees) unless `.nullsfirst` /
/// `.nullslast` says otherwise. A column named again is ignored.
pub fn parse_order(input: &str) -> Result<Vec<OrderKey>> {
    let mut keys: Vec<OrderKey> = Vec::new();
    for entry in entries("order", input)? {
        let mut parts = entry.split('.');
        let field = name("order", parts.next().unwrap_or(""))?;
        let mut descending = None;
        let mut nulls = None;
        for modifier in parts {
            match modifier {
                "asc" if descending.is_none() => descending = Some(false),
                "desc" if descending.is_none() => descending = Some(true),
                "nullsfirst" if nulls.is_none() => nulls = Some(NullsOrder::First),
                "nullslast" if nulls.is_none() => nulls = Some(NullsOrder::Last),
                _ => {
                    return Err(bad(
                        "order",
                        format!(
                            "'{}' (expected column[.asc|.desc][.nullsfirst|.nullslast])",
                            show(entry)
                        ),
                    ))
                }
            }
        }
        let descending = descending.unwrap_or(false);
        let nulls = nulls.unwrap_or(if descending {
            NullsOrder::First
        } else {
            NullsOrder::Last
        });
        if !keys.iter().any(|k| k.field == field) {
            keys.push(OrderKey {
                field,
                descending,
                nulls: Some(nulls),
            });
        }
    }
    Ok(keys)
}

/// `columns="a","b"` (or `a,b`): the keys an insert takes from its body.
pub fn parse_columns(input: &str) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for entry in entries("columns", input)? {
        let n = name("columns", entry)?;
        if !out.contains(&n) {
            out.push(n);
        }
    }
    Ok(out)
}

/// A `limit` or `offset` value: absent or empty is `None`; otherwise ASCII
/// digits only.
pub fn parse_count(param: &str, raw: Option<&str>) -> Result<Option<u64>> {
    let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    if !raw.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad(param, "must be a non-negative integer"));
    }
    raw.parse::<u64>()
        .ok()
        .filter(|n| *n <= MAX_OFFSET)
        .map(Some)
        .ok_or_else(|| bad(param, "is too large"))
}

/// The `Range` request header: `0-9` (first and last row, inclusive) or
/// `10-` (from row 10 on), optionally prefixed by `items=`. Returns the
/// offset and the row count (`None`: no end).
pub fn parse_range(header: &str) -> Result<(u64, Option<u64>)> {
    let bad_range = || {
        Error::bad_request(format!(
            "invalid Range header '{}': expected FIRST-LAST, e.g. 0-9",
            show(header)
        ))
        .with_data("header", "Range")
    };
    let spec = header.trim();
    let spec = spec.strip_prefix("items=").unwrap_or(spec);
    let (first, last) = spec.split_once('-').ok_or_else(bad_range)?;
    let first = parse_count("Range", Some(first))
        .map_err(|_| bad_range())?
        .ok_or_else(bad_range)?;
    match parse_count("Range", Some(last)).map_err(|_| bad_range())? {
        None => Ok((first, None)),
        Some(last) if last >= first => Ok((first, Some(last - first + 1))),
        Some(_) => Err(bad_range()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use basalt_types::ErrorKind;

    fn item(column: &str, alias: Option<&str>) -> SelectItem {
        SelectItem {
            column: column.into(),
            alias: alias.map(String::from),
        }
    }

    fn key(field: &str, descending: bool, nulls: NullsOrder) -> OrderKey {
        OrderKey {
            field: field.into(),
            descending,
            nulls: Some(nulls),
        }
    }

    fn is_bad<T: std::fmt::Debug>(r: Result<T>, param: &str) {
        let e = r.expect_err("should fail");
        assert_eq!(e.kind, ErrorKind::BadRequest);
        assert!(e.message.contains(param), "{}", e.message);
    }

    #[test]
    fn selects() {
        assert_eq!(parse_select("*"), Ok(None));
        assert_eq!(parse_select(""), Ok(None));
        assert_eq!(parse_select("id,*"), Ok(None));
        assert_eq!(
            parse_select("id, title,\"views\",id"),
            Ok(Some(vec![
                item("id", None),
                item("title", None),
                item("views", None)
            ]))
        );
        assert_eq!(
            parse_select("name:title,id"),
            Ok(Some(vec![item("title", Some("name")), item("id", None)]))
        );
        for bad in [
            "author(*)",
            "a::text",
            "data->x",
            "a;drop table x",
            "'a'",
            "a b",
            "*,x:y",
            "a:",
            ":a",
            "a.b",
            "1a",
        ] {
            is_bad(parse_select(bad), "invalid select");
        }
    }

    #[test]
    fn orders() {
        assert_eq!(
            parse_order("a.desc,b.asc.nullsfirst,c,d.nullslast,a.asc"),
            Ok(vec![
                key("a", true, NullsOrder::First),
                key("b", false, NullsOrder::First),
                key("c", false, NullsOrder::Last),
                key("d", false, NullsOrder::Last),
            ])
        );
        assert_eq!(parse_order(""), Ok(vec![]));
        for bad in [
            "a.up",
            "a.desc.asc",
            "a;drop",
            "a.nullsfirst.nullslast",
            ".desc",
            "a..desc",
            "\"a\".desc.x",
        ] {
            is_bad(parse_order(bad), "invalid order");
        }
    }

    #[test]
    fn columns_and_counts() {
        assert_eq!(
            parse_columns("\"a\",\"b\",a"),
            Ok(vec!["a".to_string(), "b".to_string()])
        );
        is_bad(parse_columns("a,\"b c\""), "invalid columns");
        assert_eq!(parse_count("limit", Some("10")), Ok(Some(10)));
        assert_eq!(parse_count("limit", None), Ok(None));
        assert_eq!(parse_count("limit", Some(" ")), Ok(None));
        is_bad(parse_count("limit", Some("-1")), "invalid limit");
        is_bad(parse_count("offset", Some("1e3")), "invalid offset");
        is_bad(
            parse_count("offset", Some("99999999999999999999")),
            "invalid offset",
        );
    }

    #[test]
    fn ranges() {
        assert_eq!(parse_range("0-9"), Ok((0, Some(10))));
        assert_eq!(parse_range("items=5-5"), Ok((5, Some(1))));
        assert_eq!(parse_range("10-"), Ok((10, None)));
        for bad in ["", "9-0", "a-b", "-5", "1", "0-9-10", "items=x"] {
            is_bad(parse_range(bad), "Range");
        }
    }
}
