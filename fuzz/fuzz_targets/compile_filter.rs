//! Whatever either dialect parses compiles to SQL for both engines without
//! panicking, and no text value that could change a statement (one holding
//! a quote) ever appears in the SQL text: values are parameters.
#![no_main]

use basalt_engine::Dialect;
use basalt_query::parse::{parse_filter, parse_postgrest_filter};
use basalt_query::{check, Columns, Filter, Literal, Operand};
use libfuzzer_sys::fuzz_target;
use sea_query::{Alias, PostgresQueryBuilder, Query, SqliteQueryBuilder};

/// Every column exists, so every parse reaches the compiler.
struct AnyColumns;

impl Columns for AnyColumns {
    fn has_column(&self, _: &str) -> bool {
        true
    }
}

fn texts(f: &Filter, out: &mut Vec<String>) {
    let mut lit = |o: &Operand| {
        if let Operand::Literal(Literal::Text(s)) = o {
            out.push(s.clone());
        }
    };
    match f {
        Filter::Const(_) => {}
        Filter::And(v) | Filter::Or(v) => v.iter().for_each(|f| texts(f, out)),
        Filter::Not(f) => texts(f, out),
        Filter::Compare { left, right, .. } => {
            lit(left);
            lit(right);
        }
        Filter::In { values, .. } => out.extend(values.iter().filter_map(|v| match v {
            Literal::Text(s) => Some(s.clone()),
            _ => None,
        })),
        Filter::IsNull { .. } => {}
    }
}

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let (key, value) = input.split_once('=').unwrap_or((&input, ""));
    let parsed = [
        parse_filter(&input),
        parse_postgrest_filter(&[(key.to_string(), value.to_string())]),
    ];
    for f in parsed.into_iter().flatten() {
        let mut values = Vec::new();
        texts(&f, &mut values);
        let Ok(checked) = check(f, &AnyColumns) else {
            continue;
        };
        for dialect in [Dialect::Sqlite, Dialect::Postgres] {
            let mut q = Query::select();
            q.from(Alias::new("t"));
            q.and_where(basalt_sql::compile_filter("t", &checked, dialect));
            let (text, _params) = match dialect {
                Dialect::Sqlite => q.build(SqliteQueryBuilder),
                Dialect::Postgres => q.build(PostgresQueryBuilder),
            };
            for v in values.iter().filter(|v| v.contains('\'') && v.len() > 2) {
                assert!(!text.contains(v.as_str()), "{v:?} in {text}");
            }
        }
    }
});
