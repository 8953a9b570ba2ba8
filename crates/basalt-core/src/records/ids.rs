//! Path ids to key values: an integer primary key takes integers only, a
//! uuid key takes uuids only (anything else is a 404 on every engine), a
//! text key takes the text as given.

use basalt_catalog::{Collection, PkKind};
use basalt_types::{Error, Result, Value};

/// The key value for `id`, or 404 when it cannot be a key of this collection.
pub(crate) fn parse_id(coll: &Collection, id: &str) -> Result<Value> {
    let Some((_, kind)) = &coll.pk else {
        return Err(Error::bad_request(format!(
            "collection '{}' has no single-column primary key",
            coll.name
        )));
    };
    match kind {
        PkKind::Integer => id
            .parse::<i64>()
            .map(Value::Int)
            .map_err(|_| Error::not_found("record not found")),
        // Not a uuid cannot be a key: 404 on every engine.
        PkKind::Uuid => uuid::Uuid::parse_str(id)
            .map(|u| Value::Text(u.to_string()))
            .map_err(|_| Error::not_found("record not found")),
        PkKind::Text => Ok(Value::Text(id.to_string())),
    }
}
