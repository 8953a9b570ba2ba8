//! Reloading the catalog: the engine's description of its tables plus the
//! metadata rows, built into a new snapshot and swapped in.

use crate::app::Basalt;
use basalt_catalog::{build_snapshot, CollectionMeta};
use basalt_types::{Result, Value};
use std::collections::HashMap;

impl Basalt {
    /// Reads the schema again and swaps the new snapshot in.
    pub async fn reload_catalog(&self) -> Result<()> {
        let _one_at_a_time = self.reload_lock.lock().await;
        let tables = self.engine.introspect().await?;
        let rows = self
            .engine
            .query(basalt_sql::read_collection_metas(self.dialect()))
            .await?;
        let mut metas = HashMap::new();
        for row in rows.rows {
            if let [Value::Text(name), Value::Text(json)] = row.as_slice() {
                match serde_json::from_str::<CollectionMeta>(json) {
                    Ok(meta) => {
                        metas.insert(name.clone(), meta);
                    }
                    Err(e) => {
                        tracing::warn!(collection = %name, error = %e, "unreadable collection metadata")
                    }
                }
            }
        }
        self.catalog.replace(build_snapshot(tables, metas));
        Ok(())
    }
}
