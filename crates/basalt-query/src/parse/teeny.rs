//! The Teenybase `where` dialect (`../shared/seeds/004_954f22824004499c.txt`,
//! "Table CRUD"): `published == true & title != null`. Its operators —
//! `==` (and `=`), `!=`, `<`, `<=`, `>`, `>=`, `&`, `|`, `!`, parentheses,
//! `~` (like), `null`, booleans, numbers, single- and double-quoted strings,
//! `auth.<name>` — are a subset of the PocketBase-style grammar, so this
//! parser shares its tokenizer and recursive descent (same limits: 8192
//! bytes, 64 levels of nesting; same 400 `invalid filter: … at position N`).

use crate::ast::Filter;
use basalt_types::Result;

/// Parses a Teenybase `where` expression into the one [`Filter`] AST.
///
/// ```text
/// where      := or                          (empty input: always true)
/// or         := and ("|" and)*              ("||" also accepted)
/// and        := unary ("&" unary)*          ("&&" also accepted)
/// unary      := "!" unary | "(" or ")" | comparison
/// comparison := operand cmp operand
/// cmp        := "==" | "=" | "!=" | "<" | "<=" | ">" | ">=" | "~"
/// operand    := field | "auth." name | literal
/// literal    := 'text' | "text" | number | true | false | null
/// ```
///
/// `x == null` / `x != null` are IS NULL / IS NOT NULL; `~` is a LIKE in
/// which `%` is a wildcard (a value without `%` matches anywhere). Never
/// panics: every failure is a 400 naming the position.
pub fn parse_teeny_where(input: &str) -> Result<Filter> {
    super::parse_filter(input)
}

#[cfg(test)]
#[path = "teeny_tests.rs"]
mod tests;
