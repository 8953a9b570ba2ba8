//! Listing: envelope, every filter operator, sort, paging, fields,
//! skipTotal, bad parameters and injection attempts.

use crate::support::*;
use basalt_testkit::TestServer;

both_engines!(
    list_envelope_and_paging,
    filter_operators,
    sort_and_fields,
    bad_parameters,
    injection_is_inert,
);

/// `items` with six known records.
pub(crate) async fn seed(s: &TestServer) {
    open_collection(
        s,
        "items",
        json!([{"name": "name", "type": "text"}, {"name": "category", "type": "text"},
            {"name": "price", "type": "number"}, {"name": "qty", "type": "integer"},
            {"name": "active", "type": "boolean"}, {"name": "note", "type": "text"}]),
    )
    .await;
    let rows = json!([
        {"name": "apple", "category": "fruit", "price": 1.5, "qty": 10, "active": true, "note": "red and sweet"},
        {"name": "banana", "category": "fruit", "price": 0.5, "qty": 20, "active": true},
        {"name": "carrot", "category": "veg", "price": 0.8, "qty": 5, "active": false, "note": "orange root"},
        {"name": "durian", "category": "fruit", "price": 9.0, "qty": 1, "active": false},
        {"name": "eggplant", "category": "veg", "price": 2.25, "qty": 0, "active": true, "note": "purple"},
        {"name": "fig", "category": "fruit", "price": 3.0, "qty": 7, "active": true, "note": "it's sweet"}
    ]);
    for r in rows.as_array().expect("rows") {
        create_record(s, "items", r.clone()).await;
    }
}

/// Names matching `filter`, sorted by name.
async fn matching(s: &TestServer, filter: &str) -> Vec<String> {
    let (st, b) = s
        .anon(
            "GET",
            &format!("/api/v1/items?sort=name&filter={}", enc(filter)),
            None,
        )
        .await;
    assert_eq!(st, 200, "{filter}: {b}");
    assert_eq!(
        b["totalItems"].as_u64(),
        Some(b["items"].as_array().map_or(0, Vec::len) as u64),
        "{filter}"
    );
    names_of(&b, "name")
}

async fn list_envelope_and_paging(s: &TestServer) {
    seed(s).await;
    let (st, b) = s.anon("GET", "/api/v1/items", None).await;
    assert_eq!(st, 200);
    let keys: Vec<&String> = b.as_object().expect("object").keys().collect();
    for k in ["items", "page", "perPage", "totalItems", "totalPages"] {
        assert!(b.get(k).is_some(), "{k} in {keys:?}");
    }
    assert_eq!(
        (
            &b["page"],
            &b["perPage"],
            &b["totalItems"],
            &b["totalPages"]
        ),
        (&json!(1), &json!(20), &json!(6), &json!(1))
    );
    assert_eq!(b["items"].as_array().map(Vec::len), Some(6));
    let page = |q: &'static str| async move {
        let (st, b) = s
            .anon("GET", &format!("/api/v1/items?sort=name&{q}"), None)
            .await;
        assert_eq!(st, 200, "{q}: {b}");
        b
    };
    let b = page("perPage=4&page=2").await;
    assert_eq!(names_of(&b, "name"), vec!["eggplant", "fig"]);
    assert_eq!((&b["page"], &b["perPage"]), (&json!(2), &json!(4)));
    assert_eq!((&b["totalItems"], &b["totalPages"]), (&json!(6), &json!(2)));
    let b = page("perPage=4&page=3").await;
    assert_eq!(b["items"], json!([]));
    assert_eq!(b["totalItems"], 6);
    let b = page("limit=2&offset=1").await;
    assert_eq!(names_of(&b, "name"), vec!["banana", "carrot"]);
    assert_eq!(b["perPage"], 2);
    let b = page("limit=3").await;
    assert_eq!(names_of(&b, "name"), vec!["apple", "banana", "carrot"]);
    let b = page("perPage=500").await;
    assert_eq!(b["items"].as_array().map(Vec::len), Some(6));
    let b = page("skipTotal=true&perPage=2").await;
    assert_eq!(
        (&b["totalItems"], &b["totalPages"]),
        (&json!(-1), &json!(-1))
    );
    assert_eq!(names_of(&b, "name"), vec!["apple", "banana"]);
    // The default page size is 20.
    let more: Vec<Value> = (0..19)
        .map(|i| json!({"name": format!("z{i:02}")}))
        .collect();
    let (st, _) = s
        .admin("POST", "/api/v1/items/bulk", Some(json!(more)))
        .await;
    assert_eq!(st, 201);
    let b = page("").await;
    assert_eq!(b["items"].as_array().map(Vec::len), Some(20));
    assert_eq!(
        (&b["totalItems"], &b["totalPages"]),
        (&json!(25), &json!(2))
    );
    let b = page("page=2").await;
    assert_eq!(b["items"].as_array().map(Vec::len), Some(5));
    for q in [
        "perPage=501",
        "perPage=0",
        "page=0",
        "page=-1",
        "page=abc",
        "limit=501",
        "offset=-3",
        "perPage=1.5",
    ] {
        let (st, b) = s.anon("GET", &format!("/api/v1/items?{q}"), None).await;
        assert_envelope(st, &b, 400);
    }
}

