//! `nimbus notification list | read | read-all | prefs | channel | template | dlq | deliveries
//! | send`.

use std::io::{BufRead, Read};

use nimbus_core::api::notifications::{
    ChannelList, CreateChannel, Delivery, DeliveryList, NotificationList, Preference, PreferenceList, SendNotification,
    SetPreferences, SetTemplate, Template, TemplateList, UpdateChannel,
};
use serde_json::Value;

use super::{Env, confirm, opt_time, print_deleted, time};
use crate::args::{ChannelCommand, DlqCommand, NotificationCommand, PrefsCommand, TemplateCommand};
use crate::exit::{CliError, CliResult};
use crate::output::View;

fn inbox_view(list: &NotificationList) -> View {
    View::Rows {
        headers: vec!["ID", "CREATED", "CATEGORY", "EVENT", "TITLE", "READ"],
        rows: list
            .notifications
            .iter()
            .map(|n| {
                vec![
                    n.id.to_string(),
                    time(&n.created_at),
                    n.category.clone(),
                    n.event_type.clone(),
                    n.title.clone(),
                    opt_time(n.read_at.as_ref()),
                ]
            })
            .collect(),
    }
}

fn prefs_view(list: &PreferenceList) -> View {
    View::Rows {
        headers: vec!["CATEGORY", "CHANNEL", "MODE"],
        rows: list.preferences.iter().map(|p| vec![p.category.clone(), p.channel.clone(), p.mode.clone()]).collect(),
    }
}

fn channels_view(list: &ChannelList) -> View {
    View::Rows {
        headers: vec!["ID", "NAME", "KIND", "ENABLED", "TARGET", "SECRET", "EVENTS"],
        rows: list
            .channels
            .iter()
            .map(|c| {
                let target = match c.kind.as_str() {
                    "email" => format!(
                        "{}:{} ({})",
                        c.config["host"].as_str().unwrap_or_default(),
                        c.config["port"].as_u64().map(|p| p.to_string()).unwrap_or_else(|| "default".into()),
                        c.config["security"].as_str().unwrap_or_default()
                    ),
                    _ => c.config["url"].as_str().unwrap_or_default().to_owned(),
                };
                vec![
                    c.id.to_string(),
                    c.name.clone(),
                    c.kind.clone(),
                    c.enabled.to_string(),
                    target,
                    if c.has_secret { "set".into() } else { String::new() },
                    c.events.join(","),
                ]
            })
            .collect(),
    }
}

fn templates_view(list: &TemplateList) -> View {
    View::Rows {
        headers: vec!["ID", "SCOPE", "EVENT", "CHANNEL", "SUBJECT"],
        rows: list
            .templates
            .iter()
            .map(|t| {
                vec![
                    t.id.map(|i| i.to_string()).unwrap_or_default(),
                    t.scope.clone(),
                    t.event_type.clone(),
                    t.channel.clone(),
                    t.subject.clone(),
                ]
            })
            .collect(),
    }
}

fn template_view(t: &Template) -> View {
    View::Fields(vec![
        ("ID", t.id.map(|i| i.to_string()).unwrap_or_default()),
        ("SCOPE", t.scope.clone()),
        ("EVENT", t.event_type.clone()),
        ("CHANNEL", t.channel.clone()),
        ("SUBJECT", t.subject.clone()),
    ])
}

fn deliveries_view(list: &DeliveryList) -> View {
    View::Rows {
        headers: vec!["ID", "CREATED", "KIND", "RECIPIENT", "EVENT", "STATUS", "ATTEMPTS", "LAST ERROR"],
        rows: list.deliveries.iter().map(delivery_row).collect(),
    }
}

fn delivery_row(d: &Delivery) -> Vec<String> {
    vec![
        d.id.to_string(),
        time(&d.created_at),
        d.kind.clone(),
        d.recipient.clone(),
        d.event_type.clone(),
        d.status.clone(),
        format!("{}/{}", d.attempts, d.max_attempts),
        d.last_error.clone().unwrap_or_default(),
    ]
}

fn json_arg(what: &str, text: &str) -> CliResult<Value> {
    serde_json::from_str(text).map_err(|e| CliError::usage(format!("--{what} is not JSON: {e}")))
}

fn secret_from_stdin() -> CliResult<String> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn read_body(path: &str) -> CliResult<String> {
    if path == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        return Ok(s);
    }
    std::fs::read_to_string(path).map_err(|e| CliError::usage(format!("cannot read {path}: {e}")))
}

