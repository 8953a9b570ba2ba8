//! Batch: create, update and delete operations on one collection in one
//! transaction. One failure rolls everything back and answers that
//! operation's status with its index in `data`.

use super::create::as_object;
use super::update::UpdateOptions;
use super::validate::ValidationMode;
use crate::{Basalt, Caller};
use basalt_types::{Error, Result};
use serde::Deserialize;
use serde_json::{Map, Value as Json};

/// One operation of a batch request.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchOp {
    pub method: String,
    #[serde(default)]
    pub id: Option<Json>,
    #[serde(default)]
    pub body: Option<Json>,
}

/// The outcome of one operation.
#[derive(Debug, Clone)]
pub struct BatchOutcome {
    pub index: usize,
    pub status: u16,
    pub body: Option<Json>,
}

impl BatchOp {
    /// Reads `{"operations": [...]}`, at most `max` operations.
    pub fn parse_list(body: &Json, max: usize) -> Result<Vec<BatchOp>> {
        let ops = body
            .get("operations")
            .ok_or_else(|| Error::bad_request("the body must be {\"operations\": [...]}"))?;
        crate::json_input::objects_in(body, "operations", "operations")?;
        let ops: Vec<BatchOp> = serde_json::from_value(ops.clone())
            .map_err(|e| Error::bad_request(format!("invalid operations: {e}")))?;
        if ops.is_empty() {
            return Err(Error::bad_request("no operations"));
        }
        if ops.len() > max {
            return Err(Error::bad_request(format!(
                "too many operations: at most {max} per batch"
            )));
        }
        Ok(ops)
    }

    fn id(&self, index: usize) -> Result<String> {
        match &self.id {
            Some(Json::String(s)) if !s.is_empty() => Ok(s.clone()),
            Some(Json::Number(n)) => Ok(n.to_string()),
            _ => Err(Error::bad_request(format!(
                "operation {index}: 'id' is required"
            ))),
        }
    }

    fn body(&self, index: usize) -> Result<&Map<String, Json>> {
        match &self.body {
            Some(b) => as_object(b),
            None => Err(Error::bad_request(format!(
                "operation {index}: 'body' is required"
            ))),
        }
    }
}

impl Basalt {
    /// Runs every operation or none.
    pub async fn batch(
        &self,
        caller: &Caller,
        collection: &str,
        ops: &[BatchOp],
    ) -> Result<Vec<BatchOutcome>> {
        let creates: Vec<Map<String, Json>> = ops
            .iter()
            .filter(|o| o.method == "create")
            .filter_map(|o| o.body.as_ref().and_then(Json::as_object).cloned())
            .collect();
        let coll = self
            .collection_for_write(caller, collection, &creates)
            .await?;
        let mut tx = self.engine.begin().await?;
        let mut out = Vec::with_capacity(ops.len());
        for (index, op) in ops.iter().enumerate() {
            let result = match op.method.as_str() {
                "create" => match op.body(index) {
                    Ok(b) => self
                        .create_in(tx.as_mut(), caller, &coll, b)
                        .await
                        .map(|r| (201, Some(r))),
                    Err(e) => Err(e),
                },
                "update" => match (op.id(index), op.body(index)) {
                    (Ok(id), Ok(b)) => self
                        .update_in(
                            tx.as_mut(),
                            caller,
                            &coll,
                            &id,
                            b,
                            UpdateOptions {
                                mode: ValidationMode::Update,
                                admin_view: false,
                            },
                        )
                        .await
                        .map(|r| (200, Some(r))),
                    (Err(e), _) | (_, Err(e)) => Err(e),
                },
                "delete" => match op.id(index) {
                    Ok(id) => self
                        .delete_in(tx.as_mut(), caller, &coll, &id, false)
                        .await
                        .map(|_| (204, None)),
                    Err(e) => Err(e),
                },
                other => Err(Error::bad_request(format!(
                    "operation {index}: unknown method '{other}' (use create, update or delete)"
                ))),
            };
            match result {
                Ok((status, body)) => out.push(BatchOutcome {
                    index,
                    status,
                    body,
                }),
                Err(e) => {
                    let e = Error {
                        message: format!("batch operation {index} failed: {}", e.message),
                        ..e
                    };
                    return Err(e.with_data("index", index));
                }
            }
        }
        tx.commit().await?;
        Ok(out)
    }
}
