//! A raw HTTP client for `publisher sandbox` children: plain reqwest calls shaped from the API
//! docs, with no client code involved (tests of the sandbox must not share the client's
//! assumptions).

use std::time::{Duration, Instant};

use base64::Engine;
use reqwest::multipart::{Form, Part};
use reqwest::{Method, RequestBuilder};
use serde_json::Value;

use crate::util::{Env, Sandbox, md5_hex};

pub const META: &str = r#"{"application":"img","version":"1.0","operatingSystem":"linux","overwriteStorageFile":true}"#;
pub const UNKNOWN: u64 = 9_999_999;

pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.body))
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }
}

/// A sandbox child with the given switches, and a raw HTTP client for it.
pub struct Api {
    rt: tokio::runtime::Runtime,
    http: reqwest::Client,
    env: Env,
    args: Vec<String>,
    pub sb: Sandbox,
    pub token: String,
}

impl Api {
    pub fn start(args: &[&str]) -> Api {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let env = Env::new();
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let sb = Sandbox::start(&env, &args.iter().map(String::as_str).collect::<Vec<_>>());
        let token = sb.token();
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        Api {
            rt,
            http: reqwest::Client::new(),
            env,
            args,
            sb,
            token,
        }
    }

    /// Kill the sandbox and start it again on the same data dir.
    pub fn restart(&mut self) {
        self.sb.stop();
        let args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        self.sb = Sandbox::start(&self.env, &args);
        self.token = self.sb.token();
    }

    pub fn req(&self, method: Method, path: &str) -> RequestBuilder {
        self.http
            .request(
                method,
                format!("{}/appstore/publisher/v1{path}", self.sb.url),
            )
            .bearer_auth(&self.token)
            .header("X-Oracle-UserId", "ci@example.com")
    }

    pub fn try_send(&self, rb: RequestBuilder) -> Result<Resp, reqwest::Error> {
        self.rt.block_on(async {
            let r = rb.send().await?;
            let status = r.status().as_u16();
            let headers = r.headers().clone();
            let body = r.text().await?;
            Ok(Resp {
                status,
                headers,
                body,
            })
        })
    }

    /// Send all at once (concurrently), in order of the answers' requests.
    pub fn send_all(&self, rbs: Vec<RequestBuilder>) -> Vec<Resp> {
        let reqs = rbs.into_iter().map(|rb| async {
            let r = rb.send().await.expect("request");
            let status = r.status().as_u16();
            let headers = r.headers().clone();
            let body = r.text().await.expect("body");
            Resp {
                status,
                headers,
                body,
            }
        });
        self.rt.block_on(futures_util::future::join_all(reqs))
    }

    pub fn whole_rb(&self, data: &[u8]) -> RequestBuilder {
        let form = Form::new()
            .text("json", META)
            .part("file", Part::bytes(data.to_vec()).file_name("img.bin"));
        self.req(Method::POST, "/machineimages")
            .header("X-File-Name", "img.bin")
            .multipart(form)
    }

    pub fn send(&self, rb: RequestBuilder) -> Resp {
        self.try_send(rb).expect("request")
    }

    pub fn whole(&self, data: &[u8]) -> Resp {
        self.send(self.whole_rb(data))
    }

    pub fn initiate_rb(&self, n: u64, first: Option<&[u8]>) -> RequestBuilder {
        let mut form = Form::new().text("json", META).text("uploadType", "Chunk");
        if let Some(d) = first {
            form = form.part("file", Part::bytes(d.to_vec()).file_name("img.bin"));
        }
        self.req(Method::POST, "/machineimages")
            .header("X-File-Name", "img.bin")
            .header("X-Number-Of-Chunks", n.to_string())
            .multipart(form)
    }

    pub fn initiate(&self, n: u64, first: Option<&[u8]>) -> Resp {
        self.send(self.initiate_rb(n, first))
    }

    /// Initiate and return the new id (the acknowledgement's entityId).
    pub fn new_request(&self, n: u64) -> u64 {
        let r = self.initiate(n, None);
        assert_eq!(r.status, 200, "{}", r.body);
        entity(&r)
    }

    pub fn chunk(&self, id: u64, n: u64, data: &[u8]) -> Resp {
        let form = Form::new().part("file", Part::bytes(data.to_vec()).file_name("img.bin"));
        self.send(
            self.req(Method::POST, &format!("/machineimages/{id}/chunk"))
                .header("X-File-Name", "img.bin")
                .header("X-Chunk-Number", n.to_string())
                .header("X-MD5-Checksum", md5_hex(data))
                .multipart(form),
        )
    }

    pub fn merge_rb(&self, id: u64) -> RequestBuilder {
        self.req(Method::PATCH, &format!("/machineimages/{id}"))
            .multipart(Form::new().text("action", "upload"))
    }

    pub fn merge(&self, id: u64) -> Resp {
        self.send(self.merge_rb(id))
    }

    pub fn status(&self, id: u64) -> Value {
        let r = self.send(self.req(Method::GET, &format!("/machineimages/{id}")));
        assert_eq!(r.status, 200, "{}", r.body);
        r.json()
    }

    /// Poll the status until `done` holds (10 s at most).
    pub fn wait(&self, id: u64, done: impl Fn(&Value) -> bool) -> Value {
        let t = Instant::now();
        loop {
            let v = self.status(id);
            if done(&v) {
                return v;
            }
            assert!(t.elapsed() < Duration::from_secs(10), "stuck at {v}");
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    pub fn completed(&self, id: u64) -> Value {
        self.wait(id, |v| v["statusName"] == "Completed")
    }

    /// The one entry of `GET /sandbox/images` (asserting there is exactly one).
    pub fn image(&self) -> Value {
        let (code, body) = self.sb.raw_get("/sandbox/images");
        assert_eq!(code, 200, "{body}");
        let v: Value = serde_json::from_str(&body).expect("json");
        let all = v["images"].as_array().expect("images").clone();
        assert_eq!(all.len(), 1, "exactly one upload request: {v}");
        all[0].clone()
    }
}

pub fn entity(r: &Resp) -> u64 {
    r.json()["entityId"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no entityId in {}", r.body))
}

pub fn data(seed: u64, len: usize) -> Vec<u8> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut d = vec![0u8; len];
    rng.fill(&mut d);
    d
}

pub fn b64(hex: &str) -> String {
    let bytes: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// (uploadedChunks, pendingChunks) of a status or chunk answer.
pub fn counts(v: &Value) -> (u64, u64) {
    let n = |k: &str| v[k].as_u64().unwrap_or_else(|| panic!("no {k} in {v}"));
    (n("uploadedChunks"), n("pendingChunks"))
}

/// One row of a table-driven test: name, sandbox switches, check.
pub type Case = (&'static str, &'static [&'static str], fn(&[&str]));

/// Run every row (each against its own sandbox), then fail once, listing every failed row.
pub fn run_table(cases: &[Case]) {
    let mut failed = Vec::new();
    for (name, args, check) in cases {
        let t = Instant::now();
        if let Err(e) = std::panic::catch_unwind(|| check(args)) {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failed.push(format!("{name}: {msg}"));
        }
        eprintln!("{name}: {:?}", t.elapsed());
    }
    assert!(
        failed.is_empty(),
        "{} of {} cases failed:\n{}",
        failed.len(),
        cases.len(),
        failed.join("\n")
    );
}
