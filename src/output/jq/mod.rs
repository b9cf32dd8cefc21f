//! `--jq EXPR`: a small jq subset, enough for pipelines to pull fields out of results without
//! helper programs (no new dependency: jaq would add several crates to every build).
//!
//! Supported: `.`, `.a.b`, `."key"`, `.["key"]`, `.[N]` (negative from the end), `.[]`, `?`
//! suffixes, `|`, `,`, `( )`, literals (strings, numbers, true, false, null), string
//! interpolation (`"id \(.id)"`), array and object construction (`[.items[].id]`,
//! `{id, name: .displayName, (.k): .v}`), comparisons (`== != < <= > >=`), `and`, `or`, `not`,
//! the functions `length`, `keys`, `select(f)`, `map(f)`, `first`, `last`, `join(s)`,
//! `tostring`, `tonumber`, `has(k)`, `type`, `empty`, and the formats `@tsv`, `@csv`, `@json`,
//! `@text`. As with gh, string results print raw; everything else prints as compact JSON, one
//! per line. `parse` reads the expression; `eval` runs it.

mod eval;
mod parse;

pub use eval::eval;
pub use parse::parse;

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
    /// `[f]`: every output of `f` (none for `[]`) in one array.
    Array(Option<Box<Ast>>),
    /// `{k: v, ...}`: one object per combination of the keys' and values' outputs.
    Object(Vec<(Ast, Ast)>),
    /// `"a \(f) b"`: literal text and interpolated expressions.
    Template(Vec<Part>),
    /// `@tsv`, `@csv`, `@json`, `@text` applied to the input.
    Format(String),
}

#[derive(Debug, Clone)]
pub enum Part {
    Text(String),
    Expr(Ast),
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

/// The text printed for one result: strings raw, the rest compact JSON.
pub fn render(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests;
