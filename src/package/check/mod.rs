//! The checks: strict JSON parsing with spans, shape checks driven by `shape`, then
//! cross-references between services, resources, actions, operations and parameters.
//!
//! - `parse`: decoding (UTF-8, NUL, BOM) and strict parsing, the entry point [`check_bytes`];
//! - `ast`: small helpers over the parsed syntax tree;
//! - `walk`: the shape walk (types, required fields, enumerations, depth, duplicate keys);
//! - `xref`: cross-references, one function per section of the document;
//! - `properties`: resource and action properties (placeholders, parameters, USER fields).

mod ast;
mod parse;
mod properties;
mod walk;
mod xref;

use jsonc_parser::common::Range;

use super::diagnostic::{Diagnostic, Related, Span, pointer_token};
use super::rules::{self, RuleId};

pub use parse::check_bytes;

/// Documents beyond this size are refused unread (see rule file-too-large).
pub const MAX_DOCUMENT: u64 = 32 * 1024 * 1024;
/// Nesting deeper than this is refused (see rule too-deep).
pub const MAX_DEPTH: usize = 64;

#[derive(Debug, Default, Clone)]
pub struct Options {
    /// File name of the artefact sent with --file, checked against the resources.
    pub artefact: Option<String>,
}

/// The document as text (for rendering source lines) and what was found in it.
pub struct Outcome {
    pub text: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl Outcome {
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == super::Severity::Error)
            .count()
    }
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// A JSON Pointer built on the stack while walking; rendered only when a diagnostic needs it
/// (formatting a string per node made large documents measurably slower).
#[derive(Clone, Copy)]
enum Ptr<'p> {
    Root,
    Key(&'p Ptr<'p>, &'p str),
    Index(&'p Ptr<'p>, usize),
}

impl std::fmt::Display for Ptr<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Ptr::Root => Ok(()),
            Ptr::Key(parent, k) => write!(f, "{parent}/{}", pointer_token(k)),
            Ptr::Index(parent, i) => write!(f, "{parent}/{i}"),
        }
    }
}

struct Checker {
    base: usize,
    diags: Vec<Diagnostic>,
    too_deep: bool,
}

/// The closest candidate, if close enough to be a plausible typo.
pub fn closest<'c>(name: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let lower = name.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        if c == name {
            continue;
        }
        let d = strsim::levenshtein(&lower, &c.to_lowercase());
        let limit = (c.chars().count().max(name.chars().count()) / 3).max(2);
        if d <= limit && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// A diagnostic under construction: rule, JSON pointer, range and message, then optionally
/// a help line and a related location; [`Checker::report`] records it.
struct Diag {
    rule: RuleId,
    ptr: String,
    range: Range,
    message: String,
    help: Option<String>,
    related: Option<(Range, String, String)>,
}

impl Diag {
    fn new(
        rule: RuleId,
        ptr: impl std::fmt::Display,
        range: Range,
        message: impl Into<String>,
    ) -> Diag {
        Diag {
            rule,
            ptr: ptr.to_string(),
            range,
            message: message.into(),
            help: None,
            related: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> Diag {
        self.help = Some(help.into());
        self
    }

    /// The definition a reference points at, or the closest candidate.
    fn related(mut self, range: Range, ptr: impl Into<String>, message: impl Into<String>) -> Diag {
        self.related = Some((range, ptr.into(), message.into()));
        self
    }

    fn related_opt(mut self, related: Option<(Range, String, String)>) -> Diag {
        self.related = related;
        self
    }
}

impl Checker {
    fn span(&self, r: Range) -> Span {
        Span {
            start: r.start + self.base,
            end: r.end + self.base,
        }
    }

    /// Record a finished diagnostic: its severity is the rule's, its spans shift by `base`.
    fn report(&mut self, d: Diag) {
        let related = d.related.map(|(rr, rptr, msg)| Related {
            span: self.span(rr),
            pointer: rptr,
            message: msg,
        });
        self.diags.push(Diagnostic {
            severity: rules::severity(d.rule),
            rule: d.rule.as_str(),
            pointer: d.ptr,
            span: self.span(d.range),
            message: d.message,
            help: d.help,
            related,
        });
    }
}
