//! Versioned migrations of Basalt's own `_basalt_*` tables. Each migration
//! runs in its own transaction and is recorded in `_basalt_migrations`, so
//! opening the same file again applies only what is missing.

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};

/// Every migration, in order: (version, name, SQL).
pub const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "basalt_core",
        "CREATE TABLE _basalt_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
     CREATE TABLE _basalt_collections (name TEXT PRIMARY KEY, meta TEXT NOT NULL);
     CREATE TABLE _basalt_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    ),
    (
        2,
        "basalt_auth",
        // Sessions, hashed refresh tokens, hashed API keys, hashed one-time
        // tokens (verify / reset / magic link), login attempts for lockout,
        // 2FA challenges, OAuth states and linked OAuth identities. Times
        // are Unix milliseconds.
        "CREATE TABLE _basalt_sessions (
        id TEXT PRIMARY KEY,
        collection TEXT NOT NULL,
        user_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        revoked_at INTEGER
     );
     CREATE INDEX _basalt_sessions_user ON _basalt_sessions (collection, user_id);
     CREATE TABLE _basalt_refresh_tokens (
        token_hash TEXT PRIMARY KEY,
        session_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        used_at INTEGER
     );
     CREATE INDEX _basalt_refresh_tokens_session ON _basalt_refresh_tokens (session_id);
     CREATE TABLE _basalt_api_keys (
        id TEXT PRIMARY KEY,
        collection TEXT NOT NULL,
        user_id TEXT NOT NULL,
        name TEXT NOT NULL,
        prefix TEXT NOT NULL,
        key_hash TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER,
        last_used_at INTEGER
     );
     CREATE INDEX _basalt_api_keys_user ON _basalt_api_keys (collection, user_id);
     CREATE TABLE _basalt_auth_tokens (
        token_hash TEXT PRIMARY KEY,
        purpose TEXT NOT NULL,
        collection TEXT NOT NULL,
        user_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER
     );
     CREATE TABLE _basalt_login_attempts (
        identity TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        locked_until INTEGER,
        updated_at INTEGER NOT NULL
     );
     CREATE TABLE _basalt_2fa_challenges (
        challenge_hash TEXT PRIMARY KEY,
        collection TEXT NOT NULL,
        user_id TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER
     );
     CREATE TABLE _basalt_oauth_states (
        state_hash TEXT PRIMARY KEY,
        provider TEXT NOT NULL,
        collection TEXT NOT NULL,
        verifier TEXT NOT NULL,
        redirect TEXT,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
     );
     CREATE TABLE _basalt_oauth_identities (
        provider TEXT NOT NULL,
        subject TEXT NOT NULL,
        collection TEXT NOT NULL,
        user_id TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (provider, subject, collection)
     );",
    ),
];

/// Applies every migration not yet recorded; returns how many ran.
pub(crate) fn run(conn: &mut Connection) -> rusqlite::Result<usize> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS _basalt_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )",
    )?;
    let mut applied = 0;
    for &(version, name, sql) in MIGRATIONS {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let done = tx
            .query_row(
                "SELECT 1 FROM _basalt_migrations WHERE version = ?1",
                [version],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if done {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO _basalt_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)",
            rusqlite::params![version, name, basalt_types::now_rfc3339()],
        )?;
        tx.commit()?;
        tracing::info!(version, name, "applied migration");
        applied += 1;
    }
    Ok(applied)
}
