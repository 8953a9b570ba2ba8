//! Tests of the filter compiler: PostgREST's pattern operators per engine,
//! NULL placement in ORDER BY, writes over a filter, and the property that
//! no value written in a filter ever reaches the SQL text.

use crate::{compile_filter, delete_where, finish, select_ordered, update_where, SelectPlan};
use basalt_catalog::{build_snapshot, Collection, CollectionMeta, FieldDef, FieldType};
use basalt_engine::{ColumnInfo, Dialect, TableInfo};
use basalt_query::parse::{parse_filter, parse_postgrest_filter};
use basalt_query::{check, CmpOp, Columns, Filter, Literal, NullsOrder, Operand, OrderKey};
use basalt_types::Value;
use proptest::prelude::*;
use sea_query::Query;
use std::collections::HashMap;
use std::sync::Arc;

const FIELDS: [&str; 4] = ["title", "views", "score", "done"];

fn posts() -> Arc<Collection> {
    let col = |name: &str, decl: &str, pk: bool| ColumnInfo {
        name: name.into(),
        decl_type: decl.into(),
        not_null: pk,
        default: None,
        primary_key: pk,
    };
    let table = TableInfo {
        name: "posts".into(),
        columns: vec![
            col("id", "integer", true),
            col("title", "text", false),
            col("views", "integer", false),
            col("score", "real", false),
            col("done", "boolean", false),
        ],
        indexes: vec![],
        foreign_keys: vec![],
    };
    let mut metas = HashMap::new();
    metas.insert(
        "posts".to_string(),
        CollectionMeta {
            fields: vec![
                FieldDef::new("title", FieldType::Text),
                FieldDef::new("views", FieldType::Integer),
                FieldDef::new("score", FieldType::Number),
                FieldDef::new("done", FieldType::Boolean),
            ],
            ..Default::default()
        },
    );
    build_snapshot(vec![table], metas)
        .get("posts")
        .cloned()
        .expect("posts")
}

fn where_sql(f: Filter, dialect: Dialect) -> crate::Sql {
    let coll = posts();
    let checked = check(f, coll.as_ref()).expect("check");
    let mut q = Query::select();
    q.from(sea_query::Alias::new("posts"));
    q.and_where(compile_filter("posts", &checked, dialect));
    finish(&q, dialect)
}

fn pattern(op: CmpOp, p: &str) -> Filter {
    Filter::Compare {
        left: Operand::Field("title".into()),
        op,
        right: Operand::Literal(Literal::Text(p.into())),
    }
}

#[test]
fn like_is_case_sensitive_and_ilike_not_on_both_engines() {
    let sql = where_sql(pattern(CmpOp::PatternLike, "J*hn%"), Dialect::Sqlite);
    assert!(
        sql.text.contains("\"posts\".\"title\" GLOB ?"),
        "{}",
        sql.text
    );
    assert_eq!(sql.params, vec![Value::Text("J[*]hn*".into())]);
    let sql = where_sql(pattern(CmpOp::PatternILike, "j_hn%"), Dialect::Sqlite);
    assert!(sql.text.contains("LIKE ? ESCAPE '\\'"), "{}", sql.text);
    assert_eq!(sql.params, vec![Value::Text("j_hn%".into())]);
    let sql = where_sql(pattern(CmpOp::PatternLike, "John%"), Dialect::Postgres);
    assert!(
        sql.text
            .contains("CAST(\"posts\".\"title\" AS TEXT) LIKE $1"),
        "{}",
        sql.text
    );
    let sql = where_sql(pattern(CmpOp::PatternILike, r"100\%"), Dialect::Postgres);
    assert!(sql.text.contains("ILIKE $1"), "{}", sql.text);
    assert_eq!(sql.params, vec![Value::Text(r"100\%".into())]);
}

#[test]
fn literal_patterns_fold() {
    let lit = |s: &str| Operand::Literal(Literal::Text(s.into()));
    let f = |op, a, b| Filter::Compare {
        left: lit(a),
        op,
        right: lit(b),
    };
    for (filter, expected) in [
        (f(CmpOp::PatternLike, "Admin", "adm%"), "1=0"),
        (f(CmpOp::PatternILike, "Admin", "adm%"), "1=1"),
        (f(CmpOp::PatternLike, "Admin", "Adm_n"), "1=1"),
    ] {
        let sql = where_sql(filter, Dialect::Sqlite);
        assert!(sql.text.contains(expected), "{}", sql.text);
        assert!(sql.params.is_empty());
    }
}

