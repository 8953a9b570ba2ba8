//! Teenybase's table API (`../shared/seeds/004_954f22824004499c.txt`,
//! "Table CRUD") under `/api/v1/table/{table}/…`: `select` and `list` (GET
//! with query parameters or POST with a JSON body), `view/{id}`, `insert`,
//! `update`, `edit/{id}` and `delete`. Handlers read Teenybase's request
//! shapes (its `where` grammar through `basalt_core::query::parse`), make one
//! core call each and answer Teenybase's shapes; rules, validation,
//! coercion and SQL all live in the core.
//!
//! Not served yet (each answers 400 naming it): `distinct`, `group`, the
//! `set` expressions of `update`, the `or` conflict clause and `or=INSERT`
//! on `edit`.
#![deny(clippy::unwrap_used, clippy::panic, clippy::todo)]

mod read;
mod req;
mod write;

use axum::routing::{get, post};
use axum::Router;
use basalt_surface_kit::AppState;

/// Every Teenybase table route, with full paths.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/table/{table}/select",
            get(read::select_get).post(read::select_post),
        )
        .route(
            "/api/v1/table/{table}/list",
            get(read::list_get).post(read::list_post),
        )
        .route("/api/v1/table/{table}/view/{id}", get(read::view))
        .route("/api/v1/table/{table}/insert", post(write::insert))
        .route("/api/v1/table/{table}/update", post(write::update))
        .route("/api/v1/table/{table}/edit/{id}", post(write::edit))
        .route("/api/v1/table/{table}/delete", post(write::delete))
}
