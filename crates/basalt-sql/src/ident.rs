//! Quoting of identifiers for the few statements sea-query cannot build
//! (FTS5 tables and triggers). Names reaching here come from the catalog or
//! passed its naming rules; quoting is the second fence.

/// `name` as a double-quoted SQL identifier, inner quotes doubled.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
