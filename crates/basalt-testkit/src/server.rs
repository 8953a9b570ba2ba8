//! A real Basalt server for tests: the full router served on 127.0.0.1:0
//! over a fresh database, stopped when the value is dropped.

use basalt_core::{Basalt, Options};
use basalt_engine_pg::{PgEngine, PgOptions};
use basalt_engine_sqlite::{SqliteEngine, SqliteOptions};
use basalt_surface_kit::AppState;
use serde_json::Value;
use std::sync::Arc;
use tokio::sync::oneshot;

/// The admin token every test server uses.
pub const ADMIN_TOKEN: &str = "test-admin-token";

/// Which engine a test server runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EngineKind {
    Sqlite,
    /// A fresh database in the test binary's shared throwaway cluster.
    Postgres,
}

/// A running server; dropping it shuts the server down.
pub struct TestServer {
    pub base: String,
    pub client: reqwest::Client,
    pub core: Arc<Basalt>,
    pub engine: EngineKind,
    /// The PostgreSQL URL, so a second node can join the same database.
    pub database_url: Option<String>,
    stop: Option<oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<()>>,
    _dir: tempfile::TempDir,
}

impl TestServer {
    /// Starts a server on `kind` with a small body limit (64 KiB).
    pub async fn start(kind: EngineKind) -> TestServer {
        Self::start_with(kind, 64 * 1024).await
    }

    /// Starts a server on `kind` with the given body limit.
    pub async fn start_with(kind: EngineKind, max_body_bytes: usize) -> TestServer {
        let url = match kind {
            EngineKind::Sqlite => None,
            EngineKind::Postgres => Some(
                tokio::task::spawn_blocking(crate::pg::fresh_db_url)
                    .await
                    .expect("create a PostgreSQL database"),
            ),
        };
        Self::start_node(kind, url, max_body_bytes).await
    }

    /// Another node on the same PostgreSQL database as `self`.
    pub async fn second_node(&self) -> TestServer {
        assert_eq!(
            self.engine,
            EngineKind::Postgres,
            "only PostgreSQL has several nodes"
        );
        Self::start_node(EngineKind::Postgres, self.database_url.clone(), 64 * 1024).await
    }

    /// A node on the PostgreSQL database at `url` (for example one in a
    /// dedicated [`crate::PgCluster`] a test stops and starts).
    pub async fn start_on(url: &str) -> TestServer {
        Self::start_node(EngineKind::Postgres, Some(url.to_string()), 64 * 1024).await
    }

    async fn start_node(
        kind: EngineKind,
        url: Option<String>,
        max_body_bytes: usize,
    ) -> TestServer {
        let dir = tempfile::tempdir().expect("temp dir");
        let engine: Arc<dyn basalt_core::Engine> = match (&kind, &url) {
            (EngineKind::Postgres, Some(url)) => Arc::new(
                PgEngine::open(PgOptions::new(url.clone()))
                    .await
                    .expect("open postgres"),
            ),
            _ => Arc::new(
                SqliteEngine::open(SqliteOptions::new(dir.path().join("data.db")))
                    .await
                    .expect("open sqlite"),
            ),
        };
        let (core, _) = Basalt::start(
            engine,
            Options {
                admin_token: Some(ADMIN_TOKEN.into()),
            },
        )
        .await
        .expect("start core");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let (tx, rx) = oneshot::channel::<()>();
        let state = AppState {
            core: core.clone(),
            max_body_bytes,
        };
        let handle = tokio::spawn(async move {
            let _ = basalt_http::serve(listener, state, async {
                let _ = rx.await;
            })
            .await;
        });
        TestServer {
            base,
            client: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(30))
                .build()
                .expect("client"),
            core,
            engine: kind,
            database_url: url,
            stop: Some(tx),
            handle: Some(handle),
            _dir: dir,
        }
    }

    /// `base + path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Sends a request (JSON body if given; admin token if `admin`) and
    /// returns the status and the parsed body (`Null` when empty or not JSON).
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
        admin: bool,
    ) -> (u16, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self.client.request(method, self.url(path));
        if admin {
            req = req.bearer_auth(ADMIN_TOKEN);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.expect("request");
        let status = res.status().as_u16();
        let text = res.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// As admin.
    pub async fn admin(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        self.call(method, path, body, true).await
    }

    /// Anonymous.
    pub async fn anon(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        self.call(method, path, body, false).await
    }

    /// Stops the server and waits for it to finish.
    pub async fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(h) = self.handle.take() {
            let _ = tokio::time::timeout(std::time::Duration::from_secs(10), h).await;
        }
        self.core.engine.close().await;
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
    }
}
