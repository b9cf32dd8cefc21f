//! `publisher auth ...`: which credentials are in effect, storing and forgetting them.

use std::io::Read;

use serde_json::json;

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
    let t = api
        .tokens()
        .bearer(api.http(), api.root(), ctx.global.verbose)
        .await?;
    output::stdout_line(t.expose());
    Ok(())
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
    let mut v = json!({
        "endpoint": endpoint,
        "profile": s.profile,
        "configFile": s.paths.config_file,
        "user": s.user,
        "credentials": kind,
        "credentialsSource": s.credentials_source,
        "clientId": client_id,
    });
    let mut lines = vec![
        format!("endpoint     {endpoint}"),
        format!(
            "profile      {} ({})",
            s.profile,
            s.paths.config_file.display()
        ),
        format!(
            "user         {}",
            s.user
                .as_deref()
                .unwrap_or("(not set: --user or PUBLISHER_USER)")
        ),
        format!(
            "credentials  {kind}{}",
            s.credentials_source
                .as_ref()
                .map(|src| format!(" from {src}"))
                .unwrap_or_default()
        ),
    ];
    if let Some(id) = &client_id {
        lines.push(format!("client id    {id}"));
    }
    if s.credentials.is_none() && !ctx.is_embedded() {
        let text = lines.join("\n");
        output::result(ctx.format(), &v, &text);
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
        match outcome {
            Ok(_) => {
                v["checked"] = json!(true);
                v["check"] = json!({"request": "GET /listings?limit=1", "ok": true, "ms": ms});
                lines.push(format!(
                    "check        GET /listings?limit=1 answered OK in {ms} ms: the credentials and user work"
                ));
            }
            Err(e) => {
                let f = crate::error::Failure::from(e);
                v["checked"] = json!(false);
                v["check"] =
                    json!({"request": "GET /listings?limit=1", "ok": false, "error": f.message});
                lines.push(format!("check        FAILED: {}", f.message));
                output::result(ctx.format(), &v, &lines.join("\n"));
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
    if let Some(left) = tokens.cached_expiry() {
        v["tokenExpiresInSeconds"] = json!(left);
        let at = crate::clock::epoch_secs() + left;
        v["tokenExpiresAt"] = json!(crate::clock::rfc3339(at));
        lines.push(format!(
            "token        cached, expires in {}",
            humantime::format_duration(std::time::Duration::from_secs(left))
        ));
    } else {
        lines.push("token        none cached".into());
    }
    output::result(ctx.format(), &v, &lines.join("\n"));
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
    let text = format!(
        "stored client credentials in profile '{}' ({}, mode 0600)",
        ctx.settings.profile,
        path.display()
    );
    output::result(
        ctx.format(),
        &json!({"profile": ctx.settings.profile, "configFile": path}),
        &text,
    );
    Ok(())
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
    let text = format!(
        "removed {removed} cached token(s){}",
        if forgot {
            "; forgot the stored secret"
        } else {
            ""
        }
    );
    output::result(
        ctx.format(),
        &json!({"tokensRemoved": removed, "secretForgotten": forgot}),
        &text,
    );
    Ok(())
}
