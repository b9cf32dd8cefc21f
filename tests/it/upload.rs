//! Machine image uploads end to end: the binary against a `publisher sandbox` child.

use std::time::{Duration, Instant};

use crate::util::{Env, Sandbox, json, md5_file, run};

pub(crate) fn upload(env: &Env, sb: &Sandbox, args: &[&str]) -> (i32, String, String) {
    let mut c = env.client(sb);
    c.args(["--output", "json", "image", "upload"]).args(args);
    run(c)
}

#[test]
fn whole_upload_is_byte_exact_on_the_server() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let (file, md5) = env.random_file("small-image.tar.gz", 300_000, 1);
    let (code, out, err) = upload(&env, &sb, &["--whole", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let r = json(&out);
    assert_eq!(r["mode"], "whole");
    assert_eq!(r["md5"], md5);
    assert_eq!(r["verified"], true);
    let id = r["uploadRequestId"].as_u64().unwrap();
    assert_eq!(md5_file(&sb.stored_image(id)), md5);
    let rec = &sb.state()["images"][id.to_string()];
    assert_eq!(rec["fileName"], "small-image.tar.gz");
    assert_eq!(rec["application"], "small-image");
    assert_eq!(rec["operatingSystem"], "linux");
    assert_eq!(rec["createdBy"], "ci@example.com");
    assert_eq!(rec["md5Headers"], 1, "X-MD5-Checksum sent and verified");
    assert_eq!(
        rec["chunksExpected"], 0,
        "no X-Number-Of-Chunks on a whole upload"
    );
}

#[test]
fn chunked_upload_sends_documented_requests_and_is_byte_exact() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let (file, md5) = env.random_file("img.tar.gz", 1_000_003, 2);
    let (code, out, err) = upload(
        &env,
        &sb,
        &[
            "--chunks",
            "8",
            "--application",
            "acme",
            "--version",
            "2.1",
            "--os",
            "oracle-linux",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let r = json(&out);
    assert_eq!(r["mode"], "chunked");
    assert_eq!(r["chunkCount"], 8);
    assert_eq!(r["serverChecksum"], md5);
    assert_eq!(r["verified"], true);
    assert_eq!(
        r["imageFilePath"],
        "partnercontainer/mi/acme/2.1/oracle-linux/img.tar.gz"
    );
    let id = r["uploadRequestId"].as_u64().unwrap();
    assert_eq!(md5_file(&sb.stored_image(id)), md5);
    // Each chunk's MD5 was checked by the server against X-MD5-Checksum.
    let rec = &sb.state()["images"][id.to_string()];
    let chunk_md5: Vec<String> = r["chunkMd5"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect();
    for (n, m) in chunk_md5.iter().enumerate() {
        assert_eq!(rec["chunks"][(n + 1).to_string()], *m);
    }
    assert_eq!(sb.stats()["chunkBytes"], 1_000_003);
    assert_eq!(rec["chunksExpected"], 8, "X-Number-Of-Chunks");
    assert_eq!(
        rec["md5Headers"], 8,
        "every chunk carried a verified X-MD5-Checksum"
    );
    assert_eq!(rec["fileName"], "img.tar.gz", "X-File-Name");

    // Derived from --chunk-size.
    let (file2, md5b) = env.random_file("img2.tar.gz", 700_000, 3);
    let (code, out, err) = upload(
        &env,
        &sb,
        &["--chunk-size", "256KiB", file2.to_str().unwrap()],
    );
    assert_eq!(code, 0, "{err}");
    let r = json(&out);
    assert_eq!(r["chunkCount"], 3);
    assert_eq!(
        md5_file(&sb.stored_image(r["uploadRequestId"].as_u64().unwrap())),
        md5b
    );
}

#[test]
fn status_and_list_show_the_upload() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let (file, md5) = env.random_file("st.tar.gz", 50_000, 4);
    let (code, out, _) = upload(&env, &sb, &["--chunks", "2", file.to_str().unwrap()]);
    assert_eq!(code, 0);
    let id = json(&out)["uploadRequestId"].as_u64().unwrap().to_string();
    let mut c = env.client(&sb);
    c.args(["--output", "json", "image", "status", &id]);
    let (code, out, _) = run(c);
    assert_eq!(code, 0);
    let s = json(&out);
    assert_eq!(s["statusName"], "Completed");
    assert_eq!(s["checkSum"], md5);
    assert_eq!(s["uploadedChunks"], 2);
    let mut c = env.client(&sb);
    c.args(["image", "list", "--status", "COMPLETED"]);
    let (code, out, _) = run(c);
    assert_eq!(code, 0);
    assert!(out.contains(&id) && out.contains("Completed"), "{out}");
}

#[test]
fn a_rerun_after_success_is_idempotent() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let (file, _) = env.random_file("again.tar.gz", 100_000, 5);
    let (code, out, _) = upload(&env, &sb, &["--chunks", "4", file.to_str().unwrap()]);
    assert_eq!(code, 0);
    let id = json(&out)["uploadRequestId"].clone();
    let before = sb.stats()["chunkBytes"].as_u64().unwrap();
    let (code, out, _) = upload(&env, &sb, &["--chunks", "4", file.to_str().unwrap()]);
    assert_eq!(code, 0);
    let r = json(&out);
    assert_eq!(r["alreadyUploaded"], true);
    assert_eq!(r["uploadRequestId"], id);
    assert_eq!(
        sb.stats()["chunkBytes"].as_u64().unwrap(),
        before,
        "nothing re-sent"
    );
}

#[test]
fn injected_server_failures_are_retried() {
    let env = Env::new();
    let sb = Sandbox::start(
        &env,
        &["--fail-rate", "0.3", "--reset-rate", "0.1", "--seed", "42"],
    );
    let (file, md5) = env.random_file("flaky.tar.gz", 1_500_000, 9);
    let mut c = env.client(&sb);
    c.args([
        "--output",
        "json",
        "--retries",
        "10",
        "image",
        "upload",
        "--chunks",
        "12",
    ])
    .arg(&file);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let r = json(&out);
    assert!(r["retries"].as_u64().unwrap() > 0, "{out}");
    let id = r["uploadRequestId"].as_u64().unwrap();
    assert_eq!(md5_file(&sb.stored_image(id)), md5);
    let st = sb.stats();
    assert!(st["injectedFailures"].as_u64().unwrap() + st["injectedResets"].as_u64().unwrap() > 0);
}

fn expect_fail(env: &Env, sb: Option<&Sandbox>, args: &[&str], code: i32, needle: &str) {
    let mut c = match sb {
        Some(s) => env.client(s),
        None => env.cmd(),
    };
    c.args(args);
    let (got, out, err) = run(c);
    assert_eq!(got, code, "{args:?}: {err}");
    assert!(err.contains(needle), "{args:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.is_empty() || !out.contains("panicked"));
    // clap's usage errors span lines; ours are one line.
    if code != 2 || !err.contains("Usage:") {
        assert_eq!(
            err.trim_end().lines().count(),
            1,
            "{args:?}: one line expected: {err}"
        );
    }
}

#[test]
fn bad_input_gets_one_clear_line_and_a_documented_exit_code() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let (file, _) = env.random_file("ok.tar.gz", 10, 15);
    let f = file.to_str().unwrap();
    let empty = env.path("empty.tar.gz");
    std::fs::write(&empty, b"").unwrap();
    let dir = env.path("adir");
    std::fs::create_dir(&dir).unwrap();
    expect_fail(
        &env,
        Some(&sb),
        &[
            "image",
            "upload",
            env.path("missing.tar.gz").to_str().unwrap(),
        ],
        4,
        "no such file",
    );
    expect_fail(
        &env,
        Some(&sb),
        &["image", "upload", empty.to_str().unwrap()],
        4,
        "is empty",
    );
    expect_fail(
        &env,
        Some(&sb),
        &["image", "upload", dir.to_str().unwrap()],
        4,
        "is a directory",
    );
    expect_fail(
        &env,
        Some(&sb),
        &["image", "upload", "--chunks", "0", f],
        2,
        "--chunks",
    );
    expect_fail(
        &env,
        Some(&sb),
        &["image", "upload", "--chunks", "11", f],
        2,
        "--chunks",
    );
    expect_fail(
        &env,
        Some(&sb),
        &[
            "image",
            "upload",
            "--chunks",
            "2",
            "--chunk-size",
            "1KiB",
            f,
        ],
        2,
        "cannot be used with",
    );
    expect_fail(
        &env,
        Some(&sb),
        &["image", "upload", "--chunk-size", "lots", f],
        2,
        "--chunk-size",
    );
    expect_fail(
        &env,
        Some(&sb),
        &["--profile", "nosuch", "image", "upload", f],
        2,
        "unknown profile 'nosuch'",
    );
    expect_fail(
        &env,
        Some(&sb),
        &["--endpoint", "ftp://example.com", "image", "upload", f],
        2,
        "only http(s)",
    );
    expect_fail(
        &env,
        Some(&sb),
        &["--endpoint", "http://example.com", "image", "upload", f],
        2,
        "plain http",
    );
    // Missing credentials.
    let mut c = env.cmd();
    c.env("PUBLISHER_ENDPOINT", &sb.url)
        .env("PUBLISHER_USER", "u@example.com")
        .args(["image", "upload", f]);
    let (code, _, err) = run(c);
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("PUBLISHER_CLIENT_ID"), "{err}");
    // A non-2xx answer: status of an unknown upload request.
    expect_fail(&env, Some(&sb), &["image", "status", "424242"], 6, "404");
}

