//! Input validation: a JSON body becomes typed column values for one
//! collection. Unknown fields, wrong types, missing required fields and
//! broken min/max/pattern/select/e-mail/URL constraints are all reported at
//! once as a 400 with one entry per field in `data`.

use basalt_catalog::{Collection, Field, FieldType, PkKind};
use basalt_types::{new_id, now_rfc3339, parse_date, parse_datetime, Error, Result, Value};
use serde_json::{json, Map, Value as Json};

/// Whether a body creates a record or changes some of its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValidationMode {
    Create,
    Update,
    /// A full replacement: absent fields reset to their defaults.
    Replace,
}

/// Validates `body` and returns the columns to write, system fields included.
pub(crate) fn validate(
    coll: &Collection,
    body: &Map<String, Json>,
    mode: ValidationMode,
) -> Result<Vec<(String, Value)>> {
    let mut out: Vec<(String, Value)> = Vec::with_capacity(body.len() + 3);
    let mut errors = Map::new();
    let managed = coll.managed();
    for (key, raw) in body {
        let Some(field) = coll.field(key) else {
            errors.insert(
                key.clone(),
                json!({"code": "unknown_field", "message": format!("unknown field '{key}'")}),
            );
            continue;
        };
        if field.system {
            // `id` may be chosen by the client on create; timestamps are Basalt's.
            if field.name() == "id" && mode == ValidationMode::Create {
                match raw {
                    Json::String(s)
                        if !s.is_empty() && s.len() <= 255 && !s.chars().any(char::is_control) =>
                    {
                        out.push(("id".into(), Value::Text(s.clone())));
                    }
                    _ => {
                        errors.insert("id".into(), json!({"code": "validation_invalid", "message": "id must be a non-empty string of at most 255 characters"}));
                    }
                }
            }
            continue;
        }
        if field.primary_key && mode != ValidationMode::Create {
            continue;
        }
        match convert(field, raw) {
            Ok(v) => {
                if v.is_null() && (field.def.required || (field.not_null && !field.primary_key)) {
                    errors.insert(
                        key.clone(),
                        json!({"code": "validation_required", "message": "cannot be blank"}),
                    );
                } else {
                    out.push((key.clone(), v));
                }
            }
            Err(message) => {
                errors.insert(
                    key.clone(),
                    json!({"code": "validation_invalid", "message": message}),
                );
            }
        }
    }
    if mode != ValidationMode::Update {
        for field in coll
            .fields
            .iter()
            .filter(|f| !f.system && !body.contains_key(f.name()))
        {
            if let Some(default) = &field.def.default {
                match convert(field, default) {
                    Ok(v) => out.push((field.name().to_string(), v)),
                    Err(m) => {
                        errors.insert(
                            field.name().into(),
                            json!({"code": "validation_invalid", "message": m}),
                        );
                    }
                }
            } else if field.def.required
                || (field.not_null && !field.has_default && !field.primary_key)
            {
                errors.insert(
                    field.name().into(),
                    json!({"code": "validation_required", "message": "cannot be blank"}),
                );
            } else if mode == ValidationMode::Replace && !field.primary_key {
                out.push((field.name().to_string(), Value::Null));
            }
        }
    }
    if !errors.is_empty() {
        let names: Vec<&str> = errors.keys().map(String::as_str).collect();
        let message = if errors.values().any(|e| e["code"] == "unknown_field") {
            format!("unknown or invalid fields: {}", names.join(", "))
        } else {
            format!("validation failed: {}", names.join(", "))
        };
        let mut e = Error::bad_request(message);
        e.data = errors;
        return Err(e);
    }
    if managed {
        let now = now_rfc3339();
        if mode == ValidationMode::Create {
            if !out.iter().any(|(c, _)| c == "id")
                && matches!(coll.pk, Some((_, PkKind::Text | PkKind::Uuid)))
            {
                out.insert(0, ("id".into(), Value::Text(new_id())));
            }
            out.push(("created_at".into(), Value::Text(now.clone())));
        }
        out.push(("updated_at".into(), Value::Text(now)));
    }
    Ok(out)
}

/// Checks a field's `default` with the same conversion writes use.
pub(crate) fn check_default(def: &basalt_catalog::FieldDef) -> std::result::Result<(), String> {
    let Some(default) = &def.default else {
        return Ok(());
    };
    let field = Field {
        def: def.clone(),
        system: false,
        not_null: false,
        has_default: false,
        primary_key: false,
        pattern: def
            .pattern
            .as_deref()
            .and_then(|p| regex::Regex::new(p).ok()),
    };
    convert(&field, default).map(|_| ())
}

