//! The shape walk: every value against the shape table (types, required and empty fields,
//! enumerations, numbers, URLs), nesting depth and duplicate keys.

use std::collections::HashMap;

use jsonc_parser::ast::{Object, Value};
use jsonc_parser::common::Range;

use super::ast::*;
use super::{Checker, Diag, MAX_DEPTH, Ptr, closest};
use crate::package::diagnostic::pointer_token;
use crate::package::rules::id;
use crate::package::shape::{self, Kind, Shape};

impl Checker {
    fn depth_exceeded(&mut self, r: Range, ptr: &Ptr, depth: usize) -> bool {
        if depth <= MAX_DEPTH {
            return false;
        }
        if !self.too_deep {
            self.too_deep = true;
            self.report(
                Diag::new(
                    id::TOO_DEEP,
                    ptr.to_string(),
                    Range::new(r.start, r.start + 1),
                    format!("the document nests more than {MAX_DEPTH} levels deep here"),
                )
                .help("a package document nests about 8 levels; flatten or remove this value"),
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
                self.report(
                    Diag::new(
                        id::DUPLICATE_KEY,
                        format!("{ptr}/{}", pointer_token(name)),
                        r,
                        format!("key `{name}` appears twice in this object"),
                    )
                    .help("keep one occurrence; parsers disagree about which one wins")
                    .related(
                        first,
                        format!("{ptr}/{}", pointer_token(name)),
                        format!("first `{name}` is here"),
                    ),
                );
            } else if !small {
                seen.insert(name, r);
            }
        }
    }

    pub(super) fn walk_object(
        &mut self,
        o: &Object,
        shape: &'static Shape,
        ptr: &Ptr,
        depth: usize,
    ) {
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
                        self.report(
                            Diag::new(
                                id::UNKNOWN_FIELD,
                                child,
                                name_range(p),
                                format!(
                                    "{} has no field `{name}`; it would be ignored",
                                    shape.name
                                ),
                            )
                            .help(format!("did you mean `{c}`?")),
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
                self.report(
                    Diag::new(
                        id::MISSING_FIELD,
                        ptr,
                        Range::new(o.range.start, o.range.start + 1),
                        format!("{what} has no `{}`", field.name),
                    )
                    .help(format!("add \"{}\": {value}", field.name)),
                );
            }
        }
    }

    fn check_kind(&mut self, v: &Value, field: &'static shape::Field, ptr: &Ptr, depth: usize) {
        let wrong = |c: &mut Checker, v: &Value| {
            c.report(
                Diag::new(
                    id::WRONG_TYPE,
                    ptr,
                    range_of(v),
                    format!(
                        "`{}` is {} but must be {}",
                        field.name,
                        type_name(v),
                        kind_name(field.kind)
                    ),
                )
                .help(match v {
                    Value::NullKeyword(_) => "give a value, or remove the key".to_string(),
                    _ => format!("{}: {}", field.name, field.doc),
                }),
            );
        };
        match (field.kind, v) {
            (Kind::Str, Value::StringLit(s)) => {
                if field.required && s.value.trim().is_empty() {
                    self.report(
                        Diag::new(
                            id::EMPTY_FIELD,
                            ptr,
                            s.range,
                            format!("`{}` is empty", field.name),
                        )
                        .help(format!("give `{}` a value: {}", field.name, field.doc)),
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
                    self.report(
                        Diag::new(
                            e.rule,
                            ptr,
                            s.range,
                            format!(
                                "`{}` is '{}', not one of {}",
                                field.name,
                                s.value,
                                e.values.join(", ")
                            ),
                        )
                        .help(match suggestion {
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
                    self.report(
                        Diag::new(
                            id::NOT_A_NUMBER,
                            ptr,
                            s.range,
                            format!("`{}` is '{}', which is not a number", field.name, s.value),
                        )
                        .help(format!("write digits, e.g. \"{}\": \"10\"", field.name)),
                    );
                }
            }
            (Kind::Scalar, Value::StringLit(_) | Value::NumberLit(_) | Value::BooleanLit(_)) => {}
            (Kind::StrArray, Value::Array(a)) => {
                for (i, e) in a.elements.iter().enumerate() {
                    if !matches!(e, Value::StringLit(_)) {
                        self.report(
                            Diag::new(
                                id::WRONG_TYPE,
                                format!("{ptr}/{i}"),
                                range_of(e),
                                format!(
                                    "`{}` items must be strings; item {i} is {}",
                                    field.name,
                                    type_name(e)
                                ),
                            )
                            .help("quote the value"),
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
                        other => self.report(
                            Diag::new(
                                id::WRONG_TYPE,
                                child,
                                range_of(other),
                                format!(
                                    "`{}` items must be {} objects; item {i} is {}",
                                    field.name,
                                    s.name,
                                    type_name(other)
                                ),
                            )
                            .help(format!("{}: {}", s.name, s.doc)),
                        ),
                    }
                }
            }
            (Kind::Any, v) => self.walk_any(v, ptr, depth),
            (_, v) => wrong(self, v),
        }
    }
}
