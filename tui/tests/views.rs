//! Whole-screen snapshots of every view at fixed sizes (100×30 and 80×24), and scripted flows:
//! data arrives → snapshot → keys → snapshot. The app is driven by feeding actions, exactly as
//! the event loop does, with no terminal and no network.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use insta::assert_snapshot;
use nimbus_core::api::audit::VerifyReport;
use nimbus_tui::action::{Action, Link, Payload, Request};
use nimbus_tui::app::{App, key, typed};
use nimbus_tui::sources::{
    ApprovalEvent, ApprovalMode, ApprovalSource, CiDetail, CiSummary, CiVersion, CmdbSource, Decision, Direction, Load,
    NotOnThisDaemon, PendingApproval, Relationship, RunFilter, Schedule, ScheduleSource, StepInfo, WorkflowRun,
    WorkflowSource,
};
use nimbus_tui::views::ViewId;

fn feed(app: &mut App, actions: Vec<Action>) -> Vec<Request> {
    actions.into_iter().flat_map(|a| app.update(a)).collect()
}

fn block_on<F: Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(f)
}

// ------------------------------------------------------------------ audit

#[test]
fn audit_tail_waiting_then_records() {
    let mut app = app(ViewId::Audit);
    assert_snapshot!("audit_empty_100x30", screen(&mut app, 100, 30));
    app.update(Action::Audit(some_records()));
    assert_snapshot!("audit_records_100x30", screen(&mut app, 100, 30));
    assert_snapshot!("audit_records_80x24", screen(&mut app, 80, 24));
}

#[test]
fn audit_filter_as_you_type() {
    let mut app = app(ViewId::Audit);
    app.update(Action::Audit(some_records()));
    feed(&mut app, vec![key(KeyCode::Char('/'))]);
    feed(&mut app, typed("admin"));
    assert_snapshot!("audit_filter_typing", screen(&mut app, 100, 30));
    feed(&mut app, typed(" apikey"));
    feed(&mut app, vec![key(KeyCode::Backspace); 7]);
    feed(&mut app, vec![key(KeyCode::Enter)]);
    // A record arriving while filtered shows only if it matches.
    app.update(Action::Audit(vec![
        record(6, "user.deleted", "dana@example.com", "user/x", "denied"),
        record(7, "tenant.updated", "admin@example.com", "tenant/acme", "success"),
    ]));
    assert_snapshot!("audit_filter_kept", screen(&mut app, 100, 30));
    feed(&mut app, vec![key(KeyCode::Esc)]);
    assert!(screen(&mut app, 100, 30).contains("user.deleted"));
}

#[test]
fn audit_pause_holds_records_and_resume_shows_them() {
    let mut app = app(ViewId::Audit);
    app.update(Action::Audit(some_records()));
    feed(&mut app, vec![key(KeyCode::Char('p'))]);
    app.update(Action::Audit(vec![
        record(6, "user.deleted", "dana@example.com", "user/x", "success"),
        record(7, "tenant.updated", "admin@example.com", "tenant/acme", "success"),
    ]));
    assert_snapshot!("audit_paused", screen(&mut app, 100, 30));
    feed(&mut app, vec![key(KeyCode::Char('p'))]);
    assert_snapshot!("audit_resumed", screen(&mut app, 100, 30));
}

#[test]
fn audit_detail_shows_values_and_verification() {
    let mut app = app(ViewId::Audit);
    app.update(Action::Audit(some_records()));
    let requests = feed(&mut app, vec![key(KeyCode::Up), key(KeyCode::Up), key(KeyCode::Enter)]);
    assert_eq!(requests, vec![Request::Verify { tenant: tenant_id(), seq: 3 }]);
    assert_snapshot!("audit_detail_verifying", screen(&mut app, 100, 30));
    let report = VerifyReport {
        tenant_id: tenant_id(),
        ok: true,
        from_seq: 3,
        to_seq: 3,
        records: 1,
        checkpoints_checked: 1,
        problem: None,
    };
    app.update(Action::Verified { tenant: tenant_id(), seq: 3, result: Ok(report) });
    assert_snapshot!("audit_detail_verified_100x30", screen(&mut app, 100, 30));
    assert_snapshot!("audit_detail_verified_80x24", screen(&mut app, 80, 24));
    assert_snapshot!("audit_detail_wide_140x30", screen(&mut app, 140, 30));
}

