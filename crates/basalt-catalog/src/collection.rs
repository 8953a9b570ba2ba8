//! A served collection: a table with its fields in column order, primary
//! key, rules, indexes, relations and options, ready for requests.

use crate::field::Field;
use crate::meta::CollectionMeta;
use crate::rules::RuleSet;
use basalt_engine::{ForeignKeyInfo, IndexInfo};
use basalt_query::Columns;

/// How the primary key is typed, which decides how path ids are parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PkKind {
    Text,
    Integer,
    Uuid,
}

/// One collection as every surface serves it.
#[derive(Debug, Clone)]
pub struct Collection {
    pub name: String,
    /// The fields every route serves, in column order (hidden ones excluded).
    pub fields: Vec<Field>,
    /// Server-only columns (`FieldDef::hidden`): the core's auth services
    /// read and write them by name; no record route sees them.
    pub hidden: Vec<Field>,
    /// The single-column primary key, if the table has one.
    pub pk: Option<(String, PkKind)>,
    pub rules: RuleSet,
    pub meta: CollectionMeta,
    pub indexes: Vec<IndexInfo>,
    pub foreign_keys: Vec<ForeignKeyInfo>,
}

impl Collection {
    /// The field named `name`.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.def.name == name)
    }

    /// True when `name` is a hidden (server-only) column.
    pub fn is_hidden(&self, name: &str) -> bool {
        self.hidden.iter().any(|f| f.def.name == name)
    }

    /// True when this is an auth collection (users and the like).
    pub fn is_auth(&self) -> bool {
        self.meta.auth
    }

    /// True when Basalt made the table and sets its system fields.
    pub fn managed(&self) -> bool {
        self.meta.managed
    }

    /// True when DELETE hides records instead of removing them.
    pub fn soft_delete(&self) -> bool {
        self.meta.soft_delete && self.field("deleted_at").is_some()
    }

    /// True when the collection has a full-text index.
    pub fn has_fts(&self) -> bool {
        !self.meta.fts.is_empty()
    }

    /// The fields full-text search covers.
    pub fn text_fields(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| f.ty().is_text() && !f.system)
    }
}

impl Columns for Collection {
    fn has_column(&self, name: &str) -> bool {
        self.field(name).is_some()
    }
}