async fn filter_operators(s: &TestServer) {
    seed(s).await;
    let cases: &[(&str, &[&str])] = &[
        ("qty = 10", &["apple"]),
        ("qty == 10", &["apple"]),
        (
            "qty != 10",
            &["banana", "carrot", "durian", "eggplant", "fig"],
        ),
        ("qty > 7", &["apple", "banana"]),
        ("qty >= 7", &["apple", "banana", "fig"]),
        ("qty < 5", &["durian", "eggplant"]),
        ("qty <= 5", &["carrot", "durian", "eggplant"]),
        (
            "qty > -1",
            &["apple", "banana", "carrot", "durian", "eggplant", "fig"],
        ),
        ("name ~ 'an'", &["banana", "durian", "eggplant"]),
        ("name !~ 'an'", &["apple", "carrot", "fig"]),
        ("note ~ 'sweet'", &["apple", "fig"]),
        ("category IN ('veg')", &["carrot", "eggplant"]),
        ("qty IN (1, 5, 99)", &["carrot", "durian"]),
        ("name IN (\"fig\", 'apple')", &["apple", "fig"]),
        ("note = null", &["banana", "durian"]),
        ("note != null", &["apple", "carrot", "eggplant", "fig"]),
        ("active = true && qty > 5", &["apple", "banana", "fig"]),
        ("active = true AND qty > 5", &["apple", "banana", "fig"]),
        ("active = true and qty > 5", &["apple", "banana", "fig"]),
        ("qty = 0 || qty = 1", &["durian", "eggplant"]),
        ("qty = 0 OR qty = 1", &["durian", "eggplant"]),
        (
            "(category = 'veg' || qty = 1) && active = false",
            &["carrot", "durian"],
        ),
        (
            "category = 'veg' || (qty = 1 && active = false)",
            &["carrot", "durian", "eggplant"],
        ),
        (
            "category = 'veg' || qty = 1 && active = true",
            &["carrot", "eggplant"],
        ),
        ("name = \"fig\"", &["fig"]),
        ("name = 'fig'", &["fig"]),
        ("note = \"it's sweet\"", &["fig"]),
        ("note = 'it\\'s sweet'", &["fig"]),
        ("price > 2.5", &["durian", "fig"]),
        ("price = 2.25", &["eggplant"]),
        ("price <= 0.8", &["banana", "carrot"]),
        ("active = false", &["carrot", "durian"]),
        ("active != true", &["carrot", "durian"]),
        ("active == true", &["apple", "banana", "eggplant", "fig"]),
        ("'fruit' = category && qty > 5", &["apple", "banana", "fig"]),
        (
            "",
            &["apple", "banana", "carrot", "durian", "eggplant", "fig"],
        ),
        ("name = 'nothing'", &[]),
        (
            "created_at > '2000-01-01T00:00:00.000Z'",
            &["apple", "banana", "carrot", "durian", "eggplant", "fig"],
        ),
        ("created_at < '2000-01-01T00:00:00.000Z'", &[]),
        ("NOT (qty > 1)", &["durian", "eggplant"]),
        ("!(category = 'fruit')", &["carrot", "eggplant"]),
        ("category NOT IN ('fruit')", &["carrot", "eggplant"]),
    ];
    for (filter, want) in cases {
        assert_eq!(matching(s, filter).await, *want, "filter {filter}");
    }
    // The admin record list takes the same filters.
    let (st, b) = s
        .admin(
            "GET",
            &format!(
                "/api/v1/admin/collections/items/records?sort=name&filter={}",
                enc("qty >= 7")
            ),
            None,
        )
        .await;
    assert_eq!(st, 200);
    assert_eq!(names_of(&b, "name"), vec!["apple", "banana", "fig"]);
}