#[test]
fn order_keys_place_nulls_on_both_engines() {
    let coll = posts();
    let checked = check(Filter::Const(true), coll.as_ref()).expect("check");
    let plan = SelectPlan {
        filter: &checked,
        sort: &[],
        fields: None,
        limit: None,
        offset: 0,
        search: None,
    };
    let order = [
        OrderKey {
            field: "views".into(),
            descending: true,
            nulls: Some(NullsOrder::Last),
        },
        OrderKey {
            field: "title".into(),
            descending: false,
            nulls: Some(NullsOrder::First),
        },
    ];
    for dialect in [Dialect::Sqlite, Dialect::Postgres] {
        let sql = select_ordered(&coll, &plan, &order, dialect);
        assert!(
            sql.text.contains(
                "ORDER BY \"posts\".\"views\" DESC NULLS LAST, \"posts\".\"title\" ASC NULLS FIRST"
            ),
            "{}",
            sql.text
        );
        assert!(!sql.text.contains("LIMIT"), "{}", sql.text);
    }
}

#[test]
fn writes_over_a_filter_bind_everything() {
    let coll = posts();
    let f = parse_postgrest_filter(&[("title".into(), "eq.x'; DROP TABLE posts".into())])
        .expect("parse");
    let checked = check(f, coll.as_ref()).expect("check");
    for dialect in [Dialect::Sqlite, Dialect::Postgres] {
        let up = update_where(&coll, &[("views".into(), Value::Int(9))], &checked, dialect);
        assert!(
            up.text.starts_with("UPDATE \"posts\" SET \"views\""),
            "{}",
            up.text
        );
        assert!(up.text.contains("RETURNING *"), "{}", up.text);
        assert!(!up.text.contains("DROP"), "{}", up.text);
        assert_eq!(
            up.params,
            vec![Value::Int(9), Value::Text("x'; DROP TABLE posts".into())]
        );
        let del = delete_where(&coll, &checked, dialect);
        assert!(
            del.text.starts_with("DELETE FROM \"posts\" WHERE"),
            "{}",
            del.text
        );
        assert!(!del.text.contains("DROP"), "{}", del.text);
    }
}

/// Accepts every column name, so random parses reach the compiler.
struct AnyColumns;

impl Columns for AnyColumns {
    fn has_column(&self, _: &str) -> bool {
        true
    }
}

/// Literals that are easy to spot in SQL text: every string carries the
/// marker `ZQX`, every number is large and distinctive.
fn literal() -> impl Strategy<Value = Literal> {
    prop_oneof![
        any::<String>().prop_map(|s| Literal::Text(format!("ZQX{s}"))),
        "[ -~]{0,12}".prop_map(|s| Literal::Text(format!("ZQX{s}';--"))),
        (0i64..1000).prop_map(|i| Literal::Int(7_654_321_000 + i)),
        (0u32..1000).prop_map(|i| Literal::Float(8_765_432.5 + f64::from(i))),
    ]
}

fn op() -> impl Strategy<Value = CmpOp> {
    prop::sample::select(vec![
        CmpOp::Eq,
        CmpOp::Ne,
        CmpOp::Gt,
        CmpOp::Ge,
        CmpOp::Lt,
        CmpOp::Le,
        CmpOp::Like,
        CmpOp::NotLike,
        CmpOp::PatternLike,
        CmpOp::PatternILike,
    ])
}

fn leaf() -> impl Strategy<Value = Filter> {
    let field = prop::sample::select(FIELDS.to_vec()).prop_map(|f| Operand::Field(f.into()));
    prop_oneof![
        (field.clone(), op(), literal()).prop_map(|(left, op, l)| Filter::Compare {
            left,
            op,
            right: Operand::Literal(l),
        }),
        (
            field.clone(),
            prop::collection::vec(literal(), 0..4),
            any::<bool>()
        )
            .prop_map(|(operand, values, negated)| Filter::In {
                operand,
                values,
                negated,
            }),
        (field, any::<bool>()).prop_map(|(operand, negated)| Filter::IsNull { operand, negated }),
    ]
}

fn filter() -> impl Strategy<Value = Filter> {
    leaf().prop_recursive(4, 32, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Filter::And),
            prop::collection::vec(inner.clone(), 0..4).prop_map(Filter::Or),
            inner.prop_map(|f| Filter::Not(Box::new(f))),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn no_value_reaches_sql_text(f in filter()) {
        for dialect in [Dialect::Sqlite, Dialect::Postgres] {
            let sql = where_sql(f.clone(), dialect);
            prop_assert!(!sql.text.contains("ZQX"), "{}", sql.text);
            prop_assert!(!sql.text.contains("765432"), "{}", sql.text);
        }
    }

    #[test]
    fn any_parse_compiles(input in any::<String>(), key in "[a-z.]{1,8}", value in any::<String>()) {
        let parsed = [
            parse_filter(&input),
            parse_postgrest_filter(&[(key, value)]),
        ];
        for f in parsed.into_iter().flatten() {
            let checked = check(f, &AnyColumns).map_err(|e| TestCaseError::fail(e.message))?;
            for dialect in [Dialect::Sqlite, Dialect::Postgres] {
                let mut q = Query::select();
                q.from(sea_query::Alias::new("t"));
                q.and_where(compile_filter("t", &checked, dialect));
                let _ = finish(&q, dialect);
            }
        }
    }
}
