//! Hostile input on the AYB surface: injection strings in filter values,
//! field names, `sort`, `fields`, `expand`, `search`, paths and batch
//! bodies, each answered with 400/404 or a normal answer — never a 500 —
//! and none changing stored data.

use crate::ayb_records::seed_posts;
use crate::fluxbase_bad_input::INJECTIONS;
use crate::support::*;
use basalt_testkit::TestServer;

both_engines!(injection_strings_are_inert);

/// `s` as a PocketBase-style single-quoted string literal.
fn quoted(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

async fn injection_strings_are_inert(s: &TestServer) {
    seed_posts(s).await;
    let before = all_records(s, "posts").await;
    for inj in INJECTIONS {
        let e = enc(inj);
        let paths = [
            format!(
                "/api/collections/posts?filter={}",
                enc(&format!("title={}", quoted(inj)))
            ),
            format!(
                "/api/collections/posts?filter={}",
                enc(&format!("title~{}", quoted(inj)))
            ),
            format!(
                "/api/collections/posts?filter={}",
                enc(&format!("status IN ({}, 'x')", quoted(inj)))
            ),
            format!("/api/collections/posts?filter={e}"),
            format!("/api/collections/posts?filter={}", enc(&format!("{inj}=1"))),
            format!("/api/collections/posts?sort={e}"),
            format!("/api/collections/posts?sort=-{e}"),
            format!("/api/collections/posts?fields={e}"),
            format!("/api/collections/posts?fields=id,{e}"),
            format!("/api/collections/posts?expand={e}"),
            format!("/api/collections/posts?search={e}"),
            format!("/api/collections/posts?page={e}"),
            format!("/api/collections/{e}"),
            format!("/api/collections/posts/{e}"),
            format!("/api/collections/posts/{e}?expand={e}"),
        ];
        for path in &paths {
            let (st, b) = s.anon("GET", path, None).await;
            assert!(st == 200 || (400..500).contains(&st), "{path}: {st} {b}");
            if st == 200 {
                // A literal match or a search could only find nothing here.
                assert_eq!(b["items"], json!([]), "{path}: {b}");
            } else {
                assert_4xx(st, &b);
            }
        }
        for (method, path, body) in [
            (
                "PATCH",
                format!("/api/collections/posts/{e}"),
                Some(json!({"title": "x"})),
            ),
            ("DELETE", format!("/api/collections/posts/{e}"), None),
            (
                "POST",
                "/api/collections/posts".to_string(),
                Some(json!({ *inj: 1 })),
            ),
            (
                "POST",
                "/api/collections/posts/batch".to_string(),
                Some(json!({"operations": [{"method": *inj, "body": {"title": "x"}}]})),
            ),
            (
                "POST",
                "/api/collections/posts/batch".to_string(),
                Some(json!({"operations": [{"method": "delete", "id": *inj}]})),
            ),
        ] {
            let (st, b) = s.anon(method, &path, body).await;
            assert_4xx(st, &b);
        }
        // A hostile value is stored and read back verbatim.
        let (st, created) = s
            .admin(
                "POST",
                "/api/collections/posts",
                Some(json!({"title": inj})),
            )
            .await;
        assert_eq!(st, 201, "{created}");
        let (_, b) = s
            .anon(
                "GET",
                &format!(
                    "/api/collections/posts?filter={}",
                    enc(&format!("title={}", quoted(inj)))
                ),
                None,
            )
            .await;
        assert_eq!(names_of(&b, "title"), [inj.to_string()]);
        let id = created["id"].as_str().expect("id");
        let (st, _) = s
            .admin(
                "DELETE",
                &format!("/api/v1/admin/collections/posts/records/{id}"),
                None,
            )
            .await;
        assert_eq!(st, 204);
    }
    assert_eq!(all_records(s, "posts").await, before);
}
