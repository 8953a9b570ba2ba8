//! AllYourBase's surface (`../shared/seeds/002_cf371792eac8beb8.txt`,
//! "Collections (CRUD)" through "Error format"): records under
//! `/api/collections/{table}` with PocketBase-style `filter`, `sort`,
//! paging, `fields`, `search`, `skipTotal` and `expand`, batches of up to
//! 1000 operations, and `/api/schema`. Errors carry AYB's `doc_url` besides
//! the shared envelope. Handlers extract, call one core function and render.
#![deny(clippy::unwrap_used, clippy::panic, clippy::todo)]

mod batch;
mod doc_url;
mod params;
mod records;
mod schema;

use axum::routing::{get, post};
use axum::Router;
use basalt_surface_kit::AppState;

/// Every AYB route, with full paths.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/collections/{table}",
            get(records::list).post(records::create),
        )
        .route("/api/collections/{table}/batch", post(batch::batch))
        .route(
            "/api/collections/{table}/{id}",
            get(records::get_one)
                .patch(records::update)
                .delete(records::delete),
        )
        .route("/api/schema", get(schema::schema))
        .layer(axum::middleware::from_fn(doc_url::add_doc_url))
}
