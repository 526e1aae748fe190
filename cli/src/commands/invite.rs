//! `nimbus invite list | create | revoke | verify | accept`.

use nimbus_core::api::invitations::{
    AcceptInvitation, Accepted, CreateInvitation, CreatedInvitation, InvitationInfo, InvitationList,
};

use super::{Env, confirm, opt_time, password_from_stdin, print_deleted, time};
use crate::args::InviteCommand;
use crate::exit::CliResult;
use crate::output::View;

fn list_view(list: &InvitationList) -> View {
    View::Rows {
        headers: vec!["ID", "EMAIL", "ROLE", "STATUS", "EXPIRES", "CREATED", "DECIDED"],
        rows: list
            .invitations
            .iter()
            .map(|i| {
                vec![
                    i.id.to_string(),
                    i.email.clone(),
                    i.role_name.clone(),
                    i.status.clone(),
                    time(&i.expires_at),
                    time(&i.created_at),
                    opt_time(i.decided_at.as_ref()),
                ]
            })
            .collect(),
    }
}

fn created_view(c: &CreatedInvitation) -> View {
    View::Fields(vec![
        ("ID", c.invitation.id.to_string()),
        ("EMAIL", c.invitation.email.clone()),
        ("ROLE", c.invitation.role_name.clone()),
        ("EXPIRES", time(&c.invitation.expires_at)),
        // Shown once: the daemon keeps only a hash.
        ("TOKEN", c.token.clone()),
    ])
}

fn info_view(i: &InvitationInfo) -> View {
    View::Fields(vec![
        ("TENANT", i.tenant_name.clone()),
        ("EMAIL", i.email.clone()),
        ("ROLE", i.role_name.clone()),
        ("STATUS", i.status.clone()),
        ("EXPIRES", time(&i.expires_at)),
        ("EXISTING ACCOUNT", i.existing_account.to_string()),
    ])
}

fn accepted_view(a: &Accepted) -> View {
    View::Fields(vec![
        ("USER", a.user.id.to_string()),
        ("EMAIL", a.user.email.clone()),
        ("TENANT", a.tenant_id.to_string()),
        ("ACCOUNT CREATED", a.created.to_string()),
    ])
}

pub(super) async fn run(env: Env, cmd: &InviteCommand) -> CliResult<()> {
    match cmd {
        InviteCommand::Verify { token } => {
            let ctx = env.context()?;
            return env.printer.print(&env.client(&ctx)?.verify_invitation(token).await?, info_view);
        }
        InviteCommand::Accept { token, password_stdin, display_name } => {
            let ctx = env.context()?;
            let password = if *password_stdin { Some(password_from_stdin()?) } else { None };
            let request = AcceptInvitation { token: token.clone(), password, display_name: display_name.clone() };
            let accepted = env.client(&ctx)?.accept_invitation(&request).await?;
            if !env.global.quiet {
                eprintln!("accepted; sign in with `nimbus login --email {}`", accepted.user.email);
            }
            return env.printer.print(&accepted, accepted_view);
        }
        InviteCommand::Revoke { id, yes } => confirm(&format!("Revoke invitation {id}?"), *yes)?,
        InviteCommand::List | InviteCommand::Create { .. } => {}
    }
    let (client, tenant) = env.tenant_client().await?;
    match cmd {
        InviteCommand::List => env.printer.print(&client.invitations(&tenant).await?, list_view),
        InviteCommand::Create { email, role, expires_in_hours } => {
            let request =
                CreateInvitation { email: email.clone(), role_id: *role, expires_in_hours: *expires_in_hours };
            let created = client.create_invitation(&tenant, &request).await?;
            if !env.global.quiet {
                eprintln!("pass the token to {email}: they accept with `nimbus invite accept TOKEN`");
            }
            env.printer.print(&created, created_view)
        }
        InviteCommand::Revoke { id, .. } => {
            client.revoke_invitation(&tenant, *id).await?;
            print_deleted(&env, "invitation", id)
        }
        InviteCommand::Verify { .. } | InviteCommand::Accept { .. } => Ok(()),
    }
}
