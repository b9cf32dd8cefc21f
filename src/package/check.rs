//! The checks: strict JSON parsing with spans, shape checks driven by `shape`, then
//! cross-references between services, resources, actions, operations and parameters.

use std::collections::{HashMap, HashSet};

use jsonc_parser::ast::{Array, Object, ObjectProp, ObjectPropName, Value};
use jsonc_parser::common::Range;
use jsonc_parser::errors::ParseErrorKind;
use jsonc_parser::{CollectOptions, ParseOptions};

use super::diagnostic::{Diagnostic, Related, Span, pointer_token};
use super::rules;
use super::shape::{self, Kind, Shape};

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

fn range_of(v: &Value) -> Range {
    match v {
        Value::StringLit(x) => x.range,
        Value::NumberLit(x) => x.range,
        Value::BooleanLit(x) => x.range,
        Value::Object(x) => x.range,
        Value::Array(x) => x.range,
        Value::NullKeyword(x) => x.range,
    }
}

fn name_range(p: &ObjectProp) -> Range {
    match &p.name {
        ObjectPropName::String(s) => s.range,
        ObjectPropName::Word(w) => w.range,
    }
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::StringLit(_) => "a string",
        Value::NumberLit(_) => "a number",
        Value::BooleanLit(_) => "a boolean",
        Value::Object(_) => "an object",
        Value::Array(_) => "an array",
        Value::NullKeyword(_) => "null",
    }
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::Str => "a string",
        Kind::Int => "an integer",
        Kind::BoolLike => "a boolean (or \"true\"/\"false\")",
        Kind::NumStr => "a number (or a string of digits)",
        Kind::Scalar => "a string, number or boolean",
        Kind::StrArray => "an array of strings",
        Kind::Obj(_) => "an object",
        Kind::ObjArray(_) => "an array of objects",
        Kind::Any => "any value",
    }
}

/// The last occurrence of `name` (what most JSON parsers keep).
fn prop<'o, 'a>(obj: &'o Object<'a>, name: &str) -> Option<&'o ObjectProp<'a>> {
    obj.properties
        .iter()
        .rev()
        .find(|p| p.name.as_str() == name)
}

/// Which of `keys` the object lacks, in the order given.
fn missing_keys<'k>(obj: &Object, keys: &[&'k str]) -> Vec<&'k str> {
    keys.iter()
        .copied()
        .filter(|k| prop(obj, k).is_none())
        .collect()
}

fn str_of<'o>(obj: &'o Object, name: &str) -> Option<(&'o str, Range)> {
    match prop(obj, name).map(|p| &p.value) {
        Some(Value::StringLit(s)) => Some((s.value.as_ref(), s.range)),
        _ => None,
    }
}

fn arr_of<'o, 'a>(obj: &'o Object<'a>, name: &str) -> Option<&'o Array<'a>> {
    match prop(obj, name).map(|p| &p.value) {
        Some(Value::Array(a)) => Some(a),
        _ => None,
    }
}

fn obj_of<'o, 'a>(obj: &'o Object<'a>, name: &str) -> Option<&'o Object<'a>> {
    match prop(obj, name).map(|p| &p.value) {
        Some(Value::Object(o)) => Some(o),
        _ => None,
    }
}

/// Objects of an array with their index (non-objects are reported by the shape checks).
fn objects<'o, 'a>(a: Option<&'o Array<'a>>) -> impl Iterator<Item = (usize, &'o Object<'a>)> {
    a.into_iter()
        .flat_map(|a| a.elements.iter().enumerate())
        .filter_map(|(i, v)| match v {
            Value::Object(o) => Some((i, o)),
            _ => None,
        })
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

fn is_http_url(s: &str) -> bool {
    reqwest::Url::parse(s)
        .map(|u| {
            matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty())
        })
        .unwrap_or(false)
}

fn numeric(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    t.parse().ok()
}

impl Checker {
    fn span(&self, r: Range) -> Span {
        Span {
            start: r.start + self.base,
            end: r.end + self.base,
        }
    }

    fn emit(
        &mut self,
        rule: &'static str,
        ptr: impl std::fmt::Display,
        r: Range,
        message: String,
        help: Option<String>,
    ) {
        self.emit_rel(rule, ptr, r, message, help, None);
    }

    fn emit_rel(
        &mut self,
        rule: &'static str,
        ptr: impl std::fmt::Display,
        r: Range,
        message: String,
        help: Option<String>,
        related: Option<(Range, String, String)>,
    ) {
        let related = related.map(|(rr, rptr, msg)| Related {
            span: self.span(rr),
            pointer: rptr,
            message: msg,
        });
        self.diags.push(Diagnostic {
            severity: rules::severity(rule),
            rule,
            pointer: ptr.to_string(),
            span: self.span(r),
            message,
            help,
            related,
        });
    }

