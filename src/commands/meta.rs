//! Commands about publisher itself: completions, man pages, help topics.

use std::path::Path;

use clap::CommandFactory;

use serde::Serialize;

use crate::cli::{Cli, OutputFormat};
use crate::error::{Exit, Failure};
use crate::output::Report;

pub fn completions(shell: clap_complete::Shell) -> Result<(), Failure> {
    let mut cmd = Cli::command();
    // Generated into memory first: clap_complete panics on a closed stdout, we exit quietly.
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "publisher", &mut buf);
    crate::output::stdout(&buf);
    Ok(())
}

/// Variables read outside clap (clap-declared ones are collected from the command tree).
const OTHER_ENV: &[(&str, &str)] = &[
    (
        "PUBLISHER_ENDPOINT",
        "--endpoint: API host root, or `sandbox` for the embedded emulator",
    ),
    (
        "PUBLISHER_USER",
        "--user: partner user e-mail (X-Oracle-UserId)",
    ),
    ("PUBLISHER_PROFILE", "--profile: profile of the config file"),
    ("PUBLISHER_VERBOSE", "-v: 1 or 2 (traces)"),
    (
        "PUBLISHER_CLIENT_ID",
        "client id, exchanged with the secret for a token",
    ),
    ("PUBLISHER_CLIENT_SECRET", "client secret"),
    (
        "PUBLISHER_CLIENT_SECRET_FILE",
        "file holding the client secret (CI secret mounts)",
    ),
    ("PUBLISHER_TOKEN", "a bearer token used as is"),
    ("PUBLISHER_TOKEN_FILE", "file holding a bearer token"),
    (
        "PUBLISHER_CONFIG",
        "config file (profiles) [default: <config dir>/config.toml]",
    ),
    (
        "PUBLISHER_CACHE_DIR",
        "cache directory (cached tokens), kept 0700",
    ),
    (
        "PUBLISHER_DATA_DIR",
        "data directory (upload journals, embedded sandbox), kept 0700",
    ),
    (
        "PUBLISHER_SANDBOX_READINGS",
        "readings the embedded --sandbox plays, comma-separated KEY=VALUE (as `publisher sandbox --reading`)",
    ),
    (
        "PUBLISHER_DEBUG_PANIC",
        "test hook: panic at start (checks the exit-1 contract)",
    ),
    ("NO_COLOR", "non-empty: no colour (with --color auto)"),
    ("CLICOLOR", "0: no colour (with --color auto)"),
    (
        "CLICOLOR_FORCE",
        "non-empty and not 0: colour even without a terminal",
    ),
    ("FORCE_COLOR", "same as CLICOLOR_FORCE"),
    (
        "TERM",
        "unset or `dumb`: no colour, and plain progress lines instead of bars",
    ),
    ("CI", "set: plain progress lines instead of bars"),
    (
        "HTTPS_PROXY",
        "proxy for https endpoints (also https_proxy, ALL_PROXY); never used for a loopback endpoint",
    ),
    (
        "HTTP_PROXY",
        "proxy for plain http endpoints (also http_proxy)",
    ),
    (
        "NO_PROXY",
        "comma-separated hosts reached without the proxy (also no_proxy)",
    ),
    (
        "XDG_CONFIG_HOME",
        "Linux: <config dir> is $XDG_CONFIG_HOME/publisher [default: ~/.config/publisher]",
    ),
    (
        "XDG_CACHE_HOME",
        "Linux: <cache dir> is $XDG_CACHE_HOME/publisher [default: ~/.cache/publisher]",
    ),
    (
        "XDG_DATA_HOME",
        "Linux: <data dir> is $XDG_DATA_HOME/publisher [default: ~/.local/share/publisher]",
    ),
    ("RUST_BACKTRACE", "1: a backtrace with an internal error"),
];

/// Every environment variable publisher reads: (name, what it sets).
pub fn environment() -> Vec<(String, String)> {
    let mut out = Vec::new();
    option_vars(&Cli::command(), "", true, &mut out);
    out.extend(
        OTHER_ENV
            .iter()
            .map(|(n, h)| (n.to_string(), h.to_string())),
    );
    out
}

