//! Uploads under every documented reading of the API the sandbox can play.
//!
//! The table is the sandbox's own list (`publisher sandbox --list-readings`), so a reading added
//! there is covered here without editing this file. Each reading runs five flows: a fresh
//! chunked upload, a `kill -9` mid-upload then a rerun (across a sandbox restart), a chunked
//! upload with faults before and after the server commits, a fresh whole-file upload, and a
//! whole-file upload whose every answer is lost after the commit. The rows about unknown
//! requests also run a rerun after the server forgot the request. Every cell must end
//! byte-exact on the server with exactly one upload request, or with the documented exit code
//! where the server itself refuses.

use std::time::{Duration, Instant};

use crate::util::{Env, Sandbox, json, run};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Fresh,
    KillAndRerun,
    Faults,
    Whole,
    WholeFaults,
    /// Killed mid-upload, then the server forgets the request before the rerun.
    Wiped,
}

/// What a cell may end in: exit 0 (verified, one request, byte-exact), or a refusal by the
/// server itself with the documented exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Verified,
    Refused(i32),
    /// The server may refuse, depending on where a fault lands.
    VerifiedOrRefused(i32),
    /// Nothing proves what the server holds: the client stops with this code and creates
    /// nothing.
    Stopped(i32),
}

fn expect(key: &str, value: &str, flow: Flow) -> Expect {
    if repeats_may_spoil(key, value, flow) {
        return Expect::VerifiedOrRefused(6);
    }
    match (key, value, flow) {
        // Processing ends in a failure word: exit 6 with the server's words.
        ("final-status", "scan-failed", _) => Expect::Refused(6),
        // The status of a forgotten request keeps answering 500 and the search lists nothing:
        // no evidence either way, so no new request (exit 5, rerun later).
        ("unknown-request", "500", Flow::Wiped) => Expect::Stopped(5),
        _ => Expect::Verified,
    }
}

/// A repeated chunk counted twice makes that request unmergeable; only a repeat (after a
/// kill or a lost answer) triggers it, never a fresh chunked run or a whole-file upload.
fn repeats_may_spoil(key: &str, value: &str, flow: Flow) -> bool {
    let count_twice = key == "repost" && value == "count-twice"
        || value.is_empty() && key.contains("repost=count-twice");
    count_twice && matches!(flow, Flow::KillAndRerun | Flow::Faults)
}

/// Rows where a request may legitimately be deleted and replaced: one the server can never
/// merge (counted a repeat twice, or lost the first chunk only the initiate call carried).
fn replacement_expected(key: &str, value: &str, flow: Flow) -> bool {
    let row = format!("{key}={value},");
    repeats_may_spoil(key, value, flow)
        || (row.contains("initiate-data=required")
            && row.contains("chunk-expiry=on-restart")
            && flow == Flow::KillAndRerun)
}

/// The reading's status carries a whole-file checkSum once the image is stored.
fn gives_checksum(key: &str, value: &str) -> bool {
    let row = format!("{key}={value},");
    !row.contains("checksum=absent")
}

/// `(key, value)` for every reading, defaults included once as ("", "").
fn readings() -> Vec<(String, String)> {
    let env = Env::new();
    let (code, out, err) = run({
        let mut c = env.cmd();
        c.args(["sandbox", "--list-readings"]);
        c
    });
    assert_eq!(code, 0, "{err}");
    let mut all = vec![(String::new(), String::new())];
    for line in out.lines() {
        let (key, values) = line.split_once(": ").expect("key: values");
        // The first value is the default, covered by the ("", "") row.
        for v in values.split(" | ").skip(1) {
            all.push((key.to_string(), v.trim().to_string()));
        }
    }
    assert!(all.len() > 10, "the sandbox lists its readings: {out}");
    // Readings together, where one answer depends on another.
    for combo in [
        "initiate-data=required,chunk-expiry=on-restart",
        "initiate-data=required,repost=reject",
        "repost=reject,checksum=absent",
        "repost=count-twice,checksum=absent",
        "status-before-merge=IN-PROGESS,merge=second-400,creation=location-201,arrays=null",
    ] {
        all.push((combo.to_string(), String::new()));
    }
    all
}

