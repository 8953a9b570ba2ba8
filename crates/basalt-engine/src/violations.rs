//! The engine-neutral errors for constraint violations, built in one place
//! so every engine answers a unique, not-null or foreign-key violation with
//! exactly the same message and `data`.

use basalt_types::Error;
use serde_json::json;

/// Adds `{column: {"code", "message"}}` to `err` for every column.
fn field_error(mut err: Error, cols: &[String], code: &str, message: &str) -> Error {
    for col in cols {
        err.data
            .insert(col.clone(), json!({"code": code, "message": message}));
    }
    err
}

/// 409: the values of `cols` are taken (empty when the engine cannot tell).
pub fn unique_violation(cols: &[String]) -> Error {
    let text = if cols.is_empty() {
        "value must be unique".to_owned()
    } else {
        format!("value must be unique: {}", cols.join(", "))
    };
    field_error(
        Error::conflict(text),
        cols,
        "validation_not_unique",
        "value must be unique",
    )
}

/// 400: `cols` may not be null.
pub fn not_null_violation(cols: &[String]) -> Error {
    field_error(
        Error::bad_request(format!("cannot be blank: {}", cols.join(", "))),
        cols,
        "validation_required",
        "cannot be blank",
    )
}

/// 400: a relation points at a record that does not exist (or a record
/// others point at cannot go).
pub fn foreign_key_violation() -> Error {
    Error::bad_request("foreign key constraint failed")
        .with_data("constraint", "foreign_key")
        .with_data("code", "foreign_key_violation")
}
