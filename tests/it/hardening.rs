//! Hostile servers, interrupted and concurrent uploads, credentials on disk, and the exit-code
//! contract (each code produced by a real scenario).

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{Env, Sandbox, json, md5_file, run};

/// Run a client command against a misbehaving sandbox with a static token (the misbehaviour
/// happens before authentication).
fn against(mode: &str, args: &[&str]) -> (i32, String, String, Duration) {
    let env = Env::new();
    let sb = Sandbox::start(&env, &["--misbehave", mode]);
    let mut c = env.cmd();
    c.env("PUBLISHER_ENDPOINT", &sb.url)
        .env("PUBLISHER_USER", "ci@example.com")
        .env("PUBLISHER_TOKEN", "static-token-value")
        .args(["--retries", "2", "--timeout", "2"])
        .args(args);
    let t = Instant::now();
    let (code, out, err) = run(c);
    (code, out, err, t.elapsed())
}

fn clean_error(code: i32, want: i32, err: &str, needle: &str) {
    assert_eq!(code, want, "{err}");
    assert!(err.contains(needle), "expected '{needle}' in: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(!err.contains("static-token-value"), "token leaked: {err}");
    assert_eq!(
        err.trim_end()
            .lines()
            .filter(|l| l.starts_with("error:"))
            .count(),
        1,
        "{err}"
    );
}

#[test]
fn garbage_json_is_a_clear_error() {
    let (code, _, err, _) = against("garbage", &["image", "status", "5"]);
    clean_error(code, 5, &err, "GET /machineimages/");
}

#[test]
fn html_error_pages_are_summarised() {
    let (code, _, err, _) = against("html", &["image", "status", "5"]);
    clean_error(code, 5, &err, "502 Bad Gateway");
}

#[test]
fn empty_bodies_are_a_clear_error() {
    let (code, _, err, _) = against("empty", &["image", "status", "5"]);
    clean_error(code, 5, &err, "GET /machineimages/");
}

#[test]
fn huge_bodies_are_not_buffered() {
    let (code, _, err, t) = against("huge", &["image", "status", "5"]);
    clean_error(code, 5, &err, "MiB");
    assert!(t < Duration::from_secs(30));
}

#[test]
fn redirects_to_another_host_are_refused() {
    let (code, _, err, _) = against("redirect", &["image", "status", "5"]);
    clean_error(code, 6, &err, "another origin");
}

#[test]
fn a_server_that_never_answers_times_out() {
    let (code, _, err, t) = against("hang", &["image", "status", "5"]);
    clean_error(code, 5, &err, "GET /machineimages/");
    assert!(t < Duration::from_secs(20), "took {t:?}");
}

#[test]
fn rate_limits_are_retried_after_retry_after() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &["--misbehave", "ratelimit"]);
    let t = Instant::now();
    let mut c = env.client(&sb);
    c.args(["listing", "list"]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2806005"));
    assert!(sb.stats()["rateLimited"].as_u64().unwrap() >= 2);
    assert!(
        t.elapsed() >= Duration::from_secs(1),
        "Retry-After: 1 was not honoured"
    );
}

#[test]
fn exit_5_when_retries_are_exhausted() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &["--fail-rate", "1"]);
    let (file, _) = env.random_file("x.tar.gz", 1000, 1);
    let mut c = env.client(&sb);
    c.args(["--retries", "2", "image", "upload"]).arg(&file);
    let (code, _, err) = run(c);
    assert_eq!(code, 5, "{err}");
    assert!(err.contains("500"), "{err}");
}

#[test]
fn exit_7_on_checksum_mismatch() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &["--misbehave", "badsum"]);
    let (file, _) = env.random_file("sum.tar.gz", 5000, 2);
    let mut c = env.client(&sb);
    c.args(["image", "upload", "--chunks", "2"]).arg(&file);
    let (code, _, err) = run(c);
    assert_eq!(code, 7, "{err}");
    assert!(err.contains("checksum") || err.contains("MD5"), "{err}");
}

#[test]
fn exit_9_when_the_server_does_not_finish_in_time() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &["--processing-ms", "10000"]);
    let (file, _) = env.random_file("slow.tar.gz", 5000, 3);
    let mut c = env.client(&sb);
    c.args(["image", "upload", "--chunks", "2", "--wait", "1"])
        .arg(&file);
    let (code, _, err) = run(c);
    assert_eq!(code, 9, "{err}");
    assert!(
        err.contains("image status"),
        "says how to check later: {err}"
    );
    // --no-wait returns after the merge.
    let (f2, _) = env.random_file("slow2.tar.gz", 5000, 4);
    let mut c = env.client(&sb);
    c.args(["--output", "json", "image", "upload", "--no-wait"])
        .arg(&f2);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["completed"], false);
}

