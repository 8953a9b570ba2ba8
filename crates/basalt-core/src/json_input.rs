//! Reading request bodies into typed values strictly: a shape that must be
//! an object is refused when it is anything else (serde would otherwise read
//! a JSON array as a struct), unknown keys are refused by the types.

use basalt_types::{Error, Result};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value as Json;

/// `v` as `T`, refusing anything but a JSON object.
pub(crate) fn object_from<T: DeserializeOwned>(v: Json, what: &str) -> Result<T> {
    if !v.is_object() {
        return Err(Error::bad_request(format!(
            "invalid {what}: expected a JSON object"
        )));
    }
    serde_json::from_value(v).map_err(|e| Error::bad_request(format!("invalid {what}: {e}")))
}

/// Refuses `v[key]` unless it is absent or an array of objects.
pub(crate) fn objects_in(v: &Json, key: &str, what: &str) -> Result<()> {
    match v.get(key) {
        None | Some(Json::Null) => Ok(()),
        Some(Json::Array(items)) if items.iter().all(Json::is_object) => Ok(()),
        Some(_) => Err(Error::bad_request(format!(
            "invalid {what}: '{key}' must be an array of objects"
        ))),
    }
}

/// Refuses `v` unless every value in it is an object.
pub(crate) fn object_values(v: &Json, what: &str) -> Result<()> {
    match v {
        Json::Object(m) if m.values().all(Json::is_object) => Ok(()),
        _ => Err(Error::bad_request(format!(
            "invalid {what}: expected an object of objects"
        ))),
    }
}

/// For `Option<Option<T>>` fields: absent → `None`, `null` → `Some(None)`.
pub(crate) fn nullable<'de, D, T>(d: D) -> std::result::Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}
