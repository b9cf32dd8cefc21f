//! Build metadata for `publisher --version`: commit (when built from a git checkout), build
//! date (SOURCE_DATE_EPOCH when set, for reproducible builds) and target. A tarball build
//! without .git or without git installed still works: the commit reads "unknown".

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(std::env::var_os("CARGO_MANIFEST_DIR")?)
        .output()
        .ok()?;
    let s = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !s.is_empty()).then_some(s)
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian.
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    let manifest =
        std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    // Only this crate's own checkout counts: a tarball unpacked inside another repository must
    // not report that repository's commit.
    let own_checkout = git(&["rev-parse", "--show-toplevel"])
        .and_then(|t| std::fs::canonicalize(t).ok())
        .zip(std::fs::canonicalize(&manifest).ok())
        .is_some_and(|(top, m)| top == m);
    let commit = if own_checkout {
        git(&["rev-parse", "--short=12", "HEAD"])
    } else {
        None
    };
    if commit.is_some() {
        // HEAD moves on checkout, the branch ref on commit (loose or packed). Only existing
        // files are watched: a missing one would rerun this script, and rebuild, every time.
        let mut watch = vec!["HEAD".to_string(), "packed-refs".to_string()];
        watch.extend(git(&["rev-parse", "--symbolic-full-name", "HEAD"]));
        for p in &watch {
            if let Some(path) = git(&["rev-parse", "--git-path", p]) {
                let path = std::path::Path::new(&path);
                let abs = if path.is_absolute() {
                    path.to_path_buf()
                } else {
                    manifest.join(path)
                };
                if abs.exists() {
                    println!("cargo:rerun-if-changed={}", abs.display());
                }
            }
        }
    }
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0)
        });
    let (y, m, d) = civil(secs.div_euclid(86_400));
    println!(
        "cargo:rustc-env=PUBLISHER_COMMIT={}",
        commit.unwrap_or_else(|| "unknown (not built from git)".into())
    );
    println!("cargo:rustc-env=PUBLISHER_BUILD_DATE={y:04}-{m:02}-{d:02}");
    println!(
        "cargo:rustc-env=PUBLISHER_TARGET={}",
        std::env::var("TARGET").unwrap_or_else(|_| "unknown".into())
    );
}
