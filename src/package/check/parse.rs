//! Decoding and parsing: empty, non-UTF-8 and NUL-bearing input, the BOM, strict JSON with
//! spans; then the shape walk and the cross-references over the tree.

use jsonc_parser::ast::Value;
use jsonc_parser::common::Range;
use jsonc_parser::errors::ParseErrorKind;
use jsonc_parser::{CollectOptions, ParseOptions};

use super::ast::{range_of, type_name};
use super::xref::cross_references;
use super::{Checker, Diag, Options, Outcome, Ptr};
use crate::package::diagnostic::{Diagnostic, Span};
use crate::package::rules::{self, RuleId, id};
use crate::package::shape;

fn parse_error_message(kind: &ParseErrorKind) -> String {
    match kind {
        ParseErrorKind::CommentsNotAllowed => "comments are not allowed in JSON".into(),
        ParseErrorKind::TrailingCommasNotAllowed => {
            "trailing comma: remove the comma before the closing bracket".into()
        }
        other => {
            let s = other.to_string();
            let mut c = s.chars();
            match c.next() {
                Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
                None => s,
            }
        }
    }
}

/// Check a document given as raw bytes (the file as read).
pub fn check_bytes(bytes: &[u8], opts: &Options) -> Outcome {
    let lossy = || String::from_utf8_lossy(bytes).into_owned();
    let one = |text: String, rule: RuleId, at: usize, message: String, help: &str| Outcome {
        diagnostics: vec![Diagnostic {
            severity: rules::severity(rule),
            rule: rule.as_str(),
            pointer: String::new(),
            span: Span {
                start: at,
                end: at + 1,
            },
            message,
            help: Some(help.to_string()),
            related: None,
        }],
        text,
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return one(
            lossy(),
            id::EMPTY_DOCUMENT,
            0,
            "the document is empty".into(),
            "write the package JSON object into the file",
        );
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.valid_up_to();
            return one(
                lossy(),
                id::INVALID_ENCODING,
                at,
                format!(
                    "byte {at} is not valid UTF-8; this looks like a binary file, not package JSON"
                ),
                "give the package .json file; pass the artefact with --file",
            );
        }
    };
    if let Some(at) = text.find('\0') {
        return one(
            text.to_string(),
            id::INVALID_ENCODING,
            at,
            "the file contains a NUL byte; this looks like a binary file, not package JSON".into(),
            "give the package .json file; pass the artefact with --file",
        );
    }
    let (base, body) = match text.strip_prefix('\u{feff}') {
        Some(rest) => (3, rest),
        None => (0, text),
    };
    let strict = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let parsed = match jsonc_parser::parse_to_ast(body, &CollectOptions::default(), &strict) {
        Ok(p) => p,
        Err(e) => {
            let r = e.range();
            let (rule, msg, help) = match e.kind() {
                ParseErrorKind::NestingDepthExceeded => (
                    id::TOO_DEEP,
                    "the document nests too deeply to be a package".to_string(),
                    "a package document nests about 8 levels",
                ),
                k => (
                    id::JSON_SYNTAX,
                    parse_error_message(k),
                    "fix the JSON syntax at this position",
                ),
            };
            return Outcome {
                diagnostics: vec![Diagnostic {
                    severity: rules::severity(rule),
                    rule: rule.as_str(),
                    pointer: String::new(),
                    span: Span {
                        start: r.start + base,
                        end: r.end.max(r.start + 1) + base,
                    },
                    message: msg,
                    help: Some(help.into()),
                    related: None,
                }],
                text: text.to_string(),
            };
        }
    };
    let mut c = Checker {
        base,
        diags: vec![],
        too_deep: false,
    };
    match &parsed.value {
        Some(Value::Object(root)) => {
            c.walk_object(root, &shape::PACKAGE_VERSION, &Ptr::Root, 1);
            if !c.too_deep {
                cross_references(&mut c, text, root, opts);
            }
        }
        Some(other) => {
            let r = range_of(other);
            c.report(Diag::new(id::ROOT_NOT_OBJECT, "", Range::new(r.start, r.start + 1), format!("the document is {}, but a package must be a JSON object", type_name(other))).help("the root must be the PackageVersion object: { \"version\": ..., \"operations\": [...] }"));
        }
        None => {
            return one(
                text.to_string(),
                id::EMPTY_DOCUMENT,
                0,
                "the document holds no JSON value".into(),
                "write the package JSON object into the file",
            );
        }
    }
    let mut diagnostics = c.diags;
    diagnostics.sort_by(|a, b| (a.span.start, a.rule).cmp(&(b.span.start, b.rule)));
    Outcome {
        text: text.to_string(),
        diagnostics,
    }
}
