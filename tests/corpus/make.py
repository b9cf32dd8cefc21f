#!/usr/bin/env python3
"""Regenerates the broken-package corpus from the examples in examples/packages/.

Each case edits one example, then records where the diagnostic must point. The expected
line:column is computed here, from the edit itself (not from publisher's output), so the Rust
test checks the validator against an independent answer. Run from the repository root:
    python3 tests/corpus/make.py
"""
import os, re

EX = "examples/packages/"
OUT = "tests/corpus/"

def load(name):
    with open(EX + name, encoding="utf-8") as f:
        return f.read()

def pos(text, offset):
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, len(text[start:offset]) + 1

cases = []

def case(name, base, old, new, rule, marker=None, nth=0, where="in", regex=False):
    """Replace the nth occurrence of old by new; the diagnostic points at `marker`:
    where="in": inside the replacement; "after"/"before": nearest occurrence after/before it;
    "first": first occurrence in the whole text; marker None: offset 0."""
    text = load(base)
    if regex:
        matches = list(re.finditer(old, text))
        m = matches[nth]
        idx, end = m.start(), m.end()
    else:
        idx = -1
        for _ in range(nth + 1):
            idx = text.index(old, idx + 1)
        end = idx + len(old)
    out = text[:idx] + new + text[end:]
    if marker is None:
        at = 0
    elif where == "in":
        at = idx + new.index(marker)
    elif where == "after":
        at = out.index(marker, idx)
    elif where == "before":
        at = out.rindex(marker, 0, idx)
    elif where == "first":
        at = out.index(marker)
    cases.append((name, out.encode("utf-8"), rule, *pos(out, at)))

CA, DR, DS, CR, LB, CO = ("custom-action.json", "deploy-undeploy-restart.json", "datasource-alias.json",
                          "credential.json", "library.json", "compute-acme.json")

