//! `:audit`: the live tail of the audit log. Records arrive from the event stream (see `io`);
//! `/` filters as you type, `p` pauses (records keep arriving and are held, shown on resume),
//! `enter` opens a detail pane with old/new values and the record's verification status.
//! Keeps at most [`CAP`] records; the selection stays on its record as others arrive.

use std::collections::HashMap;

use nimbus_core::api::audit::AuditRecord;
use nimbus_core::ids::TenantId;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Wrap};

use super::list_view::{field, json_lines};
use super::{Ctx, Effect, View, ViewId, clock, split_detail};
use crate::action::{Action, Request};
use crate::keymap::Intent;
use crate::list::{Column, FilterList, Row, col};

/// Records kept in memory.
pub(crate) const CAP: usize = 10_000;

const COLUMNS: &[Column] = &[
    col("TIME", Constraint::Length(8)),
    col("SEQ", Constraint::Length(6)),
    col("EVENT", Constraint::Min(22)),
    col("ACTOR", Constraint::Min(14)),
    col("RESOURCE", Constraint::Min(12)),
    col("RESULT", Constraint::Length(7)),
];

/// One record as a row.
#[derive(Debug, Clone)]
struct AuditRow(AuditRecord);

fn resource(r: &AuditRecord) -> String {
    let kind = r.resource_type.as_deref().unwrap_or("");
    match r.resource_name.as_deref().or(r.resource_id.as_deref()) {
        Some(name) if !kind.is_empty() => format!("{kind}/{name}"),
        Some(name) => name.to_owned(),
        None => kind.to_owned(),
    }
}

impl Row for AuditRow {
    fn key(&self) -> String {
        format!("{}:{}", self.0.tenant_id, self.0.seq)
    }

    fn haystack(&self) -> String {
        let r = &self.0;
        format!(
            "{} {} {} {} {} {} {} {}",
            r.event_type,
            r.action,
            r.actor_display,
            resource(r),
            r.outcome,
            r.error_code.as_deref().unwrap_or(""),
            r.trace_id,
            r.priority
        )
        .to_lowercase()
    }

    fn cells(&self, ctx: &Ctx<'_>) -> Vec<Cell<'static>> {
        let r = &self.0;
        let outcome = Cell::from(r.outcome.clone());
        let outcome =
            if r.outcome == "success" { outcome.style(ctx.theme.good()) } else { outcome.style(ctx.theme.bad()) };
        vec![
            Cell::from(clock(&r.occurred_at)),
            Cell::from(r.seq.to_string()),
            Cell::from(r.event_type.clone()),
            Cell::from(r.actor_display.clone()),
            Cell::from(resource(r)),
            outcome,
        ]
    }
}

/// What is known about one record's verification.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Verification {
    Pending,
    Verified(String),
    Failed(String),
}

/// The audit tail.
#[derive(Debug)]
pub struct AuditView {
    list: FilterList<AuditRow>,
    paused: bool,
    held: Vec<AuditRecord>,
    detail: bool,
    verified: HashMap<(TenantId, u64), Verification>,
}

impl Default for AuditView {
    fn default() -> Self {
        Self::new()
    }
}

impl AuditView {
    /// Empty, following.
    pub fn new() -> Self {
        Self {
            list: FilterList::new(CAP, true),
            paused: false,
            held: Vec::new(),
            detail: false,
            verified: HashMap::new(),
        }
    }

    /// Records held while paused.
    pub fn held(&self) -> usize {
        self.held.len()
    }

    fn add(&mut self, records: Vec<AuditRecord>) {
        if self.paused {
            self.held.extend(records);
            let over = self.held.len().saturating_sub(CAP);
            self.held.drain(..over);
            return;
        }
        for r in records {
            self.list.push(AuditRow(r));
        }
    }

    /// Asks for the selected record's verification when the detail pane shows it.
    fn verify_selected(&mut self) -> Effect {
        if !self.detail {
            return Effect::Handled;
        }
        let Some(AuditRow(r)) = self.list.selected() else { return Effect::Handled };
        let key = (r.tenant_id, r.seq);
        if self.verified.contains_key(&key) {
            return Effect::Handled;
        }
        self.verified.insert(key, Verification::Pending);
        Effect::Request(Request::Verify { tenant: key.0, seq: key.1 })
    }

