//! Running a parsed expression: every output in order, as jq streams them.

use serde_json::Value;

use super::{Ast, Part, num, render};

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn truthy(v: &Value) -> bool {
    !matches!(v, Value::Null | Value::Bool(false))
}

fn order(a: &Value, b: &Value) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let rank = |v: &Value| match v {
        Value::Null => 0,
        Value::Bool(false) => 1,
        Value::Bool(true) => 2,
        Value::Number(_) => 3,
        Value::String(_) => 4,
        Value::Array(_) => 5,
        Value::Object(_) => 6,
    };
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Value::String(x), Value::String(y)) => x.cmp(y),
        _ => rank(a).cmp(&rank(b)),
    }
}

/// Run `ast` on `input`; every output in order.
pub fn eval(ast: &Ast, input: &Value) -> Result<Vec<Value>, String> {
    Ok(match ast {
        Ast::Identity => vec![input.clone()],
        Ast::Literal(v) => vec![v.clone()],
        Ast::Field(base, name, opt) => {
            let mut out = vec![];
            for v in eval(base, input)? {
                match &v {
                    Value::Object(m) => out.push(m.get(name).cloned().unwrap_or(Value::Null)),
                    Value::Null => out.push(Value::Null),
                    _ if *opt => {}
                    other => {
                        return Err(format!("cannot index {} with \"{name}\"", type_name(other)));
                    }
                }
            }
            out
        }
        Ast::Index(base, idx, opt) => {
            let mut out = vec![];
            for v in eval(base, input)? {
                for i in eval(idx, input)? {
                    match (&v, &i) {
                        (Value::Array(a), Value::Number(n)) => {
                            let n = n.as_f64().unwrap_or(0.0) as i64;
                            let k = if n < 0 { a.len() as i64 + n } else { n };
                            out.push(
                                usize::try_from(k)
                                    .ok()
                                    .and_then(|k| a.get(k).cloned())
                                    .unwrap_or(Value::Null),
                            );
                        }
                        (Value::Object(m), Value::String(k)) => {
                            out.push(m.get(k).cloned().unwrap_or(Value::Null))
                        }
                        (Value::Null, _) => out.push(Value::Null),
                        _ if *opt => {}
                        _ => {
                            return Err(format!(
                                "cannot index {} with {}",
                                type_name(&v),
                                type_name(&i)
                            ));
                        }
                    }
                }
            }
            out
        }
        Ast::Iterate(base, opt) => {
            let mut out = vec![];
            for v in eval(base, input)? {
                match v {
                    Value::Array(a) => out.extend(a),
                    Value::Object(m) => out.extend(m.into_iter().map(|(_, v)| v)),
                    _ if *opt => {}
                    other => return Err(format!("cannot iterate over {}", type_name(&other))),
                }
            }
            out
        }
        Ast::Pipe(l, r) => {
            let mut out = vec![];
            for v in eval(l, input)? {
                out.extend(eval(r, &v)?);
            }
            out
        }
        Ast::Comma(l, r) => {
            let mut out = eval(l, input)?;
            out.extend(eval(r, input)?);
            out
        }
        Ast::Binary(l, op, r) => {
            let mut out = vec![];
            for a in eval(l, input)? {
                for b in eval(r, input)? {
                    use std::cmp::Ordering::*;
                    let o = order(&a, &b);
                    out.push(Value::Bool(match op.as_str() {
                        "==" => a == b,
                        "!=" => a != b,
                        "<" => o == Less,
                        "<=" => o != Greater,
                        ">" => o == Greater,
                        ">=" => o != Less,
                        "and" => truthy(&a) && truthy(&b),
                        _ => truthy(&a) || truthy(&b),
                    }));
                }
            }
            out
        }
        Ast::Call(name, args) => call(name, args, input)?,
        Ast::Array(None) => vec![Value::Array(vec![])],
        Ast::Array(Some(f)) => vec![Value::Array(eval(f, input)?)],
        Ast::Object(entries) => {
            let mut out = vec![serde_json::Map::new()];
            for (k, v) in entries {
                let (keys, values) = (eval(k, input)?, eval(v, input)?);
                let mut next = vec![];
                for m in &out {
                    for key in &keys {
                        let Value::String(key) = key else {
                            return Err(format!(
                                "object keys must be strings, not {}",
                                type_name(key)
                            ));
                        };
                        for value in &values {
                            let mut m = m.clone();
                            m.insert(key.clone(), value.clone());
                            next.push(m);
                        }
                    }
                }
                out = next;
            }
            out.into_iter().map(Value::Object).collect()
        }
        Ast::Template(parts) => {
            let mut out = vec![String::new()];
            for part in parts {
                let pieces = match part {
                    Part::Text(t) => vec![t.clone()],
                    Part::Expr(e) => eval(e, input)?.iter().map(render).collect(),
                };
                out = out
                    .iter()
                    .flat_map(|s| pieces.iter().map(move |p| format!("{s}{p}")))
                    .collect();
            }
            out.into_iter().map(Value::String).collect()
        }
        Ast::Format(f) => vec![Value::String(format(f, input)?)],
    })
}

