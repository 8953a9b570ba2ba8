//! AYB's list and read parameters (`filter` in the PocketBase-style grammar,
//! `sort`, `page`/`perPage` (default 20, at most 500), `fields`, `search`,
//! `skipTotal`, `expand`) read into the core's query types, and the list
//! envelope.

use basalt_core::query::{parse::parse_filter, parse_fields, parse_page, parse_sort};
use basalt_core::records::{parse_expand, ListQuery, ListResult};
use basalt_core::Result;
use basalt_surface_kit::Params;
use serde_json::{json, Value as Json};

/// The core list query for these parameters.
pub(crate) fn list_query(p: &Params) -> Result<ListQuery> {
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
        include_deleted: false,
    })
}

/// `fields=a,b` as a list, `None` when absent.
pub(crate) fn fields(p: &Params) -> Result<Option<Vec<String>>> {
    p.get("fields")
        .filter(|f| !f.trim().is_empty())
        .map(parse_fields)
        .transpose()
}

/// `expand=author,category` as relation paths.
pub(crate) fn expand(p: &Params) -> Result<Vec<Vec<String>>> {
    parse_expand(p.get("expand").unwrap_or(""))
}

/// `{"items", "page", "perPage", "totalItems", "totalPages"}`; totals are -1
/// when skipped.
pub(crate) fn envelope(r: ListResult) -> Json {
    let total_pages = r.total_pages().map(|t| t as i64).unwrap_or(-1);
    json!({
        "items": r.items,
        "page": r.page,
        "perPage": r.per_page,
        "totalItems": r.total_items.map(|t| t as i64).unwrap_or(-1),
        "totalPages": total_pages,
    })
}
