//! Relations between collections, derived from relation fields (and the
//! foreign keys behind them) as AllYourBase names them: a field `author_id`
//! pointing at `authors` is the many-to-one relation `author` of its
//! collection (a field without the `_id` suffix keeps its own name), and the
//! one-to-many relation `posts` of `authors` (named after the collection that
//! points back). `expand=` and `/api/schema` read these.

use crate::Basalt;
use basalt_catalog::{Collection, FieldType, Snapshot};
use basalt_types::Result;

/// The direction of a relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelationKind {
    /// Each record points at (at most) one record of the other collection.
    ManyToOne,
    /// Records of the other collection point at each record.
    OneToMany,
}

impl RelationKind {
    /// `many-to-one` or `one-to-many`.
    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::ManyToOne => "many-to-one",
            RelationKind::OneToMany => "one-to-many",
        }
    }
}

/// One relation of a collection: records of `from_table` whose
/// `from_column` equals `to_column` of records of `to_table`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relation {
    /// The key under `expand` (and the name `expand=` takes).
    pub name: String,
    pub kind: RelationKind,
    pub from_table: String,
    pub from_column: String,
    pub to_table: String,
    pub to_column: String,
}

/// The column of `target` a relation field points at: the foreign key's
/// target column when the table has one, else the target's primary key.
fn target_column(owner: &Collection, field: &str, target: &Collection) -> Option<String> {
    owner
        .foreign_keys
        .iter()
        .find(|fk| fk.column == field && fk.target_table == target.name)
        .map(|fk| fk.target_column.clone())
        .or_else(|| target.pk.as_ref().map(|(pk, _)| pk.clone()))
}

/// `(field, target collection)` for every relation field of `coll`.
fn relation_fields<'a>(
    snapshot: &'a Snapshot,
    coll: &'a Collection,
) -> impl Iterator<Item = (&'a str, &'a Collection)> + 'a {
    coll.fields.iter().filter_map(move |f| {
        if f.ty() != FieldType::Relation {
            return None;
        }
        let target = snapshot.get(f.def.collection.as_deref()?)?;
        Some((f.name(), target.as_ref()))
    })
}

/// Every relation of `coll`: its many-to-one relations first (in field
/// order), then the one-to-many ones (by collection name).
pub(crate) fn relations_of(snapshot: &Snapshot, coll: &Collection) -> Vec<Relation> {
    let mut out = Vec::new();
    for (field, target) in relation_fields(snapshot, coll) {
        let Some(to_column) = target_column(coll, field, target) else {
            continue;
        };
        let name = field
            .strip_suffix("_id")
            .filter(|n| !n.is_empty())
            .unwrap_or(field);
        out.push(Relation {
            name: name.to_string(),
            kind: RelationKind::ManyToOne,
            from_table: coll.name.clone(),
            from_column: field.to_string(),
            to_table: target.name.clone(),
            to_column,
        });
    }
    for other in snapshot.collections.values() {
        for (field, target) in relation_fields(snapshot, other) {
            if target.name != coll.name {
                continue;
            }
            let Some(from_column) = target_column(other, field, coll) else {
                continue;
            };
            out.push(Relation {
                name: other.name.clone(),
                kind: RelationKind::OneToMany,
                from_table: coll.name.clone(),
                from_column,
                to_table: other.name.clone(),
                to_column: field.to_string(),
            });
        }
    }
    out
}

impl Basalt {
    /// Every relation of `collection` (404 when it does not exist).
    pub fn relations(&self, collection: &str) -> Result<Vec<Relation>> {
        let coll = self.collection(collection)?;
        Ok(relations_of(&self.catalog.snapshot(), &coll))
    }
}