#[test]
fn selection_keeps_its_record_as_records_arrive() {
    let mut app = app(ViewId::Audit);
    app.update(Action::Audit(some_records()));
    feed(&mut app, vec![key(KeyCode::Up), key(KeyCode::Up)]);
    app.update(Action::Audit(
        (6..40).map(|s| record(s, "user.updated", "a@example.com", "user/u", "success")).collect(),
    ));
    let text = screen(&mut app, 100, 30);
    assert!(!text.contains("[following]"), "{text}");
    assert_snapshot!("audit_place_kept", text);
    // `G` goes back to the tail and follows it again.
    feed(&mut app, vec![Action::Key(KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT))]);
    assert!(screen(&mut app, 100, 30).contains("[following]"));
}

#[test]
fn disconnect_banner_appears_and_goes() {
    let mut app = app(ViewId::Audit);
    app.update(Action::Audit(some_records()));
    app.update(Action::Link(Link::Retrying {
        attempt: 3,
        error: "cannot reach nimbusd at http://127.0.0.1:7460: Connection refused (os error 111)".to_owned(),
    }));
    assert_snapshot!("disconnected_100x30", screen(&mut app, 100, 30));
    assert_snapshot!("disconnected_80x24", screen(&mut app, 80, 24));
    app.update(Action::Link(Link::Live));
    assert!(!screen(&mut app, 100, 30).contains("disconnected"));
}

// ------------------------------------------------------------------ switching, tenants, contexts

#[test]
fn command_mode_switches_views() {
    let mut app = app(ViewId::Audit);
    feed(&mut app, vec![key(KeyCode::Char(':'))]);
    feed(&mut app, typed("ten"));
    assert_snapshot!("command_mode", screen(&mut app, 100, 30));
    let requests = feed(&mut app, vec![key(KeyCode::Enter)]);
    assert_eq!(requests, vec![Request::LoadTenants]);
    assert_eq!(app.active(), ViewId::Tenants);
    assert_snapshot!("tenants_loading", screen(&mut app, 100, 30));
    feed(&mut app, vec![key(KeyCode::Char(':'))]);
    feed(&mut app, typed("nope"));
    feed(&mut app, vec![key(KeyCode::Enter)]);
    assert!(screen(&mut app, 100, 30).contains("unknown view :nope"));
}

#[test]
fn tenants_view_lists_and_switches_tenant() {
    let mut app = app(ViewId::Tenants);
    app.start();
    let tenants =
        vec![tenant("acme", "Acme Corp", 1), tenant("acme-eu", "Acme Europe", 2), tenant("globex", "Globex", 1)];
    app.update(Action::Loaded(Payload::Tenants(Load::Ready(tenants))));
    assert_snapshot!("tenants_100x30", screen(&mut app, 100, 30));
    assert_snapshot!("tenants_80x24", screen(&mut app, 80, 24));
    feed(&mut app, vec![key(KeyCode::Char('/'))]);
    feed(&mut app, typed("eu"));
    feed(&mut app, vec![key(KeyCode::Enter)]);
    assert_snapshot!("tenants_filtered", screen(&mut app, 100, 30));
    let requests = feed(&mut app, vec![key(KeyCode::Enter)]);
    assert_eq!(requests, vec![Request::SetTenant("acme-eu".to_owned())]);
    assert_eq!(app.active(), ViewId::Audit);
}

#[test]
fn tenants_view_failure_says_what_to_do() {
    let mut app = app(ViewId::Tenants);
    app.start();
    let failed = Load::Failed("you may not list tenants (tenancy:tenant:read) (trace 4bf92f35)".to_owned());
    app.update(Action::Loaded(Payload::Tenants(failed)));
    assert_snapshot!("tenants_failed", screen(&mut app, 100, 30));
}

