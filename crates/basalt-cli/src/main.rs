//! The `basalt` binary. `basalt serve` opens the database, loads the core,
//! prints a generated admin token once, and serves HTTP until SIGINT or
//! SIGTERM, then finishes in-flight requests and closes the database.
#![deny(clippy::unwrap_used, clippy::panic, clippy::todo)]

mod config;
mod serve;

use clap::Parser;

#[tokio::main]
async fn main() {
    let cli = config::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let result = match cli.command {
        config::Command::Serve(opts) => serve::run(opts).await,
    };
    if let Err(e) = result {
        eprintln!("basalt: {e}");
        std::process::exit(1);
    }
}
