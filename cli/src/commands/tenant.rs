//! `nimbus tenant list | show | create | update | delete | restore`.

use nimbus_core::api::tenancy::{CreateTenant, Limit, Quotas, Tenant, TenantList, UpdateTenant};

use super::{Env, confirm, map_text, opt_time, print_deleted, require_change, time, to_map};
use crate::args::TenantCommand;
use crate::exit::CliResult;
use crate::output::View;

fn status(t: &Tenant) -> &'static str {
    if t.deleted_at.is_some() { "deleted" } else { "active" }
}

fn list_view(list: &TenantList) -> View {
    View::Rows {
        headers: vec!["ID", "SLUG", "NAME", "DEPTH", "STATUS", "CREATED"],
        rows: list
            .tenants
            .iter()
            .map(|t| {
                vec![
                    t.id.to_string(),
                    t.slug.clone(),
                    t.name.clone(),
                    t.depth.to_string(),
                    status(t).to_owned(),
                    time(&t.created_at),
                ]
            })
            .collect(),
    }
}

fn quotas_text(q: &Quotas) -> String {
    let one = |name: &str, l: &Limit| format!("{name} {} ({})", l.limit, if l.hard { "hard" } else { "soft" });
    [
        one("users", &q.max_users),
        one("compartments", &q.max_compartments),
        one("sub-tenants", &q.max_child_tenants),
        one("resources", &q.max_resources),
        one("storage GB", &q.max_storage_gb),
    ]
    .join(", ")
}

fn tenant_view(t: &Tenant) -> View {
    View::Fields(vec![
        ("ID", t.id.to_string()),
        ("NAME", t.name.clone()),
        ("SLUG", t.slug.clone()),
        ("PARENT", t.parent_id.map(|p| p.to_string()).unwrap_or_default()),
        ("DEPTH", t.depth.to_string()),
        ("STATUS", status(t).to_owned()),
        ("CONTACT", t.contact_email.clone().unwrap_or_default()),
        ("DOMAINS", t.domains.join(", ")),
        ("TAGS", map_text(&t.tags)),
        ("SETTINGS", map_text(&t.settings)),
        ("QUOTAS", quotas_text(&t.quotas)),
        ("CREATED", time(&t.created_at)),
        ("UPDATED", time(&t.updated_at)),
        ("DELETED", opt_time(t.deleted_at.as_ref())),
    ])
}

pub(super) async fn run(env: Env, cmd: &TenantCommand) -> CliResult<()> {
    // `list` and `create` act in the tenant in effect, sent as a header (none: the caller's own).
    let client = env.tenant_header_client(&env.context()?)?;
    match cmd {
        TenantCommand::List { include_deleted } => {
            let list = client.tenants(*include_deleted).await?;
            env.printer.print(&list, list_view)
        }
        TenantCommand::Show { id } => env.printer.print(&client.tenant(id).await?, tenant_view),
        TenantCommand::Create(args) => {
            let request = CreateTenant {
                name: args.name.clone(),
                slug: args.slug.clone(),
                contact_email: args.contact_email.clone(),
                settings: to_map(&args.settings, "--setting")?,
                tags: to_map(&args.tags, "--tag")?,
                quotas: None,
                domains: args.domains.clone(),
            };
            env.printer.print(&client.create_tenant(&request).await?, tenant_view)
        }
        TenantCommand::Update(args) => {
            let replace = |given: bool, clear: bool| given || clear;
            let request = UpdateTenant {
                name: args.name.clone(),
                contact_email: args.contact_email.clone(),
                settings: replace(!args.settings.is_empty(), args.clear_settings)
                    .then(|| to_map(&args.settings, "--setting"))
                    .transpose()?,
                tags: replace(!args.tags.is_empty(), args.clear_tags)
                    .then(|| to_map(&args.tags, "--tag"))
                    .transpose()?,
                quotas: None,
                domains: replace(!args.domains.is_empty(), args.clear_domains).then(|| args.domains.clone()),
            };
            require_change(request != UpdateTenant::default())?;
            env.printer.print(&client.update_tenant(&args.id, &request).await?, tenant_view)
        }
        TenantCommand::Delete { id, yes } => {
            confirm(&format!("Delete tenant {id} (restorable with `nimbus tenant restore`)?"), *yes)?;
            client.delete_tenant(id).await?;
            print_deleted(&env, "tenant", id)
        }
        TenantCommand::Restore { id } => env.printer.print(&client.restore_tenant(id).await?, tenant_view),
        TenantCommand::Purge { id, yes } => {
            confirm(&format!("Erase all data of deleted tenant {id}? This cannot be undone."), *yes)?;
            env.printer.print(&client.purge_tenant(id).await?, tenant_view)
        }
    }
}
