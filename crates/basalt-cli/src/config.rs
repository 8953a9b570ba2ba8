//! Command-line flags and their environment variables (DESIGN.md "Running it").

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Basalt: a backend-as-a-service in one binary.
#[derive(Debug, Parser)]
#[command(name = "basalt", version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the APIs.
    Serve(ServeOpts),
}

#[derive(Debug, Clone, Args)]
pub struct ServeOpts {
    /// Address to listen on.
    #[arg(long = "http", env = "BASALT_HTTP", default_value = "127.0.0.1:8090")]
    pub http: String,
    /// Directory for the SQLite file and local file storage.
    #[arg(
        long = "data-dir",
        env = "BASALT_DATA_DIR",
        default_value = "./basalt_data"
    )]
    pub data_dir: PathBuf,
    /// `postgres://…` selects PostgreSQL; absent, SQLite in the data dir.
    #[arg(long = "database-url", env = "DATABASE_URL")]
    pub database_url: Option<String>,
    /// The PostgreSQL schema Basalt serves (others are not served).
    #[arg(long = "db-schema", env = "BASALT_DB_SCHEMA", default_value = "public")]
    pub db_schema: String,
    /// Connections in the PostgreSQL pool.
    #[arg(
        long = "db-pool-size",
        env = "BASALT_DB_POOL_SIZE",
        default_value_t = 16
    )]
    pub db_pool_size: usize,
    /// File storage: default the data dir's `storage/`, or `s3://BUCKET?…`.
    #[arg(long = "storage", env = "BASALT_STORAGE")]
    pub storage: Option<String>,
    /// Largest accepted request body in bytes (413 above).
    #[arg(long = "max-body-bytes", env = "BASALT_MAX_BODY_BYTES", default_value_t = 10 * 1024 * 1024)]
    pub max_body_bytes: usize,
    /// The admin secret; generated and kept in the database when absent.
    #[arg(
        long = "admin-token",
        env = "BASALT_ADMIN_TOKEN",
        hide_env_values = true
    )]
    pub admin_token: Option<String>,
}
