//! Distribution and CI integrations, run for real: the GitHub Action's script against the
//! sandbox in a simulated runner (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY and RUNNER_TEMP as temp
//! files, the built binary on PATH), the release installer's checksum check, and the sandbox's
//! explicit non-loopback bind used by the container as a CI service.
//!
//! Needs bash, jq, tar, curl and sha256sum (all on GitHub runners and on this project's
//! machines). Left out of the crates.io tarball with the scripts it tests.
#![cfg(unix)]

// The helpers of the main test binary (tests/it). Public, because this binary uses only some
// of them: the others are not dead, just used by tests/it.
#[path = "it/util.rs"]
pub mod util;

#[path = "integrations/container.rs"]
mod container;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use util::{Env, Sandbox, bin, md5_file, root, run};

/// A simulated GitHub runner: the files the runner would give a step.
struct Runner {
    temp: PathBuf,
    output: PathBuf,
    summary: PathBuf,
}

impl Runner {
    fn new(env: &Env) -> Runner {
        let temp = env.path("runner-temp");
        std::fs::create_dir_all(&temp).unwrap();
        let r = Runner {
            output: env.path("github-output"),
            summary: env.path("step-summary"),
            temp,
        };
        std::fs::write(&r.output, "").unwrap();
        std::fs::write(&r.summary, "").unwrap();
        r
    }

    /// `bash .github/action/run.sh STEP` with `base`'s environment (isolated publisher dirs,
    /// maybe sandbox credentials) and the inputs as INPUT_* variables.
    fn step(&self, base: Command, step: &str, inputs: &[(&str, &str)]) -> (i32, String, String) {
        let mut c = job_shell("bash", &base);
        c.arg(root().join(".github/action/run.sh"))
            .arg(step)
            .env("GITHUB_OUTPUT", &self.output)
            .env("GITHUB_STEP_SUMMARY", &self.summary)
            .env("RUNNER_TEMP", &self.temp)
            .env_remove("PUBLISHER_DATA_DIR")
            .current_dir(root())
            .stdin(Stdio::null());
        for (k, v) in inputs {
            c.env(k, v);
        }
        run(c)
    }

