//! The filter AST every dialect and every access rule parses into. One
//! compiler (in `basalt-sql`) turns a checked filter into SQL with every
//! literal bound as a parameter.

/// A boolean expression over a collection's fields.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// Always true / always false.
    Const(bool),
    And(Vec<Filter>),
    Or(Vec<Filter>),
    Not(Box<Filter>),
    /// `left op right`. A comparison with a `null` literal under `Eq`/`Ne`
    /// means IS NULL / IS NOT NULL.
    Compare {
        left: Operand,
        op: CmpOp,
        right: Operand,
    },
    /// `operand IN (v1, v2, …)`, or NOT IN when `negated`.
    In {
        operand: Operand,
        values: Vec<Literal>,
        negated: bool,
    },
    /// `operand IS NULL`, or IS NOT NULL when `negated`.
    IsNull {
        operand: Operand,
        negated: bool,
    },
}

/// One side of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// A column of the collection, checked against the catalog.
    Field(String),
    /// `auth.<name>` (also `@request.auth.<name>`): a property of the caller.
    /// Replaced by a literal before compiling (see [`crate::RuleContext`]).
    Auth(String),
    /// `request.body.<name>`: a field of the write's body, same treatment.
    Body(String),
    Literal(Literal),
}

/// A constant written in a filter, always bound as a parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    /// Case-insensitive contains / pattern (`~`); `%` in the value is a
    /// wildcard, and a value without `%` matches anywhere.
    Like,
    /// `!~`.
    NotLike,
    /// SQL `LIKE` with the pattern exactly as given, case-sensitive
    /// (PostgREST `like`): `%` matches any run of characters, `_` one
    /// character, `\` takes the next character literally; no implicit
    /// wildcards.
    PatternLike,
    /// As [`CmpOp::PatternLike`], ignoring case (PostgREST `ilike`; ASCII
    /// case on SQLite).
    PatternILike,
}

/// One sort key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortKey {
    pub field: String,
    pub descending: bool,
}

/// Where NULLs sort in an [`OrderKey`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NullsOrder {
    First,
    Last,
}

/// One ORDER BY key with an optional NULL placement (PostgREST `order=`);
/// `nulls: None` leaves NULLs where the engine puts them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderKey {
    pub field: String,
    pub descending: bool,
    pub nulls: Option<NullsOrder>,
}

impl From<SortKey> for OrderKey {
    fn from(k: SortKey) -> Self {
        OrderKey {
            field: k.field,
            descending: k.descending,
            nulls: None,
        }
    }
}

/// A page window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub limit: u32,
    pub offset: u64,
    /// 1-based page number (derived from offset when `limit`/`offset` given).
    pub page: u64,
}

impl Filter {
    /// `a AND b`, flattening nested ANDs and dropping `Const(true)`.
    pub fn and(self, other: Filter) -> Filter {
        match (self, other) {
            (Filter::Const(true), f) | (f, Filter::Const(true)) => f,
            (Filter::And(mut a), Filter::And(b)) => {
                a.extend(b);
                Filter::And(a)
            }
            (Filter::And(mut a), f) => {
                a.push(f);
                Filter::And(a)
            }
            (f, Filter::And(mut b)) => {
                b.insert(0, f);
                Filter::And(b)
            }
            (a, b) => Filter::And(vec![a, b]),
        }
    }

    /// Every field name the filter mentions.
    pub fn fields(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_fields(&mut out);
        out
    }

    fn collect_fields<'a>(&'a self, out: &mut Vec<&'a str>) {
        let operand = |o: &'a Operand, out: &mut Vec<&'a str>| {
            if let Operand::Field(f) = o {
                out.push(f.as_str());
            }
        };
        match self {
            Filter::Const(_) => {}
            Filter::And(v) | Filter::Or(v) => v.iter().for_each(|f| f.collect_fields(out)),
            Filter::Not(f) => f.collect_fields(out),
            Filter::Compare { left, right, .. } => {
                operand(left, out);
                operand(right, out);
            }
            Filter::In { operand: o, .. } | Filter::IsNull { operand: o, .. } => operand(o, out),
        }
    }
}
