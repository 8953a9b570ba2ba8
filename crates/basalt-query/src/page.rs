//! The `sort=`, `fields=` and paging parameters of a list request, read
//! into [`SortKey`]s, field names and a [`Page`]. Names are plain
//! identifiers (`[A-Za-z_][A-Za-z0-9_]*`), so nothing read here can carry
//! SQL; the names are checked against the collection's columns later.
//! Every failure is a 400 naming the parameter.

use crate::ast::{Page, SortKey};
use basalt_types::{Error, Result};

/// Rows per page when neither `perPage` nor `limit` is given.
pub const DEFAULT_PER_PAGE: u32 = 20;
/// The largest `perPage` / `limit` accepted.
pub const MAX_PER_PAGE: u32 = 500;

/// The most keys a `sort=` may list.
const MAX_SORT_KEYS: usize = 32;
/// The most names a `fields=` may list.
const MAX_FIELDS: usize = 200;
/// The largest offset (SQL takes a signed 64-bit OFFSET).
const MAX_OFFSET: u64 = i64::MAX as u64;
/// How many characters of a bad entry a message quotes.
const SNIPPET: usize = 64;

fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// An entry as a message quotes it: shortened, control characters escaped.
fn quote(s: &str) -> String {
    let mut out: String = s
        .chars()
        .take(SNIPPET)
        .flat_map(char::escape_debug)
        .collect();
    if s.chars().nth(SNIPPET).is_some() {
        out.push('…');
    }
    out
}

/// The non-empty, trimmed, comma-separated entries of `input`; more than
/// `max` is a 400 `invalid {param}: …`.
fn entries<'a>(input: &'a str, param: &str, max: usize) -> Result<Vec<&'a str>> {
    let mut out = Vec::new();
    for entry in input.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        if out.len() == max {
            return Err(
                Error::bad_request(format!("invalid {param}: more than {max} entries"))
                    .with_data("parameter", param),
            );
        }
        out.push(entry);
    }
    Ok(out)
}

/// `sort=-created_at,+title,views` → keys; empty/whitespace → empty vec.
///
/// A leading `-` sorts descending, `+` (or nothing) ascending. Empty entries
/// are skipped; a field named again is ignored (the first one wins).
pub fn parse_sort(input: &str) -> Result<Vec<SortKey>> {
    let mut keys: Vec<SortKey> = Vec::new();
    for entry in entries(input, "sort", MAX_SORT_KEYS)? {
        let (descending, field) = match entry.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, entry.strip_prefix('+').unwrap_or(entry)),
        };
        if !is_name(field) {
            return Err(Error::bad_request(format!(
                "invalid sort: '{}' is not a field name (expected [-|+]name)",
                quote(entry)
            ))
            .with_data("parameter", "sort"));
        }
        if !keys.iter().any(|k| k.field == field) {
            keys.push(SortKey {
                field: field.to_string(),
                descending,
            });
        }
    }
    Ok(keys)
}

/// `fields=id,title` → names (trimmed, empty entries skipped, duplicates removed keeping first).
pub fn parse_fields(input: &str) -> Result<Vec<String>> {
    let mut names: Vec<String> = Vec::new();
    for entry in entries(input, "fields", MAX_FIELDS)? {
        if !is_name(entry) {
            return Err(Error::bad_request(format!(
                "invalid fields: '{}' is not a field name",
                quote(entry)
            ))
            .with_data("parameter", "fields"));
        }
        if !names.iter().any(|n| n == entry) {
            names.push(entry.to_string());
        }
    }
    Ok(names)
}

/// A 400 naming the paging parameter.
fn bad(param: &str, detail: &str) -> Error {
    Error::bad_request(format!("invalid {param}: {detail}")).with_data("parameter", param)
}

/// A paging value: absent (or empty) is `None`; otherwise only ASCII digits.
fn number(param: &str, raw: Option<&str>) -> Result<Option<u64>> {
    let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    if !raw.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad(param, "must be a non-negative integer"));
    }
    raw.parse::<u64>()
        .map(Some)
        .map_err(|_| bad(param, "is too large"))
}