#[test]
fn contexts_view_switches_context() {
    let mut app = app(ViewId::Contexts);
    assert_snapshot!("ctx_100x30", screen(&mut app, 100, 30));
    assert_snapshot!("ctx_80x24", screen(&mut app, 80, 24));
    assert!(feed(&mut app, vec![key(KeyCode::Enter)]).is_empty());
    assert!(screen(&mut app, 100, 30).contains("already on context local"));
    let requests = feed(&mut app, vec![key(KeyCode::Down), key(KeyCode::Enter)]);
    assert_eq!(requests, vec![Request::SwitchContext("prod".to_owned())]);
}

#[test]
fn help_is_generated_from_the_key_table() {
    let mut app = app(ViewId::Audit);
    feed(&mut app, vec![key(KeyCode::Char('?'))]);
    assert_snapshot!("help_audit", screen(&mut app, 100, 30));
    feed(&mut app, vec![key(KeyCode::Char('x'))]);
    assert!(!screen(&mut app, 100, 30).contains("any key closes"));
}

// ------------------------------------------------------------------ views whose sources come later

#[test]
fn views_without_a_source_say_so() {
    let src = NotOnThisDaemon;
    let payloads = vec![
        (ViewId::Approvals, Payload::Approvals(block_on(ApprovalSource::pending(&src)).into())),
        (ViewId::Workflows, Payload::Workflows(block_on(src.runs(&RunFilter::default())).into())),
        (ViewId::Schedules, Payload::Schedules(block_on(src.schedules()).into())),
        (ViewId::Cmdb, Payload::CmdbResults(String::new(), block_on(src.search("")).into())),
    ];
    for (view, payload) in payloads {
        let mut app = app(view);
        let loading = screen(&mut app, 100, 30);
        assert!(loading.contains("loading"), "{loading}");
        app.update(Action::Loaded(payload));
        assert_snapshot!(format!("{}_unavailable_100x30", view.command()), screen(&mut app, 100, 30));
        assert_snapshot!(format!("{}_unavailable_80x24", view.command()), screen(&mut app, 80, 24));
    }
}

fn approvals() -> Vec<PendingApproval> {
    let n = now();
    vec![
        PendingApproval {
            id: "apr-1".to_owned(),
            title: "deploy prod-web".to_owned(),
            requested_by: "dana@example.com".to_owned(),
            requested_at: n - chrono::Duration::minutes(42),
            expires_at: Some(n + chrono::Duration::minutes(18)),
            mode: ApprovalMode::Quorum,
            approvals: 2,
            required: 3,
            assignee: "group ops".to_owned(),
            // Keys in sorted order: serde_json keeps insertion order when another crate of the
            // workspace turns on `preserve_order`, and sorts them otherwise.
            payload: serde_json::json!({"changes": {"update": 2}, "stack": "prod-web"}),
            history: vec![ApprovalEvent {
                at: n - chrono::Duration::minutes(40),
                actor: "lee@example.com".to_owned(),
                what: "approved".to_owned(),
                reason: Some("looks fine".to_owned()),
            }],
        },
        PendingApproval {
            id: "apr-2".to_owned(),
            title: "impersonate dana".to_owned(),
            requested_by: "support@example.com".to_owned(),
            requested_at: n - chrono::Duration::hours(5),
            expires_at: Some(n + chrono::Duration::hours(19)),
            mode: ApprovalMode::Sequential,
            approvals: 0,
            required: 1,
            assignee: "me".to_owned(),
            payload: serde_json::json!({"user": "dana@example.com"}),
            history: vec![],
        },
    ]
}

#[test]
fn approve_with_reason_and_confirm() {
    let mut app = app(ViewId::Approvals);
    app.start();
    app.update(Action::Loaded(Payload::Approvals(Load::Ready(approvals()))));
    assert_snapshot!("approvals_100x30", screen(&mut app, 100, 30));
    assert_snapshot!("approvals_80x24", screen(&mut app, 80, 24));
    feed(&mut app, vec![key(KeyCode::Enter)]);
    assert_snapshot!("approvals_detail", screen(&mut app, 100, 30));
    feed(&mut app, vec![key(KeyCode::Char('a'))]);
    feed(&mut app, typed("change window"));
    assert_snapshot!("approve_reason", screen(&mut app, 100, 30));
    feed(&mut app, vec![key(KeyCode::Enter)]);
    assert_snapshot!("approve_confirm", screen(&mut app, 100, 30));
    let requests = feed(&mut app, vec![key(KeyCode::Char('y'))]);
    assert_eq!(
        requests,
        vec![Request::Decide {
            id: "apr-1".to_owned(),
            decision: Decision::Approve,
            reason: "change window".to_owned()
        }]
    );
    // A refusal at the confirm step sends nothing.
    feed(&mut app, vec![key(KeyCode::Char('x'))]);
    feed(&mut app, typed("no"));
    feed(&mut app, vec![key(KeyCode::Enter)]);
    assert!(feed(&mut app, vec![key(KeyCode::Char('n'))]).is_empty());
}