case("json-syntax-double-comma", CA, '"version":"2.0",', '"version":"2.0",,', "json-syntax", ",,")
cases[-1] = cases[-1][:3] + (cases[-1][3], cases[-1][4] + 1)  # the second comma
case("json-syntax-trailing-comma", CA, '"maxSize":"1311"', '"maxSize":"1311",', "json-syntax", ",")
case("json-syntax-comment", CA, '"version":"2.0",', '"version":"2.0", // v2', "json-syntax", "//")
case("duplicate-key", CA, '"version":"2.0",', '"version":"2.0",\n  "version":"2.1",', "duplicate-key", '"version":"2.1"')
case("wrong-type-sequence-number", CA, '"sequenceNumber":1,', '"sequenceNumber":"1",', "wrong-type", '"1"')
case("wrong-type-bool", CA, '"isDedicatedToAppFlag":true', '"isDedicatedToAppFlag":"yes"', "wrong-type", '"yes"')
case("wrong-type-null", CA, '"version":"2.0"', '"version":null', "wrong-type", "null")
case("wrong-type-array", CO, '"dependentServices": [', '"dependentServices": "Compute", "x": [', "wrong-type", '"Compute"')
case("missing-field-version", DS, '  "version":"1.0",\n', '', "missing-field", None)
case("empty-field", CA, '"tag":"Java Service",', '"tag":"",', "empty-field", '""')
case("unknown-field", CA, '"dependentServiceTag":"Java Service",', '"dependentServiceTg":"Java Service",', "unknown-field", '"dependentServiceTg"')
case("unknown-enum-action-type", CA, '"type":"OUT_OF_THE_BOX_ACTION"', '"type":"OUT_OF_BOX_ACTION"', "unknown-enum", '"OUT_OF_BOX_ACTION"')
case("unknown-enum-source", CA, '"source":"BLUEPRINT_STATIC"', '"source":"BLUEPRINT_STATC"', "unknown-enum", '"BLUEPRINT_STATC"')
case("unknown-enum-operation", CA, '"type":"UNINSTALL"', '"type":"UNINSTAL"', "unknown-enum", '"UNINSTAL"')
case("unknown-data-type", CA, '"dataType": "STRING"', '"dataType": "STRNG"', "unknown-data-type", '"STRNG"')
case("unknown-deployment-mode", CA, '"deploymentMode":"ASYNC"', '"deploymentMode":"ASYNCH"', "unknown-deployment-mode", '"ASYNCH"')
case("unknown-access-url-type", CA, '"type":"STATIC"', '"type":"STATIK"', "unknown-access-url-type", '"STATIK"')
case("unknown-parameter-type", CA, '"type": "TAS_PROVISIONING_PROPERTY"', '"type": "TAS_PROVISIONING_PROP"', "unknown-parameter-type", '"TAS_PROVISIONING_PROP"')
case("unknown-service-name", CA, '"serviceName":"JAVA"', '"serviceName":"JAVAA"', "unknown-service-name", '"JAVAA"')
case("unknown-action-name", CA, '"actionName":"restartservice"', '"actionName":"restart"', "unknown-action-name", '"restart"')
case("unknown-action-name-compute", CO, '"actionName": "deleteMachineImage"', '"actionName": "removeMachineImage"', "unknown-action-name", '"removeMachineImage"')
case("unknown-resource-map-tag", CA, '"resourceTag":"APPLICATION_DEPLOYABLE_FILE"', '"resourceTag":"DEPLOYABLE"', "unknown-resource-map-tag", '"DEPLOYABLE"')
case("not-a-number", CA, '"minSize":"1275"', '"minSize":"12x75"', "not-a-number", '"12x75"')
case("range-inverted", CA, '"minVersion":"1"', '"minVersion":"11"', "range-inverted", '"11"')
case("missing-operation", CA, '"type":"UNINSTALL"', '"type":"UPGRADE"', "missing-operation", '"operations"', where="before")
case("duplicate-operation", CA, '"type":"UNINSTALL"', '"type":"INSTALL"', "duplicate-operation", '"INSTALL"')
case("empty-operation", DS, r'"actionExecutionSequence":\[\s*\{\s*"sequenceNumber":1,\s*"actionTag":"Delete datasource alias"\s*\}\s*\]',
     '"actionExecutionSequence":[]', "empty-operation", "[", regex=True)
case("duplicate-tag", CA, '"tag":"Restart Test"', '"tag":"Deploy War"', "duplicate-tag", '"Deploy War"')
case("duplicate-tag-service", CO, '"tag": "Compute",\n            "serviceName":"Compute"\n        }',
     '"tag": "Compute",\n            "serviceName":"Compute"\n        },\n        {"tag": "Compute", "serviceName": "Compute"}', "duplicate-tag", '"Compute", "serviceName": "Compute"}')
