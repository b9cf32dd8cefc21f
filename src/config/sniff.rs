//! Settings needed before clap has parsed the arguments (or after it refused them): the output
//! format for a usage error's JSON object, the colour of clap's own help and errors.

use std::ffi::OsString;

use clap::ValueEnum;

use crate::cli::{ColorMode, OutputFormat};

/// The last value given to `--name` (`--name V` or `--name=V`) before a `--`; an empty string
/// when the flag ends the line without its value.
pub fn sniff_flag(args: &[OsString], name: &str) -> Option<String> {
    let mut found = None;
    let mut it = args.iter().skip(1).map(|a| a.to_string_lossy());
    let with_eq = format!("{name}=");
    while let Some(a) = it.next() {
        if a == "--" {
            break;
        }
        if a == name {
            found = Some(it.next().map(|v| v.into_owned()).unwrap_or_default());
        } else if let Some(v) = a.strip_prefix(&with_eq) {
            found = Some(v.to_string());
        }
    }
    found
}

/// The value of a flag from the raw arguments, else its variable, else the profile's key (as
/// `--profile` or PUBLISHER_PROFILE chose it); values that do not parse are skipped.
fn sniff_setting<T: ValueEnum>(
    args: &[OsString],
    flag: &str,
    var: &str,
    from_profile: impl FnOnce(super::profile::Profile) -> Option<String>,
) -> Option<T> {
    let parse = |s: &str| T::from_str(s, true).ok();
    sniff_flag(args, flag)
        .and_then(|v| parse(&v))
        .or_else(|| std::env::var(var).ok().and_then(|v| parse(&v)))
        .or_else(|| {
            let profile = sniff_flag(args, "--profile");
            let (p, _) = super::defaults_profile(profile.as_deref());
            p.and_then(from_profile).and_then(|v| parse(&v))
        })
}

/// The output format for an error found while parsing the arguments. With `--jq`, stdout
/// carries only what the filter selects, never an error object (as gh does): text.
pub fn sniff_format(args: &[OsString]) -> OutputFormat {
    if sniff_flag(args, "--jq").is_some() {
        return OutputFormat::Text;
    }
    sniff_setting(args, "--output", "PUBLISHER_OUTPUT", |p| p.output).unwrap_or(OutputFormat::Text)
}

/// `--color` for clap's own help and errors.
pub fn sniff_color(args: &[OsString]) -> ColorMode {
    sniff_setting(args, "--color", "PUBLISHER_COLOR", |p| p.color).unwrap_or(ColorMode::Auto)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<OsString> {
        std::iter::once("publisher")
            .chain(a.iter().copied())
            .map(OsString::from)
            .collect()
    }

    #[test]
    fn the_last_value_before_a_double_dash_wins() {
        let a = args(&[
            "--output",
            "json",
            "x",
            "--output=ndjson",
            "--",
            "--output",
            "text",
        ]);
        assert_eq!(sniff_flag(&a, "--output").as_deref(), Some("ndjson"));
        assert_eq!(
            sniff_flag(&args(&["x", "--output"]), "--output").as_deref(),
            Some("")
        );
        assert_eq!(sniff_flag(&args(&["--outputs", "json"]), "--output"), None);
        assert_eq!(sniff_flag(&args(&["--", "--jq", ".a"]), "--jq"), None);
    }

    #[test]
    fn flags_decide_before_the_environment_and_jq_means_no_error_object() {
        assert_eq!(
            sniff_format(&args(&["--output", "JSON", "image"])),
            OutputFormat::Json
        );
        assert_eq!(
            sniff_format(&args(&["--output", "json", "--jq", ".a"])),
            OutputFormat::Text
        );
        assert_eq!(
            sniff_format(&args(&["--output=ndjson", "--jq"])),
            OutputFormat::Text
        );
        assert_eq!(sniff_color(&args(&["--color=never"])), ColorMode::Never);
        assert_eq!(
            sniff_color(&args(&["--color", "always", "--color", "never"])),
            ColorMode::Never
        );
    }
}
