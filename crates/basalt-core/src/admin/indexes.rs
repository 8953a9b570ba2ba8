//! Indexes of a collection: create on one or more columns (optionally
//! unique), and drop the index on a column.

use crate::Basalt;
use basalt_engine::IndexInfo;
use basalt_types::{Error, Result};
use serde::Deserialize;
use serde_json::Value as Json;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewIndex {
    #[serde(default)]
    column: Option<String>,
    #[serde(default)]
    columns: Option<Vec<String>>,
    #[serde(default)]
    unique: bool,
}

impl Basalt {
    /// The collection's indexes.
    pub fn list_indexes(&self, name: &str) -> Result<Vec<IndexInfo>> {
        Ok(self.collection(name)?.indexes.clone())
    }

    /// Creates an index from `{"column"|"columns", "unique"}`.
    pub async fn create_index(&self, name: &str, body: Json) -> Result<IndexInfo> {
        let req: NewIndex = crate::json_input::object_from(body, "index")?;
        let columns = match (req.column, req.columns) {
            (Some(c), None) => vec![c],
            (None, Some(cs)) if !cs.is_empty() => cs,
            _ => {
                return Err(Error::bad_request(
                    "give either 'column' or a non-empty 'columns'",
                ))
            }
        };
        let _guard = self.schema_lock.lock().await;
        let coll = self.collection(name)?;
        for c in &columns {
            if coll.field(c).is_none() {
                return Err(Error::bad_request(format!("unknown field '{c}'"))
                    .with_data("field", c.as_str()));
            }
        }
        let index_name = basalt_sql::index_name(name, &columns, req.unique);
        if coll.indexes.iter().any(|i| i.name == index_name) {
            return Err(Error::conflict(format!(
                "index already exists: {index_name}"
            )));
        }
        self.apply_schema(vec![basalt_sql::create_index(
            name,
            &columns,
            req.unique,
            self.dialect(),
        )])
        .await?;
        Ok(IndexInfo {
            name: index_name,
            columns,
            unique: req.unique,
        })
    }

    /// Drops the index Basalt made on `column` (a single-column index first,
    /// else the first index that starts with the column).
    pub async fn drop_index(&self, name: &str, column: &str) -> Result<()> {
        let _guard = self.schema_lock.lock().await;
        let coll = self.collection(name)?;
        let droppable = |i: &&IndexInfo| !i.name.starts_with("sqlite_autoindex");
        let idx = coll
            .indexes
            .iter()
            .filter(droppable)
            .find(|i| i.columns.len() == 1 && i.columns[0] == column)
            .or_else(|| {
                coll.indexes
                    .iter()
                    .filter(droppable)
                    .find(|i| i.columns.first().map(String::as_str) == Some(column))
            })
            .ok_or_else(|| Error::not_found(format!("no index on column '{column}'")))?;
        let mut meta = super::collection_update::current_meta(&coll);
        if idx.unique && idx.columns.len() == 1 {
            if let Some(f) = meta.fields.iter_mut().find(|f| f.name == column) {
                f.unique = false;
            }
        }
        let meta_json = serde_json::to_string(&meta).map_err(|e| Error::internal(e.to_string()))?;
        let dialect = self.dialect();
        self.apply_schema(vec![
            basalt_sql::drop_index(name, &idx.name, dialect),
            basalt_sql::upsert_collection_meta(name, &meta_json, dialect),
        ])
        .await
    }
}
