//! Uploads under every documented reading of the API the sandbox can play.
//!
//! The table is the sandbox's own list (`publisher sandbox --list-readings`), so a reading added
//! there is covered here without editing this file. Each reading runs three flows: a fresh
//! upload, a `kill -9` mid-upload then a rerun (across a sandbox restart), and an upload with
//! faults before and after the server commits. Every cell must end byte-exact on the server
//! with exactly one upload request, or with the documented exit code where the server itself
//! refuses.

use std::time::{Duration, Instant};

use crate::util::{Env, Sandbox, json, run};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Fresh,
    KillAndRerun,
    Faults,
}

/// What a cell may end in: exit 0 (verified, one request, byte-exact), or a refusal by the
/// server itself with the documented exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Verified,
    Refused(i32),
    /// The server may refuse, depending on where a fault lands.
    VerifiedOrRefused(i32),
}

fn expect(key: &str, value: &str, flow: Flow) -> Expect {
    if value.is_empty() && key.contains("repost=count-twice") && flow != Flow::Fresh {
        return Expect::VerifiedOrRefused(6);
    }
    match (key, value, flow) {
        // Processing ends in a failure word: exit 6 with the server's words.
        ("final-status", "scan-failed", _) => Expect::Refused(6),
        // A repeated chunk counted twice can make the merge refuse; only a repeat triggers it.
        ("repost", "count-twice", Flow::Fresh) => Expect::Verified,
        ("repost", "count-twice", _) => Expect::VerifiedOrRefused(6),
        _ => Expect::Verified,
    }
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

fn upload_cmd(
    env: &Env,
    sb: &Sandbox,
    file: &std::path::Path,
    chunks: &str,
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
        "--chunks",
        chunks,
        "--parallel",
        "3",
        "--wait",
        "60",
    ])
    .arg(file);
    c
}

fn check(
    cell: &str,
    want: Expect,
    (code, out, err): (i32, String, String),
    sb: &Sandbox,
    file_name: &str,
    md5: &str,
) -> String {
    // A request the server can never merge is deleted and replaced: count the live ones.
    let ours: Vec<Value> = images(sb)
        .into_iter()
        .filter(|i| i["fileName"] == file_name && i["status"] != "Deleted")
        .collect();
    assert_eq!(
        ours.len(),
        1,
        "{cell}: exactly one upload request, got {ours:?}\n{err}"
    );
    let verified = code == 0;
    match want {
        Expect::Verified => assert!(verified, "{cell}: exit {code}\n{err}"),
        Expect::Refused(c) => assert_eq!(code, c, "{cell}\n{err}"),
        Expect::VerifiedOrRefused(c) => {
            assert!(verified || code == c, "{cell}: exit {code}\n{err}")
        }
    }
    if verified {
        let r = json(&out);
        assert!(
            r["verification"] == "md5" || r["verification"] == "chunks",
            "{cell}: {r}"
        );
        assert_eq!(
            ours[0]["storedMd5"], md5,
            "{cell}: byte-exact on the server"
        );
        assert_eq!(r["uploadRequestId"], ours[0]["id"], "{cell}");
        format!("exit 0, {}", r["verification"].as_str().unwrap_or("?"))
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

fn fresh(key: &str, value: &str) -> String {
    let env = Env::new();
    let sb = Sandbox::start(&env, &as_strs(&reading_args(key, value)));
    let (file, md5) = env.random_file("fresh.tar.gz", 1536 * 1024 + 7, 11);
    let got = run(upload_cmd(&env, &sb, &file, "6"));
    check(
        &format!("{key}={value} fresh"),
        expect(key, value, Flow::Fresh),
        got,
        &sb,
        "fresh.tar.gz",
        &md5,
    )
}

fn kill_and_rerun(key: &str, value: &str) -> String {
    let env = Env::new();
    let mut args = reading_args(key, value);
    let mut slow = args.clone();
    slow.extend(["--rate-limit".into(), "512KiB".into()]);
    let mut sb = Sandbox::start(&env, &as_strs(&slow));
    let (file, md5) = env.random_file("killed.tar.gz", 2 * 1024 * 1024, 12);
    let mut child = upload_cmd(&env, &sb, &file, "8")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let t = Instant::now();
    loop {
        let held = images(&sb)
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
        "{key}={value}: the first run finished before the kill; nothing was resumed"
    );
    let _ = child.kill();
    let _ = child.wait();
    // The server restarts too (state kept; under chunk-expiry=on-restart, unmerged chunks go).
    let port = sb.port();
    sb.stop();
    let sb = Sandbox::start_on(&env, &port, &as_strs(&std::mem::take(&mut args)));
    let got = run(upload_cmd(&env, &sb, &file, "8"));
    check(
        &format!("{key}={value} kill -9 + rerun"),
        expect(key, value, Flow::KillAndRerun),
        got,
        &sb,
        "killed.tar.gz",
        &md5,
    )
}

fn faults(key: &str, value: &str, seed: u64) -> String {
    let env = Env::new();
    let mut args = reading_args(key, value);
    // 20% of committed answers lost (alternately as 500s and dropped connections), plus
    // faults before the commit.
    let kind = if seed.is_multiple_of(2) {
        "5xx"
    } else {
        "reset"
    };
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
    let mut got = run(upload_cmd(&env, &sb, &file, "6"));
    // Retries are bounded per request: a run may still give up with exit 5, and the
    // documented answer to exit 5 is to rerun the same command.
    for _ in 0..3 {
        if got.0 != 5 {
            break;
        }
        got = run(upload_cmd(&env, &sb, &file, "6"));
    }
    let outcome = check(
        &format!("{key}={value} faults ({kind} after commit, seed {seed})"),
        expect(key, value, Flow::Faults),
        got,
        &sb,
        "faulty.tar.gz",
        &md5,
    );
    let stats = sb.stats();
    let lost = stats["injectedAfterCommit"].as_u64().unwrap_or(0);
    let before = stats["injectedFailures"].as_u64().unwrap_or(0);
    format!("{outcome} ({lost} answers lost after the commit, {before} 500s before)")
}

fn as_strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn every_reading_every_flow() {
    let table = readings();
    let cells: Vec<(usize, Flow)> = (0..table.len())
        .flat_map(|i| [Flow::Fresh, Flow::KillAndRerun, Flow::Faults].map(|f| (i, f)))
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
                        Flow::Fresh => fresh(key, value),
                        Flow::KillAndRerun => kill_and_rerun(key, value),
                        Flow::Faults => faults(key, value, 1000 + *i as u64),
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
        let name = if k.is_empty() {
            "(defaults)".to_string()
        } else {
            format!("{k}={v}")
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
