//! Tests of the PocketBase-style filter parser: every operator and form,
//! precedence, escapes, and hostile input that must be a 400, never a panic.

use super::*;
use basalt_types::ErrorKind;

fn ok(input: &str) -> Filter {
    parse_filter(input).expect(input)
}

/// Parses `input`, which must fail with a 400; returns the message.
fn bad(input: &str) -> String {
    let e = parse_filter(input).expect_err(input);
    assert_eq!(e.kind, ErrorKind::BadRequest, "{input}: {}", e.message);
    assert!(e.message.starts_with("invalid filter: "), "{}", e.message);
    e.message
}

fn field(name: &str) -> Operand {
    Operand::Field(name.into())
}
fn lit(l: Literal) -> Operand {
    Operand::Literal(l)
}
fn int(i: i64) -> Operand {
    lit(Literal::Int(i))
}
fn text(s: &str) -> Operand {
    lit(Literal::Text(s.into()))
}
fn cmp(left: Operand, op: CmpOp, right: Operand) -> Filter {
    Filter::Compare { left, op, right }
}
fn eq(name: &str, i: i64) -> Filter {
    cmp(field(name), CmpOp::Eq, int(i))
}

#[test]
fn every_operator() {
    let cases = [
        ("a = 1", CmpOp::Eq),
        ("a == 1", CmpOp::Eq),
        ("a != 1", CmpOp::Ne),
        ("a > 1", CmpOp::Gt),
        ("a >= 1", CmpOp::Ge),
        ("a < 1", CmpOp::Lt),
        ("a <= 1", CmpOp::Le),
        ("a ~ 1", CmpOp::Like),
        ("a !~ 1", CmpOp::NotLike),
        ("a>=1", CmpOp::Ge),
        ("a!~1", CmpOp::NotLike),
    ];
    for (input, op) in cases {
        assert_eq!(ok(input), cmp(field("a"), op, int(1)), "{input}");
    }
}

#[test]
fn literal_on_either_side() {
    assert_eq!(ok("'a' = name"), cmp(text("a"), CmpOp::Eq, field("name")));
    assert_eq!(ok("a = b"), cmp(field("a"), CmpOp::Eq, field("b")));
    assert_eq!(ok("1 < 2"), cmp(int(1), CmpOp::Lt, int(2)));
}

#[test]
fn logic_and_precedence() {
    let (a, b, c) = (eq("a", 1), eq("b", 2), eq("c", 3));
    assert_eq!(
        ok("a=1 || b=2 && c=3"),
        Filter::Or(vec![a.clone(), Filter::And(vec![b.clone(), c.clone()])])
    );
    assert_eq!(
        ok("a=1 && b=2 || c=3"),
        Filter::Or(vec![Filter::And(vec![a.clone(), b.clone()]), c.clone()])
    );
    assert_eq!(
        ok("a=1 && (b=2 || c=3)"),
        Filter::And(vec![a.clone(), Filter::Or(vec![b.clone(), c.clone()])])
    );
    let all = Filter::And(vec![a.clone(), b.clone(), c.clone()]);
    assert_eq!(ok("a=1 && b=2 && c=3"), all);
    assert_eq!(ok("a=1 & b=2 AND c=3"), all);
    assert_eq!(ok("(a=1 && b=2) && c=3"), all);
    assert_eq!(ok("((a=1))"), a);
    let any = Filter::Or(vec![a.clone(), b.clone(), c.clone()]);
    assert_eq!(ok("a=1 || b=2 | c=3"), any);
    assert_eq!(ok("a=1 or b=2 Or c=3"), any);
    assert_eq!(ok("a=1 || (b=2 || c=3)"), any);
}

#[test]
fn keywords_in_any_case() {
    let ab = Filter::And(vec![eq("a", 1), eq("b", 2)]);
    for kw in ["AND", "and", "And", "aNd"] {
        assert_eq!(ok(&format!("a=1 {kw} b=2")), ab);
    }
    let not_in = Filter::In {
        operand: field("a"),
        values: vec![Literal::Int(1)],
        negated: true,
    };
    for input in ["a NOT IN (1)", "a not in (1)", "a Not In (1)"] {
        assert_eq!(ok(input), not_in);
    }
    for input in ["TRUE", "true", "True"] {
        assert_eq!(ok(input), Filter::Const(true));
    }
    assert_eq!(
        ok("x = FALSE"),
        cmp(field("x"), CmpOp::Eq, lit(Literal::Bool(false)))
    );
    assert_eq!(
        ok("a = 1 OR b = 2"),
        Filter::Or(vec![eq("a", 1), eq("b", 2)])
    );
}

#[test]
fn not_prefix() {
    let not_a = Filter::Not(Box::new(eq("a", 1)));
    assert_eq!(ok("!a=1"), not_a);
    assert_eq!(ok("NOT a=1"), not_a);
    assert_eq!(ok("not (a=1)"), not_a);
    assert_eq!(
        ok("!(a=1 || b=2) && c=3"),
        Filter::And(vec![
            Filter::Not(Box::new(Filter::Or(vec![eq("a", 1), eq("b", 2)]))),
            eq("c", 3)
        ])
    );
    assert_eq!(ok("!!a=1"), Filter::Not(Box::new(not_a)));
}