async fn sort_and_fields(s: &TestServer) {
    seed(s).await;
    let get = |q: &'static str| async move {
        let (st, b) = s.anon("GET", &format!("/api/v1/items?{q}"), None).await;
        assert_eq!(st, 200, "{q}: {b}");
        b
    };
    let b = get("sort=-category,+name").await;
    assert_eq!(
        names_of(&b, "name"),
        vec!["carrot", "eggplant", "apple", "banana", "durian", "fig"]
    );
    let b = get("sort=-qty").await;
    assert_eq!(
        names_of(&b, "name"),
        vec!["banana", "apple", "fig", "carrot", "durian", "eggplant"]
    );
    let b = get("sort=-category,%2Bname").await;
    assert_eq!(
        names_of(&b, "name"),
        vec!["carrot", "eggplant", "apple", "banana", "durian", "fig"]
    );
    let b = get("sort=category,-price").await;
    assert_eq!(
        names_of(&b, "name"),
        vec!["durian", "fig", "apple", "banana", "eggplant", "carrot"]
    );
    let b = get("sort=name&fields=name,qty").await;
    let items = b["items"].as_array().expect("items");
    assert_eq!(items.len(), 6);
    assert_eq!(items[0], json!({"name": "apple", "qty": 10}));
    for it in items {
        let mut keys: Vec<&String> = it.as_object().expect("obj").keys().collect();
        keys.sort();
        assert_eq!(keys, vec!["name", "qty"]);
    }
    let b = get("fields=id&sort=name&perPage=1").await;
    assert_eq!(b["items"][0].as_object().map(|o| o.len()), Some(1));
    assert!(is_uuid_v7(&b["items"][0]["id"]));
}

async fn bad_parameters(s: &TestServer) {
    seed(s).await;
    let before = all_records(s, "items").await;
    let list = |q: &str| format!("/api/v1/items?{q}");
    let mut paths: Vec<String> = [
        "qty >",
        "qty = 1 )",
        "(qty = 1",
        "ghost = 1",
        "qty === 1",
        "qty = 'a",
        "auth.id = 'x'",
        "request.body.x = 1",
        "qty IN ()",
        "qty > null",
        "name ~",
        "&& qty = 1",
        "qty = 1 qty = 2",
        "qty = 1; DROP TABLE items",
    ]
    .iter()
    .map(|f| list(&format!("filter={}", enc(f))))
    .collect();
    for (k, v) in [
        ("sort", "ghost"),
        ("sort", "-ghost"),
        ("sort", "name;DROP TABLE items"),
        ("sort", "name desc"),
        ("fields", "ghost"),
        ("fields", "name,ghost"),
        ("fields", "*"),
        ("fields", "id,(SELECT 1)"),
    ] {
        paths.push(list(&format!("{k}={}", enc(v))));
    }
    for q in [
        "count?filter=ghost%3D1",
        "count?filter=qty%20%3E",
        "aggregate?fn=median&field=qty",
        "aggregate?field=qty",
        "aggregate?fn=sum",
        "aggregate?fn=sum&field=ghost",
        "aggregate?fn=sum&field=name",
        "aggregate?fn=avg&field=category",
        "aggregate?fn=sum&field=qty&group_by=ghost",
        "aggregate?fn=sum&field=qty&filter=qty%20%3E",
        "aggregate?fn=sum&field=qty;DROP",
    ] {
        paths.push(format!("/api/v1/items/{q}"));
    }
    for p in &paths {
        let (st, b) = s.anon("GET", p, None).await;
        assert_eq!(st, 400, "{p}: {b}");
        assert_envelope(st, &b, 400);
    }
    let (st, b) = s
        .anon("GET", &list(&format!("filter={}", enc("ghost = 1"))), None)
        .await;
    assert_envelope(st, &b, 400);
    assert_eq!(data(&b).get("field"), Some(&json!("ghost")), "{b}");
    assert_eq!(all_records(s, "items").await, before);
}

