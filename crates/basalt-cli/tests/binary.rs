//! The `basalt` binary itself: start-up output, the admin token printed once
//! and kept, health on a real port, clean shutdown on SIGTERM, a clear error
//! for an unusable database URL.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

fn start(dir: &std::path::Path, port: u16) -> (Child, Vec<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_basalt"))
        .args([
            "serve",
            "--http",
            &format!("127.0.0.1:{port}"),
            "--data-dir",
        ])
        .arg(dir)
        .env_remove("BASALT_ADMIN_TOKEN")
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn basalt");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = Vec::new();
    let mut reader = BufReader::new(stdout);
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        let done = line.contains("listening on");
        lines.push(line.trim().to_string());
        if done {
            break;
        }
    }
    (child, lines)
}

fn terminate(mut child: Child) -> std::process::ExitStatus {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok(Some(status)) = child.try_wait() {
            return status;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    panic!("basalt did not stop within 20 s of SIGTERM");
}

#[tokio::test]
async fn serves_prints_token_once_and_stops_cleanly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let port = free_port();
    let (child, lines) = start(dir.path(), port);
    let token_line = lines
        .iter()
        .find(|l| l.starts_with("Admin token"))
        .unwrap_or_else(|| panic!("no token line in {lines:?}"));
    let token = token_line.rsplit(' ').next().expect("token").to_string();
    assert!(token.len() >= 32, "{token}");

    let client = reqwest::Client::new();
    let health = client
        .get(format!("http://127.0.0.1:{port}/health"))
        .send()
        .await
        .expect("health");
    assert_eq!(health.status(), 200);
    let admin = client
        .get(format!("http://127.0.0.1:{port}/api/v1/admin/collections"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("admin");
    assert_eq!(admin.status(), 200);
    assert!(terminate(child).success());

    // Second start: the kept token still works and is not printed again.
    let (child, lines) = start(dir.path(), port);
    let client = reqwest::Client::new();
    assert!(
        !lines.iter().any(|l| l.starts_with("Admin token")),
        "{lines:?}"
    );
    let admin = client
        .get(format!("http://127.0.0.1:{port}/api/v1/admin/collections"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("admin");
    assert_eq!(admin.status(), 200);
    let wrong = client
        .get(format!("http://127.0.0.1:{port}/api/v1/admin/collections"))
        .bearer_auth("nope")
        .send()
        .await
        .expect("admin");
    assert_eq!(wrong.status(), 401);
    assert!(terminate(child).success());
}

#[test]
fn unusable_database_url_is_one_clear_line_and_exit_1() {
    let closed = free_port();
    for url in [
        "mysql://nowhere".to_string(),
        format!("postgres://postgres@127.0.0.1:{closed}/basalt"),
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_basalt"))
            .args(["serve", "--database-url", &url, "--http", "127.0.0.1:0"])
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(1), "{url}");
        let err = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<&str> = err.lines().filter(|l| l.starts_with("basalt: ")).collect();
        assert_eq!(lines.len(), 1, "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}
