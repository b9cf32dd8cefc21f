//! The command-line surface (clap definitions only; behaviour lives in `commands`).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

mod values;
pub use values::{Bandwidth, ByteRate, ChunkSize, Fraction, ReportSpec};

/// `publisher --version`: version, commit, build date, target and TLS backend (see build.rs).
pub const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "\ncommit:  ",
    env!("PUBLISHER_COMMIT"),
    "\nbuilt:   ",
    env!("PUBLISHER_BUILD_DATE"),
    "\ntarget:  ",
    env!("PUBLISHER_TARGET"),
    "\ntls:     rustls (ring provider)",
);

#[derive(Debug, Parser)]
#[command(
    name = "publisher",
    version,
    long_version = LONG_VERSION,
    about = "Oracle Cloud Marketplace publisher client: upload machine images, check and create packages",
    long_about = "Oracle Cloud Marketplace publisher client.\n\nUploads machine images (parallel, resumable, verified), checks application packages locally with precise diagnostics before creating them, and drives listings through their lifecycle. `publisher --sandbox ...` runs any command against a built-in emulator of the API.",
    disable_help_subcommand = true,
    after_help = "Run `publisher help exit-codes` for the exit-code table."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint: Option<String>,
    /// Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]
    #[arg(long, global = true, value_name = "EMAIL")]
    pub user: Option<String>,
    /// Profile in the config file [env: PUBLISHER_PROFILE] [default: default]
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// Run against an in-process sandbox with throwaway credentials (no setup needed)
    #[arg(long, global = true, env = "PUBLISHER_SANDBOX", value_parser = clap::builder::BoolishValueParser::new())]
    pub sandbox: bool,
    /// Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item
    #[arg(long, global = true, value_enum, default_value_t = OutputFormat::Text, env = "PUBLISHER_OUTPUT")]
    pub output: OutputFormat,
    /// Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`
    #[arg(long, global = true, value_name = "EXPR")]
    pub jq: Option<String>,
    /// Stream typed events as NDJSON to a file, or `-` for stderr
    #[arg(long, global = true, value_name = "PATH", env = "PUBLISHER_EVENTS")]
    pub events: Option<PathBuf>,
    /// Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    /// Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr
    #[arg(long, global = true, value_name = "PATH", env = "PUBLISHER_LOG_FILE")]
    pub log_file: Option<PathBuf>,
    /// Print only the result
    #[arg(short, long, global = true, env = "PUBLISHER_QUIET", value_parser = clap::builder::BoolishValueParser::new())]
    pub quiet: bool,
    /// Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced
    #[arg(long, global = true, value_enum, default_value_t = ProgressMode::Auto, env = "PUBLISHER_PROGRESS")]
    pub progress: ProgressMode,
    /// Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb
    #[arg(long, global = true, value_enum, default_value_t = ColorMode::Auto, env = "PUBLISHER_COLOR")]
    pub color: ColorMode,
    /// Allow plain http to a non-loopback endpoint
    #[arg(long, global = true, env = "PUBLISHER_ALLOW_HTTP", value_parser = clap::builder::BoolishValueParser::new())]
    pub allow_http: bool,
    /// Extra PEM CA bundle to trust (corporate TLS proxies)
    #[arg(long, global = true, value_name = "PEM", env = "PUBLISHER_CA_BUNDLE")]
    pub ca_bundle: Option<PathBuf>,
    /// Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)
    #[arg(
        long,
        global = true,
        default_value_t = 5,
        value_name = "N",
        env = "PUBLISHER_RETRIES"
    )]
    pub retries: u32,
    /// Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)
    #[arg(
        long,
        global = true,
        default_value_t = 60,
        value_name = "SECS",
        env = "PUBLISHER_TIMEOUT",
        value_parser = parse_secs
    )]
    pub timeout: u64,
    /// `application wait --timeout`: how long to wait (set by main, not a flag of its own)
    #[arg(skip)]
    pub wait_timeout: Option<u64>,
    /// Answer yes to confirmations (required for destructive commands without a terminal)
    #[arg(short = 'y', long, global = true, env = "PUBLISHER_YES", value_parser = clap::builder::BoolishValueParser::new())]
    pub yes: bool,
}