/// A page size: 1 to [`MAX_PER_PAGE`].
fn size(param: &str, raw: Option<&str>) -> Result<Option<u32>> {
    match number(param, raw)? {
        None => Ok(None),
        Some(n) => u32::try_from(n)
            .ok()
            .filter(|n| (1..=MAX_PER_PAGE).contains(n))
            .map(Some)
            .ok_or_else(|| bad(param, &format!("must be between 1 and {MAX_PER_PAGE}"))),
    }
}

/// Paging from optional raw query values page, perPage, limit, offset.
/// page/perPage (defaults 1 and 20, perPage max 500) or limit/offset (limit max 500, default 20; offset default 0).
/// If limit or offset is given they win; `page` in the result is offset/limit + 1.
/// Non-numeric, negative, zero page/perPage/limit, or perPage/limit > 500 → 400 naming the parameter.
///
/// Every given value is checked, even one that `limit`/`offset` override;
/// an empty value counts as absent.
pub fn parse_page(
    page: Option<&str>,
    per_page: Option<&str>,
    limit: Option<&str>,
    offset: Option<&str>,
) -> Result<Page> {
    let page = match number("page", page)? {
        Some(0) => return Err(bad("page", "must be a positive integer")),
        p => p,
    };
    let per_page = size("perPage", per_page)?;
    let limit = size("limit", limit)?;
    let offset = number("offset", offset)?;
    if offset.is_some_and(|o| o > MAX_OFFSET) {
        return Err(bad("offset", "is too large"));
    }

    if limit.is_some() || offset.is_some() {
        let limit = limit.unwrap_or(DEFAULT_PER_PAGE);
        let offset = offset.unwrap_or(0);
        return Ok(Page {
            limit,
            offset,
            page: offset / u64::from(limit) + 1,
        });
    }

    let page = page.unwrap_or(1);
    let limit = per_page.unwrap_or(DEFAULT_PER_PAGE);
    let offset = page
        .saturating_sub(1)
        .checked_mul(u64::from(limit))
        .filter(|o| *o <= MAX_OFFSET)
        .ok_or_else(|| bad("page", "is too large"))?;
    Ok(Page {
        limit,
        offset,
        page,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use basalt_types::ErrorKind;

    fn key(field: &str, descending: bool) -> SortKey {
        SortKey {
            field: field.into(),
            descending,
        }
    }

    fn bad_message<T: std::fmt::Debug>(r: Result<T>) -> String {
        let e = r.expect_err("should fail");
        assert_eq!(e.kind, ErrorKind::BadRequest);
        e.message
    }

    #[test]
    fn sort_keys() {
        assert_eq!(
            parse_sort("-created_at,+title,views").expect("sort"),
            vec![
                key("created_at", true),
                key("title", false),
                key("views", false)
            ]
        );
        assert_eq!(
            parse_sort(" -a , b ,, _c1,").expect("sort"),
            vec![key("a", true), key("b", false), key("_c1", false)]
        );
        assert_eq!(
            parse_sort("a,-a,b").expect("sort"),
            vec![key("a", false), key("b", false)]
        );
        assert_eq!(parse_sort("").expect("sort"), vec![]);
        assert_eq!(parse_sort("  \t ").expect("sort"), vec![]);
        let many = (0..32)
            .map(|i| format!("f{i}"))
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(parse_sort(&many).expect("sort").len(), 32);
    }

    #[test]
    fn bad_sort() {
        for input in [
            "title; DROP TABLE x",
            "-\"a\"",
            "a--",
            "--a",
            "+-a",
            "-",
            "+",
            "a b",
            "- a",
            "'a'",
            "a)",
            "count(*)",
            "a.b",
            "1a",
            "é",
            "a;",
            "a/**/",
            "@random",
        ] {
            let message = bad_message(parse_sort(input));
            assert!(message.starts_with("invalid sort: "), "{input}: {message}");
        }
        let many = (0..33)
            .map(|i| format!("f{i}"))
            .collect::<Vec<_>>()
            .join(",");
        assert!(bad_message(parse_sort(&many)).starts_with("invalid sort: "));
    }

    #[test]
    fn fields() {
        assert_eq!(
            parse_fields("id,title").expect("fields"),
            vec!["id".to_string(), "title".to_string()]
        );
        assert_eq!(
            parse_fields(" id , ,title,id,, _x ").expect("fields"),
            vec!["id".to_string(), "title".to_string(), "_x".to_string()]
        );
        assert_eq!(parse_fields(" ").expect("fields"), Vec::<String>::new());
        let many = (0..200)
            .map(|i| format!("f{i}"))
            .collect::<Vec<_>>()
            .join(",");
        assert_eq!(parse_fields(&many).expect("fields").len(), 200);
    }

    #[test]
    fn bad_fields() {
        for input in [
            "title; DROP TABLE x",
            "\"a\"",
            "a--",
            "-a",
            "a b",
            "*",
            "id,(select 1)",
            "a.b",
            "9",
            "a'",
        ] {
            let message = bad_message(parse_fields(input));
            assert!(
                message.starts_with("invalid fields: "),
                "{input}: {message}"
            );
        }
        let many = (0..201)
            .map(|i| format!("f{i}"))
            .collect::<Vec<_>>()
            .join(",");
        assert!(bad_message(parse_fields(&many)).starts_with("invalid fields: "));
        let long = "x".repeat(1000) + ";";
        assert!(bad_message(parse_fields(&long)).len() < 200);
    }

    fn page(
        page: Option<&str>,
        per_page: Option<&str>,
        limit: Option<&str>,
        offset: Option<&str>,
    ) -> Page {
        parse_page(page, per_page, limit, offset).expect("page")
    }

    fn window(limit: u32, offset: u64, page: u64) -> Page {
        Page {
            limit,
            offset,
            page,
        }
    }

    #[test]
    fn paging() {
        assert_eq!(page(None, None, None, None), window(20, 0, 1));
        assert_eq!(page(Some("3"), Some("10"), None, None), window(10, 20, 3));
        assert_eq!(page(Some("2"), None, None, None), window(20, 20, 2));
        assert_eq!(page(None, Some("500"), None, None), window(500, 0, 1));
        assert_eq!(page(None, None, Some("10"), Some("25")), window(10, 25, 3));
        assert_eq!(page(None, None, Some("10"), None), window(10, 0, 1));
        assert_eq!(page(None, None, None, Some("40")), window(20, 40, 3));
        assert_eq!(page(None, None, Some("1"), Some("0")), window(1, 0, 1));
        // limit/offset win over page/perPage.
        assert_eq!(
            page(Some("5"), Some("7"), Some("10"), Some("30")),
            window(10, 30, 4)
        );
        // Empty values count as absent.
        assert_eq!(page(Some(""), Some(" "), None, None), window(20, 0, 1));
    }

    #[test]
    fn bad_paging() {
        type Case<'a> = (
            Option<&'a str>,
            Option<&'a str>,
            Option<&'a str>,
            Option<&'a str>,
        );
        let cases: [(Case, &str); 17] = [
            ((Some("0"), None, None, None), "page"),
            ((Some("-1"), None, None, None), "page"),
            ((Some("abc"), None, None, None), "page"),
            ((Some("1.5"), None, None, None), "page"),
            ((Some("+2"), None, None, None), "page"),
            ((Some("1; DROP TABLE x"), None, None, None), "page"),
            ((Some("99999999999999999999999"), None, None, None), "page"),
            (
                (Some("18446744073709551615"), Some("500"), None, None),
                "page",
            ),
            ((None, Some("0"), None, None), "perPage"),
            ((None, Some("501"), None, None), "perPage"),
            ((None, Some("-5"), None, None), "perPage"),
            ((None, None, Some("0"), None), "limit"),
            ((None, None, Some("501"), None), "limit"),
            ((None, None, Some("x"), None), "limit"),
            ((None, None, None, Some("-1")), "offset"),
            ((None, None, None, Some("9223372036854775808")), "offset"),
            ((Some("x"), None, Some("10"), None), "page"),
        ];
        for ((p, pp, l, o), param) in cases {
            let message = bad_message(parse_page(p, pp, l, o));
            assert!(
                message.starts_with(&format!("invalid {param}: ")),
                "{p:?} {pp:?} {l:?} {o:?}: {message}"
            );
        }
    }
}
