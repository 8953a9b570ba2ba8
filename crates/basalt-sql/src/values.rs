//! Conversion between Basalt's [`Value`] and sea-query's value type, so
//! statements built with sea-query hand the engine plain Basalt values.

use basalt_types::Value;
use sea_query::Value as Sea;

/// A Basalt value as a sea-query value (to place in an expression).
pub fn to_sea(v: &Value) -> Sea {
    match v {
        Value::Null => Sea::String(None),
        Value::Bool(b) => Sea::Bool(Some(*b)),
        Value::Int(i) => Sea::BigInt(Some(*i)),
        Value::Float(f) => Sea::Double(Some(*f)),
        Value::Text(s) => Sea::String(Some(s.clone())),
        Value::Blob(b) => Sea::Bytes(Some(b.clone())),
        Value::Json(j) => Sea::Json(Some(Box::new(j.clone()))),
    }
}

/// A bound sea-query value back as a Basalt value.
pub(crate) fn from_sea(v: Sea) -> Value {
    match v {
        Sea::Bool(Some(b)) => Value::Bool(b),
        Sea::TinyInt(Some(i)) => Value::Int(i.into()),
        Sea::SmallInt(Some(i)) => Value::Int(i.into()),
        Sea::Int(Some(i)) => Value::Int(i.into()),
        Sea::BigInt(Some(i)) => Value::Int(i),
        Sea::TinyUnsigned(Some(i)) => Value::Int(i.into()),
        Sea::SmallUnsigned(Some(i)) => Value::Int(i.into()),
        Sea::Unsigned(Some(i)) => Value::Int(i.into()),
        Sea::BigUnsigned(Some(i)) => Value::Int(i64::try_from(i).unwrap_or(i64::MAX)),
        Sea::Float(Some(f)) => Value::Float(f.into()),
        Sea::Double(Some(f)) => Value::Float(f),
        Sea::String(Some(s)) => Value::Text(s),
        Sea::Char(Some(c)) => Value::Text(c.to_string()),
        Sea::Bytes(Some(b)) => Value::Blob(b),
        Sea::Json(Some(j)) => Value::Json(*j),
        _ => Value::Null,
    }
}