#[test]
fn injection_stays_in_literals() {
    assert_eq!(
        ok(r#"title = "x' OR 1=1 --""#),
        cmp(field("title"), CmpOp::Eq, text("x' OR 1=1 --"))
    );
    assert_eq!(
        ok("title = 'a''; DROP TABLE posts; --'"),
        cmp(field("title"), CmpOp::Eq, text("a'; DROP TABLE posts; --"))
    );
    assert_eq!(
        ok(r"title ~ '%\' OR \'1\'=\'1'"),
        cmp(field("title"), CmpOp::Like, text("%' OR '1'='1"))
    );
}

#[test]
fn in_lists() {
    assert_eq!(
        ok("status IN ('a', \"b\", 3, -4.5, true)"),
        Filter::In {
            operand: field("status"),
            values: vec![
                Literal::Text("a".into()),
                Literal::Text("b".into()),
                Literal::Int(3),
                Literal::Float(-4.5),
                Literal::Bool(true),
            ],
            negated: false,
        }
    );
    assert_eq!(
        ok("auth.id not in ('x')"),
        Filter::In {
            operand: Operand::Auth("id".into()),
            values: vec![Literal::Text("x".into())],
            negated: true,
        }
    );
}

#[test]
fn null_forms() {
    let is_null = |negated| Filter::IsNull {
        operand: field("x"),
        negated,
    };
    assert_eq!(ok("x = null"), is_null(false));
    assert_eq!(ok("x == NULL"), is_null(false));
    assert_eq!(ok("null = x"), is_null(false));
    assert_eq!(ok("x != null"), is_null(true));
    assert_eq!(ok("Null != x"), is_null(true));
    for input in ["x > null", "x ~ null", "null <= x", "x !~ null"] {
        assert!(bad(input).contains("null"), "{input}");
    }
}

#[test]
fn auth_and_body_operands() {
    assert_eq!(
        ok("owner = auth.id"),
        cmp(field("owner"), CmpOp::Eq, Operand::Auth("id".into()))
    );
    assert_eq!(
        ok("owner = @request.auth.id"),
        cmp(field("owner"), CmpOp::Eq, Operand::Auth("id".into()))
    );
    assert_eq!(
        ok("request.body.owner = auth.id"),
        cmp(
            Operand::Body("owner".into()),
            CmpOp::Eq,
            Operand::Auth("id".into())
        )
    );
    assert_eq!(
        ok("@request.body.role != 'admin'"),
        cmp(Operand::Body("role".into()), CmpOp::Ne, text("admin"))
    );
    assert_eq!(
        ok("@request.auth.id != null"),
        Filter::IsNull {
            operand: Operand::Auth("id".into()),
            negated: true
        }
    );
}

#[test]
fn whitespace_empty_and_constants() {
    assert_eq!(ok(""), Filter::Const(true));
    assert_eq!(ok(" \n\t "), Filter::Const(true));
    assert_eq!(ok(" false "), Filter::Const(false));
    assert_eq!(
        ok("\n a\n=\n1\r\n&&\tb = 2 "),
        Filter::And(vec![eq("a", 1), eq("b", 2)])
    );
}

#[test]
fn errors_name_the_position() {
    assert_eq!(
        bad("a=1 && b=2)"),
        "invalid filter: unexpected ')' at position 10"
    );
    assert_eq!(
        bad("a = 'x"),
        "invalid filter: unterminated string starting at position 4"
    );
    assert!(bad("(a=1").contains("expected ')' at position 4"));
    assert!(bad("a =").contains("end of input"));
    assert!(bad("é = 1").contains("position 0"));
}

#[test]
fn bad_inputs() {
    let cases = [
        "a =",
        "= 1",
        "(a=1",
        "a=1)",
        "a='x",
        "a=\"x",
        "a='x\\",
        "a IN 1",
        "a IN ()",
        "a IN (1,)",
        "a IN (1 2)",
        "a IN (b)",
        "a IN (null)",
        "null IN (1)",
        "a NOT (1)",
        "a ~~ 1",
        "a=1 AND",
        "AND a=1",
        "a=1 || || b=2",
        "a=1 &&& b=2",
        "'; DROP TABLE x; --",
        "a=1; DROP TABLE posts",
        "a=1 -- comment",
        "a=--1",
        "a.b.c = 1",
        "a.b = 1",
        "auth.x.y = 1",
        "@request.query.x = 1",
        "@collection.users.id = 1",
        "@ = 1",
        "a. = 1",
        "a > null",
        "a",
        "'a'",
        "1",
        "null",
        "a AND b",
        "true && a=1",
        "(true)",
        "a = 1 b = 2",
        "a = 1.",
        "a = .5",
        "a = 1.2.3",
        "a = 12abc",
        "a = 1e999",
        "a = -",
        "a <> 1",
        "a === 1",
        "a = ?",
        "a = $1",
        "a = `x`",
        "()",
        "!",
        "NOT",
        "a IN",
        "a NOT IN",
        "in = 1",
        "a = 1 /* x */",
    ];
    for input in cases {
        bad(input);
    }
}

#[test]
fn deep_and_long_inputs_are_rejected() {
    let deep = format!("{}a=1{}", "(".repeat(100), ")".repeat(100));
    assert!(bad(&deep).contains("filter nested too deeply"));
    let fine = format!("{}a=1{}", "(".repeat(60), ")".repeat(60));
    assert_eq!(ok(&fine), eq("a", 1));
    assert!(bad(&format!("{}a=1", "!".repeat(100))).contains("nested too deeply"));
    assert!(bad(&"(".repeat(8000)).contains("nested too deeply"));
    assert!(bad(&"(".repeat(10 * 1024)).contains("too long"));
    assert!(bad(&"é".repeat(5000)).contains("too long"));
    let wide = vec!["a=1"; 1000].join(" || ");
    assert!(matches!(ok(&wide), Filter::Or(v) if v.len() == 1000));
}
