//! Paging and filtering shared by the collection endpoints (images, listings, packages).

use std::collections::HashMap;

use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::http::bad_request;

/// Parse `limit`/`offset` as the reference defines them (limit 1-100, default 30).
pub fn paging(q: &HashMap<String, String>) -> Result<(usize, usize), Response> {
    let limit = match q.get("limit") {
        None => 30,
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (1..=100).contains(&n) => n,
            _ => {
                return Err(bad_request(format!(
                    "Invalid Parameter Value: limit '{v}' must be 1-100"
                )));
            }
        },
    };
    let offset = match q.get("offset") {
        None => 0,
        Some(v) => v.parse::<usize>().map_err(|_| {
            bad_request(format!(
                "Invalid Parameter Value: offset '{v}' must be >= 0"
            ))
        })?,
    };
    Ok((limit, offset))
}

/// A comma-separated status filter (`NEW,PUBLISHED`), upper-cased; None when absent.
pub fn status_filter(q: &HashMap<String, String>, key: &str) -> Option<Vec<String>> {
    q.get(key).map(|v| {
        v.split(',')
            .map(|x| x.trim().to_ascii_uppercase())
            .filter(|x| !x.is_empty())
            .collect()
    })
}

/// One page of `items` in the collection envelope, empty arrays sent as `[]`.
pub fn collection(items: Vec<Value>, limit: usize, offset: usize) -> Response {
    collection_shaped(items, limit, offset, false)
}

/// One page of `items`; with `null_empty`, empty `items` and `links` are sent as `null`.
pub fn collection_shaped(
    items: Vec<Value>,
    limit: usize,
    offset: usize,
    null_empty: bool,
) -> Response {
    let total = items.len();
    let page: Vec<Value> = items.into_iter().skip(offset).take(limit).collect();
    let empty = |v: Value| {
        if null_empty && v.as_array().is_some_and(Vec::is_empty) {
            Value::Null
        } else {
            v
        }
    };
    axum::Json(json!({
        "count": page.len(),
        "hasMore": offset + page.len() < total,
        "totalResults": total,
        "items": empty(json!(page)),
        "links": empty(json!([])),
    }))
    .into_response()
}
