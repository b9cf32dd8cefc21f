//! Failures as pipelines read them: one JSON error object on stdout wherever the output format
//! came from (flag, variable or profile), nothing on stdout but the filter's with `--jq`, and
//! structured details (ids, checksums, HTTP status) to act on.

use crate::util::{Env, Sandbox, json, run};

#[test]
fn a_profile_output_json_covers_usage_errors() {
    let env = Env::new();
    std::fs::write(env.path("config.toml"), "[ci]\noutput = \"json\"\n").unwrap();
    let mut c = env.cmd();
    c.args([
        "--profile",
        "ci",
        "image",
        "upload",
        "x",
        "--chunks",
        "2",
        "--whole",
    ]);
    let (code, out, err) = run(c);
    assert_eq!(code, 2, "{err}");
    let v = json(&out);
    assert_eq!(v["error"]["kind"], "usage", "{out}");
    assert_eq!(v["error"]["exit"], 2, "{out}");
    // The same profile chosen by variable; and a flag still wins over it.
    let mut c = env.cmd();
    c.env("PUBLISHER_PROFILE", "ci")
        .args(["image", "upload", "x", "--chunks", "2", "--whole"]);
    assert_eq!(json(&run(c).1)["error"]["exit"], 2);
    let mut c = env.cmd();
    c.env("PUBLISHER_PROFILE", "ci")
        .args(["--output", "text", "image", "nosuch"]);
    let (code, out, _) = run(c);
    assert_eq!((code, out.as_str()), (2, ""));
}

#[test]
fn a_bad_jq_expression_leaves_stdout_to_the_filter() {
    let env = Env::new();
    for args in [
        vec!["--jq", ".items[", "help", "exit-codes"],
        vec!["--output", "json", "--jq", "select(", "help", "exit-codes"],
    ] {
        let mut c = env.cmd();
        c.args(&args);
        let (code, out, err) = run(c);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert_eq!(out, "", "{args:?}");
        assert!(err.contains("--jq"), "{err}");
    }
}

#[test]
fn exit_7_json_names_the_request_and_both_checksums() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &["--misbehave", "badsum"]);
    let (file, md5) = env.random_file("sum.tar.gz", 5000, 2);
    let mut c = env.client(&sb);
    c.args(["--output", "json", "image", "upload", "--chunks", "2"])
        .arg(&file);
    let (code, out, err) = run(c);
    assert_eq!(code, 7, "{err}");
    let e = &json(&out)["error"];
    assert_eq!(e["exit"], 7, "{out}");
    assert_eq!(e["kind"], "checksum_mismatch", "{out}");
    let d = &e["details"];
    let id = d["uploadRequestId"].as_u64().expect("uploadRequestId");
    let (_, body) = sb.raw_get("/sandbox/images");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["images"][0]["id"], id);
    assert_eq!(d["localMd5"], md5.as_str(), "{out}");
    let server = d["serverChecksum"].as_str().expect("serverChecksum");
    assert_ne!(server.to_lowercase(), md5, "{out}");
    // The next step, typed for scripts and phrased in this command's flags for people.
    assert_eq!(e["remedy"]["action"], "start_over_replacing", "{out}");
    assert_eq!(e["remedy"]["deleteFirst"], id, "{out}");
    let msg = e["message"].as_str().unwrap_or_default();
    assert!(
        msg.contains(&format!("publisher image delete {id} --yes"))
            && msg.ends_with("then run again with --restart --overwrite"),
        "{msg}"
    );
}

#[test]
fn api_failures_carry_the_http_status() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let mut c = env.client(&sb);
    c.args(["--output", "json", "image", "status", "987654321"]);
    let (code, out, err) = run(c);
    assert_ne!(code, 0, "{err}");
    let e = &json(&out)["error"];
    assert_eq!(e["details"]["httpStatus"], 404, "{out}");
    assert_eq!(e["exit"], code, "{out}");
}

/// `application wait` against `sb` with a token taken as is, `--timeout 2s`.
fn wait_cmd(env: &Env, sb: &Sandbox) -> std::process::Command {
    let mut c = env.client(sb);
    c.env_remove("PUBLISHER_CLIENT_ID")
        .env_remove("PUBLISHER_CLIENT_SECRET")
        .env(
            "PUBLISHER_TOKEN",
            "any; faults come before the token is checked",
        )
        .args(["--output", "json", "--retries", "0", "application", "wait"])
        .args([
            "359107",
            "--status",
            "NEW",
            "--timeout",
            "2s",
            "--interval",
            "100ms",
        ]);
    c
}

#[test]
fn application_wait_polls_through_server_failures_until_the_deadline() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &["--fail-rate", "1"]);
    let (code, out, err) = run(wait_cmd(&env, &sb));
    assert_eq!(code, 9, "a 500 while polling is not the answer: {err}");
    assert!(err.contains("still waiting"), "{err}");
    let d = &json(&out)["error"]["details"];
    assert_eq!(d["listingVersionId"], 359107, "{out}");
    assert!(d["lastError"].as_str().unwrap().contains("500"), "{out}");
    assert!(sb.stats()["injectedFailures"].as_u64().unwrap() >= 2);
}

#[test]
fn application_wait_deadline_bounds_a_poll_in_flight() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &["--latency", "8000"]);
    let t = std::time::Instant::now();
    let (code, _, err) = run(wait_cmd(&env, &sb));
    assert_eq!(code, 9, "{err}");
    assert!(
        t.elapsed() < std::time::Duration::from_secs(6),
        "waited for the answer past the 2 s deadline: {:?}",
        t.elapsed()
    );
}

#[test]
fn application_wait_timeout_leaves_the_request_timeout_to_the_profile() {
    let env = Env::new();
    std::fs::write(env.path("config.toml"), "[default]\ntimeout = \"1s\"\n").unwrap();
    let sb = Sandbox::start(&env, &["--latency", "2500"]);
    // The command line's --timeout (2s) is the wait; each poll is abandoned after the
    // profile's 1 s, so the wait notes a failed poll instead of one poll cut by the deadline.
    let (code, _, err) = run(wait_cmd(&env, &sb));
    assert_eq!(code, 9, "{err}");
    assert!(err.contains("still waiting"), "{err}");
}
