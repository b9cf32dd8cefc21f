//! Issue 12: publisher in CI jobs and shell scripts. JSON for every failure, environment and
//! profile defaults, CI secrets, `--jq`, list envelopes, `application wait`, and the polish
//! items. Closed pipes, panics and progress on every terminal (points 1 and 2) are in
//! `terminals.rs`.

use std::io::{BufRead, BufReader, Write};

use crate::util::{Env, SECRET, Sandbox, json, run};
use clap::CommandFactory;

// 3. --output json covers every failure, usage errors included.

#[test]
fn usage_errors_are_json_on_stdout_in_json_mode() {
    let env = Env::new();
    for (args, env_out) in [
        (
            vec![
                "--output", "json", "image", "upload", "x", "--chunks", "2", "--whole",
            ],
            None,
        ),
        (
            vec!["image", "upload", "x", "--chunks", "2", "--whole"],
            Some("json"),
        ),
        (vec!["--output=json", "image", "nosuch"], None),
        (
            vec!["--output", "json", "image", "list", "--limit", "500"],
            None,
        ),
    ] {
        let mut c = env.cmd();
        if let Some(o) = env_out {
            c.env("PUBLISHER_OUTPUT", o);
        }
        c.args(&args);
        let (code, out, err) = run(c);
        assert_eq!(code, 2, "{args:?}");
        assert!(err.contains("error:"), "{err}");
        let v = json(&out);
        assert_eq!(v["error"]["exit"], 2, "{out}");
        assert_eq!(v["error"]["kind"], "usage", "{out}");
        assert!(!v["error"]["message"].as_str().unwrap().is_empty());
        assert!(v["error"]["details"]["usageError"].is_string(), "{out}");
    }
    // Text mode, and --jq (stdout is only what the filter selects): nothing on stdout.
    for args in [
        vec!["image", "upload", "x", "--chunks", "2", "--whole"],
        vec!["--output", "json", "--jq", ".x", "application", "wait", "1"],
        vec![
            "--jq",
            ".x",
            "--sandbox",
            "application",
            "wait",
            "359107",
            "--status",
            "X",
            "--timeout",
            "0",
        ],
    ] {
        let mut c = env.cmd();
        c.args(&args);
        let (code, out, _) = run(c);
        assert!(code == 2 || code == 9, "{args:?}");
        assert_eq!(out, "", "{args:?}");
    }
    // Help and version are not errors.
    let mut c = env.cmd();
    c.args(["--output", "json", "--help"]);
    assert_eq!(run(c).0, 0);
}

// 4. Environment variables, precedence, `help environment`, profile defaults.

fn clap_env_vars() -> Vec<String> {
    fn walk(c: &clap::Command, out: &mut Vec<String>) {
        for a in c.get_arguments() {
            if let Some(e) = a.get_env() {
                out.push(e.to_string_lossy().into_owned());
            }
        }
        for s in c.get_subcommands() {
            walk(s, out);
        }
    }
    let mut out = vec![];
    walk(&publisher::cli::Cli::command(), &mut out);
    out
}

#[test]
fn every_global_and_upload_flag_has_a_variable_listed_in_help_and_readme() {
    let cmd = publisher::cli::Cli::command();
    let upload = cmd
        .find_subcommand("image")
        .and_then(|i| i.find_subcommand("upload"))
        .unwrap();
    let no_env_needed = [
        "help", "version", "file", "jq", "verbose", "endpoint", "user", "profile",
    ];
    for a in cmd.get_arguments().chain(upload.get_arguments()) {
        let id = a.get_id().as_str();
        if no_env_needed.contains(&id) {
            continue;
        }
        assert!(a.get_env().is_some(), "--{id} has no environment variable");
    }
    let env = Env::new();
    let mut c = env.cmd();
    c.args(["help", "environment"]);
    let (code, out, _) = run(c);
    assert_eq!(code, 0);
    let readme = std::fs::read_to_string(crate::util::root().join("README.md")).unwrap();
    let mut all = clap_env_vars();
    all.extend(
        [
            "PUBLISHER_ENDPOINT",
            "PUBLISHER_USER",
            "PUBLISHER_PROFILE",
            "PUBLISHER_VERBOSE",
            "PUBLISHER_CLIENT_SECRET_FILE",
            "PUBLISHER_TOKEN_FILE",
            "NO_COLOR",
            "CLICOLOR_FORCE",
            "FORCE_COLOR",
            "HTTPS_PROXY",
            "HTTP_PROXY",
            "NO_PROXY",
            "XDG_CONFIG_HOME",
            "XDG_CACHE_HOME",
            "XDG_DATA_HOME",
        ]
        .map(String::from),
    );
    for v in all {
        assert!(out.contains(&v), "help environment lacks {v}");
        assert!(readme.contains(&format!("`{v}`")), "README lacks {v}");
    }
}

