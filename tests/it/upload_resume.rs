//! Resuming machine image uploads: after `kill -9`, on another runner with a fresh copy,
//! adopting a request started elsewhere, and refusing a changed source file.

use std::time::{Duration, Instant};

use crate::upload::upload;
use crate::util::{Env, Sandbox, json, md5_file, run};

#[test]
fn a_killed_upload_resumes_without_resending_acknowledged_chunks() {
    let env = Env::new();
    // 1 MiB/s per connection and one chunk in flight: slow enough to kill mid-way.
    let sb = Sandbox::start(&env, &["--rate-limit", "1MiB"]);
    let size = 4 * 1024 * 1024;
    let (file, md5) = env.random_file("resume.tar.gz", size, 6);
    let mut c = env.client(&sb);
    c.args(["image", "upload", "--chunks", "16", "--parallel", "1"])
        .arg(&file);
    let mut child = c.spawn().unwrap();
    // Wait until some chunks are acknowledged, then kill without warning.
    sb.wait_for_chunks(4);
    child.kill().unwrap();
    child.wait().unwrap();
    let sent_before = sb.stats()["chunkBytes"].as_u64().unwrap();
    assert!(sent_before < size as u64, "killed too late to test resume");

    let (code, out, err) = upload(
        &env,
        &sb,
        &[file.to_str().unwrap(), "--chunks", "16", "--parallel", "4"],
    );
    assert_eq!(code, 0, "{err}");
    let r = json(&out);
    assert_eq!(r["resumed"], true);
    assert_eq!(r["verified"], true);
    let id = r["uploadRequestId"].as_u64().unwrap();
    assert_eq!(md5_file(&sb.stored_image(id)), md5);
    // Acknowledged chunks were not sent again. The kill can land after the server stored a
    // chunk but before its answer reached the client; that one chunk is rightly sent again
    // (its acknowledgement was lost), so the server may store the file plus one chunk.
    let stats = sb.stats();
    let stored = stats["chunkBytes"].as_u64().unwrap();
    assert!(
        stored == size as u64 || stored == size as u64 + (size as u64 / 16),
        "only the chunk in flight at the kill may be stored twice: {stored}"
    );
    // Everything the server read, the chunk in flight at the kill included: at most
    // parallel (1) x chunk size more than the file.
    let received = stats["receivedBytes"].as_u64().unwrap();
    assert!(
        received <= size as u64 + (size as u64 / 16),
        "re-sent too much: {received}"
    );
}

#[test]
fn a_changed_source_file_is_refused_on_resume() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &["--rate-limit", "512KiB"]);
    let (file, _) = env.random_file("changing.tar.gz", 2 * 1024 * 1024, 7);
    let mut c = env.client(&sb);
    c.args(["image", "upload", "--chunks", "8", "--parallel", "1"])
        .arg(&file);
    let mut child = c.spawn().unwrap();
    let started = Instant::now();
    while sb.state()["images"]
        .as_object()
        .is_none_or(|m| m.is_empty())
    {
        std::thread::sleep(Duration::from_millis(50));
        assert!(started.elapsed() < Duration::from_secs(30));
    }
    std::thread::sleep(Duration::from_millis(300));
    child.kill().unwrap();
    child.wait().unwrap();
    env.random_file("changing.tar.gz", 2 * 1024 * 1024, 8);
    let (code, _, err) = upload(&env, &sb, &[file.to_str().unwrap(), "--chunks", "8"]);
    assert_eq!(code, 8, "{err}");
    assert!(
        err.contains("changed") && err.contains("--restart"),
        "{err}"
    );
    // --restart starts over and succeeds.
    let (code, _, err) = upload(
        &env,
        &sb,
        &[file.to_str().unwrap(), "--chunks", "8", "--restart"],
    );
    assert_eq!(code, 0, "{err}");
}

