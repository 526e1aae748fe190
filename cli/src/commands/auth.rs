//! `nimbus login | logout | whoami | auth status`.

use std::io::{BufRead, IsTerminal, Write};

use chrono::{DateTime, SecondsFormat, Utc};
use nimbus_core::Secret;
use nimbus_core::api::auth::{LoginRequest, Me};
use nimbus_core::client::{ClientError, Credentials};
use serde::Serialize;

use super::{Env, not_signed_in};
use crate::args::LoginArgs;
use crate::credentials::StoredCredentials;
use crate::exit::{self, CliError, CliResult};
use crate::output::View;

fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

#[derive(Debug, Serialize)]
struct LoginResult {
    context: String,
    url: String,
    email: String,
    user_id: String,
    session_id: String,
    credential_store: String,
}

pub(super) async fn login(env: Env, args: &LoginArgs) -> CliResult<()> {
    let ctx = env.context()?;
    let email = match &args.email {
        Some(e) => e.clone(),
        None if interactive() => {
            eprint!("Email: ");
            std::io::stderr().flush()?;
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            line.trim().to_owned()
        }
        None => return Err(CliError::usage("no email: pass --email or set NIMBUS_EMAIL")),
    };
    let password = if args.password_stdin {
        super::password_from_stdin()?
    } else if interactive() {
        rpassword::prompt_password(format!("Password for {email} on {}: ", ctx.url))?
    } else {
        return Err(CliError::usage("no password: pass --password-stdin, or run in a terminal to be asked"));
    };

    let client = env.client(&ctx)?;
    let pair = client.login(&LoginRequest { email: email.clone(), password: Secret::new(password) }).await?;
    // Without a refresh token this check cannot rotate the pair we are about to store.
    let check = Credentials { refresh_token: None, ..Credentials::from(&pair) };
    let me = client.with_credentials(check, None).me().await?;
    let stored = StoredCredentials {
        url: ctx.url.clone(),
        email: me.email.clone(),
        session_id: pair.session_id.to_string(),
        access_token: pair.access_token,
        access_token_expires_at: pair.access_token_expires_at,
        refresh_token: pair.refresh_token,
        refresh_token_expires_at: pair.refresh_token_expires_at,
    };
    let location = env.creds.save(&ctx.name, &stored)?;
    let result = LoginResult {
        context: ctx.name,
        url: ctx.url,
        email: me.email,
        user_id: me.id.to_string(),
        session_id: pair.session_id.to_string(),
        credential_store: location.to_string(),
    };
    env.printer.print(&result, |r| {
        View::Fields(vec![
            ("SIGNED IN AS", r.email.clone()),
            ("CONTEXT", format!("{} ({})", r.context, r.url)),
            ("SESSION", r.session_id.clone()),
            ("CREDENTIALS", r.credential_store.clone()),
        ])
    })
}

#[derive(Debug, Serialize)]
struct LogoutResult {
    context: String,
    url: String,
    session_ended: bool,
    credentials_removed: bool,
}

pub(super) async fn logout(env: Env) -> CliResult<()> {
    let ctx = env.context()?;
    let had_stored = env.stored(&ctx)?.is_some();
    if !had_stored && env.global.token.is_none() {
        return Err(not_signed_in(&ctx));
    }
    let client = env.authed_client(&ctx)?;
    let session_ended = match client.logout().await {
        Ok(()) => true,
        // The session was already gone: nothing left to end on the daemon.
        Err(ClientError::Api { status: 401, .. }) => false,
        Err(e) => {
            return Err(CliError::from(e).hint(
                "the session could not be ended on the daemon, so the credentials were kept; retry when it is reachable",
            ));
        }
    };
    if had_stored {
        env.creds.delete(&ctx.name)?;
    }
    let result = LogoutResult { context: ctx.name, url: ctx.url, session_ended, credentials_removed: had_stored };
    env.printer.print(&result, |r| {
        View::Fields(vec![
            ("SIGNED OUT OF", format!("{} ({})", r.context, r.url)),
            ("SESSION ENDED", if r.session_ended { "yes" } else { "it had already ended" }.to_owned()),
        ])
    })
}

