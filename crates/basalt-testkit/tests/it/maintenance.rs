//! `maintenance_mode`: while on, everyone but the admin gets 503 in the
//! envelope on every surface; health keeps answering; turning it off
//! restores service.

use crate::support::*;
use basalt_testkit::TestServer;

both_engines!(maintenance_mode_answers_503_except_to_the_admin);

async fn maintenance_mode_answers_503_except_to_the_admin(s: &TestServer) {
    open_collection(s, "notes", json!([{"name": "title", "type": "text"}])).await;
    create_record(s, "notes", json!({"title": "kept"})).await;
    let set = |on: bool| async move {
        let (st, b) = s
            .admin(
                "PATCH",
                "/api/v1/admin/settings",
                Some(json!({"maintenance_mode": on})),
            )
            .await;
        assert_eq!(st, 200, "{b}");
    };
    set(true).await;
    for path in [
        "/api/v1/notes",
        "/api/collections/notes",
        "/api/v1/tables/notes",
    ] {
        let (st, body) = s.anon("GET", path, None).await;
        assert_envelope(st, &body, 503);
    }
    let (st, body) = s
        .anon("POST", "/api/v1/notes", Some(json!({"title": "refused"})))
        .await;
    assert_envelope(st, &body, 503);
    let (st, body) = s.anon("GET", "/health", None).await;
    assert_eq!(st, 200, "{body}");
    // The admin still works, and nothing was written meanwhile.
    let (st, body) = s.admin("GET", "/api/v1/notes", None).await;
    assert_eq!(st, 200, "{body}");
    assert_eq!(body["totalItems"], 1, "{body}");
    set(false).await;
    let (st, body) = s.anon("GET", "/api/v1/notes", None).await;
    assert_eq!(st, 200, "{body}");
}
