//! Every check has a stable id, a default severity and an explanation
//! (`publisher package explain RULE`). Ids never change meaning; retired ids are not reused.

use super::diagnostic::Severity::{self, Error, Warning};

/// A rule id. Only the constants in [`id`] exist (the field is private), so a misspelt id is a
/// compile error rather than a diagnostic with an unknown rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleId(&'static str);

impl RuleId {
    pub const fn as_str(self) -> &'static str {
        self.0
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// Every rule id, one constant each (the [`RULES`] table is built from them).
pub mod id {
    use super::RuleId;

    pub const INVALID_ENCODING: RuleId = RuleId("invalid-encoding");
    pub const EMPTY_DOCUMENT: RuleId = RuleId("empty-document");
    pub const FILE_TOO_LARGE: RuleId = RuleId("file-too-large");
    pub const JSON_SYNTAX: RuleId = RuleId("json-syntax");
    pub const TOO_DEEP: RuleId = RuleId("too-deep");
    pub const ROOT_NOT_OBJECT: RuleId = RuleId("root-not-object");
    pub const DUPLICATE_KEY: RuleId = RuleId("duplicate-key");
    pub const WRONG_TYPE: RuleId = RuleId("wrong-type");
    pub const MISSING_FIELD: RuleId = RuleId("missing-field");
    pub const EMPTY_FIELD: RuleId = RuleId("empty-field");
    pub const UNKNOWN_FIELD: RuleId = RuleId("unknown-field");
    pub const UNKNOWN_ENUM: RuleId = RuleId("unknown-enum");
    pub const UNKNOWN_DATA_TYPE: RuleId = RuleId("unknown-data-type");
    pub const UNKNOWN_DEPLOYMENT_MODE: RuleId = RuleId("unknown-deployment-mode");
    pub const UNKNOWN_ACCESS_URL_TYPE: RuleId = RuleId("unknown-access-url-type");
    pub const UNKNOWN_PARAMETER_TYPE: RuleId = RuleId("unknown-parameter-type");
    pub const UNKNOWN_SERVICE_NAME: RuleId = RuleId("unknown-service-name");
    pub const UNKNOWN_ACTION_NAME: RuleId = RuleId("unknown-action-name");
    pub const UNKNOWN_RESOURCE_MAP_TAG: RuleId = RuleId("unknown-resource-map-tag");
    pub const NOT_A_NUMBER: RuleId = RuleId("not-a-number");
    pub const RANGE_INVERTED: RuleId = RuleId("range-inverted");
    pub const MISSING_OPERATION: RuleId = RuleId("missing-operation");
    pub const DUPLICATE_OPERATION: RuleId = RuleId("duplicate-operation");
    pub const EMPTY_OPERATION: RuleId = RuleId("empty-operation");
    pub const DUPLICATE_TAG: RuleId = RuleId("duplicate-tag");
    pub const UNKNOWN_ACTION_TAG: RuleId = RuleId("unknown-action-tag");
    pub const UNKNOWN_SERVICE_TAG: RuleId = RuleId("unknown-service-tag");
    pub const UNKNOWN_RESOURCE: RuleId = RuleId("unknown-resource");
    pub const DUPLICATE_SEQUENCE_NUMBER: RuleId = RuleId("duplicate-sequence-number");
    pub const SEQUENCE_NOT_CONTIGUOUS: RuleId = RuleId("sequence-not-contiguous");
    pub const OOTB_ACTION_INCOMPLETE: RuleId = RuleId("ootb-action-incomplete");
    pub const CUSTOM_ACTION_MISSING_URI: RuleId = RuleId("custom-action-missing-uri");
    pub const INVALID_URI: RuleId = RuleId("invalid-uri");
    pub const PICKLIST_WITHOUT_VALUES: RuleId = RuleId("picklist-without-values");
    pub const VALUES_WITHOUT_PICKLIST: RuleId = RuleId("values-without-picklist");
    pub const UNDECLARED_PLACEHOLDER: RuleId = RuleId("undeclared-placeholder");
    pub const UNTERMINATED_PLACEHOLDER: RuleId = RuleId("unterminated-placeholder");
    pub const UNUSED_PARAMETER: RuleId = RuleId("unused-parameter");
    pub const DYNAMIC_WITHOUT_PLACEHOLDER: RuleId = RuleId("dynamic-without-placeholder");
    pub const PLACEHOLDER_IN_STATIC_VALUE: RuleId = RuleId("placeholder-in-static-value");
    pub const PARAMETERS_ON_NON_DYNAMIC: RuleId = RuleId("parameters-on-non-dynamic");
    pub const USER_PROPERTY_INCOMPLETE: RuleId = RuleId("user-property-incomplete");
    pub const UNUSED_ACTION: RuleId = RuleId("unused-action");
    pub const MISSING_RESOURCE_MAP: RuleId = RuleId("missing-resource-map");
    pub const ARTEFACT_NOT_IN_RESOURCES: RuleId = RuleId("artefact-not-in-resources");
    pub const ACCESS_URL_MISSING_STATIC_URL: RuleId = RuleId("access-url-missing-static-url");
}

pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub explanation: &'static str,
}

