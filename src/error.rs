//! The exit-code contract and the error type that carries it.
//!
//! Every failure a user can see is a [`Failure`]: one line saying what went wrong and how to fix
//! it, plus the documented exit code a pipeline can branch on.

use std::fmt;

/// Documented exit codes (README "Exit codes", `publisher help exit-codes`). Never renumber.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    /// An unexpected internal error (a bug); reported with context.
    Internal = 1,
    Usage = 2,
    Auth = 3,
    LocalInput = 4,
    Retryable = 5,
    Rejected = 6,
    ChecksumMismatch = 7,
    SourceChanged = 8,
    TimedOut = 9,
    Interrupted = 130,
}

impl Exit {
    pub fn code(self) -> i32 {
        self as i32
    }

    /// Stable machine-readable name, used in JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Exit::Ok => "ok",
            Exit::Internal => "internal",
            Exit::Usage => "usage",
            Exit::Auth => "auth",
            Exit::LocalInput => "local_input",
            Exit::Retryable => "retryable",
            Exit::Rejected => "rejected",
            Exit::ChecksumMismatch => "checksum_mismatch",
            Exit::SourceChanged => "source_changed",
            Exit::TimedOut => "timed_out",
            Exit::Interrupted => "interrupted",
        }
    }

    pub const TABLE: &'static [(Exit, &'static str)] = &[
        (
            Exit::Ok,
            "success; an upload waited for is verified: by the server's checksum equal to the local MD5 (`md5`), or, when the server gives none, by every chunk accepted against its MD5 (`chunks`)",
        ),
        (Exit::Internal, "internal error (a bug: please report it)"),
        (
            Exit::Usage,
            "usage or configuration error (bad flag, unknown profile, bad endpoint)",
        ),
        (
            Exit::Auth,
            "authentication or authorization failed, or credentials are missing",
        ),
        (
            Exit::LocalInput,
            "local input is unusable (file unreadable or empty, invalid package)",
        ),
        (
            Exit::Retryable,
            "retryable failure (network, 5xx after retries); rerunning the same command resumes",
        ),
        (
            Exit::Rejected,
            "rejected by the server: a 4xx, or a status that reads as a failure (its words are shown, e.g. 'Virus Scan Failed')",
        ),
        (
            Exit::ChecksumMismatch,
            "the server's content is not verified: its checksum differs from the local MD5, or `--require-checksum` and the server gave no MD5 to compare, or nothing vouches for it",
        ),
        (
            Exit::SourceChanged,
            "source file changed since the upload started",
        ),
        (
            Exit::TimedOut,
            "timed out waiting for server processing or `application wait`",
        ),
        (
            Exit::Interrupted,
            "interrupted (state saved; rerun to resume)",
        ),
    ];

    pub fn table_text() -> String {
        let mut s = String::from("Exit codes:\n");
        for (e, what) in Self::TABLE {
            s.push_str(&format!("  {:>3}  {:<18} {}\n", e.code(), e.name(), what));
        }
        s
    }
}

/// A user-facing failure: what happened (one line) and the exit code.
#[derive(Debug)]
pub struct Failure {
    pub exit: Exit,
    pub message: String,
    /// Structured fields for pipelines (e.g. `uploadRequestId`), rendered as `error.details` in
    /// the `--output json` error object. Never put secrets here.
    pub details: Option<serde_json::Value>,
    /// What the user can do next, for the command that failed to phrase in its own flags.
    pub remedy: Option<Remedy>,
    told: Told,
}

/// A next step, named without flags: the upload engine knows *what* would help, the command
/// layer knows how its command line says it (an engine that spoke in flags would be tied to one
/// command and drift from it). Also in `--output json` as `error.remedy`, for scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "action")]
pub enum Remedy {
    /// Start a new upload request for the file as it is now.
    StartOver,
    /// Start over and replace what the server holds at the storage path, deleting this upload
    /// request first when given.
    StartOverReplacing {
        #[serde(rename = "deleteFirst")]
        delete_first: Option<u64>,
    },
    /// Run again and wait for the server's verdict.
    WaitForVerdict,
    /// Look at the upload request's status later.
    CheckLater { id: u64 },
    /// Give the chunk count the upload request was started with (when the server says it).
    ChunksAsStarted { chunks: Option<u64> },
}

/// Who tells the user why the run failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Told {
    /// `main`: one `error:` line on stderr (and the JSON error object in JSON modes).
    ByMain,
    /// The command, in its own report (e.g. the validator's diagnostics): `main` only sets the
    /// exit code, so the reason is not printed twice.
    InTheReport,
}

impl Failure {
    pub fn new(exit: Exit, message: impl Into<String>) -> Self {
        Failure {
            exit,
            message: message.into(),
            details: None,
            remedy: None,
            told: Told::ByMain,
        }
    }
    /// A failure the command has already reported in full; only its exit code remains.
    pub fn already_reported(exit: Exit) -> Self {
        Failure {
            told: Told::InTheReport,
            ..Self::new(exit, format!("{} (reported above)", exit.name()))
        }
    }
    pub fn told(&self) -> Told {
        self.told
    }
    /// Attach structured fields (a JSON object) for the `--output json` error object.
    pub fn with_details(mut self, details: serde_json::Value) -> Self {
        self.details = Some(details);
        self
    }
    pub fn with_remedy(mut self, remedy: Remedy) -> Self {
        self.remedy = Some(remedy);
        self
    }
    /// Append the remedy, as the caller's command line says it, to the message.
    pub fn advised(mut self, phrase: impl Fn(Remedy) -> String) -> Self {
        if let Some(r) = self.remedy {
            self.message = format!("{}; {}", self.message, phrase(r));
        }
        self
    }
    /// The JSON error object printed on stdout with `--output json`.
    pub fn to_json(&self) -> serde_json::Value {
        let mut e = serde_json::json!({
            "exit": self.exit.code(),
            "kind": self.exit.name(),
            "message": self.message,
        });
        if let Some(d) = &self.details {
            e["details"] = d.clone();
        }
        if let Some(r) = self.remedy {
            e["remedy"] = serde_json::to_value(r).unwrap_or_default();
        }
        serde_json::json!({ "error": e })
    }
    pub fn usage(m: impl Into<String>) -> Self {
        Self::new(Exit::Usage, m)
    }
    pub fn auth(m: impl Into<String>) -> Self {
        Self::new(Exit::Auth, m)
    }
    pub fn input(m: impl Into<String>) -> Self {
        Self::new(Exit::LocalInput, m)
    }
    pub fn retryable(m: impl Into<String>) -> Self {
        Self::new(Exit::Retryable, m)
    }
    pub fn rejected(m: impl Into<String>) -> Self {
        Self::new(Exit::Rejected, m)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}
