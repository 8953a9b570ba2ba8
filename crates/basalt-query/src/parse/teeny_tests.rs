//! Tests of the Teenybase `where` parser: each operator of the reference,
//! precedence, quoting, and hostile input that must be a 400, never a panic.

use super::*;
use crate::ast::{CmpOp, Literal, Operand};
use basalt_types::ErrorKind;

fn ok(input: &str) -> Filter {
    parse_teeny_where(input).expect(input)
}

fn bad(input: &str) -> String {
    let e = parse_teeny_where(input).expect_err(input);
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
fn cmp(left: Operand, op: CmpOp, right: Operand) -> Filter {
    Filter::Compare { left, op, right }
}

#[test]
fn every_operator() {
    let cases = [
        ("a == 1", CmpOp::Eq),
        ("a = 1", CmpOp::Eq),
        ("a != 1", CmpOp::Ne),
        ("a < 1", CmpOp::Lt),
        ("a <= 1", CmpOp::Le),
        ("a > 1", CmpOp::Gt),
        ("a >= 1", CmpOp::Ge),
        ("a ~ 1", CmpOp::Like),
        ("a>=1", CmpOp::Ge),
    ];
    for (input, op) in cases {
        assert_eq!(
            ok(input),
            cmp(field("a"), op, lit(Literal::Int(1))),
            "{input}"
        );
    }
}

#[test]
fn reference_examples() {
    assert_eq!(
        ok("published == true & title != null"),
        Filter::And(vec![
            cmp(field("published"), CmpOp::Eq, lit(Literal::Bool(true))),
            Filter::IsNull {
                operand: field("title"),
                negated: true
            },
        ])
    );
    assert_eq!(
        ok("author_id == 'abc'"),
        cmp(
            field("author_id"),
            CmpOp::Eq,
            lit(Literal::Text("abc".into()))
        )
    );
    assert_eq!(
        ok("id == \"x y\""),
        cmp(field("id"), CmpOp::Eq, lit(Literal::Text("x y".into())))
    );
    assert_eq!(
        ok("n > -1.5"),
        cmp(field("n"), CmpOp::Gt, lit(Literal::Float(-1.5)))
    );
    assert_eq!(
        ok("owner == auth.uid"),
        cmp(field("owner"), CmpOp::Eq, Operand::Auth("uid".into()))
    );
    assert_eq!(ok(""), Filter::Const(true));
}

#[test]
fn precedence_not_and_parentheses() {
    let a = cmp(field("a"), CmpOp::Eq, lit(Literal::Int(1)));
    let b = cmp(field("b"), CmpOp::Eq, lit(Literal::Int(2)));
    let c = cmp(field("c"), CmpOp::Eq, lit(Literal::Int(3)));
    assert_eq!(
        ok("a == 1 | b == 2 & c == 3"),
        Filter::Or(vec![a.clone(), Filter::And(vec![b.clone(), c.clone()])])
    );
    assert_eq!(
        ok("(a == 1 | b == 2) & c == 3"),
        Filter::And(vec![Filter::Or(vec![a.clone(), b.clone()]), c])
    );
    assert_eq!(ok("!(a == 1)"), Filter::Not(Box::new(a)));
}

#[test]
fn errors_name_the_position() {
    assert!(bad("a == ").contains("position 5"));
    assert!(bad("a == 1 &").contains("position 8"));
    assert!(bad("(a == 1").contains("')'"));
    assert!(bad("a == 'x").contains("position 5"));
    assert!(bad("a # 1").contains("position 2"));
    assert!(bad("a < null").contains("null"));
    bad("a == 1 ; DROP TABLE posts");
    bad("a == 1' OR '1'='1");
    bad("a == 1 -- x");
}

#[test]
fn limits_hold() {
    let deep = format!("{}a == 1{}", "(".repeat(200), ")".repeat(200));
    assert!(bad(&deep).contains("nested too deeply"));
    let nots = format!("{}a == 1", "!".repeat(500));
    assert!(bad(&nots).contains("nested too deeply"));
    let long = format!("a == '{}'", "x".repeat(10_000));
    assert!(bad(&long).contains("too long"));
}

#[test]
fn injection_stays_in_the_literal() {
    assert_eq!(
        ok("title == 'x'' OR 1=1 --'"),
        cmp(
            field("title"),
            CmpOp::Eq,
            lit(Literal::Text("x' OR 1=1 --".into()))
        )
    );
}

#[test]
fn random_input_never_panics() {
    const ALPHABET: &[char] = &[
        'a', '_', '1', '-', '.', '=', '!', '<', '>', '~', '&', '|', '(', ')', '\'', '"', '\\', ' ',
        'n', 'u', 'l', 't', 'r', 'e', ';', 'é',
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for _ in 0..3000 {
        let len = (next() % 30) as usize;
        let s: String = (0..len)
            .map(|_| {
                let i = (next() % ALPHABET.len() as u64) as usize;
                ALPHABET.get(i).copied().unwrap_or('a')
            })
            .collect();
        if let Err(e) = parse_teeny_where(&s) {
            assert_eq!(e.kind, ErrorKind::BadRequest, "{s:?}");
        }
    }
}
