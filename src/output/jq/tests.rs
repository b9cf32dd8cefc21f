//! The jq subset, expression by expression.

use super::*;
use serde_json::json;

fn run(expr: &str, v: &Value) -> Vec<String> {
    eval(&parse(expr).unwrap(), v)
        .unwrap()
        .iter()
        .map(render)
        .collect()
}

#[test]
fn pipeline_needs() {
    let v = json!({"imageFilePath": "a/b.tar.gz", "status": {"code": "APPROVED"},
        "items": [{"id": 1, "s": "NEW"}, {"id": 2, "s": "PUBLISHED"}], "n": null});
    assert_eq!(run(".imageFilePath", &v), ["a/b.tar.gz"]);
    assert_eq!(run(".status.code", &v), ["APPROVED"]);
    assert_eq!(run(".items[].id", &v), ["1", "2"]);
    assert_eq!(run(".items | length", &v), ["2"]);
    assert_eq!(run(".items[-1].s", &v), ["PUBLISHED"]);
    assert_eq!(run(r#".items[] | select(.s == "NEW") | .id"#, &v), ["1"]);
    assert_eq!(run(".items | map(.id) | join(\",\")", &v), ["1,2"]);
    assert_eq!(run(".[\"status\"].code, .n", &v), ["APPROVED", "null"]);
    assert_eq!(
        run(".items[] | select(.id > 1 and .s != \"NEW\") | .s", &v),
        ["PUBLISHED"]
    );
    assert_eq!(run(".missing.deeper", &v), ["null"]);
    assert_eq!(run(".imageFilePath.x?", &v), Vec::<String>::new());
    assert_eq!(run("keys | first", &v), ["imageFilePath"]);
    assert_eq!(run(".items | first | has(\"id\")", &v), ["true"]);
    assert!(parse(".a |").is_err());
    assert!(parse("nosuch").is_err());
    assert!(eval(&parse(".imageFilePath.x").unwrap(), &v).is_err());
}

fn one(expr: &str, v: &Value) -> String {
    let out = run(expr, v);
    assert_eq!(out.len(), 1, "{expr}: {out:?}");
    out[0].clone()
}

#[test]
fn arrays_are_built_from_every_output() {
    let v = json!({"items": [{"id": 1}, {"id": 2}]});
    assert_eq!(one("[.items[].id]", &v), "[1,2]");
    assert_eq!(one("[]", &v), "[]");
    assert_eq!(one("[.items[].id, 3] | length", &v), "3");
    assert_eq!(one("[1, \"a\"][1]", &v), "a");
    assert!(parse("[.a").is_err());
}

#[test]
fn objects_take_names_strings_shorthand_and_computed_keys() {
    let v = json!({"id": 7, "displayName": "App", "k": "dyn", "tags": ["a", "b"]});
    assert_eq!(
        one("{id, name: .displayName}", &v),
        r#"{"id":7,"name":"App"}"#
    );
    assert_eq!(
        one(r#"{"the id": .id, (.k): 1}"#, &v),
        r#"{"dyn":1,"the id":7}"#
    );
    assert_eq!(one("{a: .id | tostring}", &v), r#"{"a":"7"}"#);
    // One object per output of a value, as jq does.
    assert_eq!(run("{t: .tags[]}", &v), [r#"{"t":"a"}"#, r#"{"t":"b"}"#]);
    assert_eq!(one("{}", &v), "{}");
    assert!(parse("{a: }").is_err());
    assert!(parse("{a .b}").is_err());
    assert!(
        eval(&parse("{(.id): 1}").unwrap(), &v).is_err(),
        "a number is no key"
    );
}

#[test]
fn strings_interpolate_expressions() {
    let v = json!({"id": 7, "s": {"code": "NEW"}, "n": null, "xs": [1, 2]});
    assert_eq!(
        one(r#""id=\(.id) status=\(.s.code)""#, &v),
        "id=7 status=NEW"
    );
    assert_eq!(one(r#""\(.n)|\(.xs)""#, &v), "null|[1,2]");
    assert_eq!(one(r#""a \("nested \(.id)") b""#, &v), "a nested 7 b");
    assert_eq!(one(r#""(\(.id))""#, &v), "(7)");
    assert!(parse(r#""\(.id""#).is_err());
}

#[test]
fn tsv_and_csv_rows() {
    let v = json!({"items": [{"id": 1, "name": "a\tb", "ok": true}, {"id": 2, "name": "say \"hi\"", "ok": null}]});
    assert_eq!(
        run(".items[] | [.id, .name, .ok] | @tsv", &v),
        ["1\ta\\tb\ttrue", "2\tsay \"hi\"\t"]
    );
    assert_eq!(
        run(".items[] | [.id, .name, .ok] | @csv", &v),
        ["1,\"a\tb\",true", "2,\"say \"\"hi\"\"\","]
    );
    assert_eq!(one("[.items[].id] | @json", &v), "[1,2]");
    assert!(
        eval(&parse("@tsv").unwrap(), &v).is_err(),
        "an object is no row"
    );
    assert!(
        eval(&parse(".items | @csv").unwrap(), &v).is_err(),
        "objects are no cells"
    );
    assert!(parse("@nosuch").is_err());
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    for open in ["[", "(", "{(", "\"\\("] {
        assert!(parse(&open.repeat(100_000)).is_err(), "{open}");
    }
    assert!(parse(&format!("{}.{}", "[".repeat(60), "]".repeat(60))).is_ok());
    assert!(parse(&".a".repeat(100_000)).is_err());
    // The longest chains allowed still evaluate.
    let v = serde_json::json!({});
    assert!(parse(&".a".repeat(300)).is_err());
    assert_eq!(run(&".a".repeat(120), &v), ["null"]);
    assert_eq!(run(&vec!["."; 120].join("|"), &v), ["{}"]);
}