/// `--reading` switches for a row: one `key=value`, or a comma-separated combination in `key`.
fn reading_args(key: &str, value: &str) -> Vec<String> {
    if key.is_empty() {
        return vec![];
    }
    if value.is_empty() {
        return key
            .split(',')
            .flat_map(|kv| ["--reading".to_string(), kv.to_string()])
            .collect();
    }
    vec!["--reading".into(), format!("{key}={value}")]
}

/// The sandbox's record of every upload request (test-only, fault-free endpoint).
fn images(sb: &Sandbox) -> Vec<Value> {
    let (status, body) = sb.raw_get("/sandbox/images");
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).expect("images json");
    v["images"].as_array().cloned().unwrap_or_default()
}

/// `image upload` of `file`: in `chunks` chunks, or whole when None.
fn upload_cmd(
    env: &Env,
    sb: &Sandbox,
    file: &std::path::Path,
    chunks: Option<&str>,
) -> std::process::Command {
    let mut c = env.client(sb);
    c.args([
        "--output",
        "json",
        "--timeout",
        "3",
        "--retries",
        "8",
        "image",
        "upload",
    ]);
    match chunks {
        Some(n) => c.args(["--chunks", n, "--parallel", "3"]),
        None => c.arg("--whole"),
    };
    c.args(["--wait", "60"]).arg(file);
    c
}

/// A cell's run and what it is judged against.
struct Cell<'a> {
    name: String,
    key: &'a str,
    value: &'a str,
    flow: Flow,
    file_name: &'a str,
    md5: &'a str,
}

fn check(c: &Cell, (code, out, err): (i32, String, String), sb: &Sandbox) -> String {
    let want = expect(c.key, c.value, c.flow);
    let cell = &c.name;
    let all: Vec<Value> = images(sb)
        .into_iter()
        .filter(|i| i["fileName"] == c.file_name)
        .collect();
    // A request the server can never merge is deleted and replaced, where that is expected:
    // count the live ones there, every one elsewhere.
    let replaced = replacement_expected(c.key, c.value, c.flow);
    let ours: Vec<Value> = all
        .iter()
        .filter(|i| !replaced || i["status"] != "Deleted")
        .cloned()
        .collect();
    if let Expect::Stopped(stop) = want {
        assert_eq!(code, stop, "{cell}\n{err}");
        assert!(ours.is_empty(), "{cell}: nothing created, got {ours:?}");
        let e = json(&out);
        assert_eq!(e["error"]["exit"], code, "{cell}: {out}");
        return format!("exit {code} (no evidence; nothing created)");
    }
    assert_eq!(
        ours.len(),
        1,
        "{cell}: exactly one upload request, got {all:?}\n{err}"
    );
    let verified = code == 0;
    match want {
        Expect::Verified => assert!(verified, "{cell}: exit {code}\n{err}"),
        Expect::Refused(c) => assert_eq!(code, c, "{cell}\n{err}"),
        Expect::VerifiedOrRefused(c) => {
            assert!(verified || code == c, "{cell}: exit {code}\n{err}")
        }
        Expect::Stopped(_) => unreachable!("handled above"),
    }
    if verified {
        let r = json(&out);
        // With a server checksum, nothing less than comparing it will do.
        let wanted = if gives_checksum(c.key, c.value) {
            "md5"
        } else {
            "chunks"
        };
        assert_eq!(r["verification"], wanted, "{cell}: {r}");
        assert_eq!(
            ours[0]["storedMd5"], c.md5,
            "{cell}: byte-exact on the server"
        );
        assert_eq!(r["uploadRequestId"], ours[0]["id"], "{cell}");
        format!("exit 0, {wanted}")
    } else {
        // A JSON error on stdout with the documented code.
        let e = json(&out);
        assert_eq!(e["error"]["exit"], code, "{cell}: {out}");
        assert_eq!(
            e["error"]["details"]["uploadRequestId"], ours[0]["id"],
            "{cell}: the failure names the upload request: {out}"
        );
        format!("exit {code} (server refused)")
    }
}

fn cell<'a>(
    key: &'a str,
    value: &'a str,
    flow: Flow,
    file_name: &'a str,
    md5: &'a str,
) -> Cell<'a> {
    let reading = if value.is_empty() {
        key.to_string()
    } else {
        format!("{key}={value}")
    };
    Cell {
        name: format!("{reading} {flow:?}"),
        key,
        value,
        flow,
        file_name,
        md5,
    }
}

