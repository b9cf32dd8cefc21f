//! The CLI surface: committed completions and man page stay current, exit codes are
//! documented, and the example pipeline runs.

mod common;

use common::{Env, root, run};

fn check_committed(file: &str, actual: &[u8]) {
    let p = root().join("completions").join(file);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&p, actual).unwrap();
    }
    let want = std::fs::read(&p).unwrap_or_default();
    assert!(
        want == actual,
        "completions/{file} is stale; regenerate with: UPDATE_GOLDEN=1 cargo test --test cli"
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
fn committed_man_page_is_current_and_lists_exit_codes() {
    let env = Env::new();
    let mut c = env.cmd();
    c.arg("man");
    let out = c.output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(".TH publisher") && text.contains("EXIT STATUS"));
    check_committed("publisher.1", &out.stdout);
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
        assert!(
            readme.contains(&format!("| {} | `{}` |", e.code(), e.name())),
            "README lacks exit code {}",
            e.code()
        );
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
    let out = std::process::Command::new("bash")
        .arg(root().join("examples/pipeline.sh"))
        .env("PUBLISHER", common::bin())
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
