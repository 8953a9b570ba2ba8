//! Running a schema change: its statements in one transaction, then a
//! catalog reload, so every node-local snapshot matches the database.

use crate::Basalt;
use basalt_engine::Sql;
use basalt_types::Result;

impl Basalt {
    /// Executes `stmts` atomically and reloads the catalog. Call with the
    /// schema lock held.
    pub(crate) async fn apply_schema(&self, stmts: Vec<Sql>) -> Result<()> {
        let mut tx = self.engine.begin().await?;
        for s in stmts {
            tx.execute(s).await?;
        }
        tx.commit().await?;
        self.reload_catalog().await?;
        self.announce(crate::sync::CATALOG_CHANNEL).await;
        Ok(())
    }
}
