//! Shared test helpers: an isolated environment and a `publisher sandbox` child on 127.0.0.1:0.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

/// The repository root (examples, corpus, golden files).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_publisher"))
}

/// A temp home: config, cache and data dirs that no other test shares.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Default for Env {
    fn default() -> Env {
        Env::new()
    }
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub fn path(&self, p: &str) -> PathBuf {
        self.dir.path().join(p)
    }

    /// `publisher` with isolated state and no inherited publisher settings.
    pub fn cmd(&self) -> Command {
        let mut c = Command::new(bin());
        for (k, _) in std::env::vars() {
            if k.starts_with("PUBLISHER_") {
                c.env_remove(k);
            }
        }
        c.env("PUBLISHER_CONFIG", self.path("config.toml"))
            .env("PUBLISHER_CACHE_DIR", self.path("cache"))
            .env("PUBLISHER_DATA_DIR", self.path("data"))
            .env_remove("CI")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null());
        c
    }

    /// Run `publisher --output json ARGS` against `sb`; it must succeed. Returns the JSON result.
    pub fn ok_json(&self, sb: &Sandbox, args: &[&str]) -> Value {
        let mut c = self.client(sb);
        c.arg("--output").arg("json").args(args);
        let (code, out, err) = run(c);
        assert_eq!(code, 0, "{args:?}: {err}");
        json(&out)
    }

    /// A command already pointed at `sb` with valid credentials.
    pub fn client(&self, sb: &Sandbox) -> Command {
        let mut c = self.cmd();
        c.env("PUBLISHER_ENDPOINT", &sb.url)
            .env("PUBLISHER_USER", "ci@example.com")
            .env("PUBLISHER_CLIENT_ID", "sandbox-client")
            .env("PUBLISHER_CLIENT_SECRET", SECRET);
        c
    }

    /// Write `len` pseudo-random bytes to `name` and return (path, md5 hex).
    pub fn random_file(&self, name: &str, len: usize, seed: u64) -> (PathBuf, String) {
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut data = vec![0u8; len];
        rng.fill(&mut data);
        let p = self.path(name);
        std::fs::write(&p, &data).expect("write");
        (p, md5_hex(&data))
    }
}

pub const SECRET: &str = "s3cr3t-sandbox-value";

pub fn md5_hex(data: &[u8]) -> String {
    use md5::Digest;
    md5::Md5::digest(data)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn md5_file(p: &Path) -> String {
    md5_hex(&std::fs::read(p).expect("read"))
}

/// A `publisher sandbox` child process; killed on drop.
pub struct Sandbox {
    pub child: Child,
    pub url: String,
    pub data: PathBuf,
}

impl Sandbox {
    pub fn start(env: &Env, extra: &[&str]) -> Sandbox {
        Self::start_on(env, "0", extra)
    }

    pub fn start_on(env: &Env, port: &str, extra: &[&str]) -> Sandbox {
        let data = env.path("sandbox-data");
        let mut child = env
            .cmd()
            .args(["sandbox", "--port", port, "--data-dir"])
            .arg(&data)
            .args(if extra.contains(&"--processing-ms") {
                &[][..]
            } else {
                &["--processing-ms", "50"][..]
            })
            .args(extra)
            .env("PUBLISHER_SANDBOX_SECRET", SECRET)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn sandbox");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("sandbox url");
        let url = line.trim().to_string();
        assert!(
            url.starts_with("http://127.0.0.1:"),
            "sandbox printed {url:?}"
        );
        Sandbox { child, url, data }
    }

    pub fn port(&self) -> String {
        self.url.rsplit(':').next().unwrap_or("0").to_string()
    }

    /// GET a path on the sandbox with a plain HTTP/1.0 request (no client code involved).
    pub fn raw_get(&self, path: &str) -> (u16, String) {
        self.raw("GET", path, &[], b"")
    }

    /// Any request, by hand (HTTP/1.0, body as given): for what the client would never send.
    pub fn raw(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> (u16, String) {
        let addr = self.url.trim_start_matches("http://");
        let mut s = std::net::TcpStream::connect(addr).expect("connect");
        let mut head = format!(
            "{method} {path} HTTP/1.0\r\nHost: {addr}\r\nContent-Length: {}\r\n",
            body.len()
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        s.write_all(head.as_bytes()).expect("write");
        s.write_all(body).expect("write body");
        let mut buf = String::new();
        s.read_to_string(&mut buf).expect("read");
        let status = buf
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let body = buf.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
        (status, body)
    }

    /// A bearer token from the sandbox, fetched by hand.
    pub fn token(&self) -> String {
        use base64::Engine;
        let basic =
            base64::engine::general_purpose::STANDARD.encode(format!("sandbox-client:{SECRET}"));
        let (status, body) = self.raw(
            "GET",
            "/appstore/publisher/v1/authenticate",
            &[("Authorization", &format!("Basic {basic}"))],
            b"",
        );
        assert_eq!(status, 200, "{body}");
        let v: Value = serde_json::from_str(&body).expect("token json");
        v["access_token"]
            .as_str()
            .expect("access_token")
            .to_string()
    }

    /// Wait until the (first) upload request has `n` chunks acknowledged (60 s at most).
    pub fn wait_for_chunks(&self, n: usize) {
        let t = std::time::Instant::now();
        loop {
            let acked = self.state()["images"]
                .as_object()
                .and_then(|m| m.values().next().cloned())
                .map(|r| r["chunks"].as_object().map(|c| c.len()).unwrap_or(0))
                .unwrap_or(0);
            if acked >= n {
                return;
            }
            assert!(
                t.elapsed() < std::time::Duration::from_secs(60),
                "upload made no progress"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    pub fn stats(&self) -> Value {
        serde_json::from_str(&self.raw_get("/sandbox/stats").1).expect("stats json")
    }

    /// The sandbox's persisted state (read straight from its data dir).
    pub fn state(&self) -> Value {
        serde_json::from_slice(&std::fs::read(self.data.join("state.json")).expect("state"))
            .expect("json")
    }

    pub fn stored_image(&self, id: u64) -> PathBuf {
        self.data.join("images").join(id.to_string()).join("image")
    }

    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Run and return (exit code, stdout, stderr).
pub fn run(mut c: Command) -> (i32, String, String) {
    let out = c.output().expect("run publisher");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

pub fn json(stdout: &str) -> Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {stdout}"))
}
