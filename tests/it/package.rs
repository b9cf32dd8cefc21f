//! Package validation (corpus, examples, formats, bad input) and package commands against the
//! sandbox.

use std::path::{Path, PathBuf};

use crate::util::{Env, Sandbox, json, root, run};
use publisher::package::{self, Options, render};

fn examples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("examples/packages"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    v.sort();
    v
}

#[test]
fn the_six_seed_examples_are_clean() {
    let ex = examples();
    assert_eq!(ex.len(), 6, "{ex:?}");
    for p in ex {
        let o = package::check_file(&p, &Options::default()).unwrap();
        assert!(
            o.diagnostics.is_empty(),
            "{}: {:?}",
            p.display(),
            o.diagnostics
        );
    }
}

#[test]
fn corpus_each_case_reports_its_rule_at_the_exact_position() {
    let dir = root().join("tests/corpus");
    let manifest = std::fs::read_to_string(dir.join("expected.tsv")).unwrap();
    let mut rules = std::collections::HashSet::new();
    let mut cases = 0;
    for line in manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let f: Vec<&str> = line.split('\t').collect();
        let (file, rule, l, c): (&str, &str, usize, usize) =
            (f[0], f[1], f[2].parse().unwrap(), f[3].parse().unwrap());
        let o = package::check_file(&dir.join(file), &Options::default()).unwrap();
        let j = render::json(file, &o);
        let hit = j["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == rule && d["start"]["line"] == l && d["start"]["column"] == c);
        assert!(
            hit,
            "{file}: expected {rule} at {l}:{c}, got {}",
            serde_json::to_string_pretty(&j["diagnostics"]).unwrap()
        );
        rules.insert(rule.to_string());
        cases += 1;
    }
    assert!(cases >= 40, "only {cases} corpus cases");
    assert!(rules.len() >= 40, "only {} rules covered", rules.len());
    // Every rule the corpus names exists, with an explanation.
    for r in &rules {
        assert!(
            package::rules::find(r).is_some_and(|x| x.explanation.len() > 40),
            "{r}"
        );
    }
}

#[test]
fn every_rule_is_explained_and_listed() {
    let env = Env::new();
    let (code, out, _) = run({
        let mut c = env.cmd();
        c.args(["package", "explain"]);
        c
    });
    assert_eq!(code, 0);
    for r in package::rules::RULES {
        assert!(out.contains(r.id), "{} missing from explain list", r.id);
    }
    let (code, out, _) = run({
        let mut c = env.cmd();
        c.args(["package", "explain", "unknown-action-tag"]);
        c
    });
    assert_eq!(code, 0);
    assert!(out.contains("actionExecutionSequence"), "{out}");
    let (code, _, err) = run({
        let mut c = env.cmd();
        c.args(["package", "explain", "unknown-action-tags"]);
        c
    });
    assert_eq!(code, 2);
    assert!(err.contains("did you mean 'unknown-action-tag'"), "{err}");
}

fn golden(name: &str, actual: &str) {
    let p = root().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&p, actual).unwrap();
    }
    let want = std::fs::read_to_string(&p)
        .unwrap_or_else(|_| panic!("missing golden {name}; run with UPDATE_GOLDEN=1"));
    assert_eq!(actual, want, "output differs from tests/golden/{name}");
}

#[test]
fn output_formats_match_golden_files() {
    let env = Env::new();
    for (fmt, ext) in [
        ("text", "txt"),
        ("json", "json"),
        ("sarif", "sarif"),
        ("github", "github"),
    ] {
        let mut c = env.cmd();
        c.current_dir(root()).args([
            "package",
            "validate",
            "tests/golden/broken.json",
            "--format",
            fmt,
        ]);
        let (code, out, _) = run(c);
        assert_eq!(code, 4, "{fmt}: invalid package must exit 4");
        let out = out.replace(env!("CARGO_PKG_VERSION"), "VERSION");
        golden(&format!("broken.out.{ext}"), &out);
    }
}

#[test]
fn sarif_and_json_are_well_formed() {
    let p = root().join("tests/golden/broken.json");
    let o = package::check_file(&p, &Options::default()).unwrap();
    let s = render::sarif("broken.json", &o);
    assert_eq!(s["version"], "2.1.0");
    let results = s["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), o.diagnostics.len());
    let rules = s["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    for r in results {
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], r["ruleId"]);
        assert!(
            r["locations"][0]["physicalLocation"]["region"]["startLine"]
                .as_u64()
                .unwrap()
                >= 1
        );
    }
    let j = render::json("broken.json", &o);
    assert_eq!(j["version"], 1);
    assert_eq!(
        j["errors"].as_u64().unwrap() + j["warnings"].as_u64().unwrap(),
        o.diagnostics.len() as u64
    );
    // Cross-reference diagnostics carry a second location.
    assert!(
        j["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| !d["related"].as_array().unwrap().is_empty())
    );
}