    fn detail_text(&self, ctx: &Ctx<'_>) -> Text<'static> {
        let Some(AuditRow(r)) = self.list.selected() else { return Text::raw("no record selected") };
        let verification = match self.verified.get(&(r.tenant_id, r.seq)) {
            None | Some(Verification::Pending) => Span::styled("verifying…", ctx.theme.dim()),
            Some(Verification::Verified(m)) => Span::styled(format!("✓ {m}"), ctx.theme.good()),
            Some(Verification::Failed(m)) => Span::styled(format!("✗ {m}"), ctx.theme.bad()),
        };
        let mut lines = vec![
            field(ctx, "event", format!("{} ({})", r.event_type, r.action)),
            field(ctx, "when", r.occurred_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
            field(ctx, "seq", format!("{} in tenant {}", r.seq, r.tenant_id)),
            field(ctx, "actor", format!("{} ({})", r.actor_display, r.actor_kind)),
            field(ctx, "resource", resource(r)),
            field(
                ctx,
                "result",
                match &r.error_code {
                    Some(code) => format!("{} ({code})", r.outcome),
                    None => r.outcome.clone(),
                },
            ),
            field(ctx, "priority", format!("{} / {}", r.priority, r.category)),
            field(ctx, "trace", r.trace_id.clone()),
            field(
                ctx,
                "client",
                format!("{} {}", r.ip.as_deref().unwrap_or("-"), r.user_agent.as_deref().unwrap_or("")),
            ),
            Line::from(vec![Span::styled(format!("{:<12}", "verified"), ctx.theme.label()), verification]),
        ];
        if let Some(hash) = &r.leaf_hash {
            lines.push(field(ctx, "leaf hash", hash.clone()));
        }
        for (label, value) in [("old value", &r.old_value), ("new value", &r.new_value)] {
            match value {
                Some(v) => {
                    lines.push(Line::styled(label, ctx.theme.label()));
                    lines.extend(json_lines(v));
                }
                None => lines.push(field(ctx, label, "—")),
            }
        }
        Text::from(lines)
    }
}

impl View for AuditView {
    fn id(&self) -> ViewId {
        ViewId::Audit
    }

    fn title(&self, _ctx: &Ctx<'_>) -> Line<'static> {
        let mut t = if self.list.filter().is_empty() {
            format!(" audit ({}) ", self.list.len())
        } else {
            format!(" audit ({}/{}) /{} ", self.list.shown_len(), self.list.len(), self.list.filter())
        };
        if self.paused {
            t.push_str(&format!("[PAUSED: {} new] ", self.held.len()));
        } else if self.list.following() {
            t.push_str("[following] ");
        }
        Line::raw(t)
    }

    fn activate(&mut self) -> Vec<Request> {
        // The tail is always streaming (see `io`); nothing to ask for.
        Vec::new()
    }

    fn refresh(&mut self) -> Vec<Request> {
        self.verified.clear();
        Vec::new()
    }

    fn on_intent(&mut self, intent: Intent, _ctx: &Ctx<'_>) -> Effect {
        match intent {
            Intent::Up => self.list.step(-1),
            Intent::Down => self.list.step(1),
            Intent::PageUp => self.list.step(-self.list.page()),
            Intent::PageDown => self.list.step(self.list.page()),
            Intent::Top => self.list.top(),
            Intent::Bottom => self.list.bottom(true),
            Intent::Pause => {
                self.paused = !self.paused;
                if !self.paused {
                    let held = std::mem::take(&mut self.held);
                    self.add(held);
                }
                return Effect::Handled;
            }
            Intent::Open => {
                self.detail = !self.detail;
            }
            Intent::Back if self.detail => {
                self.detail = false;
                return Effect::Handled;
            }
            _ => return Effect::Ignored,
        }
        self.verify_selected()
    }

    fn on_event(&mut self, action: &mut Action) -> bool {
        match action {
            Action::Audit(records) => {
                self.add(std::mem::take(records));
                true
            }
            Action::AuditReset => {
                self.list.clear();
                self.held.clear();
                self.verified.clear();
                true
            }
            Action::Verified { tenant, seq, result } => {
                let v = match result {
                    Ok(report) if report.ok => Verification::Verified(format!(
                        "chain intact through seq {} ({} checkpoint(s) checked)",
                        report.to_seq, report.checkpoints_checked
                    )),
                    Ok(report) => Verification::Failed(match &report.problem {
                        Some(p) => format!("verification failed at seq {}: {} — {}", p.seq, p.kind, p.detail),
                        None => "verification failed".to_owned(),
                    }),
                    Err(e) => Verification::Failed(format!("could not verify: {e}")),
                };
                self.verified.insert((*tenant, *seq), v);
                self.detail
            }
            _ => false,
        }
    }

    fn filter(&self) -> &str {
        self.list.filter()
    }

    fn set_filter(&mut self, text: &str) {
        self.list.set_filter(text);
    }

    fn hints(&self) -> &'static [Intent] {
        &[Intent::Pause]
    }

    fn draw(&mut self, f: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        let title = self.title(ctx);
        let (list_area, detail_area) = if self.detail {
            let (a, b) = split_detail(area);
            (a, Some(b))
        } else {
            (area, None)
        };
        self.list.draw(f, list_area, COLUMNS, title, "waiting for audit records…", ctx);
        if let Some(rect) = detail_area {
            let p = Paragraph::new(self.detail_text(ctx))
                .block(Block::default().borders(Borders::ALL).title(" record "))
                .wrap(Wrap { trim: false });
            f.render_widget(p, rect);
        }
    }
}
