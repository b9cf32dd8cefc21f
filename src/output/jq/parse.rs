//! The jq subset's lexer and recursive-descent parser.

use serde_json::Value;

use super::{Ast, Part, num};

const MAX_NESTING: usize = 64;
/// Bounds the parse tree's depth before it is measured (chains nest it too).
const MAX_LEN: usize = 1000;
/// Evaluation recurses once per level.
const MAX_DEPTH: usize = 128;

/// Parse an expression; the error names what was unexpected.
pub fn parse(src: &str) -> Result<Ast, String> {
    // Recursive descent and evaluation: bound the length and the nesting (counted
    // conservatively, strings included) so a hostile expression is an error, not a stack
    // overflow.
    if src.len() > MAX_LEN {
        return Err(format!("longer than {MAX_LEN} characters"));
    }
    let mut depth = 0usize;
    for ch in src.chars() {
        match ch {
            '(' | '[' | '{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Err(format!("nested more than {MAX_NESTING} levels deep"));
                }
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    let toks = lex(src)?;
    let mut p = Parser { toks, i: 0 };
    let ast = p.pipe()?;
    if p.i < p.toks.len() {
        return Err(format!("unexpected '{}'", p.toks[p.i].text()));
    }
    if depth_of(&ast) > MAX_DEPTH {
        return Err(format!(
            "more than {MAX_DEPTH} steps deep (a chain of |, ',' or .field is one step each)"
        ));
    }
    Ok(ast)
}

/// How deeply evaluation will recurse.
fn depth_of(ast: &Ast) -> usize {
    let sub = match ast {
        Ast::Identity | Ast::Literal(_) | Ast::Format(_) | Ast::Array(None) => 0,
        Ast::Field(b, _, _) | Ast::Iterate(b, _) | Ast::Array(Some(b)) => depth_of(b),
        Ast::Index(a, b, _) | Ast::Pipe(a, b) | Ast::Comma(a, b) | Ast::Binary(a, _, b) => {
            depth_of(a).max(depth_of(b))
        }
        Ast::Call(_, args) => args.iter().map(depth_of).max().unwrap_or(0),
        Ast::Object(entries) => entries
            .iter()
            .map(|(k, v)| depth_of(k).max(depth_of(v)))
            .max()
            .unwrap_or(0),
        Ast::Template(parts) => parts
            .iter()
            .map(|p| match p {
                Part::Expr(e) => depth_of(e),
                Part::Text(_) => 0,
            })
            .max()
            .unwrap_or(0),
    };
    sub + 1
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Dot,
    Ident(String),
    Str(String),
    /// A string with `\(...)` in it: literal text and the sources of the expressions.
    Template(Vec<(bool, String)>),
    /// `@name`.
    Format(String),
    Num(f64),
    Sym(&'static str),
}

impl Tok {
    fn text(&self) -> String {
        match self {
            Tok::Dot => ".".into(),
            Tok::Ident(s) => s.clone(),
            Tok::Str(s) => format!("{s:?}"),
            Tok::Template(_) => "string".into(),
            Tok::Format(f) => format!("@{f}"),
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
            let (tok, next) = lex_string(&c, i + 1)?;
            out.push(tok);
            i = next;
        } else if ch == '@' {
            let st = i + 1;
            i = st;
            while i < c.len() && c[i].is_ascii_alphanumeric() {
                i += 1;
            }
            out.push(Tok::Format(c[st..i].iter().collect()));
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
                    [
                        "|", ",", "(", ")", "[", "]", "{", "}", ":", "<", ">", "?", "-",
                    ]
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

/// A string literal from just after its opening quote: the token and the index after its
/// closing quote. `\(expr)` keeps the expression's source, to be parsed on its own.
fn lex_string(c: &[char], mut i: usize) -> Result<(Tok, usize), String> {
    let unterminated = || "unterminated string".to_string();
    let mut parts: Vec<(bool, String)> = vec![];
    let mut s = String::new();
    loop {
        match c.get(i) {
            None => return Err(unterminated()),
            Some('"') => break,
            Some('\\') => {
                i += 1;
                match c.get(i) {
                    Some('n') => s.push('\n'),
                    Some('t') => s.push('\t'),
                    Some('r') => s.push('\r'),
                    Some('(') => {
                        let end = interpolation_end(c, i + 1).ok_or_else(unterminated)?;
                        parts.push((false, std::mem::take(&mut s)));
                        parts.push((true, c[i + 1..end].iter().collect()));
                        i = end;
                    }
                    Some(&x) => s.push(x),
                    None => return Err(unterminated()),
                }
            }
            Some(&x) => s.push(x),
        }
        i += 1;
    }
    if parts.is_empty() {
        return Ok((Tok::Str(s), i + 1));
    }
    parts.push((false, s));
    Ok((Tok::Template(parts), i + 1))
}

/// The index of the `)` closing an interpolation that starts at `i`, skipping nested
/// parentheses and strings.
fn interpolation_end(c: &[char], mut i: usize) -> Option<usize> {
    let mut depth = 0usize;
    while let Some(&ch) = c.get(i) {
        match ch {
            '(' => depth += 1,
            ')' if depth == 0 => return Some(i),
            ')' => depth -= 1,
            '"' => {
                i += 1;
                while *c.get(i)? != '"' {
                    i += if c[i] == '\\' { 2 } else { 1 };
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
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
            Tok::Template(parts) => parts
                .into_iter()
                .map(|(expr, src)| match expr {
                    true => parse(&src)
                        .map(Part::Expr)
                        .map_err(|e| format!("in \\({src}): {e}")),
                    false => Ok(Part::Text(src)),
                })
                .collect::<Result<_, _>>()
                .map(Ast::Template),
            Tok::Format(f) => match f.as_str() {
                "tsv" | "csv" | "json" | "text" => Ok(Ast::Format(f)),
                _ => Err(format!(
                    "unknown format '@{f}'; use @tsv, @csv, @json or @text"
                )),
            },
            Tok::Sym("[") => {
                if self.eat(&Tok::Sym("]")) {
                    return Ok(Ast::Array(None));
                }
                let e = self.pipe()?;
                self.expect("]")?;
                Ok(Ast::Array(Some(Box::new(e))))
            }
            Tok::Sym("{") => self.object(),
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

    /// After `{`: `key: value` pairs, `key` alone for `key: .key`, `(f): value`, up to `}`.
    fn object(&mut self) -> Result<Ast, String> {
        let mut entries = vec![];
        if self.eat(&Tok::Sym("}")) {
            return Ok(Ast::Object(entries));
        }
        loop {
            let (key, shorthand) = match self.peek().cloned() {
                Some(Tok::Ident(k)) | Some(Tok::Str(k)) => {
                    self.i += 1;
                    let field = Ast::Field(Box::new(Ast::Identity), k.clone(), false);
                    (Ast::Literal(Value::String(k)), Some(field))
                }
                Some(Tok::Sym("(")) => {
                    self.i += 1;
                    let k = self.pipe()?;
                    self.expect(")")?;
                    (k, None)
                }
                other => {
                    return Err(format!(
                        "expected an object key, found {}",
                        other
                            .map(|t| format!("'{}'", t.text()))
                            .unwrap_or("the end".into())
                    ));
                }
            };
            let value = if self.eat(&Tok::Sym(":")) {
                self.object_value()?
            } else {
                shorthand.ok_or("a computed key needs ': value'")?
            };
            entries.push((key, value));
            if self.eat(&Tok::Sym("}")) {
                return Ok(Ast::Object(entries));
            }
            self.expect(",")?;
        }
    }

    /// An object's value: pipes without commas (a comma separates entries), as in jq.
    fn object_value(&mut self) -> Result<Ast, String> {
        let mut l = self.or()?;
        while self.eat(&Tok::Sym("|")) {
            let r = self.or()?;
            l = Ast::Pipe(Box::new(l), Box::new(r));
        }
        Ok(l)
    }
}
