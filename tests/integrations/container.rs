//! The container recipe, read rather than built (no Docker engine needed): every input of
//! `cargo build` reaches the build stage before it builds. A file the recipe forgets builds
//! everywhere but in the image, as build.rs, added after the Dockerfile, once did.

use std::path::{Component, Path, PathBuf};

use crate::util::root;

/// The Dockerfile's instructions: continuation lines joined, comments and blank lines dropped.
fn instructions(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.strip_suffix('\\') {
            Some(part) => current.push_str(part),
            None => {
                current.push_str(line);
                out.push(std::mem::take(&mut current));
            }
        }
    }
    out
}

/// The sources copied from the build context in the stage that runs `cargo build`, up to that
/// instruction (`COPY --from=...` copies from another stage, not the context).
fn copied_before_cargo_build(dockerfile: &str) -> Vec<String> {
    let mut copied = Vec::new();
    for inst in instructions(dockerfile) {
        let mut words = inst.split_whitespace();
        match words.next().map(str::to_ascii_uppercase).as_deref() {
            Some("FROM") => copied.clear(),
            Some("COPY" | "ADD") => {
                let args: Vec<&str> = words.collect();
                if args.iter().any(|a| a.starts_with("--from")) {
                    continue;
                }
                let paths: Vec<&str> = args.into_iter().filter(|a| !a.starts_with("--")).collect();
                assert!(!inst.contains('['), "exec-form COPY not understood: {inst}");
                if let Some((_dest, sources)) = paths.split_last() {
                    copied.extend(sources.iter().map(|s| normal(Path::new(s))));
                }
            }
            Some("RUN") if inst.contains("cargo build") => return copied,
            _ => {}
        }
    }
    panic!("no `RUN cargo build` in the Dockerfile");
}

/// `p` relative to the checkout, without `.`/`..` or a trailing slash, `/`-separated.
fn normal(p: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                parts.pop();
            }
            Component::Normal(s) => parts.push(s.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    parts.join("/")
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// What `cargo build` reads from the checkout: the manifest and lock file, the build script,
/// the library's and binaries' sources, and any file the sources include at compile time.
fn build_inputs() -> Vec<String> {
    let root = root();
    let manifest: toml::Table = std::fs::read_to_string(root.join("Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let mut inputs = vec!["Cargo.toml".to_string(), "Cargo.lock".to_string()];
    match manifest["package"].get("build") {
        Some(toml::Value::String(script)) => inputs.push(normal(Path::new(script))),
        Some(_) => {}
        None if root.join("build.rs").exists() => inputs.push("build.rs".into()),
        None => {}
    }
    let targets = manifest.get("lib").into_iter().chain(
        manifest
            .get("bin")
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten(),
    );
    for target in targets {
        if let Some(path) = target.get("path").and_then(toml::Value::as_str) {
            inputs.push(normal(Path::new(path)));
        }
    }
    let mut sources = Vec::new();
    rust_files(&root.join("src"), &mut sources);
    for file in sources {
        let text = std::fs::read_to_string(&file).unwrap();
        for macro_call in ["include_str!(\"", "include_bytes!(\""] {
            for (at, _) in text.match_indices(macro_call) {
                let rest = &text[at + macro_call.len()..];
                let included = &rest[..rest.find('"').unwrap()];
                let dir = file.parent().unwrap().strip_prefix(&root).unwrap();
                inputs.push(normal(&dir.join(included)));
            }
        }
    }
    inputs
}

fn covers(source: &str, input: &str) -> bool {
    source.is_empty() || input == source || input.starts_with(&format!("{source}/"))
}

#[test]
fn dockerfile_copies_every_build_input_before_cargo_build() {
    let dockerfile = std::fs::read_to_string(root().join("Dockerfile")).unwrap();
    let copied = copied_before_cargo_build(&dockerfile);
    let ignored: Vec<String> = std::fs::read_to_string(root().join(".dockerignore"))
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('!'))
        .map(|l| normal(Path::new(l)))
        .collect();
    let inputs = build_inputs();
    for must in ["Cargo.toml", "Cargo.lock", "build.rs", "src/main.rs"] {
        assert!(
            inputs.iter().any(|i| covers(i, must)),
            "{must} missing from {inputs:?}"
        );
    }
    for input in &inputs {
        assert!(
            copied.iter().any(|s| covers(s, input)),
            "the Dockerfile builds without {input}: copy it before `cargo build` (copied: {copied:?})"
        );
        assert!(
            !ignored.iter().any(|i| covers(i, input)),
            ".dockerignore keeps {input} out of the build context"
        );
    }
}

#[test]
fn copied_sources_are_read_from_the_build_stage_only() {
    let dockerfile = "FROM a AS build\nCOPY x.toml \\\n  y.lock ./\nCOPY --chown=1 src ./src\n\
                      RUN cargo build\nFROM b\nCOPY --from=build /p /p\n";
    assert_eq!(
        copied_before_cargo_build(dockerfile),
        ["x.toml", "y.lock", "src"]
    );
    assert!(covers("src", "src/main.rs") && !covers("src", "srcx/a.rs"));
    assert!(covers("", "build.rs"), "`COPY . .` copies everything");
}
