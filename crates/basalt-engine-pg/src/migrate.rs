//! Versioned migrations of Basalt's own `_basalt_*` tables, the same tables
//! as the SQLite engine's. Each migration runs in its own transaction under
//! a transaction-scoped advisory lock, so nodes starting at the same time
//! apply each migration exactly once; opening again applies only what is
//! missing.

use crate::errors::map;
use basalt_types::Result;
use deadpool_postgres::Object;

/// Every migration, in order: (version, name, SQL).
pub const MIGRATIONS: &[(i64, &str, &str)] = &[(
    1,
    "basalt_core",
    "CREATE TABLE _basalt_meta (key text PRIMARY KEY, value text NOT NULL);
     CREATE TABLE _basalt_collections (name text PRIMARY KEY, meta text NOT NULL);
     CREATE TABLE _basalt_settings (key text PRIMARY KEY, value text NOT NULL);",
)];

/// The advisory lock key every node takes while migrating ("basalt_m").
const LOCK_KEY: i64 = 0x6261_7361_6c74_5f6d;

const CREATE_LEDGER: &str = "CREATE TABLE IF NOT EXISTS _basalt_migrations (
    version bigint PRIMARY KEY,
    name text NOT NULL,
    applied_at text NOT NULL
)";

/// Creates the schema when missing and applies every migration not yet
/// recorded; returns how many ran.
pub(crate) async fn run(client: &mut Object, schema: &str) -> Result<usize> {
    let exists = client
        .query_opt("SELECT 1 FROM pg_namespace WHERE nspname = $1", &[&schema])
        .await
        .map_err(map)?
        .is_some();
    if !exists {
        let tx = client.transaction().await.map_err(map)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK_KEY])
            .await
            .map_err(map)?;
        tx.batch_execute(&format!(
            "CREATE SCHEMA IF NOT EXISTS {}",
            crate::quote_ident(schema)
        ))
        .await
        .map_err(map)?;
        tx.commit().await.map_err(map)?;
    }
    let mut applied = 0;
    for &(version, name, sql) in MIGRATIONS {
        let tx = client.transaction().await.map_err(map)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LOCK_KEY])
            .await
            .map_err(map)?;
        tx.batch_execute(CREATE_LEDGER).await.map_err(map)?;
        let done = tx
            .query_opt(
                "SELECT 1 FROM _basalt_migrations WHERE version = $1",
                &[&version],
            )
            .await
            .map_err(map)?
            .is_some();
        if done {
            continue;
        }
        tx.batch_execute(sql).await.map_err(map)?;
        tx.execute(
            "INSERT INTO _basalt_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
            &[&version, &name, &basalt_types::now_rfc3339()],
        )
        .await
        .map_err(map)?;
        tx.commit().await.map_err(map)?;
        tracing::info!(version, name, "applied migration");
        applied += 1;
    }
    Ok(applied)
}
