//! The real client: `@supabase/postgrest-js` (pinned in `clients/`), run
//! unmodified from Node against a test server's `/api/v1/tables`, doing
//! selects with filters, order and range, inserts of one and many rows,
//! and updates and deletes over filters (`clients/postgrest.test.mjs`).
//! Node and npm are required: without them this test fails, it never skips.

use crate::support::*;
use basalt_testkit::TestServer;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio::process::Command;

both_engines!(postgrest_js_works_unmodified);

/// How long `npm ci` and the client run may take.
const NPM_CI_TIMEOUT: Duration = Duration::from_secs(300);
const NODE_TIMEOUT: Duration = Duration::from_secs(120);

/// Serialises the one-time `npm ci` between tests running at once.
static NPM_CI: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn clients_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../clients")
}

/// Runs `cmd` to completion within `limit`; panics with its output
/// otherwise.
async fn run(mut cmd: Command, what: &str, limit: Duration) -> std::process::Output {
    cmd.kill_on_drop(true);
    let child = cmd.output();
    match tokio::time::timeout(limit, child).await {
        Err(_) => panic!("{what} did not finish within {limit:?}"),
        Ok(Err(e)) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "{what}: the program is not installed ({e}); the client tests need Node.js >= 20 and npm on PATH"
        ),
        Ok(Err(e)) => panic!("{what} could not start: {e}"),
        Ok(Ok(out)) => out,
    }
}

/// Installs the pinned client from `clients/package-lock.json` once.
async fn ensure_installed(dir: &Path) {
    let _guard = NPM_CI.lock().await;
    if dir
        .join("node_modules/@supabase/postgrest-js/package.json")
        .exists()
    {
        return;
    }
    let mut cmd = Command::new("npm");
    cmd.args(["ci", "--no-audit", "--no-fund", "--prefix"])
        .arg(dir);
    let out = run(cmd, "npm ci --prefix clients", NPM_CI_TIMEOUT).await;
    assert!(
        out.status.success(),
        "npm ci failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

async fn postgrest_js_works_unmodified(s: &TestServer) {
    create_collection(
        s,
        json!({"name": "people", "rules": open_rules(), "fields": [
            {"name": "name", "type": "text", "required": true},
            {"name": "age", "type": "integer"},
            {"name": "city", "type": "text"},
            {"name": "active", "type": "boolean"}]}),
    )
    .await;
    let dir = clients_dir();
    ensure_installed(&dir).await;
    let mut cmd = Command::new("node");
    cmd.current_dir(&dir)
        .args(["--test", "postgrest.test.mjs"])
        .env("BASALT_TABLES_URL", s.url("/api/v1/tables"))
        .env("BASALT_TABLE", "people");
    let out = run(cmd, "node --test clients/postgrest.test.mjs", NODE_TIMEOUT).await;
    assert!(
        out.status.success(),
        "postgrest-js tests failed ({:?}):\n{}\n{}",
        s.engine,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
