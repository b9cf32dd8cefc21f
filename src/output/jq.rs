//! `--jq EXPR`: a small jq subset, enough for pipelines to pull fields out of results without
//! helper programs (no new dependency: jaq would add several crates to every build).
//!
//! Supported: `.`, `.a.b`, `."key"`, `.["key"]`, `.[N]` (negative from the end), `.[]`, `?`
//! suffixes, `|`, `,`, `( )`, literals (strings, numbers, true, false, null), comparisons
//! (`== != < <= > >=`), `and`, `or`, `not`, and the functions `length`, `keys`, `select(f)`,
//! `map(f)`, `first`, `last`, `join(s)`, `tostring`, `tonumber`, `has(k)`, `type`, `empty`.
//! As with gh, string results print raw; everything else prints as compact JSON, one per line.

use serde_json::Value;

#[derive(Debug, Clone)]
pub enum Ast {
    Identity,
    Field(Box<Ast>, String, bool),
    Index(Box<Ast>, Box<Ast>, bool),
    Iterate(Box<Ast>, bool),
    Literal(Value),
    Pipe(Box<Ast>, Box<Ast>),
    Comma(Box<Ast>, Box<Ast>),
    Binary(Box<Ast>, String, Box<Ast>),
    Call(String, Vec<Ast>),
}