#[test]
fn schema_is_draft_2020_12_and_accepts_the_examples() {
    let env = Env::new();
    let mut c = env.cmd();
    c.args(["package", "schema"]);
    let (code, out, _) = run(c);
    assert_eq!(code, 0);
    let schema = json(&out);
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    // A small structural check of each example against the schema: required keys present,
    // declared types respected, enums honoured (a full validator is not a dependency here).
    for p in examples() {
        let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
        conforms(&schema, &schema, &doc, &p.display().to_string());
    }
    // And it rejects a broken one.
    let bad = serde_json::json!({"version": "1", "dependentServices": [], "operations": [{"type": "INSTAL", "actionExecutionSequence": []}]});
    assert!(std::panic::catch_unwind(|| conforms(&schema, &schema, &bad, "bad")).is_err());
}

fn conforms(root: &serde_json::Value, s: &serde_json::Value, v: &serde_json::Value, at: &str) {
    use serde_json::Value;
    if let Some(r) = s["$ref"].as_str() {
        let name = r.trim_start_matches("#/$defs/");
        return conforms(root, &root["$defs"][name], v, at);
    }
    if let Some(alts) = s["oneOf"].as_array() {
        let ok = alts
            .iter()
            .any(|a| std::panic::catch_unwind(|| conforms(root, a, v, at)).is_ok());
        assert!(ok, "{at}: matches no alternative");
        return;
    }
    if let Some(e) = s["enum"].as_array() {
        assert!(e.contains(v), "{at}: {v} not in enum");
    }
    let types: Vec<&str> = match &s["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    if !types.is_empty() {
        let actual = match v {
            Value::String(_) => "string",
            Value::Number(n) if n.is_i64() => "integer",
            Value::Number(_) => "number",
            Value::Bool(_) => "boolean",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
            Value::Null => "null",
        };
        let ok = types.contains(&actual) || (actual == "integer" && types.contains(&"number"));
        assert!(ok, "{at}: {actual} is not {types:?}");
    }
    if let (Some(props), Value::Object(o)) = (s["properties"].as_object(), v) {
        for r in s["required"].as_array().into_iter().flatten() {
            assert!(o.contains_key(r.as_str().unwrap()), "{at}: missing {r}");
        }
        for (k, sub) in props {
            if let Some(x) = o.get(k) {
                conforms(root, sub, x, &format!("{at}/{k}"));
            }
        }
    }
    if let (Some(items), Value::Array(a)) = (s.get("items"), v) {
        for (i, x) in a.iter().enumerate() {
            conforms(root, items, x, &format!("{at}/{i}"));
        }
    }
}

fn validate(env: &Env, file: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut c = env.cmd();
    c.args(["package", "validate"]).arg(file).args(extra);
    run(c)
}

