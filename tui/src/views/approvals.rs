//! `:approvals`: pending requests for me and my groups with age, expiry countdown, mode and
//! progress; detail with payload and history; approve / reject / delegate with a reason prompt
//! and a confirm dialog. Renders from [`crate::sources::ApprovalSource`] answers only.

use ratatui::layout::Constraint;
use ratatui::text::{Line, Text};
use ratatui::widgets::Cell;

use super::list_view::{field, json_lines};
use super::{Ctx, Effect, Item, ViewId, short_duration, stamp};
use crate::action::{Payload, Request};
use crate::keymap::Intent;
use crate::list::{Column, Row, col};
use crate::sources::{ApprovalMode, Decision, Load, PendingApproval};

fn progress(a: &PendingApproval) -> String {
    match a.mode {
        ApprovalMode::Quorum => format!("{}/{} quorum", a.approvals, a.required),
        _ => format!("{}/{}", a.approvals, a.required),
    }
}

impl Row for PendingApproval {
    fn key(&self) -> String {
        self.id.clone()
    }

    fn haystack(&self) -> String {
        format!("{} {} {} {} {}", self.title, self.requested_by, self.assignee, self.mode.as_str(), self.id)
            .to_lowercase()
    }

    fn cells(&self, ctx: &Ctx<'_>) -> Vec<Cell<'static>> {
        let expiry = match self.expires_at {
            None => Cell::from("never"),
            Some(at) if at <= ctx.now => Cell::from("expired").style(ctx.theme.bad()),
            Some(at) => {
                let left = at - ctx.now;
                let cell = Cell::from(format!("in {}", short_duration(left)));
                if left < chrono::Duration::hours(1) { cell.style(ctx.theme.warn()) } else { cell }
            }
        };
        vec![
            Cell::from(self.title.clone()),
            Cell::from(self.mode.as_str()),
            Cell::from(progress(self)),
            Cell::from(self.requested_by.clone()),
            Cell::from(short_duration(ctx.now - self.requested_at)),
            expiry,
            Cell::from(self.assignee.clone()),
        ]
    }
}

impl Item for PendingApproval {
    const VIEW: ViewId = ViewId::Approvals;
    const COLUMNS: &'static [Column] = &[
        col("REQUEST", Constraint::Min(18)),
        col("MODE", Constraint::Length(10)),
        col("PROGRESS", Constraint::Length(10)),
        col("BY", Constraint::Min(10)),
        col("AGE", Constraint::Length(6)),
        col("EXPIRES", Constraint::Length(9)),
        col("FOR", Constraint::Min(6)),
    ];
    const EMPTY: &'static str = "nothing waits for your decision";
    const INTENTS: &'static [Intent] = &[Intent::Approve, Intent::Reject, Intent::Delegate];
    const TICKS: bool = true;
    const TOPICS: &'static [&'static str] = &["approval."];

    fn take(payload: &mut Payload) -> Option<Load<Vec<Self>>> {
        match payload {
            Payload::Approvals(load) => Some(std::mem::replace(load, Load::Loading)),
            _ => None,
        }
    }

    fn load() -> Option<Request> {
        Some(Request::LoadApprovals)
    }

    fn detail(&self, ctx: &Ctx<'_>) -> Option<Text<'static>> {
        let mut lines = vec![
            field(ctx, "request", self.title.clone()),
            field(ctx, "id", self.id.clone()),
            field(ctx, "mode", self.mode.as_str()),
            field(ctx, "progress", progress(self)),
            field(ctx, "requested", format!("{} by {}", stamp(&self.requested_at), self.requested_by)),
            field(ctx, "expires", self.expires_at.as_ref().map(stamp).unwrap_or_else(|| "never".to_owned())),
            Line::styled("payload", ctx.theme.label()),
        ];
        lines.extend(json_lines(&self.payload));
        lines.push(Line::styled("history", ctx.theme.label()));
        for h in &self.history {
            let reason = h.reason.as_deref().map(|r| format!(" — {r}")).unwrap_or_default();
            lines.push(Line::raw(format!("  {} {} {}{reason}", stamp(&h.at), h.actor, h.what)));
        }
        Some(Text::from(lines))
    }

    fn act(&self, intent: Intent) -> Effect {
        let (verb, decision, prompts) = match intent {
            Intent::Approve => ("approve", Decision::Approve, vec!["reason"]),
            Intent::Reject => ("reject", Decision::Reject, vec!["reason"]),
            Intent::Delegate => ("delegate", Decision::Delegate { to: String::new() }, vec!["delegate to", "reason"]),
            _ => return Effect::Ignored,
        };
        Effect::Ask {
            title: format!("{verb} {}", self.title),
            prompts,
            confirm: true,
            request: Request::Decide { id: self.id.clone(), decision, reason: String::new() },
        }
    }
}