fn start_slow_upload(
    env: &Env,
    sb: &Sandbox,
    file: &std::path::Path,
    extra: &[&str],
) -> std::process::Child {
    let mut c = env.client(sb);
    c.args(["image", "upload", "--chunks", "16", "--parallel", "1"])
        .args(extra)
        .arg(file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c.spawn().unwrap()
}

#[cfg(unix)]
#[test]
fn ctrl_c_saves_state_exits_130_and_the_same_command_resumes() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &["--rate-limit", "1MiB"]);
    let (file, md5) = env.random_file("int.tar.gz", 4 << 20, 5);
    let child = start_slow_upload(&env, &sb, &file, &[]);
    sb.wait_for_chunks(2);
    Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(err.contains("rerun the same command to resume"), "{err}");
    // The journal lists it as pending, and the same command finishes it.
    let mut c = env.client(&sb);
    c.args(["--output", "json", "image", "uploads"]);
    let (code, out, _) = run(c);
    assert_eq!(code, 0);
    assert_eq!(json(&out)["uploads"][0]["stage"], "uploading");
    let r = env.ok_json(
        &sb,
        &[
            "image",
            "upload",
            "--chunks",
            "16",
            "--parallel",
            "1",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(r["resumed"], true);
    assert_eq!(
        md5_file(&sb.stored_image(r["uploadRequestId"].as_u64().unwrap())),
        md5
    );
}

#[test]
fn two_uploads_of_the_same_file_do_not_interleave() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &["--rate-limit", "1MiB"]);
    let (file, md5) = env.random_file("twice.tar.gz", 3 << 20, 6);
    let first = start_slow_upload(&env, &sb, &file, &[]);
    sb.wait_for_chunks(1);
    let mut c = env.client(&sb);
    c.args(["image", "upload", "--chunks", "16", "--parallel", "1"])
        .arg(&file);
    let (code, _, err) = run(c);
    assert_eq!(code, 5, "{err}");
    assert!(
        err.contains("another publisher process is uploading this file"),
        "{err}"
    );
    let out = first.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let images = sb.state()["images"].as_object().unwrap().clone();
    assert_eq!(images.len(), 1, "one upload request only");
    let id: u64 = images.keys().next().unwrap().parse().unwrap();
    assert_eq!(md5_file(&sb.stored_image(id)), md5);
}

#[test]
fn abort_forgets_the_journal_and_deletes_the_request() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &["--rate-limit", "1MiB"]);
    let (file, _) = env.random_file("abort.tar.gz", 3 << 20, 7);
    let mut child = start_slow_upload(&env, &sb, &file, &[]);
    sb.wait_for_chunks(1);
    child.kill().unwrap();
    child.wait().unwrap();
    let id = sb.state()["images"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();
    let mut c = env.client(&sb);
    c.args(["image", "abort", &id]);
    assert_eq!(run(c).0, 2, "needs --yes without a terminal");
    let mut c = env.client(&sb);
    c.args(["--yes", "--output", "json", "image", "abort", &id]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["deletedUploadRequest"].to_string(), id);
    assert_eq!(sb.state()["images"][&id]["status"], "Deleted");
    let mut c = env.client(&sb);
    c.args(["--output", "json", "image", "uploads"]);
    assert_eq!(json(&run(c).1)["uploads"].as_array().unwrap().len(), 0);
}

#[test]
fn a_damaged_journal_is_detected_and_never_trusted() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let (file, md5) = env.random_file("dmg.tar.gz", 20_000, 8);
    let mut c = env.client(&sb);
    c.args(["image", "upload", "--chunks", "2"]).arg(&file);
    assert_eq!(run(c).0, 0);
    let dir = env.path("data/uploads");
    let journal = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "json"))
        .unwrap();
    let text = std::fs::read_to_string(&journal)
        .unwrap()
        .replace("\"completed\"", "\"uploading\"");
    std::fs::write(&journal, text).unwrap();
    let mut c = env.client(&sb);
    c.args([
        "--output",
        "json",
        "image",
        "upload",
        "--chunks",
        "2",
        "--overwrite",
    ])
    .arg(&file);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("damaged"), "{err}");
    let r = json(&out);
    assert_eq!(r["resumed"], false);
    assert_eq!(
        md5_file(&sb.stored_image(r["uploadRequestId"].as_u64().unwrap())),
        md5
    );
    assert!(
        std::fs::read_dir(&dir).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .contains("corrupt"))
    );
}

