//! Cross-references: tags defined once and referred to correctly between services,
//! resources, actions, operations and parameters.

use std::collections::{HashMap, HashSet};

use jsonc_parser::ast::{Object, Value};
use jsonc_parser::common::Range;

use super::ast::*;
use super::{Checker, Diag, Options, closest};
use crate::package::rules::{RuleId, id};
use crate::package::shape;

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
            c.report(
                Diag::new(
                    id::DUPLICATE_TAG,
                    &ptr,
                    r,
                    format!("{kind} tag '{tag}' is defined twice"),
                )
                .help("give each a unique tag")
                .related(
                    first.range,
                    first.ptr,
                    format!("first {kind} '{tag}' is defined here"),
                ),
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

/// A reference in the document: the field, the name it gives, and where.
struct Reference<'a> {
    rule: RuleId,
    field: &'a str,
    name: &'a str,
    range: Range,
    ptr: String,
}

/// What a reference may name: the definitions of the wanted kind, and those of the other
/// kinds (so a tag of the wrong kind is called that, not "unknown").
struct Targets<'d> {
    wanted: &'d [Def],
    kind: &'d str,
    others: &'d [&'d [Def]],
}

/// Report a reference that names no definition of `wanted` kind: say if it names another kind,
/// else suggest the closest tag of the right kind.
fn unresolved(c: &mut Checker, reference: Reference, targets: Targets) {
    let Reference {
        rule,
        field,
        name,
        range: r,
        ptr,
    } = reference;
    let Targets {
        wanted,
        kind: wanted_kind,
        others,
    } = targets;
    if let Some(d) = others.iter().flat_map(|o| o.iter()).find(|d| d.tag == name) {
        let d = d.clone();
        c.report(
            Diag::new(
                rule,
                ptr,
                r,
                format!(
                    "`{field}` '{name}' is the tag of a {}, not of a {wanted_kind}",
                    d.kind
                ),
            )
            .help(match closest(name, wanted.iter().map(|w| w.tag.as_str())) {
                Some(x) => format!("did you mean the {wanted_kind} '{x}'?"),
                None => format!("refer to a {wanted_kind} tag here"),
            })
            .related(
                d.range,
                d.ptr,
                format!("{} '{name}' is defined here", d.kind),
            ),
        );
        return;
    }
    let best = closest(name, wanted.iter().map(|w| w.tag.as_str()))
        .and_then(|b| wanted.iter().find(|w| w.tag == b))
        .cloned();
    let known: Vec<&str> = wanted.iter().map(|w| w.tag.as_str()).take(6).collect();
    match best {
        Some(b) => c.report(
            Diag::new(
                rule,
                ptr,
                r,
                format!("`{field}` '{name}' does not name any {wanted_kind}"),
            )
            .help(format!("did you mean '{}'?", b.tag))
            .related(
                b.range,
                b.ptr,
                format!("{wanted_kind} '{}' is defined here", b.tag),
            ),
        ),
        None => c.report(
            Diag::new(
                rule,
                ptr,
                r,
                format!("`{field}` '{name}' does not name any {wanted_kind}"),
            )
            .help(if known.is_empty() {
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
                    unresolved(
                        c,
                        Reference {
                            rule: id::UNKNOWN_SERVICE_TAG,
                            field: "dependentServiceTag",
                            name: st,
                            range: r,
                            ptr: format!("{qptr}/dependentServiceTag"),
                        },
                        Targets {
                            wanted: services,
                            kind: "service",
                            others,
                        },
                    );
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

/// The tags each section defines, collected (and checked for duplicates) once.
struct Defs {
    services: Vec<Def>,
    resources: Vec<Def>,
    actions: Vec<Def>,
}

pub(super) fn cross_references(c: &mut Checker, text: &str, root: &Object, opts: &Options) {
    let d = Defs {
        services: collect_tags(c, root, "dependentServices", "service"),
        resources: collect_tags(c, root, "resources", "resource"),
        actions: collect_tags(c, root, "actions", "action"),
    };
    services(c, root);
    resource_properties(c, text, root, &d);
    actions(c, text, root, &d);
    operations(c, root, &d);
    access_urls(c, root);
    artefact(c, root, opts, &d);
}

/// Services: known names, sane ranges.
fn services(c: &mut Checker, root: &Object) {
    // Lookups by tag are hashed: large packages have thousands of actions and steps.
    for (i, s) in objects(arr_of(root, "dependentServices")) {
        if let Some((name, r)) = str_of(s, "serviceName")
            && !shape::SERVICE_ACTIONS.iter().any(|(n, _)| *n == name)
        {
            let best = shape::SERVICE_ACTIONS
                .iter()
                .map(|(n, _)| *n)
                .find(|n| n.eq_ignore_ascii_case(name))
                .or_else(|| closest(name, shape::SERVICE_ACTIONS.iter().map(|(n, _)| *n)));
            c.report(
                Diag::new(
                    id::UNKNOWN_SERVICE_NAME,
                    format!("/dependentServices/{i}/serviceName"),
                    r,
                    format!("service name '{name}' is not a known service (JAVA, Compute)"),
                )
                .help(match best {
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
                c.report(
                    Diag::new(
                        id::RANGE_INVERTED,
                        format!("/dependentServices/{i}/{lo}"),
                        ra,
                        format!("`{lo}` {a} is greater than `{hi}` {b}"),
                    )
                    .help(format!("swap them, or lower `{lo}`"))
                    .related(
                        rb,
                        format!("/dependentServices/{i}/{hi}"),
                        format!("`{hi}` is here"),
                    ),
                );
            }
        }
    }
}

/// Resource properties (their placeholders, parameters and references).
fn resource_properties(c: &mut Checker, text: &str, root: &Object, d: &Defs) {
    let Defs {
        services,
        resources,
        actions,
    } = d;
    // Lookups by tag are hashed: large packages have thousands of actions and steps.
    for (i, r) in objects(arr_of(root, "resources")) {
        for list in ["standardProperties", "customProperties"] {
            for (k, p) in objects(arr_of(r, list)) {
                check_property(
                    c,
                    text,
                    p,
                    &format!("/resources/{i}/{list}/{k}"),
                    services,
                    &[resources, actions],
                );
            }
        }
    }
}

/// Actions: their properties, resource maps, services and action names.
fn actions(c: &mut Checker, text: &str, root: &Object, d: &Defs) {
    let Defs {
        services,
        resources,
        actions,
    } = d;
    // Lookups by tag are hashed: large packages have thousands of actions and steps.
    let resource_tags: HashSet<&str> = resources.iter().map(|d| d.tag.as_str()).collect();
    let service_tags: HashSet<&str> = services.iter().map(|d| d.tag.as_str()).collect();
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
                services,
                &[resources, actions],
            );
        }
        if let Some(m) = obj_of(a, "resourceMap")
            && let Some((name, r)) = str_of(m, "name")
            && !resource_tags.contains(name)
        {
            unresolved(
                c,
                Reference {
                    rule: id::UNKNOWN_RESOURCE,
                    field: "resourceMap.name",
                    name,
                    range: r,
                    ptr: format!("{ptr}/resourceMap/name"),
                },
                Targets {
                    wanted: resources,
                    kind: "resource",
                    others: &[services, actions],
                },
            );
        }
        match ty.map(|(t, _)| t) {
            Some("OUT_OF_THE_BOX_ACTION") => {
                let missing = missing_keys(a, &["dependentServiceTag", "actionName"]);
                if !missing.is_empty() {
                    c.report(Diag::new(id::OOTB_ACTION_INCOMPLETE, format!("{ptr}/type"), anchor, format!("out-of-the-box action '{tag}' has no {}", missing.join(" and "))).help("name the service that runs it (\"dependentServiceTag\") and its action (\"actionName\", e.g. \"deploy\")"));
                }
                let action_name = str_of(a, "actionName");
                if let Some((st, r)) = str_of(a, "dependentServiceTag") {
                    if !service_tags.contains(st) {
                        unresolved(
                            c,
                            Reference {
                                rule: id::UNKNOWN_SERVICE_TAG,
                                field: "dependentServiceTag",
                                name: st,
                                range: r,
                                ptr: format!("{ptr}/dependentServiceTag"),
                            },
                            Targets {
                                wanted: services,
                                kind: "service",
                                others: &[resources, actions],
                            },
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
                        c.report(
                            Diag::new(
                                id::UNKNOWN_ACTION_NAME,
                                format!("{ptr}/actionName"),
                                ar,
                                format!("'{an}' is not a known action of service {svc}"),
                            )
                            .help(match best {
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
                    c.report(Diag::new(id::MISSING_RESOURCE_MAP, format!("{ptr}/actionName"), ar, format!("action '{tag}' ({an}) deploys a file but has no resourceMap")).help("add \"resourceMap\": {\"resourceTag\": \"APPLICATION_DEPLOYABLE_FILE\", \"name\": \"<resource tag>\"}"));
                }
            }
            Some("CUSTOM_ACTION") => match str_of(a, "uri") {
                None => c.report(
                    Diag::new(
                        id::CUSTOM_ACTION_MISSING_URI,
                        format!("{ptr}/type"),
                        anchor,
                        format!("custom action '{tag}' has no uri to call"),
                    )
                    .help("add \"uri\": \"https://...\""),
                ),
                Some((u, r)) if !is_http_url(u) => c.report(
                    Diag::new(
                        id::INVALID_URI,
                        format!("{ptr}/uri"),
                        r,
                        format!(
                            "uri '{u}' of custom action '{tag}' is not an absolute http(s) URL"
                        ),
                    )
                    .help("write it as https://host/path"),
                ),
                _ => {}
            },
            _ => {}
        }
    }
}

/// Operations: types, execution sequences, mandatory INSTALL/UNINSTALL, unused actions.
fn operations(c: &mut Checker, root: &Object, d: &Defs) {
    let Defs {
        services,
        resources,
        actions,
    } = d;
    // Lookups by tag are hashed: large packages have thousands of actions and steps.
    let action_tags: HashSet<&str> = actions.iter().map(|d| d.tag.as_str()).collect();
    let mut used: HashSet<String> = HashSet::new();
    let mut seen_types: HashMap<String, (Range, String)> = HashMap::new();
    for (i, op) in objects(arr_of(root, "operations")) {
        let ptr = format!("/operations/{i}");
        if let Some((t, r)) = str_of(op, "type") {
            if let Some((fr, fp)) = seen_types.get(t).cloned() {
                c.report(
                    Diag::new(
                        id::DUPLICATE_OPERATION,
                        format!("{ptr}/type"),
                        r,
                        format!("operation {t} is defined twice"),
                    )
                    .help(format!("merge the steps into the first {t} operation"))
                    .related(fr, fp, format!("first {t} operation is here")),
                );
            } else {
                seen_types.insert(t.to_string(), (r, format!("{ptr}/type")));
            }
        }
        let Some(seq) = arr_of(op, "actionExecutionSequence") else {
            continue;
        };
        if seq.elements.is_empty() {
            c.report(
                Diag::new(
                    id::EMPTY_OPERATION,
                    format!("{ptr}/actionExecutionSequence"),
                    seq.range,
                    format!(
                        "operation {} has no steps",
                        str_of(op, "type").map(|(t, _)| t).unwrap_or("")
                    ),
                )
                .help("add {\"sequenceNumber\": 1, \"actionTag\": \"...\"}"),
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
                        Reference {
                            rule: id::UNKNOWN_ACTION_TAG,
                            field: "actionTag",
                            name: t,
                            range: r,
                            ptr: format!("{sptr}/actionTag"),
                        },
                        Targets {
                            wanted: actions,
                            kind: "action",
                            others: &[services, resources],
                        },
                    );
                }
            }
            if let Some(Value::NumberLit(num)) = prop(step, "sequenceNumber").map(|p| &p.value)
                && let Ok(v) = num.value.parse::<i64>()
            {
                if let Some(first) = numbers.get(&v) {
                    c.report(
                        Diag::new(
                            id::DUPLICATE_SEQUENCE_NUMBER,
                            format!("{sptr}/sequenceNumber"),
                            num.range,
                            format!("sequenceNumber {v} is used twice in this operation"),
                        )
                        .help(format!("number the steps 1..{n}"))
                        .related(
                            *first,
                            format!("{ptr}/actionExecutionSequence"),
                            format!("sequenceNumber {v} is first used here"),
                        ),
                    );
                } else {
                    numbers.insert(v, num.range);
                    if v < 1 || v > n {
                        c.report(Diag::new(id::SEQUENCE_NOT_CONTIGUOUS, format!("{sptr}/sequenceNumber"), num.range, format!("sequenceNumber {v} is outside 1..{n} for an operation of {n} step(s)")).help(format!("number the steps 1..{n} without gaps")));
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
                c.report(Diag::new(id::MISSING_OPERATION, "/operations", name_range(ops), format!("the package has no {needed} operation")).help(format!("add {{\"type\": \"{needed}\", \"actionExecutionSequence\": [...]}}; INSTALL and UNINSTALL are mandatory")));
            }
        }
    }
    for d in actions {
        if !used.contains(&d.tag) {
            c.report(
                Diag::new(
                    id::UNUSED_ACTION,
                    &d.ptr,
                    d.range,
                    format!("action '{}' is not used by any operation", d.tag),
                )
                .help("add it to an operation's actionExecutionSequence, or remove it"),
            );
        }
    }
}

/// Access URLs.
fn access_urls(c: &mut Checker, root: &Object) {
    // Lookups by tag are hashed: large packages have thousands of actions and steps.
    for (i, u) in objects(arr_of(root, "accessURLs")) {
        let ptr = format!("/accessURLs/{i}");
        if let Some(("STATIC", r)) = str_of(u, "type") {
            match str_of(u, "staticURL") {
                None => c.report(
                    Diag::new(
                        id::ACCESS_URL_MISSING_STATIC_URL,
                        format!("{ptr}/type"),
                        r,
                        "STATIC access URL has no staticURL",
                    )
                    .help("add \"staticURL\": \"https://...\""),
                ),
                Some((s, sr)) if !is_http_url(s) => c.report(
                    Diag::new(
                        id::INVALID_URI,
                        format!("{ptr}/staticURL"),
                        sr,
                        format!("staticURL '{s}' is not an absolute http(s) URL"),
                    )
                    .help("write it as https://host/path"),
                ),
                _ => {}
            }
        }
    }
}

/// The artefact sent with --file names a resource.
fn artefact(c: &mut Checker, root: &Object, opts: &Options, d: &Defs) {
    let resources = &d.resources;
    // Lookups by tag are hashed: large packages have thousands of actions and steps.
    let resource_tags: HashSet<&str> = resources.iter().map(|d| d.tag.as_str()).collect();
    if let Some(name) = &opts.artefact
        && !resource_tags.contains(name.as_str())
    {
        let at = prop(root, "resources")
            .map(name_range)
            .unwrap_or(Range::new(root.range.start, root.range.start + 1));
        let best = closest(name, resources.iter().map(|d| d.tag.as_str()))
            .and_then(|b| resources.iter().find(|d| d.tag == b))
            .cloned();
        c.report(Diag::new(id::ARTEFACT_NOT_IN_RESOURCES, "/resources", at, format!(
                "--file {name}: no resource has the tag '{name}', so the artefact would not be used"
            )).help(match &best {
                Some(b) => format!(
                    "did you mean the resource '{}'? the file name and the resource tag must match",
                    b.tag
                ),
                None => format!("add a resource with \"tag\": \"{name}\""),
            }).related_opt(best.map(|b| {
                (
                    b.range,
                    b.ptr,
                    format!("resource '{}' is defined here", b.tag),
                )
            })));
    }
}
