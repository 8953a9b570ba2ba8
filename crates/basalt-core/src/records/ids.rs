//! Path ids to key values: an integer primary key takes integers only, a
//! text or uuid key takes the text as given.

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
        PkKind::Text | PkKind::Uuid => Ok(Value::Text(id.to_string())),
    }
}
