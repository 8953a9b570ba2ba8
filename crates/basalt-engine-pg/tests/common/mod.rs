//! Helpers shared by the integration tests: a fresh database in the test
//! binary's throwaway PostgreSQL cluster and a few shorthands. The cluster
//! helper is basalt-testkit's, compiled in directly so the engine's tests
//! do not depend on the crates above the engine.
#![allow(dead_code, clippy::unwrap_used)]

#[path = "../../../basalt-testkit/src/pg.rs"]
pub mod pg;

use basalt_engine::{Engine, Sql};
use basalt_engine_pg::{PgEngine, PgOptions};
use basalt_types::Value;

/// An engine on a new, empty database.
pub async fn fresh() -> PgEngine {
    open(&pg::fresh_db_url()).await
}

pub async fn open(url: &str) -> PgEngine {
    PgEngine::open(PgOptions::new(url)).await.unwrap()
}

pub fn sql(text: &str, params: Vec<Value>) -> Sql {
    Sql {
        text: text.to_owned(),
        params,
    }
}

pub fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

pub async fn count(engine: &PgEngine, table: &str) -> i64 {
    let rows = engine
        .query(Sql::raw(format!("SELECT count(*) FROM {table}")))
        .await
        .unwrap();
    rows.scalar().and_then(Value::as_i64).unwrap()
}

pub async fn script(engine: &PgEngine, text: &str) {
    engine.run_script(text).await.unwrap();
}
