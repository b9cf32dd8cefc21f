//! Commands about publisher itself: completions, man page, help topics.

use clap::CommandFactory;

use serde_json::json;

use crate::cli::{Cli, OutputFormat};
use crate::error::{Exit, Failure};

pub fn completions(shell: clap_complete::Shell) -> Result<(), Failure> {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "publisher", &mut std::io::stdout());
    Ok(())
}

/// The roff man page, as committed under `completions/publisher.1`.
pub fn man_page() -> Vec<u8> {
    let mut out = Vec::new();
    let _ = clap_mangen::Man::new(Cli::command()).render(&mut out);
    out.extend_from_slice(b".SH \"EXIT STATUS\"\n");
    for (code, meaning) in Exit::TABLE {
        out.extend_from_slice(
            format!(
                ".TP\n\\fB{}\\fR ({})\n{}\n",
                code.code(),
                code.name(),
                meaning
            )
            .as_bytes(),
        );
    }
    out
}

pub fn man() -> Result<(), Failure> {
    use std::io::Write;
    let _ = std::io::stdout().write_all(&man_page());
    Ok(())
}

pub fn help(topic: &[String], format: OutputFormat) -> Result<(), Failure> {
    if topic.len() == 1 && matches!(topic[0].as_str(), "exit-codes" | "exit-code" | "exit") {
        let codes: Vec<_> = Exit::TABLE
            .iter()
            .map(|(e, m)| json!({"code": e.code(), "name": e.name(), "meaning": m}))
            .collect();
        crate::output::result(format, &json!({"exitCodes": codes}), &Exit::table_text());
        return Ok(());
    }
    let mut cmd = Cli::command();
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
                    "no help topic '{}'; topics: exit-codes{}{}",
                    topic.join(" "),
                    if known.is_empty() { "" } else { ", " },
                    known.join(", ")
                )));
            }
        }
    }
    let _ = cur.print_long_help();
    Ok(())
}
