//! The SQL compiler: every value bound as a parameter on both dialects,
//! identifiers quoted, literal-only comparisons folded.

use basalt_catalog::{build_snapshot, Collection, CollectionMeta, FieldDef, FieldType};
use basalt_engine::{ColumnInfo, Dialect, TableInfo};
use basalt_query::{check, parse::parse_filter, SortKey};
use basalt_sql::{count, insert, select, SelectPlan};
use basalt_types::Value;
use std::collections::HashMap;
use std::sync::Arc;

fn col(name: &str, decl: &str, pk: bool) -> ColumnInfo {
    ColumnInfo {
        name: name.into(),
        decl_type: decl.into(),
        not_null: pk,
        default: None,
        primary_key: pk,
    }
}

fn posts() -> Arc<Collection> {
    let table = TableInfo {
        name: "posts".into(),
        columns: vec![
            col("id", "text", true),
            col("created_at", "datetime", false),
            col("updated_at", "datetime", false),
            col("title", "text", false),
            col("views", "integer", false),
            col("published", "boolean", false),
        ],
        indexes: vec![],
        foreign_keys: vec![],
    };
    let mut metas = HashMap::new();
    metas.insert(
        "posts".to_string(),
        CollectionMeta {
            managed: true,
            fields: vec![
                FieldDef::new("title", FieldType::Text),
                FieldDef::new("views", FieldType::Integer),
                FieldDef::new("published", FieldType::Boolean),
            ],
            fts: vec!["title".into()],
            ..Default::default()
        },
    );
    build_snapshot(vec![table], metas)
        .get("posts")
        .cloned()
        .expect("posts")
}

#[test]
fn values_are_bound_never_spliced() {
    let coll = posts();
    let evil = "x' OR '1'='1; DROP TABLE posts; --";
    let f = parse_filter(&format!(
        "title = \"{}\" && views > 5",
        evil.replace('"', "\\\"")
    ))
    .expect("parse");
    let checked = check(f, coll.as_ref()).expect("check");
    for dialect in [Dialect::Sqlite, Dialect::Postgres] {
        let plan = SelectPlan {
            filter: &checked,
            sort: &[SortKey {
                field: "views".into(),
                descending: true,
            }],
            fields: None,
            limit: Some(20),
            offset: 0,
            search: Some("hello world"),
        };
        let sql = select(&coll, &plan, dialect);
        assert!(!sql.text.contains("DROP"), "{}", sql.text);
        assert!(
            sql.params.contains(&Value::Text(evil.into())),
            "{:?}",
            sql.params
        );
        assert!(sql.params.contains(&Value::Int(5)));
        assert!(
            sql.text.contains("ORDER BY \"posts\".\"views\" DESC"),
            "{}",
            sql.text
        );
        if dialect == Dialect::Postgres {
            assert!(sql.text.contains("$1"), "{}", sql.text);
            assert!(sql.text.contains("websearch_to_tsquery"), "{}", sql.text);
        } else {
            assert!(sql.text.contains("MATCH ?"), "{}", sql.text);
            assert!(sql
                .params
                .contains(&Value::Text("\"hello\" AND \"world\"".into())));
        }
        let c = count(&coll, &checked, None, dialect);
        assert!(c.text.starts_with("SELECT COUNT(*)"), "{}", c.text);
    }
}

#[test]
fn null_comparisons_and_literal_folding() {
    let coll = posts();
    let f = parse_filter("title = null || 'a' = 'b' || title != null").expect("parse");
    let sql = count(
        &coll,
        &check(f, coll.as_ref()).expect("check"),
        None,
        Dialect::Sqlite,
    );
    assert!(sql.text.contains("\"title\" IS NULL"), "{}", sql.text);
    assert!(sql.text.contains("IS NOT NULL"), "{}", sql.text);
    assert!(sql.text.contains("1=0"), "{}", sql.text);
    assert!(sql.params.is_empty(), "{:?}", sql.params);
}

#[test]
fn like_wraps_plain_values_and_is_case_insensitive_on_postgres() {
    let coll = posts();
    let f = parse_filter("title ~ 'abc' && title !~ '%x%'").expect("parse");
    let checked = check(f, coll.as_ref()).expect("check");
    let s = count(&coll, &checked, None, Dialect::Sqlite);
    assert!(s.params.contains(&Value::Text("%abc%".into())));
    assert!(s.params.contains(&Value::Text("%x%".into())));
    let p = count(&coll, &checked, None, Dialect::Postgres);
    assert!(p.text.contains("ILIKE"), "{}", p.text);
}

#[test]
fn unknown_fields_never_reach_sql() {
    let coll = posts();
    let f = parse_filter("secret = 1").expect("parse");
    assert!(check(f, coll.as_ref()).is_err());
}

#[test]
fn insert_returns_the_row() {
    let coll = posts();
    let sql = insert(
        &coll,
        &[("title".into(), Value::Text("a".into()))],
        Dialect::Postgres,
    )
    .expect("insert");
    assert!(sql.text.contains("RETURNING *"), "{}", sql.text);
    assert_eq!(sql.params, vec![Value::Text("a".into())]);
}

#[test]
fn ddl_uses_natural_types_per_engine() {
    let mut rel = FieldDef::new("author", FieldType::Relation);
    rel.collection = Some("users".into());
    let mut email = FieldDef::new("email", FieldType::Email);
    email.unique = true;
    let fields = vec![
        FieldDef::new("score", FieldType::Number),
        FieldDef::new("at", FieldType::Datetime),
        FieldDef::new("meta", FieldType::Json),
        rel,
        email,
    ];
    let target = |_: &str| Some(("id".to_string(), basalt_catalog::PkKind::Integer));
    let pg = basalt_sql::create_table("t", &fields, true, &target, Dialect::Postgres);
    let text = &pg[0].text;
    for want in [
        "\"score\" double precision",
        "\"at\" timestamptz",
        "\"meta\" jsonb",
        "\"author\" bigint",
        "\"created_at\" timestamptz NOT NULL",
        "REFERENCES \"users\" (\"id\")",
    ] {
        assert!(text.contains(want), "{want} missing in {text}");
    }
    assert!(pg[1].text.contains("CREATE UNIQUE INDEX"), "{}", pg[1].text);
    let lite = basalt_sql::create_table("t", &fields, true, &target, Dialect::Sqlite);
    assert!(lite[0].text.contains("\"score\" REAL"), "{}", lite[0].text);
    assert!(
        lite[0].text.contains("\"author\" INTEGER"),
        "{}",
        lite[0].text
    );
}
