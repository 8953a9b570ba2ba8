//! Maps `rusqlite` errors to Basalt's engine-neutral [`Error`]s: constraint
//! failures become per-field 409/400s, lock contention and a closed database
//! become 503s, and mistakes in the SQL text become 400s.

use basalt_engine::{foreign_key_violation, not_null_violation, unique_violation};
use basalt_types::Error;
use rusqlite::ffi;

/// The error every call returns once the engine has been closed.
pub(crate) fn closed() -> Error {
    Error::unavailable("database is closed")
}

/// The error returned when a blocking worker task died.
pub(crate) fn worker_failed(err: tokio::task::JoinError) -> Error {
    tracing::error!(error = %err, "sqlite worker task failed");
    Error::internal("database worker failed")
}

/// Maps one `rusqlite` error.
pub(crate) fn map(err: rusqlite::Error) -> Error {
    match &err {
        rusqlite::Error::SqliteFailure(code, msg) => {
            let msg = msg.clone().unwrap_or_else(|| code.to_string());
            from_sqlite(code, &msg)
        }
        rusqlite::Error::SqlInputError { error, msg, .. } => from_sqlite(error, msg),
        rusqlite::Error::MultipleStatement
        | rusqlite::Error::InvalidParameterCount(..)
        | rusqlite::Error::InvalidParameterName(_)
        | rusqlite::Error::NulError(_) => Error::bad_request(err.to_string()),
        _ => internal(&err.to_string()),
    }
}

fn from_sqlite(code: &ffi::Error, msg: &str) -> Error {
    use ffi::ErrorCode as C;
    match code.code {
        C::ConstraintViolation => constraint(code.extended_code, msg),
        C::DatabaseBusy | C::DatabaseLocked => {
            tracing::warn!(message = msg, "sqlite busy");
            Error::unavailable("database is busy, try again")
        }
        C::CannotOpen => Error::unavailable(format!("cannot open database: {msg}")),
        C::TypeMismatch | C::TooBig | C::ParameterOutOfRange | C::Unknown => {
            Error::bad_request(msg)
        }
        _ => internal(msg),
    }
}

fn internal(msg: &str) -> Error {
    tracing::error!(message = msg, "sqlite error");
    Error::internal(format!("database error: {msg}"))
}

fn constraint(extended: i32, msg: &str) -> Error {
    match extended {
        ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
            unique_violation(&columns(msg))
        }
        ffi::SQLITE_CONSTRAINT_NOTNULL => not_null_violation(&columns(msg)),
        ffi::SQLITE_CONSTRAINT_FOREIGNKEY => foreign_key_violation(),
        ffi::SQLITE_CONSTRAINT_CHECK => {
            Error::bad_request(lower_first(msg)).with_data("constraint", "check")
        }
        _ => Error::bad_request(msg),
    }
}

/// The column names in `… constraint failed: t.a, t.b` (index names skipped).
fn columns(msg: &str) -> Vec<String> {
    let Some((_, list)) = msg.split_once(": ") else {
        return Vec::new();
    };
    list.split(", ")
        .filter(|item| !item.starts_with("index "))
        .map(|item| item.split_once('.').map_or(item, |(_, col)| col))
        .map(str::to_owned)
        .collect()
}

fn lower_first(msg: &str) -> String {
    msg.replacen("CHECK constraint", "check constraint", 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_constraint_columns() {
        assert_eq!(
            columns("UNIQUE constraint failed: posts.email, posts.x"),
            vec!["email", "x"]
        );
        assert_eq!(
            columns("UNIQUE constraint failed: index 'i'"),
            Vec::<String>::new()
        );
        assert_eq!(
            columns("NOT NULL constraint failed: t.title"),
            vec!["title"]
        );
    }
}
