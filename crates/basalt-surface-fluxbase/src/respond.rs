//! PostgREST's answers: records shaped by `select` (aliases applied, nulls
//! stripped on request), arrays or one object (`406` when one object was
//! asked for and the result has zero or several rows), `Content-Range`, and
//! the empty bodies of `return=minimal`.

use crate::prefer::{Preferences, Return};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use basalt_core::query::parse::SelectItem;
use serde_json::{json, Map, Value};

/// A record with only the selected columns, under their aliases.
fn shape_one(record: Value, select: Option<&[SelectItem]>, strip_nulls: bool) -> Value {
    let Value::Object(mut obj) = record else {
        return record;
    };
    if let Some(items) = select {
        let mut out = Map::with_capacity(items.len());
        for i in items {
            let v = obj.get(&i.column).cloned().unwrap_or(Value::Null);
            out.insert(i.alias.clone().unwrap_or_else(|| i.column.clone()), v);
        }
        obj = out;
    }
    if strip_nulls {
        obj.retain(|_, v| !v.is_null());
    }
    Value::Object(obj)
}

/// Every record shaped for the answer.
pub(crate) fn shape(
    records: Vec<Value>,
    select: &Option<Vec<SelectItem>>,
    prefs: &Preferences,
) -> Vec<Value> {
    records
        .into_iter()
        .map(|r| shape_one(r, select.as_deref(), prefs.strip_nulls))
        .collect()
}

/// `FIRST-LAST/TOTAL` (`*` for an unknown total; `*/TOTAL` when empty).
pub(crate) fn content_range(offset: u64, rows: usize, total: Option<u64>) -> String {
    let total = total.map_or_else(|| "*".to_string(), |t| t.to_string());
    match rows {
        0 => format!("*/{total}"),
        n => format!("{offset}-{}/{total}", offset + n as u64 - 1),
    }
}

/// 406: one object was asked for, `rows` came back.
pub(crate) fn not_acceptable(rows: usize) -> Response {
    let msg = format!(
        "JSON object requested, multiple (or no) rows returned: the result contains {rows} rows"
    );
    let body = json!({"error": msg, "code": 406, "message": msg, "data": {"rows": rows}});
    (StatusCode::NOT_ACCEPTABLE, Json(body)).into_response()
}

fn with_range(mut res: Response, range: Option<String>) -> Response {
    if let Some(v) = range.and_then(|r| HeaderValue::from_str(&r).ok()) {
        res.headers_mut().insert(header::CONTENT_RANGE, v);
    }
    res
}

/// The answer to a read or write that produced `records`: `status` with an
/// array (or, with `Accept: …object+json`, the one object, else 406);
/// `return=minimal` gives `minimal_status` and no body. `object_default`:
/// with no `return` preference, answer the first record as an object
/// (Fluxbase's single insert).
pub(crate) fn records(
    status: StatusCode,
    minimal_status: StatusCode,
    records: Vec<Value>,
    prefs: &Preferences,
    object_default: bool,
    range: Option<String>,
) -> Response {
    if prefs.ret == Return::Minimal {
        return with_range(minimal_status.into_response(), range);
    }
    let res = if prefs.single || (object_default && prefs.ret == Return::Unset) {
        if records.len() != 1 {
            return not_acceptable(records.len());
        }
        let one = records.into_iter().next().unwrap_or(Value::Null);
        (status, Json(one)).into_response()
    } else {
        (status, Json(Value::Array(records))).into_response()
    };
    with_range(res, range)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(content_range(0, 20, Some(42)), "0-19/42");
        assert_eq!(content_range(10, 5, None), "10-14/*");
        assert_eq!(content_range(0, 0, Some(0)), "*/0");
        assert_eq!(content_range(5, 0, None), "*/*");
    }

    #[test]
    fn shaping() {
        let rec = json!({"id": 1, "title": "a", "body": null});
        let select = Some(vec![
            SelectItem {
                column: "title".into(),
                alias: Some("name".into()),
            },
            SelectItem {
                column: "body".into(),
                alias: None,
            },
        ]);
        let prefs = Preferences::default();
        assert_eq!(
            shape(vec![rec.clone()], &select, &prefs),
            vec![json!({"name": "a", "body": null})]
        );
        let strip = Preferences {
            strip_nulls: true,
            ..Preferences::default()
        };
        assert_eq!(
            shape(vec![rec], &None, &strip),
            vec![json!({"id": 1, "title": "a"})]
        );
    }
}
