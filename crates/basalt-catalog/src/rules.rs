//! Access rules, parsed once when the catalog loads: admin only (`null`),
//! anyone (`"true"` or `""`), or a filter expression over the record and the
//! caller.

use crate::meta::RulesDef;
use basalt_query::{parse::parse_filter, Filter};
use basalt_types::{Error, Result};

/// One parsed rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    AdminOnly,
    Anyone,
    Expr(Filter),
}

impl Rule {
    /// Parses a rule as written; a bad expression is a 400 naming the rule.
    pub fn parse(which: &str, text: Option<&str>) -> Result<Rule> {
        match text.map(str::trim) {
            None => Ok(Rule::AdminOnly),
            Some("") | Some("true") => Ok(Rule::Anyone),
            Some(expr) => match parse_filter(expr) {
                Ok(Filter::Const(true)) => Ok(Rule::Anyone),
                Ok(f) => Ok(Rule::Expr(f)),
                Err(e) => Err(
                    Error::bad_request(format!("invalid {which} rule: {}", e.message))
                        .with_data("rule", which),
                ),
            },
        }
    }
}

/// The five rules of a collection.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    pub list: Rule,
    pub view: Rule,
    pub create: Rule,
    pub update: Rule,
    pub delete: Rule,
}

impl RuleSet {
    /// Parses all five rules.
    pub fn parse(def: &RulesDef) -> Result<RuleSet> {
        Ok(RuleSet {
            list: Rule::parse("list", def.list.as_deref())?,
            view: Rule::parse("view", def.view.as_deref())?,
            create: Rule::parse("create", def.create.as_deref())?,
            update: Rule::parse("update", def.update.as_deref())?,
            delete: Rule::parse("delete", def.delete.as_deref())?,
        })
    }
}