pub(super) async fn run(env: Env, cmd: &NotificationCommand) -> CliResult<()> {
    let ctx = env.context()?;
    match cmd {
        NotificationCommand::List { unread, limit } => {
            let list = env.authed_client(&ctx)?.notifications(*unread, *limit).await?;
            env.printer.print(&list, inbox_view)
        }
        NotificationCommand::Read { id } => {
            let marked = env.authed_client(&ctx)?.read_notification(*id).await?;
            env.printer.print(&marked, |m| View::Fields(vec![("MARKED READ", m.marked.to_string())]))
        }
        NotificationCommand::ReadAll => {
            let marked = env.authed_client(&ctx)?.read_all_notifications().await?;
            env.printer.print(&marked, |m| View::Fields(vec![("MARKED READ", m.marked.to_string())]))
        }
        NotificationCommand::Prefs(PrefsCommand::List) => {
            env.printer.print(&env.authed_client(&ctx)?.notification_preferences().await?, prefs_view)
        }
        NotificationCommand::Prefs(PrefsCommand::Set { category, channel, mode }) => {
            let request = SetPreferences {
                preferences: vec![Preference {
                    category: category.clone(),
                    channel: channel.clone(),
                    mode: mode.clone(),
                }],
            };
            env.printer.print(&env.authed_client(&ctx)?.set_notification_preferences(&request).await?, prefs_view)
        }
        NotificationCommand::Channel(c) => channel(env, c).await,
        NotificationCommand::Template(t) => template(env, t).await,
        NotificationCommand::Dlq(DlqCommand::List) => {
            let (client, tenant) = env.tenant_client().await?;
            env.printer.print(&client.notification_deliveries(&tenant, Some("dead")).await?, deliveries_view)
        }
        NotificationCommand::Dlq(DlqCommand::Retry { id }) => {
            let (client, tenant) = env.tenant_client().await?;
            let d = client.retry_notification_delivery(&tenant, *id).await?;
            env.printer.print(&d, |d| {
                View::Fields(vec![
                    ("ID", d.id.to_string()),
                    ("STATUS", d.status.clone()),
                    ("ATTEMPTS", format!("{}/{}", d.attempts, d.max_attempts)),
                ])
            })
        }
        NotificationCommand::Deliveries { status } => {
            let (client, tenant) = env.tenant_client().await?;
            env.printer.print(&client.notification_deliveries(&tenant, status.as_deref()).await?, deliveries_view)
        }
        NotificationCommand::Send { event_type, category, users, data } => {
            let (client, tenant) = env.tenant_client().await?;
            let request = SendNotification {
                event_type: event_type.clone(),
                category: category.clone(),
                user_ids: users.clone(),
                data: data.as_deref().map(|d| json_arg("data", d)).transpose()?.unwrap_or(Value::Null),
            };
            let sent = client.send_notification(&tenant, &request).await?;
            env.printer.print(&sent, |s| {
                View::Fields(vec![("IN-APP", s.in_app.to_string()), ("DELIVERIES", s.deliveries.to_string())])
            })
        }
    }
}

async fn channel(env: Env, cmd: &ChannelCommand) -> CliResult<()> {
    if let ChannelCommand::Delete { id, yes } = cmd {
        confirm(&format!("Delete channel {id} and its deliveries?"), *yes)?;
    }
    let (client, tenant) = env.tenant_client().await?;
    match cmd {
        ChannelCommand::List => env.printer.print(&client.notification_channels(&tenant).await?, channels_view),
        ChannelCommand::Create { name, kind, config, secret_stdin, events, disabled } => {
            let request = CreateChannel {
                name: name.clone(),
                kind: kind.clone(),
                config: json_arg("config", config)?,
                secret: if *secret_stdin { Some(secret_from_stdin()?) } else { None },
                events: (!events.is_empty()).then(|| events.clone()),
                enabled: Some(!*disabled),
            };
            let c = client.create_notification_channel(&tenant, &request).await?;
            env.printer.print(&ChannelList { channels: vec![c] }, channels_view)
        }
        ChannelCommand::Update { id, config, secret_stdin, events, enable, disable } => {
            let request = UpdateChannel {
                config: config.as_deref().map(|c| json_arg("config", c)).transpose()?,
                secret: if *secret_stdin { Some(secret_from_stdin()?) } else { None },
                events: (!events.is_empty()).then(|| events.clone()),
                enabled: if *enable {
                    Some(true)
                } else if *disable {
                    Some(false)
                } else {
                    None
                },
            };
            if request == UpdateChannel::default() {
                return Err(CliError::usage("nothing to change")
                    .hint("pass --config, --secret-stdin, --event, --enable or --disable"));
            }
            let c = client.update_notification_channel(&tenant, *id, &request).await?;
            env.printer.print(&ChannelList { channels: vec![c] }, channels_view)
        }
        ChannelCommand::Delete { id, .. } => {
            client.delete_notification_channel(&tenant, *id).await?;
            print_deleted(&env, "notification_channel", id)
        }
    }
}

async fn template(env: Env, cmd: &TemplateCommand) -> CliResult<()> {
    let (client, tenant) = env.tenant_client().await?;
    match cmd {
        TemplateCommand::List => env.printer.print(&client.notification_templates(&tenant).await?, templates_view),
        TemplateCommand::Set { event_type, channel, subject, body_file, global } => {
            let request = SetTemplate {
                event_type: event_type.clone(),
                channel: channel.clone(),
                subject: subject.clone(),
                body: read_body(body_file)?,
                global: *global,
            };
            env.printer.print(&client.set_notification_template(&tenant, &request).await?, template_view)
        }
        TemplateCommand::Delete { id } => {
            client.delete_notification_template(&tenant, *id).await?;
            print_deleted(&env, "notification_template", id)
        }
    }
}