#[test]
fn readonly_refuses_changes() {
    let mut app = app_with(ViewId::Approvals, true);
    app.start();
    app.update(Action::Loaded(Payload::Approvals(Load::Ready(approvals()))));
    assert!(feed(&mut app, vec![key(KeyCode::Char('a'))]).is_empty());
    assert_snapshot!("approvals_readonly", screen(&mut app, 100, 30));
}

#[test]
fn cmdb_navigates_a_relationship() {
    let ci = |id: &str, class: &str, name: &str| CiSummary {
        id: id.to_owned(),
        class: class.to_owned(),
        name: name.to_owned(),
        updated_at: Some(now()),
    };
    let mut app = app(ViewId::Cmdb);
    app.start();
    let results = vec![ci("ci-1", "VirtualMachine", "web-1"), ci("ci-2", "Network", "prod-vpc")];
    app.update(Action::Loaded(Payload::CmdbResults(String::new(), Load::Ready(results))));
    let requests = feed(&mut app, vec![key(KeyCode::Enter)]);
    assert_eq!(requests, vec![Request::CmdbOpen("ci-1".to_owned())]);
    let detail = CiDetail {
        ci: ci("ci-1", "VirtualMachine", "web-1"),
        attributes: [("cpus".to_owned(), serde_json::json!(4)), ("region".to_owned(), serde_json::json!("eu-1"))]
            .into_iter()
            .collect(),
        versions: vec![CiVersion {
            version: 2, at: now(), actor: "sync".to_owned(), change: "cpus 2 → 4".to_owned()
        }],
        relationships: vec![
            Relationship {
                kind: "connected_to".to_owned(),
                direction: Direction::Outgoing,
                other: ci("ci-2", "Network", "prod-vpc"),
            },
            Relationship {
                kind: "runs_on".to_owned(),
                direction: Direction::Outgoing,
                other: ci("ci-3", "Host", "pve-1"),
            },
        ],
    };
    app.update(Action::Loaded(Payload::CmdbDetail(Load::Ready(detail))));
    feed(&mut app, vec![key(KeyCode::Tab), key(KeyCode::Down)]);
    assert_snapshot!("cmdb_relationship_selected", screen(&mut app, 100, 30));
    let requests = feed(&mut app, vec![key(KeyCode::Enter)]);
    assert_eq!(requests, vec![Request::CmdbOpen("ci-3".to_owned())]);
    let requests = feed(&mut app, vec![key(KeyCode::Esc)]);
    assert_eq!(requests, vec![Request::CmdbOpen("ci-1".to_owned())]);
}

#[test]
fn no_color_screens_have_no_color() {
    let mut app = app(ViewId::Audit);
    app.update(Action::Audit(some_records()));
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| app.draw(f)).unwrap();
    let buffer = terminal.backend().buffer();
    for cell in buffer.content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset);
        assert_eq!(cell.bg, ratatui::style::Color::Reset);
    }
}

// ------------------------------------------------------------------ workflows, schedules, live reloads