    /// Outputs so far (a later value for a name wins, as on GitHub).
    fn outputs(&self) -> HashMap<String, String> {
        std::fs::read_to_string(&self.output)
            .unwrap()
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn summary(&self) -> String {
        std::fs::read_to_string(&self.summary).unwrap()
    }
}

/// `shell` as a CI job would run it: `base`'s environment (isolated publisher directories,
/// maybe sandbox credentials) and the built binary first on PATH, as if installed.
fn job_shell(shell: &str, base: &Command) -> Command {
    let mut c = Command::new(shell);
    for (k, v) in base.get_envs() {
        match v {
            Some(v) => c.env(k, v),
            None => c.env_remove(k),
        };
    }
    let path = format!(
        "{}:{}",
        bin().parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    c.env("PATH", path);
    c
}

fn sha256(p: &Path) -> String {
    let out = Command::new("sha256sum")
        .arg(p)
        .output()
        .expect("sha256sum");
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn action_validate_writes_annotations_sarif_counts_and_summary() {
    let env = Env::new();
    let gh = Runner::new(&env);
    let (code, out, err) = gh.step(
        env.cmd(),
        "package-validate",
        &[("INPUT_FILE", "tests/golden/broken.json")],
    );
    assert_eq!(code, 4, "an invalid package fails the step: {err}");
    // The annotations are exactly publisher's GitHub format.
    let want = std::fs::read_to_string(root().join("tests/golden/broken.out.github")).unwrap();
    assert_eq!(out, want);
    let o = gh.outputs();
    assert_eq!(o["errors"], "3");
    assert_eq!(o["warnings"], "2");
    let sarif_path = gh.temp.join("publisher-package.sarif");
    assert_eq!(Path::new(&o["sarif-file"]), sarif_path);
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif_path).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 5);
    let s = gh.summary();
    assert!(s.contains("### publisher package validate: failed"), "{s}");
    assert!(s.contains("| `tests/golden/broken.json` | 3 | 2 |"), "{s}");
    assert!(s.contains("| error | `unknown-enum` | 27 |"), "{s}");

    // A clean package passes, with zero counts; a chosen SARIF path is honoured.
    let gh = Runner::new(&env);
    let chosen = env.path("chosen.sarif");
    let (code, out, err) = gh.step(
        env.cmd(),
        "package-validate",
        &[
            ("INPUT_FILE", "examples/packages/custom-action.json"),
            ("INPUT_SARIF_FILE", chosen.to_str().unwrap()),
            ("INPUT_DENY_WARNINGS", "true"),
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let o = gh.outputs();
    assert_eq!((o["errors"].as_str(), o["warnings"].as_str()), ("0", "0"));
    assert_eq!(Path::new(&o["sarif-file"]), chosen);
    assert!(chosen.is_file());
    assert!(gh.summary().contains("validate: passed"));

    // A missing file is one clear annotation and a failed step.
    let gh = Runner::new(&env);
    let (code, out, _) = gh.step(
        env.cmd(),
        "package-validate",
        &[("INPUT_FILE", "nope.json")],
    );
    assert_eq!(code, 4);
    assert!(
        out.contains("::error title=publisher::no such file: nope.json"),
        "{out}"
    );
}

#[test]
fn action_upload_outputs_summary_journal_and_rerun() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let (image, md5) = env.random_file("image.tar.gz", 300_000, 15);
    let file = image.to_str().unwrap();
    let gh = Runner::new(&env);

    let (code, _, err) = gh.step(env.cmd(), "prepare", &[("INPUT_FILE", file)]);
    assert_eq!(code, 0, "{err}");
    let o = gh.outputs();
    assert_eq!(
        o["digest"],
        sha256(&image),
        "the cache key is the artefact's SHA-256"
    );
    let data_dir = gh.temp.join("publisher-data");
    assert_eq!(Path::new(&o["data-dir"]), data_dir);

    let inputs = [
        ("INPUT_FILE", file),
        ("INPUT_ARGS", "--chunks 3 --version 2.1"),
    ];
    let (code, out, err) = gh.step(env.client(&sb), "image-upload", &inputs);
    assert_eq!(code, 0, "{out}{err}");
    let o = gh.outputs();
    let id: u64 = o["upload-request-id"].parse().expect("an id");
    assert_eq!(o["md5"], md5);
    assert_eq!(o["verification"], "md5");
    assert!(
        out.contains(&format!(
            "::notice title=publisher image upload::upload request {id} verified (md5)"
        )),
        "{out}"
    );
    // The server really has the file, in 3 chunks, under the given version.
    assert_eq!(md5_file(&sb.stored_image(id)), md5);
    let st = sb.state();
    let req = &st["images"][id.to_string()];
    assert_eq!(req["chunks"].as_object().map(|c| c.len()), Some(3), "{req}");
    let s = gh.summary();
    assert!(
        s.contains("| File | Upload request | MD5 | Verification |"),
        "{s}"
    );
    assert!(s.contains(&format!("| {id} | `{md5}` | md5 |")), "{s}");
    // The journal lives in the directory the action caches.
    let journals = std::fs::read_dir(&data_dir).unwrap().count();
    assert!(journals > 0, "nothing in {}", data_dir.display());

    // A re-run on the same runner: the journal says it is done; same request, nothing re-sent.
    let before = sb.stats();
    let (code, out, err) = gh.step(env.client(&sb), "image-upload", &inputs);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(gh.outputs()["upload-request-id"], id.to_string());
    assert_eq!(
        sb.stats()["bytesReceived"],
        before["bytesReceived"],
        "{}",
        sb.stats()
    );

    // A restored journal on a fresh runner: same content, new file identity. publisher
    // re-hashes, finds every chunk's MD5 unchanged and reports the same upload; nothing is sent.
    let copy = env.path("copy");
    std::fs::copy(&image, &copy).unwrap();
    std::fs::remove_file(&image).unwrap();
    std::fs::rename(&copy, &image).unwrap();
    let before = sb.stats();
    let (code, out, err) = gh.step(env.client(&sb), "image-upload", &inputs);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("::warning"), "{out}");
    assert_eq!(gh.outputs()["upload-request-id"], id.to_string());
    assert_eq!(
        sb.stats()["chunkBytes"],
        before["chunkBytes"],
        "a fresh copy of the same content re-sent chunks"
    );
    assert_eq!(md5_file(&sb.stored_image(id)), md5);
}

#[test]
fn action_upload_failure_is_an_error_annotation_and_a_failed_summary() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let (image, _) = env.random_file("image.tar.gz", 10_000, 3);
    let gh = Runner::new(&env);
    let mut base = env.client(&sb);
    base.env("PUBLISHER_CLIENT_SECRET", "not-the-s3cret-xyz");
    let (code, out, _) = gh.step(
        base,
        "image-upload",
        &[("INPUT_FILE", image.to_str().unwrap())],
    );
    assert_eq!(code, 3, "publisher's exit code is the step's: {out}");
    assert!(
        out.starts_with("::error title=publisher image upload::"),
        "{out}"
    );
    let s = gh.summary();
    assert!(s.contains("### publisher image upload failed"), "{s}");
    assert!(s.contains("| 3 |"), "{s}");
    assert!(!gh.outputs().contains_key("upload-request-id"));
    assert!(!s.contains("not-the-s3cret-xyz") && !out.contains("not-the-s3cret-xyz"));
}