/// Start a slow chunked upload of `file`, kill it once `n` chunks are held, return the id.
fn kill_after_chunks(
    env: &Env,
    sb: &Sandbox,
    file: &std::path::Path,
    chunks: &str,
    n: usize,
) -> u64 {
    let mut c = env.client(sb);
    c.args(["image", "upload", "--chunks", chunks, "--parallel", "1"])
        .arg(file)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let mut child = c.spawn().unwrap();
    sb.wait_for_chunks(n);
    assert!(
        child.try_wait().unwrap().is_none(),
        "finished before the kill"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    let (_, body) = sb.raw_get("/sandbox/images");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    v["images"][0]["id"].as_u64().unwrap()
}

#[test]
fn a_fresh_copy_on_another_runner_resumes_and_changed_content_does_not() {
    let env = Env::new();
    let mut sb = Sandbox::start(&env, &["--rate-limit", "1MiB"]);
    let (file, md5) = env.random_file("artefact.tar.gz", 3 * 1024 * 1024, 21);
    let id = kill_after_chunks(&env, &sb, &file, "12", 3);
    // The same artefact downloaded again on another runner: same bytes, in another checkout
    // directory, with a new inode and mtime.
    let bytes = std::fs::read(&file).unwrap();
    std::fs::remove_file(&file).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    let checkout = env.path("runner-2/work");
    std::fs::create_dir_all(&checkout).unwrap();
    let file = checkout.join("artefact.tar.gz");
    std::fs::write(&file, &bytes).unwrap();
    let port = sb.port();
    sb.stop();
    let sb = Sandbox::start_on(&env, &port, &[]);
    let (code, out, err) = upload(&env, &sb, &[file.to_str().unwrap(), "--chunks", "12"]);
    assert_eq!(code, 0, "{err}");
    let r = json(&out);
    assert_eq!(r["uploadRequestId"], id, "the journal was reused");
    assert_eq!(r["resumed"], true);
    assert!(err.contains("re-hashing"), "{err}");
    assert_eq!(md5_file(&sb.stored_image(id)), md5);

    // Same size, other content: nothing reused, exit 8.
    let env = Env::new();
    let sb = Sandbox::start(&env, &["--rate-limit", "1MiB"]);
    let (file, _) = env.random_file("artefact.tar.gz", 3 * 1024 * 1024, 22);
    kill_after_chunks(&env, &sb, &file, "12", 3);
    let mut other = std::fs::read(&file).unwrap();
    other[10] ^= 0xff;
    std::fs::write(&file, &other).unwrap();
    let (code, _, err) = upload(&env, &sb, &[file.to_str().unwrap(), "--chunks", "12"]);
    assert_eq!(code, 8, "{err}");
    assert!(err.contains("chunk 1 hashes to"), "{err}");
}

#[test]
fn resume_adopts_a_request_started_elsewhere() {
    let env = Env::new();
    let sb = Sandbox::start(
        &env,
        &["--rate-limit", "1MiB", "--reading", "repost=reject"],
    );
    let (file, md5) = env.random_file("elsewhere.tar.gz", 2 * 1024 * 1024, 23);
    let id = kill_after_chunks(&env, &sb, &file, "8", 2);
    // Another machine: no journal at all.
    let other = Env::new();
    let mut c = other.client(&sb);
    c.args([
        "--output", "json", "image", "upload", "--chunks", "8", "--resume",
    ])
    .arg(id.to_string())
    .arg(&file);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let r = json(&out);
    assert_eq!(r["uploadRequestId"], id);
    assert_eq!(r["verification"], "md5");
    assert_eq!(md5_file(&sb.stored_image(id)), md5);
    let (_, body) = sb.raw_get("/sandbox/images");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        v["images"].as_array().unwrap().len(),
        1,
        "no second request"
    );
}

/// 201 with an empty body: the id comes from Location, absolute (odd ids in the sandbox) or
/// root-relative (even ids), for a whole upload and for an initiate call alike.
#[test]
fn the_id_of_a_201_comes_from_an_absolute_or_relative_location() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &["--reading", "creation=location-201"]);
    for (name, mode, id) in [
        ("abs.tar.gz", &["--whole"][..], 8000001),
        ("rel.tar.gz", &["--chunks", "2"][..], 8000002),
    ] {
        let (file, md5) = env.random_file(name, 70_000, id);
        let mut c = env.client(&sb);
        c.args(["--output", "json", "image", "upload"])
            .args(mode)
            .arg(&file);
        let (code, out, err) = run(c);
        assert_eq!(code, 0, "{name}: {err}");
        let r = json(&out);
        assert_eq!(r["uploadRequestId"], id, "{name}: {r}");
        assert_eq!(r["md5"], md5, "{name}");
        assert_eq!(r["verification"], "md5", "{name}");
    }
}

/// The embedded `--sandbox` plays readings from PUBLISHER_SANDBOX_READINGS, in-process: no
/// whole-file checksum (verified by chunks) and 201 + Location creations; a bad one is exit 2.
#[test]
fn the_embedded_sandbox_takes_readings() {
    let env = Env::new();
    let (file, md5) = env.random_file("inproc.tar.gz", 80_000, 31);
    let mut c = env.cmd();
    c.env(
        "PUBLISHER_SANDBOX_READINGS",
        "checksum=absent, creation=location-201",
    )
    .args([
        "--sandbox",
        "--output",
        "json",
        "image",
        "upload",
        "--chunks",
        "2",
    ])
    .arg(&file);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let r = json(&out);
    assert_eq!(r["verification"], "chunks", "{r}");
    assert_eq!(r["md5"], md5);
    assert_eq!(r["serverChecksum"], serde_json::Value::Null, "{r}");
    let mut c = env.cmd();
    c.env("PUBLISHER_SANDBOX_READINGS", "checksum=sideways")
        .args(["--sandbox", "image", "upload"])
        .arg(&file);
    let (code, _, err) = run(c);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("PUBLISHER_SANDBOX_READINGS") && err.contains("base64"),
        "{err}"
    );
}
