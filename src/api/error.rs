//! API failures, and their mapping to the exit-code contract.

// Re-exported for callers of `extract_message` (and the fuzz targets).
pub use reqwest::header::HeaderValue;

use crate::error::{Exit, Failure};

/// What went wrong talking to the API, by class. Callers branch on the variant, never on the
/// text; the user-facing wording and the exit code come from `From<ApiError> for Failure`.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// No partner user configured (needed for X-Oracle-UserId).
    #[error("no partner user configured")]
    NoUser,
    /// No credentials configured.
    #[error("no credentials configured")]
    NoCredentials,
    /// The token endpoint refused the client id/secret.
    #[error("the token endpoint refused the client id/secret: {0}")]
    BadCredentials(String),
    /// A non-2xx answer (after retries when retryable).
    #[error("{what}: server answered {status} ({attempts} attempts): {message}")]
    Status {
        status: u16,
        what: String,
        message: String,
        attempts: u32,
    },
    /// A state-changing request whose outcome is unknown: it was sent, and the answer was lost
    /// or was a 5xx that may have come after the server acted. Callers reconcile before any
    /// retry.
    #[error("{what}: outcome unknown: {reason}")]
    Ambiguous { what: String, reason: String },
    /// Network failure after retries.
    #[error("{what}: {reason} ({attempts} attempts)")]
    Network {
        what: String,
        reason: String,
        attempts: u32,
    },
    /// The answer was not what the API documents (garbage, too large, empty).
    #[error("{0}")]
    BadResponse(String),
    /// A redirect to another origin was refused.
    #[error("{0}")]
    Redirect(String),
    /// Something on this side (file vanished mid-upload, bad request construction).
    #[error("{0}")]
    Local(String),
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Failure {
        match e {
            ApiError::NoUser => Failure::auth(
                "no partner user: set --user or PUBLISHER_USER (sent as X-Oracle-UserId on every call)",
            ),
            ApiError::NoCredentials => Failure::auth(
                "no credentials: set PUBLISHER_CLIENT_ID and PUBLISHER_CLIENT_SECRET, or PUBLISHER_TOKEN, or run `publisher auth login` (try `--sandbox` to run without any)",
            ),
            ApiError::BadCredentials(m) => Failure::auth(format!(
                "the token endpoint refused the client id/secret ({m}); check PUBLISHER_CLIENT_ID/PUBLISHER_CLIENT_SECRET or the profile"
            )),
            ApiError::Status {
                status,
                what,
                message,
                attempts,
            } => {
                let tries = if attempts > 1 {
                    format!(" after {attempts} attempts")
                } else {
                    String::new()
                };
                let line = format!("{what}: server answered {status}{tries}: {message}");
                let failure = match status {
                    401 => Failure::auth(format!(
                        "{line}; the token or user is not accepted: check credentials and --user"
                    )),
                    403 => Failure::auth(format!(
                        "{line}; this user is not allowed to do that for this partner account"
                    )),
                    409 if message.contains("overwriteStorageFile") => Failure::rejected(format!(
                        "{line}; pass --overwrite to replace the existing storage file"
                    )),
                    400..=499 if status != 408 && status != 429 => Failure::rejected(line),
                    _ => Failure::retryable(format!("{line}; rerun the same command to retry")),
                };
                failure.with_details(serde_json::json!({ "httpStatus": status }))
            }
            ApiError::Network {
                what,
                reason,
                attempts,
            } => Failure::retryable(format!(
                "{what}: {reason} (gave up after {attempts} attempts); check the network or --endpoint, then rerun the same command to resume"
            )),
            ApiError::Ambiguous { what, reason } => Failure::retryable(format!(
                "{what}: {reason}; the server may or may not have acted on it; rerun the same command to check and resume"
            )),
            ApiError::BadResponse(m) => {
                Failure::retryable(format!("{m}; the server may be misbehaving, rerun later"))
            }
            ApiError::Redirect(m) => Failure::new(Exit::Rejected, m),
            ApiError::Local(m) => Failure::input(m),
        }
    }
}

/// The server's explanation from an error body: JSON `message`/`detail`/`errorCode`, the
/// `<title>` of an HTML page, or the start of the text, on one line and cut short.
pub fn extract_message(body: &[u8], content_type: Option<&HeaderValue>) -> String {
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return "(empty body)".into();
    }
    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) {
        let mut parts = vec![];
        for key in ["message", "detail", "errorCode", "error", "title"] {
            if let Some(s) = v
                .get(key)
                .and_then(|x| x.as_str())
                .filter(|s| !s.is_empty())
            {
                parts.push(s.to_string());
            }
        }
        if !parts.is_empty() {
            parts.dedup();
            return one_line(&parts.join(" / "), 300);
        }
    }
    let text = String::from_utf8_lossy(body);
    let is_html = content_type
        .and_then(|c| c.to_str().ok())
        .is_some_and(|c| c.contains("html"))
        || text.trim_start().starts_with('<');
    if is_html {
        let lower = text.to_ascii_lowercase();
        if let (Some(a), Some(b)) = (lower.find("<title>"), lower.find("</title>"))
            && b > a + 7
        {
            return format!("HTML page: {}", one_line(&text[a + 7..b], 200));
        }
        return "an HTML page (not the API's JSON)".into();
    }
    one_line(&text, 200)
}

fn one_line(s: &str, max: usize) -> String {
    let collapsed: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if collapsed.chars().count() > max {
        format!("{}...", collapsed.chars().take(max).collect::<String>())
    } else {
        collapsed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages() {
        assert_eq!(
            extract_message(br#"{"message":"bad md5"}"#, None),
            "bad md5"
        );
        assert_eq!(
            extract_message(b"<html><title>502 Bad\nGateway</title></html>", None),
            "HTML page: 502 Bad Gateway"
        );
        assert_eq!(extract_message(b"", None), "(empty body)");
        let long = "x".repeat(1000);
        assert!(extract_message(long.as_bytes(), None).len() < 210);
    }

    #[test]
    fn exit_codes() {
        let st = |s| ApiError::Status {
            status: s,
            what: "GET /x".into(),
            message: "m".into(),
            attempts: 1,
        };
        assert_eq!(Failure::from(st(401)).exit, Exit::Auth);
        assert_eq!(Failure::from(st(404)).exit, Exit::Rejected);
        assert_eq!(Failure::from(st(429)).exit, Exit::Retryable);
        assert_eq!(Failure::from(st(503)).exit, Exit::Retryable);
    }
}
