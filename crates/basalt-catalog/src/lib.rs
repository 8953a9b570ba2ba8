//! Basalt's catalog: what collections exist, their fields and types, keys,
//! relations, indexes and parsed access rules. Built from the engine's
//! description of the database plus Basalt's metadata rows, held as an
//! immutable [`Snapshot`] that [`Catalog`] swaps atomically on every schema
//! change, so requests never query the schema.
#![deny(clippy::unwrap_used, clippy::panic, clippy::todo)]

mod build;
mod collection;
mod field;
mod meta;
mod names;
mod rules;

use arc_swap::ArcSwap;
use std::collections::BTreeMap;
use std::sync::Arc;

pub use build::{build_snapshot, SYSTEM_FIELDS};
pub use collection::{Collection, PkKind};
pub use field::{Field, FieldDef, FieldType};
pub use meta::{CollectionMeta, RulesDef};
pub use names::{check_collection_name, check_field_name, is_reserved};
pub use rules::{Rule, RuleSet};

/// Every collection, by name (case-sensitive).
#[derive(Debug, Default)]
pub struct Snapshot {
    pub collections: BTreeMap<String, Arc<Collection>>,
}

impl Snapshot {
    /// The collection with exactly this name.
    pub fn get(&self, name: &str) -> Option<&Arc<Collection>> {
        self.collections.get(name)
    }

    /// A collection whose name equals `name` ignoring case, if any.
    pub fn get_ignore_case(&self, name: &str) -> Option<&Arc<Collection>> {
        self.collections
            .values()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }
}

/// The live catalog: a snapshot that readers load without locking.
#[derive(Debug, Default)]
pub struct Catalog {
    current: ArcSwap<Snapshot>,
}

impl Catalog {
    /// The current snapshot.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current.load_full()
    }

    /// Replaces the snapshot.
    pub fn replace(&self, snapshot: Snapshot) {
        self.current.store(Arc::new(snapshot));
    }
}