#[test]
fn stalled_chunks_are_abandoned_and_retried() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &["--stall-rate", "0.4", "--seed", "1"]);
    let (file, md5) = env.random_file("stall.tar.gz", 2 << 20, 9);
    let mut c = env.client(&sb);
    c.args([
        "--output",
        "json",
        "--timeout",
        "2",
        "--retries",
        "8",
        "image",
        "upload",
        "--chunks",
        "8",
    ])
    .arg(&file);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(sb.stats()["injectedStalls"].as_u64().unwrap() > 0);
    let r = json(&out);
    assert!(r["retries"].as_u64().unwrap() > 0);
    assert_eq!(
        md5_file(&sb.stored_image(r["uploadRequestId"].as_u64().unwrap())),
        md5
    );
}

/// Every line of an `--events` file, parsed.
fn ndjson(path: &std::path::Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(json)
        .collect()
}

#[test]
fn non_tty_progress_is_plain_and_events_are_ndjson() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let (file, _) = env.random_file("plain.tar.gz", 300_000, 10);
    let events = env.path("events.ndjson");
    let mut c = env.client(&sb);
    c.args(["--output", "json", "--events"])
        .arg(&events)
        .args(["image", "upload", "--chunks", "3"])
        .arg(&file);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    json(&out); // stdout is exactly one JSON document
    assert!(
        !err.contains('\r') && !err.contains('\x1b'),
        "control characters in: {err:?}"
    );
    assert!(err.contains("uploading"), "{err}");
    let kinds: Vec<String> = std::fs::read_to_string(&events)
        .unwrap()
        .lines()
        .map(|l| json(l)["event"].as_str().unwrap().to_string())
        .collect();
    for k in ["started", "phase", "chunk_acked", "finished"] {
        assert!(kinds.iter().any(|x| x == k), "no {k} event in {kinds:?}");
    }
    assert_eq!(kinds.iter().filter(|k| *k == "chunk_acked").count(), 3);
    // The server's own status words, from the first poll on, and the last is the verdict.
    let all = ndjson(&events);
    let statuses: Vec<&str> = all
        .iter()
        .filter(|e| e["event"] == "status")
        .filter_map(|e| e["status"].as_str())
        .collect();
    assert!(
        statuses.first().is_some_and(|s| !s.is_empty()),
        "no status event: {all:?}"
    );
    assert_eq!(statuses.last(), Some(&"Completed"), "{statuses:?}");
    let first_status = all.iter().position(|e| e["event"] == "status").unwrap();
    let verifying = all
        .iter()
        .position(|e| e["event"] == "phase" && e["phase"] == "verifying")
        .expect("a verifying phase");
    assert!(
        verifying < first_status,
        "status words follow the verifying phase"
    );
    // A whole-file upload hashes first: that phase reaches --events too.
    let whole_events = env.path("whole.ndjson");
    let (whole, _) = env.random_file("whole.tar.gz", 200_000, 12);
    let mut c = env.client(&sb);
    c.args(["--output", "json", "--events"])
        .arg(&whole_events)
        .args(["image", "upload", "--whole"])
        .arg(&whole);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let phases: Vec<String> = ndjson(&whole_events)
        .iter()
        .filter(|e| e["event"] == "phase")
        .filter_map(|e| e["phase"].as_str().map(str::to_string))
        .collect();
    assert_eq!(
        phases.first().map(String::as_str),
        Some("hashing"),
        "{phases:?}"
    );
    assert!(phases.iter().any(|p| p == "uploading"), "{phases:?}");
    // --quiet prints only the result.
    let (f2, _) = env.random_file("quiet.tar.gz", 1000, 11);
    let mut c = env.client(&sb);
    c.args(["--quiet", "image", "upload"]).arg(&f2);
    let (code, out, err) = run(c);
    assert_eq!(code, 0);
    assert!(err.is_empty(), "{err}");
    assert_eq!(out.lines().count(), 1);
}

