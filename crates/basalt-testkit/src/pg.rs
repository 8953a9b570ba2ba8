//! A throwaway PostgreSQL 15 cluster for tests: `initdb` into a temp dir,
//! `pg_ctl start` on a free loopback port (fsync off), one database per
//! test through [`PgCluster::create_db`]. As root (CI), the cluster's
//! files belong to `postgres` and its commands run through `runuser`, since
//! `initdb` refuses root. [`shared`] starts one cluster per test binary; a
//! tiny watchdog process stops it once the test process is gone.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// Where PostgreSQL 15's binaries are unless `BASALT_PG_BIN` says otherwise.
const DEFAULT_BIN: &str = "/usr/lib/postgresql/15/bin";

/// A running PostgreSQL cluster in a temp dir; dropping it stops the server
/// and removes the dir.
pub struct PgCluster {
    /// `postgres://postgres@127.0.0.1:PORT/postgres`.
    pub url: String,
    pub port: u16,
    dir: tempfile::TempDir,
    bin: PathBuf,
    as_postgres: bool,
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local addr").port()
}

fn describe(out: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

impl PgCluster {
    /// Initialises and starts a new cluster. Panics with a clear message
    /// when PostgreSQL 15 is not installed or the server does not start.
    pub fn start() -> PgCluster {
        let bin = std::env::var_os("BASALT_PG_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(DEFAULT_BIN));
        if !bin.join("initdb").exists() || !bin.join("pg_ctl").exists() {
            panic!(
                "PostgreSQL 15 binaries are required for the PostgreSQL tests: none in {} \
                 (install postgresql-15 or set BASALT_PG_BIN)",
                bin.display()
            );
        }
        let dir = tempfile::Builder::new()
            .prefix("basalt-pg-")
            .tempdir_in("/tmp")
            .expect("create a temp dir for PostgreSQL");
        set_mode_755(dir.path());
        let as_postgres = is_root();
        if as_postgres {
            let out = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir.path())
                .output()
                .expect("run chown");
            assert!(out.status.success(), "chown failed: {}", describe(&out));
        }
        let port = free_port();
        let cluster = PgCluster {
            url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
            port,
            dir,
            bin,
            as_postgres,
        };
        let data = cluster.data_dir();
        let out = cluster.run(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        );
        assert!(out.status.success(), "initdb failed: {}", describe(&out));
        cluster.restart_start();
        cluster
    }

    fn data_dir(&self) -> String {
        self.dir.path().join("data").display().to_string()
    }

    /// Runs one of the cluster's programs (as `postgres` when we are root).
    fn run(&self, program: &str, args: &[&str]) -> Output {
        let path = self.bin.join(program);
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(&path);
            c
        } else {
            Command::new(&path)
        };
        cmd.args(args)
            .current_dir(self.dir.path())
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", path.display()))
    }

    /// The URL of database `name` in this cluster.
    pub fn db_url(&self, name: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }

    /// Creates database `name` and returns its URL.
    pub fn create_db(&self, name: &str) -> String {
        let psql = self.bin.join("psql");
        let out = Command::new(&psql)
            .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-U"])
            .args(["postgres", "-d", "postgres", "-p", &self.port.to_string()])
            .arg("-c")
            .arg(format!("CREATE DATABASE \"{}\"", name.replace('"', "\"\"")))
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", psql.display()));
        assert!(
            out.status.success(),
            "CREATE DATABASE {name} failed: {}",
            describe(&out)
        );
        self.db_url(name)
    }

    /// Stops the server (fast shutdown), to simulate an outage.
    pub fn stop(&self) {
        let data = self.data_dir();
        let out = self.run("pg_ctl", &["-D", &data, "-m", "fast", "-w", "stop"]);
        assert!(
            out.status.success(),
            "pg_ctl stop failed: {}",
            describe(&out)
        );
    }

    /// Starts the server (again) on the same port.
    pub fn restart_start(&self) {
        let data = self.data_dir();
        let dir = self.dir.path().display().to_string();
        let log = self.dir.path().join("log").display().to_string();
        let options = format!(
            "-p {} -k {dir} -c listen_addresses=127.0.0.1 -c fsync=off \
             -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
            self.port
        );
        let out = self.run(
            "pg_ctl",
            &[
                "-D", &data, "-o", &options, "-w", "-t", "60", "-l", &log, "start",
            ],
        );
        if !out.status.success() {
            let server_log = std::fs::read_to_string(&log).unwrap_or_default();
            panic!(
                "pg_ctl start failed: {}\nserver log:\n{server_log}",
                describe(&out)
            );
        }
    }

    /// Stops the server once `pid` has exited (and removes the cluster's
    /// dir), from a background shell that outlives nothing but `pid`.
    fn watch(&self, pid: u32) {
        let pg_ctl = self.bin.join("pg_ctl").display().to_string();
        let dir = self.dir.path().display().to_string();
        let script = format!(
            "while [ -d /proc/{pid} ]; do sleep 1; done; \
             '{pg_ctl}' -D '{dir}/data' -m immediate stop >/dev/null 2>&1; rm -rf '{dir}'"
        );
        let mut cmd = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--", "sh", "-c", &script]);
            c
        } else {
            let mut c = Command::new("sh");
            c.args(["-c", &script]);
            c
        };
        let spawned = cmd
            .current_dir("/")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        if let Err(e) = spawned {
            eprintln!("cannot start the PostgreSQL watchdog: {e}");
        }
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let data = self.data_dir();
        if Path::new(&data).join("postmaster.pid").exists() {
            let _ = self.run("pg_ctl", &["-D", &data, "-m", "immediate", "-w", "stop"]);
        }
    }
}

fn set_mode_755(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .expect("chmod the PostgreSQL temp dir");
}

/// One cluster for the whole test binary, started on first use and stopped
/// by a watchdog once the test process exits.
pub fn shared() -> &'static PgCluster {
    static SHARED: OnceLock<PgCluster> = OnceLock::new();
    SHARED.get_or_init(|| {
        let cluster = PgCluster::start();
        cluster.watch(std::process::id());
        cluster
    })
}

/// A new, uniquely named database in the shared cluster; its URL.
pub fn fresh_db_url() -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    shared().create_db(&format!("t_{}_{n}", std::process::id()))
}
