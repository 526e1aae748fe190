//! `nimbusd init` and the first-run walkthrough of `nimbusd serve`.

use std::sync::Arc;

use nimbus_core::Secret;
use serde_json::json;

use super::{CmdResult, Failure, InitArgs, InitOutput, exit, open_store, prompt};
use crate::config::Config;
use crate::keys::MasterKeySource;
use crate::services::init::{InitError, InitReport, InitRequest, initialise, validate};
use crate::store::Store;
use crate::trace_id::TraceId;

pub(super) async fn run(config: Config, args: &InitArgs) -> CmdResult {
    let email = match &args.email {
        Some(e) => e.clone(),
        None if prompt::interactive() => prompt::email("Administrator email")?,
        None => {
            return Err(Failure::new(
                exit::USAGE,
                anyhow::anyhow!("no administrator email: pass --email or set NIMBUS_ADMIN_EMAIL"),
            ));
        }
    };
    let password = if args.password_stdin {
        prompt::password_from_stdin().map_err(|e| Failure::new(exit::USAGE, e))?
    } else if let Some(p) = &args.password {
        Secret::new(p.clone())
    } else if prompt::interactive() {
        prompt::new_password(&email)?
    } else {
        return Err(Failure::new(
            exit::USAGE,
            anyhow::anyhow!(
                "no password: use --password-stdin or NIMBUS_ADMIN_PASSWORD, or run in a terminal to be asked"
            ),
        ));
    };
    let request = InitRequest {
        provider_name: args.provider_name.clone(),
        admin_email: email,
        admin_password: password,
        admin_name: args.name.clone(),
    };
    validate(&request).map_err(|e| Failure::new(exit::USAGE, e))?;
    let store = open_store(&config).await?;
    let report = create(&config, store.clone(), request).await?;
    match args.output {
        InitOutput::Text => print_report(store.display_url(), &report),
        InitOutput::Json => println!(
            "{}",
            json!({
                "database": store.display_url(),
                "provider_id": report.provider_id,
                "root_tenant_id": report.root_tenant_id,
                "admin_id": report.admin_id,
                "admin_email": report.admin_email,
                "master_key_file": match &report.master_key {
                    MasterKeySource::File(p) => Some(p.display().to_string()),
                    MasterKeySource::Inline => None,
                },
                "signing_key_id": report.signing_key_id,
            })
        ),
    }
    Ok(())
}

async fn create(config: &Config, store: Arc<dyn Store>, request: InitRequest) -> Result<InitReport, Failure> {
    initialise(config, store, request, TraceId::generate().into_string()).await.map_err(|e| match e {
        InitError::Invalid(_) => Failure::new(exit::USAGE, e),
        InitError::AlreadyInitialised(_) => Failure::new(exit::INIT_STATE, e),
        InitError::Other(e) => Failure::new(exit::ERROR, e),
    })
}

fn print_report(database: &str, r: &InitReport) {
    println!("Initialised {database}");
    println!("  administrator  {} ({})", r.admin_email, r.admin_id);
    println!("  root tenant    {}", r.root_tenant_id);
    match &r.master_key {
        MasterKeySource::File(p) => println!(
            "  master key     {}\n                 back it up and keep it secret: without it the keys and secrets in the\n                 database cannot be read; replicas sharing this database need the same file",
            p.display()
        ),
        MasterKeySource::Inline => println!("  master key     from configuration (keys.master_key)"),
    }
}

/// Walks a newcomer through setup when `serve` finds an empty database in a terminal.
pub(super) async fn walkthrough(config: &Config, store: Arc<dyn Store>) -> CmdResult {
    eprintln!();
    eprintln!("Nimbus is not set up yet ({}).", store.display_url());
    eprintln!("Create the first provider administrator: the account that administers this installation.");
    eprintln!();
    let email = prompt::email("Email")?;
    let password = prompt::new_password(&email)?;
    let request =
        InitRequest { provider_name: "Nimbus".into(), admin_email: email, admin_password: password, admin_name: None };
    let report = create(config, store.clone(), request).await?;
    eprintln!();
    print_report(store.display_url(), &report);
    eprintln!();
    eprintln!("Next, in another terminal: `nimbus login --email {}`", report.admin_email);
    eprintln!();
    Ok(())
}
