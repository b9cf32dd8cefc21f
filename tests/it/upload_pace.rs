//! Upload pacing end to end: the first chunk goes out before the whole file is hashed, the
//! `--bwlimit` environment variable caps the upload, and the default plan under
//! `--parallel auto` resumes after `kill -9`.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::upload::upload;
use crate::util::{Env, Sandbox, json, md5_file};

const MIB: u64 = 1024 * 1024;

/// The upload's journal (there is one), as JSON (inside its checksummed envelope).
fn journal(env: &Env) -> Option<Value> {
    let p = std::fs::read_dir(env.path("data/uploads"))
        .ok()?
        .map(|e| e.ok().map(|e| e.path()))
        .find(|p| {
            p.as_ref()
                .is_some_and(|p| p.extension().is_some_and(|x| x == "json"))
        })??;
    let envelope: Value = serde_json::from_slice(&std::fs::read(p).ok()?).ok()?;
    Some(envelope["journal"].clone())
}

/// Time to first byte: chunk bytes reach the server long before the whole-file MD5 (recorded
/// in the journal when done) is computed. 2 GiB of a sparse file takes seconds to hash, its
/// first chunks a few milliseconds.
#[test]
fn the_first_chunk_is_on_the_wire_before_the_whole_file_is_hashed() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &["--discard"]);
    let path = env.path("sparse.img");
    std::fs::File::create(&path)
        .and_then(|f| f.set_len(2048 * MIB))
        .unwrap();
    let mut c = env.client(&sb);
    c.args(["--quiet", "image", "upload"]).arg(&path);
    let mut child = c.spawn().unwrap();
    let started = Instant::now();
    let deadline = Duration::from_secs(120);
    while sb.stats()["receivedBytes"].as_u64().unwrap_or(0) == 0 {
        assert!(started.elapsed() < deadline, "no chunk bytes after 120 s");
        assert!(child.try_wait().unwrap().is_none(), "ended before sending");
        std::thread::sleep(Duration::from_millis(5));
    }
    let first = started.elapsed();
    let j = journal(&env).expect("a journal once chunks are sent");
    assert_eq!(j["chunks"], 128, "the default plan: 16 MiB chunks");
    assert!(
        j["whole_md5"].is_null(),
        "hashed before sending ({first:?})"
    );
    while journal(&env).is_some_and(|j| j["whole_md5"].is_null()) {
        assert!(
            started.elapsed() < deadline,
            "no whole-file MD5 after 120 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let whole = started.elapsed();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        first * 2 < whole,
        "first chunk bytes after {first:?}, whole-file MD5 after {whole:?}"
    );
}

/// `PUBLISHER_BWLIMIT` caps the upload as `--bwlimit` does: 2 MiB at 1 MiB/s over 4
/// connections takes about 2 s (the bucket starts with a tenth of a second's worth).
#[test]
fn the_bwlimit_environment_variable_caps_the_upload() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let (file, md5) = env.random_file("capped.tar.gz", 2 * MIB as usize, 21);
    let mut c = env.client(&sb);
    c.env("PUBLISHER_BWLIMIT", "1MiB")
        .args(["--output", "json", "image", "upload", "--chunks", "4"])
        .args(["--parallel", "4"])
        .arg(&file);
    let t = Instant::now();
    let (code, out, err) = crate::util::run(c);
    let took = t.elapsed();
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["md5"], md5);
    assert!(
        took >= Duration::from_millis(1800),
        "2 MiB at 1 MiB/s took {took:?}: the environment variable was ignored"
    );
    assert!(took < Duration::from_secs(30), "took {took:?}");
}

/// No `--chunks`, `--parallel auto` (the defaults): killed after some chunks, the rerun keeps
/// the journal's plan and sends only what the server does not hold.
#[test]
fn the_default_plan_under_parallel_auto_resumes_after_a_kill() {
    let env = Env::new();
    // 8 MiB/s per connection: auto starts 8 chunks of 8 MiB, then more, 1 s each.
    let sb = Sandbox::start(&env, &["--rate-limit", "8MiB"]);
    let (chunks, size) = (20, 160 * MIB);
    let (file, md5) = env.random_file("default-plan.tar.gz", size as usize, 22);
    let mut c = env.client(&sb);
    c.args(["--quiet", "image", "upload"]).arg(&file);
    let mut child = c.spawn().unwrap();
    sb.wait_for_chunks(1);
    // Let the client record the answers, then kill it with chunks on the wire.
    std::thread::sleep(Duration::from_millis(200));
    child.kill().unwrap();
    child.wait().unwrap();
    let held = journal(&env).expect("journal");
    let acked = held["acked"]
        .as_array()
        .map_or(0, |a| a.iter().filter(|x| **x == true).count()) as u64;
    assert_eq!(
        held["chunks"], chunks,
        "the default plan: 8 MiB chunks under 1 GiB"
    );
    assert!(
        (1..chunks).contains(&acked),
        "killed at {acked} of {chunks} held"
    );
    // The server still reads what the killed client left in the socket buffers.
    let mut received_at_kill = sb.stats()["receivedBytes"].as_u64().unwrap();
    loop {
        std::thread::sleep(Duration::from_millis(500));
        let now = sb.stats()["receivedBytes"].as_u64().unwrap();
        if now == received_at_kill {
            break;
        }
        received_at_kill = now;
    }

    let (code, out, err) = upload(&env, &sb, &[file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let r = json(&out);
    assert_eq!(r["resumed"], true);
    assert_eq!(r["chunkCount"], chunks);
    assert_eq!(r["verified"], true);
    let resent = sb.stats()["receivedBytes"].as_u64().unwrap() - received_at_kill;
    assert!(
        resent <= (chunks - acked) * 8 * MIB,
        "the rerun sent {resent} bytes with {acked} of {chunks} chunks held"
    );
    let id = r["uploadRequestId"].as_u64().unwrap();
    assert_eq!(md5_file(&sb.stored_image(id)), md5);
}
