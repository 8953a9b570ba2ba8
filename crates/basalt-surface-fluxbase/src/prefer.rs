//! What a client asks for through `Prefer` (RFC 7240, as PostgREST reads
//! it: `return=representation|minimal`, `count=exact|planned|estimated`,
//! `resolution=…`; several values per header and several headers alike) and
//! `Accept` (`application/vnd.pgrst.object+json` for one object,
//! `;nulls=stripped` to drop null fields). Unknown preferences are ignored.

use axum::http::header::ACCEPT;
use axum::http::HeaderMap;

/// The `return` preference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Return {
    /// None given: Fluxbase's default (the written records).
    #[default]
    Unset,
    /// `return=representation`: the records, as an array.
    Representation,
    /// `return=minimal` (or `headers-only`): no body.
    Minimal,
}

/// The preferences of one request.
#[derive(Debug, Clone, Default)]
pub(crate) struct Preferences {
    pub ret: Return,
    /// `count=exact|planned|estimated`: count every matching row.
    pub count: bool,
    /// `resolution=merge-duplicates|ignore-duplicates` (an upsert).
    pub upsert: bool,
    /// `Accept: application/vnd.pgrst.object+json`: one object, not an array.
    pub single: bool,
    /// `nulls=stripped` in `Accept`: leave null fields out.
    pub strip_nulls: bool,
}

impl Preferences {
    pub(crate) fn read(headers: &HeaderMap) -> Preferences {
        let mut p = Preferences::default();
        for value in headers.get_all("prefer") {
            let Ok(value) = value.to_str() else { continue };
            for pref in value.split(',').map(str::trim) {
                let (key, val) = pref.split_once('=').unwrap_or((pref, ""));
                match (key.trim(), val.trim()) {
                    ("return", "representation") => p.ret = Return::Representation,
                    ("return", "minimal" | "headers-only") => p.ret = Return::Minimal,
                    ("count", "exact" | "planned" | "estimated") => p.count = true,
                    ("resolution", _) => p.upsert = true,
                    _ => {}
                }
            }
        }
        for value in headers.get_all(ACCEPT) {
            let Ok(value) = value.to_str() else { continue };
            let value = value.to_ascii_lowercase();
            if value.contains("application/vnd.pgrst.object+json") {
                p.single = true;
            }
            if value.contains("nulls=stripped") {
                p.strip_nulls = true;
            }
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn reads_every_spelling() {
        let mut h = HeaderMap::new();
        h.append(
            "prefer",
            HeaderValue::from_static("return=representation, count=exact"),
        );
        h.append("prefer", HeaderValue::from_static("missing=default"));
        h.append(
            ACCEPT,
            HeaderValue::from_static("application/vnd.pgrst.object+json;nulls=stripped"),
        );
        let p = Preferences::read(&h);
        assert_eq!(p.ret, Return::Representation);
        assert!(p.count && p.single && p.strip_nulls && !p.upsert);

        let mut h = HeaderMap::new();
        h.append(
            "prefer",
            HeaderValue::from_static("return=minimal,resolution=merge-duplicates"),
        );
        let p = Preferences::read(&h);
        assert_eq!(p.ret, Return::Minimal);
        assert!(p.upsert && !p.count && !p.single);
        assert_eq!(Preferences::read(&HeaderMap::new()).ret, Return::Unset);
    }
}
