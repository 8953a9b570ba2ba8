//! The PocketBase-style filter dialect, used by the `filter=` parameter of
//! the BunBase/AllYourBase surfaces and by access rules: a recursive-descent
//! parser over the tokens of [`super::pocketbase_lex`]. The grammar is on
//! [`parse_filter`]. Input is limited to 8192 bytes and nesting (parentheses
//! and negations) to 64 levels, so no input can exhaust the stack.

use super::pocketbase_lex::{err, tokenize, Tok, Token, MAX_LEN};
use crate::ast::{CmpOp, Filter, Literal, Operand};
use basalt_types::{Error, Result};

/// The deepest nesting of parentheses and `NOT`s accepted.
const MAX_DEPTH: usize = 64;

/// Parses a PocketBase-style filter:
///
/// ```text
/// filter     := or                        (empty input: always true)
/// or         := and (("OR" | "||" | "|") and)*
/// and        := unary (("AND" | "&&" | "&") unary)*
/// unary      := ("NOT" | "!") unary | "(" or ")" | comparison
/// comparison := operand cmp operand
///             | operand ["NOT"] "IN" "(" literal ("," literal)* ")"
/// cmp        := "=" | "==" | "!=" | ">" | ">=" | "<" | "<=" | "~" | "!~"
/// operand    := field | "auth." name | "@request.auth." name
///             | "request.body." name | "@request.body." name | literal
/// literal    := 'text' | "text" | integer | decimal | true | false | null
/// ```
///
/// Keywords are case-insensitive; names are `[A-Za-z_][A-Za-z0-9_]*`.
/// `x = null` / `x != null` (null on either side) become [`Filter::IsNull`];
/// null under any other operator, or in an `IN` list, is an error. Strings
/// take `\'`, `\"` and `\\` escapes, and `''` inside single quotes; any
/// other backslash is kept as written. Integers beyond `i64` become floats.
/// An input that is only `true` or `false` is [`Filter::Const`]; an empty one
/// is `Const(true)`.
///
/// Every failure is a 400 `invalid filter: …` naming the position (in
/// characters, from 0), e.g. `invalid filter: unexpected ')' at position 12`.
pub fn parse_filter(input: &str) -> Result<Filter> {
    if input.len() > MAX_LEN {
        return Err(err(format!(
            "filter too long ({} bytes, at most {MAX_LEN})",
            input.len()
        )));
    }
    let (tokens, end) = tokenize(input)?;
    match tokens.as_slice() {
        [] => return Ok(Filter::Const(true)),
        [Token {
            tok: Tok::Operand(Operand::Literal(Literal::Bool(b))),
            ..
        }] => return Ok(Filter::Const(*b)),
        _ => {}
    }
    let mut p = Parser {
        tokens,
        i: 0,
        depth: 0,
        end,
    };
    let filter = p.or()?;
    match p.peek() {
        None => Ok(filter),
        Some(t) => Err(err(format!(
            "unexpected '{}' at position {}",
            t.text, t.pos
        ))),
    }
}

