//! Writes on Fluxbase's tables: POST of one object or an array (one
//! transaction), `columns=`, `Prefer: return=…`, PATCH and DELETE over
//! filters (400 without one, data untouched), PUT replacing a record, and
//! the record routes by id.

use crate::fluxbase_http::*;
use crate::support::*;
use basalt_testkit::TestServer;

both_engines!(
    insert_one_and_many,
    insert_is_all_or_nothing,
    return_preferences,
    columns_pick_the_keys,
    update_and_delete_over_filters,
    bulk_writes_need_a_filter,
    one_object_writes,
    replace_update_and_delete_by_id,
);

const REP: (&str, &str) = ("Prefer", "return=representation");

async fn insert_one_and_many(s: &TestServer) {
    seed_people(s).await;
    // One object, no preference: Fluxbase answers the record.
    let a = flux(
        s,
        "POST",
        "/api/v1/tables/people",
        &[],
        Some(json!({"name": "Gus", "age": 70})),
        false,
    )
    .await;
    assert_eq!(a.status, 201, "{}", a.text);
    assert_eq!(a.body["name"], "Gus");
    assert!(a.body["id"].is_string());
    // With return=representation: an array, as PostgREST answers.
    let a = flux(
        s,
        "POST",
        "/api/v1/tables/people",
        &[REP],
        Some(json!({"name": "Hal", "age": 71})),
        false,
    )
    .await;
    assert_eq!(a.status, 201);
    assert_eq!(a.names(), ["Hal"]);
    // An array: every row, in order, in one transaction.
    let a = flux(
        s,
        "POST",
        "/api/v1/tables/people?select=name,age",
        &[REP],
        Some(json!([{"name": "Ivy", "age": 1}, {"name": "Jo", "age": 2}, {"name": "Kim"}])),
        false,
    )
    .await;
    assert_eq!(a.status, 201, "{}", a.text);
    assert_eq!(
        a.body,
        json!([{"name": "Ivy", "age": 1}, {"name": "Jo", "age": 2}, {"name": "Kim", "age": null}])
    );
    assert_eq!(a.header("content-range"), Some("*/3"));
    let a = get(s, "/api/v1/tables/people?age=lt.3").await;
    assert_eq!(sorted(a.names()), ["Ivy", "Jo"]);
}

async fn insert_is_all_or_nothing(s: &TestServer) {
    seed_people(s).await;
    let before = snapshot(s, "people").await;
    for body in [
        json!([{"name": "ok"}, {"name": "bad", "age": "old"}]),
        json!([{"name": "ok"}, {"age": 3}]),
        json!([{"name": "ok"}, {"name": "x", "nope": 1}]),
        json!([{"name": "ok"}, 5]),
        json!("a string"),
        json!(42),
    ] {
        let a = flux(
            s,
            "POST",
            "/api/v1/tables/people",
            &[REP],
            Some(body.clone()),
            false,
        )
        .await;
        assert_envelope(a.status, &a.body, 400);
        if body
            .as_array()
            .is_some_and(|b| b.len() == 2 && b[1].is_object())
        {
            assert_eq!(a.body["data"]["index"], 1, "{body}: {}", a.text);
        }
    }
    assert_eq!(snapshot(s, "people").await, before);
    // Upserts are refused rather than half-done.
    let a = flux(
        s,
        "POST",
        "/api/v1/tables/people",
        &[("Prefer", "resolution=merge-duplicates")],
        Some(json!({"name": "Ada"})),
        false,
    )
    .await;
    assert_envelope(a.status, &a.body, 400);
    assert_eq!(snapshot(s, "people").await, before);
}

