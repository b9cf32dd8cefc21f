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
use cases::cases;

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
}

struct Out {
    code: i32,
    json: Value,
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
}

const LV: &str = "3047418";

fn packages_of(state: &Value, lv: u64) -> Vec<(u64, Value)> {
    state["packages"]
        .as_object()
        .map(|m| {
            m.iter()
                .filter(|(_, p)| p["listingVersionId"] == lv)
                .map(|(k, p)| (k.parse().unwrap_or(0), p.clone()))
                .collect()
        })
        .unwrap_or_default()
}

macro_rules! ensure {
    ($cond:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err(format!($($fmt)+));
        }
    };
}

/// Exactly one package on the listing, and it is the id the command printed.
fn one_package_printed(o: &Out, st: &Value, _: u64) -> Result<(), String> {
    let pk = packages_of(st, 3047418);
    ensure!(
        pk.len() == 1,
        "expected exactly one package, found {}",
        pk.len()
    );
    ensure!(
        o.json["packageVersionId"].as_u64() == Some(pk[0].0),
        "printed {} but the package is {}",
        o.json["packageVersionId"],
        pk[0].0
    );
    Ok(())
}

fn package_status(st: &Value, pkg: u64) -> String {
    st["packages"][pkg.to_string()]["status"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

fn validated(_: &Out, st: &Value, pkg: u64) -> Result<(), String> {
    ensure!(
        package_status(st, pkg) == "VALIDATED",
        "status {}",
        package_status(st, pkg)
    );
    Ok(())
}

fn says_validation_failed(o: &Out, st: &Value, pkg: u64) -> Result<(), String> {
    ensure!(
        o.err.to_lowercase().contains("validation failed") || o.err.contains("VALIDATION_FAILED"),
        "stderr: {}",
        o.err
    );
    ensure!(
        package_status(st, pkg) != "VALIDATED",
        "the package is VALIDATED"
    );
    Ok(())
}

fn still_validating(o: &Out, _: &Value, _: u64) -> Result<(), String> {
    ensure!(o.err.contains("VALIDATING"), "stderr: {}", o.err);
    Ok(())
}

fn lists_the_package(o: &Out, _: &Value, pkg: u64) -> Result<(), String> {
    let items = o.json["items"].as_array().cloned().unwrap_or_default();
    ensure!(items.len() == 1, "items: {}", o.json);
    ensure!(items[0]["id"].as_u64() == Some(pkg), "id: {}", items[0]);
    ensure!(items[0]["version"].is_string(), "no version: {}", items[0]);
    ensure!(items[0]["name"].is_string(), "no name: {}", items[0]);
    Ok(())
}

fn items(o: &Out) -> Vec<Value> {
    o.json["items"].as_array().cloned().unwrap_or_default()
}

fn only_published(o: &Out, _: &Value, _: u64) -> Result<(), String> {
    let it = items(o);
    ensure!(
        it.len() == 1 && it[0]["status"]["code"] == "PUBLISHED",
        "items: {}",
        o.json
    );
    Ok(())
}

fn only_published_filtered_here(o: &Out, st: &Value, p: u64) -> Result<(), String> {
    only_published(o, st, p)?;
    ensure!(
        o.err.contains("did not apply the status filter"),
        "-v does not say the filter was applied here: {}",
        o.err
    );
    Ok(())
}

fn all_fifteen(o: &Out, _: &Value, _: u64) -> Result<(), String> {
    let it = items(o);
    let mut ids: Vec<_> = it.iter().map(|l| l["listingVersionId"].clone()).collect();
    ids.sort_by_key(|v| v.to_string());
    ids.dedup();
    ensure!(
        it.len() == 15 && ids.len() == 15,
        "{} items, {} distinct",
        it.len(),
        ids.len()
    );
    Ok(())
}

fn ten(o: &Out, _: &Value, _: u64) -> Result<(), String> {
    ensure!(items(o).len() == 10, "{} items", items(o).len());
    Ok(())
}

fn checked(o: &Out, _: &Value, _: u64) -> Result<(), String> {
    ensure!(o.json["checked"] == true, "{}", o.json);
    ensure!(o.json["check"]["request"].is_string(), "{}", o.json);
    Ok(())
}

fn checked_short_life(o: &Out, st: &Value, p: u64) -> Result<(), String> {
    checked(o, st, p)?;
    let left = o.json["tokenExpiresInSeconds"].as_u64().unwrap_or(u64::MAX);
    ensure!(
        left <= 600,
        "a token without expires_in cached for {left} s"
    );
    Ok(())
}

fn check_failed(o: &Out, _: &Value, _: u64) -> Result<(), String> {
    ensure!(o.err.contains("GET /listings"), "stderr: {}", o.err);
    Ok(())
}

fn ok(_: &Out, _: &Value, _: u64) -> Result<(), String> {
    Ok(())
}

fn listing_status(st: &Value, lv: u64) -> String {
    st["listings"][lv.to_string()]["status"]
        .as_str()
        .unwrap_or("")
        .to_string()
}

fn submitted(o: &Out, st: &Value, _: u64) -> Result<(), String> {
    let s = listing_status(st, 3047418);
    ensure!(s == "PENDING_REVIEW" || s == "APPROVED", "listing is {s}");
    ensure!(o.json["reconciled"] == true, "{}", o.json);
    Ok(())
}

fn published(o: &Out, st: &Value, _: u64) -> Result<(), String> {
    ensure!(listing_status(st, 3047418) == "PUBLISHED", "not published");
    ensure!(o.json["reconciled"] == true, "{}", o.json);
    Ok(())
}

fn withdrawn(o: &Out, st: &Value, _: u64) -> Result<(), String> {
    let s = listing_status(st, 359107);
    ensure!(s != "PUBLISHED" && !s.is_empty(), "listing is {s}");
    ensure!(o.json["reconciled"] == true, "{}", o.json);
    Ok(())
}

fn one_version(o: &Out, st: &Value, _: u64) -> Result<(), String> {
    let versions: Vec<u64> = st["listings"]
        .as_object()
        .map(|m| {
            m.values()
                .filter(|l| l["versionOf"] == 359107)
                .filter_map(|l| l["listingVersionId"].as_u64())
                .collect()
        })
        .unwrap_or_default();
    ensure!(versions.len() == 1, "{} new versions", versions.len());
    ensure!(
        o.json["listingVersionId"].as_u64() == Some(versions[0]),
        "printed {}",
        o.json
    );
    Ok(())
}

const CREATE: &[&str] = &["package", "create", LV, "@credential"];
const LOSE_5XX: &[&str] = &["--commit-fault-rate", "1", "--commit-fault", "5xx"];
const LOSE_RESET: &[&str] = &["--commit-fault-rate", "1", "--commit-fault", "reset"];

fn deleted(o: &Out, st: &Value, _: u64) -> Result<(), String> {
    let n = packages_of(st, 3047418).len();
    ensure!(n == 0, "{n} packages left");
    ensure!(o.json["deleted"].is_u64(), "{}", o.json);
    Ok(())
}

/// With twelve earlier versions, exactly one more appeared and it is the one printed.
fn one_new_of_many(o: &Out, st: &Value, _: u64) -> Result<(), String> {
    let n = st["listings"]
        .as_object()
        .map(|m| m.values().filter(|l| l["versionOf"] == 359107).count())
        .unwrap_or(0);
    ensure!(n == 13, "{n} versions (12 before)");
    ensure!(o.json["listingVersionId"].is_u64(), "{}", o.json);
    Ok(())
}

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

fn client(env: &Env, sb: &Sandbox, extra_env: &[(&str, &str)], args: &[String]) -> Out {
    let mut c = env.client(sb);
    for (k, v) in extra_env {
        c.env(k, v);
    }
    c.arg("--output").arg("json").args(args);
    let (code, out, err) = run(c);
    Out {
        code,
        json: serde_json::from_str(&out).unwrap_or(Value::Null),
        err,
    }
}

fn must(env: &Env, sb: &Sandbox, args: &[&str]) -> Value {
    let args: Vec<String> = args.iter().map(|a| example(a)).collect();
    let o = client(env, sb, &[], &args);
    assert_eq!(o.code, 0, "setup {args:?}: {}", o.err);
    o.json
}

/// Do the row's setup against a sandbox playing the defaults; returns the package id, if any.
fn set_up(env: &Env, setup: Setup) -> u64 {
    if matches!(setup, Setup::Nothing | Setup::TokenCached) {
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
        Setup::Nothing | Setup::TokenCached => {}
    }
    pkg
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
        if case.setup == Setup::TokenCached {
            let first = client(&env, &sb, case.env, &args);
            assert_eq!(first.code, 0, "{}: first run: {}", case.row, first.err);
            std::thread::sleep(Duration::from_millis(1500));
        }
        let out = client(&env, &sb, case.env, &args);
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
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// The cURL example of Create Application Package: `-H "Content-Type: application/json"` with
/// `-F` fields sends a multipart body labelled `application/json; boundary=...`.
/// <https://docs.oracle.com/en/cloud/marketplace/partner-portal/rest-api-publisher/op-publisher-v1-applications-listingversionid-packages-post.html>
#[test]
fn the_sandbox_takes_the_seed_curl_package_request() {
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
