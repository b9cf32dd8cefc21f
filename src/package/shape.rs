//! The shape of a PackageVersion document, as data: drives the type checks and generates the
//! JSON Schema (`publisher package schema`), so the two never disagree.

use super::rules::{RuleId, id};
use serde_json::{Map, Value, json};

#[derive(Debug, Clone, Copy)]
pub enum Kind {
    Str,
    Int,
    /// A JSON boolean, or the strings "true"/"false" (Oracle's examples send both).
    BoolLike,
    /// A number, or a string of one (Oracle's examples send "1275").
    NumStr,
    /// Any scalar (string, number, boolean).
    Scalar,
    StrArray,
    Obj(&'static Shape),
    ObjArray(&'static Shape),
    Any,
}

/// A closed set of values; `strict` ones are errors, the others warnings with their own rule.
#[derive(Debug, Clone, Copy)]
pub struct Enumeration {
    pub values: &'static [&'static str],
    pub rule: RuleId,
}

#[derive(Debug)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    pub enumeration: Option<Enumeration>,
    pub doc: &'static str,
}

#[derive(Debug)]
pub struct Shape {
    pub name: &'static str,
    pub doc: &'static str,
    pub fields: &'static [Field],
}

impl Shape {
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }
}

const fn f(name: &'static str, kind: Kind, doc: &'static str) -> Field {
    Field {
        name,
        kind,
        required: false,
        enumeration: None,
        doc,
    }
}
const fn req(name: &'static str, kind: Kind, doc: &'static str) -> Field {
    Field {
        name,
        kind,
        required: true,
        enumeration: None,
        doc,
    }
}
const fn en(
    name: &'static str,
    required: bool,
    values: &'static [&'static str],
    rule: RuleId,
    doc: &'static str,
) -> Field {
    Field {
        name,
        kind: Kind::Str,
        required,
        enumeration: Some(Enumeration { values, rule }),
        doc,
    }
}

pub const ACTION_TYPES: &[&str] = &["OUT_OF_THE_BOX_ACTION", "CUSTOM_ACTION"];
pub const SOURCES: &[&str] = &["BLUEPRINT_STATIC", "DYNAMIC", "USER"];
pub const OPERATION_TYPES: &[&str] = &["INSTALL", "UNINSTALL", "UPGRADE"];
pub const DATA_TYPES: &[&str] = &[
    "STRING", "PICKLIST", "NUMBER", "INTEGER", "BOOLEAN", "PASSWORD", "EMAIL",
];
pub const DEPLOYMENT_MODES: &[&str] = &["ASYNC", "SYNC"];
pub const ACCESS_URL_TYPES: &[&str] = &["STATIC", "DYNAMIC"];
pub const PARAMETER_TYPES: &[&str] = &["TAS_PROVISIONING_PROPERTY", "USER_PROPERTY"];
pub const RESOURCE_MAP_TAGS: &[&str] = &["APPLICATION_DEPLOYABLE_FILE", "IMAGE"];

/// Out-of-the-box actions per dependent service (the PackageVersion schema of Oracle's REST API
/// for Marketplace Publisher, <https://docs.oracle.com/en/cloud/marketplace/partner-portal/rest-api-publisher/>).
pub const SERVICE_ACTIONS: &[(&str, &[&str])] = &[
    (
        "JAVA",
        &[
            "deploy",
            "undeploy",
            "restartservice",
            "start",
            "stop",
            "deploylibrary",
            "undeploylibrary",
            "adddatasourcealias",
            "deletedatasourcealias",
            "addcredential",
            "deletecredential",
        ],
    ),
    ("Compute", &["createMachineImage", "deleteMachineImage"]),
];

/// Actions that deploy a file and so need a resourceMap.
pub const DEPLOYING_ACTIONS: &[&str] = &["deploy", "deploylibrary", "createMachineImage"];

