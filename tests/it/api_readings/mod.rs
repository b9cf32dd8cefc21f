//! Packages, listings, applications and tokens under every documented reading of the API
//! (`publisher sandbox --reading ...`), and after answers lost once the server committed.
//!
//! One table: reading -> command -> outcome. Each row gets its own sandbox; a row's setup is
//! done against a sandbox playing the documented defaults, which is then restarted (same data)
//! with the row's readings and faults, so only the command under test meets them.

use std::time::Duration;

use crate::util::{Env, Sandbox, root, run};
use serde_json::Value;

mod cases;
mod checks;
mod lifecycle_cases;
use cases::cases;
use checks::*;

/// What exists before the command runs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Setup {
    Nothing,
    /// A package on listing 3047418 (its id replaces `{pkg}` in the command).
    Package,
    /// The same, validated.
    Validated,
    /// Listing 3047418 submitted and approved.
    Approved,
    /// Twelve new versions of the published listing: fifteen listings in all.
    ManyListings,
    /// The command runs once first (a token gets cached), then the token expires.
    TokenCached,
    /// `auth token` runs first: a valid token is cached.
    CachedValid,
    /// A valid token fetched by hand is given in `PUBLISHER_TOKEN`.
    GivenToken,
}

struct Out {
    code: i32,
    json: Value,
    stdout: String,
    err: String,
}

type Check = fn(&Out, &Value, u64) -> Result<(), String>;

struct Case {
    /// The row of the closing table: reading -> command -> outcome.
    row: &'static str,
    /// `--reading` values and other sandbox flags (faults) for the command under test.
    sandbox: &'static [&'static str],
    setup: Setup,
    /// Extra environment for the client.
    env: &'static [(&'static str, &'static str)],
    args: &'static [&'static str],
    code: i32,
    check: Check,
    /// Run in text mode (no `--output json`): the check reads `stdout`.
    text: bool,
    /// Requests the command may make to the sandbox, exactly (counted by `/sandbox/stats`).
    requests: Option<u64>,
}

const LV: &str = "3047418";
const CREATE: &[&str] = &["package", "create", LV, "@credential"];
const LOSE_5XX: &[&str] = &["--commit-fault-rate", "1", "--commit-fault", "5xx"];
const LOSE_RESET: &[&str] = &["--commit-fault-rate", "1", "--commit-fault", "reset"];

fn example(name: &str) -> String {
    let file = match name {
        "@credential" => "credential.json",
        "@datasource" => "datasource-alias.json",
        other => return other.to_string(),
    };
    root()
        .join("examples/packages")
        .join(file)
        .to_string_lossy()
        .into_owned()
}

fn client(env: &Env, sb: &Sandbox, extra_env: &[(&str, &str)], args: &[String], text: bool) -> Out {
    let mut c = env.client(sb);
    for (k, v) in extra_env {
        c.env(k, v);
    }
    if !text {
        c.arg("--output").arg("json");
    }
    c.args(args);
    let (code, out, err) = run(c);
    Out {
        code,
        json: serde_json::from_str(&out).unwrap_or(Value::Null),
        stdout: out,
        err,
    }
}

fn must(env: &Env, sb: &Sandbox, args: &[&str]) -> Value {
    let args: Vec<String> = args.iter().map(|a| example(a)).collect();
    let o = client(env, sb, &[], &args, false);
    assert_eq!(o.code, 0, "setup {args:?}: {}", o.err);
    o.json
}

