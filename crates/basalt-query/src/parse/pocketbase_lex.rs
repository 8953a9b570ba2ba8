//! The tokenizer of the PocketBase filter dialect (see
//! [`parse_filter`](super::parse_filter) for the grammar). It works on
//! `char`s, so positions in messages count characters from 0, and a
//! multi-byte character is never split.

use crate::ast::{CmpOp, Literal, Operand};
use basalt_types::{Error, Result};
use std::fmt::Display;

/// The longest filter accepted, in bytes.
pub(super) const MAX_LEN: usize = 8192;

/// How many characters of a token an error message quotes.
const SNIPPET: usize = 32;

/// A token's kind.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok {
    /// A field, `auth.*`, `request.body.*` or literal.
    Operand(Operand),
    Cmp(CmpOp),
    /// `AND`, `&&`, `&`.
    And,
    /// `OR`, `||`, `|`.
    Or,
    /// The keyword `NOT` (prefix, or before `IN`).
    Not,
    /// `!` (prefix only).
    Bang,
    In,
    LParen,
    RParen,
    Comma,
}

/// A token, where it starts (in characters) and its text for messages.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Token {
    pub tok: Tok,
    pub pos: usize,
    pub text: String,
}

/// A 400 `invalid filter: {detail}`.
pub(super) fn err(detail: impl Display) -> Error {
    Error::bad_request(format!("invalid filter: {detail}"))
}

/// Splits `input` into tokens; also returns the length in characters (the
/// position of the end of input).
pub(super) fn tokenize(input: &str) -> Result<(Vec<Token>, usize)> {
    let mut lx = Lexer {
        chars: input.chars().collect(),
        i: 0,
        out: Vec::new(),
    };
    lx.run()?;
    let end = lx.chars.len();
    Ok((lx.out, end))
}

struct Lexer {
    chars: Vec<char>,
    i: usize,
    out: Vec<Token>,
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// A character as it appears in a message (control characters escaped).
fn show(c: char) -> String {
    c.escape_debug().to_string()
}

impl Lexer {
    fn peek(&self, k: usize) -> Option<char> {
        self.chars.get(self.i.saturating_add(k)).copied()
    }

    fn peek_is(&self, k: usize, f: impl Fn(char) -> bool) -> bool {
        self.peek(k).is_some_and(f)
    }

    /// The source text from `start` to the current position, shortened.
    fn snippet(&self, start: usize) -> String {
        let len = self.i.saturating_sub(start);
        let mut s: String = self
            .chars
            .iter()
            .skip(start)
            .take(len.min(SNIPPET))
            .flat_map(|c| c.escape_debug())
            .collect();
        if len > SNIPPET {
            s.push('…');
        }
        s
    }

    fn push(&mut self, tok: Tok, start: usize) {
        let text = self.snippet(start);
        self.out.push(Token {
            tok,
            pos: start,
            text,
        });
    }

    /// Consumes `n` characters and pushes `tok`.
    fn punct(&mut self, tok: Tok, n: usize) {
        let start = self.i;
        self.i = self.i.saturating_add(n);
        self.push(tok, start);
    }

