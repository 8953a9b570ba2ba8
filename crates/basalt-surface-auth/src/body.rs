//! Reading the few fields auth bodies carry: strings by name (with
//! alternative spellings), a 400 naming the field when one is missing or
//! not a string.

use basalt_core::{Error, Result};
use serde_json::Value;

/// The string under the first of `names` present; 400 naming `names[0]`
/// when none is, or when it is not a string.
pub(crate) fn text<'a>(body: &'a Value, names: &[&str]) -> Result<&'a str> {
    let first = names.first().copied().unwrap_or("value");
    if !body.is_object() {
        return Err(Error::bad_request("the request body must be a JSON object"));
    }
    match names.iter().find_map(|n| body.get(*n)) {
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(Error::invalid_field(first, "must be a string")),
        None => Err(Error::invalid_field(first, "cannot be blank")),
    }
}

/// An optional string under the first of `names`; 400 when not a string.
pub(crate) fn opt_text<'a>(body: &'a Value, names: &[&str]) -> Result<Option<&'a str>> {
    match names.iter().find_map(|n| body.get(*n)) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(Error::invalid_field(
            names.first().copied().unwrap_or("value"),
            "must be a string",
        )),
    }
}

/// The answer of the request flows, identical for known and unknown
/// addresses.
pub(crate) fn sent(what: &str) -> Value {
    serde_json::json!({
        "success": true,
        "message": format!("if the address belongs to an account, {what} has been sent")
    })
}

/// A body that may be absent: `None` when empty, its JSON otherwise (400
/// when it is not JSON).
pub(crate) fn optional_json(bytes: &[u8]) -> Result<Option<Value>> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    if bytes.len() > 64 * 1024 {
        return Err(Error::new(
            basalt_core::ErrorKind::PayloadTooLarge,
            "request body too large",
        ));
    }
    serde_json::from_slice(bytes)
        .map(Some)
        .map_err(|e| Error::bad_request(format!("malformed JSON body: {e}")))
}