/// A fake release directory as the release workflow lays it out.
fn release(env: &Env, version: &str, target: &str) -> (PathBuf, PathBuf) {
    let base = env.path("releases");
    let dir = base.join(format!("v{version}"));
    let stage = env.path("stage");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::create_dir_all(&stage).unwrap();
    std::fs::write(
        stage.join("publisher"),
        "#!/bin/sh\necho publisher-from-release \"$@\"\n",
    )
    .unwrap();
    let name = format!("publisher-{version}-{target}.tar.gz");
    let tar = Command::new("tar")
        .arg("-czf")
        .arg(dir.join(&name))
        .arg("-C")
        .arg(&stage)
        .arg("publisher")
        .status()
        .unwrap();
    assert!(tar.success());
    let sums = format!("{}  {name}\n", sha256(&dir.join(&name)));
    std::fs::write(dir.join("SHA256SUMS"), sums).unwrap();
    (base, dir)
}

fn install(env: &Env, base: &Path, dest: &Path, target: &str) -> (i32, String, String) {
    let mut c = Command::new("sh");
    c.arg(root().join(".github/release/install.sh"))
        .env("PUBLISHER_VERSION", "v9.8.7")
        .env(
            "PUBLISHER_DOWNLOAD_URL",
            format!("file://{}", base.display()),
        )
        .env("PUBLISHER_TARGET", target)
        .env("PUBLISHER_INSTALL_DIR", dest)
        .env("HOME", env.path("home"));
    run(c)
}

#[test]
fn installer_verifies_the_checksum_before_installing() {
    let env = Env::new();
    let target = "x86_64-unknown-linux-musl";
    let (base, dir) = release(&env, "9.8.7", target);
    let dest = env.path("bin");
    let (code, out, err) = install(&env, &base, &dest, target);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("installed publisher 9.8.7 (x86_64-unknown-linux-musl"),
        "{out}"
    );
    let ran = Command::new(dest.join("publisher"))
        .arg("--version")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&ran.stdout),
        "publisher-from-release --version\n"
    );

    // A tampered archive (its checksum no longer matches): refused, nothing installed.
    let dest2 = env.path("bin2");
    let sums = std::fs::read_to_string(dir.join("SHA256SUMS")).unwrap();
    std::fs::write(
        dir.join("SHA256SUMS"),
        format!("{}{}", "0".repeat(64), &sums[64..]),
    )
    .unwrap();
    let (code, _, err) = install(&env, &base, &dest2, target);
    assert_eq!(code, 1);
    assert!(err.contains("checksum mismatch"), "{err}");
    assert!(!dest2.join("publisher").exists());

    // No line for this archive in SHA256SUMS, and a target with no release: both refused.
    std::fs::write(dir.join("SHA256SUMS"), "").unwrap();
    let (code, _, err) = install(&env, &base, &dest2, target);
    assert_eq!(code, 1);
    assert!(err.contains("SHA256SUMS has no line"), "{err}");
    let (code, _, err) = install(&env, &base, &dest2, "riscv64gc-unknown-linux-musl");
    assert_eq!(code, 1);
    assert!(err.contains("cannot download"), "{err}");
}