    fn run(&mut self) -> Result<()> {
        while let Some(c) = self.peek(0) {
            let start = self.i;
            let next = self.peek(1);
            match c {
                c if c.is_whitespace() => self.i += 1,
                '(' => self.punct(Tok::LParen, 1),
                ')' => self.punct(Tok::RParen, 1),
                ',' => self.punct(Tok::Comma, 1),
                '=' if next == Some('=') => self.punct(Tok::Cmp(CmpOp::Eq), 2),
                '=' => self.punct(Tok::Cmp(CmpOp::Eq), 1),
                '!' if next == Some('=') => self.punct(Tok::Cmp(CmpOp::Ne), 2),
                '!' if next == Some('~') => self.punct(Tok::Cmp(CmpOp::NotLike), 2),
                '!' => self.punct(Tok::Bang, 1),
                '>' if next == Some('=') => self.punct(Tok::Cmp(CmpOp::Ge), 2),
                '>' => self.punct(Tok::Cmp(CmpOp::Gt), 1),
                '<' if next == Some('=') => self.punct(Tok::Cmp(CmpOp::Le), 2),
                '<' => self.punct(Tok::Cmp(CmpOp::Lt), 1),
                '~' => self.punct(Tok::Cmp(CmpOp::Like), 1),
                '&' if next == Some('&') => self.punct(Tok::And, 2),
                '&' => self.punct(Tok::And, 1),
                '|' if next == Some('|') => self.punct(Tok::Or, 2),
                '|' => self.punct(Tok::Or, 1),
                '\'' | '"' => {
                    let lit = self.string(c)?;
                    self.push(Tok::Operand(Operand::Literal(lit)), start);
                }
                '-' if next.is_some_and(|n| n.is_ascii_digit()) => {
                    let lit = self.number()?;
                    self.push(Tok::Operand(Operand::Literal(lit)), start);
                }
                c if c.is_ascii_digit() => {
                    let lit = self.number()?;
                    self.push(Tok::Operand(Operand::Literal(lit)), start);
                }
                c if c == '@' || is_ident_start(c) => {
                    let tok = self.word()?;
                    self.push(tok, start);
                }
                other => {
                    return Err(err(format!(
                        "unexpected character '{}' at position {start}",
                        show(other)
                    )))
                }
            }
        }
        Ok(())
    }

    /// A string in `quote`s. `\'`, `\"` and `\\` are escapes, and inside
    /// single quotes `''` is one quote; any other backslash is kept as is.
    fn string(&mut self, quote: char) -> Result<Literal> {
        let start = self.i;
        self.i += 1;
        let unterminated = || err(format!("unterminated string starting at position {start}"));
        let mut s = String::new();
        loop {
            match self.peek(0) {
                None => return Err(unterminated()),
                Some('\\') => match self.peek(1) {
                    None => return Err(unterminated()),
                    Some(c @ ('\'' | '"' | '\\')) => {
                        s.push(c);
                        self.i += 2;
                    }
                    Some(c) => {
                        s.push('\\');
                        s.push(c);
                        self.i += 2;
                    }
                },
                Some(c) if c == quote => {
                    if quote == '\'' && self.peek(1) == Some('\'') {
                        s.push('\'');
                        self.i += 2;
                    } else {
                        self.i += 1;
                        return Ok(Literal::Text(s));
                    }
                }
                Some(c) => {
                    s.push(c);
                    self.i += 1;
                }
            }
        }
    }

    fn digits(&mut self, text: &mut String) {
        while let Some(c) = self.peek(0).filter(char::is_ascii_digit) {
            text.push(c);
            self.i += 1;
        }
    }

