//! `publisher auth ...`: which credentials are in effect, storing and forgetting them.

use std::io::Read;
use std::path::PathBuf;

use serde::Serialize;

use super::Ctx;
use crate::cli::AuthCmd;
use crate::config::Credentials;
use crate::config::profile::ProfileFile;
use crate::error::Failure;
use crate::output;

pub async fn run(ctx: &mut Ctx, cmd: AuthCmd) -> Result<(), Failure> {
    match cmd {
        AuthCmd::Status { check } => status(ctx, check).await,
        AuthCmd::Login {
            client_id,
            secret_stdin,
        } => login(ctx, client_id, secret_stdin),
        AuthCmd::Logout { forget } => logout(ctx, forget),
        AuthCmd::Token => token(ctx).await,
    }
}

/// The bearer token (cached, or fetched now) and nothing else on stdout, for other tools:
/// `curl -H "Authorization: Bearer $(publisher auth token)" ...`. The one command that prints
/// a secret, on purpose; never in JSON or traces.
async fn token(ctx: &mut Ctx) -> Result<(), Failure> {
    let api = ctx.api().await?;
    let t = api.bearer().await?;
    output::stdout_line(t.expose());
    Ok(())
}

/// `auth status`: which endpoint, profile, user and credentials are in effect.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AuthStatus {
    endpoint: String,
    profile: String,
    config_file: PathBuf,
    user: Option<String>,
    credentials: &'static str,
    credentials_source: Option<String>,
    client_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    checked: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    check: Option<AuthCheck>,
    #[serde(skip_serializing_if = "Option::is_none")]
    token_expires_in_seconds: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    token_expires_at: Option<String>,
    /// Whether the token cache was read (the text says "none cached" only then).
    #[serde(skip)]
    cache_read: bool,
}