/// Parse an expression; the error names the position.
pub fn parse(src: &str) -> Result<Ast, String> {
    let toks = lex(src)?;
    let mut p = Parser { toks, i: 0 };
    let ast = p.pipe()?;
    if p.i < p.toks.len() {
        return Err(format!("unexpected '{}'", p.toks[p.i].text()));
    }
    Ok(ast)
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Dot,
    Ident(String),
    Str(String),
    Num(f64),
    Sym(&'static str),
}

impl Tok {
    fn text(&self) -> String {
        match self {
            Tok::Dot => ".".into(),
            Tok::Ident(s) => s.clone(),
            Tok::Str(s) => format!("{s:?}"),
            Tok::Num(n) => n.to_string(),
            Tok::Sym(s) => (*s).into(),
        }
    }
}

fn lex(src: &str) -> Result<Vec<Tok>, String> {
    let c: Vec<char> = src.chars().collect();
    let mut i = 0;
    let mut out = vec![];
    while i < c.len() {
        let ch = c[i];
        if ch.is_whitespace() {
            i += 1;
        } else if ch == '.' {
            out.push(Tok::Dot);
            i += 1;
        } else if ch == '"' {
            let mut s = String::new();
            i += 1;
            loop {
                match c.get(i) {
                    None => return Err("unterminated string".into()),
                    Some('"') => break,
                    Some('\\') => {
                        i += 1;
                        match c.get(i) {
                            Some('n') => s.push('\n'),
                            Some('t') => s.push('\t'),
                            Some(&x) => s.push(x),
                            None => return Err("unterminated string".into()),
                        }
                    }
                    Some(&x) => s.push(x),
                }
                i += 1;
            }
            i += 1;
            out.push(Tok::Str(s));
        } else if ch.is_ascii_digit() {
            let st = i;
            while i < c.len() && (c[i].is_ascii_digit() || c[i] == '.') {
                i += 1;
            }
            let t: String = c[st..i].iter().collect();
            out.push(Tok::Num(t.parse().map_err(|_| format!("bad number {t}"))?));
        } else if ch.is_alphabetic() || ch == '_' {
            let st = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            out.push(Tok::Ident(c[st..i].iter().collect()));
        } else {
            let two: String = c[i..(i + 2).min(c.len())].iter().collect();
            let sym = ["==", "!=", "<=", ">="]
                .into_iter()
                .find(|s| *s == two)
                .or_else(|| {
                    ["|", ",", "(", ")", "[", "]", "<", ">", "?", "-"]
                        .into_iter()
                        .find(|s| s.starts_with(ch))
                })
                .ok_or_else(|| format!("unexpected character '{ch}'"))?;
            i += sym.len();
            out.push(Tok::Sym(sym));
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    i: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.i)
    }
    fn eat(&mut self, t: &Tok) -> bool {
        if self.peek() == Some(t) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn expect(&mut self, s: &'static str) -> Result<(), String> {
        if self.eat(&Tok::Sym(s)) {
            Ok(())
        } else {
            Err(format!(
                "expected '{s}' but found {}",
                self.peek()
                    .map(|t| format!("'{}'", t.text()))
                    .unwrap_or("the end".into())
            ))
        }
    }
    fn pipe(&mut self) -> Result<Ast, String> {
        let mut l = self.comma()?;
        while self.eat(&Tok::Sym("|")) {
            let r = self.comma()?;
            l = Ast::Pipe(Box::new(l), Box::new(r));
        }
        Ok(l)
    }
    fn comma(&mut self) -> Result<Ast, String> {
        let mut l = self.or()?;
        while self.eat(&Tok::Sym(",")) {
            let r = self.or()?;
            l = Ast::Comma(Box::new(l), Box::new(r));
        }
        Ok(l)
    }
    fn or(&mut self) -> Result<Ast, String> {
        let mut l = self.and()?;
        while self.eat(&Tok::Ident("or".into())) {
            let r = self.and()?;
            l = Ast::Binary(Box::new(l), "or".into(), Box::new(r));
        }
        Ok(l)
    }
    fn and(&mut self) -> Result<Ast, String> {
        let mut l = self.cmp()?;
        while self.eat(&Tok::Ident("and".into())) {
            let r = self.cmp()?;
            l = Ast::Binary(Box::new(l), "and".into(), Box::new(r));
        }
        Ok(l)
    }
    fn cmp(&mut self) -> Result<Ast, String> {
        let l = self.postfix()?;
        for op in ["==", "!=", "<=", ">=", "<", ">"] {
            if self.eat(&Tok::Sym(op)) {
                let r = self.postfix()?;
                return Ok(Ast::Binary(Box::new(l), op.into(), Box::new(r)));
            }
        }
        Ok(l)
    }
    /// A primary term followed by any `.field`, `[...]` and `?` suffixes.
    fn postfix(&mut self) -> Result<Ast, String> {
        let mut t = self.primary()?;
        loop {
            if self.peek() == Some(&Tok::Dot) {
                // `.a.b`: a field after a term.
                match self.toks.get(self.i + 1) {
                    Some(Tok::Ident(_)) | Some(Tok::Str(_)) | Some(Tok::Sym("[")) => {
                        self.i += 1;
                        t = self.suffix(t)?;
                    }
                    _ => break,
                }
            } else if self.peek() == Some(&Tok::Sym("[")) {
                t = self.suffix(t)?;
            } else {
                break;
            }
        }
        Ok(t)
    }
    /// After a `.` (or directly for `[`): a field name, a string key or a bracket.
    fn suffix(&mut self, base: Ast) -> Result<Ast, String> {
        let opt = |p: &mut Parser| p.eat(&Tok::Sym("?"));
        match self.peek().cloned() {
            Some(Tok::Ident(name)) => {
                self.i += 1;
                let o = opt(self);
                Ok(Ast::Field(Box::new(base), name, o))
            }
            Some(Tok::Str(name)) => {
                self.i += 1;
                let o = opt(self);
                Ok(Ast::Field(Box::new(base), name, o))
            }
            Some(Tok::Sym("[")) => {
                self.i += 1;
                if self.eat(&Tok::Sym("]")) {
                    let o = opt(self);
                    return Ok(Ast::Iterate(Box::new(base), o));
                }
                let idx = self.pipe()?;
                self.expect("]")?;
                let o = opt(self);
                Ok(Ast::Index(Box::new(base), Box::new(idx), o))
            }
            other => Err(format!(
                "expected a field after '.', found {}",
                other
                    .map(|t| format!("'{}'", t.text()))
                    .unwrap_or("the end".into())
            )),
        }
    }
    fn primary(&mut self) -> Result<Ast, String> {
        let Some(t) = self.peek().cloned() else {
            return Err("unexpected end of expression".into());
        };
        self.i += 1;
        match t {
            Tok::Dot => match self.peek() {
                Some(Tok::Ident(_)) | Some(Tok::Str(_)) | Some(Tok::Sym("[")) => {
                    self.suffix(Ast::Identity)
                }
                _ => Ok(Ast::Identity),
            },
            Tok::Str(s) => Ok(Ast::Literal(Value::String(s))),
            Tok::Num(n) => Ok(Ast::Literal(num(n))),
            Tok::Sym("-") => match self.peek().cloned() {
                Some(Tok::Num(n)) => {
                    self.i += 1;
                    Ok(Ast::Literal(num(-n)))
                }
                _ => Err("'-' only negates a number".into()),
            },
            Tok::Sym("(") => {
                let e = self.pipe()?;
                self.expect(")")?;
                Ok(e)
            }
            Tok::Ident(name) => match name.as_str() {
                "true" => Ok(Ast::Literal(Value::Bool(true))),
                "false" => Ok(Ast::Literal(Value::Bool(false))),
                "null" => Ok(Ast::Literal(Value::Null)),
                _ => {
                    let mut args = vec![];
                    if self.eat(&Tok::Sym("(")) {
                        args.push(self.pipe()?);
                        self.expect(")")?;
                    }
                    let arity = match name.as_str() {
                        "length" | "keys" | "first" | "last" | "tostring" | "tonumber" | "type"
                        | "empty" | "not" => 0,
                        "select" | "map" | "join" | "has" => 1,
                        _ => return Err(format!("unknown function '{name}'")),
                    };
                    if args.len() != arity {
                        return Err(format!("{name} takes {arity} argument(s)"));
                    }
                    Ok(Ast::Call(name, args))
                }
            },
            other => Err(format!("unexpected '{}'", other.text())),
        }
    }
}

fn num(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9e15 {
        Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n)
            .map(Value::Number)
            .unwrap_or(Value::Null)
    }
}

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
    })
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

/// The text printed for one result: strings raw, the rest compact JSON.
pub fn render(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
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
}