async fn return_preferences(s: &TestServer) {
    seed_people(s).await;
    let minimal = ("Prefer", "return=minimal");
    let a = flux(
        s,
        "POST",
        "/api/v1/tables/people",
        &[minimal],
        Some(json!([{"name": "Min"}])),
        false,
    )
    .await;
    assert_eq!(a.status, 201);
    assert!(a.text.is_empty(), "{}", a.text);
    let a = flux(
        s,
        "PATCH",
        "/api/v1/tables/people?name=eq.Min",
        &[minimal],
        Some(json!({"age": 5})),
        false,
    )
    .await;
    assert_eq!(a.status, 204);
    assert!(a.text.is_empty());
    let a = flux(
        s,
        "PATCH",
        "/api/v1/tables/people?name=eq.Min&select=name,age",
        &[REP, ("Prefer", "count=exact")],
        Some(json!({"age": 6})),
        false,
    )
    .await;
    assert_eq!(a.status, 200);
    assert_eq!(a.body, json!([{"name": "Min", "age": 6}]));
    assert_eq!(a.header("content-range"), Some("*/1"));
    let a = flux(
        s,
        "DELETE",
        "/api/v1/tables/people?name=eq.Min",
        &[minimal],
        None,
        false,
    )
    .await;
    assert_eq!(a.status, 204);
    assert!(a.text.is_empty());
    assert!(get(s, "/api/v1/tables/people?name=eq.Min").await.body == json!([]));
}

async fn columns_pick_the_keys(s: &TestServer) {
    seed_people(s).await;
    let a = flux(
        s,
        "POST",
        "/api/v1/tables/people?columns=%22name%22,%22age%22",
        &[REP],
        Some(json!([{"name": "Col", "age": 9, "city": "ignored"}])),
        false,
    )
    .await;
    assert_eq!(a.status, 201, "{}", a.text);
    assert_eq!(a.body[0]["city"], Value::Null);
    assert_eq!(a.body[0]["age"], 9);
    for bad in ["nope", "name;drop", "%22a b%22"] {
        let a = flux(
            s,
            "POST",
            &format!("/api/v1/tables/people?columns={bad}"),
            &[REP],
            Some(json!([{"name": "X"}])),
            false,
        )
        .await;
        assert_envelope(a.status, &a.body, 400);
    }
    assert_eq!(
        get(s, "/api/v1/tables/people?name=eq.X").await.body,
        json!([])
    );
}

