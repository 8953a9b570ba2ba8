//! Test support for Basalt: [`TestServer`] starts the real router on a free
//! loopback port over a fresh SQLite file in a temp dir (or a throwaway
//! PostgreSQL database), with a known admin token and an HTTP client.
#![allow(clippy::unwrap_used, clippy::panic)]

pub mod pg;
mod server;
pub mod smtp_sink;

pub use pg::PgCluster;
pub use server::{EngineKind, TestServer};
pub use smtp_sink::{ReceivedMail, SmtpSink};
