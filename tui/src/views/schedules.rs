//! `:schedules`: cron schedules with next fire and last result; pause / resume / trigger with
//! confirm. Renders from [`crate::sources::ScheduleSource`] answers only.

use ratatui::layout::Constraint;
use ratatui::text::Text;
use ratatui::widgets::Cell;

use super::list_view::field;
use super::{Ctx, Effect, Item, ViewId, short_duration, stamp};
use crate::action::{Payload, Request};
use crate::keymap::Intent;
use crate::list::{Column, Row, col};
use crate::sources::{Load, Schedule, ScheduleControl};

impl Row for Schedule {
    fn key(&self) -> String {
        self.id.clone()
    }

    fn haystack(&self) -> String {
        let state = if self.paused { "paused" } else { "active" };
        format!("{} {} {} {state} {}", self.name, self.workflow, self.cron, self.last_result.as_deref().unwrap_or(""))
            .to_lowercase()
    }

    fn cells(&self, ctx: &Ctx<'_>) -> Vec<Cell<'static>> {
        let next = match (self.paused, self.next_fire) {
            (true, _) => "paused".to_owned(),
            (false, Some(at)) if at > ctx.now => format!("in {}", short_duration(at - ctx.now)),
            (false, Some(_)) => "due".to_owned(),
            (false, None) => "never".to_owned(),
        };
        let last = self.last_result.clone().unwrap_or_else(|| "—".to_owned());
        let last = if last.starts_with("failed") { Cell::from(last).style(ctx.theme.bad()) } else { Cell::from(last) };
        vec![
            Cell::from(self.name.clone()),
            Cell::from(self.cron.clone()),
            Cell::from(self.workflow.clone()),
            Cell::from(next),
            last,
        ]
    }
}

impl Item for Schedule {
    const VIEW: ViewId = ViewId::Schedules;
    const COLUMNS: &'static [Column] = &[
        col("NAME", Constraint::Min(14)),
        col("CRON", Constraint::Length(14)),
        col("WORKFLOW", Constraint::Min(12)),
        col("NEXT", Constraint::Length(9)),
        col("LAST RESULT", Constraint::Min(10)),
    ];
    const EMPTY: &'static str = "no schedules";
    const INTENTS: &'static [Intent] = &[Intent::Toggle, Intent::Trigger];
    const TICKS: bool = true;
    const TOPICS: &'static [&'static str] = &["workflow."];

    fn take(payload: &mut Payload) -> Option<Load<Vec<Self>>> {
        match payload {
            Payload::Schedules(load) => Some(std::mem::replace(load, Load::Loading)),
            _ => None,
        }
    }

    fn load() -> Option<Request> {
        Some(Request::LoadSchedules)
    }

    fn detail(&self, ctx: &Ctx<'_>) -> Option<Text<'static>> {
        Some(Text::from(vec![
            field(ctx, "schedule", self.name.clone()),
            field(ctx, "id", self.id.clone()),
            field(ctx, "cron", self.cron.clone()),
            field(ctx, "workflow", self.workflow.clone()),
            field(ctx, "state", if self.paused { "paused" } else { "active" }),
            field(ctx, "next fire", self.next_fire.as_ref().map(stamp).unwrap_or_default()),
            field(ctx, "last fired", self.last_fired.as_ref().map(stamp).unwrap_or_default()),
            field(ctx, "last result", self.last_result.clone().unwrap_or_default()),
        ]))
    }

    fn act(&self, intent: Intent) -> Effect {
        let (verb, control) = match intent {
            Intent::Toggle if self.paused => ("resume", ScheduleControl::Resume),
            Intent::Toggle => ("pause", ScheduleControl::Pause),
            Intent::Trigger => ("trigger", ScheduleControl::Trigger),
            _ => return Effect::Ignored,
        };
        Effect::Ask {
            title: format!("{verb} schedule {}", self.name),
            prompts: vec!["reason"],
            confirm: true,
            request: Request::ControlSchedule { id: self.id.clone(), control, reason: String::new() },
        }
    }
}
