//! Naming rules for collections and fields: identifiers only, bounded
//! length, no names a surface uses as a path segment, no Basalt-internal
//! prefixes. Every identifier that reaches SQL text has passed these or been
//! read from the catalog.

use basalt_types::{Error, Result};

/// Path segments of the five surfaces; a collection may not take these names.
const RESERVED: &[&str] = &[
    "admin",
    "auth",
    "storage",
    "tables",
    "table",
    "dynamic",
    "dynamic-gql",
    "files",
    "graphql",
    "realtime",
    "health",
    "metrics",
    "collections",
    "schema",
    "schemas",
    "doc",
    "docs",
    "openapi",
    "openapi.json",
    "pocket",
    "migrations",
    "setup-db",
    "settings",
    "action",
    "api",
    "push",
    "rpc",
    "sql",
    "batch",
    "bulk",
    "count",
    "aggregate",
    "jobs",
    "hooks",
    "buckets",
    "users",
    "sessions",
    "relations",
    "backup",
    "stats",
    "restart",
];

/// True when `name` is a path segment of some surface.
pub fn is_reserved(name: &str) -> bool {
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(name))
}

fn identifier(kind: &str, name: &str) -> Result<()> {
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    if !first_ok || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(Error::bad_request(format!(
            "invalid {kind} name '{name}': use letters, digits and '_', starting with a letter or '_'"
        ))
        .with_data("name", name));
    }
    if name.len() > 63 {
        return Err(Error::bad_request(format!(
            "invalid {kind} name '{name}': at most 63 characters"
        )));
    }
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("_basalt") || lower.starts_with("sqlite_") || lower.starts_with("pg_") {
        return Err(Error::bad_request(format!(
            "invalid {kind} name '{name}': the prefix is reserved"
        )));
    }
    Ok(())
}

/// Checks a new collection name.
pub fn check_collection_name(name: &str) -> Result<()> {
    identifier("collection", name)?;
    if is_reserved(name) || name.contains("__fts") {
        return Err(Error::bad_request(format!(
            "invalid collection name '{name}': the name is reserved"
        ))
        .with_data("name", name));
    }
    Ok(())
}

/// Checks a new field name.
pub fn check_field_name(name: &str) -> Result<()> {
    identifier("field", name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(check_collection_name("posts").is_ok());
        assert!(check_collection_name("Product_2").is_ok());
        for bad in [
            "",
            "2posts",
            "po sts",
            "a;drop",
            "auth",
            "Admin",
            "_basalt_x",
            "x\"y",
            "é",
        ] {
            assert!(check_collection_name(bad).is_err(), "{bad}");
        }
        assert!(check_field_name(&"a".repeat(64)).is_err());
    }
}