    /// `-?digits(.digits)?([eE][+-]?digits)?`: an integer when it has
    /// neither fraction nor exponent and fits an `i64`, else a float.
    fn number(&mut self) -> Result<Literal> {
        let start = self.i;
        let mut text = String::new();
        if self.peek(0) == Some('-') {
            text.push('-');
            self.i += 1;
        }
        self.digits(&mut text);
        let mut float = false;
        if self.peek(0) == Some('.') && self.peek_is(1, |c| c.is_ascii_digit()) {
            float = true;
            text.push('.');
            self.i += 1;
            self.digits(&mut text);
        }
        if self.peek_is(0, |c| c == 'e' || c == 'E') {
            let sign = self.peek_is(1, |c| c == '+' || c == '-');
            let digit_at = if sign { 2 } else { 1 };
            if self.peek_is(digit_at, |c| c.is_ascii_digit()) {
                float = true;
                text.push('e');
                if sign {
                    text.extend(self.peek(1));
                }
                self.i += digit_at;
                self.digits(&mut text);
            }
        }
        if self.peek_is(0, |c| is_ident_char(c) || c == '.' || c == '@') {
            while self.peek_is(0, |c| is_ident_char(c) || c == '.') {
                self.i += 1;
            }
            return Err(err(format!(
                "invalid number '{}' at position {start}",
                self.snippet(start)
            )));
        }
        if !float {
            if let Ok(n) = text.parse::<i64>() {
                return Ok(Literal::Int(n));
            }
        }
        match text.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Literal::Float(f)),
            _ => Err(err(format!(
                "number '{}' out of range at position {start}",
                self.snippet(start)
            ))),
        }
    }

    /// One `[A-Za-z_][A-Za-z0-9_]*`.
    fn ident(&mut self, after: &str) -> Result<String> {
        if !self.peek_is(0, is_ident_start) {
            return Err(err(format!(
                "expected a name after '{after}' at position {}",
                self.i
            )));
        }
        let mut s = String::new();
        while let Some(c) = self.peek(0).filter(|c| is_ident_char(*c)) {
            s.push(c);
            self.i += 1;
        }
        Ok(s)
    }

    /// A keyword, `true`/`false`/`null`, a field, or a dotted name:
    /// `auth.x`, `@request.auth.x`, `request.body.x`, `@request.body.x`.
    fn word(&mut self) -> Result<Tok> {
        let start = self.i;
        let at = self.peek(0) == Some('@');
        if at {
            self.i += 1;
        }
        let mut parts = vec![self.ident("@")?];
        while self.peek(0) == Some('.') {
            self.i += 1;
            parts.push(self.ident(".")?);
        }
        let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
        let operand = |o: Operand| Ok(Tok::Operand(o));
        match (at, parts.as_slice()) {
            (false, [word]) => {
                Ok(keyword(word)
                    .unwrap_or_else(|| Tok::Operand(Operand::Field((*word).to_string()))))
            }
            (false, ["auth", name]) | (true, ["request", "auth", name]) => {
                operand(Operand::Auth((*name).to_string()))
            }
            (_, ["request", "body", name]) => operand(Operand::Body((*name).to_string())),
            _ => Err(err(format!(
                "unsupported name '{}' at position {start} (only fields, auth.<name> \
                 and request.body.<name> may be used)",
                self.snippet(start)
            ))),
        }
    }
}