#[test]
fn flag_beats_environment_beats_profile_and_unknown_keys_only_warn() {
    let env = Env::new();
    std::fs::write(
        env.path("config.toml"),
        "[default]\noutput = \"json\"\nfrom_a_newer_version = true\n[ci]\nretries = 0\noutput = \"ndjson\"\n",
    )
    .unwrap();
    let is_json = |args: &[&str], var: Option<&str>| {
        let mut c = env.cmd();
        if let Some(v) = var {
            c.env("PUBLISHER_OUTPUT", v);
        }
        c.args(args).args(["help", "exit-codes"]);
        let (code, out, err) = run(c);
        assert_eq!(code, 0, "{err}");
        serde_json::from_str::<serde_json::Value>(&out).is_ok()
    };
    assert!(is_json(&[], None), "profile default applies");
    assert!(!is_json(&[], Some("text")), "environment beats profile");
    assert!(
        is_json(&["--output", "json"], Some("text")),
        "flag beats environment"
    );
    assert!(!is_json(&["--output", "text"], None), "flag beats profile");
    // An unknown key is a warning on commands that resolve settings, never a failure.
    let mut c = env.cmd();
    c.args(["--sandbox", "auth", "status"]);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("unknown key 'from_a_newer_version'"), "{err}");
    // An empty variable is unset, not an invalid value.
    let mut c = env.cmd();
    c.env("PUBLISHER_YES", "")
        .env("PUBLISHER_OUTPUT", "")
        .args(["help", "exit-codes"]);
    assert_eq!(run(c).0, 0);
    // Boolean variables: PUBLISHER_YES answers confirmations.
    let mut c = env.cmd();
    c.env("PUBLISHER_YES", "1")
        .args(["--sandbox", "application", "withdraw", "359107"]);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
}

// 5. Secrets fit CI.