/// `auth status --check`: the one real request made, and what it answered.
#[derive(Serialize)]
struct AuthCheck {
    request: &'static str,
    ok: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    ms: Option<u128>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

impl output::Report for AuthStatus {
    fn text(&self) -> String {
        let mut lines = vec![
            format!("endpoint     {}", self.endpoint),
            format!(
                "profile      {} ({})",
                self.profile,
                self.config_file.display()
            ),
            format!(
                "user         {}",
                self.user
                    .as_deref()
                    .unwrap_or("(not set: --user or PUBLISHER_USER)")
            ),
            format!(
                "credentials  {}{}",
                self.credentials,
                self.credentials_source
                    .as_ref()
                    .map(|src| format!(" from {src}"))
                    .unwrap_or_default()
            ),
        ];
        if let Some(id) = &self.client_id {
            lines.push(format!("client id    {id}"));
        }
        match &self.check {
            Some(AuthCheck {
                ok: true,
                ms: Some(ms),
                ..
            }) => lines.push(format!(
                "check        GET /listings?limit=1 answered OK in {ms} ms: the credentials and user work"
            )),
            Some(AuthCheck {
                error: Some(e), ..
            }) => lines.push(format!("check        FAILED: {e}")),
            _ => {}
        }
        match self.token_expires_in_seconds {
            Some(left) => lines.push(format!(
                "token        cached, expires in {}",
                humantime::format_duration(std::time::Duration::from_secs(left))
            )),
            None if self.cache_read => lines.push("token        none cached".into()),
            None => {}
        }
        lines.join("\n")
    }
}

async fn status(ctx: &mut Ctx, check: bool) -> Result<(), Failure> {
    let s = &ctx.settings;
    let kind = match &s.credentials {
        Some(Credentials::Token(_)) => "bearer token",
        Some(Credentials::Client { .. }) => "client credentials",
        None if ctx.is_embedded() => "embedded sandbox",
        None => "none",
    };
    let client_id = match &s.credentials {
        Some(Credentials::Client { id, .. }) => Some(id.clone()),
        _ => None,
    };
    let endpoint = if ctx.is_embedded() {
        "sandbox (embedded)".to_string()
    } else {
        ctx.endpoint_url.clone()
    };
    let mut r = AuthStatus {
        endpoint,
        profile: s.profile.clone(),
        config_file: s.paths.config_file.clone(),
        user: s.user.clone(),
        credentials: kind,
        credentials_source: s.credentials_source.clone(),
        client_id,
        checked: None,
        check: None,
        token_expires_in_seconds: None,
        token_expires_at: None,
        cache_read: false,
    };
    if s.credentials.is_none() && !ctx.is_embedded() {
        output::show(ctx.format(), &r);
        return Err(Failure::auth(
            "no credentials: set PUBLISHER_CLIENT_ID and PUBLISHER_CLIENT_SECRET, or PUBLISHER_TOKEN, or run `publisher auth login`",
        ));
    }
    if check {
        // A cached or given token proves nothing until the API takes it: make one real,
        // authenticated, read-only request and report what it answered.
        let api = ctx.api().await?;
        let started = std::time::Instant::now();
        let outcome = api.list_listings(None, 1, 0).await;
        let ms = started.elapsed().as_millis();
        const REQUEST: &str = "GET /listings?limit=1";
        match outcome {
            Ok(_) => {
                r.checked = Some(true);
                r.check = Some(AuthCheck {
                    request: REQUEST,
                    ok: true,
                    ms: Some(ms),
                    error: None,
                });
            }
            Err(e) => {
                let f = crate::error::Failure::from(e);
                r.checked = Some(false);
                r.check = Some(AuthCheck {
                    request: REQUEST,
                    ok: false,
                    ms: None,
                    error: Some(f.message.clone()),
                });
                output::show(ctx.format(), &r);
                return Err(crate::error::Failure::new(
                    f.exit,
                    format!("auth check: {}", f.message),
                ));
            }
        }
    }
    // Reading the cache needs no user or network.
    let tokens = crate::api::auth::TokenSource::new(
        ctx.settings.credentials.clone(),
        &ctx.endpoint_key,
        Some(ctx.settings.paths.tokens_dir()),
    );
    r.cache_read = true;
    if let Some(left) = tokens.cached_expiry() {
        r.token_expires_in_seconds = Some(left);
        r.token_expires_at = Some(crate::clock::rfc3339(crate::clock::epoch_secs() + left));
    }
    output::show(ctx.format(), &r);
    Ok(())
}

fn login(ctx: &Ctx, client_id: String, secret_stdin: bool) -> Result<(), Failure> {
    let secret = if secret_stdin {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| Failure::input(format!("cannot read the secret from stdin: {e}")))?;
        s.trim().to_string()
    } else {
        std::env::var("PUBLISHER_CLIENT_SECRET").unwrap_or_default()
    };
    if secret.is_empty() {
        return Err(Failure::usage(
            "no secret given: pipe it with --secret-stdin or set PUBLISHER_CLIENT_SECRET (it is never read from a flag)",
        ));
    }
    if client_id.trim().is_empty() {
        return Err(Failure::usage("--client-id must not be empty"));
    }
    let path = &ctx.settings.paths.config_file;
    let mut file = ProfileFile::load(path)?;
    let p = file
        .profiles
        .entry(ctx.settings.profile.clone())
        .or_default();
    p.client_id = Some(client_id.trim().to_string());
    p.client_secret = Some(secret);
    if let Some(u) = &ctx.global.user {
        p.user = Some(u.clone());
    }
    if let Some(e) = &ctx.global.endpoint {
        p.endpoint = Some(e.clone());
    }
    file.save(path)?;
    output::show(
        ctx.format(),
        &LoggedIn {
            profile: ctx.settings.profile.clone(),
            config_file: path.clone(),
        },
    );
    Ok(())
}

/// `auth login`: where the credentials were stored.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LoggedIn {
    profile: String,
    config_file: PathBuf,
}

impl output::Report for LoggedIn {
    fn text(&self) -> String {
        format!(
            "stored client credentials in profile '{}' ({}, mode 0600)",
            self.profile,
            self.config_file.display()
        )
    }
}

/// `auth logout`: what was removed.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LoggedOut {
    tokens_removed: usize,
    secret_forgotten: bool,
}

impl output::Report for LoggedOut {
    fn text(&self) -> String {
        format!(
            "removed {} cached token(s){}",
            self.tokens_removed,
            if self.secret_forgotten {
                "; forgot the stored secret"
            } else {
                ""
            }
        )
    }
}

fn logout(ctx: &Ctx, forget: bool) -> Result<(), Failure> {
    let dir = ctx.settings.paths.tokens_dir();
    let mut removed = 0;
    if let Ok(rd) = std::fs::read_dir(&dir) {
        for e in rd.flatten() {
            if std::fs::remove_file(e.path()).is_ok() {
                removed += 1;
            }
        }
    }
    let mut forgot = false;
    if forget {
        let path = &ctx.settings.paths.config_file;
        let mut file = ProfileFile::load(path)?;
        if let Some(p) = file.profiles.get_mut(&ctx.settings.profile) {
            forgot = p.client_secret.take().is_some();
            file.save(path)?;
        }
    }
    output::show(
        ctx.format(),
        &LoggedOut {
            tokens_removed: removed,
            secret_forgotten: forgot,
        },
    );
    Ok(())
}
