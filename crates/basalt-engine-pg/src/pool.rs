//! Connection settings and pools. The URL is parsed by `tokio_postgres`;
//! every session gets `search_path` set to the configured schema, a
//! connect timeout and TCP keepalives. Two deadpool pools share those
//! settings: writers, and readers whose sessions are read-only (as SQLite's
//! reader connections are). Broken connections are dropped when recycled,
//! so the pools heal by themselves after a server restart.

use crate::errors::describe;
use basalt_types::{Error, Result};
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use std::time::Duration;
use tokio_postgres::config::Host;
use tokio_postgres::{Config, NoTls};

const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
const KEEPALIVE_IDLE: Duration = Duration::from_secs(30);
const WAIT_TIMEOUT: Duration = Duration::from_secs(30);
const CREATE_TIMEOUT: Duration = Duration::from_secs(10);
const RECYCLE_TIMEOUT: Duration = Duration::from_secs(5);

/// The connection settings for `url`, with `search_path` set to `schema`.
pub(crate) fn config(url: &str, schema: &str) -> Result<Config> {
    let mut config: Config = url.parse().map_err(|e: tokio_postgres::Error| {
        Error::unavailable(format!("invalid PostgreSQL URL: {}", describe(&e)))
    })?;
    if schema.is_empty() || schema.contains('\0') {
        return Err(Error::bad_request("invalid PostgreSQL schema name"));
    }
    let search_path = format!("search_path={}", crate::quote_ident(schema));
    add_option(&mut config, &search_path);
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    if config.get_application_name().is_none() {
        config.application_name("basalt");
    }
    config.keepalives_idle(KEEPALIVE_IDLE);
    Ok(config)
}

/// The same settings, for sessions that refuse writes.
pub(crate) fn read_only(config: &Config) -> Config {
    let mut config = config.clone();
    add_option(&mut config, "default_transaction_read_only=on");
    config
}

/// Appends `-c setting` to the session options (spaces and backslashes
/// escaped as the server's option parser expects).
fn add_option(config: &mut Config, setting: &str) {
    let escaped = setting.replace('\\', "\\\\").replace(' ', "\\ ");
    let options = match config.get_options() {
        Some(existing) if !existing.trim().is_empty() => format!("{existing} -c {escaped}"),
        _ => format!("-c {escaped}"),
    };
    config.options(options);
}

/// `host:port` of the first server in the settings, for messages.
pub(crate) fn target(config: &Config) -> String {
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(Host::Unix(path)) => path.display().to_string(),
        None => "localhost".to_owned(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    format!("{host}:{port}")
}

/// A pool of at most `size` connections with these settings.
pub(crate) fn build(config: Config, size: usize) -> Result<Pool> {
    let manager = Manager::from_config(
        config,
        NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Pool::builder(manager)
        .max_size(size.max(1))
        .runtime(Runtime::Tokio1)
        .wait_timeout(Some(WAIT_TIMEOUT))
        .create_timeout(Some(CREATE_TIMEOUT))
        .recycle_timeout(Some(RECYCLE_TIMEOUT))
        .build()
        .map_err(|e| Error::internal(format!("cannot build the PostgreSQL pool: {e}")))
}
