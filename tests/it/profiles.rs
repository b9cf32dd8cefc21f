//! Profiles as CI configs: defaults for global and upload flags under flag > environment >
//! profile, and a config this version cannot fully read (wrong types, keys outside a profile)
//! warns and never fails a command.

use crate::util::{Env, Sandbox, json, run};

fn config(env: &Env, text: &str) {
    std::fs::write(env.path("config.toml"), text).unwrap();
}

#[test]
fn wrongly_typed_keys_warn_even_with_quiet_and_never_fail() {
    let env = Env::new();
    config(
        &env,
        "stray = 1\n[default]\ntimeout = \"10m\"\nretries = \"8\"\nquiet = \"yes\"\nparallel = []\n",
    );
    let mut c = env.cmd();
    c.args(["--quiet", "--sandbox", "--output", "json", "auth", "status"]);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    json(&out);
    for key in [
        "'retries'",
        "'quiet'",
        "'parallel'",
        "top-level key 'stray'",
    ] {
        assert!(err.contains(key), "no warning about {key}: {err}");
    }
    // `10m` is the flag's own duration syntax: read, not warned about.
    assert!(!err.contains("'timeout'"), "{err}");
    assert_eq!(err.matches("'retries'").count(), 1, "warned once: {err}");
    // Commands that never resolve credentials read the profile too, and still succeed.
    let mut c = env.cmd();
    c.args(["help", "exit-codes"]);
    let (code, _, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("'retries'"), "{err}");
}

#[test]
fn retries_come_from_flag_then_environment_then_profile() {
    let env = Env::new();
    config(&env, "[default]\nretries = 0\n");
    let sb = Sandbox::start(&env, &["--fail-rate", "1"]);
    let mut seen = 0;
    // (flag, variable, attempts expected)
    for (flag, var, attempts) in [
        (None, None, 1),
        (None, Some("1"), 2),
        (Some("0"), Some("1"), 1),
        (Some("2"), None, 3),
    ] {
        // A token as is: the token fetch keeps its own attempt count.
        let mut c = env.client(&sb);
        c.env_remove("PUBLISHER_CLIENT_ID")
            .env_remove("PUBLISHER_CLIENT_SECRET")
            .env(
                "PUBLISHER_TOKEN",
                "any; every request fails before it is checked",
            );
        if let Some(v) = var {
            c.env("PUBLISHER_RETRIES", v);
        }
        if let Some(f) = flag {
            c.args(["--retries", f]);
        }
        c.args(["image", "list"]);
        let (code, _, err) = run(c);
        assert_eq!(code, 5, "{err}");
        let now = sb.stats()["injectedFailures"].as_u64().unwrap();
        assert_eq!(now - seen, attempts, "flag {flag:?}, variable {var:?}");
        seen = now;
    }
}

#[test]
fn timeout_comes_from_flag_then_environment_then_profile() {
    let env = Env::new();
    // Every answer takes 2 s; a 1 s limit abandons it, and with no retry the command fails.
    config(&env, "[default]\nretries = 0\ntimeout = \"1s\"\n");
    let sb = Sandbox::start(&env, &["--latency", "2000"]);
    for (flag, var, ok) in [
        (None, None, false),
        (None, Some("30"), true),
        (Some("1"), Some("30s"), false),
        (Some("30"), None, true),
    ] {
        let mut c = env.client(&sb);
        if let Some(v) = var {
            c.env("PUBLISHER_TIMEOUT", v);
        }
        if let Some(f) = flag {
            c.args(["--timeout", f]);
        }
        c.args(["image", "list"]);
        let (code, _, err) = run(c);
        assert_eq!(code == 0, ok, "flag {flag:?}, variable {var:?}: {err}");
    }
}

#[test]
fn upload_defaults_come_from_the_profile_below_flags_and_variables() {
    let env = Env::new();
    config(
        &env,
        "[default]\nparallel = 3\nchunk_size = \"256KiB\"\nbwlimit = \"2MiB\"\nwait = \"2m\"\nrequire_checksum = true\n",
    );
    let sb = Sandbox::start(&env, &[]);
    let (file, _) = env.random_file("p.tar.gz", 1024 * 1024, 5);
    let dry = |args: &[&str], vars: &[(&str, &str)]| {
        let mut c = env.client(&sb);
        c.envs(vars.iter().copied())
            .args(["--output", "json", "image", "upload", "--dry-run"])
            .arg(&file)
            .args(args);
        let (code, out, err) = run(c);
        assert_eq!(code, 0, "{args:?} {vars:?}: {err}");
        json(&out)
    };
    let p = dry(&[], &[]);
    assert_eq!(p["parallel"], "3");
    assert_eq!(p["chunkSize"], 256 * 1024);
    assert_eq!(p["chunkCount"], 4);
    assert_eq!(p["bwlimitBytesPerSecond"], 2 * 1024 * 1024);
    assert_eq!(p["waitSeconds"], 120);
    assert_eq!(p["requireChecksum"], true);
    let p = dry(
        &[],
        &[("PUBLISHER_PARALLEL", "5"), ("PUBLISHER_WAIT", "60")],
    );
    assert_eq!(
        (&p["parallel"], &p["waitSeconds"]),
        (&"5".into(), &60.into())
    );
    let p = dry(&["--parallel", "7"], &[("PUBLISHER_PARALLEL", "5")]);
    assert_eq!(p["parallel"], "7");
    // Any other way of choosing the split on the command line sets the profile's size aside
    // (rather than conflicting with it); --no-wait sets its wait aside.
    let p = dry(&["--whole", "--no-wait"], &[]);
    assert_eq!(p["mode"], "whole");
    assert_eq!(p["waitSeconds"], serde_json::Value::Null);
    assert_eq!(dry(&["--chunks", "2"], &[])["chunkCount"], 2);
    let p = dry(&[], &[("PUBLISHER_CHUNKS", "8")]);
    assert_eq!(p["chunkCount"], 8);
}

#[test]
fn quiet_comes_from_flag_then_environment_then_profile() {
    let env = Env::new();
    config(&env, "[default]\nquiet = true\n");
    let (file, _) = env.random_file("q.tar.gz", 64 * 1024, 6);
    for (flag, var, quiet) in [
        (false, None, true),
        (false, Some("0"), false),
        (true, Some("0"), true),
    ] {
        let mut c = env.cmd();
        if let Some(v) = var {
            c.env("PUBLISHER_QUIET", v);
        }
        if flag {
            c.arg("--quiet");
        }
        c.args([
            "--sandbox",
            "--progress",
            "plain",
            "image",
            "upload",
            "--chunks",
            "2",
        ])
        .arg(&file);
        let (code, out, err) = run(c);
        assert_eq!(code, 0, "{err}");
        assert!(!out.is_empty());
        assert_eq!(
            err.is_empty(),
            quiet,
            "flag {flag}, variable {var:?}: {err}"
        );
    }
}
