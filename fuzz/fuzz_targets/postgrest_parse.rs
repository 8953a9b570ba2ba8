//! Any query string given to the PostgREST dialect (Fluxbase's tables)
//! either parses or is a 400: the filters and logic trees, and `select`,
//! `order`, `columns`, `limit`/`offset` and the `Range` header.
#![no_main]

use basalt_query::parse::{
    parse_columns, parse_count, parse_order, parse_postgrest_filter, parse_range, parse_select,
};
use basalt_types::ErrorKind;
use libfuzzer_sys::fuzz_target;

/// `a=b&c=d` split as a query string (no percent-decoding needed: every
/// byte sequence is already a possible decoded value).
fn pairs(input: &str) -> Vec<(String, String)> {
    input
        .split('&')
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (p.to_string(), String::new()),
        })
        .collect()
}

fn is_400<T>(r: basalt_types::Result<T>) {
    if let Err(e) = r {
        assert_eq!(e.kind, ErrorKind::BadRequest, "{}", e.message);
    }
}

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let params = pairs(&input);
    is_400(parse_postgrest_filter(&params));
    for (key, value) in &params {
        match key.as_str() {
            "select" => is_400(parse_select(value)),
            "order" => is_400(parse_order(value)),
            "columns" => is_400(parse_columns(value)),
            "limit" | "offset" => is_400(parse_count(key, Some(value))),
            "range" => is_400(parse_range(value)),
            _ => {}
        }
    }
});
