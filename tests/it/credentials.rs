//! Credentials during uploads: a wrong secret, secrets kept out of traces, the token cache and
//! its refetch after a 401, and a bearer token from the environment.

use crate::upload::upload;
use crate::util::{Env, Sandbox, run};

#[test]
fn wrong_secret_fails_with_exit_3_and_never_prints_it() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let (file, _) = env.random_file("a.tar.gz", 1000, 10);
    let mut c = env.client(&sb);
    c.env("PUBLISHER_CLIENT_SECRET", "wrong-secret-XYZ")
        .args(["-vv", "image", "upload"])
        .arg(&file);
    let (code, out, err) = run(c);
    assert_eq!(code, 3, "{err}");
    assert!(!out.contains("wrong-secret-XYZ") && !err.contains("wrong-secret-XYZ"));
    assert!(
        err.contains("401") || err.to_lowercase().contains("credential"),
        "{err}"
    );
}

#[test]
fn secrets_and_tokens_never_appear_in_verbose_traces() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let (file, _) = env.random_file("v.tar.gz", 5000, 11);
    let mut c = env.client(&sb);
    c.args(["-vv", "image", "upload", "--chunks", "2"])
        .arg(&file);
    let (code, out, err) = run(c);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("authorization"), "-vv shows headers: {err}");
    assert!(!err.contains(crate::util::SECRET) && !out.contains(crate::util::SECRET));
    // The token the sandbox issued is in the cache file; it must not be in the output.
    let cache = std::fs::read_dir(env.path("cache/tokens"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let token: serde_json::Value = serde_json::from_slice(&std::fs::read(&cache).unwrap()).unwrap();
    let token = token["access_token"].as_str().unwrap();
    assert!(!err.contains(token) && !out.contains(token));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&cache).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

#[test]
fn token_is_cached_and_refetched_once_after_a_401() {
    let env = Env::new();
    let mut sb = Sandbox::start(&env, &[]);
    let (file, _) = env.random_file("t.tar.gz", 2000, 12);
    assert_eq!(upload(&env, &sb, &["--whole", file.to_str().unwrap()]).0, 0);
    let (f2, _) = env.random_file("t2.tar.gz", 2000, 13);
    assert_eq!(upload(&env, &sb, &["--whole", f2.to_str().unwrap()]).0, 0);
    assert_eq!(
        sb.stats()["tokensIssued"],
        1,
        "second run reuses the cached token"
    );
    // A restarted sandbox forgets its tokens: the cached one now gets a 401.
    let port = sb.port();
    sb.stop();
    let sb = Sandbox::start_on(&env, &port, &[]);
    let (f3, _) = env.random_file("t3.tar.gz", 2000, 14);
    let (code, _, err) = upload(&env, &sb, &["--whole", f3.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(sb.stats()["tokensIssued"], 1, "refetched exactly once");
}

#[test]
fn bearer_token_from_environment_is_used_as_is() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let mut c = env.cmd();
    c.env("PUBLISHER_ENDPOINT", &sb.url)
        .env("PUBLISHER_USER", "ci@example.com")
        .env("PUBLISHER_TOKEN", "not-a-valid-token")
        .args(["image", "status", "1"]);
    let (code, _, err) = run(c);
    assert_eq!(code, 3, "{err}");
    assert!(!err.contains("not-a-valid-token"));
}
