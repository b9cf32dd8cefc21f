//! The CLI surface: committed completions and man page stay current, exit codes are
//! documented, and the example pipeline runs.

use crate::util::{Env, root, run};

fn check_committed(file: &str, actual: &[u8]) {
    let p = root().join("completions").join(file);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&p, actual).unwrap();
    }
    let want = std::fs::read(&p).unwrap_or_default();
    assert!(
        want == actual,
        "completions/{file} is stale; regenerate with: UPDATE_GOLDEN=1 cargo test --test it cli::"
    );
}

#[test]
fn committed_completions_are_current() {
    let env = Env::new();
    for (shell, file) in [
        ("bash", "publisher.bash"),
        ("zsh", "_publisher"),
        ("fish", "publisher.fish"),
        ("powershell", "_publisher.ps1"),
        ("elvish", "publisher.elv"),
    ] {
        let mut c = env.cmd();
        c.args(["completions", shell]);
        let out = c.output().unwrap();
        assert!(out.status.success(), "{shell}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("upload"),
            "{shell}"
        );
        check_committed(file, &out.stdout);
    }
}

#[test]
fn committed_man_pages_are_current_with_environment_files_and_exit_status() {
    let env = Env::new();
    let mut c = env.cmd();
    c.arg("man");
    let out = c.output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for section in [".TH publisher", "ENVIRONMENT", "FILES", "EXIT STATUS"] {
        assert!(text.contains(section), "publisher.1 lacks {section}");
    }
    // One page per subcommand, all committed, none stale, none left over.
    let dir = env.path("man");
    let mut c = env.cmd();
    c.args(["man", "--out-dir"]).arg(&dir);
    assert_eq!(run(c).0, 0);
    let mut generated: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    generated.sort();
    assert!(generated.contains(&"publisher-image-upload.1".to_string()));
    for name in &generated {
        let page = std::fs::read(dir.join(name)).unwrap();
        check_committed(name, &page);
        // Every page referenced in SEE ALSO exists.
        let text = String::from_utf8_lossy(&page);
        for word in text.split(|c: char| c.is_whitespace() || c == ',') {
            if let Some(i) = word.find("publisher\\-") {
                let name: String = word[i..]
                    .replace("\\-", "-")
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                assert!(
                    generated.contains(&format!("{name}.1")),
                    "{name} is referenced but has no page"
                );
            }
        }
    }
    let mut committed: Vec<String> = std::fs::read_dir(root().join("completions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".1"))
        .collect();
    committed.sort();
    assert_eq!(committed, generated, "stale man pages under completions/");
    let mut c = env.cmd();
    c.args(["man", "image", "upload"]);
    let (code, out, _) = run(c);
    assert_eq!(code, 0);
    assert!(out.contains("publisher\\-image\\-upload"), "{out}");
    subcommand_pages_list_their_variables(&dir);
}

/// clap_mangen drops clap's `[env: ...]`: each subcommand page has its own ENVIRONMENT section
/// naming the variable of every option it documents.
fn subcommand_pages_list_their_variables(dir: &std::path::Path) {
    use clap::CommandFactory;
    fn walk(cmd: &clap::Command, name: &str, dir: &std::path::Path) {
        let vars: Vec<&str> = cmd
            .get_arguments()
            .filter_map(|a| a.get_env().and_then(|e| e.to_str()))
            .collect();
        if !vars.is_empty() {
            let page = std::fs::read_to_string(dir.join(format!("{name}.1"))).unwrap();
            let env_section = page
                .split(".SH ENVIRONMENT")
                .nth(1)
                .unwrap_or_else(|| panic!("{name}.1 has no ENVIRONMENT section"));
            for v in vars {
                assert!(env_section.contains(v), "{name}.1 does not name {v}");
            }
        }
        for s in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(s, &format!("{name}-{}", s.get_name()), dir);
        }
    }
    let mut cmd = publisher::cli::Cli::command();
    cmd.build();
    for s in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        walk(s, &format!("publisher-{}", s.get_name()), dir);
    }
}

#[test]
fn exit_codes_are_documented_in_help_and_readme() {
    let env = Env::new();
    let mut c = env.cmd();
    c.args(["help", "exit-codes"]);
    let (code, out, _) = run(c);
    assert_eq!(code, 0);
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    for (e, meaning) in publisher::error::Exit::TABLE {
        assert!(
            out.contains(&format!("{:>3}  {}", e.code(), e.name())),
            "help lacks {e:?}: {out}"
        );
        assert!(out.contains(meaning));
        // README's table is the same text, row for row.
        assert!(
            readme.contains(&format!("| {} | `{}` | {meaning} |\n", e.code(), e.name())),
            "README's row for exit code {} differs from `help exit-codes`",
            e.code()
        );
    }
    // The upload contract, in words: what exit 0, 6 and 7 promise.
    let meaning = |code: i32| {
        publisher::error::Exit::TABLE
            .iter()
            .find(|(e, _)| e.code() == code)
            .map(|(_, m)| *m)
            .unwrap_or_default()
    };
    for (code, words) in [
        (0, &["verified", "`md5`", "`chunks`"][..]),
        (6, &["4xx", "status", "failure"][..]),
        (
            7,
            &["checksum differs", "`--require-checksum`", "no MD5"][..],
        ),
    ] {
        for w in words {
            assert!(
                meaning(code).contains(w),
                "exit {code} lacks '{w}': {}",
                meaning(code)
            );
        }
    }
    let mut c = env.cmd();
    c.args(["help", "image", "upload"]);
    let (code, out, _) = run(c);
    assert_eq!(code, 0);
    assert!(out.contains("--chunks"));
    let mut c = env.cmd();
    c.args(["help", "nonsense"]);
    assert_eq!(run(c).0, 2);
}

