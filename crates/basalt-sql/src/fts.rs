//! Full-text search per engine. SQLite: an FTS5 external-content table
//! `{collection}__fts` over the text fields, kept in step by triggers, ranked
//! by bm25. PostgreSQL: a GIN index over `to_tsvector('simple', …)`, queried
//! with `websearch_to_tsquery`, ranked by `ts_rank`. Tables without an index
//! fall back to a LIKE scan over their text fields.

use crate::ident::quote_ident;
use basalt_catalog::Collection;
use basalt_engine::{Dialect, Sql};
use sea_query::{Alias, Expr, ExprTrait};

/// The name of a collection's FTS5 table (SQLite) or GIN index (PostgreSQL).
pub fn fts_table(collection: &str) -> String {
    format!("{collection}__fts")
}

fn tsvector(fields: &[String]) -> String {
    let parts: Vec<String> = fields
        .iter()
        .map(|f| format!("coalesce({}::text, '')", quote_ident(f)))
        .collect();
    format!("to_tsvector('simple', {})", parts.join(" || ' ' || "))
}

/// Statements that create the full-text index over `fields` and fill it.
pub fn fts_setup(collection: &str, fields: &[String], dialect: Dialect) -> Vec<Sql> {
    if fields.is_empty() {
        return Vec::new();
    }
    let t = quote_ident(collection);
    let fts_name = fts_table(collection);
    let f = quote_ident(&fts_name);
    match dialect {
        Dialect::Postgres => vec![Sql::raw(format!(
            "CREATE INDEX IF NOT EXISTS {f} ON {t} USING GIN ({})",
            tsvector(fields)
        ))],
        Dialect::Sqlite => {
            let cols: Vec<String> = fields.iter().map(|c| quote_ident(c)).collect();
            let cols = cols.join(", ");
            let new: Vec<String> = fields
                .iter()
                .map(|c| format!("new.{}", quote_ident(c)))
                .collect();
            let new = new.join(", ");
            let old: Vec<String> = fields
                .iter()
                .map(|c| format!("old.{}", quote_ident(c)))
                .collect();
            let old = old.join(", ");
            let trig = |suffix: &str| quote_ident(&format!("{fts_name}_{suffix}"));
            vec![
                Sql::raw(format!(
                    "CREATE VIRTUAL TABLE {f} USING fts5({cols}, content='{}', content_rowid='rowid')",
                    collection.replace('\'', "''")
                )),
                Sql::raw(format!(
                    "CREATE TRIGGER {} AFTER INSERT ON {t} BEGIN INSERT INTO {f}(rowid, {cols}) VALUES (new.rowid, {new}); END",
                    trig("ai")
                )),
                Sql::raw(format!(
                    "CREATE TRIGGER {} AFTER DELETE ON {t} BEGIN INSERT INTO {f}({f}, rowid, {cols}) VALUES ('delete', old.rowid, {old}); END",
                    trig("ad")
                )),
                Sql::raw(format!(
                    "CREATE TRIGGER {} AFTER UPDATE ON {t} BEGIN INSERT INTO {f}({f}, rowid, {cols}) VALUES ('delete', old.rowid, {old}); INSERT INTO {f}(rowid, {cols}) VALUES (new.rowid, {new}); END",
                    trig("au")
                )),
                Sql::raw(format!("INSERT INTO {f}({f}) VALUES ('rebuild')")),
            ]
        }
    }
}

/// Statements that remove a collection's full-text index (if any).
pub fn fts_drop(collection: &str, dialect: Dialect) -> Vec<Sql> {
    let fts_name = fts_table(collection);
    match dialect {
        Dialect::Postgres => vec![Sql::raw(format!(
            "DROP INDEX IF EXISTS {}",
            quote_ident(&fts_name)
        ))],
        Dialect::Sqlite => {
            let mut out: Vec<Sql> = ["ai", "ad", "au"]
                .iter()
                .map(|s| {
                    Sql::raw(format!(
                        "DROP TRIGGER IF EXISTS {}",
                        quote_ident(&format!("{fts_name}_{s}"))
                    ))
                })
                .collect();
            out.push(Sql::raw(format!(
                "DROP TABLE IF EXISTS {}",
                quote_ident(&fts_name)
            )));
            out
        }
    }
}

