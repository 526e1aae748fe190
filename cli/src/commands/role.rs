//! `nimbus role list | show | create | update | delete | assign | assignments | unassign`.

use nimbus_core::api::iam::{
    Assignment, AssignmentList, CreateAssignment, CreateRole, Ref, Role, RoleList, UpdateRole,
};

use super::{Env, confirm, opt_time, print_deleted, require_change, time};
use crate::args::RoleCommand;
use crate::exit::CliResult;
use crate::output::View;

fn yes_no(b: bool) -> String {
    if b { "yes" } else { "no" }.to_owned()
}

fn list_view(list: &RoleList) -> View {
    View::Rows {
        headers: vec!["ID", "NAME", "TIER", "SYSTEM", "DESCRIPTION"],
        rows: list
            .roles
            .iter()
            .map(|r| vec![r.id.to_string(), r.name.clone(), r.tier.clone(), yes_no(r.system), r.description.clone()])
            .collect(),
    }
}

fn role_view(r: &Role) -> View {
    View::Fields(vec![
        ("ID", r.id.to_string()),
        ("NAME", r.name.clone()),
        ("DESCRIPTION", r.description.clone()),
        ("TIER", r.tier.clone()),
        ("SYSTEM", yes_no(r.system)),
        ("TENANT", r.tenant_id.map(|t| t.to_string()).unwrap_or_default()),
        ("PARENT", r.parent_id.map(|p| p.to_string()).unwrap_or_default()),
        ("ALLOW", r.allow.join("\n")),
        ("DENY", r.deny.join("\n")),
    ])
}

fn reference(r: &Ref) -> String {
    format!("{}:{}", r.kind, r.name)
}

fn assignment_row(a: &Assignment) -> Vec<String> {
    vec![
        a.id.to_string(),
        a.role_name.clone(),
        reference(&a.subject),
        reference(&a.scope),
        opt_time(a.expires_at.as_ref()),
        time(&a.created_at),
    ]
}

const ASSIGNMENT_HEADERS: [&str; 6] = ["ID", "ROLE", "SUBJECT", "SCOPE", "EXPIRES", "CREATED"];

fn assignments_view(list: &AssignmentList) -> View {
    View::Rows { headers: ASSIGNMENT_HEADERS.to_vec(), rows: list.assignments.iter().map(assignment_row).collect() }
}

fn assignment_view(a: &Assignment) -> View {
    View::Rows { headers: ASSIGNMENT_HEADERS.to_vec(), rows: vec![assignment_row(a)] }
}

pub(super) async fn run(env: Env, cmd: &RoleCommand) -> CliResult<()> {
    // Ask before any request.
    match cmd {
        RoleCommand::Delete { id, yes } => confirm(&format!("Delete role {id}?"), *yes)?,
        RoleCommand::Unassign { id, yes } => confirm(&format!("Remove role assignment {id}?"), *yes)?,
        _ => {}
    }
    let (client, tenant) = env.tenant_client().await?;
    match cmd {
        RoleCommand::List => env.printer.print(&client.roles(&tenant).await?, list_view),
        RoleCommand::Show { id } => env.printer.print(&client.role(&tenant, *id).await?, role_view),
        RoleCommand::Create { name, parent, tier, allow, deny, description } => {
            let request = CreateRole {
                name: name.clone(),
                description: description.clone().unwrap_or_default(),
                parent_id: *parent,
                tier: tier.clone(),
                allow: allow.clone(),
                deny: deny.clone(),
            };
            env.printer.print(&client.create_role(&tenant, &request).await?, role_view)
        }
        RoleCommand::Update { id, name, description, allow, clear_allow, deny, clear_deny } => {
            let request = UpdateRole {
                name: name.clone(),
                description: description.clone(),
                allow: (!allow.is_empty() || *clear_allow).then(|| allow.clone()),
                deny: (!deny.is_empty() || *clear_deny).then(|| deny.clone()),
            };
            require_change(request != UpdateRole::default())?;
            env.printer.print(&client.update_role(&tenant, *id, &request).await?, role_view)
        }
        RoleCommand::Delete { id, .. } => {
            client.delete_role(&tenant, *id).await?;
            print_deleted(&env, "role", id)
        }
        RoleCommand::Assign { id, subject, compartment, expires } => {
            let request = CreateAssignment {
                role_id: *id,
                user_id: subject.user,
                group_id: subject.group,
                compartment_id: *compartment,
                expires_at: *expires,
            };
            env.printer.print(&client.create_assignment(&tenant, &request).await?, assignment_view)
        }
        RoleCommand::Assignments => env.printer.print(&client.assignments(&tenant).await?, assignments_view),
        RoleCommand::Unassign { id, .. } => {
            client.delete_assignment(&tenant, *id).await?;
            print_deleted(&env, "assignment", id)
        }
    }
}