#[test]
fn destructive_commands_need_yes_without_a_terminal() {
    let env = Env::new();
    for args in [
        vec!["--sandbox", "image", "delete", "8000001"],
        vec!["--sandbox", "application", "withdraw", "359107"],
    ] {
        let mut c = env.cmd();
        c.args(&args);
        let (code, _, err) = run(c);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(err.contains("--yes"), "{err}");
    }
}

#[test]
fn listing_and_application_lifecycle_in_the_embedded_sandbox() {
    let env = Env::new();
    let cmd = |args: &[&str]| {
        let mut c = env.cmd();
        c.arg("--sandbox").args(args);
        run(c)
    };
    let (code, out, _) = cmd(&["listing", "list", "--status", "PUBLISHED"]);
    assert_eq!(code, 0);
    assert!(out.contains("359107") && !out.contains("2806005"), "{out}");
    // Submitting without a validated package is refused by the server (exit 6).
    let (code, _, err) = cmd(&["application", "submit", "3047418"]);
    assert_eq!(code, 6, "{err}");
    assert!(err.contains("validate"), "{err}");
    // A published listing gets a new version, which starts as NEW.
    let (code, out, err) = cmd(&["--output", "json", "application", "version", "359107"]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let new_id = v["listingVersionId"].as_u64().unwrap().to_string();
    let (code, out, _) = cmd(&["--output", "json", "application", "get", &new_id]);
    assert_eq!(code, 0);
    assert!(out.contains("\"NEW\""), "{out}");
    let (code, _, _) = cmd(&["--yes", "application", "withdraw", "359107"]);
    assert_eq!(code, 0);
}

#[test]
fn example_pipeline_runs() {
    let script = std::fs::read_to_string(root().join("examples/pipeline.sh")).unwrap();
    for helper in ["python", " jq ", "| jq", "$(jq"] {
        assert!(!script.contains(helper), "pipeline.sh uses {helper:?}");
    }
    let out = std::process::Command::new("bash")
        .arg(root().join("examples/pipeline.sh"))
        .env("PUBLISHER", crate::util::bin())
        .env_remove("PUBLISHER_ENDPOINT")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("published listing 2806005"));
}

/// Results are one typed struct each: JSON by serialization, text from the same fields.
#[test]
fn typed_results_keep_their_json_shape_and_text() {
    let env = Env::new();
    let out = |args: &[&str]| {
        let mut c = env.cmd();
        c.args(args);
        let (code, out, err) = run(c);
        assert_eq!(code, 0, "{args:?}: {err}");
        out
    };
    let v: serde_json::Value =
        serde_json::from_str(&out(&["--output", "json", "help", "exit-codes"])).unwrap();
    assert_eq!(v["exitCodes"][7]["code"], 7);
    assert_eq!(v["exitCodes"][7]["name"], "checksum_mismatch");
    assert!(v["exitCodes"][7]["meaning"].is_string());
    assert!(out(&["help", "exit-codes"]).contains("checksum_mismatch"));
    let v: serde_json::Value =
        serde_json::from_str(&out(&["--output", "json", "help", "environment"])).unwrap();
    let first = &v["environment"][0];
    assert!(
        first["name"].is_string() && first["description"].is_string(),
        "{v}"
    );
    let v: serde_json::Value =
        serde_json::from_str(&out(&["--output", "json", "package", "explain"])).unwrap();
    let rule = v["rules"][0]["id"].as_str().unwrap().to_string();
    assert!(v["rules"][0].get("explanation").is_none(), "{v}");
    let one: serde_json::Value =
        serde_json::from_str(&out(&["--output", "json", "package", "explain", &rule])).unwrap();
    assert_eq!(one["id"], rule.as_str());
    let explanation = one["explanation"].as_str().unwrap();
    assert!(out(&["package", "explain", &rule]).contains(explanation));
    let v: serde_json::Value =
        serde_json::from_str(&out(&["--output", "json", "image", "uploads"])).unwrap();
    assert_eq!(
        v,
        serde_json::json!({"items": [], "hasMore": false, "count": 0, "totalResults": 0, "uploads": []})
    );
    assert_eq!(out(&["image", "uploads"]).trim(), "no upload journals");
}
