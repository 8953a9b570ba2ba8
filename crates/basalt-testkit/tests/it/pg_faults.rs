//! PostgreSQL restarted under a serving node: requests during the outage
//! answer 503 in the envelope, and the node recovers by itself afterwards
//! (pool and LISTEN connection), without losing acknowledged writes.

use crate::support::*;
use basalt_testkit::{PgCluster, TestServer};
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outage_answers_503_then_recovers_without_restart() {
    // A cluster of its own: stopping the shared one would break other tests.
    let cluster = tokio::task::spawn_blocking(PgCluster::start)
        .await
        .expect("cluster");
    let url = cluster.create_db("faults");
    let s = TestServer::start_on(&url).await;
    let b = s.second_node().await;
    open_collection(&s, "logs", json!([{"name": "line", "type": "text"}])).await;
    let kept = create_record(&s, "logs", json!({"line": "before the outage"})).await;

    let cluster = std::sync::Arc::new(cluster);
    let c = cluster.clone();
    tokio::task::spawn_blocking(move || c.stop())
        .await
        .expect("stop");

    // During the outage: 503 with the envelope, never a hang or a 500.
    for path in ["/api/v1/logs", "/health", "/api/v1/health"] {
        let (st, body) = s.anon("GET", path, None).await;
        assert_envelope(st, &body, 503);
    }
    let (st, body) = s
        .anon("POST", "/api/v1/logs", Some(json!({"line": "during"})))
        .await;
    assert_envelope(st, &body, 503);

    let c = cluster.clone();
    tokio::task::spawn_blocking(move || c.restart_start())
        .await
        .expect("start");

    // Afterwards it recovers by itself, within a bounded time.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (st, _) = s.anon("GET", "/health", None).await;
        if st == 200 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no recovery within 30 s (last status {st})"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (st, got) = s
        .anon(
            "GET",
            &format!("/api/v1/logs/{}", kept["id"].as_str().unwrap()),
            None,
        )
        .await;
    assert_eq!(st, 200, "{got}");
    assert_eq!(got["line"], "before the outage");
    let after = create_record(&s, "logs", json!({"line": "after"})).await;
    assert_eq!(after["line"], "after");
    let (_, list) = s.anon("GET", "/api/v1/logs", None).await;
    assert_eq!(
        list["totalItems"], 2,
        "the write refused during the outage must not appear: {list}"
    );

    // The LISTEN connection came back too: a change on one node still
    // reaches the other.
    let deadline = Instant::now() + Duration::from_secs(30);
    open_collection(&s, "later", json!([{"name": "x", "type": "text"}])).await;
    loop {
        if b.anon("GET", "/api/v1/later", None).await.0 == 200 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "second node never saw the new collection"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    b.stop().await;
    s.stop().await;
}
