//! One Teenybase request's parameters, from a query string or a JSON body
//! alike: `where` (Teenybase grammar), `order`/`sort`, `limit`, `offset`,
//! `select` and `returning`, each a string or (in a body) an array/number.

use basalt_core::query::parse::parse_teeny_where;
use basalt_core::query::{Filter, OrderKey};
use basalt_core::{Error, Result};
use basalt_surface_kit::Params;
use serde_json::{Map, Value as Json};

/// The parameters of one request.
pub(crate) struct Req(pub Map<String, Json>);

/// What a write answers with.
pub(crate) enum Returning {
    /// No `returning`: an empty array.
    Nothing,
    /// `"*"`: whole records.
    All,
    /// Only these fields.
    Fields(Vec<String>),
}

impl Req {
    /// Every query parameter as a string value (the first of repeated keys).
    pub(crate) fn from_params(p: &Params) -> Req {
        let mut m = Map::new();
        for (k, v) in &p.0 {
            m.entry(k.clone())
                .or_insert_with(|| Json::String(v.clone()));
        }
        Req(m)
    }

    /// A JSON body, which must be an object.
    pub(crate) fn from_body(body: Json) -> Result<Req> {
        match body {
            Json::Object(m) => Ok(Req(m)),
            _ => Err(Error::bad_request("the body must be a JSON object")),
        }
    }

    fn get(&self, key: &str) -> Option<&Json> {
        self.0.get(key).filter(|v| !v.is_null())
    }

    /// Refuses the parameters this surface does not serve yet.
    pub(crate) fn refuse(&self, keys: &[&str]) -> Result<()> {
        for k in keys {
            if self.get(k).is_some() {
                return Err(Error::bad_request(format!("`{k}` is not supported yet"))
                    .with_data("field", *k));
            }
        }
        Ok(())
    }

    /// `where` as a filter; `Const(true)` when absent.
    pub(crate) fn filter(&self) -> Result<Filter> {
        match self.get("where") {
            None => Ok(Filter::Const(true)),
            Some(Json::String(s)) => parse_teeny_where(s),
            Some(_) => {
                Err(Error::bad_request("`where` must be a string").with_data("field", "where"))
            }
        }
    }

    /// `where`, which must be present and not empty.
    pub(crate) fn required_filter(&self) -> Result<Filter> {
        match self.get("where") {
            Some(Json::String(s)) if !s.trim().is_empty() => parse_teeny_where(s),
            _ => Err(Error::bad_request(
                "`where` is required: a filter selecting the rows to change",
            )
            .with_data("field", "where")),
        }
    }

    /// A string (comma list) or array of strings as trimmed, non-empty items.
    fn list(&self, key: &str) -> Result<Option<Vec<String>>> {
        let bad = || {
            Error::bad_request(format!("`{key}` must be a string or an array of strings"))
                .with_data("field", key)
        };
        let items: Vec<String> = match self.get(key) {
            None => return Ok(None),
            Some(Json::String(s)) => s.split(',').map(str::to_string).collect(),
            Some(Json::Array(a)) => {
                let mut out = Vec::new();
                for v in a {
                    out.extend(v.as_str().ok_or_else(bad)?.split(',').map(str::to_string));
                }
                out
            }
            Some(_) => return Err(bad()),
        };
        Ok(Some(
            items
                .into_iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
        ))
    }

    /// `select`: `None` for every field (absent, empty or `*`).
    pub(crate) fn select(&self) -> Result<Option<Vec<String>>> {
        Ok(self
            .list("select")?
            .filter(|f| !f.is_empty() && !f.iter().any(|s| s == "*")))
    }

    /// `returning`.
    pub(crate) fn returning(&self) -> Result<Returning> {
        match self.list("returning")? {
            None => Ok(Returning::Nothing),
            Some(f) if f.iter().any(|s| s == "*") => Ok(Returning::All),
            Some(f) if f.is_empty() => Ok(Returning::Nothing),
            Some(f) => Ok(Returning::Fields(f)),
        }
    }

    /// `order` (or its alias `sort`): `-f`, `+f`, `f`, `f DESC`, `f ASC`.
    pub(crate) fn order(&self) -> Result<Vec<OrderKey>> {
        let key = if self.get("order").is_some() {
            "order"
        } else {
            "sort"
        };
        let mut keys = Vec::new();
        for item in self.list(key)?.unwrap_or_default() {
            let (field, descending) = if let Some(f) = item.strip_prefix('-') {
                (f.trim().to_string(), true)
            } else if let Some(f) = item.strip_prefix('+') {
                (f.trim().to_string(), false)
            } else {
                let mut words = item.split_whitespace();
                let field = words.next().unwrap_or("").to_string();
                let descending = match words.next().map(str::to_ascii_uppercase).as_deref() {
                    None | Some("ASC") => false,
                    Some("DESC") => true,
                    Some(_) => return Err(bad_order(&item)),
                };
                if words.next().is_some() {
                    return Err(bad_order(&item));
                }
                (field, descending)
            };
            if field.is_empty() || field.contains(char::is_whitespace) {
                return Err(bad_order(&item));
            }
            keys.push(OrderKey {
                field,
                descending,
                nulls: None,
            });
        }
        Ok(keys)
    }

    /// `limit` / `offset`: a non-negative integer (number or string).
    pub(crate) fn count(&self, key: &str) -> Result<Option<u64>> {
        let bad = || {
            Error::bad_request(format!("`{key}` must be a non-negative integer"))
                .with_data("field", key)
        };
        match self.get(key) {
            None => Ok(None),
            Some(Json::Number(n)) => n.as_u64().map(Some).ok_or_else(bad),
            Some(Json::String(s)) => s.trim().parse::<u64>().map(Some).map_err(|_| bad()),
            Some(_) => Err(bad()),
        }
    }
}

fn bad_order(item: &str) -> Error {
    Error::bad_request(format!(
        "invalid order '{item}': use -field, +field or 'field ASC|DESC'"
    ))
    .with_data("field", "order")
}