#[test]
fn secret_and_token_files_token_command_and_auth_token() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let secret_file = env.path("secret");
    std::fs::write(&secret_file, format!("{SECRET}\n")).unwrap();
    let base = |c: &mut std::process::Command| {
        c.env("PUBLISHER_ENDPOINT", &sb.url)
            .env("PUBLISHER_USER", "ci@example.com");
    };
    // Client secret from a file; `auth token` prints the token and nothing else.
    let mut c = env.cmd();
    base(&mut c);
    c.env("PUBLISHER_CLIENT_ID", "sandbox-client")
        .env("PUBLISHER_CLIENT_SECRET_FILE", &secret_file)
        .args(["-vv", "auth", "token"]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    let token = out.trim().to_string();
    assert_eq!(out, format!("{token}\n"));
    assert!(token.len() > 10 && !token.contains(' '));
    assert!(!err.contains(SECRET) && !err.contains(&token), "{err}");
    // That token works in PUBLISHER_TOKEN_FILE.
    let token_file = env.path("token");
    std::fs::write(&token_file, &token).unwrap();
    let mut c = env.cmd();
    base(&mut c);
    c.env("PUBLISHER_TOKEN_FILE", &token_file)
        .args(["--output", "json", "listing", "list"]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(json(&out)["items"].is_array());
    // And from a profile's token_command.
    std::fs::write(
        env.path("config.toml"),
        format!(
            "[default]\ntoken_command = \"cat '{}'\"\n",
            token_file.display()
        ),
    )
    .unwrap();
    let mut c = env.cmd();
    base(&mut c);
    c.args(["--output", "json", "auth", "status"]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains(&token), "{out}");
    assert!(
        json(&out)["credentialsSource"]
            .as_str()
            .unwrap()
            .contains("token_command")
    );
    let mut c = env.cmd();
    base(&mut c);
    c.args(["auth", "token"]);
    let (code, out, _) = run(c);
    assert_eq!((code, out.trim()), (0, token.as_str()));
    // A failing token_command is exit 3.
    std::fs::write(
        env.path("config.toml"),
        "[default]\ntoken_command = \"exit 7\"\n",
    )
    .unwrap();
    let mut c = env.cmd();
    base(&mut c);
    c.args(["listing", "list"]);
    assert_eq!(run(c).0, 3);
}

// 6. Fields without helper programs.

#[test]
fn jq_ndjson_and_one_list_envelope_everywhere() {
    let env = Env::new();
    let (file, _) = env.random_file("e.tar.gz", 100_000, 2);
    let mut c = env.cmd();
    c.args(["--sandbox", "-q", "image", "upload", "--chunks", "2"])
        .arg(&file);
    assert_eq!(run(c).0, 0);
    for list in [
        vec!["image", "list"],
        vec!["image", "list", "--all"],
        vec!["listing", "list", "--all"],
        vec!["application", "list", "--all"],
        vec!["package", "list", "2806005"],
        vec!["package", "list", "2806005", "--all"],
        vec!["image", "uploads"],
        vec!["image", "uploads", "--all"],
    ] {
        let mut c = env.cmd();
        c.args(["--sandbox", "--output", "json"]).args(&list);
        let (code, out, err) = run(c);
        assert_eq!(code, 0, "{list:?}: {err}");
        let v = json(&out);
        for k in ["items", "hasMore", "count", "totalResults"] {
            assert!(v.get(k).is_some(), "{list:?} lacks {k}: {out}");
        }
        assert_eq!(
            v["count"].as_u64().unwrap() as usize,
            v["items"].as_array().unwrap().len()
        );
        // ndjson: one item per line.
        let mut c = env.cmd();
        c.args(["--sandbox", "--output", "ndjson"]).args(&list);
        let (_, nd, _) = run(c);
        assert_eq!(
            nd.lines().count(),
            v["items"].as_array().unwrap().len(),
            "{nd}"
        );
        for l in nd.lines() {
            json(l);
        }
    }
    // Times are RFC 3339.
    let mut c = env.cmd();
    c.args([
        "--sandbox",
        "--jq",
        ".items[0].updatedAt",
        "image",
        "uploads",
    ]);
    let (_, out, _) = run(c);
    assert!(humantime::parse_rfc3339(out.trim()).is_ok(), "{out}");
    // --jq prints raw strings, JSON for the rest, one per line.
    let mut c = env.cmd();
    c.args([
        "--sandbox",
        "--jq",
        ".items[].listingVersionId",
        "listing",
        "list",
    ]);
    let (code, out, _) = run(c);
    assert_eq!(code, 0);
    assert!(out.lines().any(|l| l == "359107"), "{out}");
    let mut c = env.cmd();
    c.args([
        "--sandbox",
        "--jq",
        ".items[] | select(.status.code == \"PUBLISHED\") | .name",
        "listing",
        "list",
    ]);
    let (_, out, _) = run(c);
    assert_eq!(out, "Acme Published App\n");
    // Local commands' JSON too.
    let pkg = crate::util::root().join("examples/packages/compute-acme.json");
    let mut c = env.cmd();
    c.args(["--jq", ".errors"])
        .arg("package")
        .arg("validate")
        .arg(&pkg);
    let (code, out, _) = run(c);
    assert_eq!((code, out.as_str()), (0, "0\n"));
    let mut c = env.cmd();
    c.args([
        "--jq",
        ".exitCodes[] | select(.code == 9) | .name",
        "help",
        "exit-codes",
    ]);
    assert_eq!(run(c).1, "timed_out\n");
    let mut c = env.cmd();
    c.args(["--jq", ".items[", "help", "exit-codes"]);
    assert_eq!(run(c).0, 2);
}

#[test]
fn failure_details_are_rendered_into_the_error_json() {
    let f = publisher::error::Failure::new(publisher::error::Exit::ChecksumMismatch, "bad")
        .with_details(serde_json::json!({"uploadRequestId": 42}));
    let v = f.to_json();
    assert_eq!(v["error"]["details"]["uploadRequestId"], 42);
    assert_eq!(v["error"]["exit"], 7);
    assert!(
        publisher::error::Failure::usage("x").to_json()["error"]
            .get("details")
            .is_none()
    );
}

// 7. application wait.

#[test]
fn application_wait_returns_the_state_or_exit_9() {
    let env = Env::new();
    let mut c = env.cmd();
    c.args([
        "--sandbox",
        "--output",
        "json",
        "application",
        "wait",
        "359107",
        "--status",
        "APPROVED,PUBLISHED",
        "--timeout",
        "1h",
    ]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert_eq!(json(&out)["status"], "PUBLISHED");
    let mut c = env.cmd();
    c.args([
        "--sandbox",
        "--output",
        "json",
        "application",
        "wait",
        "359107",
        "--status",
        "NEW",
        "--timeout",
        "1s",
        "--interval",
        "100ms",
    ]);
    let (code, out, err) = run(c);
    assert_eq!(code, 9, "{err}");
    let v = json(&out);
    assert_eq!(v["error"]["kind"], "timed_out");
    assert_eq!(v["error"]["details"]["status"], "PUBLISHED");
    assert!(err.contains("PUBLISHED"), "{err}");
}

// 9. Polish.

/// A loopback server that answers 500 to everything and counts requests.
fn always_500() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", l.local_addr().unwrap());
    let n = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let n2 = n.clone();
    std::thread::spawn(move || {
        for s in l.incoming() {
            let Ok(mut s) = s else { continue };
            n2.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let mut r = BufReader::new(s.try_clone().unwrap());
            let mut line = String::new();
            while r.read_line(&mut line).unwrap_or(0) > 0 && line != "\r\n" {
                line.clear();
            }
            let _ = s.write_all(
                b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
    });
    (url, n)
}

#[test]
fn retries_count_retries_after_the_first_attempt() {
    let env = Env::new();
    // With a token given, the listing request; with client credentials, the token fetch.
    for (retries, requests, token) in [
        ("0", 1, true),
        ("2", 3, true),
        ("0", 1, false),
        ("2", 3, false),
    ] {
        let (url, n) = always_500();
        let mut c = env.cmd();
        c.env("PUBLISHER_ENDPOINT", &url)
            .env("PUBLISHER_USER", "ci@example.com")
            .env("PUBLISHER_RETRIES", retries)
            .args(["listing", "list"]);
        if token {
            c.env("PUBLISHER_TOKEN", "t");
        } else {
            c.env_remove("PUBLISHER_TOKEN")
                .env("PUBLISHER_CLIENT_ID", "ci")
                .env("PUBLISHER_CLIENT_SECRET", "never-printed");
        }
        let (code, _, err) = run(c);
        assert_eq!(code, 5, "{err}");
        assert_eq!(
            n.load(std::sync::atomic::Ordering::SeqCst),
            requests,
            "{err}"
        );
    }
}

#[test]
fn a_409_about_overwrite_storage_file_suggests_overwrite() {
    let f: publisher::error::Failure = publisher::api::ApiError::Status {
        status: 409,
        what: "POST /machineimages".into(),
        message: "storage file exists; set overwriteStorageFile".into(),
        attempts: 1,
    }
    .into();
    assert!(f.message.contains("--overwrite"), "{}", f.message);
}

#[test]
fn help_usage_version_and_colour() {
    let env = Env::new();
    let mut c = env.cmd();
    c.args(["help", "image", "upload"]);
    let (code, out, _) = run(c);
    assert_eq!(code, 0);
    assert!(out.contains("Usage: publisher image upload"), "{out}");
    let mut c = env.cmd();
    c.arg("--version");
    let (code, out, _) = run(c);
    assert_eq!(code, 0);
    for k in ["publisher 0.", "commit:", "built:", "target:", "tls:"] {
        assert!(out.contains(k), "--version lacks {k}: {out}");
    }
    let coloured = |args: &[&str], vars: &[(&str, &str)]| {
        let mut c = env.cmd();
        c.env_remove("NO_COLOR").env("TERM", "xterm");
        for (k, v) in vars {
            c.env(k, v);
        }
        c.args(args).args(["help", "image", "upload"]);
        run(c).1.contains('\x1b')
    };
    assert!(!coloured(&[], &[]), "not a terminal");
    assert!(coloured(&["--color", "always"], &[]));
    assert!(coloured(&[], &[("CLICOLOR_FORCE", "1")]));
    assert!(coloured(&[], &[("FORCE_COLOR", "1")]));
    assert!(!coloured(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]));
    assert!(!coloured(
        &[],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]
    ));
    assert!(coloured(&[], &[("PUBLISHER_COLOR", "always")]));
    // clap's own --help follows the same choice.
    let help = |args: &[&str], vars: &[(&str, &str)]| {
        let mut c = env.cmd();
        c.env_remove("NO_COLOR").env("TERM", "xterm");
        for (k, v) in vars {
            c.env(k, v);
        }
        c.args(args).arg("--help");
        run(c).1.contains('\x1b')
    };
    assert!(help(&["--color", "always"], &[]));
    assert!(help(&[], &[("FORCE_COLOR", "1")]));
    assert!(!help(&["--color", "never"], &[("CLICOLOR_FORCE", "1")]));
    assert!(!help(&[], &[]));
}

#[cfg(unix)]
#[test]
fn state_directories_are_0700_and_their_files_0600() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::new();
    // A token directory left 0755 (file 0644) by an older version is tightened; the cache
    // root itself was chosen by PUBLISHER_CACHE_DIR and is left alone.
    std::fs::create_dir_all(env.path("cache/tokens")).unwrap();
    std::fs::write(env.path("cache/tokens/old"), "x").unwrap();
    std::fs::set_permissions(
        env.path("cache/tokens"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    std::fs::set_permissions(
        env.path("cache/tokens/old"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    std::fs::set_permissions(env.path("cache"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let sb = Sandbox::start(&env, &[]);
    let (file, _) = env.random_file("m.tar.gz", 100_000, 3);
    let mut c = env.client(&sb);
    c.args(["-q", "image", "upload", "--chunks", "2"])
        .arg(&file);
    assert_eq!(run(c).0, 0);
    let mut checked = 0;
    let root = std::fs::metadata(env.path("cache"))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(
        root, 0o755,
        "a directory chosen by the user is not ours to change"
    );
    let mut stack = vec![env.path("cache/tokens"), env.path("data")];
    while let Some(d) = stack.pop() {
        let mode = std::fs::metadata(&d).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "{}", d.display());
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
                assert_eq!(mode, 0o600, "{}", p.display());
                checked += 1;
            }
        }
    }
    assert!(checked >= 3, "tokens, journal and lock expected");
}

#[test]
fn log_file_takes_the_verbose_traces() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let log = env.path("trace.log");
    let mut c = env.client(&sb);
    c.args(["-vv", "--log-file"])
        .arg(&log)
        .args(["listing", "list"]);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("-> "), "traces went to stderr: {err}");
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("-> GET") && text.contains("<- 200"), "{text}");
    assert!(!text.contains(SECRET), "{text}");
}
