//! The running core: engine, live catalog, settings and the admin secret,
//! made once at start and shared by every surface.

use crate::settings::Settings;
use basalt_catalog::{Catalog, Collection};
use basalt_engine::{Dialect, Engine};
use basalt_types::{Error, Result, Value};
use rand::distr::{Alphanumeric, SampleString};
use std::sync::{Arc, RwLock};
use subtle::ConstantTimeEq;

/// Start-up options of the core.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The admin secret from `BASALT_ADMIN_TOKEN`; absent, one is generated
    /// on first start and kept in the database.
    pub admin_token: Option<String>,
}

/// Basalt's core, shared by every surface.
pub struct Basalt {
    pub engine: Arc<dyn Engine>,
    pub catalog: Catalog,
    pub(crate) settings: RwLock<Settings>,
    admin_token: String,
    /// Token keys and the identity-provider client of the auth services.
    pub(crate) auth: crate::auth::AuthState,
    /// Serialises schema changes and catalog reloads.
    pub(crate) schema_lock: tokio::sync::Mutex<()>,
    /// Serialises catalog reloads, so a slow reload can never store an older
    /// snapshot over a newer one.
    pub(crate) reload_lock: tokio::sync::Mutex<()>,
}

impl Basalt {
    /// Loads the catalog and settings and settles the admin token. Returns
    /// the core and, when a token was generated now, that token (to print once).
    pub async fn start(
        engine: Arc<dyn Engine>,
        opts: Options,
    ) -> Result<(Arc<Basalt>, Option<String>)> {
        let dialect = engine.dialect();
        let (admin_token, generated) = match opts.admin_token.filter(|t| !t.is_empty()) {
            Some(t) => (t, None),
            None => {
                let stored = engine
                    .query(basalt_sql::read_meta("admin_token", dialect))
                    .await?;
                match stored.scalar().and_then(Value::as_str) {
                    Some(t) => (t.to_string(), None),
                    None => {
                        // Several nodes may start at once: the first insert
                        // wins and every node uses the stored token.
                        let token =
                            format!("bsk_{}", Alphanumeric.sample_string(&mut rand::rng(), 40));
                        let mut tx = engine.begin().await?;
                        tx.execute(basalt_sql::insert_meta_if_absent(
                            "admin_token",
                            &token,
                            dialect,
                        ))
                        .await?;
                        tx.commit().await?;
                        let stored = engine
                            .query(basalt_sql::read_meta("admin_token", dialect))
                            .await?;
                        let stored = stored
                            .scalar()
                            .and_then(Value::as_str)
                            .ok_or_else(|| Error::internal("admin token not stored"))?
                            .to_string();
                        let ours = (stored == token).then_some(token);
                        (stored, ours)
                    }
                }
            }
        };
        let settings = Settings::load(engine.as_ref()).await?;
        let auth = crate::auth::AuthState::load(engine.as_ref()).await?;
        let app = Arc::new(Basalt {
            engine,
            catalog: Catalog::default(),
            settings: RwLock::new(settings),
            admin_token,
            auth,
            schema_lock: tokio::sync::Mutex::new(()),
            reload_lock: tokio::sync::Mutex::new(()),
        });
        app.reload_catalog().await?;
        app.ensure_users_collection().await?;
        app.follow_other_nodes();
        Ok((app, generated))
    }

    /// The engine's dialect.
    pub fn dialect(&self) -> Dialect {
        self.engine.dialect()
    }

    /// True when `token` is the admin secret (constant-time comparison).
    pub fn is_admin_token(&self, token: &str) -> bool {
        token.as_bytes().ct_eq(self.admin_token.as_bytes()).into()
    }

    /// The collection named `name`, or 404.
    pub fn collection(&self, name: &str) -> Result<Arc<Collection>> {
        self.catalog
            .snapshot()
            .get(name)
            .cloned()
            .ok_or_else(|| Error::not_found(format!("collection not found: {name}")))
    }

    /// A copy of the current settings.
    pub fn settings(&self) -> Settings {
        self.settings.read().map(|s| s.clone()).unwrap_or_default()
    }

    /// A boolean setting, read without copying the settings (hot path).
    pub fn flag(&self, key: &str) -> bool {
        self.settings.read().is_ok_and(|s| s.flag(key))
    }

    /// Answers `Ok` while the database answers.
    pub async fn health(&self) -> Result<()> {
        self.engine.ping().await
    }
}
