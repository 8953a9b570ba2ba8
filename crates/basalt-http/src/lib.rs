//! The HTTP server: one axum router with every surface mounted, the health
//! routes, JSON envelopes for unknown routes (404) and wrong methods (405),
//! maintenance mode, a log line per request, and graceful shutdown.
#![deny(clippy::unwrap_used, clippy::panic, clippy::todo)]

mod fallback;
mod health;
mod maintenance;
mod request_log;

use axum::Router;
use basalt_surface_kit::AppState;
use std::future::Future;
use tokio::net::TcpListener;

pub use basalt_surface_kit::AppState as State;

/// The full router.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(health::routes())
        .merge(basalt_surface_bunbase::routes())
        .merge(basalt_surface_auth::routes())
        .merge(basalt_surface_ayb::routes())
        .merge(basalt_surface_fluxbase::routes())
        .merge(basalt_surface_teenybase::routes())
        .fallback(fallback::not_found)
        .method_not_allowed_fallback(fallback::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            maintenance::gate,
        ))
        .layer(axum::middleware::from_fn(request_log::log))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            fallback::panic,
        ))
        .with_state(state)
}

/// Serves until `shutdown` resolves; in-flight requests finish first.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}