#[test]
fn json_errors_are_machine_readable() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let mut c = env.client(&sb);
    c.args(["--output", "json", "image", "status", "424242"]);
    let (code, out, _) = run(c);
    assert_eq!(code, 6);
    let j = json(&out);
    assert_eq!(j["error"]["exit"], 6);
    assert_eq!(j["error"]["kind"], "rejected");
}

#[test]
fn embedded_sandbox_needs_no_setup() {
    let env = Env::new();
    let (file, md5) = env.random_file("demo.tar.gz", 200_000, 16);
    let mut c = env.cmd();
    c.args([
        "--sandbox",
        "--output",
        "json",
        "image",
        "upload",
        "--chunks",
        "4",
    ])
    .arg(&file);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let r = json(&out);
    assert_eq!(r["verified"], true);
    assert_eq!(r["md5"], md5);
    let mut c = env.cmd();
    c.args(["--sandbox", "package", "create", "2806005"]).arg(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/packages/compute-acme.json"),
    );
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.trim().parse::<u64>().is_ok(),
        "prints the packageVersionId: {out}"
    );
}

#[test]
fn dry_run_shows_the_plan_and_changes_nothing() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let (file, _) = env.random_file("plan.tar.gz", 1024 * 1024, 24);
    let f = file.to_str().unwrap();
    let (code, out, err) = upload(&env, &sb, &[f, "--chunks", "4", "--dry-run"]);
    assert_eq!(code, 0, "{err}");
    let p = json(&out);
    assert_eq!(p["mode"], "chunked");
    assert_eq!(p["chunkCount"], 4);
    assert_eq!(p["journal"], "new");
    assert_eq!(p["storagePath"], "mi/plan/1.0/linux/plan.tar.gz");
    let requests = sb.stats()["requests"].as_u64().unwrap();
    assert_eq!(requests, 0, "a dry run of a new upload sends nothing");
    let (code, _, err) = upload(&env, &sb, &[f, "--chunks", "4"]);
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = upload(&env, &sb, &[f, "--dry-run"]);
    assert_eq!(code, 0);
    assert_eq!(json(&out)["journal"], "done");
}

