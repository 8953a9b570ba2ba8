//! Unit tests of the PostgREST filter parser.

use super::*;
use basalt_types::ErrorKind;

fn params(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn ok(pairs: &[(&str, &str)]) -> Filter {
    parse_postgrest_filter(&params(pairs))
        .map_err(|e| format!("{pairs:?}: {}", e.message))
        .expect("should parse")
}

fn bad(pairs: &[(&str, &str)]) -> String {
    let e = parse_postgrest_filter(&params(pairs)).expect_err("should fail");
    assert_eq!(e.kind, ErrorKind::BadRequest);
    assert!(e.message.starts_with("invalid filter: "), "{}", e.message);
    e.message
}

fn cmp(col: &str, op: CmpOp, v: &str) -> Filter {
    Filter::Compare {
        left: field(col),
        op,
        right: text(v),
    }
}

fn null(col: &str, negated: bool) -> Filter {
    Filter::IsNull {
        operand: field(col),
        negated,
    }
}

fn not(f: Filter) -> Filter {
    Filter::Not(Box::new(f))
}

#[test]
fn both_spellings_of_every_operator() {
    let cases = [
        ("eq", CmpOp::Eq),
        ("neq", CmpOp::Ne),
        ("gt", CmpOp::Gt),
        ("gte", CmpOp::Ge),
        ("lt", CmpOp::Lt),
        ("lte", CmpOp::Le),
        ("like", CmpOp::PatternLike),
        ("ilike", CmpOp::PatternILike),
    ];
    for (name, op) in cases {
        let expected = cmp("age", op, "18");
        assert_eq!(ok(&[("age", &format!("{name}.18"))]), expected, "{name}");
        assert_eq!(ok(&[(&format!("age.{name}"), "18")]), expected, "{name}");
    }
}

#[test]
fn values_keep_dots_and_like_stars() {
    assert_eq!(ok(&[("price", "gt.1.5")]), cmp("price", CmpOp::Gt, "1.5"));
    assert_eq!(
        ok(&[("email", "eq.a.b@c.d")]),
        cmp("email", CmpOp::Eq, "a.b@c.d")
    );
    assert_eq!(
        ok(&[("name", "like.*john*")]),
        cmp("name", CmpOp::PatternLike, "%john%")
    );
    assert_eq!(
        ok(&[("name.ilike", "John%")]),
        cmp("name", CmpOp::PatternILike, "John%")
    );
    assert_eq!(ok(&[("name", "eq.")]), cmp("name", CmpOp::Eq, ""));
    assert_eq!(ok(&[("name.eq", "")]), cmp("name", CmpOp::Eq, ""));
    // Outside logic trees, quotes are part of the value.
    assert_eq!(ok(&[("name", "eq.\"a\"")]), cmp("name", CmpOp::Eq, "\"a\""));
}

#[test]
fn in_lists_and_is() {
    let in_list = |values: &[&str], negated| Filter::In {
        operand: field("status"),
        values: values
            .iter()
            .map(|v| Literal::Text(v.to_string()))
            .collect(),
        negated,
    };
    assert_eq!(
        ok(&[("status", "in.(active,pending)")]),
        in_list(&["active", "pending"], false)
    );
    assert_eq!(
        ok(&[("status.in", "(active,\"a,b\")")]),
        in_list(&["active", "a,b"], false)
    );
    assert_eq!(ok(&[("status", "not.in.(x)")]), not(in_list(&["x"], false)));
    assert_eq!(ok(&[("status", "in.()")]), in_list(&[], false));
    assert_eq!(ok(&[("deleted_at.is.null", "")]), null("deleted_at", false));
    assert_eq!(ok(&[("deleted_at", "is.null")]), null("deleted_at", false));
    assert_eq!(ok(&[("deleted_at.is", "null")]), null("deleted_at", false));
    assert_eq!(ok(&[("deleted_at", "is.NULL")]), null("deleted_at", false));
    assert_eq!(
        ok(&[("deleted_at", "not.is.null")]),
        not(null("deleted_at", false))
    );
    assert_eq!(
        ok(&[("deleted_at.is", "not.null")]),
        null("deleted_at", true)
    );
    assert_eq!(
        ok(&[("deleted_at", "is.not_null")]),
        null("deleted_at", true)
    );
    let is_true = Filter::And(vec![
        null("done", true),
        Filter::Compare {
            left: field("done"),
            op: CmpOp::Eq,
            right: Operand::Literal(Literal::Bool(true)),
        },
    ]);
    assert_eq!(ok(&[("done", "is.true")]), is_true);
    assert_eq!(ok(&[("done", "not.is.true")]), not(is_true));
}

#[test]
fn negation_and_quantifiers() {
    assert_eq!(ok(&[("a", "not.eq.1")]), not(cmp("a", CmpOp::Eq, "1")));
    assert_eq!(ok(&[("a.not.eq", "1")]), not(cmp("a", CmpOp::Eq, "1")));
    assert_eq!(
        ok(&[("a", "like(any).{x*,*y}")]),
        Filter::Or(vec![
            cmp("a", CmpOp::PatternLike, "x%"),
            cmp("a", CmpOp::PatternLike, "%y"),
        ])
    );
    assert_eq!(
        ok(&[("a", "gt(all).{1,2}")]),
        Filter::And(vec![cmp("a", CmpOp::Gt, "1"), cmp("a", CmpOp::Gt, "2")])
    );
    assert_eq!(
        ok(&[("a", "isdistinct.x")]),
        Filter::Or(vec![cmp("a", CmpOp::Ne, "x"), null("a", false)])
    );
}

#[test]
fn logic_trees() {
    assert_eq!(
        ok(&[("or", "(a.eq.1,b.gt.2)")]),
        Filter::Or(vec![cmp("a", CmpOp::Eq, "1"), cmp("b", CmpOp::Gt, "2")])
    );
    assert_eq!(
        ok(&[(
            "or",
            "(a.eq.1,and(b.gt.2,c.is.null),not.or(d.eq.x,e.not.eq.y))"
        )]),
        Filter::Or(vec![
            cmp("a", CmpOp::Eq, "1"),
            Filter::And(vec![cmp("b", CmpOp::Gt, "2"), null("c", false)]),
            not(Filter::Or(vec![
                cmp("d", CmpOp::Eq, "x"),
                not(cmp("e", CmpOp::Eq, "y"))
            ])),
        ])
    );
    assert_eq!(
        ok(&[("and", "(name.eq.\"a,b\",tag.in.(\"x,y\",z))")]),
        Filter::And(vec![
            cmp("name", CmpOp::Eq, "a,b"),
            Filter::In {
                operand: field("tag"),
                values: vec![Literal::Text("x,y".into()), Literal::Text("z".into())],
                negated: false,
            },
        ])
    );
    assert_eq!(
        ok(&[("not.and", "(a.eq.1,b.eq.2)")]),
        not(Filter::And(vec![
            cmp("a", CmpOp::Eq, "1"),
            cmp("b", CmpOp::Eq, "2")
        ]))
    );
    // A column may be called `and` or `or` (no parenthesis follows).
    assert_eq!(
        ok(&[("or", "(order.eq.1)")]),
        Filter::Or(vec![cmp("order", CmpOp::Eq, "1")])
    );
}

#[test]
fn several_filters_are_anded_and_reserved_keys_skipped() {
    assert_eq!(
        ok(&[
            ("select", "*"),
            ("age", "gte.18"),
            ("order", "age.desc"),
            ("age", "lte.30"),
            ("limit", "5"),
            ("offset", "1"),
            ("columns", "\"a\""),
            ("on_conflict", "id"),
        ]),
        Filter::And(vec![
            cmp("age", CmpOp::Ge, "18"),
            cmp("age", CmpOp::Le, "30")
        ])
    );
    assert_eq!(ok(&[]), Filter::Const(true));
    assert_eq!(ok(&[("select", "id")]), Filter::Const(true));
}

#[test]
fn injection_stays_in_values() {
    assert_eq!(
        ok(&[("title", "eq.x' OR 1=1 --")]),
        cmp("title", CmpOp::Eq, "x' OR 1=1 --")
    );
    assert_eq!(
        ok(&[("title", "in.(a'); DROP TABLE posts; --)")]),
        Filter::In {
            operand: field("title"),
            values: vec![Literal::Text("a'); DROP TABLE posts; --".into())],
            negated: false,
        }
    );
    for key in [
        "title;drop table x",
        "\"title\"",
        "ti tle",
        "1a",
        "a-b",
        "a->>b",
        "",
    ] {
        bad(&[(key, "eq.1")]);
    }
}

#[test]
fn bad_inputs() {
    let cases: &[(&str, &str)] = &[
        ("a", "1"),
        ("a", "eq"),
        ("a", "equals.1"),
        ("a", ""),
        ("a", "not.1"),
        ("a", "in.1,2"),
        ("a", "in.(1,2"),
        ("a", "in.(\"x)"),
        ("a", "is.maybe"),
        ("a", "is."),
        ("a", "fts.x"),
        ("a", "cs.{1}"),
        ("a", "match.x"),
        ("a", "eq(any).1"),
        ("a", "eq(any).{}"),
        ("a", "in(any).{1}"),
        ("a.is", ""),
        ("a.", "1"),
        ("or", "a.eq.1"),
        ("or", "()"),
        ("or", "(a.eq.1"),
        ("or", "(a.eq.1))"),
        ("or", "(a)"),
        ("or", "(a.eq.\"x)"),
        ("or", "(a.eq.\"x\"y)"),
        ("or", "(and(a.eq.1)"),
        ("and", "(,)"),
        ("not.or", "x"),
    ];
    for (k, v) in cases {
        bad(&[(k, v)]);
    }
}

#[test]
fn limits() {
    let deep = format!("{}a.eq.1{}", "and(".repeat(40), ")".repeat(40));
    assert!(bad(&[("or", &format!("({deep})"))]).contains("nested too deeply"));
    let fine = format!("{}a.eq.1{}", "and(".repeat(20), ")".repeat(20));
    ok(&[("or", &format!("({fine})"))]);
    let many: Vec<(String, String)> = (0..101)
        .map(|i| (format!("c{i}"), "eq.1".to_string()))
        .collect();
    assert!(parse_postgrest_filter(&many).is_err());
    let long = "x".repeat(9000);
    assert!(bad(&[("a", &format!("eq.{long}"))]).contains("too long"));
}
