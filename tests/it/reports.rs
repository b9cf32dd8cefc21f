//! CI report formats: GitLab Code Quality and JUnit XML (golden files), and `--report
//! FORMAT=FILE` writing several renderings from one run while stdout keeps its own format.

use crate::util::{Env, root, run};
use serde_json::Value;

fn golden(name: &str, actual: &str) {
    let p = root().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&p, actual).unwrap();
    }
    let want = std::fs::read_to_string(&p)
        .unwrap_or_else(|_| panic!("missing golden {name}; run with UPDATE_GOLDEN=1"));
    assert_eq!(actual, want, "output differs from tests/golden/{name}");
}

fn validate(env: &Env, args: &[&str]) -> (i32, String, String) {
    let mut c = env.cmd();
    c.current_dir(root())
        .args(["package", "validate"])
        .args(args);
    run(c)
}

#[test]
fn gitlab_and_junit_match_golden_files() {
    let env = Env::new();
    for (fmt, ext) in [("gitlab", "gitlab.json"), ("junit", "junit.xml")] {
        let (code, out, _) = validate(&env, &["tests/golden/broken.json", "--format", fmt]);
        assert_eq!(code, 4, "{fmt}: invalid package must exit 4");
        golden(&format!("broken.out.{ext}"), &out);
    }
}

#[test]
fn gitlab_code_quality_has_the_required_fields() {
    let env = Env::new();
    let (_, out, _) = validate(&env, &["tests/golden/broken.json", "--format", "gitlab"]);
    let issues: Value = serde_json::from_str(&out).unwrap();
    let issues = issues.as_array().unwrap();
    let (_, json_out, _) = validate(&env, &["tests/golden/broken.json", "--format", "json"]);
    let j: Value = serde_json::from_str(&json_out).unwrap();
    let diags = j["diagnostics"].as_array().unwrap();
    assert_eq!(issues.len(), diags.len());
    let mut fingerprints = std::collections::HashSet::new();
    for (i, d) in issues.iter().zip(diags) {
        assert!(!i["description"].as_str().unwrap().is_empty());
        assert_eq!(i["check_name"], d["rule"]);
        assert_eq!(i["location"]["path"], "tests/golden/broken.json");
        assert_eq!(i["location"]["lines"]["begin"], d["start"]["line"]);
        let want = if d["severity"] == "error" {
            "major"
        } else {
            "minor"
        };
        assert_eq!(i["severity"], want);
        let fp = i["fingerprint"].as_str().unwrap();
        assert_eq!(fp.len(), 32);
        assert!(
            fingerprints.insert(fp.to_string()),
            "duplicate fingerprint {fp}"
        );
    }
}

#[test]
fn clean_package_gives_empty_code_quality_and_one_passing_case() {
    let env = Env::new();
    let ex = "examples/packages/custom-action.json";
    let (code, out, _) = validate(&env, &[ex, "--format", "gitlab"]);
    assert_eq!(code, 0);
    assert_eq!(out.trim(), "[]");
    let (code, out, _) = validate(&env, &[ex, "--format", "junit"]);
    assert_eq!(code, 0);
    assert!(out.contains("tests=\"1\" failures=\"0\""), "{out}");
    assert!(
        out.contains("<testcase name=\"no problems found\""),
        "{out}"
    );
    assert!(!out.contains("<failure"), "{out}");
}

#[test]
fn junit_escapes_what_xml_cannot_carry() {
    // A misspelt enum value with markup and a control character, echoed into the message.
    let env = Env::new();
    let p = env.path("odd.json");
    let broken = std::fs::read_to_string(root().join("tests/golden/broken.json")).unwrap();
    assert!(broken.contains("BLUEPRINT_STATC"));
    let odd = broken.replacen("BLUEPRINT_STATC", "<a&b>\\u0001", 1);
    std::fs::write(&p, odd).unwrap();
    let (code, out, _) = validate(&env, &[p.to_str().unwrap(), "--format", "junit"]);
    assert_eq!(code, 4, "{out}");
    assert!(!out.contains("<a&b>"), "{out}");
    assert!(
        !out.chars()
            .any(|c| (c as u32) < 0x20 && !"\t\n\r".contains(c))
    );
    assert!(out.contains("'&lt;a&amp;b&gt;\u{FFFD}'"), "{out}");
}

#[test]
fn one_run_prints_text_and_writes_reports() {
    let env = Env::new();
    let (cq, ju, sa) = (
        env.path("cq.json"),
        env.path("junit.xml"),
        env.path("out.sarif"),
    );
    let args = [
        "tests/golden/broken.json".to_string(),
        "--report".into(),
        format!("gitlab={}", cq.display()),
        "--report".into(),
        format!("JUnit={}", ju.display()),
        "--report".into(),
        format!("sarif={}", sa.display()),
    ];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, out, _) = validate(&env, &args);
    assert_eq!(code, 4, "the verdict is unchanged by reports");
    let want_text = std::fs::read_to_string(root().join("tests/golden/broken.out.txt")).unwrap();
    assert_eq!(out, want_text, "stdout keeps the human text");
    let read = |p: &std::path::Path| std::fs::read_to_string(p).unwrap();
    let golden_of = |n: &str| std::fs::read_to_string(root().join("tests/golden").join(n)).unwrap();
    assert_eq!(read(&cq), golden_of("broken.out.gitlab.json"));
    assert_eq!(read(&ju), golden_of("broken.out.junit.xml"));
    assert_eq!(
        read(&sa).replace(env!("CARGO_PKG_VERSION"), "VERSION"),
        golden_of("broken.out.sarif")
    );
}

#[test]
fn bad_report_specs_are_usage_errors() {
    let env = Env::new();
    let ex = "examples/packages/custom-action.json";
    for (spec, says) in [
        ("junit", "no '='"),
        ("xml=out.xml", "unknown format 'xml'"),
        ("junit=", "no file name"),
    ] {
        let (code, _, err) = validate(&env, &[ex, "--report", spec]);
        assert_eq!(code, 2, "{spec}: {err}");
        assert!(err.contains(says), "{spec}: {err}");
    }
    let missing = env.path("no/such/dir/r.xml");
    let (code, _, err) = validate(
        &env,
        &[ex, "--report", &format!("junit={}", missing.display())],
    );
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("cannot write"), "{err}");
}

/// A failed validation is told once, by its own report: no `error:` line on stderr and, in JSON
/// modes, no error object after the report (stdout stays one JSON document for a pipeline).
#[test]
fn a_failed_validation_is_reported_once() {
    let env = Env::new();
    let mut c = env.cmd();
    c.current_dir(root()).args([
        "--output",
        "json",
        "package",
        "validate",
        "tests/golden/broken.json",
    ]);
    let (code, out, err) = run(c);
    assert_eq!(code, 4, "{err}");
    assert!(!err.contains("error:"), "{err}");
    let report: Value = serde_json::from_str(&out).expect("stdout is the report alone");
    assert_eq!(report["errors"], 3, "{out}");
    assert!(report.get("error").is_none(), "{out}");
}