#[test]
fn login_stores_a_private_profile_and_logout_forgets() {
    let env = Env::new();
    let mut c = env.cmd();
    c.args([
        "auth",
        "login",
        "--client-id",
        "my-client",
        "--secret-stdin",
    ])
    .stdin(Stdio::piped());
    let mut child = c
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"top-secret-value\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cfg = env.path("config.toml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    assert!(text.contains("my-client") && text.contains("top-secret-value"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&cfg).unwrap().permissions().mode() & 0o777,
            0o600
        );
        // Loosened permissions are reported with the fix.
        std::fs::set_permissions(&cfg, std::fs::Permissions::from_mode(0o644)).unwrap();
        let mut c = env.cmd();
        c.args(["auth", "status"]);
        let (code, out, err) = run(c);
        assert_eq!(code, 0, "{err}");
        assert!(err.contains("chmod 600"), "{err}");
        assert!(
            out.contains("client credentials") && out.contains("my-client"),
            "{out}"
        );
        assert!(!out.contains("top-secret-value") && !err.contains("top-secret-value"));
        // A warning, not a note: --quiet does not hide it.
        let mut c = env.cmd();
        c.args(["--quiet", "auth", "status"]);
        let (code, _, err) = run(c);
        assert_eq!(code, 0, "{err}");
        assert!(
            err.contains("warning:") && err.contains("chmod 600"),
            "{err}"
        );
    }
    // No secret from a flag: without stdin or the env var, login refuses.
    let mut c = env.cmd();
    c.args(["auth", "login", "--client-id", "x"]);
    assert_eq!(run(c).0, 2);
    let mut c = env.cmd();
    c.args(["auth", "logout", "--forget"]);
    assert_eq!(run(c).0, 0);
    assert!(
        !std::fs::read_to_string(&cfg)
            .unwrap()
            .contains("top-secret-value")
    );
}

#[test]
fn transport_settings_are_checked() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let mut c = env.client(&sb);
    c.args(["--ca-bundle"])
        .arg(env.path("missing.pem"))
        .args(["listing", "list"]);
    let (code, _, err) = run(c);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--ca-bundle"), "{err}");
    // A proxy in the environment is not used for the loopback sandbox.
    let mut c = env.client(&sb);
    c.env("HTTPS_PROXY", "http://127.0.0.1:9")
        .env("HTTP_PROXY", "http://127.0.0.1:9")
        .args(["listing", "list"]);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn secrets_are_redacted_in_debug_output() {
    let s = publisher::config::Secret::new("hunter2");
    assert_eq!(format!("{s:?}"), "Secret(***)");
    assert_eq!(format!("{s}"), "***");
    let creds = publisher::config::Credentials::Client {
        id: "id".into(),
        secret: s,
    };
    assert!(!format!("{creds:?}").contains("hunter2"));
}

/// An answer that comes later than --timeout but within the answer's own, longer limit (4x):
/// not a stall (the body was sent), so each chunk goes exactly once and nothing is retried.
#[test]
fn a_slow_answer_after_the_body_is_sent_is_waited_for_not_retried() {
    let env = Env::new();
    let sb = Sandbox::start(
        &env,
        &[
            "--commit-fault-on",
            "chunk",
            "--commit-fault-rate",
            "1",
            "--commit-fault",
            "delay",
            "--commit-fault-delay-ms",
            "3500",
        ],
    );
    let (file, md5) = env.random_file("slow.tar.gz", 600_000, 21);
    let mut c = env.client(&sb);
    c.args(["--output", "json", "--timeout", "2", "image", "upload"])
        .args(["--chunks", "3", "--parallel", "3"])
        .arg(&file);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let r = json(&out);
    assert_eq!(r["md5"], md5);
    assert_eq!(r["retries"], 0, "{r}");
    let (_, body) = sb.raw_get("/sandbox/images");
    let images: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        images["images"][0]["chunkPosts"], 3,
        "one POST per chunk: {images}"
    );
    assert_eq!(
        sb.stats()["injectedAfterCommit"],
        3,
        "every chunk answer came late"
    );
}

/// `--require-checksum`: exit 7 when the server gives no whole-file checksum (the upload is
/// held and verified by its chunks, but that is not what was asked), exit 0 with one.
#[test]
fn require_checksum_needs_the_servers_md5() {
    for (reading, code, verification) in [("checksum=absent", 7, ""), ("checksum=hex", 0, "md5")] {
        let env = Env::new();
        let sb = Sandbox::start(&env, &["--reading", reading]);
        let (file, _) = env.random_file("strict.tar.gz", 90_000, 22);
        let mut c = env.client(&sb);
        c.args(["--output", "json", "image", "upload", "--chunks", "2"])
            .arg("--require-checksum")
            .arg(&file);
        let (got, out, err) = run(c);
        assert_eq!(got, code, "{reading}: {err}");
        let r = json(&out);
        if code == 0 {
            assert_eq!(r["verification"], verification, "{reading}: {r}");
        } else {
            assert_eq!(r["error"]["exit"], 7, "{reading}: {r}");
            assert!(
                err.contains("a whole-file checksum is required"),
                "{reading}: {err}"
            );
        }
    }
}
