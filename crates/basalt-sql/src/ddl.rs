//! Schema changes for collections Basalt manages: create and drop tables,
//! add and drop columns, create and drop indexes; each field type mapped to
//! its natural column type per engine.

use basalt_catalog::{FieldDef, FieldType, PkKind};
use basalt_engine::{Dialect, Sql};
use sea_query::{
    Alias, ColumnDef, ForeignKey, ForeignKeyAction, Index, PostgresQueryBuilder,
    SchemaStatementBuilder, SqliteQueryBuilder, Table,
};

fn schema(stmt: &impl SchemaStatementBuilder, dialect: Dialect) -> Sql {
    Sql::raw(match dialect {
        Dialect::Sqlite => stmt.to_string(SqliteQueryBuilder),
        Dialect::Postgres => stmt.to_string(PostgresQueryBuilder),
    })
}

fn column_type(ty: FieldType, target_pk: Option<PkKind>, dialect: Dialect) -> &'static str {
    match (dialect, ty) {
        (Dialect::Sqlite, FieldType::Integer) => "INTEGER",
        (Dialect::Sqlite, FieldType::Number) => "REAL",
        (Dialect::Sqlite, FieldType::Boolean) => "BOOLEAN",
        (Dialect::Sqlite, FieldType::Json | FieldType::Vector) => "JSON",
        (Dialect::Sqlite, FieldType::Datetime) => "DATETIME",
        (Dialect::Sqlite, FieldType::Date) => "DATE",
        (Dialect::Sqlite, FieldType::Uuid) => "UUID",
        (Dialect::Sqlite, FieldType::Relation) if target_pk == Some(PkKind::Integer) => "INTEGER",
        (Dialect::Sqlite, _) => "TEXT",
        (Dialect::Postgres, FieldType::Integer) => "bigint",
        (Dialect::Postgres, FieldType::Number) => "double precision",
        (Dialect::Postgres, FieldType::Boolean) => "boolean",
        (Dialect::Postgres, FieldType::Json | FieldType::Vector) => "jsonb",
        (Dialect::Postgres, FieldType::Datetime) => "timestamptz",
        (Dialect::Postgres, FieldType::Date) => "date",
        (Dialect::Postgres, FieldType::Uuid) => "uuid",
        (Dialect::Postgres, FieldType::Relation) => match target_pk {
            Some(PkKind::Integer) => "bigint",
            Some(PkKind::Uuid) => "uuid",
            _ => "text",
        },
        (Dialect::Postgres, _) => "text",
    }
}

fn on_delete(action: Option<&str>) -> ForeignKeyAction {
    match action {
        Some("cascade") => ForeignKeyAction::Cascade,
        Some("restrict") => ForeignKeyAction::Restrict,
        Some("no_action") => ForeignKeyAction::NoAction,
        _ => ForeignKeyAction::SetNull,
    }
}

/// The column definition of a field; `target` is the related collection's
/// primary key when the field is a relation.
fn column_def(def: &FieldDef, target: Option<&(String, PkKind)>, dialect: Dialect) -> ColumnDef {
    let mut c = ColumnDef::new(Alias::new(def.name.as_str()));
    c.custom(Alias::new(column_type(
        def.ty,
        target.map(|t| t.1),
        dialect,
    )));
    c
}