/// `publisher sandbox ARGS` on port 0: (child, first stdout line, stderr up to the banner's end).
fn sandbox(env: &Env, args: &[&str]) -> (std::process::Child, String, String) {
    let mut child = env
        .cmd()
        .args(["sandbox", "--port", "0", "--data-dir"])
        .arg(env.path("sb"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut url = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut url)
        .unwrap();
    let mut err = String::new();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    for l in lines.by_ref() {
        let l = l.unwrap();
        err.push_str(&l);
        err.push('\n');
        if l.contains("Ctrl-C") {
            break;
        }
    }
    (child, url.trim().to_string(), err)
}

#[test]
fn sandbox_binds_beyond_loopback_only_when_asked_and_warns() {
    let env = Env::new();
    let (mut child, url, err) = sandbox(&env, &["--bind", "0.0.0.0"]);
    assert!(url.starts_with("http://0.0.0.0:"), "{url}");
    assert!(
        err.contains("binding to 0.0.0.0 exposes the sandbox beyond this machine"),
        "{err}"
    );
    // Reachable (here through loopback, as a CI service would be through its alias).
    let port = url.rsplit(':').next().unwrap();
    let reached = std::net::TcpStream::connect(format!("127.0.0.1:{port}")).is_ok();
    let _ = child.kill();
    let _ = child.wait();
    assert!(reached);

    // The default stays on loopback, silently.
    let (mut child, url, err) = sandbox(&env, &[]);
    let _ = child.kill();
    let _ = child.wait();
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    assert!(!err.contains("exposes"), "{err}");
}

#[test]
fn action_reads_verification_when_reported_else_derives_it_from_verified() {
    let env = Env::new();
    let (image, _) = env.random_file("image.tar.gz", 100, 1);
    for (json, want, level) in [
        (
            r#"{"uploadRequestId": 7, "md5": "ab", "verified": false, "verification": "chunks"}"#,
            "chunks",
            "notice",
        ),
        (
            r#"{"uploadRequestId": 7, "md5": "ab", "verified": true}"#,
            "md5",
            "notice",
        ),
        (
            r#"{"uploadRequestId": 7, "md5": "ab", "verified": false}"#,
            "none",
            "warning",
        ),
    ] {
        let fake = env.path("fake-publisher");
        std::fs::write(&fake, format!("#!/bin/sh\ncat <<'JSON'\n{json}\nJSON\n")).unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
        let gh = Runner::new(&env);
        let mut base = env.cmd();
        base.env("PUBLISHER_BIN", &fake);
        let (code, out, err) = gh.step(
            base,
            "image-upload",
            &[("INPUT_FILE", image.to_str().unwrap())],
        );
        assert_eq!(code, 0, "{out}{err}");
        let o = gh.outputs();
        assert_eq!(o["verification"], want, "{json}");
        assert_eq!(o["upload-request-id"], "7");
        assert!(out.starts_with(&format!("::{level} ")), "{out}");
    }
}

/// The shell of a job in templates/publisher.yml: its `script:` block items (`- |`), joined,
/// as GitLab's runner runs them in one shell.
fn gitlab_job_script(job: &str) -> String {
    let text = std::fs::read_to_string(root().join("templates/publisher.yml")).unwrap();
    let mut lines = text.lines().skip_while(|l| *l != format!("{job}:")).skip(1);
    let mut in_script = false;
    let mut script = String::new();
    for l in lines.by_ref() {
        let indent = l.len() - l.trim_start().len();
        if !l.trim().is_empty() && indent == 0 {
            break;
        }
        if indent == 2 && !l.trim().is_empty() {
            in_script = l.trim() == "script:";
            continue;
        }
        if !in_script || l.trim_start().starts_with('#') && indent == 4 {
            continue;
        }
        if l.trim() == "- |" {
            continue;
        }
        assert!(
            l.trim().is_empty() || indent >= 6,
            "only `- |` items expected: {l:?}"
        );
        script.push_str(l.get(6..).unwrap_or(""));
        script.push('\n');
    }
    assert!(!script.is_empty(), "no script for {job}");
    script
}

fn gitlab_job(
    env: &Env,
    base: Command,
    job: &str,
    vars: &[(&str, &str)],
) -> (i32, String, PathBuf) {
    let dir = env.path(&format!("gitlab-{job}"));
    std::fs::create_dir_all(&dir).unwrap();
    let mut c = job_shell("sh", &base);
    c.args(["-e", "-c", &gitlab_job_script(job)])
        .env("PUBLISHER_DATA_DIR", dir.join(".publisher-data"))
        .current_dir(&dir);
    for (k, v) in vars {
        c.env(k, v);
    }
    let (code, out, err) = run(c);
    (code, format!("{out}{err}"), dir)
}

#[test]
fn gitlab_validate_job_prints_text_and_writes_its_reports() {
    let env = Env::new();
    let broken = root().join("tests/golden/broken.json");
    let vars = [
        ("PUBLISHER_PACKAGE", broken.to_str().unwrap()),
        ("PUBLISHER_ARTEFACT", ""),
        ("PUBLISHER_DENY_WARNINGS", "false"),
    ];
    let (code, log, dir) = gitlab_job(&env, env.cmd(), "publisher-package-validate", &vars);
    assert_eq!(code, 4, "{log}");
    assert!(
        log.contains("error[unknown-enum]"),
        "human text in the job log: {log}"
    );
    let cq: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("gl-code-quality-report.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(cq.as_array().unwrap().len(), 5);
    let junit = std::fs::read_to_string(dir.join("publisher-junit.xml")).unwrap();
    assert!(junit.contains("failures=\"3\""), "{junit}");
    assert!(dir.join("publisher.sarif").is_file());

    // --deny-warnings from the boolean input.
    let clean = root().join("examples/packages/custom-action.json");
    let vars = [
        ("PUBLISHER_PACKAGE", clean.to_str().unwrap()),
        ("PUBLISHER_ARTEFACT", ""),
        ("PUBLISHER_DENY_WARNINGS", "true"),
    ];
    let (code, log, _) = gitlab_job(&env, env.cmd(), "publisher-package-validate", &vars);
    assert_eq!(code, 0, "{log}");
}

#[test]
fn gitlab_upload_job_uploads_and_writes_dotenv() {
    let env = Env::new();
    let sb = Sandbox::start(&env, &[]);
    let (image, md5) = env.random_file("image.tar.gz", 200_000, 9);
    // A cached journal directory left by other content, to be dropped.
    let stale = env.path("gitlab-publisher-image-upload/.publisher-data/0ther-digest");
    std::fs::create_dir_all(&stale).unwrap();
    let vars = [
        ("PUBLISHER_IMAGE_FILE", image.to_str().unwrap()),
        ("PUBLISHER_UPLOAD_ARGS", "--chunks 2"),
    ];
    let (code, log, dir) = gitlab_job(&env, env.client(&sb), "publisher-image-upload", &vars);
    assert_eq!(code, 0, "{log}");
    let dotenv = std::fs::read_to_string(dir.join("publisher.env")).unwrap();
    let id = dotenv
        .lines()
        .find_map(|l| l.strip_prefix("PUBLISHER_UPLOAD_REQUEST_ID="))
        .unwrap();
    let id: u64 = id.parse().unwrap_or_else(|_| panic!("{dotenv}"));
    assert!(
        dotenv.contains(&format!("PUBLISHER_MD5={md5}\n")),
        "{dotenv}"
    );
    assert!(dotenv.contains("PUBLISHER_VERIFICATION=md5\n"), "{dotenv}");
    assert_eq!(md5_file(&sb.stored_image(id)), md5);
    // The journal sits in the cached directory under the artefact's digest, alone.
    let cached: Vec<_> = std::fs::read_dir(dir.join(".publisher-data"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(cached, [sha256(&image)], "{log}");

    // A missing image: one clear line and the input exit code, before any cache is touched.
    let missing = env.path("no-such-image.tar.gz");
    let vars = [("PUBLISHER_IMAGE_FILE", missing.to_str().unwrap())];
    let (code, log, dir) = gitlab_job(&env, env.client(&sb), "publisher-image-upload", &vars);
    assert_eq!(code, 4, "{log}");
    assert!(log.contains("no such file"), "{log}");
    assert!(dir.join(".publisher-data").join(sha256(&image)).is_dir());
}
