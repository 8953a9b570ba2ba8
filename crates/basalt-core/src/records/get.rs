//! Reading one record by id under the view rule; hidden, soft-deleted and
//! absent records all answer 404.

use super::access::{combine, not_deleted, rule_filter};
use super::ids::parse_id;
use super::list::check_names;
use super::render::render_rows;
use crate::{Basalt, Caller};
use basalt_query::{CmpOp, Filter, Literal, Operand};
use basalt_sql::SelectPlan;
use basalt_types::{Error, Result, Value};
use serde_json::Value as Json;

/// `pk = id` as a filter.
pub(crate) fn id_filter(coll: &basalt_catalog::Collection, id: &Value) -> Filter {
    let pk = coll.pk.as_ref().map(|(n, _)| n.clone()).unwrap_or_default();
    let lit = match id {
        Value::Int(i) => Literal::Int(*i),
        Value::Text(s) => Literal::Text(s.clone()),
        _ => Literal::Null,
    };
    Filter::Compare {
        left: Operand::Field(pk),
        op: CmpOp::Eq,
        right: Operand::Literal(lit),
    }
}

impl Basalt {
    /// One record by id; `admin_view` also shows soft-deleted records.
    pub async fn get_record(
        &self,
        caller: &Caller,
        collection: &str,
        id: &str,
        fields: Option<Vec<String>>,
        admin_view: bool,
    ) -> Result<Json> {
        self.get_matching(
            caller,
            collection,
            id,
            fields,
            Filter::Const(true),
            admin_view,
        )
        .await
    }

    /// One record by id that also matches `extra` (already typed), under
    /// the view rule unless `admin_view` and the caller is the admin;
    /// hidden, soft-deleted, absent or not matching answers 404.
    pub(crate) async fn get_matching(
        &self,
        caller: &Caller,
        collection: &str,
        id: &str,
        fields: Option<Vec<String>>,
        extra: Filter,
        admin_view: bool,
    ) -> Result<Json> {
        let coll = self.collection(collection)?;
        let key = parse_id(&coll, id)?;
        if let Some(f) = &fields {
            check_names(&coll, f.iter().map(String::as_str), "fields")?;
        }
        let mut parts = vec![id_filter(&coll, &key), extra];
        if !(admin_view && caller.is_admin()) {
            parts.push(rule_filter(
                &coll.rules.view,
                caller,
                None,
                &format!("view {collection}"),
            )?);
            parts.push(not_deleted(&coll));
        }
        let checked = combine(&coll, parts)?;
        let plan = SelectPlan {
            filter: &checked,
            sort: &[],
            fields: fields.as_deref(),
            limit: Some(1),
            offset: 0,
            search: None,
        };
        let rows = self
            .engine
            .query(basalt_sql::select(&coll, &plan, self.dialect()))
            .await?;
        render_rows(&coll, rows)
            .into_iter()
            .next()
            .ok_or_else(|| Error::not_found("record not found"))
    }
}
