//! `image upload --dry-run`: the plan in every journal state (new, resume, done, adopt,
//! damaged) and both modes, with no request that changes the server and no local change.

use crate::util::{Env, Sandbox, json, run};

fn dry(env: &Env, sb: &Sandbox, file: &std::path::Path, args: &[&str]) -> serde_json::Value {
    let mut c = env.client(sb);
    c.args(["--output", "json", "image", "upload", "--dry-run"])
        .arg(file)
        .args(args);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{args:?}: {err}");
    json(&out)
}

/// Every file in the journal directory, with its content.
fn journals(env: &Env) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(env.path("data").join("uploads"))
        .map(|rd| {
            rd.flatten()
                .map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    (name, std::fs::read(e.path()).unwrap_or_default())
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// What the server holds that a dry run must not change (chunks stored, requests and their
/// state), once the killed upload's last bytes in flight have settled.
fn server_changes(sb: &Sandbox) -> (u64, String) {
    let read = || {
        let (_, images) = sb.raw_get("/sandbox/images");
        (sb.stats()["chunkBytes"].as_u64().unwrap(), images)
    };
    let mut before = read();
    for _ in 0..50 {
        std::thread::sleep(std::time::Duration::from_millis(200));
        let now = read();
        if now == before {
            break;
        }
        before = now;
    }
    before
}

#[test]
fn whole_mode_plan() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let (file, _) = env.random_file("w.tar.gz", 300_000, 31);
    let p = dry(&env, &sb, &file, &["--whole"]);
    assert_eq!(p["mode"], "whole");
    assert_eq!(p["chunkCount"], 1);
    assert_eq!(p["size"], 300_000);
    assert_eq!(p["journal"], "new");
    assert_eq!(sb.stats()["requests"], 0);
    assert!(journals(&env).is_empty(), "{:?}", journals(&env));
}

#[test]
fn resume_adopt_and_damaged_journal_states_change_nothing() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &["--rate-limit", "1MiB"]);
    let (file, _) = env.random_file("r.tar.gz", 2 * 1024 * 1024, 32);
    let mut c = env.client(&sb);
    c.args(["image", "upload", "--chunks", "8", "--parallel", "1"])
        .arg(&file)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let mut child = c.spawn().unwrap();
    sb.wait_for_chunks(2);
    assert!(
        child.try_wait().unwrap().is_none(),
        "finished before the kill"
    );
    child.kill().unwrap();
    child.wait().unwrap();
    let (_, body) = sb.raw_get("/sandbox/images");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    let id = v["images"][0]["id"].as_u64().unwrap();

    let server = server_changes(&sb);
    let local = journals(&env);
    let p = dry(&env, &sb, &file, &[]);
    assert_eq!(p["journal"], "resume", "{p}");
    assert_eq!(p["uploadRequestId"], id);
    assert_eq!(p["chunkCount"], 8);
    assert!(p["next"].as_str().unwrap().contains("send"), "{p}");

    // --resume ID from a machine without the journal: adopting that request.
    let other = Env::new();
    let mut c = other.client(&sb);
    c.env("PUBLISHER_DATA_DIR", other.path("data"))
        .args(["--output", "json", "image", "upload", "--dry-run"])
        .arg(&file)
        .args(["--resume", &id.to_string()]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let p = json(&out);
    assert_eq!(p["journal"], "adopt", "{p}");
    assert_eq!(p["uploadRequestId"], id);
    assert_eq!(p["chunkCount"], 8);
    assert!(
        p["next"]
            .as_str()
            .unwrap()
            .contains(&format!("adopt upload request {id}"))
    );

    // A damaged journal is reported and left where it is.
    // The journal itself: not its lock, nor a temporary file a killed write may leave.
    let (name, _) = local
        .iter()
        .find(|(n, _)| n.ends_with(".json") && !n.starts_with('.'))
        .expect("a journal");
    let path = env.path("data").join("uploads").join(name);
    std::fs::write(&path, b"{ not a journal").unwrap();
    let damaged = journals(&env);
    let p = dry(&env, &sb, &file, &[]);
    assert_eq!(p["journal"], "damaged", "{p}");
    assert_eq!(
        journals(&env),
        damaged,
        "a dry run moved or changed a journal"
    );
    assert_eq!(server_changes(&sb), server, "a dry run changed the server");
}
