//! What each command does. The CLI definition lives in `cli`; this module turns parsed
//! arguments into API calls and printed results.

pub(crate) mod auth;
pub(crate) mod image;
pub(crate) mod listing;
pub(crate) mod meta;
pub(crate) mod package;
pub(crate) mod sandbox;
pub(crate) mod validate;
pub(crate) mod wait;

use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Duration;

use crate::api::auth::TokenSource;
use crate::api::{ApiClient, ClientOptions};
use crate::cli::{Cli, Command, GlobalArgs, OutputFormat};
use crate::config::{Credentials, Endpoint, Overrides, Secret, Settings};
use crate::error::Failure;
use crate::output::events::Events;

/// User id the embedded sandbox runs as when none is configured.
pub(crate) const SANDBOX_USER: &str = "sandbox@example.com";

/// Resolved settings plus, for `--sandbox`, the in-process server (kept alive while in scope).
pub(crate) struct Ctx {
    pub global: GlobalArgs,
    pub settings: Settings,
    pub events: Events,
    /// Host root the client talks to.
    pub endpoint_url: String,
    /// Identifies the server in journal keys and token caches.
    pub endpoint_key: String,
    embedded: Option<(crate::sandbox::Running, Credentials)>,
}

impl Ctx {
    pub async fn new(global: &GlobalArgs) -> Result<Ctx, Failure> {
        let settings = Settings::resolve(&Overrides {
            endpoint: global.endpoint.clone(),
            user: global.user.clone(),
            profile: global.profile.clone(),
            sandbox: global.sandbox,
            allow_http: global.allow_http,
        })?;
        settings.paths.secure();
        // Warnings (a secret others can read), shown even with --quiet.
        for w in &settings.warnings {
            crate::ui::warn(w);
        }
        let events = Events::open(global.events.as_deref())?;
        let (endpoint_url, endpoint_key) = match &settings.endpoint {
            Endpoint::Url(u) => (u.clone(), u.clone()),
            Endpoint::EmbeddedSandbox => (String::new(), "sandbox".to_string()),
        };
        Ok(Ctx {
            global: global.clone(),
            settings,
            events,
            endpoint_url,
            endpoint_key,
            embedded: None,
        })
    }

    pub fn format(&self) -> OutputFormat {
        self.global.output
    }

    pub fn is_embedded(&self) -> bool {
        self.settings.endpoint == Endpoint::EmbeddedSandbox
    }

    /// The user sent as X-Oracle-UserId.
    pub fn user(&self) -> Result<String, Failure> {
        match (&self.settings.user, self.is_embedded()) {
            (Some(u), _) => Ok(u.clone()),
            (None, true) => Ok(SANDBOX_USER.to_string()),
            (None, false) => Err(Failure::usage(
                "no partner user: pass --user EMAIL or set PUBLISHER_USER (sent as X-Oracle-UserId)",
            )),
        }
    }

    /// Start the embedded sandbox on first use; it keeps its data under the data dir, so an
    /// interrupted `--sandbox` upload resumes on the next run.
    async fn ensure_embedded(&mut self) -> Result<(), Failure> {
        if !self.is_embedded() || self.embedded.is_some() {
            return Ok(());
        }
        let readings = embedded_readings(std::env::var("PUBLISHER_SANDBOX_READINGS").ok())?;
        let secret: String = (0..32).map(|_| fastrand::alphanumeric()).collect();
        let cfg = crate::sandbox::SandboxConfig {
            bind: "127.0.0.1".into(),
            port: 0,
            data_dir: self.settings.paths.embedded_sandbox_dir(),
            client_id: "embedded".into(),
            client_secret: Secret::new(secret.clone()),
            token_ttl: Duration::from_secs(3600),
            processing: Duration::from_millis(200),
            rate_limit: None,
            link: Default::default(),
            faults: Default::default(),
            readings,
            seed: None,
        };
        let dir = cfg.data_dir.display().to_string();
        let running = crate::sandbox::start(cfg).await.map_err(|e| {
            Failure::input(format!(
                "cannot start the embedded sandbox in {dir}: {e}; set PUBLISHER_DATA_DIR to a writable directory"
            ))
        })?;
        self.endpoint_url = running.url();
        let creds = Credentials::Client {
            id: "embedded".into(),
            secret: Secret::new(secret),
        };
        self.embedded = Some((running, creds));
        Ok(())
    }

