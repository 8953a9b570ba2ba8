//! `basalt serve`: open, start, print the new admin token once, serve,
//! shut down cleanly.

use crate::config::ServeOpts;
use basalt_core::{Basalt, Options};
use basalt_engine_pg::{PgEngine, PgOptions};
use basalt_engine_sqlite::{SqliteEngine, SqliteOptions};
use basalt_surface_kit::AppState;
use std::sync::Arc;

pub async fn run(opts: ServeOpts) -> Result<(), String> {
    let engine: Arc<dyn basalt_core::Engine> = match &opts.database_url {
        Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            let pg = PgOptions {
                pool_size: opts.db_pool_size.max(1),
                schema: opts.db_schema.clone(),
                ..PgOptions::new(url.clone())
            };
            Arc::new(PgEngine::open(pg).await.map_err(|e| e.message)?)
        }
        Some(url) => {
            return Err(format!(
                "unsupported database URL '{url}': use postgres://…"
            ))
        }
        None => Arc::new(
            SqliteEngine::open(SqliteOptions::new(opts.data_dir.join("data.db")))
                .await
                .map_err(|e| e.message)?,
        ),
    };
    let (core, generated) = Basalt::start(
        engine.clone(),
        Options {
            admin_token: opts.admin_token.clone(),
        },
    )
    .await
    .map_err(|e| format!("cannot start: {}", e.message))?;
    if let Some(token) = generated {
        println!("Admin token (shown once, kept in the database): {token}");
    }
    let listener = tokio::net::TcpListener::bind(&opts.http)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", opts.http))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("Basalt listening on http://{addr}");
    tracing::info!(%addr, engine = ?engine.dialect(), "serving");
    let state = AppState {
        core,
        max_body_bytes: opts.max_body_bytes,
    };
    basalt_http::serve(listener, state, shutdown_signal())
        .await
        .map_err(|e| format!("server error: {e}"))?;
    engine.close().await;
    tracing::info!("stopped cleanly");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    tracing::info!("shutting down");
}