/// The variables of `cmd`'s options (and, with `deep`, its subcommands'), each once: (name,
/// `--flag (scope): help`). `path` is the command path the scope is named by.
fn option_vars(cmd: &clap::Command, path: &str, deep: bool, out: &mut Vec<(String, String)>) {
    for a in cmd.get_arguments() {
        let Some(env) = a.get_env().and_then(|e| e.to_str()) else {
            continue;
        };
        if out.iter().any(|(n, _)| n == env) {
            continue;
        }
        let flag = a
            .get_long()
            .map(|l| format!("--{l}"))
            .unwrap_or_else(|| a.get_id().to_string());
        let scope = if a.is_global_set() || path.is_empty() {
            String::new()
        } else {
            format!(" ({path})")
        };
        let help = a
            .get_help()
            .map(|h| h.to_string())
            .unwrap_or_default()
            .split(" [env:")
            .next()
            .unwrap_or_default()
            .to_string();
        out.push((env.to_string(), format!("{flag}{scope}: {help}")));
    }
    if !deep {
        return;
    }
    for s in cmd.get_subcommands() {
        let p = if path.is_empty() {
            s.get_name().to_string()
        } else {
            format!("{path} {}", s.get_name())
        };
        option_vars(s, &p, true, out);
    }
}

fn environment_text(vars: &[Variable]) -> String {
    let mut s = String::from(
        "Environment (a flag wins over its variable, a variable over the profile in the config file):\n",
    );
    for v in vars {
        s.push_str(&format!("  {:<30} {}\n", v.name, v.description));
    }
    s
}

const FILES: &[(&str, &str)] = &[
    (
        "<config dir>/config.toml",
        "profiles: endpoint, user, credentials (client_id, client_secret, client_secret_file, token_command) and flag defaults (output, progress, color, retries, timeout, ca_bundle, events, log_file, quiet, yes, allow_http; for image upload: parallel, chunk_size, bwlimit, wait, require_checksum, verify_resume); PUBLISHER_CONFIG overrides. On Linux <config dir> is ~/.config/publisher.",
    ),
    (
        "<cache dir>/tokens/",
        "cached bearer tokens (0600 in a 0700 directory); PUBLISHER_CACHE_DIR overrides. On Linux ~/.cache/publisher.",
    ),
    (
        "<data dir>/uploads/",
        "upload journals and lock files, for resume; PUBLISHER_DATA_DIR overrides. On Linux ~/.local/share/publisher.",
    ),
    ("<data dir>/sandbox/", "storage of the embedded `--sandbox`"),
];

fn roff_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('-', "\\-")
        .replace('\'', "\\(aq")
}

/// ENVIRONMENT (every variable on publisher(1); on a subcommand's page the variables of its
/// own options, since clap_mangen drops clap's `[env: ...]`), FILES and EXIT STATUS.
fn extra_sections(cmd: &clap::Command, top: bool) -> Vec<u8> {
    let mut out = String::new();
    let vars = if top {
        environment()
    } else {
        let mut v = Vec::new();
        option_vars(cmd, "", false, &mut v);
        v
    };
    if !vars.is_empty() {
        out.push_str(".SH ENVIRONMENT\n");
        for (n, h) in vars {
            out.push_str(&format!(
                ".TP\n\\fB{}\\fR\n{}\n",
                roff_escape(&n),
                roff_escape(&h)
            ));
        }
        if !top {
            out.push_str(".PP\nSee \\fBpublisher\\fR(1) for every variable (credentials, endpoint, directories, proxies).\n");
        }
    }
    if top {
        out.push_str(".SH FILES\n");
        for (n, h) in FILES {
            out.push_str(&format!(
                ".TP\n\\fI{}\\fR\n{}\n",
                roff_escape(n),
                roff_escape(h)
            ));
        }
    }
    out.push_str(".SH \"EXIT STATUS\"\n");
    for (code, meaning) in Exit::TABLE {
        out.push_str(&format!(
            ".TP\n\\fB{}\\fR ({})\n{}\n",
            code.code(),
            roff_escape(code.name()),
            roff_escape(meaning)
        ));
    }
    out.push_str(&format!(
        ".PP\nA closed standard output (a reader such as `head` that stopped reading) ends publisher quietly with {}.\n",
        crate::output::CLOSED_STDOUT_EXIT
    ));
    if !top {
        out.push_str(".SH \"SEE ALSO\"\n\\fBpublisher\\fR(1)\n");
    }
    out.into_bytes()
}

/// A built command tree (bin names like `publisher image upload` filled in).
fn built() -> clap::Command {
    let mut cmd = Cli::command();
    cmd.build();
    cmd
}

