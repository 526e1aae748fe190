//! `nimbus compartment list | show | create | update | move | delete`.

use nimbus_core::api::tenancy::{Compartment, CompartmentList, CreateCompartment, MoveCompartment, UpdateCompartment};

use super::{Env, confirm, print_deleted, require_change, time};
use crate::args::CompartmentCommand;
use crate::exit::CliResult;
use crate::output::View;

fn list_view(list: &CompartmentList) -> View {
    View::Rows {
        headers: vec!["ID", "PATH", "DESCRIPTION", "CREATED"],
        rows: list
            .compartments
            .iter()
            .map(|c| vec![c.id.to_string(), c.path.clone(), c.description.clone(), time(&c.created_at)])
            .collect(),
    }
}

fn compartment_view(c: &Compartment) -> View {
    View::Fields(vec![
        ("ID", c.id.to_string()),
        ("NAME", c.name.clone()),
        ("PATH", c.path.clone()),
        ("PARENT", c.parent_id.map(|p| p.to_string()).unwrap_or_else(|| "(top)".into())),
        ("TENANT", c.tenant_id.to_string()),
        ("DESCRIPTION", c.description.clone()),
        ("CREATED", time(&c.created_at)),
        ("UPDATED", time(&c.updated_at)),
    ])
}

pub(super) async fn run(env: Env, cmd: &CompartmentCommand) -> CliResult<()> {
    // Ask before any request.
    if let CompartmentCommand::Delete { id, yes } = cmd {
        confirm(&format!("Delete compartment {id}?"), *yes)?;
    }
    let (client, tenant) = env.tenant_client().await?;
    match cmd {
        CompartmentCommand::List => env.printer.print(&client.compartments(&tenant).await?, list_view),
        CompartmentCommand::Show { id } => {
            env.printer.print(&client.compartment(&tenant, *id).await?, compartment_view)
        }
        CompartmentCommand::Create { name, parent, description } => {
            let request = CreateCompartment {
                name: name.clone(),
                description: description.clone().unwrap_or_default(),
                parent_id: *parent,
            };
            env.printer.print(&client.create_compartment(&tenant, &request).await?, compartment_view)
        }
        CompartmentCommand::Update { id, name, description } => {
            let request = UpdateCompartment { name: name.clone(), description: description.clone() };
            require_change(request != UpdateCompartment::default())?;
            env.printer.print(&client.update_compartment(&tenant, *id, &request).await?, compartment_view)
        }
        CompartmentCommand::Move { id, parent, top } => {
            let request = MoveCompartment { parent_id: if *top { None } else { *parent } };
            env.printer.print(&client.move_compartment(&tenant, *id, &request).await?, compartment_view)
        }
        CompartmentCommand::Delete { id, .. } => {
            client.delete_compartment(&tenant, *id).await?;
            print_deleted(&env, "compartment", id)
        }
    }
}
