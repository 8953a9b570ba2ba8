//! `expand=` (AllYourBase): related records nested under each record's
//! `expand` key — an object for a many-to-one relation, an array for a
//! one-to-many one — named as [`super::relations`] names them, with dotted
//! paths one level deep (`expand=author.team`). Each relation costs one
//! query for the whole page (`… WHERE key IN (…)`, in chunks), never one
//! per record; the related collection's view rule and soft-delete guard
//! apply, and a relation the caller may not view is left out silently.

use super::access::{combine, not_deleted, rule_filter};
use super::list::{ListQuery, ListResult};
use super::relations::{relations_of, Relation, RelationKind};
use super::render::render_rows;
use crate::{Basalt, Caller};
use basalt_catalog::Collection;
use basalt_query::{Filter, Literal, Operand};
use basalt_sql::SelectPlan;
use basalt_types::{Error, Result};
use serde_json::{Map, Value as Json};
use std::collections::{HashMap, HashSet};
use std::future::Future;
use std::pin::Pin;

/// The most relations one `expand=` may name.
pub const MAX_EXPAND: usize = 10;
/// The most levels of a dotted expand path (`a.b`).
const MAX_DEPTH: usize = 2;
/// Values per `IN (…)` query.
const CHUNK: usize = 500;

fn bad(detail: impl std::fmt::Display) -> Error {
    Error::bad_request(format!("invalid expand: {detail}")).with_data("parameter", "expand")
}

fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `expand=author,category.parent` as paths; every segment a name.
pub fn parse_expand(input: &str) -> Result<Vec<Vec<String>>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for entry in input.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        if out.len() == MAX_EXPAND {
            return Err(bad(format!("more than {MAX_EXPAND} relations")));
        }
        let path: Vec<String> = entry.split('.').map(str::to_string).collect();
        if path.len() > MAX_DEPTH {
            return Err(bad(format!(
                "'{entry}' is nested too deeply (at most {MAX_DEPTH} levels)"
            )));
        }
        if let Some(s) = path.iter().find(|s| !is_name(s)) {
            let shown: String = s.chars().take(64).flat_map(char::escape_debug).collect();
            return Err(bad(format!("'{shown}' is not a relation name")));
        }
        if !out.contains(&path) {
            out.push(path);
        }
    }
    Ok(out)
}

/// The relation of `coll` that `name` designates, or 400.
fn find(rels: &[Relation], coll: &str, name: &str) -> Result<Relation> {
    rels.iter()
        .find(|r| r.name == name)
        .or_else(|| {
            rels.iter()
                .find(|r| r.kind == RelationKind::ManyToOne && r.from_column == name)
        })
        .cloned()
        .ok_or_else(|| bad(format!("'{coll}' has no relation '{name}'")).with_data("field", name))
}

