//! Property tests of every dialect parser: any input either parses or is
//! refused with a 400 — never a panic — and values written in a filter come
//! back unchanged inside their literal.

use crate::ast::{CmpOp, Filter, Literal, Operand};
use crate::parse::{
    parse_columns, parse_filter, parse_order, parse_postgrest_filter, parse_range, parse_select,
};
use basalt_types::ErrorKind;
use proptest::prelude::*;

/// Characters that mean something to one of the dialects, plus a few
/// ordinary and multi-byte ones.
const ALPHABET: &[char] = &[
    'a', 'b', 'z', '_', '0', '1', '9', '.', ',', '(', ')', '{', '}', '"', '\'', '\\', '*', '%',
    '=', '!', '<', '>', '~', '&', '|', ' ', '-', '+', ';', '@', ':', 'é', '\u{0}', '\n',
];

const WORDS: &[&str] = &[
    "eq",
    "neq",
    "gt",
    "gte",
    "lt",
    "lte",
    "like",
    "ilike",
    "in",
    "is",
    "not",
    "null",
    "true",
    "false",
    "or",
    "and",
    "isdistinct",
    "(any)",
    "(all)",
    "AND",
    "OR",
    "NOT",
    "IN",
    "auth.id",
    "request.body.x",
    "select",
    "order",
    "desc",
    "nullslast",
];

/// Strings made of dialect-significant characters and keywords.
fn dialectish() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(ALPHABET).prop_map(|c| c.to_string()),
            prop::sample::select(WORDS).prop_map(str::to_string),
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), dialectish()]
}

fn assert_400<T>(r: basalt_types::Result<T>) -> Result<(), TestCaseError> {
    if let Err(e) = r {
        prop_assert_eq!(e.kind, ErrorKind::BadRequest, "{}", e.message);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn pocketbase_parses_or_refuses(input in any_text()) {
        if let Err(e) = parse_filter(&input) {
            prop_assert_eq!(e.kind, ErrorKind::BadRequest);
            prop_assert!(e.message.starts_with("invalid filter: "), "{}", e.message);
        }
    }

    #[test]
    fn postgrest_parses_or_refuses(
        pairs in prop::collection::vec((any_text(), any_text()), 0..6)
    ) {
        if let Err(e) = parse_postgrest_filter(&pairs) {
            prop_assert_eq!(e.kind, ErrorKind::BadRequest);
            prop_assert!(e.message.starts_with("invalid filter: "), "{}", e.message);
        }
    }

    #[test]
    fn postgrest_params_parse_or_refuse(input in any_text()) {
        assert_400(parse_select(&input))?;
        assert_400(parse_order(&input))?;
        assert_400(parse_columns(&input))?;
        assert_400(parse_range(&input))?;
    }

    #[test]
    fn postgrest_values_stay_whole(value in any::<String>()) {
        let f = parse_postgrest_filter(&[("title".into(), format!("eq.{value}"))])
            .map_err(|e| TestCaseError::fail(e.message))?;
        prop_assert_eq!(f, Filter::Compare {
            left: Operand::Field("title".into()),
            op: CmpOp::Eq,
            right: Operand::Literal(Literal::Text(value)),
        });
    }

    #[test]
    fn pocketbase_strings_stay_whole(value in any::<String>()) {
        let escaped = value.replace('\\', "\\\\").replace('\'', "\\'");
        let f = parse_filter(&format!("title = '{escaped}'"));
        if value.len() + 12 <= 8192 {
            let f = f.map_err(|e| TestCaseError::fail(e.message))?;
            prop_assert_eq!(f, Filter::Compare {
                left: Operand::Field("title".into()),
                op: CmpOp::Eq,
                right: Operand::Literal(Literal::Text(value)),
            });
        }
    }
}
