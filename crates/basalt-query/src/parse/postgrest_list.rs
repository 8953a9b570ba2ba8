//! Lists inside PostgREST values: `in.(a,"b,c")`, `eq(any).{a,b}` and the
//! items of `or=(…)` trees. Values may be double-quoted to carry `,`, `.`,
//! `(` or `)`, with `\"` and `\\` escapes inside the quotes. The functions
//! return plain-text errors; callers wrap them as `invalid filter: …`.

/// The most values one list may hold.
const MAX_ITEMS: usize = 1000;

/// The elements of `(a,"b,c",d)` (with `open`/`close` as the brackets);
/// `()` is an empty list.
pub(super) fn list(value: &str, open: char, close: char) -> Result<Vec<String>, String> {
    let inner = value
        .strip_prefix(open)
        .and_then(|v| v.strip_suffix(close))
        .ok_or_else(|| {
            format!(
                "expected a list like {open}a,b{close}, found '{}'",
                super::postgrest::quote(value)
            )
        })?;
    let mut out = Vec::new();
    if inner.is_empty() {
        return Ok(out);
    }
    let mut chars = inner.chars().peekable();
    loop {
        if out.len() == MAX_ITEMS {
            return Err(format!("more than {MAX_ITEMS} values in a list"));
        }
        let mut item = String::new();
        if chars.peek() == Some(&'"') {
            chars.next();
            loop {
                match chars.next() {
                    None => return Err("unterminated quoted value in a list".into()),
                    Some('\\') => match chars.next() {
                        Some(c) => item.push(c),
                        None => return Err("unterminated quoted value in a list".into()),
                    },
                    Some('"') => break,
                    Some(c) => item.push(c),
                }
            }
            match chars.next() {
                None => {
                    out.push(item);
                    return Ok(out);
                }
                Some(',') => out.push(item),
                Some(c) => {
                    return Err(format!(
                        "expected ',' after a quoted value, found '{}'",
                        c.escape_debug()
                    ))
                }
            }
        } else {
            loop {
                match chars.next() {
                    None => {
                        out.push(item);
                        return Ok(out);
                    }
                    Some(',') => break,
                    Some(c) => item.push(c),
                }
            }
            out.push(item);
        }
    }
}

/// Splits the inside of a logic tree at commas that are outside
/// parentheses and double quotes.
pub(super) fn split_top(inner: &str) -> Result<Vec<&str>, String> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut quoted = false;
    let mut escaped = false;
    let mut start = 0;
    for (i, c) in inner.char_indices() {
        if quoted {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => quoted = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => quoted = true,
            '(' => depth += 1,
            ')' => {
                depth = depth
                    .checked_sub(1)
                    .ok_or_else(|| "unbalanced ')' in a logic tree".to_string())?;
            }
            ',' if depth == 0 => {
                out.push(&inner[start..i]);
                start = i + 1;
                if out.len() > MAX_ITEMS {
                    return Err(format!("more than {MAX_ITEMS} items in a logic tree"));
                }
            }
            _ => {}
        }
    }
    if quoted {
        return Err("unterminated quoted value in a logic tree".into());
    }
    if depth != 0 {
        return Err("unbalanced '(' in a logic tree".into());
    }
    out.push(&inner[start..]);
    Ok(out)
}

/// A value of a logic tree: `"a,b"` (quotes removed, `\x` read as `x`) or
/// the text as written.
pub(super) fn unquote(v: &str) -> Result<String, String> {
    let Some(body) = v.strip_prefix('"') else {
        return Ok(v.to_string());
    };
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    loop {
        match chars.next() {
            None => return Err("unterminated quoted value".into()),
            Some('\\') => match chars.next() {
                Some(c) => out.push(c),
                None => return Err("unterminated quoted value".into()),
            },
            Some('"') => break,
            Some(c) => out.push(c),
        }
    }
    if chars.next().is_some() {
        return Err("unexpected text after a quoted value".into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn lists() {
        assert_eq!(list("(a,b)", '(', ')'), Ok(strings(&["a", "b"])));
        assert_eq!(list("()", '(', ')'), Ok(vec![]));
        assert_eq!(list("(a)", '(', ')'), Ok(strings(&["a"])));
        assert_eq!(list("(,)", '(', ')'), Ok(strings(&["", ""])));
        assert_eq!(
            list(r#"("a,b",c,"d\"e","f\\g")"#, '(', ')'),
            Ok(strings(&["a,b", "c", "d\"e", "f\\g"]))
        );
        assert_eq!(list("{1,2}", '{', '}'), Ok(strings(&["1", "2"])));
        assert_eq!(list("( a , b )", '(', ')'), Ok(strings(&[" a ", " b "])));
        for bad in ["a,b", "(a,b", "a,b)", r#"("a)"#, r#"("a"b)"#, r#"("a\)"#] {
            assert!(list(bad, '(', ')').is_err(), "{bad}");
        }
        let many = format!("({})", vec!["x"; 1001].join(","));
        assert!(list(&many, '(', ')').is_err());
    }

    #[test]
    fn splitting_trees() {
        assert_eq!(split_top("a.eq.1,b.gt.2"), Ok(vec!["a.eq.1", "b.gt.2"]));
        assert_eq!(
            split_top("a.eq.1,and(b.eq.2,c.eq.3)"),
            Ok(vec!["a.eq.1", "and(b.eq.2,c.eq.3)"])
        );
        assert_eq!(
            split_top(r#"a.eq."x,y",b.in.(1,2)"#),
            Ok(vec![r#"a.eq."x,y""#, "b.in.(1,2)"])
        );
        assert_eq!(
            split_top(r#"a.eq."x\",)",b.eq.1"#),
            Ok(vec![r#"a.eq."x\",)""#, "b.eq.1"])
        );
        for bad in ["a.eq.1)", "and(a.eq.1", r#"a.eq."x"#] {
            assert!(split_top(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn unquoting() {
        assert_eq!(unquote("abc"), Ok("abc".into()));
        assert_eq!(unquote(r#""a,b""#), Ok("a,b".into()));
        assert_eq!(unquote(r#""a\"b""#), Ok("a\"b".into()));
        assert!(unquote(r#""ab"#).is_err());
        assert!(unquote(r#""a"b"#).is_err());
    }
}