const fn r(
    id: RuleId,
    severity: Severity,
    summary: &'static str,
    explanation: &'static str,
) -> Rule {
    Rule {
        id: id.0,
        severity,
        summary,
        explanation,
    }
}

pub const RULES: &[Rule] = &[
    r(
        id::INVALID_ENCODING,
        Error,
        "the file is not UTF-8 text",
        "A package document is JSON, which must be UTF-8 text. The file contains bytes that are not valid UTF-8 or a NUL byte, which usually means a binary file (an archive, an image) was given instead of the JSON document. Point the command at the .json file; pass the artefact with --file.",
    ),
    r(
        id::EMPTY_DOCUMENT,
        Error,
        "the file is empty",
        "The file holds no JSON value (it is empty or only whitespace). Write the PackageVersion object into it, e.g. start from one of the files in examples/packages/.",
    ),
    r(
        id::FILE_TOO_LARGE,
        Error,
        "the file is too large to be a package document",
        "Package documents are small (a few KiB; the largest real ones are well under 1 MiB). Files over 32 MiB are refused without being read, so a wrong path (an image, an archive) fails fast instead of exhausting memory.",
    ),
    r(
        id::JSON_SYNTAX,
        Error,
        "the JSON is malformed",
        "The text is not valid JSON at the given line and column: a missing comma or quote, a trailing comma, a comment, or an unterminated object. Strict JSON is required because the server parses the document with a strict parser; comments and trailing commas are rejected here so they are not rejected there.",
    ),
    r(
        id::TOO_DEEP,
        Error,
        "the JSON nests too deeply",
        "Objects and arrays nest deeper than any package needs (more than 64 levels). Such input is refused with a diagnostic rather than risking a stack overflow. A real PackageVersion document nests at most about 8 levels.",
    ),
    r(
        id::ROOT_NOT_OBJECT,
        Error,
        "the document is not a JSON object",
        "The root of a package document must be a JSON object (the PackageVersion), not an array, string, number or null. If you wrapped the package in an array, send one package per call.",
    ),
    r(
        id::DUPLICATE_KEY,
        Error,
        "the same key appears twice in one object",
        "JSON parsers disagree about duplicate keys (some keep the first, some the last), so the server may not read what you meant. Keep one occurrence. The related location shows the first occurrence.",
    ),
    r(
        id::WRONG_TYPE,
        Error,
        "a value has the wrong JSON type",
        "The field expects another JSON type: for example `dependentServices` is an array of objects, `sequenceNumber` is an integer, `tag` is a string. Booleans such as `mandatory` and `isDedicatedToAppFlag` may be JSON booleans or the strings \"true\"/\"false\" (as Oracle's own examples send them).",
    ),
    r(
        id::MISSING_FIELD,
        Error,
        "a required field is missing",
        "The object lacks a field the publisher API needs: `version`, `dependentServices` and `operations` on the package; `tag` and `serviceName` on a service; `tag` and `type` on an action; `name` and `source` on a property; `type` and `actionExecutionSequence` on an operation; `sequenceNumber` and `actionTag` on a step.",
    ),
    r(
        id::EMPTY_FIELD,
        Error,
        "a required string is empty",
        "A field that names or identifies something (a tag, a name, a version) is present but empty or only whitespace. Give it a value; tags are how actions, services and resources refer to each other.",
    ),
    r(
        id::UNKNOWN_FIELD,
        Warning,
        "a key looks like a misspelt field name",
        "The key is not a documented field but is very close to one, so it is most likely a typo and the server will ignore it. Unknown keys that are not near a known name are kept silently and sent unchanged, because the server may know fields the documentation does not.",
    ),
    r(
        id::UNKNOWN_ENUM,
        Error,
        "a value is not one of the allowed values",
        "Some fields take a fixed set of values: action `type` is OUT_OF_THE_BOX_ACTION or CUSTOM_ACTION; property `source` is BLUEPRINT_STATIC, DYNAMIC or USER; operation `type` is INSTALL, UNINSTALL or UPGRADE. Values are case-sensitive. The help line suggests the closest allowed value.",
    ),
    r(
        id::UNKNOWN_DATA_TYPE,
        Warning,
        "a property dataType is not a known type",
        "USER properties declare a `dataType`. Known values are STRING, PICKLIST, NUMBER, INTEGER, BOOLEAN, PASSWORD and EMAIL. The documented list is incomplete, so another value is a warning, not an error; check the spelling.",
    ),
    r(
        id::UNKNOWN_DEPLOYMENT_MODE,
        Warning,
        "deploymentMode is not a known mode",
        "Oracle's examples use deploymentMode ASYNC; SYNC is the other mode. Another value is probably a typo.",
    ),
    r(
        id::UNKNOWN_ACCESS_URL_TYPE,
        Warning,
        "an access URL type is not known",
        "Access URLs of type STATIC carry a `staticURL`; DYNAMIC ones are computed at install time. Another type is probably a typo.",
    ),
    r(
        id::UNKNOWN_PARAMETER_TYPE,
        Warning,
        "a placeholder parameter type is not known",
        "Parameters of DYNAMIC properties take their value from somewhere: TAS_PROVISIONING_PROPERTY reads a property of a dependent service (`referencedProperty`), USER_PROPERTY asks the user. Another type is probably a typo.",
    ),
    r(
        id::UNKNOWN_SERVICE_NAME,
        Warning,
        "a dependent service name is not known",
        "Dependent services are named by `serviceName`: JAVA (Java Cloud Service) and Compute are the documented ones. Another name may be valid for your account but is probably a typo; action names cannot be checked for it.",
    ),
    r(
        id::UNKNOWN_ACTION_NAME,
        Warning,
        "an out-of-the-box action is not known for its service",
        "Out-of-the-box actions are provided by the dependent service. JAVA offers deploy, undeploy, restartservice, start, stop, deploylibrary, undeploylibrary, adddatasourcealias, deletedatasourcealias, addcredential, deletecredential; Compute offers createMachineImage and deleteMachineImage. The list is from the documentation and may lag the service, so this is a warning.",
    ),
    r(
        id::UNKNOWN_RESOURCE_MAP_TAG,
        Warning,
        "a resourceMap resourceTag is not known",
        "resourceMap.resourceTag says what role the resource plays for the action: APPLICATION_DEPLOYABLE_FILE (JAVA deployables) or IMAGE (Compute images). Another value is probably a typo.",
    ),
    r(
        id::NOT_A_NUMBER,
        Error,
        "a numeric string is not a number",
        "Sizes and versions of dependent services (minVersion, maxVersion, minSize, maxSize) are numbers, sent as strings in Oracle's examples (\"1275\"). The value must be digits (optionally with a decimal point).",
    ),
    r(
        id::RANGE_INVERTED,
        Error,
        "a minimum is greater than its maximum",
        "minVersion must not exceed maxVersion and minSize must not exceed maxSize, or no service can satisfy the dependency.",
    ),
    r(
        id::MISSING_OPERATION,
        Error,
        "the INSTALL or UNINSTALL operation is missing",
        "Install and uninstall operations are mandatory: the marketplace must know how to deploy the application and how to remove it. UPGRADE is needed only when the application can be upgraded.",
    ),
    r(
        id::DUPLICATE_OPERATION,
        Error,
        "an operation type appears twice",
        "Each operation type (INSTALL, UNINSTALL, UPGRADE) may appear once; put all steps of an operation into its one actionExecutionSequence.",
    ),
    r(
        id::EMPTY_OPERATION,
        Error,
        "an operation has no steps",
        "An operation's actionExecutionSequence must list at least one action; an empty install or uninstall does nothing.",
    ),
    r(
        id::DUPLICATE_TAG,
        Error,
        "two definitions share a tag",
        "Tags identify services, resources, actions and parameters and must be unique within their kind; otherwise references are ambiguous. The related location shows the first definition.",
    ),
    r(
        id::UNKNOWN_ACTION_TAG,
        Error,
        "an operation step names no defined action",
        "Every actionTag in an operation's actionExecutionSequence must be the tag of an action in `actions`. When the name is the tag of a service or resource instead, the message says so and where it is defined; otherwise the closest action tag is suggested.",
    ),
    r(
        id::UNKNOWN_SERVICE_TAG,
        Error,
        "a dependentServiceTag names no defined service",
        "Actions and parameters refer to a dependent service by its `tag` (not its serviceName). The tag must be defined in `dependentServices`.",
    ),
    r(
        id::UNKNOWN_RESOURCE,
        Error,
        "a resourceMap names no defined resource",
        "resourceMap.name must be the tag of a resource in `resources`; that is how the action finds the file it deploys.",
    ),
    r(
        id::DUPLICATE_SEQUENCE_NUMBER,
        Error,
        "two steps of an operation share a sequenceNumber",
        "sequenceNumber orders the actions of an operation; two steps with the same number leave the order undefined.",
    ),
    r(
        id::SEQUENCE_NOT_CONTIGUOUS,
        Error,
        "sequence numbers are not 1..n",
        "The steps of an operation must be numbered 1, 2, ..., n without gaps, so the intended order is unambiguous.",
    ),
    r(
        id::OOTB_ACTION_INCOMPLETE,
        Error,
        "an out-of-the-box action lacks its service or action name",
        "An OUT_OF_THE_BOX_ACTION runs an action provided by a dependent service, so it needs both `dependentServiceTag` and `actionName`.",
    ),
    r(
        id::CUSTOM_ACTION_MISSING_URI,
        Error,
        "a custom action has no uri",
        "A CUSTOM_ACTION calls your own endpoint; its `uri` says where. Add \"uri\": \"https://...\".",
    ),
    r(
        id::INVALID_URI,
        Error,
        "a URL is not an absolute http(s) URL",
        "Custom action URIs and static access URLs must be absolute http or https URLs, such as https://example.com/hook.",
    ),
    r(
        id::PICKLIST_WITHOUT_VALUES,
        Error,
        "a PICKLIST property has no values",
        "A property with dataType PICKLIST asks the user to pick one of `values`; give a non-empty array of strings.",
    ),
    r(
        id::VALUES_WITHOUT_PICKLIST,
        Warning,
        "values are given but dataType is not PICKLIST",
        "`values` is only used by PICKLIST properties; with another dataType it is ignored. Set dataType to PICKLIST or remove the values.",
    ),
    r(
        id::UNDECLARED_PLACEHOLDER,
        Error,
        "a ${NAME} placeholder has no parameter",
        "In a DYNAMIC property, each ${NAME} in the value is replaced by the parameter whose tag is NAME. The placeholder names no parameter of this property; declare it under `parameters` or fix the name. The column points inside the string.",
    ),
    r(
        id::UNTERMINATED_PLACEHOLDER,
        Error,
        "a ${ placeholder is not closed",
        "A DYNAMIC value contains `${` without a closing `}`; write ${NAME}.",
    ),
    r(
        id::UNUSED_PARAMETER,
        Warning,
        "a parameter is not used in the value",
        "A parameter of a DYNAMIC property is declared but its ${TAG} does not appear in the property's value, so it has no effect.",
    ),
    r(
        id::DYNAMIC_WITHOUT_PLACEHOLDER,
        Warning,
        "a DYNAMIC property has no placeholder",
        "A DYNAMIC property's value should contain at least one ${NAME} placeholder; without one it is constant and should be BLUEPRINT_STATIC.",
    ),
    r(
        id::PLACEHOLDER_IN_STATIC_VALUE,
        Warning,
        "a static value contains ${...}",
        "A BLUEPRINT_STATIC value is sent literally, so ${NAME} is not replaced. If a substitution was meant, make the property DYNAMIC and declare the parameter.",
    ),
    r(
        id::PARAMETERS_ON_NON_DYNAMIC,
        Warning,
        "parameters are declared on a property that is not DYNAMIC",
        "Only DYNAMIC properties substitute parameters; on BLUEPRINT_STATIC or USER properties `parameters` is ignored.",
    ),
    r(
        id::USER_PROPERTY_INCOMPLETE,
        Error,
        "a USER property lacks displayName or dataType",
        "A USER property is shown to the person installing the application: it needs a `displayName` (the label) and a `dataType` (how to ask).",
    ),
    r(
        id::UNUSED_ACTION,
        Warning,
        "an action is not used by any operation",
        "The action is defined but no operation's actionExecutionSequence refers to its tag, so it never runs. Add it to an operation or remove it.",
    ),
    r(
        id::MISSING_RESOURCE_MAP,
        Error,
        "a deploying action has no resourceMap",
        "Actions that deploy a file (deploy, deploylibrary, createMachineImage) must say which resource they deploy with resourceMap {resourceTag, name}.",
    ),
    r(
        id::ARTEFACT_NOT_IN_RESOURCES,
        Error,
        "the --file artefact is not a resource of the package",
        "The file given with --file is uploaded with the package, and a resource refers to it by its file name (the resource `tag`, as in Oracle's examples where tag \"marketplaceUi.war\" goes with -F file=@marketplaceUi.war). No resource has that tag, so the file would be uploaded but never used. Rename the file or the resource tag.",
    ),
    r(
        id::ACCESS_URL_MISSING_STATIC_URL,
        Error,
        "a STATIC access URL has no staticURL",
        "An access URL of type STATIC is shown as is after installation, so it needs `staticURL`.",
    ),
];

pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

pub fn severity(id: RuleId) -> Severity {
    find(id.0).map(|r| r.severity).unwrap_or(Error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_kebab_case_and_found() {
        let mut seen = std::collections::HashSet::new();
        for r in RULES {
            assert!(seen.insert(r.id), "duplicate rule id {}", r.id);
            assert!(
                r.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{}",
                r.id
            );
            assert_eq!(find(r.id).map(|x| x.id), Some(r.id));
        }
        assert_eq!(severity(id::UNUSED_ACTION), Warning);
        assert_eq!(severity(id::JSON_SYNTAX), Error);
        assert_eq!(id::UNKNOWN_ENUM.to_string(), "unknown-enum");
    }
}
