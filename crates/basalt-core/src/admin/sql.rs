//! `POST /admin/sql`: an admin script run as the owner, then a catalog
//! reload so tables it made are served at once.

use crate::Basalt;
use basalt_engine::ScriptResult;
use basalt_types::{Error, Result};

impl Basalt {
    /// Runs an admin SQL script and reloads the catalog.
    pub async fn run_sql(&self, sql: &str) -> Result<ScriptResult> {
        if sql.trim().is_empty() {
            return Err(Error::bad_request("'sql' must not be empty"));
        }
        let _guard = self.schema_lock.lock().await;
        let result = self.engine.run_script(sql).await?;
        self.reload_catalog().await?;
        self.announce(crate::sync::CATALOG_CHANNEL).await;
        Ok(result)
    }
}
