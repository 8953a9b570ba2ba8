//! BunBase's surface (`../shared/seeds/001_bd806547db550591.txt`): the ten
//! record routes under `/api/v1/{collection}` and the admin collection,
//! record, SQL and settings routes under `/api/v1/admin`. Handlers extract,
//! call one core function and render; no rule or SQL lives here.
#![deny(clippy::unwrap_used, clippy::panic, clippy::todo)]

mod admin_collections;
mod admin_email;
mod admin_records;
mod admin_sessions;
mod admin_settings;
mod admin_users;
mod records;
mod records_many;
mod records_stats;

use axum::routing::{delete, get, patch, post, put};
use axum::Router;
use basalt_surface_kit::AppState;

/// Every BunBase route, with full paths.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/admin/collections",
            get(admin_collections::list).post(admin_collections::create),
        )
        .route(
            "/api/v1/admin/collections/{name}",
            get(admin_collections::get_one)
                .patch(admin_collections::update)
                .delete(admin_collections::drop),
        )
        .route(
            "/api/v1/admin/collections/{name}/schema",
            get(admin_collections::schema),
        )
        .route(
            "/api/v1/admin/collections/{name}/schema/{column}",
            delete(admin_collections::drop_column),
        )
        .route(
            "/api/v1/admin/collections/{name}/rules",
            put(admin_collections::field_rules),
        )
        .route(
            "/api/v1/admin/collections/{name}/indexes",
            get(admin_collections::indexes).post(admin_collections::create_index),
        )
        .route(
            "/api/v1/admin/collections/{name}/indexes/{column}",
            delete(admin_collections::drop_index),
        )
        .route(
            "/api/v1/admin/collections/{name}/records",
            get(admin_records::list).post(admin_records::create),
        )
        .route(
            "/api/v1/admin/collections/{name}/records/{id}",
            get(admin_records::get_one)
                .patch(admin_records::update)
                .delete(admin_records::delete),
        )
        .route(
            "/api/v1/admin/settings/test-email",
            post(admin_email::test_email),
        )
        .route("/api/v1/admin/users", get(admin_users::list))
        .route("/api/v1/admin/users/{id}", delete(admin_users::delete))
        .route(
            "/api/v1/admin/users/{id}/roles",
            patch(admin_users::set_roles),
        )
        .route(
            "/api/v1/admin/users/{id}/impersonate",
            post(admin_users::impersonate),
        )
        .route("/api/v1/admin/sessions", get(admin_sessions::list))
        .route("/api/v1/admin/sessions/purge", post(admin_sessions::purge))
        .route(
            "/api/v1/admin/sessions/{id}",
            delete(admin_sessions::revoke),
        )
        .route("/api/v1/admin/sql", post(admin_settings::sql))
        .route(
            "/api/v1/admin/settings",
            get(admin_settings::get_all).patch(admin_settings::update),
        )
        .route(
            "/api/v1/{collection}",
            get(records::list).post(records::create),
        )
        .route("/api/v1/{collection}/count", get(records_stats::count))
        .route(
            "/api/v1/{collection}/aggregate",
            get(records_stats::aggregate),
        )
        .route("/api/v1/{collection}/bulk", post(records_many::bulk))
        .route("/api/v1/{collection}/batch", post(records_many::batch))
        .route(
            "/api/v1/{collection}/{id}",
            get(records::get_one)
                .patch(records::update)
                .delete(records::delete),
        )
        .route("/api/v1/{collection}/{id}/restore", post(records::restore))
}
