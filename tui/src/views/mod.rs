//! The view registry: every view implements [`View`] and is named by a [`ViewId`] that `:`
//! switches to. List views over a data source are one generic [`ListView`] plus an [`Item`]
//! impl for the row type, so a new view (or a real source behind an existing one) is one impl.
//! Views turn intents into [`Effect`]s and absorb data; they never do I/O and `draw` only reads
//! their state.

mod approvals;
mod audit;
mod cmdb;
mod contexts;
mod list_view;
mod schedules;
mod tenants;
mod workflows;

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

pub use self::audit::AuditView;
pub use self::cmdb::CmdbView;
pub use self::contexts::ContextRow;
pub use self::list_view::{Item, ListView};
use crate::action::{Action, Request};
use crate::keymap::{Intent, Keymap};
use crate::theme::Theme;

/// What drawing needs besides the view's own state.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    /// The time (ages and countdowns are relative to it).
    pub now: DateTime<Utc>,
    /// Styles.
    pub theme: Theme,
    /// Bindings (for hints).
    pub keymap: &'a Keymap,
}

/// The views, in `:` completion order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ViewId {
    /// Approvals inbox.
    Approvals,
    /// Workflow runs.
    Workflows,
    /// Schedules.
    Schedules,
    /// Audit live tail.
    Audit,
    /// CMDB browser.
    Cmdb,
    /// Tenants.
    Tenants,
    /// Contexts.
    Contexts,
}

impl ViewId {
    /// All views.
    pub const ALL: [Self; 7] =
        [Self::Approvals, Self::Workflows, Self::Schedules, Self::Audit, Self::Cmdb, Self::Tenants, Self::Contexts];

    /// The `:` command naming it (also the key-table scope of its bindings).
    pub fn command(self) -> &'static str {
        match self {
            Self::Approvals => "approvals",
            Self::Workflows => "workflows",
            Self::Schedules => "schedules",
            Self::Audit => "audit",
            Self::Cmdb => "cmdb",
            Self::Tenants => "tenants",
            Self::Contexts => "ctx",
        }
    }

    /// The view a `:` command names: its name, an alias, or a unique prefix.
    pub fn resolve(text: &str) -> Option<Self> {
        let t = text.trim().to_lowercase();
        let alias = match t.as_str() {
            "context" | "contexts" => Some(Self::Contexts),
            "tenant" => Some(Self::Tenants),
            "approval" | "inbox" => Some(Self::Approvals),
            "workflow" | "runs" => Some(Self::Workflows),
            "schedule" => Some(Self::Schedules),
            "ci" | "cis" => Some(Self::Cmdb),
            _ => None,
        };
        if alias.is_some() || t.is_empty() {
            return alias;
        }
        let hits: Vec<Self> = Self::ALL.into_iter().filter(|v| v.command().starts_with(&t)).collect();
        match hits.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }
}

/// What a view asks the app to do with a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Not for this view: the app may handle it.
    Ignored,
    /// Handled; redraw.
    Handled,
    /// Handled; send this to the background tasks.
    Request(Request),
    /// Ask the operator (one line per prompt), optionally confirm, then send the request
    /// completed with the answers ([`Request::fill`]).
    Ask {
        /// Dialog title (`approve deploy prod-web`).
        title: String,
        /// Prompts, in order (`reason`).
        prompts: Vec<&'static str>,
        /// Ask "are you sure" after the prompts.
        confirm: bool,
        /// What to send.
        request: Request,
    },
    /// Say something in the status line.
    Notice(String),
}

/// A screen of the dashboard.
pub trait View {
    /// Which view.
    fn id(&self) -> ViewId;
    /// The block title (name, counts, state).
    fn title(&self, ctx: &Ctx<'_>) -> Line<'static>;
    /// Called when the view is shown: requests its data if it has none.
    fn activate(&mut self) -> Vec<Request>;
    /// `ctrl-r`: requests its data again.
    fn refresh(&mut self) -> Vec<Request>;
    /// A key's intent.
    fn on_intent(&mut self, intent: Intent, ctx: &Ctx<'_>) -> Effect;
    /// Data or events; takes what is its own, returns whether it must be redrawn.
    fn on_event(&mut self, action: &mut Action) -> bool;
    /// The `/` filter.
    fn filter(&self) -> &str;
    /// Sets the `/` filter.
    fn set_filter(&mut self, text: &str);
    /// A domain event's topic arrived (`workflow.run.succeeded`, …): a view whose data it
    /// concerns notes that it is stale, and reloads when [`due`](Self::due) asks.
    fn on_topic(&mut self, _topic: &str) {}
    /// Reloads that are due now: stale data and no load in flight (so a burst of events costs
    /// one reload after the one running). Asked of the view shown; others reload when shown.
    fn due(&mut self) -> Vec<Request> {
        Vec::new()
    }
    /// Whether it shows times relative to now (redrawn every second).
    fn ticks(&self) -> bool {
        false
    }
    /// Intents of this view for the footer hints.
    fn hints(&self) -> &'static [Intent] {
        &[]
    }
    /// Draws into `area`.
    fn draw(&mut self, f: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>);
}

/// `3m`, `2h05m`, `4d3h`: a short duration for ages and countdowns.
pub fn short_duration(d: chrono::Duration) -> String {
    let s = d.num_seconds().max(0);
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        3600..86_400 => format!("{}h{:02}m", s / 3600, (s % 3600) / 60),
        _ => format!("{}d{}h", s / 86_400, (s % 86_400) / 3600),
    }
}

/// `08:42:03` (UTC).
pub fn clock(at: &DateTime<Utc>) -> String {
    at.format("%H:%M:%S").to_string()
}

/// `2026-12-05 08:42` (UTC).
pub fn stamp(at: &DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M").to_string()
}

/// Splits `area` into the list and a detail pane: side by side when wide, stacked otherwise.
pub fn split_detail(area: Rect) -> (Rect, Rect) {
    use ratatui::layout::{Constraint, Direction, Layout};
    let (direction, list) = if area.width >= 120 { (Direction::Horizontal, 50) } else { (Direction::Vertical, 40) };
    let parts = Layout::default()
        .direction(direction)
        .constraints([Constraint::Percentage(list), Constraint::Percentage(100 - list)])
        .split(area);
    (parts[0], parts[1])
}
