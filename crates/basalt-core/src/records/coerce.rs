//! Typing of untyped filter values. PostgREST passes every value as text
//! (`?age=gt.18`, `?done=eq.true`); before compiling, a text literal compared
//! with an integer, number or boolean column becomes that type, so both
//! engines compare numbers as numbers, and a value that cannot be one is a
//! 400 naming the field (as PostgreSQL would refuse `'abc'::integer`).
//! Pattern operators keep their text.

use basalt_catalog::{Collection, FieldType, PkKind, Snapshot};
use basalt_query::{CmpOp, Filter, Literal, Operand};
use basalt_types::{Error, Result};

/// The column type a text value compared with `name` should take, if any:
/// integer, number and boolean fields, an integer primary key, and a
/// relation to a collection with an integer primary key.
fn target(snapshot: &Snapshot, coll: &Collection, name: &str) -> Option<FieldType> {
    if let Some((pk, PkKind::Integer)) = &coll.pk {
        if pk == name {
            return Some(FieldType::Integer);
        }
    }
    let field = coll.field(name)?;
    match field.ty() {
        t @ (FieldType::Integer | FieldType::Number | FieldType::Boolean) => Some(t),
        FieldType::Relation => {
            let target = snapshot.get(field.def.collection.as_deref()?)?;
            matches!(target.pk, Some((_, PkKind::Integer))).then_some(FieldType::Integer)
        }
        _ => None,
    }
}

/// `raw` as a value of type `ty` for field `name`.
fn convert(name: &str, ty: FieldType, raw: &str) -> Result<Literal> {
    let s = raw.trim();
    let bad = |what: &str| {
        Err(Error::invalid_field(
            name,
            format!(
                "'{}' is not {what}",
                raw.chars().take(64).collect::<String>()
            ),
        ))
    };
    match ty {
        FieldType::Integer => match s.parse::<i64>() {
            Ok(i) => Ok(Literal::Int(i)),
            Err(_) => match s.parse::<f64>() {
                Ok(f) if f.is_finite() => Ok(Literal::Float(f)),
                _ => bad("an integer"),
            },
        },
        FieldType::Number => match s.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Literal::Float(f)),
            _ => bad("a number"),
        },
        FieldType::Boolean => match s.to_ascii_lowercase().as_str() {
            "true" | "t" | "yes" | "y" | "on" | "1" => Ok(Literal::Bool(true)),
            "false" | "f" | "no" | "n" | "off" | "0" => Ok(Literal::Bool(false)),
            _ => bad("a boolean"),
        },
        _ => Ok(Literal::Text(raw.to_string())),
    }
}

/// Where a filter is typed: the collection and the catalog it lives in.
pub(crate) struct Typing<'a> {
    pub snapshot: &'a Snapshot,
    pub coll: &'a Collection,
}

fn literal(t: &Typing<'_>, name: &str, l: Literal) -> Result<Literal> {
    match (l, target(t.snapshot, t.coll, name)) {
        (Literal::Text(s), Some(ty)) => convert(name, ty, &s),
        (l, _) => Ok(l),
    }
}

/// Types the text literals of `f` by the columns they are compared with.
pub(crate) fn coerce(t: &Typing<'_>, f: Filter) -> Result<Filter> {
    Ok(match f {
        Filter::And(v) => Filter::And(v.into_iter().map(|f| coerce(t, f)).collect::<Result<_>>()?),
        Filter::Or(v) => Filter::Or(v.into_iter().map(|f| coerce(t, f)).collect::<Result<_>>()?),
        Filter::Not(f) => Filter::Not(Box::new(coerce(t, *f)?)),
        Filter::Compare { left, op, right } if !is_pattern(op) => match (left, right) {
            (Operand::Field(n), Operand::Literal(l)) => Filter::Compare {
                right: Operand::Literal(literal(t, &n, l)?),
                left: Operand::Field(n),
                op,
            },
            (Operand::Literal(l), Operand::Field(n)) => Filter::Compare {
                left: Operand::Literal(literal(t, &n, l)?),
                right: Operand::Field(n),
                op,
            },
            (left, right) => Filter::Compare { left, op, right },
        },
        Filter::In {
            operand: Operand::Field(n),
            values,
            negated,
        } => Filter::In {
            values: values
                .into_iter()
                .map(|l| literal(t, &n, l))
                .collect::<Result<_>>()?,
            operand: Operand::Field(n),
            negated,
        },
        other => other,
    })
}

fn is_pattern(op: CmpOp) -> bool {
    matches!(
        op,
        CmpOp::Like | CmpOp::NotLike | CmpOp::PatternLike | CmpOp::PatternILike
    )
}