    // ---- shape checks -------------------------------------------------------------------

    fn depth_exceeded(&mut self, r: Range, ptr: &Ptr, depth: usize) -> bool {
        if depth <= MAX_DEPTH {
            return false;
        }
        if !self.too_deep {
            self.too_deep = true;
            self.emit(
                "too-deep",
                ptr.to_string(),
                Range::new(r.start, r.start + 1),
                format!("the document nests more than {MAX_DEPTH} levels deep here"),
                Some(
                    "a package document nests about 8 levels; flatten or remove this value".into(),
                ),
            );
        }
        true
    }

    /// Depth check (and duplicate keys) for values without a known shape.
    fn walk_any(&mut self, v: &Value, ptr: &Ptr, depth: usize) {
        if self.depth_exceeded(range_of(v), ptr, depth) {
            return;
        }
        match v {
            Value::Object(o) => {
                self.duplicate_keys(o, ptr);
                for p in &o.properties {
                    self.walk_any(&p.value, &Ptr::Key(ptr, p.name.as_str()), depth + 1);
                }
            }
            Value::Array(a) => {
                for (i, e) in a.elements.iter().enumerate() {
                    self.walk_any(e, &Ptr::Index(ptr, i), depth + 1);
                }
            }
            _ => {}
        }
    }

    fn duplicate_keys(&mut self, o: &Object, ptr: &Ptr) {
        // Most objects have a handful of keys: a linear scan beats hashing them.
        let small = o.properties.len() <= 16;
        let mut seen: HashMap<&str, Range> = HashMap::new();
        for (k, p) in o.properties.iter().enumerate() {
            let name = p.name.as_str();
            let r = name_range(p);
            let earlier = if small {
                o.properties[..k]
                    .iter()
                    .find(|q| q.name.as_str() == name)
                    .map(name_range)
            } else {
                seen.get(name).copied()
            };
            if let Some(first) = earlier {
                self.emit_rel(
                    "duplicate-key",
                    format!("{ptr}/{}", pointer_token(name)),
                    r,
                    format!("key `{name}` appears twice in this object"),
                    Some("keep one occurrence; parsers disagree about which one wins".into()),
                    Some((
                        first,
                        format!("{ptr}/{}", pointer_token(name)),
                        format!("first `{name}` is here"),
                    )),
                );
            } else if !small {
                seen.insert(name, r);
            }
        }
    }

    fn walk_object(&mut self, o: &Object, shape: &'static Shape, ptr: &Ptr, depth: usize) {
        if self.depth_exceeded(o.range, ptr, depth) {
            return;
        }
        self.duplicate_keys(o, ptr);
        for p in &o.properties {
            let name = p.name.as_str();
            let child = Ptr::Key(ptr, name);
            match shape.field(name) {
                Some(field) => self.check_kind(&p.value, field, &child, depth + 1),
                None => {
                    let known = shape.fields.iter().map(|f| f.name);
                    if let Some(c) = closest(name, known) {
                        self.emit(
                            "unknown-field",
                            child,
                            name_range(p),
                            format!("{} has no field `{name}`; it would be ignored", shape.name),
                            Some(format!("did you mean `{c}`?")),
                        );
                    }
                    self.walk_any(&p.value, &child, depth + 1);
                }
            }
        }
        for field in shape.fields.iter().filter(|f| f.required) {
            if prop(o, field.name).is_none() {
                let label = str_of(o, "tag").or_else(|| str_of(o, "name"));
                let what = match label {
                    Some((t, _)) if field.name != "tag" && field.name != "name" => {
                        format!("{} '{t}'", shape.name)
                    }
                    _ => shape.name.to_string(),
                };
                let value = match field.enumeration {
                    Some(e) => format!("one of {}", e.values.join(", ")),
                    None => format!(
                        "{} ({})",
                        kind_name(field.kind),
                        field.doc.trim_end_matches('.')
                    ),
                };
                self.emit(
                    "missing-field",
                    ptr,
                    Range::new(o.range.start, o.range.start + 1),
                    format!("{what} has no `{}`", field.name),
                    Some(format!("add \"{}\": {value}", field.name)),
                );
            }
        }
    }

