//! Checks of field definitions and rules before they reach the schema:
//! names, duplicates, type options, defaults and rule expressions.

use crate::Basalt;
use basalt_catalog::{check_field_name, FieldDef, FieldType, RuleSet, RulesDef, SYSTEM_FIELDS};
use basalt_types::{Error, Result};

impl Basalt {
    /// Checks new fields of collection `owner` (which may be one of the
    /// relation targets); `existing` are names already taken.
    pub(crate) fn check_fields(
        &self,
        owner: &str,
        fields: &[FieldDef],
        existing: &[String],
    ) -> Result<()> {
        let mut seen: Vec<String> = existing.iter().map(|n| n.to_ascii_lowercase()).collect();
        for f in fields {
            check_field_name(&f.name)?;
            let lower = f.name.to_ascii_lowercase();
            if SYSTEM_FIELDS.contains(&lower.as_str()) {
                return Err(Error::bad_request(format!(
                    "field name '{}' is reserved for a system field",
                    f.name
                )));
            }
            if seen.contains(&lower) {
                return Err(
                    Error::bad_request(format!("duplicate field name '{}'", f.name))
                        .with_data("field", f.name.as_str()),
                );
            }
            seen.push(lower);
            check_options(f)?;
            if f.ty == FieldType::Relation {
                let target = f.collection.as_deref().ok_or_else(|| {
                    Error::bad_request(format!("relation field '{}' needs 'collection'", f.name))
                })?;
                if target != owner && self.catalog.snapshot().get(target).is_none() {
                    return Err(Error::bad_request(format!(
                        "relation field '{}': collection not found: {target}",
                        f.name
                    )));
                }
                if let Some(a) = f.on_delete.as_deref() {
                    if !matches!(a, "cascade" | "set_null" | "restrict" | "no_action") {
                        return Err(Error::bad_request(
                            "on_delete must be cascade, set_null or restrict",
                        ));
                    }
                }
            }
        }
        Ok(())
    }
}

fn check_options(f: &FieldDef) -> Result<()> {
    let bad = |m: String| Err(Error::bad_request(m).with_data("field", f.name.as_str()));
    if f.ty == FieldType::Select && f.values.as_ref().is_none_or(|v| v.is_empty()) {
        return bad(format!(
            "select field '{}' needs a non-empty 'values' list",
            f.name
        ));
    }
    if f.ty == FieldType::Vector && f.dimensions.is_none_or(|d| d == 0 || d > 16_000) {
        return bad(format!(
            "vector field '{}' needs 'dimensions' between 1 and 16000",
            f.name
        ));
    }
    if let (Some(min), Some(max)) = (f.min, f.max) {
        if min > max {
            return bad(format!("field '{}': min is greater than max", f.name));
        }
    }
    if let Some(p) = &f.pattern {
        if regex::Regex::new(p).is_err() {
            return bad(format!("field '{}': invalid pattern", f.name));
        }
    }
    if let Err(m) = crate::records::check_default(f) {
        return bad(format!("field '{}': invalid default: {m}", f.name));
    }
    Ok(())
}

/// Parses the rules and checks that every field they name exists.
pub(crate) fn check_rules(rules: &RulesDef, field_names: &[String]) -> Result<()> {
    let set = RuleSet::parse(rules)?;
    for (which, rule) in [
        ("list", &set.list),
        ("view", &set.view),
        ("create", &set.create),
        ("update", &set.update),
        ("delete", &set.delete),
    ] {
        if let basalt_catalog::Rule::Expr(f) = rule {
            for name in f.fields() {
                if !field_names.iter().any(|n| n == name) {
                    return Err(Error::bad_request(format!(
                        "invalid {which} rule: unknown field '{name}'"
                    ))
                    .with_data("rule", which));
                }
            }
        }
    }
    Ok(())
}
