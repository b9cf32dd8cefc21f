//! Upload progress after a resume: the rate people see and the report's throughput count only
//! the bytes this run sent, not the chunks an earlier run left acknowledged in the journal.

use crate::util::{Env, Sandbox, json, run};

/// `1.00 MiB/s` (indicatif's HumanBytes) as bytes per second.
fn rate_of(line: &str) -> f64 {
    let words: Vec<&str> = line.split_whitespace().collect();
    let n: f64 = words[words.len() - 2].parse().expect("rate number");
    let unit = words[words.len() - 1].trim_end_matches("/s");
    let scale = match unit {
        "B" => 1.0,
        "KiB" => 1024.0,
        "MiB" => 1024.0 * 1024.0,
        "GiB" => 1024.0 * 1024.0 * 1024.0,
        other => panic!("unit {other} in {line}"),
    };
    n * scale
}

#[test]
fn resumed_rate_and_throughput_count_only_this_runs_bytes() {
    let env = Env::new();
    // 1 MiB/s per connection, one chunk in flight: this run cannot beat ~1 MiB/s.
    let sb = Sandbox::start(&env, &["--rate-limit", "1MiB"]);
    let size = 4 * 1024 * 1024;
    let (file, _) = env.random_file("resume.tar.gz", size, 12);
    let args = ["image", "upload", "--chunks", "16", "--parallel", "1"];
    let mut c = env.client(&sb);
    c.args(args)
        .arg(&file)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    let mut child = c.spawn().unwrap();
    sb.wait_for_chunks(8);
    assert!(
        child.try_wait().unwrap().is_none(),
        "finished before the kill"
    );
    child.kill().unwrap();
    child.wait().unwrap();

    let mut c = env.client(&sb);
    c.args(["--output", "json", "--progress", "plain"])
        .args(args)
        .arg(&file);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let r = json(&out);
    assert_eq!(r["resumed"], true, "{out}");
    let limit = 1.5 * 1024.0 * 1024.0;
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.contains(" uploading ") && l.ends_with("/s"))
        .collect();
    assert!(lines.len() >= 2, "no plain progress lines: {err}");
    for l in &lines {
        // Counting the 2 MiB acknowledged before the kill would show several MiB/s.
        assert!(
            rate_of(l) <= limit,
            "rate counts an earlier run's bytes: {l}"
        );
    }
    let sent = r["bytesSent"].as_u64().unwrap();
    assert!(sent < size as u64, "resume re-sent everything: {sent}");
    let throughput = r["throughputBytesPerSecond"].as_u64().unwrap() as f64;
    assert!(
        throughput > 0.0 && throughput <= limit,
        "throughput {throughput} is not this run's bytes over this run's time"
    );
}
