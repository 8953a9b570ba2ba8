//! What an engine reports about the tables it holds; the catalog is built
//! from these descriptions plus Basalt's own metadata.

/// One table as the database describes it.
#[derive(Debug, Clone, PartialEq)]
pub struct TableInfo {
    pub name: String,
    pub columns: Vec<ColumnInfo>,
    pub indexes: Vec<IndexInfo>,
    pub foreign_keys: Vec<ForeignKeyInfo>,
}

/// One column.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnInfo {
    pub name: String,
    /// The declared type as the database spells it (`INTEGER`, `text`, `uuid`…),
    /// lower-cased.
    pub decl_type: String,
    pub not_null: bool,
    /// The default expression as SQL text, if any.
    pub default: Option<String>,
    pub primary_key: bool,
}

/// One index (including those behind UNIQUE constraints).
#[derive(Debug, Clone, PartialEq)]
pub struct IndexInfo {
    pub name: String,
    pub columns: Vec<String>,
    pub unique: bool,
}

/// One single-column foreign key.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignKeyInfo {
    pub column: String,
    pub target_table: String,
    pub target_column: String,
    /// `cascade`, `set_null`, `restrict` or `no_action`.
    pub on_delete: String,
}
