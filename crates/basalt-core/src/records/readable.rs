//! Which collections a caller may learn about (for schema listings such as
//! AYB's `/api/schema`): every one for the admin; otherwise those whose list
//! or view rule is not admin-only.

use crate::{Basalt, Caller};
use basalt_catalog::{Collection, Rule};
use std::sync::Arc;

impl Basalt {
    /// The collections `caller` may read records of, by name.
    pub fn readable_collections(&self, caller: &Caller) -> Vec<Arc<Collection>> {
        self.catalog
            .snapshot()
            .collections
            .values()
            .filter(|c| {
                caller.is_admin()
                    || !matches!(c.rules.list, Rule::AdminOnly)
                    || !matches!(c.rules.view, Rule::AdminOnly)
            })
            .cloned()
            .collect()
    }
}
