//! `nimbus user list | show | create | update | disable | enable | delete`.

use nimbus_core::api::iam::{CreateUser, UpdateUser, User, UserList};

use super::{Env, confirm, password_from_stdin, print_deleted, require_change, time};
use crate::args::{UserCommand, UserStatus};
use crate::exit::CliResult;
use crate::output::View;

fn list_view(list: &UserList) -> View {
    View::Rows {
        headers: vec!["ID", "EMAIL", "NAME", "STATUS", "CREATED"],
        rows: list
            .users
            .iter()
            .map(|u| {
                vec![u.id.to_string(), u.email.clone(), u.display_name.clone(), u.status.clone(), time(&u.created_at)]
            })
            .collect(),
    }
}

fn user_view(u: &User) -> View {
    View::Fields(vec![
        ("ID", u.id.to_string()),
        ("EMAIL", u.email.clone()),
        ("NAME", u.display_name.clone()),
        ("STATUS", u.status.clone()),
        ("HOME TENANT", u.home_tenant_id.to_string()),
        ("CREATED", time(&u.created_at)),
    ])
}

pub(super) async fn run(env: Env, cmd: &UserCommand) -> CliResult<()> {
    // Read the password before any request, so a missing one fails fast.
    let password = match cmd {
        UserCommand::Create { password_stdin: true, .. } => Some(password_from_stdin()?),
        _ => None,
    };
    // Ask before any request.
    if let UserCommand::Delete { id, yes } = cmd {
        confirm(&format!("Delete user {id}?"), *yes)?;
    }
    let (client, tenant) = env.tenant_client().await?;
    match cmd {
        UserCommand::List { search } => env.printer.print(&client.users(&tenant, search.as_deref()).await?, list_view),
        UserCommand::Show { id } => env.printer.print(&client.user(&tenant, *id).await?, user_view),
        UserCommand::Create { email, display_name, .. } => {
            let request = CreateUser { email: email.clone(), display_name: display_name.clone(), password };
            env.printer.print(&client.create_user(&tenant, &request).await?, user_view)
        }
        UserCommand::Update { id, display_name, status, attrs } => {
            let request = UpdateUser {
                display_name: display_name.clone(),
                status: status.map(|s| s.as_str().to_owned()),
                attributes: (!attrs.is_empty()).then(|| attrs.iter().cloned().collect()),
            };
            require_change(request != UpdateUser::default())?;
            env.printer.print(&client.update_user(&tenant, *id, &request).await?, user_view)
        }
        UserCommand::Disable { id } | UserCommand::Enable { id } => {
            let status =
                if matches!(cmd, UserCommand::Disable { .. }) { UserStatus::Disabled } else { UserStatus::Active };
            let request = UpdateUser { display_name: None, status: Some(status.as_str().to_owned()), attributes: None };
            env.printer.print(&client.update_user(&tenant, *id, &request).await?, user_view)
        }
        UserCommand::Delete { id, .. } => {
            client.delete_user(&tenant, *id).await?;
            print_deleted(&env, "user", id)
        }
    }
}