pub static PACKAGE_PARAM: Shape = Shape {
    name: "PackageParam",
    doc: "A parameter substituted for ${tag} in a DYNAMIC property value.",
    fields: &[
        req("tag", Kind::Str, "Name used in ${tag} placeholders."),
        en(
            "type",
            true,
            PARAMETER_TYPES,
            id::UNKNOWN_PARAMETER_TYPE,
            "Where the value comes from.",
        ),
        f(
            "dependentServiceTag",
            Kind::Str,
            "Service whose property is read (TAS_PROVISIONING_PROPERTY).",
        ),
        f(
            "referencedProperty",
            Kind::Str,
            "Property of that service, e.g. TAS_IDM_DOMAIN_NAME.",
        ),
    ],
};

pub static ACTION_PROPERTY: Shape = Shape {
    name: "ActionProperty",
    doc: "A named property of an action or resource: static, computed, or asked of the user.",
    fields: &[
        req("name", Kind::Str, "Property name."),
        en(
            "source",
            true,
            SOURCES,
            id::UNKNOWN_ENUM,
            "BLUEPRINT_STATIC, DYNAMIC or USER.",
        ),
        f(
            "value",
            Kind::Scalar,
            "The value (BLUEPRINT_STATIC), or a template with ${tag} placeholders (DYNAMIC).",
        ),
        f("displayName", Kind::Str, "Label shown to the user (USER)."),
        en(
            "dataType",
            false,
            DATA_TYPES,
            id::UNKNOWN_DATA_TYPE,
            "How a USER property is asked: STRING, PICKLIST, ...",
        ),
        f(
            "mandatory",
            Kind::BoolLike,
            "Whether the user must answer (USER).",
        ),
        f("description", Kind::Str, "Help text."),
        f("defaultValue", Kind::Scalar, "Default answer (USER)."),
        f("values", Kind::StrArray, "Choices of a PICKLIST."),
        f(
            "parameters",
            Kind::ObjArray(&PACKAGE_PARAM),
            "Parameters of a DYNAMIC value.",
        ),
    ],
};

pub static SERVICE: Shape = Shape {
    name: "Service",
    doc: "A service the application is deployed to.",
    fields: &[
        req(
            "tag",
            Kind::Str,
            "Tag that actions use to refer to this service.",
        ),
        req("serviceName", Kind::Str, "JAVA, Compute, ..."),
        f(
            "minVersion",
            Kind::NumStr,
            "Lowest supported service version.",
        ),
        f(
            "maxVersion",
            Kind::NumStr,
            "Highest supported service version.",
        ),
        f(
            "isDedicatedToAppFlag",
            Kind::BoolLike,
            "Whether the service instance is dedicated to the app.",
        ),
        f("minSize", Kind::NumStr, "Minimum size."),
        f("maxSize", Kind::NumStr, "Maximum size."),
    ],
};

pub static RESOURCE: Shape = Shape {
    name: "Resource",
    doc: "A deployable: a file sent with the package, or an uploaded machine image.",
    fields: &[
        req(
            "tag",
            Kind::Str,
            "Tag that resourceMap.name refers to; for a file sent with --file, its file name.",
        ),
        f(
            "location",
            Kind::Str,
            "Storage path, e.g. container/mi/app/version/os/image.tar.gz.",
        ),
        f("version", Kind::Str, "Resource version."),
        f(
            "standardProperties",
            Kind::ObjArray(&ACTION_PROPERTY),
            "Standard properties.",
        ),
        f(
            "customProperties",
            Kind::ObjArray(&ACTION_PROPERTY),
            "Custom properties.",
        ),
        f("inputStream", Kind::Any, "Server-side field."),
    ],
};

pub static RESOURCE_MAP: Shape = Shape {
    name: "ResourceMap",
    doc: "Which resource an action deploys, and in which role.",
    fields: &[
        en(
            "resourceTag",
            true,
            RESOURCE_MAP_TAGS,
            id::UNKNOWN_RESOURCE_MAP_TAG,
            "Role: APPLICATION_DEPLOYABLE_FILE or IMAGE.",
        ),
        req("name", Kind::Str, "Tag of the resource."),
    ],
};

