//! The list parameters BunBase and AYB share: PocketBase-style `filter`,
//! `sort`, `page`/`perPage` or `limit`/`offset`, `fields`, `search` and
//! `skipTotal`, read into the core's query types, and the list envelope
//! `{"items", "page", "perPage", "totalItems", "totalPages"}`.

use crate::Params;
use basalt_core::query::{parse::parse_filter, parse_fields, parse_page, parse_sort};
use basalt_core::records::{ListQuery, ListResult};
use basalt_core::Result;
use serde_json::{json, Value as Json};

/// The core list query for these parameters.
pub fn list_query(p: &Params, include_deleted: bool) -> Result<ListQuery> {
    Ok(ListQuery {
        filter: parse_filter(p.get("filter").unwrap_or(""))?,
        sort: parse_sort(p.get("sort").unwrap_or(""))?,
        page: parse_page(
            p.get("page"),
            p.get("perPage"),
            p.get("limit"),
            p.get("offset"),
        )?,
        fields: fields(p)?,
        search: p.get("search").map(str::to_string),
        skip_total: p.flag("skipTotal"),
        include_deleted,
    })
}

/// `fields=a,b` as a list, `None` when absent.
pub fn fields(p: &Params) -> Result<Option<Vec<String>>> {
    p.get("fields")
        .filter(|f| !f.trim().is_empty())
        .map(parse_fields)
        .transpose()
}

/// `{"items", "page", "perPage", "totalItems", "totalPages"}`; totals are -1
/// when skipped.
pub fn envelope(r: ListResult) -> Json {
    let total_pages = r.total_pages().map(|t| t as i64).unwrap_or(-1);
    json!({
        "items": r.items,
        "page": r.page,
        "perPage": r.per_page,
        "totalItems": r.total_items.map(|t| t as i64).unwrap_or(-1),
        "totalPages": total_pages,
    })
}