async fn update_and_delete_over_filters(s: &TestServer) {
    seed_people(s).await;
    let a = flux(
        s,
        "PATCH",
        "/api/v1/tables/people?city=eq.Paris&age=gt.30",
        &[REP],
        Some(json!({"city": "Rome"})),
        false,
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.names(), ["Frank"]);
    assert_eq!(a.body[0]["city"], "Rome");
    let a = get(s, "/api/v1/tables/people?city=eq.Paris").await;
    assert_eq!(a.names(), ["Bob"]);
    // Logic trees select rows for writes too.
    let a = flux(
        s,
        "PATCH",
        "/api/v1/tables/people?or=(age.lt.18,city.eq.Berlin)",
        &[REP],
        Some(json!({"active": false})),
        false,
    )
    .await;
    assert_eq!(sorted(a.names()), ["Dave", "Eve"]);
    // Nothing matches: an empty array, nothing written.
    let a = flux(
        s,
        "PATCH",
        "/api/v1/tables/people?name=eq.nobody",
        &[REP],
        Some(json!({"age": 1})),
        false,
    )
    .await;
    assert_eq!(a.body, json!([]));
    // Bad bodies and filters change nothing.
    let before = snapshot(s, "people").await;
    for (path, body) in [
        ("/api/v1/tables/people?age=gt.1", json!({"age": "old"})),
        ("/api/v1/tables/people?age=gt.1", json!({"nope": 1})),
        ("/api/v1/tables/people?age=gt.1", json!({})),
        ("/api/v1/tables/people?age=gt.1", json!([1])),
        ("/api/v1/tables/people?age=gt.x", json!({"age": 1})),
        ("/api/v1/tables/people?nope=eq.1", json!({"age": 1})),
        ("/api/v1/tables/people?age=wat.1", json!({"age": 1})),
    ] {
        let a = flux(s, "PATCH", path, &[REP], Some(body), false).await;
        assert_envelope(a.status, &a.body, 400);
    }
    assert_eq!(snapshot(s, "people").await, before);
    // DELETE over a filter (soft delete: gone from every read).
    let a = flux(
        s,
        "DELETE",
        "/api/v1/tables/people?city=in.(London,Berlin)&select=name",
        &[REP],
        None,
        false,
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(sorted(a.names()), ["Ada", "Eve", "carol"]);
    let a = get(s, "/api/v1/tables/people").await;
    assert_eq!(sorted(a.names()), ["Bob", "Dave", "Frank"]);
}

async fn bulk_writes_need_a_filter(s: &TestServer) {
    seed_people(s).await;
    let before = snapshot(s, "people").await;
    for (method, body) in [("PATCH", Some(json!({"age": 1}))), ("DELETE", None)] {
        for path in [
            "/api/v1/tables/people",
            "/api/v1/tables/people?select=name",
            "/api/v1/tables/people?order=age.desc&limit=1",
        ] {
            let a = flux(s, method, path, &[REP], body.clone(), false).await;
            assert_envelope(a.status, &a.body, 400);
            assert!(a.body["error"].as_str().unwrap_or("").contains("filter"));
            let a = flux(s, method, path, &[REP], body.clone(), true).await;
            assert_envelope(a.status, &a.body, 400);
        }
    }
    assert_eq!(snapshot(s, "people").await, before);
}

async fn one_object_writes(s: &TestServer) {
    seed_people(s).await;
    let object = ("Accept", "application/vnd.pgrst.object+json");
    let a = flux(
        s,
        "POST",
        "/api/v1/tables/people",
        &[REP, object],
        Some(json!({"name": "Solo"})),
        false,
    )
    .await;
    assert_eq!(a.status, 201);
    assert_eq!(a.body["name"], "Solo");
    let before = snapshot(s, "people").await;
    let a = flux(
        s,
        "POST",
        "/api/v1/tables/people",
        &[REP, object],
        Some(json!([{"name": "A"}, {"name": "B"}])),
        false,
    )
    .await;
    assert_envelope(a.status, &a.body, 406);
    // Several rows matched: 406 and the update is rolled back.
    let a = flux(
        s,
        "PATCH",
        "/api/v1/tables/people?city=eq.Paris",
        &[REP, object],
        Some(json!({"age": 1})),
        false,
    )
    .await;
    assert_envelope(a.status, &a.body, 406);
    let a = flux(
        s,
        "DELETE",
        "/api/v1/tables/people?city=eq.London",
        &[REP, object],
        None,
        false,
    )
    .await;
    assert_envelope(a.status, &a.body, 406);
    assert_eq!(snapshot(s, "people").await, before);
    let a = flux(
        s,
        "PATCH",
        "/api/v1/tables/people?name=eq.Solo",
        &[REP, object],
        Some(json!({"age": 9})),
        false,
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.body["age"], 9);
}

async fn replace_update_and_delete_by_id(s: &TestServer) {
    seed_people(s).await;
    let ada = get(s, "/api/v1/tables/people?name=eq.Ada").await.body[0].clone();
    let id = ada["id"].as_str().expect("id").to_string();
    let path = format!("/api/v1/tables/people/{id}");
    // PUT replaces: fields left out go back to null.
    let a = flux(
        s,
        "PUT",
        &path,
        &[],
        Some(json!({"name": "Ada L", "age": 37})),
        false,
    )
    .await;
    assert_eq!(a.status, 200, "{}", a.text);
    assert_eq!(a.body["name"], "Ada L");
    assert_eq!(a.body["city"], Value::Null);
    assert_eq!(a.body["active"], Value::Null);
    assert_eq!(a.body["id"], id.as_str());
    assert_eq!(a.body["created_at"], ada["created_at"]);
    // A replacement must carry the required fields.
    let a = flux(s, "PUT", &path, &[], Some(json!({"age": 1})), false).await;
    assert_envelope(a.status, &a.body, 400);
    // PATCH is partial.
    let a = flux(s, "PATCH", &path, &[], Some(json!({"city": "Oslo"})), false).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.body["name"], "Ada L");
    assert_eq!(a.body["city"], "Oslo");
    let a = flux(
        s,
        "PATCH",
        &format!("{path}?select=city"),
        &[],
        Some(json!({"city": "Bergen"})),
        false,
    )
    .await;
    assert_eq!(a.body, json!({"city": "Bergen"}));
    let a = flux(s, "DELETE", &path, &[], None, false).await;
    assert_eq!(a.status, 204);
    assert_envelope(get(s, &path).await.status, &get(s, &path).await.body, 404);
    for method in ["PUT", "PATCH", "DELETE"] {
        let a = flux(
            s,
            method,
            "/api/v1/tables/people/missing",
            &[],
            Some(json!({"name": "x"})),
            false,
        )
        .await;
        assert_envelope(a.status, &a.body, 404);
    }
}