pub static AUTHENTICATION: Shape = Shape {
    name: "Authentication",
    doc: "How a custom action authenticates to its uri.",
    fields: &[
        f("type", Kind::Str, "e.g. BASIC."),
        f("authHeader", Kind::Str, "Authorization header scheme."),
    ],
};

pub static ACTION: Shape = Shape {
    name: "Action",
    doc: "A step that operations run: an out-of-the-box action of a service, or a call to your own uri.",
    fields: &[
        req(
            "tag",
            Kind::Str,
            "Tag that operations use to refer to this action.",
        ),
        en(
            "type",
            true,
            ACTION_TYPES,
            id::UNKNOWN_ENUM,
            "OUT_OF_THE_BOX_ACTION or CUSTOM_ACTION.",
        ),
        f(
            "actionName",
            Kind::Str,
            "Name of the service's action (OUT_OF_THE_BOX_ACTION).",
        ),
        f(
            "dependentServiceTag",
            Kind::Str,
            "Tag of the service that runs it (OUT_OF_THE_BOX_ACTION).",
        ),
        f(
            "resourceMap",
            Kind::Obj(&RESOURCE_MAP),
            "Resource the action deploys.",
        ),
        f(
            "requestProperties",
            Kind::ObjArray(&ACTION_PROPERTY),
            "Properties sent with the action.",
        ),
        f("uri", Kind::Str, "Endpoint of a CUSTOM_ACTION."),
        f(
            "authentication",
            Kind::Obj(&AUTHENTICATION),
            "Authentication of a CUSTOM_ACTION.",
        ),
        f("description", Kind::Str, "Description."),
    ],
};

pub static OPERATION_ACTION: Shape = Shape {
    name: "OperationAction",
    doc: "One step of an operation.",
    fields: &[
        req("sequenceNumber", Kind::Int, "Position of the step, 1..n."),
        req("actionTag", Kind::Str, "Tag of the action to run."),
    ],
};

pub static OPERATION: Shape = Shape {
    name: "Operation",
    doc: "INSTALL, UNINSTALL or UPGRADE: an ordered list of actions.",
    fields: &[
        en(
            "type",
            true,
            OPERATION_TYPES,
            id::UNKNOWN_ENUM,
            "INSTALL, UNINSTALL or UPGRADE.",
        ),
        req(
            "actionExecutionSequence",
            Kind::ObjArray(&OPERATION_ACTION),
            "The steps, numbered 1..n.",
        ),
    ],
};

pub static ACCESS_URL_PARAM: Shape = Shape {
    name: "AccessURLParam",
    doc: "A parameter of a DYNAMIC access URL.",
    fields: &[
        f("name", Kind::Str, "Name."),
        f("value", Kind::Scalar, "Value."),
    ],
};

pub static ACCESS_URL: Shape = Shape {
    name: "AccessURL",
    doc: "A URL shown to the user after installation.",
    fields: &[
        f("name", Kind::Str, "Name."),
        en(
            "type",
            false,
            ACCESS_URL_TYPES,
            id::UNKNOWN_ACCESS_URL_TYPE,
            "STATIC or DYNAMIC.",
        ),
        f("description", Kind::Str, "Description."),
        f("staticURL", Kind::Str, "The URL (STATIC)."),
        f(
            "parameters",
            Kind::ObjArray(&ACCESS_URL_PARAM),
            "Parameters (DYNAMIC).",
        ),
    ],
};