fn fresh(key: &str, value: &str, whole: bool) -> String {
    let env = Env::new();
    let sb = Sandbox::start(&env, &as_strs(&reading_args(key, value)));
    let (file, md5) = env.random_file("fresh.tar.gz", 1536 * 1024 + 7, 11);
    let got = run(upload_cmd(&env, &sb, &file, (!whole).then_some("6")));
    let flow = if whole { Flow::Whole } else { Flow::Fresh };
    check(&cell(key, value, flow, "fresh.tar.gz", &md5), got, &sb)
}

/// Start a slow chunked upload and `kill -9` it once the server holds two chunks; the
/// sandbox is stopped too (its state stays on disk).
fn kill_midway(env: &Env, sb: &mut Sandbox, file: &std::path::Path, cell: &str) {
    let mut child = upload_cmd(env, sb, file, Some("8"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let t = Instant::now();
    loop {
        let held = images(sb)
            .first()
            .map(|i| i["chunksHeld"].as_array().map(|a| a.len()).unwrap_or(0))
            .unwrap_or(0);
        if held >= 2 || t.elapsed() > Duration::from_secs(30) {
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        child.try_wait().unwrap().is_none(),
        "{cell}: the first run finished before the kill; nothing was resumed"
    );
    let _ = child.kill();
    let _ = child.wait();
    sb.stop();
}

/// `wipe`: the server forgets every upload request while it is down (purged, or lost).
fn kill_and_rerun(key: &str, value: &str, wipe: bool) -> String {
    let env = Env::new();
    let args = reading_args(key, value);
    let mut slow = args.clone();
    slow.extend(["--rate-limit".into(), "512KiB".into()]);
    let mut sb = Sandbox::start(&env, &as_strs(&slow));
    let (file, md5) = env.random_file("killed.tar.gz", 2 * 1024 * 1024, 12);
    let flow = if wipe {
        Flow::Wiped
    } else {
        Flow::KillAndRerun
    };
    let c = cell(key, value, flow, "killed.tar.gz", &md5);
    kill_midway(&env, &mut sb, &file, &c.name);
    if wipe {
        let state = sb.data.join("state.json");
        let mut v: Value = serde_json::from_slice(&std::fs::read(&state).unwrap()).unwrap();
        let held = v["images"].as_object().map(|m| m.len()).unwrap_or(0);
        assert_eq!(held, 1, "{}: one request to forget", c.name);
        v["images"] = serde_json::json!({});
        std::fs::write(&state, serde_json::to_vec(&v).unwrap()).unwrap();
    }
    // The server restarts too (state kept; under chunk-expiry=on-restart, unmerged chunks go).
    let port = sb.port();
    let sb = Sandbox::start_on(&env, &port, &as_strs(&args));
    let got = run(upload_cmd(&env, &sb, &file, Some("8")));
    check(&c, got, &sb)
}

/// After-commit faults as `--commit-fault` names them, alternating with the seed.
fn fault_kind(seed: u64) -> &'static str {
    if seed.is_multiple_of(2) {
        "5xx"
    } else {
        "reset"
    }
}

fn faults(key: &str, value: &str, seed: u64) -> String {
    let env = Env::new();
    let mut args = reading_args(key, value);
    // 20% of committed answers lost (alternately as 500s and dropped connections), plus
    // faults before the commit.
    let kind = fault_kind(seed);
    args.extend(
        [
            "--commit-fault-rate",
            "0.2",
            "--commit-fault",
            kind,
            "--fail-rate",
            "0.05",
            "--seed",
        ]
        .iter()
        .map(|s| s.to_string()),
    );
    args.push(seed.to_string());
    let sb = Sandbox::start(&env, &as_strs(&args));
    let (file, md5) = env.random_file("faulty.tar.gz", 1536 * 1024 + 3, 13);
    let mut got = run(upload_cmd(&env, &sb, &file, Some("6")));
    // Retries are bounded per request: a run may still give up with exit 5, and the
    // documented answer to exit 5 is to rerun the same command.
    for _ in 0..3 {
        if got.0 != 5 {
            break;
        }
        got = run(upload_cmd(&env, &sb, &file, Some("6")));
    }
    let mut c = cell(key, value, Flow::Faults, "faulty.tar.gz", &md5);
    c.name = format!("{} ({kind} after commit, seed {seed})", c.name);
    let outcome = check(&c, got, &sb);
    let stats = sb.stats();
    let lost = stats["injectedAfterCommit"].as_u64().unwrap_or(0);
    let before = stats["injectedFailures"].as_u64().unwrap_or(0);
    assert!(lost > 0, "{}: no answer was lost after the commit", c.name);
    format!("{outcome} ({lost} answers lost after the commit, {before} 500s before)")
}

/// A whole-file upload whose every answer is lost after the server stored the file.
fn whole_faults(key: &str, value: &str, seed: u64) -> String {
    let env = Env::new();
    let mut args = reading_args(key, value);
    let kind = fault_kind(seed);
    for a in [
        "--commit-fault-on",
        "whole",
        "--commit-fault-rate",
        "1",
        "--commit-fault",
        kind,
    ] {
        args.push(a.to_string());
    }
    let sb = Sandbox::start(&env, &as_strs(&args));
    let (file, md5) = env.random_file("whole.tar.gz", 1024 * 1024 + 5, 14);
    let got = run(upload_cmd(&env, &sb, &file, None));
    let mut c = cell(key, value, Flow::WholeFaults, "whole.tar.gz", &md5);
    c.name = format!("{} ({kind} after commit)", c.name);
    let outcome = check(&c, got, &sb);
    let lost = sb.stats()["injectedAfterCommit"].as_u64().unwrap_or(0);
    assert!(lost > 0, "{}: no answer was lost after the commit", c.name);
    format!("{outcome} ({lost} lost)")
}

fn as_strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn every_reading_every_flow() {
    let table = readings();
    let flows = [
        Flow::Fresh,
        Flow::KillAndRerun,
        Flow::Faults,
        Flow::Whole,
        Flow::WholeFaults,
        Flow::Wiped,
    ];
    let cells: Vec<(usize, Flow)> = (0..table.len())
        .flat_map(|i| flows.map(|f| (i, f)))
        // Forgetting a request matters where the answer to an unknown one is the question.
        .filter(|(i, f)| {
            *f != Flow::Wiped || table[*i].0.is_empty() || table[*i].0 == "unknown-request"
        })
        .collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(vec![]);
    std::thread::scope(|s| {
        for _ in 0..3 {
            s.spawn(|| {
                loop {
                    let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some((i, flow)) = cells.get(k) else {
                        return;
                    };
                    let (key, value) = &table[*i];
                    let outcome = std::panic::catch_unwind(|| match flow {
                        Flow::Fresh => fresh(key, value, false),
                        Flow::Whole => fresh(key, value, true),
                        Flow::KillAndRerun => kill_and_rerun(key, value, false),
                        Flow::Wiped => kill_and_rerun(key, value, true),
                        Flow::Faults => faults(key, value, 1000 + *i as u64),
                        Flow::WholeFaults => whole_faults(key, value, 1000 + *i as u64),
                    });
                    let row = match outcome {
                        Ok(o) => Ok(o),
                        Err(p) => Err(p
                            .downcast_ref::<String>()
                            .cloned()
                            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                            .unwrap_or_default()),
                    };
                    results.lock().unwrap().push((*i, *flow, row));
                }
            });
        }
    });
    let mut rows = results.into_inner().unwrap();
    rows.sort_by_key(|(i, f, _)| (*i, *f as u8));
    let mut failures = vec![];
    println!("| reading | flow | outcome |\n| --- | --- | --- |");
    for (i, flow, row) in &rows {
        let (k, v) = &table[*i];
        let name = match (k.is_empty(), v.is_empty()) {
            (true, _) => "(defaults)".to_string(),
            // A combination: the key holds every switch.
            (false, true) => k.clone(),
            (false, false) => format!("{k}={v}"),
        };
        match row {
            Ok(o) => println!("| {name} | {flow:?} | {o} |"),
            Err(e) => {
                println!("| {name} | {flow:?} | FAILED |");
                failures.push(format!("{name} {flow:?}: {e}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} cells failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
