//! Replacing one record (Fluxbase's `PUT /tables/{t}/{id}`): every field
//! not in the body goes back to its default (or null), under the update
//! rule, as one transaction.

use super::create::as_object;
use super::update::UpdateOptions;
use super::validate::ValidationMode;
use crate::{Basalt, Caller};
use basalt_types::Result;
use serde_json::Value as Json;

impl Basalt {
    /// Replaces the record `id` of `collection` with `body`.
    pub async fn replace_record(
        &self,
        caller: &Caller,
        collection: &str,
        id: &str,
        body: &Json,
    ) -> Result<Json> {
        let obj = as_object(body)?;
        let coll = self.collection(collection)?;
        let mut tx = self.engine.begin().await?;
        let record = self
            .update_in(
                tx.as_mut(),
                caller,
                &coll,
                id,
                obj,
                UpdateOptions {
                    mode: ValidationMode::Replace,
                    admin_view: false,
                },
            )
            .await?;
        tx.commit().await?;
        Ok(record)
    }
}
