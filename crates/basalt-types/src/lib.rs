//! Engine-neutral building blocks shared by every Basalt crate: the bound
//! [`Value`], the error type with its [`ErrorKind`]s, record ids and the one
//! timestamp format. No I/O lives here.
#![deny(clippy::unwrap_used, clippy::panic, clippy::todo)]

mod error;
mod time;
mod value;

pub use error::{Error, ErrorKind, Result};
pub use time::{now_rfc3339, parse_date, parse_datetime};
pub use value::Value;

/// A fresh record id: a UUIDv7 in its hyphenated text form.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}
