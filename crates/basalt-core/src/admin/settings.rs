//! Runtime settings: read all, and change some (checked, stored, applied).

use crate::settings::Settings;
use crate::Basalt;
use basalt_types::{Error, Result};
use serde_json::{Map, Value as Json};

impl Basalt {
    /// Changes settings from a JSON object of known keys.
    pub async fn update_settings(&self, body: Json) -> Result<Settings> {
        let Json::Object(changes) = body else {
            return Err(Error::bad_request("settings must be a JSON object"));
        };
        Settings::validate(&changes)?;
        let dialect = self.dialect();
        let mut tx = self.engine.begin().await?;
        for (k, v) in &changes {
            tx.execute(basalt_sql::upsert_setting(k, &v.to_string(), dialect))
                .await?;
        }
        tx.commit().await?;
        let out = {
            let mut guard = self
                .settings
                .write()
                .map_err(|_| Error::internal("settings lock poisoned"))?;
            guard.apply(&changes);
            guard.clone()
        };
        self.announce(crate::sync::SETTINGS_CHANNEL).await;
        Ok(out)
    }

    /// Every setting.
    pub fn all_settings(&self) -> Map<String, Json> {
        self.settings().all().clone()
    }
}