    fn check_kind(&mut self, v: &Value, field: &'static shape::Field, ptr: &Ptr, depth: usize) {
        let wrong = |c: &mut Checker, v: &Value| {
            c.emit(
                "wrong-type",
                ptr,
                range_of(v),
                format!(
                    "`{}` is {} but must be {}",
                    field.name,
                    type_name(v),
                    kind_name(field.kind)
                ),
                Some(match v {
                    Value::NullKeyword(_) => "give a value, or remove the key".to_string(),
                    _ => format!("{}: {}", field.name, field.doc),
                }),
            );
        };
        match (field.kind, v) {
            (Kind::Str, Value::StringLit(s)) => {
                if field.required && s.value.trim().is_empty() {
                    self.emit(
                        "empty-field",
                        ptr,
                        s.range,
                        format!("`{}` is empty", field.name),
                        Some(format!("give `{}` a value: {}", field.name, field.doc)),
                    );
                } else if let Some(e) = field.enumeration
                    && !e.values.contains(&s.value.as_ref())
                {
                    let suggestion = e
                        .values
                        .iter()
                        .find(|x| x.eq_ignore_ascii_case(&s.value))
                        .copied()
                        .or_else(|| closest(&s.value, e.values.iter().copied()));
                    self.emit(
                        e.rule,
                        ptr,
                        s.range,
                        format!(
                            "`{}` is '{}', not one of {}",
                            field.name,
                            s.value,
                            e.values.join(", ")
                        ),
                        Some(match suggestion {
                            Some(x) => format!("did you mean '{x}'?"),
                            None => format!("use one of {}", e.values.join(", ")),
                        }),
                    );
                }
            }
            (Kind::Int, Value::NumberLit(n)) => {
                if n.value.parse::<i64>().is_err() {
                    wrong(self, v);
                }
            }
            (Kind::BoolLike, Value::BooleanLit(_)) => {}
            (Kind::BoolLike, Value::StringLit(s))
                if matches!(s.value.as_ref(), "true" | "false") => {}
            (Kind::NumStr, Value::NumberLit(_)) => {}
            (Kind::NumStr, Value::StringLit(s)) => {
                if numeric(&s.value).is_none() {
                    self.emit(
                        "not-a-number",
                        ptr,
                        s.range,
                        format!("`{}` is '{}', which is not a number", field.name, s.value),
                        Some(format!("write digits, e.g. \"{}\": \"10\"", field.name)),
                    );
                }
            }
            (Kind::Scalar, Value::StringLit(_) | Value::NumberLit(_) | Value::BooleanLit(_)) => {}
            (Kind::StrArray, Value::Array(a)) => {
                for (i, e) in a.elements.iter().enumerate() {
                    if !matches!(e, Value::StringLit(_)) {
                        self.emit(
                            "wrong-type",
                            format!("{ptr}/{i}"),
                            range_of(e),
                            format!(
                                "`{}` items must be strings; item {i} is {}",
                                field.name,
                                type_name(e)
                            ),
                            Some("quote the value".into()),
                        );
                    }
                }
            }
            (Kind::Obj(s), Value::Object(o)) => self.walk_object(o, s, ptr, depth),
            (Kind::ObjArray(s), Value::Array(a)) => {
                for (i, e) in a.elements.iter().enumerate() {
                    let child = Ptr::Index(ptr, i);
                    match e {
                        Value::Object(o) => self.walk_object(o, s, &child, depth + 1),
                        other => self.emit(
                            "wrong-type",
                            child,
                            range_of(other),
                            format!(
                                "`{}` items must be {} objects; item {i} is {}",
                                field.name,
                                s.name,
                                type_name(other)
                            ),
                            Some(format!("{}: {}", s.name, s.doc)),
                        ),
                    }
                }
            }
            (Kind::Any, v) => self.walk_any(v, ptr, depth),
            (_, v) => wrong(self, v),
        }
    }
}

// ---- cross-references -----------------------------------------------------------------------

/// A defined tag: where, and of which kind.
#[derive(Clone)]
struct Def {
    tag: String,
    range: Range,
    ptr: String,
    kind: &'static str,
}

/// Collect the tags of `field` arrays, reporting duplicates.
fn collect_tags(c: &mut Checker, root: &Object, field: &str, kind: &'static str) -> Vec<Def> {
    let mut out: Vec<Def> = vec![];
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, o) in objects(arr_of(root, field)) {
        let Some((tag, r)) = str_of(o, "tag") else {
            continue;
        };
        let ptr = format!("/{field}/{i}/tag");
        if let Some(&k) = seen.get(tag) {
            let first = out[k].clone();
            c.emit_rel(
                "duplicate-tag",
                &ptr,
                r,
                format!("{kind} tag '{tag}' is defined twice"),
                Some("give each a unique tag".into()),
                Some((
                    first.range,
                    first.ptr,
                    format!("first {kind} '{tag}' is defined here"),
                )),
            );
            continue;
        }
        seen.insert(tag.to_string(), out.len());
        out.push(Def {
            tag: tag.to_string(),
            range: r,
            ptr,
            kind,
        });
    }
    out
}