pub(super) fn me_view(me: &Me) -> View {
    View::Fields(vec![
        ("EMAIL", me.email.clone()),
        ("NAME", me.display_name.clone()),
        ("USER ID", me.id.to_string()),
        ("TENANT", format!("{} ({})", me.tenant.name, me.tenant.slug)),
        ("TENANT ID", me.tenant.id.to_string()),
        ("SESSION", me.session_id.to_string()),
    ])
}

pub(super) async fn whoami(env: Env) -> CliResult<()> {
    let ctx = env.context()?;
    let me = env.authed_client(&ctx)?.me().await?;
    env.printer.print(&me, me_view)
}

#[derive(Debug, Serialize)]
struct AuthStatus {
    context: String,
    url: String,
    signed_in: bool,
    credential_store: Option<String>,
    email: Option<String>,
    session_id: Option<String>,
    access_token_expires_at: Option<DateTime<Utc>>,
    refresh_token_expires_at: Option<DateTime<Utc>>,
    /// Whether the daemon accepted the credentials (`null` with `--offline`).
    token_accepted: Option<bool>,
}

pub(super) async fn status(env: Env, offline: bool) -> CliResult<()> {
    let ctx = env.context()?;
    let mut status = AuthStatus {
        context: ctx.name.clone(),
        url: ctx.url.clone(),
        signed_in: false,
        credential_store: None,
        email: None,
        session_id: None,
        access_token_expires_at: None,
        refresh_token_expires_at: None,
        token_accepted: None,
    };
    if env.global.token.is_some() {
        status.signed_in = true;
        status.credential_store = Some("--token / NIMBUS_TOKEN".into());
    } else if let Some((stored, location)) = env.stored(&ctx)? {
        status.signed_in = true;
        status.credential_store = Some(location.to_string());
        status.email = Some(stored.email);
        status.session_id = Some(stored.session_id);
        status.access_token_expires_at = Some(stored.access_token_expires_at);
        status.refresh_token_expires_at = Some(stored.refresh_token_expires_at);
    }
    if status.signed_in && !offline {
        match env.authed_client(&ctx)?.me().await {
            Ok(me) => {
                status.token_accepted = Some(true);
                status.email = Some(me.email);
                status.session_id = Some(me.session_id.to_string());
            }
            Err(ClientError::Api { status: 401, .. }) => status.token_accepted = Some(false),
            Err(e) => return Err(e.into()),
        }
    }
    // Stored refresh results may have moved the expiries on.
    if let (false, Some((stored, _))) = (offline, env.stored(&ctx)?) {
        status.access_token_expires_at = Some(stored.access_token_expires_at);
        status.refresh_token_expires_at = Some(stored.refresh_token_expires_at);
    }
    let ok = status.signed_in && status.token_accepted != Some(false);
    env.printer.print(&status, |s| {
        let mut fields = vec![("CONTEXT", format!("{} ({})", s.context, s.url))];
        match &s.credential_store {
            Some(store) => {
                fields.push(("SIGNED IN AS", s.email.clone().unwrap_or_else(|| "(token)".into())));
                fields.push(("CREDENTIALS", store.clone()));
                if let Some(at) = s.refresh_token_expires_at {
                    fields.push((
                        "SESSION ENDS",
                        format!("{} unless used", at.to_rfc3339_opts(SecondsFormat::Secs, true)),
                    ));
                }
                fields.push((
                    "ACCEPTED",
                    match s.token_accepted {
                        Some(true) => "yes",
                        Some(false) => "no: sign in again with `nimbus login`",
                        None => "not checked (--offline)",
                    }
                    .to_owned(),
                ));
            }
            None => fields.push(("SIGNED IN", "no: run `nimbus login`".into())),
        }
        View::Fields(fields)
    })?;
    if ok { Ok(()) } else { Err(CliError::new(exit::AUTH, "unauthenticated", "not signed in")) }
}