fn runs() -> Vec<WorkflowRun> {
    let n = now();
    let step = |name: &str, status: &str, attempts: u32, error: Option<&str>| StepInfo {
        name: name.to_owned(),
        status: status.to_owned(),
        attempts,
        error: error.map(str::to_owned),
    };
    vec![
        WorkflowRun {
            id: "0193a000-0000-7000-8000-000000000011".to_owned(),
            kind: "pulumi.deploy".to_owned(),
            status: "failed".to_owned(),
            tags: [("env".to_owned(), "prod".to_owned())].into(),
            started_at: n - chrono::Duration::minutes(12),
            updated_at: n - chrono::Duration::minutes(3),
            steps: vec![step("plan", "succeeded", 1, None), step("apply", "failed", 3, Some("quota exceeded"))],
            state: serde_json::json!({"phase": "apply"}),
        },
        WorkflowRun {
            id: "0193a000-0000-7000-8000-000000000012".to_owned(),
            kind: "test.noop".to_owned(),
            status: "succeeded".to_owned(),
            tags: [("schedule".to_owned(), "nightly".to_owned())].into(),
            started_at: n - chrono::Duration::hours(7),
            updated_at: n - chrono::Duration::hours(7),
            steps: vec![],
            state: serde_json::Value::Null,
        },
    ]
}

#[test]
fn workflows_and_schedules_show_their_data() {
    let mut app = app(ViewId::Workflows);
    app.start();
    app.update(Action::Loaded(Payload::Workflows(Load::Ready(runs()))));
    assert_snapshot!("workflows_100x30", screen(&mut app, 100, 30));
    feed(&mut app, vec![key(KeyCode::Enter)]);
    assert_snapshot!("workflows_detail", screen(&mut app, 100, 30));

    let n = now();
    let schedules = vec![Schedule {
        id: "0193a000-0000-7000-8000-000000000021".to_owned(),
        name: "nightly".to_owned(),
        cron: "0 2 * * *".to_owned(),
        workflow: "test.noop".to_owned(),
        paused: false,
        next_fire: Some(n + chrono::Duration::hours(17)),
        last_fired: Some(n - chrono::Duration::hours(7)),
        last_result: Some("succeeded".to_owned()),
    }];
    app.switch(ViewId::Schedules);
    app.update(Action::Loaded(Payload::Schedules(Load::Ready(schedules))));
    assert_snapshot!("schedules_100x30", screen(&mut app, 100, 30));
}

#[test]
fn views_reload_on_their_events_one_load_at_a_time() {
    let mut app = app(ViewId::Workflows);
    assert_eq!(app.start(), vec![Request::LoadWorkflows(RunFilter::default())]);
    // An event while the first load runs: one reload once it is answered.
    assert!(app.update(Action::Topic("workflow.run.started".to_owned())).is_empty());
    let after = app.update(Action::Loaded(Payload::Workflows(Load::Ready(runs()))));
    assert_eq!(after, vec![Request::LoadWorkflows(RunFilter::default())]);
    // A burst while that reload runs costs one more, not one each.
    for topic in ["workflow.step.completed", "workflow.run.succeeded", "workflow.run.started"] {
        assert!(app.update(Action::Topic(topic.to_owned())).is_empty());
    }
    let after = app.update(Action::Loaded(Payload::Workflows(Load::Ready(runs()))));
    assert_eq!(after, vec![Request::LoadWorkflows(RunFilter::default())]);
    assert!(app.update(Action::Loaded(Payload::Workflows(Load::Ready(runs())))).is_empty());
    // Other topics leave it alone.
    assert!(app.update(Action::Topic("cmdb.ci.updated".to_owned())).is_empty());
    assert!(app.update(Action::Topic("approval.request.created".to_owned())).is_empty());

    // A view not shown reloads when shown, if it had loaded before.
    assert_eq!(app.switch(ViewId::Cmdb), vec![Request::CmdbSearch(String::new())]);
    app.update(Action::Loaded(Payload::CmdbResults(String::new(), Load::Ready(vec![]))));
    app.switch(ViewId::Workflows);
    app.update(Action::Topic("cmdb.ci.created".to_owned()));
    assert_eq!(app.switch(ViewId::Cmdb), vec![Request::CmdbSearch(String::new())]);
    app.update(Action::Loaded(Payload::CmdbResults(String::new(), Load::Ready(vec![]))));
    assert!(app.switch(ViewId::Workflows).is_empty(), "nothing changed since its last load");
    // The approvals inbox, never shown, loads when first shown.
    assert_eq!(app.switch(ViewId::Approvals), vec![Request::LoadApprovals]);
}

#[test]
fn unused_source_traits_compile_against_the_views() {
    // The CMDB source type is what the view renders from; keep the trait object-safe.
    let _: &dyn CmdbSource = &NotOnThisDaemon;
}