case("unknown-action-tag", CA, '"actionTag":"Restart Test"', '"actionTag":"Restart Tset"', "unknown-action-tag", '"Restart Tset"')
case("unknown-action-tag-other-kind", CA, '"actionTag":"Restart Test"', '"actionTag":"Java Service"', "unknown-action-tag", '"Java Service"')
case("unknown-service-tag", CA, '"dependentServiceTag":"Java Service"', '"dependentServiceTag":"Jave Service"', "unknown-service-tag", '"Jave Service"')
case("unknown-service-tag-parameter", CA, '"dependentServiceTag": "Java Service"', '"dependentServiceTag": "Java"', "unknown-service-tag", '"Java"')
case("unknown-resource", CA, '"name":"marketplaceUi.war"', '"name":"marketplace.war"', "unknown-resource", '"marketplace.war"')
case("duplicate-sequence-number", CA, '"sequenceNumber":2,', '"sequenceNumber":1,', "duplicate-sequence-number", "1")
case("sequence-not-contiguous", CA, '"sequenceNumber":3,', '"sequenceNumber":4,', "sequence-not-contiguous", "4")
case("ootb-action-incomplete", CA, '"actionName":"restartservice",', '', "ootb-action-incomplete", '"OUT_OF_THE_BOX_ACTION"', where="after")
case("custom-action-missing-uri", CA, '"uri": "https://oracle.com",', '', "custom-action-missing-uri", '"CUSTOM_ACTION"', where="before")
case("invalid-uri", CA, '"uri": "https://oracle.com"', '"uri": "oracle.com"', "invalid-uri", '"oracle.com"')
case("invalid-uri-static", CA, '"staticURL":"https://www.oracle.co.in/?gws_rd=ssl"', '"staticURL":"www.oracle.co.in"', "invalid-uri", '"www.oracle.co.in"')
case("picklist-without-values", CA, '"values": ["one", "two", "three"]', '"values": []', "picklist-without-values", '"PICKLIST"', where="before")
case("values-without-picklist", CA, '"mandatory": "false"', '"mandatory": "false",\n          "values": ["a"]', "values-without-picklist", '"values"')
case("undeclared-placeholder", CA, '"value": "${P1}"', '"value": "${P1}-${P9}"', "undeclared-placeholder", "${P9}")
case("unterminated-placeholder", CA, '"value": "${P1}"', '"value": "${P1}-${P2"', "unterminated-placeholder", "${P2")
case("unused-parameter", CA, '"tag": "P1"', '"tag": "P2"', "unused-parameter", '"P2"')
case("dynamic-without-placeholder", CA, '"value": "${P1}"', '"value": "P1"', "dynamic-without-placeholder", '"P1"')
case("placeholder-in-static-value", CA, '"value":"Marketplace App"', '"value":"${APP} App"', "placeholder-in-static-value", "${APP}")
case("parameters-on-non-dynamic", CA, '"source": "DYNAMIC"', '"source": "BLUEPRINT_STATIC"', "parameters-on-non-dynamic", '"parameters"', where="after")
case("user-property-incomplete", CA, '"displayName": "test",', '', "user-property-incomplete", '"UserProperty1"', where="before")
case("unused-action", CA, '"actionTag":"Custom Action Test"', '"actionTag":"Restart Test"', "unused-action", '"Custom Action Test"', where="first")
case("missing-resource-map", LB, r',\s*"resourceMap":\{\s*"resourceTag":"APPLICATION_DEPLOYABLE_FILE",\s*"name":"marketplaceUi.jar"\s*\}',
     '', "missing-resource-map", '"deploylibrary"', where="before", regex=True)
case("access-url-missing-static-url", CA, ',\n      "staticURL":"https://www.oracle.co.in/?gws_rd=ssl"', '', "access-url-missing-static-url", '"STATIC"', where="before")
case("missing-field-ootb-type", CR, '"type":"OUT_OF_THE_BOX_ACTION",', '', "missing-field", '{', where="before")

# Whole-file cases.
cases.append(("root-not-object", b'[\n  {"version": "1.0"}\n]\n', "root-not-object", 1, 1))
cases.append(("empty-document", b"", "empty-document", 1, 1))
cases.append(("invalid-encoding", b'{"version": "1.0\xff"}\n', "invalid-encoding", 1, 17))
deep = '{\n  "version": "1.0",\n  "x": ' + "[" * 70 + "]" * 70 + "\n}\n"
# root object is level 1, "x" level 2, so the 64th "[" is the first value deeper than 64 levels.
cases.append(("too-deep", deep.encode(), "too-deep", 3, 8 + 63))
cases.append(("json-syntax-unterminated", b'{\n  "version": "1.0",\n  "name": "x\n}\n', "json-syntax", 3, 11))

for f in os.listdir(OUT):
    if f.endswith(".json") or f.endswith(".bin"):
        os.remove(OUT + f)
with open(OUT + "expected.tsv", "w") as m:
    m.write("# file\trule\tline\tcolumn (generated by make.py)\n")
    for name, data, rule, line, col in cases:
        fn = name + ".json"
        with open(OUT + fn, "wb") as f:
            f.write(data)
        m.write(f"{fn}\t{rule}\t{line}\t{col}\n")
print(len(cases), "cases,", len({c[2] for c in cases}), "rules")
