//! The check every filter, sort and field list passes before it may be
//! compiled: each field must be a column of the collection and no unbound
//! `auth.*`/`request.body.*` operand may remain. Only [`check`] makes a
//! [`Checked`] value, so the SQL compiler cannot be handed an unchecked one.

use crate::ast::{Filter, Operand};
use basalt_types::{Error, Result};

/// The columns a filter may name.
pub trait Columns {
    fn has_column(&self, name: &str) -> bool;
}

/// A filter that passed [`check`].
#[derive(Debug, Clone, PartialEq)]
pub struct Checked(Filter);

impl Checked {
    /// The checked filter.
    pub fn filter(&self) -> &Filter {
        &self.0
    }
}

/// Checks every field against `columns`; unknown fields and unbound
/// operands are a 400 naming them.
pub fn check(filter: Filter, columns: &dyn Columns) -> Result<Checked> {
    walk(&filter, columns)?;
    Ok(Checked(filter))
}

fn walk(f: &Filter, columns: &dyn Columns) -> Result<()> {
    match f {
        Filter::Const(_) => Ok(()),
        Filter::And(v) | Filter::Or(v) => v.iter().try_for_each(|f| walk(f, columns)),
        Filter::Not(f) => walk(f, columns),
        Filter::Compare { left, right, .. } => {
            operand(left, columns)?;
            operand(right, columns)
        }
        Filter::In { operand: o, .. } | Filter::IsNull { operand: o, .. } => operand(o, columns),
    }
}

fn operand(o: &Operand, columns: &dyn Columns) -> Result<()> {
    match o {
        Operand::Field(name) if columns.has_column(name) => Ok(()),
        Operand::Field(name) => Err(Error::bad_request(format!(
            "invalid filter: unknown field '{name}'"
        ))
        .with_data("field", name.as_str())),
        Operand::Auth(name) => Err(Error::bad_request(format!(
            "invalid filter: 'auth.{name}' is only allowed in access rules"
        ))),
        Operand::Body(name) => Err(Error::bad_request(format!(
            "invalid filter: 'request.body.{name}' is only allowed in access rules"
        ))),
        Operand::Literal(_) => Ok(()),
    }
}