fn bounds(field: &Field, n: f64, what: &str) -> std::result::Result<(), String> {
    if let Some(min) = field.def.min {
        if n < min {
            return Err(format!("{what} must be at least {min}"));
        }
    }
    if let Some(max) = field.def.max {
        if n > max {
            return Err(format!("{what} must be at most {max}"));
        }
    }
    Ok(())
}

fn text<'a>(raw: &'a Json, ty: &str) -> std::result::Result<&'a str, String> {
    raw.as_str().ok_or_else(|| format!("must be {ty}"))
}

/// Converts one JSON value to the column value of `field`.
fn convert(field: &Field, raw: &Json) -> std::result::Result<Value, String> {
    if raw.is_null() {
        return Ok(Value::Null);
    }
    let v = match field.ty() {
        FieldType::Text | FieldType::File => {
            let s = text(raw, "a string")?;
            bounds(field, s.chars().count() as f64, "length")?;
            Value::Text(s.to_string())
        }
        FieldType::Email => {
            let s = text(raw, "a string")?;
            if !is_email(s) {
                return Err("must be a valid e-mail address".into());
            }
            bounds(field, s.chars().count() as f64, "length")?;
            Value::Text(s.to_string())
        }
        FieldType::Url => {
            let s = text(raw, "a string")?;
            match url::Url::parse(s) {
                Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {}
                _ => return Err("must be a valid http(s) URL".into()),
            }
            bounds(field, s.chars().count() as f64, "length")?;
            Value::Text(s.to_string())
        }
        FieldType::Select => {
            let s = text(raw, "a string")?;
            let allowed = field.def.values.as_deref().unwrap_or(&[]);
            if !allowed.is_empty() && !allowed.iter().any(|a| a == s) {
                return Err(format!("must be one of: {}", allowed.join(", ")));
            }
            Value::Text(s.to_string())
        }
        FieldType::Uuid => {
            let s = text(raw, "a UUID string")?;
            uuid::Uuid::parse_str(s).map_err(|_| "must be a valid UUID".to_string())?;
            Value::Text(s.to_ascii_lowercase())
        }
        FieldType::Relation => match raw {
            Json::String(s) if !s.is_empty() => Value::Text(s.clone()),
            Json::Number(n) if n.is_i64() => Value::Int(n.as_i64().unwrap_or_default()),
            _ => return Err("must be the id of a related record".into()),
        },
        FieldType::Integer => {
            let i = match raw {
                Json::Number(n) => n.as_i64().or_else(|| {
                    n.as_f64()
                        .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                        .map(|f| f as i64)
                }),
                _ => None,
            }
            .ok_or("must be an integer")?;
            bounds(field, i as f64, "value")?;
            Value::Int(i)
        }
        FieldType::Number => {
            let n = raw.as_f64().ok_or("must be a number")?;
            bounds(field, n, "value")?;
            Value::Float(n)
        }
        FieldType::Boolean => Value::Bool(raw.as_bool().ok_or("must be a boolean")?),
        FieldType::Json => Value::Json(raw.clone()),
        FieldType::Vector => {
            let arr = raw.as_array().ok_or("must be an array of numbers")?;
            if arr.iter().any(|x| !x.is_number()) {
                return Err("must be an array of numbers".into());
            }
            if let Some(d) = field.def.dimensions {
                if arr.len() != d as usize {
                    return Err(format!("must have {d} dimensions"));
                }
            }
            Value::Json(raw.clone())
        }
        FieldType::Datetime => {
            let s = text(raw, "an RFC 3339 date-time string")?;
            Value::Text(parse_datetime(s).ok_or("must be an RFC 3339 date-time")?)
        }
        FieldType::Date => {
            let s = text(raw, "a YYYY-MM-DD date string")?;
            Value::Text(parse_date(s).ok_or("must be a YYYY-MM-DD date")?)
        }
    };
    if let (Some(re), Value::Text(s)) = (&field.pattern, &v) {
        if !re.is_match(s) {
            return Err(format!("must match the pattern {}", re.as_str()));
        }
    }
    Ok(v)
}

/// A pragmatic e-mail check: one `@`, a non-empty local part, a dotted
/// domain, no spaces.
fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && s.len() <= 254
}
