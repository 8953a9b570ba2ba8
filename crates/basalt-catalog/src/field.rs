//! Field definitions: the types DESIGN.md lists, their options, and the
//! mapping from a database's declared column type back to a field type for
//! tables Basalt did not create.

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

/// The type of a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    Text,
    Integer,
    Number,
    Boolean,
    Json,
    Datetime,
    Date,
    Uuid,
    Email,
    Url,
    Select,
    Relation,
    File,
    Vector,
}

impl FieldType {
    /// Parses a type name as clients send it.
    pub fn parse(name: &str) -> Option<FieldType> {
        serde_json::from_value(Json::String(name.to_ascii_lowercase())).ok()
    }

    /// The type name as clients see it.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::Integer => "integer",
            FieldType::Number => "number",
            FieldType::Boolean => "boolean",
            FieldType::Json => "json",
            FieldType::Datetime => "datetime",
            FieldType::Date => "date",
            FieldType::Uuid => "uuid",
            FieldType::Email => "email",
            FieldType::Url => "url",
            FieldType::Select => "select",
            FieldType::Relation => "relation",
            FieldType::File => "file",
            FieldType::Vector => "vector",
        }
    }

    /// True for types whose values full-text search covers.
    pub fn is_text(self) -> bool {
        matches!(self, FieldType::Text | FieldType::Email | FieldType::Url)
    }

    /// True for types that `sum`/`avg` accept.
    pub fn is_numeric(self) -> bool {
        matches!(self, FieldType::Integer | FieldType::Number)
    }

    /// The field type for a column declared as `decl` (lower-cased) by SQL
    /// that Basalt did not write.
    pub fn from_decl(decl: &str) -> FieldType {
        let d = decl.trim().to_ascii_lowercase();
        let is_int = |d: &str| {
            d.contains("int") && !d.contains("interval") && !d.contains("point")
                || d.contains("serial")
        };
        if d.ends_with("[]") || d.contains("json") {
            FieldType::Json
        } else if d.contains("bool") {
            FieldType::Boolean
        } else if is_int(&d) {
            FieldType::Integer
        } else if ["real", "floa", "doub", "numeric", "decimal"]
            .iter()
            .any(|k| d.contains(k))
        {
            FieldType::Number
        } else if d.starts_with("timestamp") || d.contains("datetime") {
            FieldType::Datetime
        } else if d == "date" {
            FieldType::Date
        } else if d == "uuid" {
            FieldType::Uuid
        } else {
            FieldType::Text
        }
    }
}

/// A field as an admin defines it; stored in Basalt's metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    pub name: String,
    #[serde(rename = "type")]
    pub ty: FieldType,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub unique: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Json>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// Allowed values of a `select` field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    /// Target collection of a `relation` field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection: Option<String>,
    /// Length of a `vector` field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimensions: Option<u32>,
    /// What deleting the target does to a `relation`: cascade, set_null, restrict.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_delete: Option<String>,
    /// A server-only column (a password hash, a 2FA secret): never returned,
    /// filtered, sorted, selected or written by any record route. Such
    /// fields live in [`crate::Collection::hidden`], not in `fields`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub hidden: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl FieldDef {
    /// A plain field of a type, with no options.
    pub fn new(name: impl Into<String>, ty: FieldType) -> Self {
        FieldDef {
            name: name.into(),
            ty,
            required: false,
            unique: false,
            default: None,
            min: None,
            max: None,
            pattern: None,
            values: None,
            collection: None,
            dimensions: None,
            on_delete: None,
            hidden: false,
        }
    }
}

/// A column of a served collection: its definition plus what the database
/// says about it.
#[derive(Debug, Clone)]
pub struct Field {
    pub def: FieldDef,
    /// `id`, `created_at`, `updated_at`, `deleted_at` of a managed collection:
    /// set by Basalt, never by a client.
    pub system: bool,
    pub not_null: bool,
    pub has_default: bool,
    pub primary_key: bool,
    /// Compiled `pattern`, if any.
    pub pattern: Option<regex::Regex>,
}

impl Field {
    pub fn name(&self) -> &str {
        &self.def.name
    }
    pub fn ty(&self) -> FieldType {
        self.def.ty
    }
}

#[cfg(test)]
mod tests {
    use super::FieldType;

    #[test]
    fn declared_types_of_both_engines() {
        for (decl, want) in [
            ("INTEGER", FieldType::Integer),
            ("bigint", FieldType::Integer),
            ("serial", FieldType::Integer),
            ("interval", FieldType::Text),
            ("point", FieldType::Text),
            ("integer[]", FieldType::Json),
            ("jsonb", FieldType::Json),
            ("timestamp with time zone", FieldType::Datetime),
            ("double precision", FieldType::Number),
            ("character varying", FieldType::Text),
            ("boolean", FieldType::Boolean),
            ("uuid", FieldType::Uuid),
            ("date", FieldType::Date),
            ("", FieldType::Text),
        ] {
            assert_eq!(FieldType::from_decl(decl), want, "{decl}");
        }
    }
}
