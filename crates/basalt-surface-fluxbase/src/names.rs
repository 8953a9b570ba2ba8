//! "Endpoints are pluralized automatically": the table a path names is the
//! collection of exactly that name when there is one, else the collection
//! whose singular or plural form it is (`/tables/posts` reaches `post`),
//! resolved from the live catalog snapshot with the `pluralizer` crate.

use basalt_core::Basalt;

/// The longest name worth inflecting.
const MAX_NAME: usize = 64;

fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    s.len() <= MAX_NAME
        && chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The collection name `requested` stands for; unresolved names come back
/// as given (so the core's 404 names them).
pub(crate) fn resolve(core: &Basalt, requested: &str) -> String {
    let snapshot = core.catalog.snapshot();
    if snapshot.get(requested).is_some() || !is_name(requested) {
        return requested.to_string();
    }
    for count in [1, 2] {
        let candidate = pluralizer::pluralize(requested, count, false);
        if candidate != requested && snapshot.get(&candidate).is_some() {
            return candidate;
        }
    }
    requested.to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn inflections() {
        assert_eq!(pluralizer::pluralize("posts", 1, false), "post");
        assert_eq!(pluralizer::pluralize("post", 2, false), "posts");
        assert_eq!(pluralizer::pluralize("categories", 1, false), "category");
        assert_eq!(pluralizer::pluralize("person", 2, false), "people");
    }
}