async fn injection_is_inert(s: &TestServer) {
    seed(s).await;
    let before = all_records(s, "items").await;
    let filters = [
        "name = \"x' OR '1'='1\"",
        "name = 'x'' OR ''1''=''1'",
        "name = 'x' OR '1'='1'",
        "name = '1; DROP TABLE items'",
        "qty = 1; DROP TABLE items",
        "name;-- = 1",
        "name = 'a' -- ",
        "name = 'a' /* */",
        "name ~ '%'' OR 1=1 --'",
        "name IN ('a'); DELETE FROM items; --')",
        "title;-- = 'x'",
    ];
    let mut paths: Vec<String> = filters
        .iter()
        .map(|f| format!("/api/v1/items?filter={}", enc(f)))
        .collect();
    paths.push(format!(
        "/api/v1/items/count?filter={}",
        enc("name = 'x' OR 1=1; DROP TABLE items")
    ));
    for q in [
        "sort=title;DROP TABLE items",
        "sort=name,(SELECT 1)",
        "fields=id,(SELECT 1)",
        "fields=name FROM items; DROP TABLE items; --",
        "search=\"); DROP TABLE items; --",
        "search=' OR 1=1 --",
        "search=name:apple OR *",
        "search=NEAR(a b)",
        "search=\"unbalanced",
        "search=a AND OR NOT b",
        "perPage=1;DROP TABLE items",
    ] {
        let (k, v) = q.split_once('=').expect("k=v");
        paths.push(format!("/api/v1/items?{k}={}", enc(v)));
    }
    for p in &paths {
        let (st, b) = s.anon("GET", p, None).await;
        if st == 200 {
            assert!(b["items"].is_array() || b["count"].is_u64(), "{p}: {b}");
        } else {
            assert_eq!(st, 400, "{p}: {b}");
            assert_envelope(st, &b, 400);
        }
    }
    // Ids in the path are values too.
    for id in [
        "x' OR '1'='1",
        "1 OR 1=1",
        "*",
        "%",
        "'; DROP TABLE items; --",
    ] {
        let path = format!("/api/v1/items/{}", enc(id));
        for (method, body) in [
            ("GET", None),
            ("PATCH", Some(json!({"qty": 0}))),
            ("DELETE", None),
        ] {
            let (st, b) = s.anon(method, &path, body).await;
            assert_envelope(st, &b, 404);
        }
    }
    // Field names in a body are checked against the collection.
    for key in [
        "name\"; DROP TABLE items; --",
        "qty) VALUES (1); --",
        "name`",
        "[name]",
    ] {
        let mut body = json!({"name": "x"});
        body[key] = json!(1);
        let (st, b) = s.anon("POST", "/api/v1/items", Some(body)).await;
        assert_envelope(st, &b, 400);
        assert!(data(&b).contains_key(key), "{b}");
    }
    // A value that looks like SQL is compared as a value.
    assert!(matching(s, "name = \"x' OR '1'='1\"").await.is_empty());
    assert!(matching(s, "name = '1; DROP TABLE items'").await.is_empty());
    // Malicious strings written as data stay data.
    let evil = "'); DROP TABLE items; --";
    create_record(s, "items", json!({"name": evil})).await;
    assert_eq!(
        matching(s, &format!("name = \"{evil}\"")).await,
        vec![evil.to_string()]
    );
    let (st, b) = s
        .anon("GET", &format!("/api/v1/items?search={}", enc(evil)), None)
        .await;
    assert_eq!(st, 200, "{b}");
    // Everything is still there.
    assert_eq!(collection_names(s).await, vec!["items".to_string()]);
    let after = all_records(s, "items").await;
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(after[..before.len()].to_vec(), before);
}
