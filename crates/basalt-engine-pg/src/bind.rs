//! Binding Basalt's [`Value`]s as statement parameters. PostgreSQL infers a
//! type for every `$n`; [`Param`] accepts any of them and encodes the value
//! for the type it got (an integer bound to a `text` parameter is sent as
//! its decimal string, a text bound to a `uuid` is parsed…). Types without a
//! native encoding here (numeric, enums, intervals, arrays…) are sent in
//! PostgreSQL's text format and parsed by the server. Values that do not fit
//! fail with a [`BindError`], which the error mapping turns into a 400.

use basalt_types::Value;
use bytes::{BufMut, BytesMut};
use chrono::{DateTime, NaiveDate, Utc};
use std::error::Error as StdError;
use std::fmt;
use tokio_postgres::types::{to_sql_checked, Format, IsNull, Kind, ToSql, Type};

type BoxError = Box<dyn StdError + Sync + Send>;

/// A value that cannot be bound to the parameter type PostgreSQL inferred.
#[derive(Debug)]
pub(crate) struct BindError(String);

impl fmt::Display for BindError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl StdError for BindError {}

fn invalid(ty: &Type) -> BoxError {
    Box::new(BindError(format!(
        "invalid input for a {} parameter",
        ty.name()
    )))
}

fn out_of_range(ty: &Type) -> BoxError {
    Box::new(BindError(format!(
        "value out of range for a {} parameter",
        ty.name()
    )))
}

/// A [`Value`] bound as a statement parameter.
#[derive(Debug)]
pub(crate) struct Param<'a>(pub &'a Value);

/// The type a domain is based on (or the type itself).
fn base(ty: &Type) -> &Type {
    match ty.kind() {
        Kind::Domain(inner) => base(inner),
        _ => ty,
    }
}

const TEXTS: [Type; 5] = [
    Type::TEXT,
    Type::VARCHAR,
    Type::BPCHAR,
    Type::NAME,
    Type::UNKNOWN,
];

/// Whether the value is sent in text format: for every type this module
/// does not encode itself.
fn text_format(ty: &Type) -> bool {
    let natives = [
        Type::INT2,
        Type::INT4,
        Type::INT8,
        Type::OID,
        Type::FLOAT4,
        Type::FLOAT8,
        Type::BOOL,
        Type::UUID,
        Type::TIMESTAMPTZ,
        Type::TIMESTAMP,
        Type::DATE,
        Type::JSON,
        Type::JSONB,
        Type::BYTEA,
    ];
    let ty = base(ty);
    !natives.contains(ty) && !TEXTS.contains(ty)
}

impl ToSql for Param<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        let ty = base(ty);
        if matches!(self.0, Value::Null) {
            return Ok(IsNull::Yes);
        }
        if text_format(ty) {
            out.put_slice(as_text(self.0, ty)?.as_bytes());
            return Ok(IsNull::No);
        }
        match self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => int(*i, ty, out),
            Value::Float(f) => float(*f, ty, out),
            Value::Bool(b) => boolean(*b, ty, out),
            Value::Text(s) => text(s, ty, out),
            Value::Json(j) => json(j, ty, out),
            Value::Blob(b) => match *ty {
                Type::BYTEA => b.as_slice().to_sql(ty, out),
                _ if TEXTS.contains(ty) => std::str::from_utf8(b)
                    .map_err(|_| invalid(ty))?
                    .to_sql(ty, out),
                _ => Err(invalid(ty)),
            },
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    fn encode_format(&self, ty: &Type) -> Format {
        if text_format(ty) {
            Format::Text
        } else {
            Format::Binary
        }
    }

    to_sql_checked!();
}