#[test]
fn the_sandbox_takes_the_braced_upload_type_spelling() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let token = sb.token();
    for spelling in ["Chunk", "{Chunk}", "chunk"] {
        let boundary = "XyZ";
        let body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"json\"\r\n\r\n{{\"application\":\"seed\",\"version\":\"1\",\"operatingSystem\":\"linux\"}}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"uploadType\"\r\n\r\n{spelling}\r\n--{boundary}--\r\n"
        );
        let (status, answer) = sb.raw(
            "POST",
            "/appstore/publisher/v1/machineimages",
            &[
                ("Authorization", &format!("Bearer {token}")),
                ("X-Oracle-UserId", "ci@example.com"),
                ("X-File-Name", "seed.tar.gz"),
                ("X-Number-Of-Chunks", "3"),
                (
                    "Content-Type",
                    &format!("multipart/form-data; boundary={boundary}"),
                ),
            ],
            body.as_bytes(),
        );
        assert_eq!(status, 200, "uploadType={spelling}: {answer}");
    }
}

#[test]
fn parallel_auto_settles_under_a_servers_concurrency_limit() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &["--max-concurrent", "3", "--rate-limit", "4MiB"]);
    let (file, md5) = env.random_file("auto.tar.gz", 16 * 1024 * 1024, 31);
    let events = env.path("events.ndjson");
    let mut c = env.client(&sb);
    c.args(["--output", "json", "--events"])
        .arg(&events)
        .args(["image", "upload", "--chunks", "32"])
        .arg(&file);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let r = json(&out);
    let id = r["uploadRequestId"].as_u64().unwrap();
    assert_eq!(md5_file(&sb.stored_image(id)), md5);
    let text = std::fs::read_to_string(&events).unwrap();
    let changes: Vec<u64> = text
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|e| e["event"] == "parallel")
        .map(|e| e["connections"].as_u64().unwrap())
        .collect();
    assert!(!changes.is_empty(), "auto never adjusted: {text}");
    assert!(
        *changes.last().unwrap() <= 3,
        "did not settle under the server's limit of 3: {changes:?}"
    );
    assert!(
        sb.stats()["concurrencyRefused"].as_u64().unwrap() > 0,
        "the limit was never hit"
    );
}

