//! Fluxbase's surface (`../shared/seeds/000_e6945ff4eb9a5d3b.txt`, "Database
//! Tables"): the eight routes of `/api/v1/tables/{table}` in PostgREST's
//! dialect, so `@supabase/postgrest-js` works against it unmodified. Table
//! names are also reachable in their plural form (`post` at `/tables/posts`).
//! Handlers read the dialect (`basalt_core::query::parse`), make one core
//! call and render PostgREST's shapes (arrays, `Content-Range`, `Prefer`,
//! `Accept: application/vnd.pgrst.object+json`); no rule or SQL lives here.
#![deny(clippy::unwrap_used, clippy::panic, clippy::todo)]

mod by_id;
mod names;
mod prefer;
mod query;
mod read;
mod respond;
mod write;

use axum::routing::get;
use axum::Router;
use basalt_surface_kit::AppState;

/// Every Fluxbase table route, with full paths.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/tables/{table}",
            get(read::list)
                .post(write::create)
                .patch(write::update)
                .delete(write::delete),
        )
        .route(
            "/api/v1/tables/{table}/{id}",
            get(by_id::get_one)
                .put(by_id::replace)
                .patch(by_id::update)
                .delete(by_id::delete),
        )
}
