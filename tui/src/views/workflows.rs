//! `:workflows`: runs with status, kind, tags and step progress (`/failed`, `/kind-name`,
//! `/env=prod` filter them); detail with steps, attempts, errors and the state projection;
//! signal, cancel, retry with confirm. Renders from [`crate::sources::WorkflowSource`] answers.

use ratatui::layout::Constraint;
use ratatui::text::{Line, Text};
use ratatui::widgets::Cell;

use super::list_view::{field, json_lines};
use super::{Ctx, Effect, Item, ViewId, short_duration, stamp};
use crate::action::{Payload, Request};
use crate::keymap::Intent;
use crate::list::{Column, Row, col};
use crate::sources::{Load, RunControl, RunFilter, WorkflowRun};

fn tags(run: &WorkflowRun) -> String {
    run.tags.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")
}

impl Row for WorkflowRun {
    fn key(&self) -> String {
        self.id.clone()
    }

    fn haystack(&self) -> String {
        format!("{} {} {} {}", self.id, self.kind, self.status, tags(self)).to_lowercase()
    }

    fn cells(&self, ctx: &Ctx<'_>) -> Vec<Cell<'static>> {
        let done = self.steps.iter().filter(|s| s.status == "succeeded").count();
        let status = Cell::from(self.status.clone());
        let status = match self.status.as_str() {
            "failed" | "cancelled" => status.style(ctx.theme.bad()),
            "succeeded" => status.style(ctx.theme.good()),
            "waiting" => status.style(ctx.theme.warn()),
            _ => status,
        };
        vec![
            Cell::from(self.id.chars().take(8).collect::<String>()),
            Cell::from(self.kind.clone()),
            status,
            Cell::from(format!("{done}/{}", self.steps.len())),
            Cell::from(tags(self)),
            Cell::from(format!("{} ago", short_duration(ctx.now - self.updated_at))),
        ]
    }
}

impl Item for WorkflowRun {
    const VIEW: ViewId = ViewId::Workflows;
    const COLUMNS: &'static [Column] = &[
        col("RUN", Constraint::Length(8)),
        col("KIND", Constraint::Min(14)),
        col("STATUS", Constraint::Length(9)),
        col("STEPS", Constraint::Length(5)),
        col("TAGS", Constraint::Min(10)),
        col("UPDATED", Constraint::Length(10)),
    ];
    const EMPTY: &'static str = "no workflow runs";
    const INTENTS: &'static [Intent] = &[Intent::Signal, Intent::Cancel, Intent::Retry];
    const TICKS: bool = true;
    const TOPICS: &'static [&'static str] = &["workflow.run.", "workflow.step."];

    fn take(payload: &mut Payload) -> Option<Load<Vec<Self>>> {
        match payload {
            Payload::Workflows(load) => Some(std::mem::replace(load, Load::Loading)),
            _ => None,
        }
    }

    fn load() -> Option<Request> {
        Some(Request::LoadWorkflows(RunFilter::default()))
    }

    fn detail(&self, ctx: &Ctx<'_>) -> Option<Text<'static>> {
        let mut lines = vec![
            field(ctx, "run", self.id.clone()),
            field(ctx, "kind", self.kind.clone()),
            field(ctx, "status", self.status.clone()),
            field(ctx, "started", stamp(&self.started_at)),
            field(ctx, "tags", tags(self)),
            Line::styled("steps", ctx.theme.label()),
        ];
        for s in &self.steps {
            lines.push(Line::raw(format!("  {:<20} {:<10} attempts {}", s.name, s.status, s.attempts)));
            if let Some(e) = &s.error {
                lines.push(Line::styled(format!("    error: {e}"), ctx.theme.bad()));
            }
        }
        lines.push(Line::styled("state", ctx.theme.label()));
        lines.extend(json_lines(&self.state));
        Some(Text::from(lines))
    }

    fn act(&self, intent: Intent) -> Effect {
        let (verb, control, prompts) = match intent {
            Intent::Signal => ("signal", RunControl::Signal { name: String::new() }, vec!["signal", "reason"]),
            Intent::Cancel => ("cancel", RunControl::Cancel, vec!["reason"]),
            Intent::Retry => ("retry", RunControl::Retry, vec!["reason"]),
            _ => return Effect::Ignored,
        };
        Effect::Ask {
            title: format!("{verb} {} {}", self.kind, self.id.chars().take(8).collect::<String>()),
            prompts,
            confirm: true,
            request: Request::ControlRun { id: self.id.clone(), control, reason: String::new() },
        }
    }
}