/// `CREATE TABLE` for a managed collection: `id` text primary key,
/// `created_at`, `updated_at`, optional `deleted_at`, then the fields. Unique
/// fields get their own index (so validation rules can drop them later).
/// `target_pk` resolves a relation's target collection to its primary key.
pub fn create_table(
    name: &str,
    fields: &[FieldDef],
    soft_delete: bool,
    target_pk: &dyn Fn(&str) -> Option<(String, PkKind)>,
    dialect: Dialect,
) -> Vec<Sql> {
    let ts = column_type(FieldType::Datetime, None, dialect);
    let mut t = Table::create();
    t.table(Alias::new(name));
    t.col(
        ColumnDef::new(Alias::new("id"))
            .custom(Alias::new(column_type(FieldType::Text, None, dialect)))
            .not_null()
            .primary_key(),
    );
    t.col(
        ColumnDef::new(Alias::new("created_at"))
            .custom(Alias::new(ts))
            .not_null(),
    );
    t.col(
        ColumnDef::new(Alias::new("updated_at"))
            .custom(Alias::new(ts))
            .not_null(),
    );
    if soft_delete {
        t.col(ColumnDef::new(Alias::new("deleted_at")).custom(Alias::new(ts)));
    }
    for f in fields {
        let target = f.collection.as_deref().and_then(target_pk);
        t.col(column_def(f, target.as_ref(), dialect));
        if let (FieldType::Relation, Some(coll), Some((pk, _))) =
            (f.ty, f.collection.as_deref(), target.as_ref())
        {
            t.foreign_key(
                ForeignKey::create()
                    .from_col(Alias::new(f.name.as_str()))
                    .to_tbl(Alias::new(coll))
                    .to_col(Alias::new(pk.as_str()))
                    .on_delete(on_delete(f.on_delete.as_deref())),
            );
        }
    }
    let mut out = vec![schema(&t, dialect)];
    for f in fields.iter().filter(|f| f.unique) {
        out.push(create_index(
            name,
            std::slice::from_ref(&f.name),
            true,
            dialect,
        ));
    }
    out
}

/// `ALTER TABLE … ADD COLUMN` for a new field (plus its unique index).
pub fn add_column(
    table: &str,
    def: &FieldDef,
    target_pk: &dyn Fn(&str) -> Option<(String, PkKind)>,
    dialect: Dialect,
) -> Vec<Sql> {
    let target = def.collection.as_deref().and_then(target_pk);
    let mut col = column_def(def, target.as_ref(), dialect);
    if let (FieldType::Relation, Some(coll), Some((pk, _))) =
        (def.ty, def.collection.as_deref(), target.as_ref())
    {
        // sea-query cannot add a foreign key in SQLite's ALTER TABLE; a
        // column-level REFERENCES clause works on both engines.
        let action = match on_delete(def.on_delete.as_deref()) {
            ForeignKeyAction::Cascade => "CASCADE",
            ForeignKeyAction::Restrict => "RESTRICT",
            ForeignKeyAction::NoAction => "NO ACTION",
            _ => "SET NULL",
        };
        col.extra(format!(
            "REFERENCES {} ({}) ON DELETE {action}",
            crate::quote_ident(coll),
            crate::quote_ident(pk)
        ));
    }
    let mut t = Table::alter();
    t.table(Alias::new(table)).add_column(&mut col);
    let mut out = vec![schema(&t, dialect)];
    if def.unique {
        out.push(create_index(
            table,
            std::slice::from_ref(&def.name),
            true,
            dialect,
        ));
    }
    out
}

/// `ALTER TABLE … DROP COLUMN`.
pub fn drop_column(table: &str, column: &str, dialect: Dialect) -> Sql {
    let mut t = Table::alter();
    t.table(Alias::new(table)).drop_column(Alias::new(column));
    schema(&t, dialect)
}

/// `DROP TABLE`.
pub fn drop_table(table: &str, dialect: Dialect) -> Sql {
    let mut t = Table::drop();
    t.table(Alias::new(table));
    if dialect == Dialect::Postgres {
        t.cascade();
    }
    schema(&t, dialect)
}

/// The name Basalt gives an index over `columns` of `table`.
pub fn index_name(table: &str, columns: &[String], unique: bool) -> String {
    let kind = if unique { "uniq" } else { "idx" };
    let mut name = format!("{kind}_{table}_{}", columns.join("_"));
    name.truncate(63);
    name
}

/// `CREATE [UNIQUE] INDEX`.
pub fn create_index(table: &str, columns: &[String], unique: bool, dialect: Dialect) -> Sql {
    let mut i = Index::create();
    i.name(index_name(table, columns, unique))
        .table(Alias::new(table));
    for c in columns {
        i.col(Alias::new(c.as_str()));
    }
    if unique {
        i.unique();
    }
    schema(&i, dialect)
}

/// `DROP INDEX`.
pub fn drop_index(table: &str, name: &str, dialect: Dialect) -> Sql {
    let mut i = Index::drop();
    i.name(name);
    if dialect != Dialect::Postgres {
        i.table(Alias::new(table));
    }
    schema(&i, dialect)
}