    /// A client for the configured endpoint; fails with exit 3 when there are no credentials.
    pub async fn api(&mut self) -> Result<Arc<ApiClient>, Failure> {
        self.ensure_embedded().await?;
        let user = self.user()?;
        let (creds, tokens_dir) = match &self.embedded {
            Some((_, c)) => (Some(c.clone()), None),
            None => (
                self.settings.credentials.clone(),
                Some(self.settings.paths.tokens_dir()),
            ),
        };
        if creds.is_none() {
            return Err(Failure::auth(format!(
                "no credentials for {}: set PUBLISHER_CLIENT_ID and PUBLISHER_CLIENT_SECRET, or PUBLISHER_TOKEN, or run `publisher auth login --client-id ID`",
                self.endpoint_url
            )));
        }
        let tokens = TokenSource::new(creds, &self.endpoint_key, tokens_dir);
        let client = ApiClient::new(
            &self.endpoint_url,
            Some(user),
            tokens,
            ClientOptions {
                // --retries counts retries after the first attempt.
                attempts: self.global.retries.saturating_add(1),
                timeout: Duration::from_secs(self.global.timeout.max(1)),
                verbose: self.global.verbose,
                ca_bundle: self.global.ca_bundle.clone(),
            },
        )?;
        Ok(Arc::new(client))
    }

    /// Ask before destroying something: `--yes` answers, a terminal may answer, a script must
    /// pass `--yes` (never block a pipeline on a prompt).
    pub fn confirm(&self, what: &str) -> Result<(), Failure> {
        if self.global.yes {
            return Ok(());
        }
        if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
            return Err(Failure::usage(format!(
                "{what}: refusing without confirmation; pass --yes to confirm in scripts"
            )));
        }
        crate::ui::stderr_raw(&format!("{what}? [y/N] "));
        let mut answer = String::new();
        let _ = std::io::stdin().read_line(&mut answer);
        if matches!(answer.trim(), "y" | "Y" | "yes" | "YES" | "Yes") {
            Ok(())
        } else {
            Err(Failure::usage(format!(
                "{what}: not confirmed; nothing was changed"
            )))
        }
    }
}

/// Run one parsed command line.
pub async fn run(cli: Cli) -> Result<(), Failure> {
    let g = cli.global;
    match cli.command {
        Command::Completions { shell } => meta::completions(shell),
        Command::Man { command, out_dir } => meta::man(&command, out_dir.as_deref()),
        Command::Help { topic } => meta::help(&topic, g.output),
        Command::Sandbox(args) => sandbox::run(&g, args).await,
        Command::Package(c) => package::run(&g, c).await,
        Command::Image(c) => image::run(&mut Ctx::new(&g).await?, c).await,
        Command::Listing(c) => listing::run_listing(&mut Ctx::new(&g).await?, c).await,
        Command::Application(c) => listing::run_application(&mut Ctx::new(&g).await?, c).await,
        Command::Auth(c) => auth::run(&mut Ctx::new(&g).await?, c).await,
    }
}

/// `PUBLISHER_SANDBOX_READINGS=key=value,key=value`: the readings the embedded sandbox plays
/// (as `publisher sandbox --reading` takes them), so in-process runs can rehearse them too.
fn embedded_readings(var: Option<String>) -> Result<crate::sandbox::readings::Readings, Failure> {
    let specs = var.iter().flat_map(|v| v.split(',')).map(str::trim);
    crate::sandbox::readings::Readings::from_switches(specs.filter(|s| !s.is_empty()))
        .map_err(|e| Failure::usage(format!("PUBLISHER_SANDBOX_READINGS: {e}")))
}
