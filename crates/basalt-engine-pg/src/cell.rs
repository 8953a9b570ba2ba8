//! Reading cells back as Basalt [`Value`]s. [`Cell`] accepts every column
//! type and converts by type: integers → Int, floats and numeric → Float,
//! text-like → Text, uuid → hyphenated Text, timestamps → Basalt's
//! `2026-02-07T22:00:00.000Z`, date → `YYYY-MM-DD`, json/jsonb → Json,
//! bytea → Blob, arrays → Json arrays; anything else → its raw bytes as text
//! when they are UTF-8, else Null. Reading a cell never fails a request.

use basalt_types::Value;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use std::error::Error as StdError;
use tokio_postgres::types::{FromSql, Kind, Type};
use tokio_postgres::Row;

type BoxError = Box<dyn StdError + Sync + Send>;

/// One cell of any type.
pub(crate) struct Cell(pub Value);

impl<'a> FromSql<'a> for Cell {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<Self, BoxError> {
        Ok(Cell(match decode(ty, raw) {
            Ok(v) => v,
            Err(e) => {
                tracing::warn!(ty = %ty, error = %e, "unreadable PostgreSQL value");
                raw_text(raw)
            }
        }))
    }

    fn from_sql_null(_: &Type) -> Result<Self, BoxError> {
        Ok(Cell(Value::Null))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// Every cell of `row`, in column order.
pub(crate) fn row_values(row: &Row) -> Vec<Value> {
    (0..row.len())
        .map(|i| match row.try_get::<_, Cell>(i) {
            Ok(cell) => cell.0,
            Err(e) => {
                tracing::warn!(column = i, error = %e, "unreadable PostgreSQL cell");
                Value::Null
            }
        })
        .collect()
}

/// Basalt's timestamp format.
pub(crate) fn format_timestamp(t: &DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

fn raw_text(raw: &[u8]) -> Value {
    match std::str::from_utf8(raw) {
        Ok(s) => Value::Text(s.to_owned()),
        Err(_) => Value::Null,
    }
}

fn decode(ty: &Type, raw: &[u8]) -> Result<Value, BoxError> {
    Ok(match *ty {
        Type::INT2 => Value::Int(i16::from_sql(ty, raw)?.into()),
        Type::INT4 => Value::Int(i32::from_sql(ty, raw)?.into()),
        Type::INT8 => Value::Int(i64::from_sql(ty, raw)?),
        Type::OID => Value::Int(u32::from_sql(ty, raw)?.into()),
        Type::FLOAT4 => Value::Float(f32::from_sql(ty, raw)?.into()),
        Type::FLOAT8 => Value::Float(f64::from_sql(ty, raw)?),
        Type::NUMERIC => crate::numeric::decode(raw)?,
        Type::BOOL => Value::Bool(bool::from_sql(ty, raw)?),
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
            Value::Text(<&str>::from_sql(ty, raw)?.to_owned())
        }
        Type::CHAR => Value::Text(char::from(i8::from_sql(ty, raw)? as u8).to_string()),
        Type::UUID => Value::Text(uuid::Uuid::from_sql(ty, raw)?.to_string()),
        Type::TIMESTAMPTZ | Type::TIMESTAMP => match infinity(raw, 8) {
            Some(v) => v,
            None => {
                let t = NaiveDateTime::from_sql(&Type::TIMESTAMP, raw)?.and_utc();
                Value::Text(format_timestamp(&t))
            }
        },
        Type::DATE => match infinity(raw, 4) {
            Some(v) => v,
            None => Value::Text(NaiveDate::from_sql(ty, raw)?.format("%Y-%m-%d").to_string()),
        },
        Type::JSON | Type::JSONB => Value::Json(serde_json::Value::from_sql(ty, raw)?),
        Type::BYTEA => Value::Blob(raw.to_vec()),
        Type::INET | Type::CIDR => {
            Value::Text(std::net::IpAddr::from_sql(&Type::INET, raw)?.to_string())
        }
        Type::TIME => Value::Text(
            chrono::NaiveTime::from_sql(ty, raw)?
                .format("%H:%M:%S%.f")
                .to_string(),
        ),
        Type::INTERVAL => Value::Text(interval(raw)?),
        _ => match ty.kind() {
            Kind::Domain(inner) => decode(inner, raw)?,
            Kind::Array(_) => Value::Json(serde_json::Value::Array(
                Vec::<Cell>::from_sql(ty, raw)?
                    .into_iter()
                    .map(|c| c.0.to_json())
                    .collect(),
            )),
            Kind::Enum(_) => raw_text(raw),
            _ => printable_text(raw),
        },
    })
}

/// The raw bytes as text when they are printable UTF-8 (citext and other
/// text-like extension types), else Null.
fn printable_text(raw: &[u8]) -> Value {
    match std::str::from_utf8(raw) {
        Ok(s)
            if !s
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) =>
        {
            Value::Text(s.to_owned())
        }
        _ => Value::Null,
    }
}

/// An interval in PostgreSQL's own output style: `1 year 2 mons -3 days 04:05:06.5`.
fn interval(raw: &[u8]) -> Result<String, BoxError> {
    let bytes: [u8; 16] = raw.try_into().map_err(|_| "bad interval")?;
    let [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p] = bytes;
    let micros = i64::from_be_bytes([a, b, c, d, e, f, g, h]);
    let days = i32::from_be_bytes([i, j, k, l]);
    let months = i32::from_be_bytes([m, n, o, p]);
    let mut parts = Vec::new();
    let unit = |n: i64, one: &str| format!("{n} {one}{}", if n.abs() == 1 { "" } else { "s" });
    if months / 12 != 0 {
        parts.push(unit(i64::from(months / 12), "year"));
    }
    if months % 12 != 0 {
        parts.push(unit(i64::from(months % 12), "mon"));
    }
    if days != 0 {
        parts.push(unit(i64::from(days), "day"));
    }
    if micros != 0 || parts.is_empty() {
        let sign = if micros < 0 { "-" } else { "" };
        let total = micros.unsigned_abs();
        let secs = total / 1_000_000;
        let mut time = format!(
            "{sign}{:02}:{:02}:{:02}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        );
        let frac = total % 1_000_000;
        if frac != 0 {
            time.push_str(format!(".{frac:06}").trim_end_matches('0'));
        }
        parts.push(time);
    }
    Ok(parts.join(" "))
}

/// `infinity`/`-infinity` for the extreme values of a timestamp (8 bytes)
/// or date (4 bytes).
fn infinity(raw: &[u8], width: usize) -> Option<Value> {
    let (max, min): (&[u8], &[u8]) = if width == 8 {
        (
            &[0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
            &[0x80, 0, 0, 0, 0, 0, 0, 0],
        )
    } else {
        (&[0x7f, 0xff, 0xff, 0xff], &[0x80, 0, 0, 0])
    };
    if raw == max {
        Some(Value::Text("infinity".into()))
    } else if raw == min {
        Some(Value::Text("-infinity".into()))
    } else {
        None
    }
}