/// The keywords, in any case.
fn keyword(word: &str) -> Option<Tok> {
    let lit = |l: Literal| Some(Tok::Operand(Operand::Literal(l)));
    match word.to_ascii_lowercase().as_str() {
        "and" => Some(Tok::And),
        "or" => Some(Tok::Or),
        "not" => Some(Tok::Not),
        "in" => Some(Tok::In),
        "true" => lit(Literal::Bool(true)),
        "false" => lit(Literal::Bool(false)),
        "null" => lit(Literal::Null),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use basalt_types::ErrorKind;

    /// The one literal `input` is.
    fn lit(input: &str) -> Literal {
        match tokenize(input).expect(input).0.as_slice() {
            [Token {
                tok: Tok::Operand(Operand::Literal(l)),
                ..
            }] => l.clone(),
            other => Literal::Text(format!("not one literal: {other:?}")),
        }
    }

    fn text(s: &str) -> Literal {
        Literal::Text(s.into())
    }

    fn bad(input: &str) -> String {
        let e = tokenize(input).expect_err(input);
        assert_eq!(e.kind, ErrorKind::BadRequest);
        e.message
    }

    #[test]
    fn strings_and_escapes() {
        assert_eq!(lit("'x'"), text("x"));
        assert_eq!(lit("\"x\""), text("x"));
        assert_eq!(lit("''"), text(""));
        assert_eq!(lit(r"'it\'s'"), text("it's"));
        assert_eq!(lit("'it''s'"), text("it's"));
        assert_eq!(lit(r#""say \"hi\"""#), text("say \"hi\""));
        assert_eq!(lit(r#""it's""#), text("it's"));
        assert_eq!(lit(r"'back\\slash'"), text(r"back\slash"));
        assert_eq!(lit(r"'50\%'"), text(r"50\%"));
        assert_eq!(lit("'héllo ✓ 日本 🦀'"), text("héllo ✓ 日本 🦀"));
        assert_eq!(lit("'line\nbreak'"), text("line\nbreak"));
        assert_eq!(
            bad("  'abc"),
            "invalid filter: unterminated string starting at position 2"
        );
        bad("'abc\\");
        bad("\"it''s");
    }

    #[test]
    fn numbers() {
        assert_eq!(lit("0"), Literal::Int(0));
        assert_eq!(lit("42"), Literal::Int(42));
        assert_eq!(lit("-7"), Literal::Int(-7));
        assert_eq!(lit("007"), Literal::Int(7));
        assert_eq!(lit("9223372036854775807"), Literal::Int(i64::MAX));
        assert_eq!(lit("-9223372036854775808"), Literal::Int(i64::MIN));
        assert_eq!(
            lit("9223372036854775808"),
            Literal::Float(9.223372036854776e18)
        );
        assert_eq!(lit("1.5"), Literal::Float(1.5));
        assert_eq!(lit("-0.25"), Literal::Float(-0.25));
        assert_eq!(lit("1e3"), Literal::Float(1000.0));
        assert_eq!(lit("2.5E-2"), Literal::Float(0.025));
        assert_eq!(lit("1e+2"), Literal::Float(100.0));
        for input in ["1.", "1.2.3", "12abc", "1e", "1e+", "1_000", "1@x"] {
            assert!(bad(input).contains("invalid number"), "{input}");
        }
        assert!(bad("1e999").contains("out of range"));
    }

    #[test]
    fn words_and_punctuation() {
        let kinds = |input: &str| -> Vec<Tok> {
            tokenize(input)
                .expect(input)
                .0
                .into_iter()
                .map(|t| t.tok)
                .collect()
        };
        assert_eq!(
            kinds("a==1&&b!~'x'||!c"),
            vec![
                Tok::Operand(Operand::Field("a".into())),
                Tok::Cmp(CmpOp::Eq),
                Tok::Operand(Operand::Literal(Literal::Int(1))),
                Tok::And,
                Tok::Operand(Operand::Field("b".into())),
                Tok::Cmp(CmpOp::NotLike),
                Tok::Operand(Operand::Literal(text("x"))),
                Tok::Or,
                Tok::Bang,
                Tok::Operand(Operand::Field("c".into())),
            ]
        );
        assert_eq!(kinds("NoT iN"), vec![Tok::Not, Tok::In]);
        assert_eq!(
            kinds("auth.and"),
            vec![Tok::Operand(Operand::Auth("and".into()))]
        );
        let (tokens, end) = tokenize("a = 'ü' ").expect("unicode");
        assert_eq!(end, 8);
        let positions: Vec<usize> = tokens.iter().map(|t| t.pos).collect();
        assert_eq!(positions, vec![0, 2, 4]);
        assert_eq!(
            bad("é"),
            "invalid filter: unexpected character 'é' at position 0"
        );
        assert!(bad("a = 1 # x").contains("'#' at position 6"));
        assert!(bad("x\u{1b}").contains("\\u{1b}"));
    }

    /// Random text through the tokenizer and the parser: a 400 or a
    /// filter, never a panic.
    #[test]
    fn random_input_never_panics() {
        const ALPHABET: &[char] = &[
            'a', 'b', '_', '1', '0', '-', '.', 'e', '@', '=', '!', '<', '>', '~', '&', '|', '(',
            ')', ',', '\'', '"', '\\', ' ', '\n', '\0', 'é', '日', '🦀', '\u{202e}', 'I', 'N', 'O',
            'T', 'n', 'u', 'l', ';',
        ];
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..5000 {
            let len = (next() % 40) as usize;
            let s: String = (0..len)
                .map(|_| {
                    let i = (next() % ALPHABET.len() as u64) as usize;
                    ALPHABET.get(i).copied().unwrap_or('a')
                })
                .collect();
            if let Err(e) = crate::parse::parse_filter(&s) {
                assert_eq!(e.kind, ErrorKind::BadRequest, "{s:?}");
            }
            let bytes: Vec<u8> = (0..len).map(|_| (next() & 0xff) as u8).collect();
            let lossy = String::from_utf8_lossy(&bytes);
            if let Err(e) = crate::parse::parse_filter(&lossy) {
                assert_eq!(e.kind, ErrorKind::BadRequest, "{lossy:?}");
            }
        }
    }
}
