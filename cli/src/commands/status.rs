//! `nimbus status`: is the daemon reachable, what is it, who am I.

use nimbus_core::api::system::Backend;
use serde::Serialize;

use super::Env;
use crate::exit::{CliError, CliResult};
use crate::output::View;

#[derive(Debug, Serialize)]
struct Status {
    context: String,
    url: String,
    reachable: bool,
    version: Option<String>,
    api_version: Option<String>,
    backend: Option<Backend>,
    ready: Option<bool>,
    signed_in_as: Option<String>,
}

pub(super) async fn run(env: Env) -> CliResult<()> {
    let ctx = env.context()?;
    let client = env.client(&ctx)?;
    let mut status = Status {
        context: ctx.name.clone(),
        url: ctx.url.clone(),
        reachable: false,
        version: None,
        api_version: None,
        backend: None,
        ready: None,
        signed_in_as: None,
    };
    let failure = match client.server_info().await {
        Ok(info) => {
            status.reachable = true;
            status.version = Some(info.version);
            status.api_version = Some(info.api_version);
            status.backend = Some(info.backend);
            status.ready = client.readiness().await.ok().map(|r| r.status == "ready");
            if env.global.token.is_some() || env.stored(&ctx)?.is_some() {
                status.signed_in_as = env.authed_client(&ctx)?.me().await.ok().map(|me| me.email);
            }
            None
        }
        Err(e) => Some(CliError::from(e)),
    };
    env.printer.print(&status, |s| {
        let unknown = || "-".to_owned();
        View::Fields(vec![
            ("CONTEXT", format!("{} ({})", s.context, s.url)),
            ("REACHABLE", if s.reachable { "yes" } else { "no" }.into()),
            ("VERSION", s.version.clone().unwrap_or_else(unknown)),
            ("BACKEND", s.backend.map_or_else(unknown, |b| b.as_str().to_owned())),
            ("READY", s.ready.map_or_else(unknown, |r| if r { "yes" } else { "no" }.to_owned())),
            ("SIGNED IN AS", s.signed_in_as.clone().unwrap_or_else(|| "nobody (`nimbus login`)".into())),
        ])
    })?;
    failure.map_or(Ok(()), Err)
}
