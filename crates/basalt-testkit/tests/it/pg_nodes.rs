//! Several nodes over one PostgreSQL database: schema changes made through
//! one node are served by the other within a second (LISTEN/NOTIFY, not
//! polling), and the admin token and records are shared.

use crate::support::*;
use basalt_testkit::{EngineKind, TestServer};
use std::time::{Duration, Instant};

/// Polls `check` on node `b` every 20 ms for at most `limit`; returns how
/// long it took, or panics with `what`.
async fn within<F, Fut>(limit: Duration, what: &str, mut check: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let start = Instant::now();
    while start.elapsed() < limit {
        if check().await {
            return start.elapsed();
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{what}: not seen within {limit:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn schema_changes_reach_the_other_node_within_a_second() {
    let a = TestServer::start(EngineKind::Postgres).await;
    let b = a.second_node().await;
    let second = Duration::from_secs(1);

    // Created on A, served by B.
    open_collection(&a, "notes", json!([{"name": "title", "type": "text"}])).await;
    within(second, "collection created on A, on B", || async {
        b.anon("GET", "/api/v1/notes", None).await.0 == 200
    })
    .await;
    let rec = create_record(&b, "notes", json!({"title": "from b"})).await;
    let (st, got) = a
        .anon(
            "GET",
            &format!("/api/v1/notes/{}", rec["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(st, 200, "{got}");
    assert_eq!(got["title"], "from b");

    // Altered on A (a new field, new rules), served by B.
    let (st, body) = a
        .admin(
            "PATCH",
            "/api/v1/admin/collections/notes",
            Some(
                json!({"fields": [{"name": "stars", "type": "integer"}], "rules": {"list": null}}),
            ),
        )
        .await;
    assert_eq!(st, 200, "{body}");
    within(second, "new field and rule on B", || async {
        let (st, _) = b
            .admin(
                "POST",
                "/api/v1/notes",
                Some(json!({"title": "x", "stars": 3})),
            )
            .await;
        let (list_st, _) = b.anon("GET", "/api/v1/notes", None).await;
        st == 201 && list_st == 401
    })
    .await;

    // Dropped on A, gone on B.
    let (st, _) = a
        .admin("DELETE", "/api/v1/admin/collections/notes", None)
        .await;
    assert_eq!(st, 204);
    within(second, "drop on B", || async {
        b.admin("GET", "/api/v1/notes", None).await.0 == 404
    })
    .await;

    // Tables made by SQL on B are served by A.
    let (st, body) = b
        .admin(
            "POST",
            "/api/v1/admin/sql",
            Some(json!({"sql": "CREATE TABLE things (id bigserial PRIMARY KEY, name text)"})),
        )
        .await;
    assert_eq!(st, 200, "{body}");
    within(second, "SQL table on A", || async {
        a.admin("GET", "/api/v1/things", None).await.0 == 200
    })
    .await;

    // Settings changed on B apply on A.
    let (st, _) = b
        .admin(
            "PATCH",
            "/api/v1/admin/settings",
            Some(json!({"auto_create_collections": false})),
        )
        .await;
    assert_eq!(st, 200);
    within(second, "setting on A", || async {
        a.admin("GET", "/api/v1/admin/settings", None).await.1["auto_create_collections"] == false
    })
    .await;
    b.stop().await;
    a.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_generated_admin_token_is_shared_by_every_node() {
    let url = tokio::task::spawn_blocking(basalt_testkit::pg::fresh_db_url)
        .await
        .expect("db");
    let engine = |url: String| async move {
        std::sync::Arc::new(
            basalt_engine_pg::PgEngine::open(basalt_engine_pg::PgOptions::new(url))
                .await
                .expect("open"),
        ) as std::sync::Arc<dyn basalt_core::Engine>
    };
    // Two nodes start at once without BASALT_ADMIN_TOKEN.
    let (ra, rb) = tokio::join!(
        async { basalt_core::Basalt::start(engine(url.clone()).await, Default::default()).await },
        async { basalt_core::Basalt::start(engine(url.clone()).await, Default::default()).await },
    );
    let (a, printed_a) = ra.expect("start a");
    let (b, printed_b) = rb.expect("start b");
    // Exactly one node generated (and would print) the token...
    let printed: Vec<String> = [printed_a, printed_b].into_iter().flatten().collect();
    assert_eq!(printed.len(), 1, "{printed:?}");
    // ...and both accept it, and nothing else.
    assert!(a.is_admin_token(&printed[0]));
    assert!(b.is_admin_token(&printed[0]));
    assert!(!b.is_admin_token("bsk_forged"));
    // A third node started later uses it too and prints nothing.
    let (c, printed_c) = basalt_core::Basalt::start(engine(url).await, Default::default())
        .await
        .expect("start c");
    assert!(printed_c.is_none());
    assert!(c.is_admin_token(&printed[0]));
}
