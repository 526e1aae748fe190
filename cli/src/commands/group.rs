//! `nimbus group list | show | create | delete | add-member | remove-member`.

use nimbus_core::api::iam::{AddGroupMember, CreateGroup, Group, GroupList};

use super::{Env, confirm, print_deleted, time};
use crate::args::GroupCommand;
use crate::exit::CliResult;
use crate::output::View;

fn list_view(list: &GroupList) -> View {
    View::Rows {
        headers: vec!["ID", "NAME", "MEMBERS", "DESCRIPTION", "CREATED"],
        rows: list
            .groups
            .iter()
            .map(|g| {
                vec![
                    g.id.to_string(),
                    g.name.clone(),
                    g.members.len().to_string(),
                    g.description.clone(),
                    time(&g.created_at),
                ]
            })
            .collect(),
    }
}

fn group_view(g: &Group) -> View {
    let fields = View::Fields(vec![
        ("ID", g.id.to_string()),
        ("NAME", g.name.clone()),
        ("DESCRIPTION", g.description.clone()),
        ("TENANT", g.tenant_id.to_string()),
        ("CREATED", time(&g.created_at)),
        ("MEMBERS", g.members.len().to_string()),
    ]);
    if g.members.is_empty() {
        return fields;
    }
    let members = View::Rows {
        headers: vec!["KIND", "ID", "NAME"],
        rows: g.members.iter().map(|m| vec![m.kind.clone(), m.id.clone(), m.name.clone()]).collect(),
    };
    View::Stack(vec![fields, members])
}

pub(super) async fn run(env: Env, cmd: &GroupCommand) -> CliResult<()> {
    // Ask before any request.
    if let GroupCommand::Delete { id, yes } = cmd {
        confirm(&format!("Delete group {id}?"), *yes)?;
    }
    let (client, tenant) = env.tenant_client().await?;
    match cmd {
        GroupCommand::List => env.printer.print(&client.groups(&tenant).await?, list_view),
        GroupCommand::Show { id } => env.printer.print(&client.group(&tenant, *id).await?, group_view),
        GroupCommand::Create { name, description } => {
            let request = CreateGroup { name: name.clone(), description: description.clone().unwrap_or_default() };
            env.printer.print(&client.create_group(&tenant, &request).await?, group_view)
        }
        GroupCommand::Delete { id, .. } => {
            client.delete_group(&tenant, *id).await?;
            print_deleted(&env, "group", id)
        }
        GroupCommand::AddMember { id, member } => {
            let request = AddGroupMember { user_id: member.user, group_id: member.group };
            env.printer.print(&client.add_group_member(&tenant, *id, &request).await?, group_view)
        }
        GroupCommand::RemoveMember { id, member_id } => {
            env.printer.print(&client.remove_group_member(&tenant, *id, member_id).await?, group_view)
        }
    }
}