pub static PACKAGE_VERSION: Shape = Shape {
    name: "PackageVersion",
    doc: "An application package: what to deploy where, and the steps to install, uninstall and upgrade it.",
    fields: &[
        f("name", Kind::Str, "Package name."),
        f("description", Kind::Str, "Description."),
        req("version", Kind::Str, "Package version, e.g. 1.0."),
        f("namespacePrefix", Kind::Str, "Namespace prefix."),
        en(
            "deploymentMode",
            false,
            DEPLOYMENT_MODES,
            id::UNKNOWN_DEPLOYMENT_MODE,
            "ASYNC or SYNC.",
        ),
        f("type", Kind::Str, "e.g. UNMANAGED."),
        f("status", Kind::Str, "e.g. NEW."),
        f("code", Kind::Str, "Code."),
        f("displayName", Kind::Str, "Display name."),
        f("owner", Kind::Str, "Owner."),
        f("partnerName", Kind::Str, "Partner name."),
        f("listingImageURL", Kind::Str, "Listing image URL."),
        f(
            "listingVersionId",
            Kind::Int,
            "Listing version id (server-side).",
        ),
        req(
            "dependentServices",
            Kind::ObjArray(&SERVICE),
            "Services the application is deployed to.",
        ),
        f("resources", Kind::ObjArray(&RESOURCE), "What is deployed."),
        f(
            "downloadablePackageResource",
            Kind::Obj(&RESOURCE),
            "A downloadable resource.",
        ),
        f(
            "actions",
            Kind::ObjArray(&ACTION),
            "The actions operations can run.",
        ),
        req(
            "operations",
            Kind::ObjArray(&OPERATION),
            "INSTALL and UNINSTALL (mandatory), UPGRADE (optional).",
        ),
        f(
            "accessURLs",
            Kind::ObjArray(&ACCESS_URL),
            "URLs shown after installation.",
        ),
        f("links", Kind::Any, "Server-side links."),
    ],
};

pub const ALL_SHAPES: &[&Shape] = &[
    &PACKAGE_VERSION,
    &SERVICE,
    &RESOURCE,
    &ACTION_PROPERTY,
    &PACKAGE_PARAM,
    &ACTION,
    &RESOURCE_MAP,
    &AUTHENTICATION,
    &OPERATION,
    &OPERATION_ACTION,
    &ACCESS_URL,
    &ACCESS_URL_PARAM,
];

fn kind_schema(k: Kind) -> Value {
    let r = |s: &Shape| json!({"$ref": format!("#/$defs/{}", s.name)});
    match k {
        Kind::Str => json!({"type": "string"}),
        Kind::Int => json!({"type": "integer"}),
        Kind::BoolLike => {
            json!({"oneOf": [{"type": "boolean"}, {"type": "string", "enum": ["true", "false"]}]})
        }
        Kind::NumStr => {
            json!({"oneOf": [{"type": "number"}, {"type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?$"}]})
        }
        Kind::Scalar => json!({"type": ["string", "number", "boolean"]}),
        Kind::StrArray => json!({"type": "array", "items": {"type": "string"}}),
        Kind::Obj(s) => r(s),
        Kind::ObjArray(s) => json!({"type": "array", "items": r(s)}),
        Kind::Any => json!({}),
    }
}

fn shape_schema(s: &Shape) -> Value {
    let mut props = Map::new();
    for fld in s.fields {
        let mut v = kind_schema(fld.kind);
        if let Some(o) = v.as_object_mut() {
            o.insert("description".into(), json!(fld.doc));
            // Only the strict enumerations are enforced; the others are advisory.
            if let Some(e) = fld.enumeration
                && e.rule == id::UNKNOWN_ENUM
            {
                o.insert("enum".into(), json!(e.values));
            }
        }
        props.insert(fld.name.into(), v);
    }
    let required: Vec<&str> = s
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    json!({
        "type": "object",
        "description": s.doc,
        "properties": props,
        "required": required,
        // Unknown keys are passed through to the server, so they are allowed.
        "additionalProperties": true,
    })
}

/// JSON Schema (draft 2020-12) of a package document.
pub fn json_schema() -> Value {
    let mut defs = Map::new();
    for s in ALL_SHAPES.iter().skip(1) {
        defs.insert(s.name.into(), shape_schema(s));
    }
    let mut root = shape_schema(&PACKAGE_VERSION);
    if let Some(o) = root.as_object_mut() {
        o.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        o.insert(
            "$id".into(),
            json!("https://github.com/publisher-cli/publisher/package.schema.json"),
        );
        o.insert(
            "title".into(),
            json!("Oracle Cloud Marketplace application package (PackageVersion)"),
        );
        o.insert("$defs".into(), Value::Object(defs));
    }
    root
}
