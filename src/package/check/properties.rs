//! Properties of resources and actions: `${NAME}` placeholders against declared parameters,
//! parameter sources and the services they read from, and USER property completeness.

use jsonc_parser::ast::{Object, Value};
use jsonc_parser::common::Range;

use super::ast::*;
use super::xref::{Def, unknown_service_tag};
use super::{Checker, Diag, closest};
use crate::package::rules::id;

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

pub(super) fn check_property(
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
            c.report(Diag::new(id::USER_PROPERTY_INCOMPLETE, ptr, anchor, format!("USER property '{name}' has no {}", missing.join(" and "))).help("a USER property is asked of the installer: add \"displayName\" (the label) and \"dataType\" (e.g. \"STRING\")"));
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
            c.report(
                Diag::new(
                    id::PICKLIST_WITHOUT_VALUES,
                    format!("{ptr}/dataType"),
                    r,
                    format!("PICKLIST property '{name}' has no values to pick from"),
                )
                .help("add \"values\": [\"one\", \"two\"]"),
            );
        }
    } else if let Some(v) = values
        && data_type.is_some()
    {
        c.report(
            Diag::new(
                id::VALUES_WITHOUT_PICKLIST,
                format!("{ptr}/values"),
                name_range(v),
                format!(
                    "property '{name}' has values but dataType {}",
                    data_type.unwrap_or("")
                ),
            )
            .help("set \"dataType\": \"PICKLIST\", or remove the values"),
        );
    }
    if let Some(a) = params
        && source.is_some_and(|s| s != "DYNAMIC")
        && !a.elements.is_empty()
    {
        c.report(Diag::new(id::PARAMETERS_ON_NON_DYNAMIC, format!("{ptr}/parameters"), prop(p, "parameters").map(name_range).unwrap_or(anchor), format!("property '{name}' is {} but declares parameters, which only DYNAMIC properties use", source.unwrap_or(""))).help("make the property DYNAMIC, or remove the parameters"));
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
                    c.report(Diag::new(id::PLACEHOLDER_IN_STATIC_VALUE, format!("{ptr}/value"), first.range, format!("static property '{name}' contains ${{{}}}, which is sent literally", first.name)).help("make the property DYNAMIC and declare the parameter, if a substitution was meant"));
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
                        c.report(
                            Diag::new(
                                id::DUPLICATE_TAG,
                                format!("{qptr}/tag"),
                                r,
                                format!(
                                    "parameter tag '{tag}' is declared twice in property '{name}'"
                                ),
                            )
                            .help("give each parameter a unique tag")
                            .related(
                                first.range,
                                first.ptr,
                                format!("first parameter '{tag}' is declared here"),
                            ),
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
                    unknown_service_tag(c, (st, r), &qptr, services, others);
                }
            }
            let Some(vr) = value else { return };
            let (found, unterminated) = placeholders(text, vr, c.base);
            if let Some(r) = unterminated {
                c.report(
                    Diag::new(
                        id::UNTERMINATED_PLACEHOLDER,
                        format!("{ptr}/value"),
                        r,
                        format!(
                            "the value of property '{name}' opens `${{` without a closing `}}`"
                        ),
                    )
                    .help("write ${NAME}"),
                );
            }
            if found.is_empty() && unterminated.is_none() {
                c.report(
                    Diag::new(
                        id::DYNAMIC_WITHOUT_PLACEHOLDER,
                        format!("{ptr}/value"),
                        vr,
                        format!("DYNAMIC property '{name}' has no ${{NAME}} placeholder"),
                    )
                    .help("use BLUEPRINT_STATIC for a constant value"),
                );
            }
            for ph in &found {
                if !declared.iter().any(|d| d.tag == ph.name) {
                    let best = closest(&ph.name, declared.iter().map(|d| d.tag.as_str()));
                    c.report(Diag::new(id::UNDECLARED_PLACEHOLDER, format!("{ptr}/value"), ph.range, format!("placeholder ${{{}}} in property '{name}' has no parameter with that tag", ph.name)).help(match best {
                            Some(b) => format!("did you mean ${{{b}}}?"),
                            None => format!("declare it: \"parameters\": [{{\"tag\": \"{}\", \"type\": \"TAS_PROVISIONING_PROPERTY\", ...}}]", ph.name),
                        }));
                }
            }
            for d in &declared {
                if !found.iter().any(|ph| ph.name == d.tag) {
                    c.report(
                        Diag::new(
                            id::UNUSED_PARAMETER,
                            &d.ptr,
                            d.range,
                            format!(
                                "parameter '{}' is not used in the value of property '{name}'",
                                d.tag
                            ),
                        )
                        .help(format!(
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