#[test]
fn bwlimit_caps_all_connections_together() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let (file, _) = env.random_file("capped.tar.gz", 2 * 1024 * 1024, 32);
    let started = Instant::now();
    let (code, _, err) = upload(
        &env,
        &sb,
        &[
            file.to_str().unwrap(),
            "--chunks",
            "8",
            "--parallel",
            "8",
            "--bwlimit",
            "1MiB",
        ],
    );
    let secs = started.elapsed().as_secs_f64();
    assert_eq!(code, 0, "{err}");
    // 2 MiB at 1 MiB/s, less the bucket's first tenth of a second.
    assert!((1.7..4.0).contains(&secs), "{secs} s");
    let (code, _, err) = upload(&env, &sb, &[file.to_str().unwrap(), "--bwlimit", "fast"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("'fast'") && err.contains("--bwlimit") && err.contains("10MiB"),
        "{err}"
    );
}

#[test]
fn the_next_release_at_the_same_path_is_a_new_upload() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let (file, _) = env.random_file("release.tar.gz", 512 * 1024, 41);
    let f = file.to_str().unwrap();
    let (code, out, err) = upload(&env, &sb, &[f, "--chunks", "4"]);
    assert_eq!(code, 0, "{err}");
    let first = json(&out)["uploadRequestId"].as_u64().unwrap();
    // Same path, same size, new content: the old upload is finished, so this is a new one.
    let mut data = std::fs::read(&file).unwrap();
    data[0] ^= 1;
    std::fs::write(&file, &data).unwrap();
    let (code, out, err) = upload(&env, &sb, &[f, "--chunks", "4", "--overwrite"]);
    assert_eq!(code, 0, "{err}");
    let r = json(&out);
    assert_ne!(r["uploadRequestId"].as_u64().unwrap(), first);
    assert!(
        err.contains("the file changed since upload request"),
        "{err}"
    );
    assert_eq!(
        md5_file(&sb.stored_image(r["uploadRequestId"].as_u64().unwrap())),
        crate::util::md5_hex(&data)
    );
}

#[test]
fn a_low_bwlimit_is_not_mistaken_for_a_stall() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let (file, _) = env.random_file("slow.tar.gz", 320 * 1024, 42);
    let started = Instant::now();
    let (code, _, err) = upload(
        &env,
        &sb,
        &[
            file.to_str().unwrap(),
            "--chunks",
            "4",
            "--parallel",
            "4",
            "--bwlimit",
            "96KiB",
        ],
    );
    // The global --timeout is not settable through `upload`; run it directly instead.
    assert_eq!(code, 0, "{err}");
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "the cap was not applied"
    );
    let mut c = env.client(&sb);
    c.args([
        "--timeout",
        "2",
        "image",
        "upload",
        "--restart",
        "--overwrite",
        "--chunks",
        "4",
        "--parallel",
        "4",
        "--bwlimit",
        "96KiB",
    ])
    .arg(&file);
    let (code, _, err) = run(c);
    assert_eq!(
        code, 0,
        "waiting for the bandwidth budget is not a stall: {err}"
    );
    assert!(!err.contains("stalled"), "{err}");
}
