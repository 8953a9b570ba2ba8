//! LIKE patterns as PostgREST passes them (`%` any run, `_` one character,
//! `\` takes the next character literally), read into tokens once and
//! written out for each engine, so every pattern is valid everywhere and
//! means the same thing:
//!
//! - PostgreSQL `LIKE`/`ILIKE` and SQLite `LIKE … ESCAPE '\'`: the canonical
//!   form (a trailing lone `\` becomes a literal backslash).
//! - SQLite `GLOB` (case-sensitive, unlike SQLite's `LIKE`): `*` and `?` for
//!   the wildcards, and `*`, `?`, `[` of the text escaped as `[*]`, `[?]`, `[[]`.
//!
//! The patterns are still bound as parameters; this only rewrites their text.

/// One element of a pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    /// `%`: any run of characters, possibly empty.
    Any,
    /// `_`: exactly one character.
    One,
    Lit(char),
}

fn tokens(pattern: &str) -> Vec<Tok> {
    let mut out = Vec::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        out.push(match c {
            '%' => Tok::Any,
            '_' => Tok::One,
            '\\' => Tok::Lit(chars.next().unwrap_or('\\')),
            c => Tok::Lit(c),
        });
    }
    out
}

/// The pattern for `LIKE`/`ILIKE` with `\` as the escape character.
pub(crate) fn like_escaped(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    for t in tokens(pattern) {
        match t {
            Tok::Any => out.push('%'),
            Tok::One => out.push('_'),
            Tok::Lit(c @ ('%' | '_' | '\\')) => {
                out.push('\\');
                out.push(c);
            }
            Tok::Lit(c) => out.push(c),
        }
    }
    out
}

/// The pattern for SQLite's case-sensitive `GLOB`.
pub(crate) fn glob(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    for t in tokens(pattern) {
        match t {
            Tok::Any => out.push('*'),
            Tok::One => out.push('?'),
            Tok::Lit(c @ ('*' | '?' | '[')) => {
                out.push('[');
                out.push(c);
                out.push(']');
            }
            Tok::Lit(c) => out.push(c),
        }
    }
    out
}

/// Whether `text` matches `pattern` (for comparisons between two literals);
/// `fold_case` compares ASCII letters case-insensitively, as SQLite's LIKE.
pub(crate) fn matches(text: &str, pattern: &str, fold_case: bool) -> bool {
    let text: Vec<char> = text.chars().collect();
    let pat = tokens(pattern);
    let eq = |a: char, b: char| {
        if fold_case {
            a.eq_ignore_ascii_case(&b)
        } else {
            a == b
        }
    };
    // Classic wildcard matching with one backtrack point (linear memory).
    let (mut t, mut p) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pat.get(p) {
            Some(Tok::One) => {
                t += 1;
                p += 1;
            }
            Some(Tok::Lit(c)) if eq(*c, text[t]) => {
                t += 1;
                p += 1;
            }
            Some(Tok::Any) => {
                star = Some((p, t));
                p += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    pat[p.min(pat.len())..].iter().all(|t| *t == Tok::Any)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_like() {
        assert_eq!(like_escaped("a%b_c"), "a%b_c");
        assert_eq!(like_escaped(r"100\%"), r"100\%");
        assert_eq!(like_escaped(r"a\_b"), r"a\_b");
        assert_eq!(like_escaped(r"a\b"), "ab");
        assert_eq!(like_escaped(r"end\"), r"end\\");
        assert_eq!(like_escaped(r"\\"), r"\\");
    }

    #[test]
    fn globs() {
        assert_eq!(glob("John%"), "John*");
        assert_eq!(glob("_a%"), "?a*");
        assert_eq!(glob("a*b?c[d]"), "a[*]b[?]c[[]d]");
        assert_eq!(glob(r"50\%"), "50%");
        assert_eq!(glob(r"a\_"), "a_");
    }

    #[test]
    fn literal_matching() {
        assert!(matches("John Smith", "John%", false));
        assert!(!matches("john smith", "John%", false));
        assert!(matches("john smith", "John%", true));
        assert!(matches("abc", "a_c", false));
        assert!(!matches("abbc", "a_c", false));
        assert!(matches("abbc", "a%c", false));
        assert!(matches("", "%", false));
        assert!(!matches("", "_", false));
        assert!(matches("100%", r"100\%", false));
        assert!(!matches("1000", r"100\%", false));
        assert!(matches("xaxbx", "%a%b%", false));
        assert!(!matches("xbxax", "%a%b%", false));
        assert!(matches("é", "_", false));
    }
}