#[test]
fn bad_input_files_get_one_clear_diagnostic_and_no_panic() {
    let env = Env::new();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.json", vec![], "empty-document"),
        ("blank.json", b"  \n\t\n".to_vec(), "empty-document"),
        (
            "binary.json",
            vec![0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x00, 0x01],
            "invalid-encoding",
        ),
        (
            "nul.json",
            b"{\"version\": \"1\0\"}".to_vec(),
            "invalid-encoding",
        ),
        ("array.json", b"[]".to_vec(), "root-not-object"),
        ("string.json", b"\"pkg\"".to_vec(), "root-not-object"),
        (
            "deep.json",
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(),
            "too-deep",
        ),
        (
            "deepobj.json",
            format!(
                "{{\"version\":\"1\",\"x\":{}1{}}}",
                "{\"a\":".repeat(300),
                "}".repeat(300)
            )
            .into_bytes(),
            "too-deep",
        ),
        (
            "latin1.json",
            b"{\"name\": \"caf\xe9\"}".to_vec(),
            "invalid-encoding",
        ),
    ];
    for (name, bytes, rule) in cases {
        let p = env.path(name);
        std::fs::write(&p, &bytes).unwrap();
        let (code, out, err) = validate(&env, &p, &["--format", "json"]);
        assert_eq!(code, 4, "{name}: {out} {err}");
        assert!(!err.contains("panicked"), "{name}: {err}");
        let j = json(&out);
        assert_eq!(j["diagnostics"][0]["rule"], rule, "{name}: {out}");
    }
    // A huge file is refused unread.
    let big = env.path("huge.json");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(40 * 1024 * 1024)
        .unwrap();
    let (code, out, _) = validate(&env, &big, &["--format", "json"]);
    assert_eq!(code, 4);
    assert_eq!(json(&out)["diagnostics"][0]["rule"], "file-too-large");
    // Missing file and directory: one line, exit 4.
    let (code, _, err) = validate(&env, &env.path("nope.json"), &[]);
    assert_eq!(code, 4);
    assert!(err.contains("nope.json: no such file"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    let (code, _, err) = validate(&env, env.dir.path(), &[]);
    assert_eq!(code, 4);
    assert!(err.contains("is a directory"), "{err}");
}

#[test]
fn validates_standard_input() {
    let env = Env::new();
    let mut c = env.cmd();
    c.args(["package", "validate", "-", "--format", "json"])
        .stdin(std::fs::File::open(root().join("tests/corpus/unknown-action-tag.json")).unwrap());
    let (code, out, _) = run(c);
    assert_eq!(code, 4);
    let j = json(&out);
    assert_eq!(j["file"], "<stdin>");
    assert!(
        j["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "unknown-action-tag"),
        "{out}"
    );
    let mut c = env.cmd();
    c.args(["package", "validate", "-"])
        .stdin(std::fs::File::open(root().join("examples/packages/library.json")).unwrap());
    assert_eq!(run(c).0, 0);
}

#[test]
fn warnings_pass_unless_denied() {
    let env = Env::new();
    let text = std::fs::read_to_string(root().join("examples/packages/custom-action.json"))
        .unwrap()
        .replace(
            "\"actionName\":\"restartservice\"",
            "\"actionName\":\"restartsrv\"",
        );
    let p = env.path("warn.json");
    std::fs::write(&p, text).unwrap();
    let (code, out, _) = validate(&env, &p, &[]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("warning[unknown-action-name]"), "{out}");
    assert!(out.contains("did you mean 'restartservice'"), "{out}");
    let (code, _, _) = validate(&env, &p, &["--deny-warnings"]);
    assert_eq!(code, 4);
}

#[test]
fn artefact_must_match_a_resource_tag() {
    let env = Env::new();
    let ex = root().join("examples/packages/custom-action.json");
    let good = env.path("marketplaceUi.war");
    std::fs::write(&good, b"PK\x03\x04 war").unwrap();
    let (code, out, _) = validate(&env, &ex, &["--file", good.to_str().unwrap()]);
    assert_eq!(code, 0, "{out}");
    let bad = env.path("marketplace.war");
    std::fs::write(&bad, b"war").unwrap();
    let (code, out, _) = validate(
        &env,
        &ex,
        &["--file", bad.to_str().unwrap(), "--format", "json"],
    );
    assert_eq!(code, 4);
    let d = &json(&out)["diagnostics"][0];
    assert_eq!(d["rule"], "artefact-not-in-resources");
    assert_eq!(d["start"]["line"], 20);
    assert!(d["help"].as_str().unwrap().contains("marketplaceUi.war"));
}

#[test]
fn one_megabyte_package_validates() {
    // Correctness at size; the speed target lives in the benchmark (benches/run.sh).
    let text = big_package(1 << 20);
    assert!(text.len() >= 1 << 20);
    let o = package::check_bytes(text.as_bytes(), &Options::default());
    assert!(
        o.diagnostics.is_empty(),
        "{:?}",
        &o.diagnostics[..o.diagnostics.len().min(3)]
    );
}

/// A valid package of at least `size` bytes: many actions, all used by the install operation.
pub fn big_package(size: usize) -> String {
    let mut actions = vec![];
    let mut steps = vec![];
    let mut i = 0;
    let mut len = 0;
    while len < size {
        i += 1;
        let a = format!(
            r#"{{"tag":"Action {i}","dependentServiceTag":"Java Service","actionName":"start","type":"OUT_OF_THE_BOX_ACTION","requestProperties":[{{"name":"APPLICATION_NAME","source":"BLUEPRINT_STATIC","value":"App {i}"}},{{"name":"P","source":"DYNAMIC","value":"${{X}}-{i}","parameters":[{{"tag":"X","type":"TAS_PROVISIONING_PROPERTY","dependentServiceTag":"Java Service","referencedProperty":"TAS_IDM_DOMAIN_NAME"}}]}}]}}"#
        );
        let s = format!(r#"{{"sequenceNumber":{i},"actionTag":"Action {i}"}}"#);
        len += a.len() + s.len() + 2;
        actions.push(a);
        steps.push(s);
    }
    format!(
        r#"{{"name":"big","version":"1.0","dependentServices":[{{"tag":"Java Service","serviceName":"JAVA"}}],"actions":[{},{{"tag":"Stop","dependentServiceTag":"Java Service","actionName":"stop","type":"OUT_OF_THE_BOX_ACTION"}}],"operations":[{{"type":"INSTALL","actionExecutionSequence":[{}]}},{{"type":"UNINSTALL","actionExecutionSequence":[{{"sequenceNumber":1,"actionTag":"Stop"}}]}}]}}"#,
        actions.join(",\n"),
        steps.join(",\n")
    )
}

#[test]
fn create_get_list_validate_delete_against_the_sandbox() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let ex = root().join("examples/packages/custom-action.json");
    let war = env.path("marketplaceUi.war");
    std::fs::write(&war, b"PK\x03\x04 a war file").unwrap();

    let mut c = env.client(&sb);
    c.args(["--output", "json", "package", "create", "2806005"])
        .arg(&ex)
        .arg("--file")
        .arg(&war);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let id = json(&out)["packageVersionId"].as_u64().expect("id");

    // The server got the document unchanged and the file part.
    let state = sb.state();
    let rec = &state["packages"][id.to_string()];
    let sent: serde_json::Value = serde_json::from_slice(&std::fs::read(&ex).unwrap()).unwrap();
    assert_eq!(rec["document"], sent);
    assert_eq!(rec["artefact"], "marketplaceUi.war");
    let stored = sb
        .data
        .join("packages")
        .join(id.to_string())
        .join("artefact");
    assert_eq!(std::fs::read(stored).unwrap(), b"PK\x03\x04 a war file");

    for args in [
        vec![
            "package".to_string(),
            "get".into(),
            "2806005".into(),
            id.to_string(),
        ],
        vec!["package".into(), "list".into(), "2806005".into()],
        vec![
            "package".into(),
            "validate-remote".into(),
            "2806005".into(),
            id.to_string(),
        ],
    ] {
        let mut c = env.client(&sb);
        c.arg("--output").arg("json").args(&args);
        let (code, out, err) = run(c);
        assert_eq!(code, 0, "{args:?}: {err}");
        json(&out);
    }
    assert_eq!(
        sb.state()["packages"][id.to_string()]["status"],
        "VALIDATED"
    );

    // Delete needs --yes without a terminal.
    let mut c = env.client(&sb);
    c.args(["package", "delete", "2806005", &id.to_string()]);
    let (code, _, err) = run(c);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--yes"), "{err}");
    let mut c = env.client(&sb);
    c.args(["--yes", "package", "delete", "2806005", &id.to_string()]);
    assert_eq!(run(c).0, 0);
    assert!(sb.state()["packages"].get(id.to_string()).is_none());
}

#[test]
fn create_refuses_invalid_packages_and_the_server_rejects_them_too() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let bad = root().join("tests/corpus/unknown-action-tag.json");
    let mut c = env.client(&sb);
    c.args(["package", "create", "2806005"]).arg(&bad);
    let (code, _, err) = run(c);
    assert_eq!(code, 4, "{err}");
    assert!(err.contains("error[unknown-action-tag]"), "{err}");
    assert!(err.contains("nothing was sent"), "{err}");
    assert_eq!(sb.stats()["requests"], 0, "nothing may reach the server");

    let mut c = env.client(&sb);
    c.args(["package", "create", "2806005", "--no-validate"])
        .arg(&bad);
    let (code, _, err) = run(c);
    assert_eq!(code, 6, "{err}");
    assert!(
        err.contains("400") && err.contains("unknown-action-tag"),
        "{err}"
    );

    // A listing that does not exist: 404 from the server, exit 6.
    let mut c = env.client(&sb);
    c.args(["package", "create", "999"])
        .arg(root().join("examples/packages/credential.json"));
    let (code, _, err) = run(c);
    assert_eq!(code, 6, "{err}");
    assert!(err.contains("404"), "{err}");
}
