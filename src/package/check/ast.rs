//! Small helpers over the parsed syntax tree: ranges, type names, property lookups.

use jsonc_parser::ast::{Array, Object, ObjectProp, ObjectPropName, Value};
use jsonc_parser::common::Range;

use crate::package::shape::Kind;

pub(super) fn range_of(v: &Value) -> Range {
    match v {
        Value::StringLit(x) => x.range,
        Value::NumberLit(x) => x.range,
        Value::BooleanLit(x) => x.range,
        Value::Object(x) => x.range,
        Value::Array(x) => x.range,
        Value::NullKeyword(x) => x.range,
    }
}

pub(super) fn name_range(p: &ObjectProp) -> Range {
    match &p.name {
        ObjectPropName::String(s) => s.range,
        ObjectPropName::Word(w) => w.range,
    }
}

pub(super) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::StringLit(_) => "a string",
        Value::NumberLit(_) => "a number",
        Value::BooleanLit(_) => "a boolean",
        Value::Object(_) => "an object",
        Value::Array(_) => "an array",
        Value::NullKeyword(_) => "null",
    }
}

pub(super) fn kind_name(k: Kind) -> &'static str {
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
pub(super) fn prop<'o, 'a>(obj: &'o Object<'a>, name: &str) -> Option<&'o ObjectProp<'a>> {
    obj.properties
        .iter()
        .rev()
        .find(|p| p.name.as_str() == name)
}

/// Which of `keys` the object lacks, in the order given.
pub(super) fn missing_keys<'k>(obj: &Object, keys: &[&'k str]) -> Vec<&'k str> {
    keys.iter()
        .copied()
        .filter(|k| prop(obj, k).is_none())
        .collect()
}

pub(super) fn str_of<'o>(obj: &'o Object, name: &str) -> Option<(&'o str, Range)> {
    match prop(obj, name).map(|p| &p.value) {
        Some(Value::StringLit(s)) => Some((s.value.as_ref(), s.range)),
        _ => None,
    }
}

pub(super) fn arr_of<'o, 'a>(obj: &'o Object<'a>, name: &str) -> Option<&'o Array<'a>> {
    match prop(obj, name).map(|p| &p.value) {
        Some(Value::Array(a)) => Some(a),
        _ => None,
    }
}

pub(super) fn obj_of<'o, 'a>(obj: &'o Object<'a>, name: &str) -> Option<&'o Object<'a>> {
    match prop(obj, name).map(|p| &p.value) {
        Some(Value::Object(o)) => Some(o),
        _ => None,
    }
}

/// Objects of an array with their index (non-objects are reported by the shape checks).
pub(super) fn objects<'o, 'a>(
    a: Option<&'o Array<'a>>,
) -> impl Iterator<Item = (usize, &'o Object<'a>)> {
    a.into_iter()
        .flat_map(|a| a.elements.iter().enumerate())
        .filter_map(|(i, v)| match v {
            Value::Object(o) => Some((i, o)),
            _ => None,
        })
}

pub(super) fn is_http_url(s: &str) -> bool {
    reqwest::Url::parse(s)
        .map(|u| {
            matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty())
        })
        .unwrap_or(false)
}

pub(super) fn numeric(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty() || !t.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    t.parse().ok()
}