/// Translates web-search syntax (words, `"quoted phrases"`, `or`, `-word`)
/// into an FTS5 query with every term quoted; `None` when nothing positive
/// is left to search for.
pub(crate) fn websearch_to_fts5(q: &str) -> Option<String> {
    let mut positive: Vec<(bool, String)> = Vec::new(); // (joined with OR, term)
    let mut negative: Vec<String> = Vec::new();
    let mut pending_or = false;
    let mut chars = q.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let negated = c == '-';
        if negated {
            chars.next();
        }
        let term: String = if chars.peek() == Some(&'"') {
            chars.next();
            let t: String = chars.by_ref().take_while(|c| *c != '"').collect();
            t
        } else {
            let mut t = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                t.push(c);
                chars.next();
            }
            t
        };
        let term = term.trim().to_string();
        if term.is_empty() {
            continue;
        }
        if !negated && term.eq_ignore_ascii_case("or") && !positive.is_empty() {
            pending_or = true;
            continue;
        }
        let quoted = format!("\"{}\"", term.replace('"', "\"\""));
        if negated {
            negative.push(quoted);
        } else {
            positive.push((pending_or, quoted));
            pending_or = false;
        }
    }
    let mut out = String::new();
    for (i, (or, term)) in positive.iter().enumerate() {
        if i > 0 {
            out.push_str(if *or { " OR " } else { " AND " });
        }
        out.push_str(term);
    }
    if out.is_empty() {
        return None;
    }
    if !negative.is_empty() {
        out = format!("({out})");
        for n in negative {
            out.push_str(" NOT ");
            out.push_str(&n);
        }
    }
    Some(out)
}

/// How a search joins, filters and ranks.
pub(crate) struct SearchPlan {
    /// FTS5 table to join on rowid (SQLite with an index).
    pub join: Option<String>,
    pub condition: Expr,
    pub rank: Option<(Expr, sea_query::Order)>,
}

/// Builds the search condition for `q` over `coll`.
pub(crate) fn search_plan(coll: &Collection, q: &str, dialect: Dialect) -> SearchPlan {
    let fields: Vec<String> = if coll.has_fts() {
        coll.meta.fts.clone()
    } else {
        coll.text_fields().map(|f| f.name().to_string()).collect()
    };
    let nothing = SearchPlan {
        join: None,
        condition: Expr::cust("1=0"),
        rank: None,
    };
    if fields.is_empty() {
        return nothing;
    }
    match dialect {
        Dialect::Sqlite if coll.has_fts() => {
            let Some(query) = websearch_to_fts5(q) else {
                return nothing;
            };
            let fts = fts_table(&coll.name);
            let quoted = quote_ident(&fts);
            SearchPlan {
                condition: Expr::cust_with_values(format!("{quoted} MATCH ?"), [query]),
                rank: Some((Expr::cust(format!("bm25({quoted})")), sea_query::Order::Asc)),
                join: Some(fts),
            }
        }
        Dialect::Postgres => {
            let tsv = tsvector(&fields);
            SearchPlan {
                join: None,
                condition: Expr::cust_with_values(
                    format!("{tsv} @@ websearch_to_tsquery('simple', $1)"),
                    [q.to_string()],
                ),
                rank: Some((
                    Expr::cust_with_values(
                        format!("ts_rank({tsv}, websearch_to_tsquery('simple', $1))"),
                        [q.to_string()],
                    ),
                    sea_query::Order::Desc,
                )),
            }
        }
        Dialect::Sqlite => {
            // No index: every word must appear in some text field.
            let words: Vec<&str> = q
                .split_whitespace()
                .filter(|w| !w.starts_with('-'))
                .collect();
            if words.is_empty() {
                return nothing;
            }
            let condition = words
                .iter()
                .map(|w| {
                    let pattern = format!("%{}%", w.trim_matches('"'));
                    fields
                        .iter()
                        .map(|f| {
                            Expr::col((Alias::new(coll.name.as_str()), Alias::new(f.as_str())))
                                .like(pattern.clone())
                        })
                        .reduce(|a, b| a.or(b))
                        .unwrap_or_else(|| Expr::cust("1=0"))
                })
                .reduce(|a, b| a.and(b))
                .unwrap_or_else(|| Expr::cust("1=0"));
            SearchPlan {
                join: None,
                condition,
                rank: None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::websearch_to_fts5;

    #[test]
    fn websearch() {
        assert_eq!(websearch_to_fts5("a b").as_deref(), Some("\"a\" AND \"b\""));
        assert_eq!(
            websearch_to_fts5("a or b").as_deref(),
            Some("\"a\" OR \"b\"")
        );
        assert_eq!(
            websearch_to_fts5("\"full text\" -mysql").as_deref(),
            Some("(\"full text\") NOT \"mysql\"")
        );
        assert_eq!(
            websearch_to_fts5("x\" OR 1").as_deref(),
            Some("\"x\"\"\" OR \"1\"")
        );
        assert_eq!(websearch_to_fts5("  -only "), None);
    }
}
