//! Maps `tokio_postgres` and pool errors to Basalt's engine-neutral
//! [`Error`]s by SQLSTATE, with the same messages and `data` shapes as the
//! SQLite engine: constraint failures become per-field 409/400s, lost
//! connections and serialization failures become 503s, and mistakes in the
//! SQL text become 400s.

use crate::bind::BindError;
use basalt_engine::{foreign_key_violation, not_null_violation, unique_violation};
use basalt_types::Error;
use deadpool_postgres::PoolError;
use std::error::Error as _;
use tokio_postgres::error::DbError;

/// The error every call returns once the engine has been closed.
pub(crate) fn closed() -> Error {
    Error::unavailable("database is closed")
}

/// Maps an error from taking a connection out of a pool.
pub(crate) fn pool(err: PoolError) -> Error {
    match err {
        PoolError::Closed => closed(),
        PoolError::Backend(e) => map(e),
        PoolError::Timeout(kind) => {
            tracing::warn!(?kind, "timed out waiting for a PostgreSQL connection");
            Error::unavailable("database is unavailable: timed out waiting for a connection")
        }
        other => {
            tracing::error!(error = %other, "PostgreSQL pool error");
            Error::unavailable(format!("database is unavailable: {other}"))
        }
    }
}

/// Maps one `tokio_postgres` error.
pub(crate) fn map(err: tokio_postgres::Error) -> Error {
    if let Some(db) = err.as_db_error() {
        return from_db(db);
    }
    if let Some(bind) = err.source().and_then(|s| s.downcast_ref::<BindError>()) {
        return Error::bad_request(bind.to_string());
    }
    let text = describe(&err);
    if text.starts_with("expected ") && text.contains("parameters") {
        return Error::bad_request(text);
    }
    if text.starts_with("error deserializing") {
        return internal(&text);
    }
    tracing::warn!(error = %text, "PostgreSQL connection error");
    Error::unavailable(format!("database is unavailable: {text}"))
}

/// The error and its causes on one line.
pub(crate) fn describe(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut cause = err.source();
    while let Some(c) = cause {
        match c.downcast_ref::<DbError>() {
            Some(db) => text = format!("{text}: {}", db.message()),
            None => text = format!("{text}: {c}"),
        }
        cause = c.source();
    }
    text.replace(['\n', '\r'], " ")
}

fn internal(msg: &str) -> Error {
    tracing::error!(message = msg, "PostgreSQL error");
    Error::internal(format!("database error: {msg}"))
}

/// Maps an error the server reported, by its SQLSTATE.
fn from_db(db: &DbError) -> Error {
    let code = db.code().code();
    let msg = db.message();
    match code {
        "23505" => unique(db),
        "23502" => {
            let cols: Vec<String> = db.column().map(str::to_owned).into_iter().collect();
            not_null_violation(&cols)
        }
        "23503" | "23001" => foreign_key_violation(),
        "23514" => Error::bad_request(format!(
            "check constraint failed: {}",
            db.constraint().unwrap_or(msg)
        ))
        .with_data("constraint", "check"),
        "40001" | "40P01" | "55P03" | "57014" => {
            tracing::warn!(code, message = msg, "PostgreSQL busy");
            Error::unavailable("database is busy, try again")
        }
        "42P07" | "42701" | "42710" | "42P06" => Error::conflict(msg),
        _ if code.starts_with("23") || code.starts_with("22") || code.starts_with("42") => {
            Error::bad_request(msg)
        }
        // Cardinality, invalid transaction state, invalid statement names,
        // WITH CHECK OPTION, feature not supported, RAISE in PL/pgSQL.
        _ if ["21", "25", "26", "44", "0A", "P0"]
            .iter()
            .any(|class| code.starts_with(class)) =>
        {
            Error::bad_request(msg)
        }
        _ if code.starts_with("08")
            || code.starts_with("53")
            || code.starts_with("57")
            || code.starts_with("58") =>
        {
            tracing::warn!(code, message = msg, "PostgreSQL unavailable");
            Error::unavailable(format!("database is unavailable: {msg}"))
        }
        _ => internal(&format!("{msg} (SQLSTATE {code})")),
    }
}

fn unique(db: &DbError) -> Error {
    unique_violation(&db.detail().map(key_columns).unwrap_or_default())
}

/// The columns in a unique violation's detail, `Key (a, "B")=(1, 2) already
/// exists.`; empty when the key is an expression.
fn key_columns(detail: &str) -> Vec<String> {
    let Some(rest) = detail.strip_prefix("Key (") else {
        return Vec::new();
    };
    let Some((list, _)) = rest.split_once(")=(") else {
        return Vec::new();
    };
    let mut cols = Vec::new();
    for item in list.split(", ") {
        let item = item.trim();
        let name = match item.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
            Some(quoted) => quoted.replace("\"\"", "\""),
            None if !item.is_empty()
                && item
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '$') =>
            {
                item.to_owned()
            }
            None => return Vec::new(),
        };
        cols.push(name);
    }
    cols
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_key_columns() {
        assert_eq!(
            key_columns("Key (email)=(a@x) already exists."),
            vec!["email"]
        );
        assert_eq!(
            key_columns("Key (a, \"B c\")=(1, 2) already exists."),
            vec!["a", "B c"]
        );
        assert!(key_columns("Key (lower(email))=(a@x) already exists.").is_empty());
        assert!(key_columns("something else").is_empty());
    }
}