/// `@tsv` and `@csv` rows from an array of scalars; `@json` and `@text` of anything.
fn format(name: &str, v: &Value) -> Result<String, String> {
    let row = |v: &Value| match v {
        Value::Array(a) => Ok(a.clone()),
        other => Err(format!("@{name} needs an array, not {}", type_name(other))),
    };
    let scalar = |x: &Value| match x {
        Value::Array(_) | Value::Object(_) => {
            Err(format!("@{name} cannot format {} as a cell", type_name(x)))
        }
        _ => Ok(()),
    };
    match name {
        "json" => Ok(v.to_string()),
        "text" => Ok(render(v)),
        _ => {
            // tsv or csv (the parser admits no other name): a separator and a string escape.
            let (sep, quote): (&str, fn(&str) -> String) = if name == "tsv" {
                ("\t", |s| {
                    s.replace('\\', "\\\\")
                        .replace('\t', "\\t")
                        .replace('\n', "\\n")
                        .replace('\r', "\\r")
                })
            } else {
                (",", |s| format!("\"{}\"", s.replace('"', "\"\"")))
            };
            row(v)?
                .iter()
                .map(|x| {
                    scalar(x)?;
                    Ok(match x {
                        Value::Null => String::new(),
                        Value::String(s) => quote(s),
                        other => other.to_string(),
                    })
                })
                .collect::<Result<Vec<_>, String>>()
                .map(|cells| cells.join(sep))
        }
    }
}

fn call(name: &str, args: &[Ast], v: &Value) -> Result<Vec<Value>, String> {
    let one = |x: Value| Ok(vec![x]);
    match name {
        "length" => one(match v {
            Value::Null => Value::from(0),
            Value::Bool(_) => return Err("boolean has no length".into()),
            Value::Number(n) => Value::from(n.as_f64().unwrap_or(0.0).abs() as i64),
            Value::String(s) => Value::from(s.chars().count()),
            Value::Array(a) => Value::from(a.len()),
            Value::Object(m) => Value::from(m.len()),
        }),
        "keys" => match v {
            Value::Object(m) => {
                let mut k: Vec<_> = m.keys().cloned().collect();
                k.sort();
                one(Value::from(k))
            }
            Value::Array(a) => one(Value::from((0..a.len()).collect::<Vec<_>>())),
            other => Err(format!("{} has no keys", type_name(other))),
        },
        "first" => eval(
            &Ast::Index(
                Box::new(Ast::Identity),
                Box::new(Ast::Literal(0.into())),
                false,
            ),
            v,
        ),
        "last" => eval(
            &Ast::Index(
                Box::new(Ast::Identity),
                Box::new(Ast::Literal((-1).into())),
                false,
            ),
            v,
        ),
        "type" => one(Value::from(type_name(v))),
        "empty" => Ok(vec![]),
        "not" => one(Value::Bool(!truthy(v))),
        "tostring" => one(Value::String(match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })),
        "tonumber" => match v {
            Value::Number(_) => one(v.clone()),
            Value::String(s) => s
                .trim()
                .parse::<f64>()
                .map(|n| vec![num(n)])
                .map_err(|_| format!("cannot parse {s:?} as a number")),
            other => Err(format!("{} cannot be parsed as a number", type_name(other))),
        },
        "select" => {
            let mut out = vec![];
            for c in eval(&args[0], v)? {
                if truthy(&c) {
                    out.push(v.clone());
                }
            }
            Ok(out)
        }
        "map" => {
            let Value::Array(a) = v else {
                return Err(format!("cannot map over {}", type_name(v)));
            };
            let mut out = vec![];
            for x in a {
                out.extend(eval(&args[0], x)?);
            }
            one(Value::Array(out))
        }
        "join" => {
            let Value::Array(a) = v else {
                return Err(format!("cannot join {}", type_name(v)));
            };
            let mut out = vec![];
            for sep in eval(&args[0], v)? {
                let sep = sep.as_str().unwrap_or("").to_string();
                let parts: Vec<String> = a
                    .iter()
                    .map(|x| match x {
                        Value::String(s) => s.clone(),
                        Value::Null => String::new(),
                        other => other.to_string(),
                    })
                    .collect();
                out.push(Value::String(parts.join(&sep)));
            }
            Ok(out)
        }
        "has" => {
            let mut out = vec![];
            for k in eval(&args[0], v)? {
                out.push(Value::Bool(match (v, &k) {
                    (Value::Object(m), Value::String(k)) => m.contains_key(k),
                    (Value::Array(a), Value::Number(n)) => {
                        (n.as_f64().unwrap_or(-1.0) as usize) < a.len()
                    }
                    _ => return Err(format!("cannot check whether {} has a key", type_name(v))),
                }));
            }
            Ok(out)
        }
        _ => Err(format!("unknown function '{name}'")),
    }
}
