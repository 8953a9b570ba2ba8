//! Versioned migrations of Basalt's own `_basalt_*` tables, the same tables
//! as the SQLite engine's. Each migration runs in its own transaction under
//! a transaction-scoped advisory lock, so nodes starting at the same time
//! apply each migration exactly once; opening again applies only what is
//! missing.

use crate::errors::map;
use basalt_types::Result;
use deadpool_postgres::Object;

/// Every migration, in order: (version, name, SQL).
pub const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "basalt_core",
        "CREATE TABLE _basalt_meta (key text PRIMARY KEY, value text NOT NULL);
     CREATE TABLE _basalt_collections (name text PRIMARY KEY, meta text NOT NULL);
     CREATE TABLE _basalt_settings (key text PRIMARY KEY, value text NOT NULL);",
    ),
    (
        2,
        "basalt_auth",
        // Sessions, hashed refresh tokens, hashed API keys, hashed one-time
        // tokens (verify / reset / magic link), login attempts for lockout,
        // 2FA challenges, OAuth states and linked OAuth identities. Times
        // are Unix milliseconds.
        "CREATE TABLE _basalt_sessions (
        id text PRIMARY KEY,
        collection text NOT NULL,
        user_id text NOT NULL,
        kind text NOT NULL,
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        revoked_at bigint
     );
     CREATE INDEX _basalt_sessions_user ON _basalt_sessions (collection, user_id);
     CREATE TABLE _basalt_refresh_tokens (
        token_hash text PRIMARY KEY,
        session_id text NOT NULL,
        created_at bigint NOT NULL,
        used_at bigint
     );
     CREATE INDEX _basalt_refresh_tokens_session ON _basalt_refresh_tokens (session_id);
     CREATE TABLE _basalt_api_keys (
        id text PRIMARY KEY,
        collection text NOT NULL,
        user_id text NOT NULL,
        name text NOT NULL,
        prefix text NOT NULL,
        key_hash text NOT NULL UNIQUE,
        created_at bigint NOT NULL,
        expires_at bigint,
        last_used_at bigint
     );
     CREATE INDEX _basalt_api_keys_user ON _basalt_api_keys (collection, user_id);
     CREATE TABLE _basalt_auth_tokens (
        token_hash text PRIMARY KEY,
        purpose text NOT NULL,
        collection text NOT NULL,
        user_id text NOT NULL,
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        used_at bigint
     );
     CREATE TABLE _basalt_login_attempts (
        identity text PRIMARY KEY,
        failures bigint NOT NULL,
        locked_until bigint,
        updated_at bigint NOT NULL
     );
     CREATE TABLE _basalt_2fa_challenges (
        challenge_hash text PRIMARY KEY,
        collection text NOT NULL,
        user_id text NOT NULL,
        attempts bigint NOT NULL,
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        used_at bigint
     );
     CREATE TABLE _basalt_oauth_states (
        state_hash text PRIMARY KEY,
        provider text NOT NULL,
        collection text NOT NULL,
        verifier text NOT NULL,
        redirect text,
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL
     );
     CREATE TABLE _basalt_oauth_identities (
        provider text NOT NULL,
        subject text NOT NULL,
        collection text NOT NULL,
        user_id text NOT NULL,
        created_at bigint NOT NULL,
        PRIMARY KEY (provider, subject, collection)
     );",
    ),
];

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
