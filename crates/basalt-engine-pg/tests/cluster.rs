//! Multi-node behaviour of the PostgreSQL engine: notifications between two
//! engines on one database, and recovery after the server restarts.
#![allow(clippy::unwrap_used, clippy::panic)]

mod common;

use basalt_engine::{Engine, Sql};
use basalt_engine_pg::{PgEngine, RECONNECTED};
use basalt_types::{ErrorKind, Value};
use common::{open, pg, script};
use std::time::{Duration, Instant};
use tokio::sync::broadcast::Receiver;
use tokio::time::timeout;

/// Waits (bounded) until `rx`'s LISTEN is in force (the engine signals it
/// with [`RECONNECTED`]), then notifies `payload` once and expects it.
async fn until_heard(sender: &PgEngine, channel: &str, payload: &str, rx: &mut Receiver<String>) {
    let got = timeout(Duration::from_secs(15), rx.recv()).await;
    assert_eq!(
        got.unwrap().unwrap(),
        RECONNECTED,
        "the listening signal comes first"
    );
    sender.notify(channel, payload).await.unwrap();
    // The signal may come once more (a channel queued before the first
    // connection is listened twice); skip it.
    loop {
        let got = timeout(Duration::from_secs(5), rx.recv())
            .await
            .unwrap()
            .unwrap();
        if got != RECONNECTED {
            assert_eq!(got, payload);
            return;
        }
    }
}

/// Waits (bounded) for `want` on `rx`, skipping anything else.
async fn expect(rx: &mut Receiver<String>, want: &str, within: Duration) {
    let deadline = Instant::now() + within;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match timeout(left, rx.recv()).await {
            Ok(Ok(got)) if got == want => return,
            Ok(Ok(_)) => continue,
            Ok(Err(e)) => panic!("subscription ended: {e}"),
            Err(_) => panic!("no {want:?} within {within:?}"),
        }
    }
}

#[tokio::test]
async fn notifications_reach_other_engines() {
    let url = pg::fresh_db_url();
    let a = open(&url).await;
    let b = open(&url).await;
    let channel = "Records \"x\"";
    let mut rx = b.subscribe(channel).unwrap();
    let mut second = b.subscribe(channel).unwrap();
    until_heard(&a, channel, "warm-up", &mut rx).await;
    a.notify(channel, "created posts/1").await.unwrap();
    let got = timeout(Duration::from_secs(1), rx.recv()).await.unwrap();
    assert_eq!(got.unwrap(), "created posts/1");
    expect(&mut second, "created posts/1", Duration::from_secs(1)).await;
    // Other channels stay quiet.
    let mut other = b.subscribe("other").unwrap();
    a.notify(channel, "more").await.unwrap();
    expect(&mut rx, "more", Duration::from_secs(1)).await;
    // At most the "listening" signal, nothing notified on another channel.
    while let Ok(got) = other.try_recv() {
        assert_eq!(got, RECONNECTED);
    }

    b.close().await;
    let mut closed = b.subscribe(channel).unwrap();
    assert!(
        closed.recv().await.is_err(),
        "a closed engine ends subscriptions"
    );
    // What was already queued may still be read; then the subscription ends.
    loop {
        match timeout(Duration::from_secs(5), rx.recv()).await {
            Ok(Ok(_)) => continue,
            Ok(Err(_)) => break,
            Err(_) => panic!("a closed engine must end subscriptions"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recovers_after_a_server_restart() {
    let cluster = pg::PgCluster::start();
    let url = cluster.create_db("restart");
    let engine = open(&url).await;
    script(&engine, "CREATE TABLE t (n bigint)").await;
    let mut rx = engine.subscribe("changes").unwrap();
    until_heard(&engine, "changes", "ready", &mut rx).await;

    cluster.stop();
    let err = timeout(Duration::from_secs(15), engine.query(Sql::raw("SELECT 1")))
        .await
        .expect("a query while the server is down fails in bounded time")
        .err()
        .unwrap();
    assert_eq!(err.kind, ErrorKind::Unavailable, "{err}");
    assert!(!err.message.contains('\n'), "{err}");
    let err = engine.ping().await.err().unwrap();
    assert_eq!(err.kind, ErrorKind::Unavailable);

    cluster.restart_start();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        match engine.query(Sql::raw("SELECT count(*) FROM t")).await {
            Ok(rows) => {
                assert_eq!(rows.scalar(), Some(&Value::Int(0)));
                break;
            }
            Err(e) if Instant::now() < deadline => {
                assert_eq!(e.kind, ErrorKind::Unavailable, "{e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("still failing after the restart: {e}"),
        }
    }
    let mut tx = engine.begin().await.unwrap();
    tx.execute(Sql::raw("INSERT INTO t VALUES (1)"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    engine.ping().await.unwrap();

    expect(&mut rx, RECONNECTED, Duration::from_secs(10)).await;
    engine.notify("changes", "after").await.unwrap();
    expect(&mut rx, "after", Duration::from_secs(2)).await;
    engine.close().await;
}