struct Parser {
    tokens: Vec<Token>,
    i: usize,
    depth: usize,
    /// The position of the end of input.
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.i)
    }

    fn peek_tok(&self) -> Option<&Tok> {
        self.peek().map(|t| &t.tok)
    }

    /// "expected {what} at position N, found 'x'" (or "found end of input").
    fn expected(&self, what: &str) -> Error {
        match self.peek() {
            Some(t) => err(format!(
                "expected {what} at position {}, found '{}'",
                t.pos, t.text
            )),
            None => err(format!(
                "expected {what} at position {}, found end of input",
                self.end
            )),
        }
    }

    fn enter(&mut self, pos: usize) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(err(format!(
                "filter nested too deeply at position {pos} (at most {MAX_DEPTH} levels)"
            )));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn or(&mut self) -> Result<Filter> {
        let mut terms = Vec::new();
        loop {
            match self.and()? {
                Filter::Or(inner) => terms.extend(inner),
                f => terms.push(f),
            }
            if self.peek_tok() != Some(&Tok::Or) {
                break;
            }
            self.i += 1;
        }
        Ok(combine(terms, Filter::Or))
    }

    fn and(&mut self) -> Result<Filter> {
        let mut terms = Vec::new();
        loop {
            match self.unary()? {
                Filter::And(inner) => terms.extend(inner),
                f => terms.push(f),
            }
            if self.peek_tok() != Some(&Tok::And) {
                break;
            }
            self.i += 1;
        }
        Ok(combine(terms, Filter::And))
    }

    fn unary(&mut self) -> Result<Filter> {
        let Some(t) = self.peek() else {
            return Err(self.expected("a comparison"));
        };
        let pos = t.pos;
        match t.tok {
            Tok::Not | Tok::Bang => {
                self.i += 1;
                self.enter(pos)?;
                let inner = self.unary()?;
                self.leave();
                Ok(Filter::Not(Box::new(inner)))
            }
            Tok::LParen => {
                self.i += 1;
                self.enter(pos)?;
                let inner = self.or()?;
                if self.peek_tok() != Some(&Tok::RParen) {
                    return Err(self.expected("')'"));
                }
                self.i += 1;
                self.leave();
                Ok(inner)
            }
            _ => self.comparison(),
        }
    }

    fn operand(&mut self, what: &str) -> Result<(Operand, usize)> {
        if let Some(Token {
            tok: Tok::Operand(o),
            pos,
            ..
        }) = self.peek()
        {
            let found = (o.clone(), *pos);
            self.i += 1;
            return Ok(found);
        }
        Err(self.expected(what))
    }

    fn comparison(&mut self) -> Result<Filter> {
        let (left, left_pos) = self.operand("a field or value")?;
        match self.peek_tok() {
            Some(&Tok::Cmp(op)) => {
                let op_pos = self.peek().map_or(self.end, |t| t.pos);
                self.i += 1;
                let (right, _) = self.operand("a field or value")?;
                compare(left, op, right, op_pos)
            }
            Some(Tok::In) => {
                self.i += 1;
                self.in_list(left, left_pos, false)
            }
            Some(Tok::Not) if self.tokens.get(self.i + 1).map(|t| &t.tok) == Some(&Tok::In) => {
                self.i += 2;
                self.in_list(left, left_pos, true)
            }
            _ => Err(self.expected("an operator")),
        }
    }

    /// `( literal, … )` after `IN` / `NOT IN`.
    fn in_list(&mut self, operand: Operand, pos: usize, negated: bool) -> Result<Filter> {
        if operand == Operand::Literal(Literal::Null) {
            return Err(err(format!(
                "null cannot be used with IN at position {pos}"
            )));
        }
        if self.peek_tok() != Some(&Tok::LParen) {
            return Err(self.expected("'(' after IN"));
        }
        self.i += 1;
        if self.peek_tok() == Some(&Tok::RParen) {
            return Err(self.expected("a value in the IN list"));
        }
        let mut values = Vec::new();
        loop {
            match self.peek() {
                Some(Token {
                    tok: Tok::Operand(Operand::Literal(Literal::Null)),
                    pos,
                    ..
                }) => {
                    return Err(err(format!(
                        "null is not allowed in an IN list at position {pos}"
                    )))
                }
                Some(Token {
                    tok: Tok::Operand(Operand::Literal(l)),
                    ..
                }) => {
                    values.push(l.clone());
                    self.i += 1;
                }
                _ => return Err(self.expected("a value in the IN list")),
            }
            match self.peek_tok() {
                Some(Tok::Comma) => self.i += 1,
                Some(Tok::RParen) => {
                    self.i += 1;
                    break;
                }
                _ => return Err(self.expected("',' or ')'")),
            }
        }
        Ok(Filter::In {
            operand,
            values,
            negated,
        })
    }
}

/// One term stays itself; several become `make(terms)`.
fn combine(mut terms: Vec<Filter>, make: fn(Vec<Filter>) -> Filter) -> Filter {
    match terms.pop() {
        Some(only) if terms.is_empty() => only,
        Some(last) => {
            terms.push(last);
            make(terms)
        }
        None => Filter::Const(true),
    }
}

/// `left op right`, with `= null` / `!= null` on either side as IS NULL.
fn compare(left: Operand, op: CmpOp, right: Operand, pos: usize) -> Result<Filter> {
    let null = Operand::Literal(Literal::Null);
    let operand = if right == null {
        left
    } else if left == null {
        right
    } else {
        return Ok(Filter::Compare { left, op, right });
    };
    match op {
        CmpOp::Eq => Ok(Filter::IsNull {
            operand,
            negated: false,
        }),
        CmpOp::Ne => Ok(Filter::IsNull {
            operand,
            negated: true,
        }),
        _ => Err(err(format!(
            "null can only be compared with =, == or != (operator at position {pos})"
        ))),
    }
}

#[cfg(test)]
#[path = "pocketbase_tests.rs"]
mod tests;
