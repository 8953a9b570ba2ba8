//! Access rules on the Teenybase table routes: `null` rules answer 401 to
//! anonymous callers and leave the data alone, expression rules filter
//! `select`/`list` and answer 404 on `view`/`edit`, the admin sees all.

use crate::support::*;
use basalt_testkit::TestServer;

both_engines!(null_rules_are_admin_only, expression_rules_filter_and_hide);

fn fields() -> Value {
    json!([{"name": "title", "type": "text"},
        {"name": "published", "type": "boolean", "default": false}])
}

async fn null_rules_are_admin_only(s: &TestServer) {
    create_collection(s, json!({"name": "vault", "fields": fields()})).await;
    let r = create_record(s, "vault", json!({"title": "v"})).await;
    let id = r["id"].as_str().expect("id");
    let before = all_records(s, "vault").await;
    let routes = [
        ("GET", "/api/v1/table/vault/select".to_string(), None),
        ("GET", "/api/v1/table/vault/list".to_string(), None),
        ("GET", format!("/api/v1/table/vault/view/{id}"), None),
        (
            "POST",
            "/api/v1/table/vault/insert".to_string(),
            Some(json!({"values": {"title": "a"}})),
        ),
        (
            "POST",
            "/api/v1/table/vault/update".to_string(),
            Some(json!({"where": "title != null", "setValues": {"title": "a"}})),
        ),
        (
            "POST",
            format!("/api/v1/table/vault/edit/{id}"),
            Some(json!({"title": "a"})),
        ),
        (
            "POST",
            "/api/v1/table/vault/delete".to_string(),
            Some(json!({"where": "title != null"})),
        ),
    ];
    for (method, path, body) in routes {
        let (st, b) = s.anon(method, &path, body).await;
        assert_envelope(st, &b, 401);
    }
    assert_eq!(all_records(s, "vault").await, before);
    let (st, b) = s.admin("GET", "/api/v1/table/vault/list", None).await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["total"], 1);
}

async fn expression_rules_filter_and_hide(s: &TestServer) {
    let rule = "published == true";
    create_collection(
        s,
        json!({"name": "news", "fields": fields(), "rules": {"list": rule, "view": rule,
            "create": "true", "update": rule, "delete": rule}}),
    )
    .await;
    let open = create_record(s, "news", json!({"title": "open", "published": true})).await;
    let hidden = create_record(s, "news", json!({"title": "hidden"})).await;
    let hid = hidden["id"].as_str().expect("id");
    let (st, b) = s.anon("GET", "/api/v1/table/news/list", None).await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b["total"], 1);
    assert_eq!(b["items"][0]["title"], "open");
    let (st, b) = s
        .anon("GET", &format!("/api/v1/table/news/view/{hid}"), None)
        .await;
    assert_envelope(st, &b, 404);
    let (st, b) = s
        .anon(
            "POST",
            &format!("/api/v1/table/news/edit/{hid}"),
            Some(json!({"title": "x"})),
        )
        .await;
    assert_envelope(st, &b, 404);
    // A filtered write reaches only the rows the rule allows.
    let (st, b) = s
        .anon(
            "POST",
            "/api/v1/table/news/update",
            Some(json!({"where": "title != null", "setValues": {"title": "changed"}, "returning": "*"})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    assert_eq!(b.as_array().map(Vec::len), Some(1));
    assert_eq!(b[0]["id"], open["id"]);
    let (st, b) = s
        .anon(
            "POST",
            "/api/v1/table/news/delete",
            Some(json!({"where": "title != null"})),
        )
        .await;
    assert_eq!(st, 200, "{b}");
    // Soft-deleted records stay in the admin view; only `hidden` is live.
    let left: Vec<Value> = all_records(s, "news")
        .await
        .into_iter()
        .filter(|r| r["deleted_at"].is_null())
        .collect();
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(left[0]["title"], "hidden");
    let (st, b) = s
        .admin("GET", &format!("/api/v1/table/news/view/{hid}"), None)
        .await;
    assert_eq!(st, 200, "{b}");
}