/// Report a reference that names no definition of `wanted` kind: say if it names another kind,
/// else suggest the closest tag of the right kind.
#[allow(clippy::too_many_arguments)]
fn unresolved(
    c: &mut Checker,
    rule: &'static str,
    field: &str,
    name: &str,
    r: Range,
    ptr: &str,
    wanted: &[Def],
    wanted_kind: &str,
    others: &[&[Def]],
) {
    if let Some(d) = others.iter().flat_map(|o| o.iter()).find(|d| d.tag == name) {
        let d = d.clone();
        c.emit_rel(
            rule,
            ptr,
            r,
            format!(
                "`{field}` '{name}' is the tag of a {}, not of a {wanted_kind}",
                d.kind
            ),
            Some(match closest(name, wanted.iter().map(|w| w.tag.as_str())) {
                Some(x) => format!("did you mean the {wanted_kind} '{x}'?"),
                None => format!("refer to a {wanted_kind} tag here"),
            }),
            Some((
                d.range,
                d.ptr,
                format!("{} '{name}' is defined here", d.kind),
            )),
        );
        return;
    }
    let best = closest(name, wanted.iter().map(|w| w.tag.as_str()))
        .and_then(|b| wanted.iter().find(|w| w.tag == b))
        .cloned();
    let known: Vec<&str> = wanted.iter().map(|w| w.tag.as_str()).take(6).collect();
    match best {
        Some(b) => c.emit_rel(
            rule,
            ptr,
            r,
            format!("`{field}` '{name}' does not name any {wanted_kind}"),
            Some(format!("did you mean '{}'?", b.tag)),
            Some((
                b.range,
                b.ptr,
                format!("{wanted_kind} '{}' is defined here", b.tag),
            )),
        ),
        None => c.emit(
            rule,
            ptr,
            r,
            format!("`{field}` '{name}' does not name any {wanted_kind}"),
            Some(if known.is_empty() {
                format!("no {wanted_kind} is defined; define one first")
            } else {
                format!("defined {wanted_kind} tags: {}", known.join(", "))
            }),
        ),
    }
}

struct Placeholder {
    name: String,
    /// Range of the whole `${NAME}` in the source.
    range: Range,
}

/// Find `${NAME}` in the raw source of a string literal, so columns point inside the string.
fn placeholders(text: &str, lit: Range, base: usize) -> (Vec<Placeholder>, Option<Range>) {
    let start = lit.start + base + 1;
    let end = lit.end.saturating_sub(1) + base;
    let raw = text.get(start..end).unwrap_or("");
    let mut out = vec![];
    let mut i = 0;
    while let Some(k) = raw[i..].find("${") {
        let at = i + k;
        match raw[at + 2..].find('}') {
            Some(close) => {
                let name = &raw[at + 2..at + 2 + close];
                out.push(Placeholder {
                    name: name.to_string(),
                    range: Range::new(start - base + at, start - base + at + close + 3),
                });
                i = at + close + 3;
            }
            None => {
                return (out, Some(Range::new(start - base + at, end - base)));
            }
        }
    }
    (out, None)
}