/// Do the row's setup against a sandbox playing the defaults; returns the package id, if any.
fn set_up(env: &Env, setup: Setup) -> u64 {
    if matches!(
        setup,
        Setup::Nothing | Setup::TokenCached | Setup::CachedValid | Setup::GivenToken
    ) {
        return 0;
    }
    let sb = Sandbox::start(env, &[]);
    let mut pkg = 0;
    match setup {
        Setup::Package | Setup::Validated | Setup::Approved => {
            pkg = must(env, &sb, CREATE)["packageVersionId"]
                .as_u64()
                .expect("package id");
            if setup != Setup::Package {
                must(
                    env,
                    &sb,
                    &["package", "validate-remote", LV, &pkg.to_string()],
                );
            }
            if setup == Setup::Approved {
                must(env, &sb, &["application", "submit", LV]);
                let t = std::time::Instant::now();
                while listing_status(&sb.state(), 3047418) != "APPROVED" {
                    assert!(t.elapsed() < Duration::from_secs(30), "never approved");
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
        }
        Setup::ManyListings => {
            let token = sb.token();
            for _ in 0..12 {
                let (status, body) = sb.raw(
                    "POST",
                    "/appstore/publisher/v1/applications/359107/version",
                    &[
                        ("Authorization", &format!("Bearer {token}")),
                        ("X-Oracle-UserId", "ci@example.com"),
                    ],
                    b"",
                );
                assert_eq!(status, 201, "{body}");
            }
        }
        Setup::Nothing | Setup::TokenCached | Setup::CachedValid | Setup::GivenToken => {}
    }
    pkg
}

/// The table, as the closing note shows it: reading | command | outcome, one line per row.
fn table_markdown(rows: &[&str]) -> String {
    let mut md = String::from("| reading | command | outcome |\n|---|---|---|\n");
    for row in rows {
        let cells: Vec<String> = row
            .splitn(3, " -> ")
            .map(|c| c.replace('|', "\\|"))
            .collect();
        md.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    md
}

#[test]
fn every_reading_every_command() {
    let mut failures = vec![];
    let mut table = vec![];
    for case in cases() {
        let env = Env::new();
        let pkg = set_up(&env, case.setup);
        let sb = Sandbox::start(&env, case.sandbox);
        let args: Vec<String> = case
            .args
            .iter()
            .map(|a| a.replace("{pkg}", &pkg.to_string()))
            .map(|a| example(&a))
            .collect();
        let given: String;
        let mut extra_env: Vec<(&str, &str)> = case.env.to_vec();
        match case.setup {
            Setup::TokenCached => {
                let first = client(&env, &sb, case.env, &args, case.text);
                assert_eq!(first.code, 0, "{}: first run: {}", case.row, first.err);
                std::thread::sleep(Duration::from_millis(1500));
            }
            Setup::CachedValid => {
                let first = client(&env, &sb, case.env, &["auth".into(), "token".into()], true);
                assert_eq!(first.code, 0, "{}: auth token: {}", case.row, first.err);
            }
            Setup::GivenToken => {
                given = sb.token();
                extra_env.push(("PUBLISHER_TOKEN", &given));
            }
            _ => {}
        }
        let requests_before = sb.stats()["requests"].as_u64().unwrap_or(0);
        let out = client(&env, &sb, &extra_env, &args, case.text);
        let made = sb.stats()["requests"].as_u64().unwrap_or(0) - requests_before;
        if let Some(n) = case.requests
            && made != n
        {
            failures.push(format!("{}: {made} requests; wanted {n}", case.row));
        }
        let state = sb.state();
        let verdict = if out.code != case.code {
            Err(format!(
                "exit {} (wanted {}): {}",
                out.code,
                case.code,
                out.err.trim()
            ))
        } else {
            (case.check)(&out, &state, pkg)
        };
        if case.setup == Setup::TokenCached {
            let issued = sb.stats()["tokensIssued"].as_u64().unwrap_or(0);
            if issued != 2 {
                failures.push(format!(
                    "{}: {issued} tokens issued; wanted 2 (the expired one refetched once)",
                    case.row
                ));
            }
        }
        match verdict {
            Ok(()) => table.push(format!("ok    {}", case.row)),
            Err(e) => failures.push(format!("{}: {e}", case.row)),
        }
    }
    eprintln!("{}", table.join("\n"));
    // The closing note's table, written where a reviewer can pick it up.
    if let Ok(path) = std::env::var("API_READINGS_TABLE") {
        let rows: Vec<&str> = cases().iter().map(|c| c.row).collect();
        std::fs::write(&path, table_markdown(&rows)).expect("write the table");
    }
    eprintln!("{} rows", cases().len());
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// The cURL example of Create Application Package: `-H "Content-Type: application/json"` with
/// `-F` fields sends a multipart body labelled `application/json; boundary=...`.
/// <https://docs.oracle.com/en/cloud/marketplace/partner-portal/rest-api-publisher/op-publisher-v1-applications-listingversionid-packages-post.html>
#[test]
fn the_sandbox_takes_the_documented_curl_package_request() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let token = sb.token();
    let doc = std::fs::read(root().join("examples/packages/credential.json")).unwrap();
    let b = "------------------------d74496d66958873e";
    let mut body =
        format!("--{b}\r\nContent-Disposition: form-data; name=\"json\"\r\n\r\n").into_bytes();
    body.extend_from_slice(&doc);
    body.extend_from_slice(
        format!(
            "\r\n--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"marketplaceUi.jar\"\r\nContent-Type: application/octet-stream\r\n\r\nPK\x03\x04jar\r\n--{b}--\r\n"
        )
        .as_bytes(),
    );
    let ct = format!("application/json; boundary={b}");
    let (status, answer) = sb.raw(
        "POST",
        "/appstore/publisher/v1/applications/3047418/packages",
        &[
            ("Authorization", &format!("Bearer {token}")),
            ("X-Oracle-UserId", "partner-email"),
            ("Content-Type", &ct),
        ],
        &body,
    );
    assert_eq!(status, 201, "{answer}");
    assert!(answer.contains("entityId"), "{answer}");
    // Validate as the reference allows: XML, and the action capitalised as its text writes it.
    let id = serde_json::from_str::<Value>(&answer).unwrap()["entityId"]
        .as_str()
        .unwrap()
        .to_string();
    let (status, answer) = sb.raw(
        "PATCH",
        &format!("/appstore/publisher/v1/applications/3047418/packages/{id}"),
        &[
            ("Authorization", &format!("Bearer {token}")),
            ("X-Oracle-UserId", "partner-email"),
            ("Content-Type", "application/xml"),
        ],
        b"<request><action>Validate</action></request>",
    );
    assert_eq!(status, 200, "{answer}");
    assert_eq!(sb.state()["packages"][&id]["status"], "VALIDATED");
}

/// The image readings' keys: their table is `sandbox_readings.rs`. Every other key that
/// `publisher sandbox --list-readings` prints belongs to this table.
const IMAGE_KEYS: &[&str] = &[
    "status-before-merge",
    "chunk-answer",
    "repost",
    "initiate-data",
    "merge",
    "checksum",
    "final-status",
    "arrays",
    "creation",
    "unknown-request",
    "chunk-expiry",
];

/// Completeness: every value of every API reading the sandbox lists is played by some row.
#[test]
fn every_api_reading_has_a_row() {
    let env = Env::new();
    let mut c = env.cmd();
    c.args(["sandbox", "--list-readings"]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let played: Vec<String> = cases()
        .iter()
        .flat_map(|c| c.sandbox.iter().map(|a| a.to_string()))
        .collect();
    let mut keys = vec![];
    let mut missing = vec![];
    for line in out.lines() {
        let Some((key, values)) = line.split_once(": ") else {
            continue;
        };
        keys.push(key.to_string());
        if IMAGE_KEYS.contains(&key) {
            continue;
        }
        for value in values.split(" | ") {
            let switch = format!("{key}={value}");
            if !played.contains(&switch) {
                missing.push(switch);
            }
        }
    }
    for k in IMAGE_KEYS {
        assert!(keys.iter().any(|x| x == k), "{k} is no longer a reading");
    }
    assert!(
        keys.len() > IMAGE_KEYS.len(),
        "no API readings listed: {out}"
    );
    assert!(missing.is_empty(), "readings without a row: {missing:?}");
}
