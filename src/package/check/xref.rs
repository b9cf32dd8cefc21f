//! Cross-references: tags defined once and referred to correctly between services,
//! resources, actions, operations and parameters.

use std::collections::{HashMap, HashSet};

use jsonc_parser::ast::{Object, Value};
use jsonc_parser::common::Range;

use super::ast::*;
use super::properties::check_property;
use super::{Checker, Diag, Options, closest};
use crate::package::rules::{RuleId, id};
use crate::package::shape;

/// A defined tag: where, and of which kind.
#[derive(Clone)]
pub(super) struct Def {
    pub(super) tag: String,
    pub(super) range: Range,
    pub(super) ptr: String,
    pub(super) kind: &'static str,
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
pub(super) struct Reference<'a> {
    pub(super) rule: RuleId,
    pub(super) field: &'a str,
    pub(super) name: &'a str,
    pub(super) range: Range,
    pub(super) ptr: String,
}

/// What a reference may name: the definitions of the wanted kind, and those of the other
/// kinds (so a tag of the wrong kind is called that, not "unknown").
pub(super) struct Targets<'d> {
    pub(super) wanted: &'d [Def],
    pub(super) kind: &'d str,
    pub(super) others: &'d [&'d [Def]],
}

/// Report a reference that names no definition of `wanted` kind: say if it names another kind,
/// else suggest the closest tag of the right kind.
pub(super) fn unresolved(c: &mut Checker, reference: Reference, targets: Targets) {
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

/// The tags each section defines, collected (and checked for duplicates) once.
struct Defs {
    services: Vec<Def>,
    resources: Vec<Def>,
    actions: Vec<Def>,
}

/// The tags of some definitions, hashed: large packages have thousands of actions and steps,
/// and every reference is looked up.
fn tag_set(defs: &[Def]) -> HashSet<&str> {
    defs.iter().map(|d| d.tag.as_str()).collect()
}

/// Report a `dependentServiceTag` (at `ptr`) that names no declared service.
pub(super) fn unknown_service_tag(
    c: &mut Checker,
    (tag, range): (&str, Range),
    ptr: &str,
    services: &[Def],
    others: &[&[Def]],
) {
    unresolved(
        c,
        Reference {
            rule: id::UNKNOWN_SERVICE_TAG,
            field: "dependentServiceTag",
            name: tag,
            range,
            ptr: format!("{ptr}/dependentServiceTag"),
        },
        Targets {
            wanted: services,
            kind: "service",
            others,
        },
    );
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
    let resource_tags = tag_set(resources);
    let service_tags = tag_set(services);
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
                        unknown_service_tag(c, (st, r), &ptr, services, &[resources, actions]);
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
    let action_tags = tag_set(&d.actions);
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
                            wanted: &d.actions,
                            kind: "action",
                            others: &[&d.services, &d.resources],
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
    for def in &d.actions {
        if !used.contains(&def.tag) {
            c.report(
                Diag::new(
                    id::UNUSED_ACTION,
                    &def.ptr,
                    def.range,
                    format!("action '{}' is not used by any operation", def.tag),
                )
                .help("add it to an operation's actionExecutionSequence, or remove it"),
            );
        }
    }
}

/// Access URLs.
fn access_urls(c: &mut Checker, root: &Object) {
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
    let resource_tags = tag_set(resources);
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
