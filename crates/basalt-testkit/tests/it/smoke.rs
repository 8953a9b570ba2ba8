//! The server starts, answers health, and shuts down.

use basalt_testkit::{EngineKind, TestServer};
use serde_json::json;

#[tokio::test]
async fn health_answers_ok() {
    let s = TestServer::start(EngineKind::Sqlite).await;
    for path in [
        "/health",
        "/api/health",
        "/api/v1/health",
        "/api/v1/admin/health",
    ] {
        let (status, body) = s.anon("GET", path, None).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(body, json!({"status": "ok"}));
    }
    s.stop().await;
}
