//! Issue 12, points 1 and 2: publisher at the ends of pipes and on every terminal: closed stdout and stderr, an
//! unwritable stdout, panics, and progress on dumb, missing and chosen terminals.

use std::process::Stdio;

use crate::util::{Env, json, run};

/// Run with stdout (or stderr) closed before publisher writes anything.
fn run_closed(mut c: std::process::Command, close_stderr: bool) -> (i32, String) {
    c.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    let mut kept = String::new();
    if close_stderr {
        drop(child.stderr.take());
        std::io::Read::read_to_string(child.stdout.as_mut().unwrap(), &mut kept).unwrap();
    } else {
        drop(child.stdout.take());
        std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut kept).unwrap();
    }
    let status = child.wait().unwrap();
    (status.code().unwrap_or(-1), kept)
}

#[test]
fn a_closed_stdout_ends_quietly_with_exit_0() {
    let env = Env::new();
    for args in [
        vec!["completions", "bash"],
        vec!["man"],
        vec!["help", "environment"],
        vec!["package", "schema"],
        vec!["sandbox", "--list-readings"],
        vec!["--sandbox", "--output", "json", "listing", "list", "--all"],
        vec!["--sandbox", "--output", "ndjson", "image", "list", "--all"],
    ] {
        let mut c = env.cmd();
        c.args(&args);
        let (code, err) = run_closed(c, false);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}

/// A stdout that cannot be written (a full disk) is a failure, not a quiet success.
#[cfg(target_os = "linux")]
#[test]
fn an_unwritable_stdout_is_exit_1() {
    let env = Env::new();
    for args in [
        vec!["help", "exit-codes"],
        vec!["package", "schema"],
        vec!["sandbox", "--list-readings"],
    ] {
        let mut c = env.cmd();
        c.args(&args)
            .stdout(std::fs::File::create("/dev/full").unwrap());
        let out = c.output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("No space left"), "{err}");
        // Reported as what it is, not as a bug (a print panic would say "internal error").
        assert!(!err.contains("internal error"), "{args:?}: {err}");
    }
}

#[test]
fn a_closed_stderr_never_panics() {
    let env = Env::new();
    // A usage error writes to stderr only; a warning-producing command writes before its result.
    let mut c = env.cmd();
    c.args(["image", "upload", "x", "--chunks", "2", "--whole"]);
    assert_eq!(run_closed(c, true).0, 2);
    std::fs::write(env.path("config.toml"), "[default]\nfuture_key = 1\n").unwrap();
    let mut c = env.cmd();
    c.args(["--sandbox", "--output", "json", "listing", "list"]);
    let (code, out) = run_closed(c, true);
    assert_eq!(code, 0);
    assert!(json(&out)["items"].is_array());
}

#[test]
fn a_panic_is_exit_1_internal_error_without_backtrace() {
    let env = Env::new();
    let mut c = env.cmd();
    c.env("PUBLISHER_DEBUG_PANIC", "1")
        .env_remove("RUST_BACKTRACE")
        .args(["--output", "json", "help"]);
    let (code, out, err) = run(c);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("internal error, please report"), "{err}");
    assert!(
        !err.contains("stack backtrace") && !err.contains(" 0: "),
        "{err}"
    );
    let v = json(&out);
    assert_eq!(v["error"]["exit"], 1);
    assert_eq!(v["error"]["kind"], "internal");
}

#[test]
fn progress_is_plain_on_a_dumb_or_missing_term_and_can_be_chosen() {
    let env = Env::new();
    for (i, (term, progress, expect_lines)) in [
        (Some("dumb"), None, true),
        (None, None, true),
        (Some("xterm"), Some("plain"), true),
        (Some("xterm"), Some("none"), false),
    ]
    .into_iter()
    .enumerate()
    {
        let (file, _) = env.random_file(&format!("p{i}.tar.gz"), 200_000, i as u64);
        let mut c = env.cmd();
        match term {
            Some(t) => c.env("TERM", t),
            None => c.env_remove("TERM"),
        };
        if let Some(p) = progress {
            c.env("PUBLISHER_PROGRESS", p);
        }
        c.args([
            "--sandbox",
            "image",
            "upload",
            "--overwrite",
            "--chunks",
            "2",
        ])
        .arg(&file);
        let (code, _, err) = run(c);
        assert_eq!(code, 0, "{err}");
        let plain = err
            .lines()
            .any(|l| l.contains(" uploading ") && l.contains('%'));
        assert_eq!(plain, expect_lines, "{term:?} {progress:?}: {err}");
        // Notes (here: the upload request and its chunks) show whatever the progress mode.
        assert!(
            err.contains("chunks of up to"),
            "{term:?} {progress:?}: {err}"
        );
        assert!(!err.contains('\r') && !err.contains('\x1b'), "{err:?}");
    }
    let mut c = env.cmd();
    c.args(["--progress", "sideways", "help"]);
    assert_eq!(run(c).0, 2);
}

/// On a real terminal (a pty from util-linux `script`): TERM=dumb or unset gets plain lines.
#[cfg(target_os = "linux")]
#[test]
fn a_dumb_terminal_gets_plain_progress_lines() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: util-linux `script` is not installed");
        return;
    }
    let env = Env::new();
    for (i, term) in [Some("dumb"), None].into_iter().enumerate() {
        let (file, _) = env.random_file(&format!("t{i}.tar.gz"), 200_000, 20 + i as u64);
        let line = format!(
            "'{}' --sandbox image upload --chunks 2 '{}'",
            crate::util::bin().display(),
            file.display()
        );
        let mut c = env.cmd();
        c.env_remove("NO_COLOR");
        match term {
            Some(t) => c.env("TERM", t),
            None => c.env_remove("TERM"),
        };
        // `script` gives the command a terminal on stdin, stdout and stderr.
        let mut c2 = std::process::Command::new("script");
        c2.args(["-qec", &line, "/dev/null"]);
        for (k, v) in c.get_envs() {
            match v {
                Some(v) => c2.env(k, v),
                None => c2.env_remove(k),
            };
        }
        let (code, out, _) = run(c2);
        assert_eq!(code, 0, "{out}");
        let out = out.replace("\r\n", "\n");
        assert!(
            out.lines()
                .any(|l| l.contains(" uploading ") && l.contains('%')),
            "{term:?}: {out:?}"
        );
        assert!(
            !out.contains('\r') && !out.contains('\x1b'),
            "{term:?}: {out:?}"
        );
    }
}
