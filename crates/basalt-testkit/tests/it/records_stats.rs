//! Full-text search, count and aggregate.

use crate::records_query::seed;
use crate::support::*;
use basalt_testkit::TestServer;

both_engines!(full_text_search, count_and_aggregate);

async fn full_text_search(s: &TestServer) {
    open_collection(
        s,
        "articles",
        json!([{"name": "title", "type": "text"}, {"name": "body", "type": "text"}, {"name": "stars", "type": "integer"}]),
    )
    .await;
    for (t, b, n) in [
        (
            "Rust web servers",
            "axum and tokio make fast web servers for production systems and more",
            5,
        ),
        ("Cooking pasta", "boil water, add salt, then the pasta", 3),
        ("Rust rust rust", "rust everywhere rust", 1),
        ("Gardening", "tomatoes need sun and water", 4),
    ] {
        create_record(s, "articles", json!({"title": t, "body": b, "stars": n})).await;
    }
    let search = |q: String| async move {
        let (st, b) = s.anon("GET", &format!("/api/v1/articles?{q}"), None).await;
        assert_eq!(st, 200, "{q}: {b}");
        assert_eq!(
            b["totalItems"].as_u64(),
            Some(b["items"].as_array().map_or(0, Vec::len) as u64),
            "{q}"
        );
        names_of(&b, "title")
    };
    let q = |text: &str| format!("search={}", enc(text));
    assert_eq!(search(q("tokio")).await, vec!["Rust web servers"]);
    assert_eq!(search(q("TOKIO")).await, vec!["Rust web servers"]);
    assert_eq!(search(q("gardening")).await, vec!["Gardening"]);
    // Best match first when no sort is given.
    assert_eq!(
        search(q("rust")).await,
        vec!["Rust rust rust", "Rust web servers"]
    );
    // An explicit sort wins over rank.
    assert_eq!(
        search(format!("{}&sort=-stars", q("rust"))).await,
        vec!["Rust web servers", "Rust rust rust"]
    );
    // Every word must appear somewhere.
    assert_eq!(search(q("rust tokio")).await, vec!["Rust web servers"]);
    assert_eq!(search(q("pasta water")).await, vec!["Cooking pasta"]);
    // Phrases keep their order.
    assert_eq!(search(q("\"boil water\"")).await, vec!["Cooking pasta"]);
    assert!(search(q("\"water boil\"")).await.is_empty());
    // Exclusion and OR.
    assert_eq!(search(q("water -salt")).await, vec!["Gardening"]);
    let mut either = search(q("pasta or tomatoes")).await;
    either.sort();
    assert_eq!(either, vec!["Cooking pasta", "Gardening"]);
    // Combined with a filter, and counted.
    assert_eq!(
        search(format!("{}&filter={}", q("water"), enc("stars > 3"))).await,
        vec!["Gardening"]
    );
    let (st, c) = s
        .anon(
            "GET",
            &format!("/api/v1/articles/count?{}", q("rust")),
            None,
        )
        .await;
    assert_eq!((st, c), (200, json!({"count": 2})));
    assert!(search(q("nothingmatches")).await.is_empty());
    // Updates and deletes reach the index.
    let all = all_records(s, "articles").await;
    let garden = all
        .iter()
        .find(|r| r["title"] == "Gardening")
        .expect("garden");
    let id = garden["id"].as_str().expect("id");
    let (st, _) = s
        .anon(
            "PATCH",
            &format!("/api/v1/articles/{id}"),
            Some(json!({"body": "roses and tulips"})),
        )
        .await;
    assert_eq!(st, 200);
    assert_eq!(search(q("tulips")).await, vec!["Gardening"]);
    assert!(search(q("tomatoes")).await.is_empty());
    let (st, _) = s
        .anon("DELETE", &format!("/api/v1/articles/{id}"), None)
        .await;
    assert_eq!(st, 204);
    assert!(search(q("tulips")).await.is_empty());
}

async fn count_and_aggregate(s: &TestServer) {
    seed(s).await;
    let get = |q: String| async move {
        let (st, b) = s.anon("GET", &format!("/api/v1/items/{q}"), None).await;
        assert_eq!(st, 200, "{q}: {b}");
        b
    };
    assert_eq!(get("count".into()).await, json!({"count": 6}));
    assert_eq!(
        get(format!("count?filter={}", enc("category = 'veg'"))).await,
        json!({"count": 2})
    );
    let num = |v: &Value| v.as_f64().unwrap_or_else(|| panic!("number: {v}"));
    let b = get("aggregate?fn=sum&field=qty".into()).await;
    assert_eq!((&b["fn"], &b["field"]), (&json!("sum"), &json!("qty")));
    assert_eq!(num(&b["value"]), 43.0);
    let b = get("aggregate?fn=avg&field=price".into()).await;
    assert!((num(&b["value"]) - 17.05 / 6.0).abs() < 1e-9, "{b}");
    assert_eq!(
        num(&get("aggregate?fn=min&field=price".into()).await["value"]),
        0.5
    );
    assert_eq!(
        num(&get("aggregate?fn=max&field=qty".into()).await["value"]),
        20.0
    );
    assert_eq!(num(&get("aggregate?fn=count".into()).await["value"]), 6.0);
    assert_eq!(
        num(&get("aggregate?fn=count&field=note".into()).await["value"]),
        4.0
    );
    assert_eq!(
        get("aggregate?fn=max&field=name".into()).await["value"],
        "fig"
    );
    let b = get(format!(
        "aggregate?fn=sum&field=qty&filter={}",
        enc("category = 'fruit'")
    ))
    .await;
    assert_eq!(num(&b["value"]), 38.0);
    let b = get("aggregate?fn=sum&field=qty&group_by=category".into()).await;
    assert_eq!(b["group_by"], "category");
    let mut groups: Vec<(String, f64)> = b["groups"]
        .as_array()
        .unwrap_or_else(|| panic!("groups: {b}"))
        .iter()
        .map(|g| {
            (
                g["key"].as_str().unwrap_or("").to_string(),
                num(&g["value"]),
            )
        })
        .collect();
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(groups, vec![("fruit".into(), 38.0), ("veg".into(), 5.0)]);
    let b = get(format!(
        "aggregate?fn=count&group_by=active&filter={}",
        enc("qty > 0")
    ))
    .await;
    let mut groups: Vec<(Value, f64)> = b["groups"]
        .as_array()
        .expect("groups")
        .iter()
        .map(|g| (g["key"].clone(), num(&g["value"])))
        .collect();
    groups.sort_by_key(|g| g.0.to_string());
    assert_eq!(groups, vec![(json!(false), 2.0), (json!(true), 3.0)]);
    // Soft-deleted records do not count.
    let all = all_records(s, "items").await;
    let banana = all.iter().find(|r| r["name"] == "banana").expect("banana");
    let (st, _) = s
        .anon(
            "DELETE",
            &format!("/api/v1/items/{}", banana["id"].as_str().expect("id")),
            None,
        )
        .await;
    assert_eq!(st, 204);
    assert_eq!(get("count".into()).await, json!({"count": 5}));
    assert_eq!(
        num(&get("aggregate?fn=sum&field=qty".into()).await["value"]),
        23.0
    );
}