fn check_property(
    c: &mut Checker,
    text: &str,
    p: &Object,
    ptr: &str,
    services: &[Def],
    others: &[&[Def]],
) {
    let source = str_of(p, "source").map(|(s, _)| s);
    let name = str_of(p, "name")
        .map(|(s, _)| s.to_string())
        .unwrap_or_default();
    let data_type = str_of(p, "dataType").map(|(s, _)| s);
    let params = arr_of(p, "parameters");
    let anchor = str_of(p, "name")
        .map(|(_, r)| r)
        .unwrap_or(Range::new(p.range.start, p.range.start + 1));

    if source == Some("USER") {
        let missing = missing_keys(p, &["displayName", "dataType"]);
        if !missing.is_empty() {
            c.emit(
                "user-property-incomplete",
                ptr,
                anchor,
                format!("USER property '{name}' has no {}", missing.join(" and ")),
                Some("a USER property is asked of the installer: add \"displayName\" (the label) and \"dataType\" (e.g. \"STRING\")".into()),
            );
        }
    }
    let values = prop(p, "values");
    if data_type == Some("PICKLIST") {
        let empty = match values.map(|v| &v.value) {
            Some(Value::Array(a)) => a.elements.is_empty(),
            Some(_) => false, // wrong type is reported by the shape checks
            None => true,
        };
        if empty {
            let r = str_of(p, "dataType").map(|(_, r)| r).unwrap_or(anchor);
            c.emit(
                "picklist-without-values",
                format!("{ptr}/dataType"),
                r,
                format!("PICKLIST property '{name}' has no values to pick from"),
                Some("add \"values\": [\"one\", \"two\"]".into()),
            );
        }
    } else if let Some(v) = values
        && data_type.is_some()
    {
        c.emit(
            "values-without-picklist",
            format!("{ptr}/values"),
            name_range(v),
            format!(
                "property '{name}' has values but dataType {}",
                data_type.unwrap_or("")
            ),
            Some("set \"dataType\": \"PICKLIST\", or remove the values".into()),
        );
    }
    if let Some(a) = params
        && source.is_some_and(|s| s != "DYNAMIC")
        && !a.elements.is_empty()
    {
        c.emit(
            "parameters-on-non-dynamic",
            format!("{ptr}/parameters"),
            prop(p, "parameters").map(name_range).unwrap_or(anchor),
            format!("property '{name}' is {} but declares parameters, which only DYNAMIC properties use", source.unwrap_or("")),
            Some("make the property DYNAMIC, or remove the parameters".into()),
        );
    }
    let value = match prop(p, "value").map(|v| &v.value) {
        Some(Value::StringLit(s)) => Some(s.range),
        _ => None,
    };
    match source {
        Some("BLUEPRINT_STATIC") => {
            if let Some(vr) = value {
                let (found, unterminated) = placeholders(text, vr, c.base);
                if let Some(first) = found.first() {
                    c.emit(
                        "placeholder-in-static-value",
                        format!("{ptr}/value"),
                        first.range,
                        format!("static property '{name}' contains ${{{}}}, which is sent literally", first.name),
                        Some("make the property DYNAMIC and declare the parameter, if a substitution was meant".into()),
                    );
                } else if unterminated.is_some() {
                    // A lone "${" in a static value is plain text; nothing to say.
                }
            }
        }
        Some("DYNAMIC") => {
            let mut declared: Vec<Def> = vec![];
            for (i, q) in objects(params) {
                let qptr = format!("{ptr}/parameters/{i}");
                if let Some((tag, r)) = str_of(q, "tag") {
                    if let Some(first) = declared.iter().find(|d| d.tag == tag) {
                        let first = first.clone();
                        c.emit_rel(
                            "duplicate-tag",
                            format!("{qptr}/tag"),
                            r,
                            format!("parameter tag '{tag}' is declared twice in property '{name}'"),
                            Some("give each parameter a unique tag".into()),
                            Some((
                                first.range,
                                first.ptr,
                                format!("first parameter '{tag}' is declared here"),
                            )),
                        );
                    } else {
                        declared.push(Def {
                            tag: tag.to_string(),
                            range: r,
                            ptr: format!("{qptr}/tag"),
                            kind: "parameter",
                        });
                    }
                }
                if let Some((st, r)) = str_of(q, "dependentServiceTag")
                    && !services.iter().any(|s| s.tag == st)
                {
                    unresolved(
                        c,
                        "unknown-service-tag",
                        "dependentServiceTag",
                        st,
                        r,
                        &format!("{qptr}/dependentServiceTag"),
                        services,
                        "service",
                        others,
                    );
                }
            }
            let Some(vr) = value else { return };
            let (found, unterminated) = placeholders(text, vr, c.base);
            if let Some(r) = unterminated {
                c.emit(
                    "unterminated-placeholder",
                    format!("{ptr}/value"),
                    r,
                    format!("the value of property '{name}' opens `${{` without a closing `}}`"),
                    Some("write ${NAME}".into()),
                );
            }
            if found.is_empty() && unterminated.is_none() {
                c.emit(
                    "dynamic-without-placeholder",
                    format!("{ptr}/value"),
                    vr,
                    format!("DYNAMIC property '{name}' has no ${{NAME}} placeholder"),
                    Some("use BLUEPRINT_STATIC for a constant value".into()),
                );
            }
            for ph in &found {
                if !declared.iter().any(|d| d.tag == ph.name) {
                    let best = closest(&ph.name, declared.iter().map(|d| d.tag.as_str()));
                    c.emit(
                        "undeclared-placeholder",
                        format!("{ptr}/value"),
                        ph.range,
                        format!("placeholder ${{{}}} in property '{name}' has no parameter with that tag", ph.name),
                        Some(match best {
                            Some(b) => format!("did you mean ${{{b}}}?"),
                            None => format!("declare it: \"parameters\": [{{\"tag\": \"{}\", \"type\": \"TAS_PROVISIONING_PROPERTY\", ...}}]", ph.name),
                        }),
                    );
                }
            }
            for d in &declared {
                if !found.iter().any(|ph| ph.name == d.tag) {
                    c.emit(
                        "unused-parameter",
                        &d.ptr,
                        d.range,
                        format!(
                            "parameter '{}' is not used in the value of property '{name}'",
                            d.tag
                        ),
                        Some(format!(
                            "add ${{{}}} to the value, or remove the parameter",
                            d.tag
                        )),
                    );
                }
            }
        }
        _ => {}
    }
}

