//! A typed model of PackageVersion and its nested schemas. Every object keeps unknown keys in
//! `extra`, so a document read and written again loses nothing the server might know about.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

macro_rules! model {
    ($(#[$m:meta])* $name:ident { $($field:ident : $ty:ty = $json:literal),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
        pub struct $name {
            $(
                #[serde(rename = $json, default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )*
            /// Keys the model does not know, passed through unchanged.
            #[serde(flatten)]
            pub extra: Map<String, Value>,
        }
    };
}

model!(
    /// The package document sent as the `json` form field.
    PackageVersion {
        name: String = "name",
        description: String = "description",
        version: String = "version",
        namespace_prefix: String = "namespacePrefix",
        deployment_mode: String = "deploymentMode",
        package_type: String = "type",
        status: String = "status",
        dependent_services: Vec<Service> = "dependentServices",
        resources: Vec<Resource> = "resources",
        downloadable_package_resource: Resource = "downloadablePackageResource",
        actions: Vec<Action> = "actions",
        operations: Vec<Operation> = "operations",
        access_urls: Vec<AccessUrl> = "accessURLs",
    }
);

model!(Service {
    tag: String = "tag",
    service_name: String = "serviceName",
    // Oracle's examples send these as strings ("1275") and booleans as either type.
    min_version: Value = "minVersion",
    max_version: Value = "maxVersion",
    is_dedicated_to_app_flag: Value = "isDedicatedToAppFlag",
    min_size: Value = "minSize",
    max_size: Value = "maxSize",
});

model!(Resource {
    tag: String = "tag",
    location: String = "location",
    version: String = "version",
    standard_properties: Vec<ActionProperty> = "standardProperties",
    custom_properties: Vec<ActionProperty> = "customProperties",
});

model!(Action {
    tag: String = "tag",
    action_type: String = "type",
    action_name: String = "actionName",
    dependent_service_tag: String = "dependentServiceTag",
    resource_map: ResourceMap = "resourceMap",
    request_properties: Vec<ActionProperty> = "requestProperties",
    uri: String = "uri",
    authentication: Authentication = "authentication",
});

model!(ResourceMap {
    resource_tag: String = "resourceTag",
    name: String = "name",
});

model!(Authentication {
    auth_type: String = "type",
    auth_header: String = "authHeader",
});

model!(ActionProperty {
    name: String = "name",
    source: String = "source",
    value: Value = "value",
    display_name: String = "displayName",
    data_type: String = "dataType",
    mandatory: Value = "mandatory",
    values: Vec<String> = "values",
    parameters: Vec<PackageParam> = "parameters",
});

model!(PackageParam {
    tag: String = "tag",
    param_type: String = "type",
    dependent_service_tag: String = "dependentServiceTag",
    referenced_property: String = "referencedProperty",
});

model!(Operation {
    op_type: String = "type",
    action_execution_sequence: Vec<OperationAction> = "actionExecutionSequence",
});

model!(OperationAction {
    sequence_number: i64 = "sequenceNumber",
    action_tag: String = "actionTag",
});

model!(AccessUrl {
    name: String = "name",
    url_type: String = "type",
    description: String = "description",
    static_url: String = "staticURL",
});
