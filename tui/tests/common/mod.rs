//! Test data for the snapshot tests and the render bench: fixed ids and times so screens are
//! byte-for-byte stable. Used only by tests; the product never shows sample data.

#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, Utc};
use nimbus_core::api::audit::AuditRecord;
use nimbus_core::api::tenancy::{Quotas, Tenant};
use nimbus_core::ids::{AuditId, TenantId};
use nimbus_tui::action::{Action, Link};
use nimbus_tui::app::{App, AppConfig};
use nimbus_tui::keymap::Keymap;
use nimbus_tui::theme::Theme;
use nimbus_tui::views::{ContextRow, ViewId};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use uuid::Uuid;

pub fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-05T08:42:00Z").unwrap().with_timezone(&Utc)
}

pub fn tenant_id() -> TenantId {
    TenantId::from_uuid(Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_00a1))
}

pub fn record(seq: u64, event: &str, actor: &str, resource: &str, outcome: &str) -> AuditRecord {
    let (rtype, rname) = resource.split_once('/').unwrap_or((resource, ""));
    AuditRecord {
        seq,
        id: AuditId::from_uuid(Uuid::from_u128(0x0193_0000_0000_7000_9000_0000_0000_0000 + u128::from(seq))),
        tenant_id: tenant_id(),
        occurred_at: now() - Duration::seconds(600 - i64::try_from(seq % 600).unwrap()),
        actor_kind: "user".to_owned(),
        actor_id: None,
        actor_display: actor.to_owned(),
        impersonator_id: None,
        action: event.replace('.', ":"),
        event_type: event.to_owned(),
        category: "iam".to_owned(),
        priority: "info".to_owned(),
        resource_type: Some(rtype.to_owned()),
        resource_id: None,
        resource_name: (!rname.is_empty()).then(|| rname.to_owned()),
        old_value: (outcome == "success" && event.ends_with("updated"))
            .then(|| serde_json::json!({"display_name": "Ops"})),
        new_value: (outcome == "success").then(|| serde_json::json!({"display_name": "Operations"})),
        outcome: outcome.to_owned(),
        error_code: (outcome != "success").then(|| "forbidden".to_owned()),
        trace_id: format!("trace-{seq:04}"),
        ip: Some("127.0.0.1".to_owned()),
        user_agent: Some("nimbus-cli/0.1.0".to_owned()),
        request_method: Some("POST".to_owned()),
        request_path: Some("/api/v1/x".to_owned()),
        leaf_hash: None,
    }
}

pub fn some_records() -> Vec<AuditRecord> {
    vec![
        record(1, "auth.login.succeeded", "admin@example.com", "session", "success"),
        record(2, "user.created", "admin@example.com", "user/dana@example.com", "success"),
        record(3, "group.updated", "admin@example.com", "group/ops", "success"),
        record(4, "role.assignment.created", "dana@example.com", "assignment", "denied"),
        record(5, "apikey.created", "admin@example.com", "apikey/ci-deploy", "success"),
    ]
}

pub fn tenant(slug: &str, name: &str, depth: u32) -> Tenant {
    let n = u128::from(slug.bytes().map(u32::from).sum::<u32>());
    Tenant {
        id: TenantId::from_uuid(Uuid::from_u128(0x0193_0000_0000_7000_8000_0000_0000_0000 + n)),
        parent_id: None,
        name: name.to_owned(),
        slug: slug.to_owned(),
        depth,
        contact_email: None,
        settings: Default::default(),
        tags: Default::default(),
        quotas: Quotas::default(),
        domains: vec![],
        created_at: now() - Duration::days(3),
        updated_at: now() - Duration::days(1),
        deleted_at: None,
        purged_at: None,
    }
}

pub fn contexts() -> Vec<ContextRow> {
    vec![
        ContextRow {
            name: "local".to_owned(),
            url: "http://127.0.0.1:7460".to_owned(),
            tenant: None,
            current: true,
            signed_in: true,
        },
        ContextRow {
            name: "prod".to_owned(),
            url: "https://nimbus.example.com".to_owned(),
            tenant: Some("acme".to_owned()),
            current: false,
            signed_in: true,
        },
        ContextRow {
            name: "staging".to_owned(),
            url: "https://staging.example.com".to_owned(),
            tenant: None,
            current: false,
            signed_in: false,
        },
    ]
}

pub fn app_with(start: ViewId, readonly: bool) -> App {
    let mut app = App::new(AppConfig {
        context: "local".to_owned(),
        readonly,
        theme: Theme::PLAIN,
        keymap: Keymap::default(),
        contexts: contexts(),
        start,
        now: now(),
    });
    app.update(Action::Identity {
        user: "admin@example.com".to_owned(),
        tenant: "acme".to_owned(),
        tenant_id: tenant_id(),
    });
    app.update(Action::Link(Link::Live));
    app
}

pub fn app(start: ViewId) -> App {
    app_with(start, false)
}

/// The screen as text (a fixed-size terminal).
pub fn screen(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| app.draw(f)).unwrap();
    terminal.backend().to_string()
}
