//! `nimbus apikey list | create | revoke | rotate`.

use nimbus_core::api::apikeys::{ApiKey, ApiKeyList, CreateApiKey, CreatedApiKey};

use super::{Env, confirm, opt_time, print_deleted, time};
use crate::args::ApiKeyCommand;
use crate::exit::CliResult;
use crate::output::View;

fn list_view(list: &ApiKeyList) -> View {
    View::Rows {
        headers: vec!["ID", "NAME", "PREFIX", "PERMISSIONS", "SCOPE", "EXPIRES", "LAST USED", "REVOKED"],
        rows: list.api_keys.iter().map(row).collect(),
    }
}

fn row(k: &ApiKey) -> Vec<String> {
    vec![
        k.id.to_string(),
        k.name.clone(),
        k.prefix.clone(),
        k.permissions.join(","),
        format!("{}:{}", k.scope.kind, k.scope.id),
        opt_time(k.expires_at.as_ref()),
        opt_time(k.last_used_at.as_ref()),
        opt_time(k.revoked_at.as_ref()),
    ]
}

fn created_view(c: &CreatedApiKey) -> View {
    View::Fields(vec![
        ("ID", c.api_key.id.to_string()),
        ("NAME", c.api_key.name.clone()),
        ("PERMISSIONS", c.api_key.permissions.join(",")),
        ("EXPIRES", opt_time(c.api_key.expires_at.as_ref())),
        ("CREATED", time(&c.api_key.created_at)),
        // Shown once: the daemon keeps only a hash.
        ("SECRET", c.secret.clone()),
    ])
}

pub(super) async fn run(env: Env, cmd: &ApiKeyCommand) -> CliResult<()> {
    if let ApiKeyCommand::Revoke { id, yes } = cmd {
        confirm(&format!("Revoke API key {id}? Scripts using it stop working at once."), *yes)?;
    }
    let (client, tenant) = env.tenant_client().await?;
    match cmd {
        ApiKeyCommand::List => env.printer.print(&client.api_keys(&tenant).await?, list_view),
        ApiKeyCommand::Create { name, permissions, compartment, expires } => {
            let request = CreateApiKey {
                name: name.clone(),
                permissions: permissions.clone(),
                compartment_id: *compartment,
                expires_at: *expires,
            };
            let created = client.create_api_key(&tenant, &request).await?;
            if !env.global.quiet {
                eprintln!("store the secret now: it is not shown again");
            }
            env.printer.print(&created, created_view)
        }
        ApiKeyCommand::Revoke { id, .. } => {
            client.revoke_api_key(&tenant, *id).await?;
            print_deleted(&env, "api_key", id)
        }
        ApiKeyCommand::Rotate { id } => {
            let rotated = client.rotate_api_key(&tenant, *id).await?;
            if !env.global.quiet {
                eprintln!("the old secret no longer works; store the new one now");
            }
            env.printer.print(&rotated, created_view)
        }
    }
}