/// The value in PostgreSQL's text format (for numeric, enums, intervals…).
fn as_text(v: &Value, ty: &Type) -> Result<String, BoxError> {
    Ok(match v {
        Value::Null => String::new(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Text(s) => s.clone(),
        Value::Json(serde_json::Value::Array(items)) if matches!(ty.kind(), Kind::Array(_)) => {
            array_literal(items)
        }
        Value::Json(j) => serde_json::to_string(j)?,
        Value::Blob(_) => return Err(invalid(ty)),
    })
}

/// A JSON array as a PostgreSQL array literal: `{1,"a b",NULL}`.
fn array_literal(items: &[serde_json::Value]) -> String {
    let parts: Vec<String> = items
        .iter()
        .map(|item| match item {
            serde_json::Value::Null => "NULL".to_owned(),
            serde_json::Value::Array(inner) => array_literal(inner),
            serde_json::Value::String(s) => quote_element(s),
            other => quote_element(&other.to_string()),
        })
        .collect();
    format!("{{{}}}", parts.join(","))
}

fn quote_element(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn int(i: i64, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
    match *ty {
        Type::INT2 => i16::try_from(i)
            .map_err(|_| out_of_range(ty))?
            .to_sql(ty, out),
        Type::INT4 => i32::try_from(i)
            .map_err(|_| out_of_range(ty))?
            .to_sql(ty, out),
        Type::INT8 => i.to_sql(ty, out),
        Type::OID => u32::try_from(i)
            .map_err(|_| out_of_range(ty))?
            .to_sql(ty, out),
        Type::FLOAT4 => (i as f32).to_sql(ty, out),
        Type::FLOAT8 => (i as f64).to_sql(ty, out),
        Type::BOOL => (i != 0).to_sql(ty, out),
        Type::JSON | Type::JSONB => serde_json::Value::from(i).to_sql(ty, out),
        _ if TEXTS.contains(ty) => i.to_string().as_str().to_sql(ty, out),
        _ => Err(invalid(ty)),
    }
}

fn float(f: f64, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
    match *ty {
        Type::FLOAT4 => (f as f32).to_sql(ty, out),
        Type::FLOAT8 => f.to_sql(ty, out),
        Type::INT2 | Type::INT4 | Type::INT8 | Type::OID => {
            if f.fract() != 0.0 || !f.is_finite() || f.abs() >= 9.223_372_036_854_776e18 {
                return Err(invalid(ty));
            }
            int(f as i64, ty, out)
        }
        Type::JSON | Type::JSONB => serde_json::Number::from_f64(f)
            .map(serde_json::Value::Number)
            .ok_or_else(|| invalid(ty))?
            .to_sql(ty, out),
        _ if TEXTS.contains(ty) => f.to_string().as_str().to_sql(ty, out),
        _ => Err(invalid(ty)),
    }
}

fn boolean(b: bool, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
    match *ty {
        Type::BOOL => b.to_sql(ty, out),
        Type::INT2 | Type::INT4 | Type::INT8 | Type::OID | Type::FLOAT4 | Type::FLOAT8 => {
            int(i64::from(b), ty, out)
        }
        Type::JSON | Type::JSONB => serde_json::Value::Bool(b).to_sql(ty, out),
        _ if TEXTS.contains(ty) => (if b { "true" } else { "false" }).to_sql(ty, out),
        _ => Err(invalid(ty)),
    }
}

fn text(s: &str, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
    let bad = || invalid(ty);
    match *ty {
        Type::UUID => uuid::Uuid::parse_str(s.trim())
            .map_err(|_| bad())?
            .to_sql(ty, out),
        Type::TIMESTAMPTZ => timestamp(s).ok_or_else(bad)?.to_sql(ty, out),
        Type::TIMESTAMP => timestamp(s).ok_or_else(bad)?.naive_utc().to_sql(ty, out),
        Type::DATE => date(s).ok_or_else(bad)?.to_sql(ty, out),
        Type::INT2 | Type::INT4 | Type::INT8 | Type::OID => {
            int(s.trim().parse::<i64>().map_err(|_| bad())?, ty, out)
        }
        Type::FLOAT4 | Type::FLOAT8 => float(s.trim().parse::<f64>().map_err(|_| bad())?, ty, out),
        Type::BOOL => parse_bool(s).ok_or_else(bad)?.to_sql(ty, out),
        Type::JSON | Type::JSONB => serde_json::from_str::<serde_json::Value>(s)
            .unwrap_or_else(|_| serde_json::Value::String(s.to_owned()))
            .to_sql(ty, out),
        Type::BYTEA => s.as_bytes().to_sql(ty, out),
        _ => s.to_sql(ty, out),
    }
}

fn json(j: &serde_json::Value, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
    if *ty == Type::JSON || *ty == Type::JSONB {
        return j.to_sql(ty, out);
    }
    if TEXTS.contains(ty) {
        return serde_json::to_string(j)?.as_str().to_sql(ty, out);
    }
    match j {
        serde_json::Value::Null => Ok(IsNull::Yes),
        serde_json::Value::Bool(b) => boolean(*b, ty, out),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => int(i, ty, out),
            None => float(n.as_f64().ok_or_else(|| invalid(ty))?, ty, out),
        },
        serde_json::Value::String(s) => text(s, ty, out),
        _ => Err(invalid(ty)),
    }
}

/// An RFC 3339 timestamp or `YYYY-MM-DD[ HH:MM:SS]`, as UTC.
fn timestamp(s: &str) -> Option<DateTime<Utc>> {
    let formatted = basalt_types::parse_datetime(s.trim())?;
    DateTime::parse_from_rfc3339(&formatted)
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

fn date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .or_else(|| timestamp(s).map(|t| t.date_naive()))
}

fn parse_bool(s: &str) -> Option<bool> {
    match s.trim().to_ascii_lowercase().as_str() {
        "true" | "t" | "1" | "yes" | "y" | "on" => Some(true),
        "false" | "f" | "0" | "no" | "n" | "off" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn encode(v: Value, ty: Type) -> Result<Vec<u8>, String> {
        let mut out = BytesMut::new();
        Param(&v)
            .to_sql(&ty, &mut out)
            .map(|_| out.to_vec())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn converts_by_parameter_type() {
        assert_eq!(encode(Value::Int(7), Type::TEXT).unwrap(), b"7");
        assert_eq!(encode(Value::Int(7), Type::INT2).unwrap(), vec![0, 7]);
        assert!(encode(Value::Int(70_000), Type::INT2).is_err());
        assert!(encode(Value::Float(1.5), Type::INT4).is_err());
        assert_eq!(
            encode(Value::Float(2.0), Type::INT4).unwrap(),
            vec![0, 0, 0, 2]
        );
        assert_eq!(encode(Value::Bool(true), Type::TEXT).unwrap(), b"true");
        assert_eq!(
            encode(Value::Text("nope".into()), Type::UUID).unwrap_err(),
            "invalid input for a uuid parameter"
        );
        assert_eq!(
            encode(Value::Text("12".into()), Type::NUMERIC).unwrap(),
            b"12"
        );
        assert_eq!(
            encode(Value::Text("x".into()), Type::JSONB).unwrap(),
            b"\x01\"x\""
        );
        assert_eq!(
            encode(Value::Text("{\"a\":1}".into()), Type::JSONB).unwrap(),
            b"\x01{\"a\":1}"
        );
        assert_eq!(
            encode(
                Value::Json(serde_json::json!(["a", null])),
                Type::TEXT_ARRAY
            )
            .unwrap(),
            b"{\"a\",NULL}"
        );
        assert!(encode(
            Value::Text("2026-02-07T22:00:00Z".into()),
            Type::TIMESTAMPTZ
        )
        .is_ok());
        assert!(encode(Value::Text("soon".into()), Type::DATE).is_err());
    }
}
