//! AYB's list and read parameters (`filter` in the PocketBase-style grammar,
//! `sort`, `page`/`perPage` (default 20, at most 500), `fields`, `search`,
//! `skipTotal`, `expand`) read into the core's query types; the shared part
//! lives in `basalt_surface_kit::list_params`.

use basalt_core::records::{parse_expand, ListQuery};
use basalt_core::Result;
use basalt_surface_kit::Params;

/// The core list query for these parameters (PocketBase-style, shared with
/// BunBase; AYB's lists never include soft-deleted records).
pub(crate) fn list_query(p: &Params) -> Result<ListQuery> {
    basalt_surface_kit::list_query(p, false)
}

/// `expand=author,category` as relation paths.
pub(crate) fn expand(p: &Params) -> Result<Vec<Vec<String>>> {
    parse_expand(p.get("expand").unwrap_or(""))
}
