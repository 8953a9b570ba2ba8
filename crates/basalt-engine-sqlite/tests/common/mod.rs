//! Helpers shared by the integration tests: a database in a temporary
//! directory and a few shorthands.
#![allow(dead_code, clippy::unwrap_used)]

use basalt_engine::{Engine, Sql};
use basalt_engine_sqlite::{SqliteEngine, SqliteOptions};
use basalt_types::Value;

pub async fn open(dir: &tempfile::TempDir) -> SqliteEngine {
    SqliteEngine::open(SqliteOptions::new(dir.path().join("data/basalt.db")))
        .await
        .unwrap()
}

pub fn sql(text: &str, params: Vec<Value>) -> Sql {
    Sql {
        text: text.to_owned(),
        params,
    }
}

pub async fn count(engine: &SqliteEngine, table: &str) -> i64 {
    let rows = engine
        .query(Sql::raw(format!("SELECT count(*) FROM {table}")))
        .await
        .unwrap();
    rows.scalar().and_then(Value::as_i64).unwrap()
}

pub async fn script(engine: &SqliteEngine, text: &str) {
    engine.run_script(text).await.unwrap();
}
