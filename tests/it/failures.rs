//! Failures as pipelines read them: one JSON error object on stdout wherever the output format
//! came from (flag, variable or profile), nothing on stdout but the filter's with `--jq`, and
//! structured details (ids, checksums, HTTP status) to act on.

use crate::util::{Env, json, run};

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