fn cross_references(c: &mut Checker, text: &str, root: &Object, opts: &Options) {
    let services = collect_tags(c, root, "dependentServices", "service");
    let resources = collect_tags(c, root, "resources", "resource");
    let actions = collect_tags(c, root, "actions", "action");
    // Lookups by tag are hashed: large packages have thousands of actions and steps.
    let action_tags: HashSet<&str> = actions.iter().map(|d| d.tag.as_str()).collect();
    let resource_tags: HashSet<&str> = resources.iter().map(|d| d.tag.as_str()).collect();
    let service_tags: HashSet<&str> = services.iter().map(|d| d.tag.as_str()).collect();

    // Services: known names, sane ranges.
    for (i, s) in objects(arr_of(root, "dependentServices")) {
        if let Some((name, r)) = str_of(s, "serviceName")
            && !shape::SERVICE_ACTIONS.iter().any(|(n, _)| *n == name)
        {
            let best = shape::SERVICE_ACTIONS
                .iter()
                .map(|(n, _)| *n)
                .find(|n| n.eq_ignore_ascii_case(name))
                .or_else(|| closest(name, shape::SERVICE_ACTIONS.iter().map(|(n, _)| *n)));
            c.emit(
                "unknown-service-name",
                format!("/dependentServices/{i}/serviceName"),
                r,
                format!("service name '{name}' is not a known service (JAVA, Compute)"),
                Some(match best {
                    Some(b) => format!("did you mean '{b}'?"),
                    None => {
                        "check the spelling; action names of this service cannot be checked".into()
                    }
                }),
            );
        }
        for (lo, hi) in [("minVersion", "maxVersion"), ("minSize", "maxSize")] {
            let num = |f: &str| match prop(s, f).map(|p| &p.value) {
                Some(Value::StringLit(x)) => numeric(&x.value).map(|n| (n, x.range)),
                Some(Value::NumberLit(x)) => x.value.parse::<f64>().ok().map(|n| (n, x.range)),
                _ => None,
            };
            if let (Some((a, ra)), Some((b, rb))) = (num(lo), num(hi))
                && a > b
            {
                c.emit_rel(
                    "range-inverted",
                    format!("/dependentServices/{i}/{lo}"),
                    ra,
                    format!("`{lo}` {a} is greater than `{hi}` {b}"),
                    Some(format!("swap them, or lower `{lo}`")),
                    Some((
                        rb,
                        format!("/dependentServices/{i}/{hi}"),
                        format!("`{hi}` is here"),
                    )),
                );
            }
        }
    }

    // Resource and action properties.
    for (i, r) in objects(arr_of(root, "resources")) {
        for list in ["standardProperties", "customProperties"] {
            for (k, p) in objects(arr_of(r, list)) {
                check_property(
                    c,
                    text,
                    p,
                    &format!("/resources/{i}/{list}/{k}"),
                    &services,
                    &[&resources, &actions],
                );
            }
        }
    }

    // Actions.
    let service_name = |tag: &str| -> Option<String> {
        objects(arr_of(root, "dependentServices"))
            .find(|(_, s)| str_of(s, "tag").is_some_and(|(t, _)| t == tag))
            .and_then(|(_, s)| str_of(s, "serviceName").map(|(n, _)| n.to_string()))
    };
    for (i, a) in objects(arr_of(root, "actions")) {
        let ptr = format!("/actions/{i}");
        let tag = str_of(a, "tag")
            .map(|(t, _)| t.to_string())
            .unwrap_or_default();
        let ty = str_of(a, "type");
        let anchor = ty
            .map(|(_, r)| r)
            .unwrap_or(Range::new(a.range.start, a.range.start + 1));
        for (k, p) in objects(arr_of(a, "requestProperties")) {
            check_property(
                c,
                text,
                p,
                &format!("{ptr}/requestProperties/{k}"),
                &services,
                &[&resources, &actions],
            );
        }
        if let Some(m) = obj_of(a, "resourceMap")
            && let Some((name, r)) = str_of(m, "name")
            && !resource_tags.contains(name)
        {
            unresolved(
                c,
                "unknown-resource",
                "resourceMap.name",
                name,
                r,
                &format!("{ptr}/resourceMap/name"),
                &resources,
                "resource",
                &[&services, &actions],
            );
        }
        match ty.map(|(t, _)| t) {
            Some("OUT_OF_THE_BOX_ACTION") => {
                let missing = missing_keys(a, &["dependentServiceTag", "actionName"]);
                if !missing.is_empty() {
                    c.emit(
                        "ootb-action-incomplete",
                        format!("{ptr}/type"),
                        anchor,
                        format!("out-of-the-box action '{tag}' has no {}", missing.join(" and ")),
                        Some("name the service that runs it (\"dependentServiceTag\") and its action (\"actionName\", e.g. \"deploy\")".into()),
                    );
                }
                let action_name = str_of(a, "actionName");
                if let Some((st, r)) = str_of(a, "dependentServiceTag") {
                    if !service_tags.contains(st) {
                        unresolved(
                            c,
                            "unknown-service-tag",
                            "dependentServiceTag",
                            st,
                            r,
                            &format!("{ptr}/dependentServiceTag"),
                            &services,
                            "service",
                            &[&resources, &actions],
                        );
                    } else if let (Some(svc), Some((an, ar))) = (service_name(st), action_name)
                        && let Some((_, known)) =
                            shape::SERVICE_ACTIONS.iter().find(|(n, _)| *n == svc)
                        && !known.contains(&an)
                    {
                        let best = known
                            .iter()
                            .find(|k| k.eq_ignore_ascii_case(an))
                            .copied()
                            .or_else(|| closest(an, known.iter().copied()));
                        c.emit(
                            "unknown-action-name",
                            format!("{ptr}/actionName"),
                            ar,
                            format!("'{an}' is not a known action of service {svc}"),
                            Some(match best {
                                Some(b) => format!("did you mean '{b}'?"),
                                None => format!("{svc} actions: {}", known.join(", ")),
                            }),
                        );
                    }
                }
                if let Some((an, ar)) = action_name
                    && shape::DEPLOYING_ACTIONS.contains(&an)
                    && prop(a, "resourceMap").is_none()
                {
                    c.emit(
                        "missing-resource-map",
                        format!("{ptr}/actionName"),
                        ar,
                        format!("action '{tag}' ({an}) deploys a file but has no resourceMap"),
                        Some("add \"resourceMap\": {\"resourceTag\": \"APPLICATION_DEPLOYABLE_FILE\", \"name\": \"<resource tag>\"}".into()),
                    );
                }
            }
            Some("CUSTOM_ACTION") => match str_of(a, "uri") {
                None => c.emit(
                    "custom-action-missing-uri",
                    format!("{ptr}/type"),
                    anchor,
                    format!("custom action '{tag}' has no uri to call"),
                    Some("add \"uri\": \"https://...\"".into()),
                ),
                Some((u, r)) if !is_http_url(u) => c.emit(
                    "invalid-uri",
                    format!("{ptr}/uri"),
                    r,
                    format!("uri '{u}' of custom action '{tag}' is not an absolute http(s) URL"),
                    Some("write it as https://host/path".into()),
                ),
                _ => {}
            },
            _ => {}
        }
    }

    // Operations.
    let mut used: HashSet<String> = HashSet::new();
    let mut seen_types: HashMap<String, (Range, String)> = HashMap::new();
    for (i, op) in objects(arr_of(root, "operations")) {
        let ptr = format!("/operations/{i}");
        if let Some((t, r)) = str_of(op, "type") {
            if let Some((fr, fp)) = seen_types.get(t).cloned() {
                c.emit_rel(
                    "duplicate-operation",
                    format!("{ptr}/type"),
                    r,
                    format!("operation {t} is defined twice"),
                    Some(format!("merge the steps into the first {t} operation")),
                    Some((fr, fp, format!("first {t} operation is here"))),
                );
            } else {
                seen_types.insert(t.to_string(), (r, format!("{ptr}/type")));
            }
        }
        let Some(seq) = arr_of(op, "actionExecutionSequence") else {
            continue;
        };
        if seq.elements.is_empty() {
            c.emit(
                "empty-operation",
                format!("{ptr}/actionExecutionSequence"),
                seq.range,
                format!(
                    "operation {} has no steps",
                    str_of(op, "type").map(|(t, _)| t).unwrap_or("")
                ),
                Some("add {\"sequenceNumber\": 1, \"actionTag\": \"...\"}".into()),
            );
        }
        let n = seq.elements.len() as i64;
        let mut numbers: HashMap<i64, Range> = HashMap::new();
        for (k, step) in objects(Some(seq)) {
            let sptr = format!("{ptr}/actionExecutionSequence/{k}");
            if let Some((t, r)) = str_of(step, "actionTag") {
                used.insert(t.to_string());
                if !action_tags.contains(t) {
                    unresolved(
                        c,
                        "unknown-action-tag",
                        "actionTag",
                        t,
                        r,
                        &format!("{sptr}/actionTag"),
                        &actions,
                        "action",
                        &[&services, &resources],
                    );
                }
            }
            if let Some(Value::NumberLit(num)) = prop(step, "sequenceNumber").map(|p| &p.value)
                && let Ok(v) = num.value.parse::<i64>()
            {
                if let Some(first) = numbers.get(&v) {
                    c.emit_rel(
                        "duplicate-sequence-number",
                        format!("{sptr}/sequenceNumber"),
                        num.range,
                        format!("sequenceNumber {v} is used twice in this operation"),
                        Some(format!("number the steps 1..{n}")),
                        Some((
                            *first,
                            format!("{ptr}/actionExecutionSequence"),
                            format!("sequenceNumber {v} is first used here"),
                        )),
                    );
                } else {
                    numbers.insert(v, num.range);
                    if v < 1 || v > n {
                        c.emit(
                            "sequence-not-contiguous",
                            format!("{sptr}/sequenceNumber"),
                            num.range,
                            format!("sequenceNumber {v} is outside 1..{n} for an operation of {n} step(s)"),
                            Some(format!("number the steps 1..{n} without gaps")),
                        );
                    }
                }
            }
        }
    }
    if let Some(ops) = prop(root, "operations")
        && matches!(ops.value, Value::Array(_))
    {
        for needed in ["INSTALL", "UNINSTALL"] {
            if !seen_types.contains_key(needed) {
                c.emit(
                    "missing-operation",
                    "/operations",
                    name_range(ops),
                    format!("the package has no {needed} operation"),
                    Some(format!("add {{\"type\": \"{needed}\", \"actionExecutionSequence\": [...]}}; INSTALL and UNINSTALL are mandatory")),
                );
            }
        }
    }
    for d in &actions {
        if !used.contains(&d.tag) {
            c.emit(
                "unused-action",
                &d.ptr,
                d.range,
                format!("action '{}' is not used by any operation", d.tag),
                Some("add it to an operation's actionExecutionSequence, or remove it".into()),
            );
        }
    }

    // Access URLs.
    for (i, u) in objects(arr_of(root, "accessURLs")) {
        let ptr = format!("/accessURLs/{i}");
        if let Some(("STATIC", r)) = str_of(u, "type") {
            match str_of(u, "staticURL") {
                None => c.emit(
                    "access-url-missing-static-url",
                    format!("{ptr}/type"),
                    r,
                    "STATIC access URL has no staticURL".into(),
                    Some("add \"staticURL\": \"https://...\"".into()),
                ),
                Some((s, sr)) if !is_http_url(s) => c.emit(
                    "invalid-uri",
                    format!("{ptr}/staticURL"),
                    sr,
                    format!("staticURL '{s}' is not an absolute http(s) URL"),
                    Some("write it as https://host/path".into()),
                ),
                _ => {}
            }
        }
    }

    // The artefact sent with --file.
    if let Some(name) = &opts.artefact
        && !resource_tags.contains(name.as_str())
    {
        let at = prop(root, "resources")
            .map(name_range)
            .unwrap_or(Range::new(root.range.start, root.range.start + 1));
        let best = closest(name, resources.iter().map(|d| d.tag.as_str()))
            .and_then(|b| resources.iter().find(|d| d.tag == b))
            .cloned();
        c.emit_rel(
            "artefact-not-in-resources",
            "/resources",
            at,
            format!(
                "--file {name}: no resource has the tag '{name}', so the artefact would not be used"
            ),
            Some(match &best {
                Some(b) => format!(
                    "did you mean the resource '{}'? the file name and the resource tag must match",
                    b.tag
                ),
                None => format!("add a resource with \"tag\": \"{name}\""),
            }),
            best.map(|b| {
                (
                    b.range,
                    b.ptr,
                    format!("resource '{}' is defined here", b.tag),
                )
            }),
        );
    }
}

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
    let one = |text: String, rule: &'static str, at: usize, message: String, help: &str| Outcome {
        diagnostics: vec![Diagnostic {
            severity: rules::severity(rule),
            rule,
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
            "empty-document",
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
                "invalid-encoding",
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
            "invalid-encoding",
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
                    "too-deep",
                    "the document nests too deeply to be a package".to_string(),
                    "a package document nests about 8 levels",
                ),
                k => (
                    "json-syntax",
                    parse_error_message(k),
                    "fix the JSON syntax at this position",
                ),
            };
            return Outcome {
                diagnostics: vec![Diagnostic {
                    severity: rules::severity(rule),
                    rule,
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
            c.emit(
                "root-not-object",
                "",
                Range::new(r.start, r.start + 1),
                format!("the document is {}, but a package must be a JSON object", type_name(other)),
                Some("the root must be the PackageVersion object: { \"version\": ..., \"operations\": [...] }".into()),
            );
        }
        None => {
            return one(
                text.to_string(),
                "empty-document",
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