/// Every man page: (file name, roff). `publisher.1`, then one per subcommand, depth first
/// (`publisher-image.1`, `publisher-image-upload.1`, ...), as committed under `completions/`.
pub fn man_pages() -> Vec<(String, Vec<u8>)> {
    fn walk(cmd: &clap::Command, top: bool, out: &mut Vec<(String, Vec<u8>)>) {
        let man = clap_mangen::Man::new(cmd.clone());
        let mut page = Vec::new();
        let _ = man.render(&mut page);
        page.extend(extra_sections(cmd, top));
        out.push((man.get_filename(), page));
        for s in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
            walk(s, false, out);
        }
    }
    let mut out = vec![];
    // The short version only: a commit and build date would make the committed pages stale.
    let cmd = built().long_version(None::<&'static str>);
    walk(&cmd, true, &mut out);
    out
}

pub fn man(command: &[String], out_dir: Option<&Path>) -> Result<(), Failure> {
    let pages = man_pages();
    if let Some(dir) = out_dir {
        std::fs::create_dir_all(dir).map_err(|e| {
            Failure::input(format!("--out-dir {}: cannot create: {e}", dir.display()))
        })?;
        for (name, page) in &pages {
            let p = dir.join(name);
            std::fs::write(&p, page)
                .map_err(|e| Failure::input(format!("{}: cannot write: {e}", p.display())))?;
            // Man pages are for everyone (packagers install them), despite the private umask.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let _ = std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644));
            }
        }
        crate::ui::note(&format!(
            "wrote {} man pages to {}",
            pages.len(),
            dir.display()
        ));
        return Ok(());
    }
    let name = if command.is_empty() {
        "publisher.1".to_string()
    } else {
        format!("publisher-{}.1", command.join("-"))
    };
    match pages.into_iter().find(|(n, _)| *n == name) {
        Some((_, page)) => {
            crate::output::stdout(&page);
            Ok(())
        }
        None => Err(Failure::usage(format!(
            "no man page for '{}'; see `publisher --help` for the commands",
            command.join(" ")
        ))),
    }
}

/// `help exit-codes`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExitCodes {
    exit_codes: Vec<ExitCode>,
}

#[derive(Serialize)]
struct ExitCode {
    code: i32,
    name: &'static str,
    meaning: &'static str,
}

impl Report for ExitCodes {
    fn text(&self) -> String {
        format!(
            "{}\nA closed standard output (e.g. `publisher ... | head -1`) ends publisher quietly with exit {}.\nWith --output json every failure also prints {{\"error\": {{\"exit\", \"kind\", \"message\", \"details\"?}}}} on stdout.\n",
            Exit::table_text(),
            crate::output::CLOSED_STDOUT_EXIT
        )
    }
}

/// `help environment`.
#[derive(Serialize)]
struct Environment {
    environment: Vec<Variable>,
}

#[derive(Serialize)]
struct Variable {
    name: String,
    description: String,
}

impl Report for Environment {
    fn text(&self) -> String {
        environment_text(&self.environment)
    }
}

pub fn help(topic: &[String], format: OutputFormat) -> Result<(), Failure> {
    if topic.len() == 1 && matches!(topic[0].as_str(), "exit-codes" | "exit-code" | "exit") {
        let exit_codes = Exit::TABLE
            .iter()
            .map(|(e, meaning)| ExitCode {
                code: e.code(),
                name: e.name(),
                meaning,
            })
            .collect();
        crate::output::show(format, &ExitCodes { exit_codes });
        return Ok(());
    }
    if topic.len() == 1 && matches!(topic[0].as_str(), "environment" | "env") {
        let environment = environment()
            .into_iter()
            .map(|(name, description)| Variable { name, description })
            .collect();
        crate::output::show(format, &Environment { environment });
        return Ok(());
    }
    let mut cmd = built();
    let mut cur = &mut cmd;
    for t in topic {
        let known: Vec<String> = cur
            .get_subcommands()
            .map(|c| c.get_name().to_string())
            .collect();
        match cur.find_subcommand_mut(t) {
            Some(c) => cur = c,
            None => {
                return Err(Failure::usage(format!(
                    "no help topic '{}'; topics: exit-codes, environment{}{}",
                    topic.join(" "),
                    if known.is_empty() { "" } else { ", " },
                    known.join(", ")
                )));
            }
        }
    }
    let help = if crate::ui::color_stdout() {
        cur.render_long_help().ansi().to_string()
    } else {
        cur.render_long_help().to_string()
    };
    crate::output::stdout(help.as_bytes());
    Ok(())
}
