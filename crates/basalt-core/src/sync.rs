//! Keeping several nodes in step: after a schema or settings change this
//! node tells the others (engine `notify`), and a background task reloads
//! the catalog or settings when another node says so (engine `subscribe`).
//! Single-node engines have no channel and nothing runs.

use crate::app::Basalt;
use crate::settings::Settings;
use std::sync::{Arc, Weak};
use tokio::sync::broadcast::error::RecvError;

/// Channel for catalog changes.
pub(crate) const CATALOG_CHANNEL: &str = "basalt_catalog";
/// Channel for settings changes.
pub(crate) const SETTINGS_CHANNEL: &str = "basalt_settings";

impl Basalt {
    /// Tells other nodes that `channel` changed; failures are logged, not
    /// returned (the change itself is committed).
    pub(crate) async fn announce(&self, channel: &str) {
        if let Err(e) = self.engine.notify(channel, "changed").await {
            tracing::warn!(channel, error = %e.message, "could not notify other nodes");
        }
    }

    /// Reloads the settings from the database.
    pub(crate) async fn reload_settings(&self) -> basalt_types::Result<()> {
        let fresh = Settings::load(self.engine.as_ref()).await?;
        if let Ok(mut s) = self.settings.write() {
            *s = fresh;
        }
        Ok(())
    }

    /// Starts the listeners that follow other nodes' changes.
    pub(crate) fn follow_other_nodes(self: &Arc<Self>) {
        for channel in [CATALOG_CHANNEL, SETTINGS_CHANNEL] {
            let Some(mut rx) = self.engine.subscribe(channel) else {
                continue;
            };
            let weak: Weak<Basalt> = Arc::downgrade(self);
            tokio::spawn(async move {
                loop {
                    match rx.recv().await {
                        Ok(_) | Err(RecvError::Lagged(_)) => {}
                        Err(RecvError::Closed) => break,
                    }
                    let Some(app) = weak.upgrade() else { break };
                    let result = if channel == CATALOG_CHANNEL {
                        app.reload_catalog().await
                    } else {
                        app.reload_settings().await
                    };
                    if let Err(e) = result {
                        tracing::warn!(channel, error = %e.message, "reload after notification failed");
                    }
                }
            });
        }
    }
}
