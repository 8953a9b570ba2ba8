//! The metadata Basalt keeps per collection it manages (one JSON document in
//! `_basalt_collections`): field definitions with their options, rules, and
//! collection options the database itself cannot express.

use crate::field::FieldDef;
use serde::{Deserialize, Serialize};

/// The five access rules as written (`None` = admin only).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulesDef {
    #[serde(default)]
    pub list: Option<String>,
    #[serde(default)]
    pub view: Option<String>,
    #[serde(default)]
    pub create: Option<String>,
    #[serde(default)]
    pub update: Option<String>,
    #[serde(default)]
    pub delete: Option<String>,
}

/// What Basalt stores about a collection beyond the table itself.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CollectionMeta {
    /// True when Basalt made the table (and so its system fields).
    #[serde(default)]
    pub managed: bool,
    #[serde(default)]
    pub fields: Vec<FieldDef>,
    #[serde(default)]
    pub rules: RulesDef,
    #[serde(default)]
    pub soft_delete: bool,
    #[serde(default)]
    pub auth: bool,
    /// The text fields the full-text index covers (empty: no index).
    #[serde(default)]
    pub fts: Vec<String>,
}
