//! The PostgREST read parameters of a request (`select`, `order`, `limit`,
//! `offset`, the `Range` header and every column filter) as the core's
//! [`RowsQuery`], plus the `select` list the answer is shaped by.

use axum::http::HeaderMap;
use basalt_core::query::parse::{
    parse_count, parse_order, parse_postgrest_filter, parse_range, parse_select, SelectItem,
};
use basalt_core::records::RowsQuery;
use basalt_core::Result;
use basalt_surface_kit::Params;

/// `select=` as items; `None` for every column.
pub(crate) fn select(p: &Params) -> Result<Option<Vec<SelectItem>>> {
    parse_select(p.get("select").unwrap_or(""))
}

/// The columns `select` reads (each once).
pub(crate) fn columns(select: &Option<Vec<SelectItem>>) -> Option<Vec<String>> {
    select.as_ref().map(|items| {
        let mut out: Vec<String> = Vec::new();
        for i in items {
            if !out.contains(&i.column) {
                out.push(i.column.clone());
            }
        }
        out
    })
}

/// The read a GET/HEAD asks for; `count` when the total is wanted.
pub(crate) fn rows_query(
    p: &Params,
    headers: &HeaderMap,
    count: bool,
) -> Result<(RowsQuery, Option<Vec<SelectItem>>)> {
    let select = select(p)?;
    let mut limit = parse_count("limit", p.get("limit"))?;
    let mut offset = parse_count("offset", p.get("offset"))?;
    if limit.is_none() && offset.is_none() {
        if let Some(range) = headers.get("range").and_then(|v| v.to_str().ok()) {
            let (first, rows) = parse_range(range)?;
            offset = Some(first);
            limit = rows;
        }
    }
    let q = RowsQuery {
        filter: parse_postgrest_filter(&p.0)?,
        order: parse_order(p.get("order").unwrap_or(""))?,
        fields: columns(&select),
        limit,
        offset: offset.unwrap_or(0),
        count,
    };
    Ok((q, select))
}