/// A JSON cell as the key records are matched on (`42` and `"42"` alike).
fn key(v: &Json) -> Option<String> {
    match v {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn literal(v: &Json) -> Option<Literal> {
    match v {
        Json::String(s) => Some(Literal::Text(s.clone())),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Some(Literal::Int(i)),
            None => n.as_f64().map(Literal::Float),
        },
        _ => None,
    }
}

type Fut<'a> = Pin<Box<dyn Future<Output = Result<()>> + Send + 'a>>;

impl Basalt {
    /// The top-level relations `paths` name, checked against `coll`.
    fn expand_plan(&self, coll: &Collection, paths: &[Vec<String>]) -> Result<Vec<Relation>> {
        let rels = relations_of(&self.catalog.snapshot(), coll);
        paths
            .iter()
            .filter_map(|p| p.first())
            .map(|n| find(&rels, &coll.name, n))
            .collect()
    }

    /// Nests the related records of every path under each record's `expand`.
    fn expand_into<'a>(
        &'a self,
        caller: &'a Caller,
        coll: &'a Collection,
        records: &'a mut [Json],
        paths: &'a [Vec<String>],
    ) -> Fut<'a> {
        Box::pin(async move {
            let rels = relations_of(&self.catalog.snapshot(), coll);
            let mut done: Vec<&str> = Vec::new();
            for path in paths {
                let Some(first) = path.first() else { continue };
                if done.contains(&first.as_str()) {
                    continue;
                }
                done.push(first);
                let rel = find(&rels, &coll.name, first)?;
                let nested: Vec<Vec<String>> = paths
                    .iter()
                    .filter(|p| p.first() == Some(first) && p.len() > 1)
                    .map(|p| p[1..].to_vec())
                    .collect();
                self.expand_one(caller, records, &rel, &nested).await?;
            }
            Ok(())
        })
    }

    /// Fetches the records `rel` relates to `records` and attaches them.
    async fn expand_one(
        &self,
        caller: &Caller,
        records: &mut [Json],
        rel: &Relation,
        nested: &[Vec<String>],
    ) -> Result<()> {
        let Ok(target) = self.collection(&rel.to_table) else {
            return Ok(());
        };
        let what = format!("view {}", target.name);
        let Ok(rule) = rule_filter(&target.rules.view, caller, None, &what) else {
            return Ok(());
        };
        let mut seen: HashSet<String> = HashSet::new();
        let mut values: Vec<Literal> = Vec::new();
        for r in records.iter() {
            let v = &r[rel.from_column.as_str()];
            if let (Some(k), Some(l)) = (key(v), literal(v)) {
                if seen.insert(k) {
                    values.push(l);
                }
            }
        }
        let mut related: Vec<Json> = Vec::new();
        for chunk in values.chunks(CHUNK) {
            let within = Filter::In {
                operand: Operand::Field(rel.to_column.clone()),
                values: chunk.to_vec(),
                negated: false,
            };
            let checked = combine(&target, vec![within, rule.clone(), not_deleted(&target)])?;
            let plan = SelectPlan {
                filter: &checked,
                sort: &[],
                fields: None,
                limit: None,
                offset: 0,
                search: None,
            };
            let rows = self
                .engine
                .query(basalt_sql::select(&target, &plan, self.dialect()))
                .await?;
            related.extend(render_rows(&target, rows));
        }
        if !nested.is_empty() {
            self.expand_into(caller, &target, &mut related, nested)
                .await?;
        }
        let mut groups: HashMap<String, Vec<Json>> = HashMap::new();
        for r in related {
            if let Some(k) = key(&r[rel.to_column.as_str()]) {
                groups.entry(k).or_default().push(r);
            }
        }
        for r in records.iter_mut() {
            let Some(k) = key(&r[rel.from_column.as_str()]) else {
                continue;
            };
            let Some(found) = groups.get(&k) else {
                continue;
            };
            let value = match rel.kind {
                RelationKind::ManyToOne => found.first().cloned().unwrap_or(Json::Null),
                RelationKind::OneToMany => Json::Array(found.clone()),
            };
            if let Some(obj) = r.as_object_mut() {
                let expand = obj
                    .entry("expand")
                    .or_insert_with(|| Json::Object(Map::new()));
                if let Some(e) = expand.as_object_mut() {
                    e.insert(rel.name.clone(), value);
                }
            }
        }
        Ok(())
    }

    /// Adds the columns `plan` needs to `fields`; returns the ones added.
    fn widen(plan: &[Relation], fields: &mut Option<Vec<String>>) -> Vec<String> {
        let mut added = Vec::new();
        if let Some(f) = fields {
            for rel in plan {
                if !f.contains(&rel.from_column) {
                    f.push(rel.from_column.clone());
                    added.push(rel.from_column.clone());
                }
            }
        }
        added
    }

    fn strip(records: &mut [Json], added: &[String]) {
        for r in records.iter_mut() {
            if let Some(obj) = r.as_object_mut() {
                for c in added {
                    obj.remove(c);
                }
            }
        }
    }

    /// [`Basalt::list_records`] with the relations of `expand` nested.
    pub async fn list_expanded(
        &self,
        caller: &Caller,
        collection: &str,
        mut q: ListQuery,
        expand: &[Vec<String>],
    ) -> Result<ListResult> {
        if expand.is_empty() {
            return self.list_records(caller, collection, q).await;
        }
        let coll = self.collection(collection)?;
        let plan = self.expand_plan(&coll, expand)?;
        let added = Self::widen(&plan, &mut q.fields);
        let mut result = self.list_records(caller, collection, q).await?;
        self.expand_into(caller, &coll, &mut result.items, expand)
            .await?;
        Self::strip(&mut result.items, &added);
        Ok(result)
    }

    /// [`Basalt::get_record`] with the relations of `expand` nested.
    pub async fn get_expanded(
        &self,
        caller: &Caller,
        collection: &str,
        id: &str,
        mut fields: Option<Vec<String>>,
        expand: &[Vec<String>],
    ) -> Result<Json> {
        if expand.is_empty() {
            return self.get_record(caller, collection, id, fields, false).await;
        }
        let coll = self.collection(collection)?;
        let plan = self.expand_plan(&coll, expand)?;
        let added = Self::widen(&plan, &mut fields);
        let record = self
            .get_record(caller, collection, id, fields, false)
            .await?;
        let mut one = [record];
        self.expand_into(caller, &coll, &mut one, expand).await?;
        Self::strip(&mut one, &added);
        let [record] = one;
        Ok(record)
    }
}