/// Seconds, as a bare number or a humantime duration (`90s`, `10m`, `1h`).
pub fn parse_secs(s: &str) -> Result<u64, String> {
    let s = s.trim();
    if let Ok(n) = s.parse::<u64>() {
        return Ok(n);
    }
    humantime::parse_duration(s)
        .map(|d| d.as_secs())
        .map_err(|e| format!("{e}; use seconds or a duration like 90s, 10m, 1h"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProgressMode {
    /// Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals
    Auto,
    Bars,
    Plain,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorMode {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
    /// Lists: one JSON item per line; other results: one compact JSON line
    Ndjson,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Machine images: upload, status, list, delete
    #[command(subcommand)]
    Image(ImageCmd),
    /// Application packages: validate locally, create, inspect
    #[command(subcommand)]
    Package(PackageCmd),
    /// Listings (applications and services) of the publisher
    #[command(subcommand)]
    Listing(ListingCmd),
    /// Application listings and their lifecycle
    #[command(subcommand)]
    Application(ApplicationCmd),
    /// Credentials: status, login, logout
    #[command(subcommand)]
    Auth(AuthCmd),
    /// Run a local emulator of the publisher API
    Sandbox(SandboxArgs),
    /// Print shell completions
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) of publisher or of a subcommand, or write them all to a directory
    Man {
        /// Subcommand path (e.g. `image upload`); omit for publisher(1)
        command: Vec<String>,
        /// Write publisher.1 and one page per subcommand (publisher-image-upload.1, ...) here
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
    /// Help on a command, or a topic: exit-codes, environment
    Help {
        /// Command path or topic
        topic: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImageCmd {
    /// Upload a machine image (whole, or chunked in parallel, resumable, verified)
    Upload(UploadArgs),
    /// Show the status of an upload request
    Status {
        upload_request_id: u64,
        /// Wait until the server finishes processing (optional limit in seconds)
        #[arg(long, value_name = "SECS", num_args = 0..=1, default_missing_value = "1800")]
        wait: Option<u64>,
    },
    /// Search upload requests
    List(ImageListArgs),
    /// Delete an uploaded image from all data centres
    Delete { upload_request_id: u64 },
    /// List local upload journals (pending and completed uploads)
    Uploads {
        /// Follow pages until the end (the local list is never paged: accepted so that scripts
        /// can pass --all to every list)
        #[arg(long)]
        all: bool,
    },
    /// Forget a local upload journal and delete its upload request on the server
    Abort {
        /// Upload request id, or the journal key shown by `image uploads`
        id: String,
        /// Only forget the local journal
        #[arg(long)]
        keep_remote: bool,
    },
}

#[derive(Debug, Clone, Args)]
pub struct UploadArgs {
    /// The image file (e.g. a .tar.gz)
    pub file: PathBuf,
    /// Upload in this many chunks (at least 1)
    #[arg(long, value_name = "N", conflicts_with_all = ["chunk_size", "whole"], env = "PUBLISHER_CHUNKS",
          value_parser = values::positive)]
    pub chunks: Option<u64>,
    /// Upload in chunks of this size (e.g. 256MiB); the count is derived
    #[arg(
        long,
        value_name = "SIZE",
        conflicts_with = "whole",
        env = "PUBLISHER_CHUNK_SIZE"
    )]
    pub chunk_size: Option<ChunkSize>,
    /// Send the file in one request, whatever its size
    #[arg(long, env = "PUBLISHER_WHOLE", value_parser = clap::builder::BoolishValueParser::new())]
    pub whole: bool,
    /// Chunks in flight at once: a number from 1 to 64, or auto (start at 1-8, grow while the
    /// link's throughput grows, up to 32, back off on 429, 5xx, timeouts and stalls, come
    /// down to 1 while sending outruns the file's hashing)
    #[arg(
        long,
        default_value = "auto",
        value_name = "N|auto",
        env = "PUBLISHER_PARALLEL"
    )]
    pub parallel: crate::upload::spec::Parallelism,
    /// One bandwidth cap for all connections, in bytes per second (e.g. 10MiB, 500KB)
    #[arg(long, value_name = "RATE", env = "PUBLISHER_BWLIMIT")]
    pub bwlimit: Option<Bandwidth>,
    /// Application name in the image metadata [default: file name without extensions]
    #[arg(long, env = "PUBLISHER_APPLICATION")]
    pub application: Option<String>,
    /// Image version in the metadata [default: 1.0]
    #[arg(
        long = "version",
        value_name = "VERSION",
        env = "PUBLISHER_IMAGE_VERSION"
    )]
    pub image_version: Option<String>,
    /// Operating system in the metadata
    #[arg(
        long = "os",
        default_value = "linux",
        value_name = "OS",
        env = "PUBLISHER_OS"
    )]
    pub os: String,
    /// Replace an existing storage file with the same path
    #[arg(long, env = "PUBLISHER_OVERWRITE", value_parser = clap::builder::BoolishValueParser::new())]
    pub overwrite: bool,
    /// Ignore any saved state for this file and start a new upload
    #[arg(long, env = "PUBLISHER_RESTART", value_parser = clap::builder::BoolishValueParser::new())]
    pub restart: bool,
    /// Re-hash chunks recorded as sent before trusting them on resume
    #[arg(long, env = "PUBLISHER_VERIFY_RESUME", value_parser = clap::builder::BoolishValueParser::new())]
    pub verify_resume: bool,
    /// Seconds to wait for server processing after the merge
    #[arg(
        long,
        default_value_t = 1800,
        value_name = "SECS",
        conflicts_with = "no_wait",
        env = "PUBLISHER_WAIT"
    )]
    pub wait: u64,
    /// Return after the merge without waiting for server processing
    #[arg(long, env = "PUBLISHER_NO_WAIT", value_parser = clap::builder::BoolishValueParser::new())]
    pub no_wait: bool,
    /// Exit 7 unless the server's whole-file checksum was compared with the local MD5
    #[arg(long, env = "PUBLISHER_REQUIRE_CHECKSUM", value_parser = clap::builder::BoolishValueParser::new())]
    pub require_checksum: bool,
    /// Continue an upload request started elsewhere (no local journal needed): every chunk
    /// is sent again, and chunks the server already holds count as delivered
    #[arg(
        long,
        value_name = "UPLOAD_REQUEST_ID",
        conflicts_with_all = ["restart", "whole"],
        env = "PUBLISHER_RESUME"
    )]
    pub resume: Option<u64>,
    /// Show the plan (whole or chunked, chunks, journal state, storage path) and change nothing
    #[arg(long, env = "PUBLISHER_DRY_RUN", value_parser = clap::builder::BoolishValueParser::new())]
    pub dry_run: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ImageListArgs {
    /// Status filter, comma-separated (COMPLETED, FAILED, INITIATED, ...)
    #[arg(long)]
    pub status: Option<String>,
    #[arg(long)]
    pub keyword: Option<String>,
    /// Page size (1-100)
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub limit: u32,
    #[arg(long, default_value_t = 0)]
    pub offset: u32,
    /// Follow pages until the end
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagFormat {
    Text,
    Json,
    Sarif,
    Github,
    /// GitLab Code Quality JSON (artifacts:reports:codequality)
    Gitlab,
    /// JUnit XML (artifacts:reports:junit)
    Junit,
}

#[derive(Debug, Subcommand)]
pub enum PackageCmd {
    /// Check a package JSON locally: schema and cross-references
    Validate {
        /// The package JSON, or `-` for standard input
        file: PathBuf,
        /// Diagnostics format
        #[arg(long, value_enum, default_value_t = DiagFormat::Text)]
        format: DiagFormat,
        /// Treat warnings as errors
        #[arg(long)]
        deny_warnings: bool,
        /// The artefact that will be sent with the package (checked against resources)
        #[arg(long = "file", value_name = "ARTEFACT")]
        artefact: Option<PathBuf>,
        /// Also write the diagnostics in FORMAT to FILE (repeatable), e.g. junit=report.xml
        #[arg(long, value_name = "FORMAT=FILE")]
        report: Vec<ReportSpec>,
    },
    /// Validate, then create the package on a listing
    Create {
        listing_version_id: u64,
        file: PathBuf,
        /// Artefact to upload with the package (multipart field `file`)
        #[arg(long = "file", value_name = "ARTEFACT")]
        artefact: Option<PathBuf>,
        /// Send without local validation
        #[arg(long)]
        no_validate: bool,
        /// Treat warnings as errors
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Replace a package (PUT); validates first
    Update {
        listing_version_id: u64,
        package_version_id: u64,
        file: PathBuf,
        #[arg(long = "file", value_name = "ARTEFACT")]
        artefact: Option<PathBuf>,
        #[arg(long)]
        no_validate: bool,
    },
    /// Show a package
    Get {
        listing_version_id: u64,
        package_version_id: u64,
    },
    /// List the packages of a listing
    List {
        listing_version_id: u64,
        /// Follow pages until the end (the package list is not paged: accepted for scripts
        /// that pass it to every list)
        #[arg(long)]
        all: bool,
    },
    /// Ask the server to validate a package (PATCH {"action":"validate"})
    ValidateRemote {
        listing_version_id: u64,
        package_version_id: u64,
        /// When the server validates later (202), seconds to wait for the verdict
        #[arg(long, default_value_t = 600, value_name = "SECS")]
        wait: u64,
    },
    /// Delete a package
    Delete {
        listing_version_id: u64,
        package_version_id: u64,
    },
    /// Print the JSON Schema (draft 2020-12) of a package document
    Schema,
    /// Explain a validation rule
    Explain {
        /// Rule id (e.g. unknown-action-tag); omit to list all rules
        rule: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ListingCmd {
    /// List the publisher's listings
    List {
        /// Status filter, comma-separated (NEW,PUBLISHED,...)
        #[arg(long)]
        status: Option<String>,
        #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=100))]
        limit: u32,
        #[arg(long, default_value_t = 0)]
        offset: u32,
        /// Follow pages until the end
        #[arg(long)]
        all: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ApplicationCmd {
    /// List applications
    List {
        #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=100))]
        limit: u32,
        #[arg(long, default_value_t = 0)]
        offset: u32,
        /// Follow pages until the end
        #[arg(long)]
        all: bool,
    },
    /// Show an application listing
    Get { listing_version_id: u64 },
    /// Create a new version of a published listing
    Version { listing_version_id: u64 },
    /// Submit a listing for review
    Submit {
        listing_version_id: u64,
        #[arg(long)]
        note: Option<String>,
    },
    /// Publish an approved listing
    Publish { listing_version_id: u64 },
    /// Withdraw a published listing
    Withdraw { listing_version_id: u64 },
    /// Wait until a listing reaches one of the given statuses; `--timeout 1h` limits the wait
    /// (default 30m), exit 9 when it runs out
    Wait {
        listing_version_id: u64,
        /// Statuses to wait for, comma-separated (e.g. APPROVED,PUBLISHED)
        #[arg(
            long,
            value_name = "STATUS,...",
            value_delimiter = ',',
            required = true
        )]
        status: Vec<String>,
        /// Time between polls
        #[arg(long, default_value = "5s", value_name = "DURATION", value_parser = humantime::parse_duration)]
        interval: std::time::Duration,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuthCmd {
    /// Which credentials are used, from where, and the token's expiry
    Status {
        /// Also make one authenticated request to prove the credentials and user work
        #[arg(long)]
        check: bool,
    },
    /// Store client id and secret in the profile (secret read from stdin or PUBLISHER_CLIENT_SECRET)
    Login {
        #[arg(long)]
        client_id: String,
        /// Read the secret from standard input
        #[arg(long)]
        secret_stdin: bool,
    },
    /// Print a valid bearer token (fetched if needed) on stdout, for other tools (e.g. curl)
    Token,
    /// Remove cached tokens (and with --forget, the stored secret)
    Logout {
        #[arg(long)]
        forget: bool,
    },
}

#[derive(Debug, Clone, Args)]
pub struct SandboxArgs {
    /// Port on 127.0.0.1 (0 picks a free one)
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to bind (loopback only unless you say otherwise)
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Where uploads and state are kept (survives restarts)
    #[arg(long, default_value = "./publisher-sandbox")]
    pub data_dir: PathBuf,
    #[arg(long, default_value = "sandbox-client")]
    pub client_id: String,
    /// Client secret to accept [default: sandbox-secret]
    #[arg(long, env = "PUBLISHER_SANDBOX_SECRET", hide_env_values = true)]
    pub client_secret: Option<String>,
    /// Token lifetime in seconds (at least 1)
    #[arg(long, default_value_t = 604800, value_parser = values::positive)]
    pub token_ttl: u64,
    /// Fraction of requests answered 500 (0-1)
    #[arg(long, default_value = "0")]
    pub fail_rate: Fraction,
    /// Fraction of requests whose connection is dropped mid-request (0-1)
    #[arg(long, default_value = "0")]
    pub reset_rate: Fraction,
    /// Fraction of chunk uploads that stall (stop reading) for a long time (0-1)
    #[arg(long, default_value = "0")]
    pub stall_rate: Fraction,
    /// Added latency per request, in milliseconds
    #[arg(long, default_value_t = 0)]
    pub latency: u64,
    /// Per-connection receive cap (e.g. 10MiB = 10 MiB/s)
    #[arg(long, value_name = "BYTES_PER_SEC")]
    pub rate_limit: Option<ByteRate>,
    /// One receive budget shared by all connections, like an uplink (e.g. 50MiB = 50 MiB/s)
    #[arg(long, value_name = "BYTES_PER_SEC")]
    pub pipe_rate: Option<ByteRate>,
    /// Requests beyond this many in flight are answered 429 with Retry-After: 1
    #[arg(long, value_name = "N", value_parser = values::at_least_one)]
    pub max_concurrent: Option<usize>,
    /// Read image bodies and throw them away (no hashing, no storage, no checkSum): for
    /// benchmarking the client, not the disk
    #[arg(long)]
    pub discard: bool,
    /// Milliseconds an image spends in "Virus Scan In Progress" after the merge
    #[arg(long, default_value_t = 300)]
    pub processing_ms: u64,
    /// Misbehave on purpose, to test clients
    #[arg(long, value_name = "MODE", value_enum)]
    pub misbehave: Option<crate::sandbox::http::Misbehave>,
    /// Random seed for fault injection (reproducible runs)
    #[arg(long)]
    pub seed: Option<u64>,
    /// Play one documented reading of an open question of the API docs (repeatable), e.g.
    /// chunk-answer=base64; `--list-readings` shows them all
    #[arg(long = "reading", value_name = "KEY=VALUE")]
    pub readings: Vec<String>,
    /// List every question and its readings (the default first), then exit
    #[arg(long)]
    pub list_readings: bool,
    /// Fraction of state-changing requests whose answer is lost after the change was made (0-1)
    #[arg(long, default_value = "0")]
    pub commit_fault_rate: Fraction,
    /// How that answer is lost
    #[arg(long, value_enum, default_value_t = CommitFaultKind::ServerError)]
    pub commit_fault: CommitFaultKind,
    /// With --commit-fault delay: how long the answer is held back, in milliseconds
    #[arg(long, default_value_t = 5000)]
    pub commit_fault_delay_ms: u64,
    /// Which requests --commit-fault-rate applies to
    #[arg(long, value_enum, default_value_t = crate::sandbox::http::CommitTarget::All)]
    pub commit_fault_on: crate::sandbox::http::CommitTarget,
    /// Answer the first request with this method 500, before it changes anything
    #[arg(long, value_name = "METHOD", value_enum)]
    pub fail_first: Option<crate::sandbox::http::FailMethod>,
    /// Once an answer was lost after the commit, answer every GET 500 (the client cannot find
    /// out what happened)
    #[arg(long)]
    pub fail_reads_after_lost: bool,
}

/// How an answer is lost after the server committed the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CommitFaultKind {
    /// 500 although the change was made
    #[value(name = "5xx")]
    ServerError,
    /// The connection is dropped before the answer
    Reset,
    /// The answer comes late (see --commit-fault-delay-ms)
    Delay,
}
