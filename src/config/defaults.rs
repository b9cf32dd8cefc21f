//! Flag > environment > profile > built-in default: after clap has read flags and variables,
//! fill what neither set from the profile. A bad profile value is a warning, never fatal.

use clap::ArgMatches;
use clap::ValueEnum;
use clap::parser::ValueSource;

use crate::cli::{Cli, ColorMode, Command, ImageCmd, OutputFormat, ProgressMode};

/// Apply the profile's defaults to `cli`; `leaf` is the deepest subcommand's matches (global
/// flags are propagated down to it). Warnings about the config file go to `ui::warn`, which
/// `--quiet` does not silence: a setting being ignored is worth seeing.
pub fn apply_profile_defaults(cli: &mut Cli, leaf: &ArgMatches) {
    let (profile, warnings) = super::defaults_profile(cli.global.profile.as_deref());
    for w in &warnings {
        crate::ui::warn(w);
    }
    let Some(p) = profile else { return };
    let unset = |id: &str| {
        matches!(
            leaf.try_get_raw(id).map(|_| leaf.value_source(id)),
            Ok(None) | Ok(Some(ValueSource::DefaultValue))
        )
    };
    let g = &mut cli.global;
    if unset("output")
        && let Some(v) = enum_value::<OutputFormat>(&p.output, "output")
    {
        g.output = v;
    }
    if unset("progress")
        && let Some(v) = enum_value::<ProgressMode>(&p.progress, "progress")
    {
        g.progress = v;
    }
    if unset("color")
        && let Some(v) = enum_value::<ColorMode>(&p.color, "color")
    {
        g.color = v;
    }
    fill(unset("retries"), &mut g.retries, p.retries);
    // `application wait --timeout` is the wait (main moved it aside): the request timeout
    // still comes from the variable, else the profile.
    let timeout_unset = match g.wait_timeout {
        Some(_) => std::env::var_os("PUBLISHER_TIMEOUT").is_none(),
        None => unset("timeout"),
    };
    fill(timeout_unset, &mut g.timeout, p.timeout.map(|t| t.value.0));
    fill(unset("quiet"), &mut g.quiet, p.quiet);
    fill(unset("yes"), &mut g.yes, p.yes);
    fill(unset("allow_http"), &mut g.allow_http, p.allow_http);
    if unset("ca_bundle") && p.ca_bundle.is_some() {
        g.ca_bundle = p.ca_bundle.clone();
    }
    if unset("events") && p.events.is_some() {
        g.events = p.events.clone();
    }
    if unset("log_file") && p.log_file.is_some() {
        g.log_file = p.log_file.clone();
    }
    let Command::Image(ImageCmd::Upload(a)) = &mut cli.command else {
        return;
    };
    fill(
        unset("parallel"),
        &mut a.parallel,
        p.parallel.map(|v| v.value),
    );
    // A profile chunk size gives way to any way of choosing the split on the command line.
    if unset("chunk_size") && unset("chunks") && unset("whole") {
        a.chunk_size = p.chunk_size.map(|v| v.value).or(a.chunk_size);
    }
    if unset("bwlimit") {
        a.bwlimit = p.bwlimit.map(|v| v.value).or(a.bwlimit);
    }
    fill(
        unset("wait") && unset("no_wait"),
        &mut a.wait,
        p.wait.map(|v| v.value.0),
    );
    fill(
        unset("require_checksum"),
        &mut a.require_checksum,
        p.require_checksum,
    );
    fill(
        unset("verify_resume"),
        &mut a.verify_resume,
        p.verify_resume,
    );
}

fn fill<T>(unset: bool, slot: &mut T, from_profile: Option<T>) {
    if unset && let Some(v) = from_profile {
        *slot = v;
    }
}

/// A profile's `auto|always|never`-style value; a word the flag would refuse is a warning.
fn enum_value<T: ValueEnum>(v: &Option<String>, key: &str) -> Option<T> {
    let v = v.as_ref()?;
    let parsed = T::from_str(v, true).ok();
    if parsed.is_none() {
        let words: Vec<String> = T::value_variants()
            .iter()
            .filter_map(|x| x.to_possible_value().map(|p| p.get_name().to_string()))
            .collect();
        crate::ui::warn(&format!(
            "profile key {key} = {v:?} is not one of {} (ignored)",
            words.join(", ")
        ));
    }
    parsed
}
