//! One list view over any row type: load state, `/` filter, selection, detail pane, and the
//! row type's own intents. Approvals, workflows, schedules, tenants and contexts are this view
//! with a different [`Item`]. Owns no I/O: loading is a [`Request`] the app hands to `io`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{Ctx, Effect, View, ViewId, split_detail};
use crate::action::{Action, Payload, Request};
use crate::keymap::Intent;
use crate::list::{Column, FilterList, Row};
use crate::sources::Load;

/// A row type with everything its view needs.
pub trait Item: Row + Sized + 'static {
    /// Its view.
    const VIEW: ViewId;
    /// Its columns.
    const COLUMNS: &'static [Column];
    /// Shown when loaded and empty.
    const EMPTY: &'static str;
    /// Intents offered (footer hints; the key table has their keys and help).
    const INTENTS: &'static [Intent] = &[];
    /// Whether rows show times relative to now.
    const TICKS: bool = false;
    /// Prefixes of the event topics that change its data (the view reloads on them).
    const TOPICS: &'static [&'static str] = &[];
    /// Takes this view's data out of a payload.
    fn take(payload: &mut Payload) -> Option<Load<Vec<Self>>>;
    /// How to (re)load; `None` for data that does not come from the daemon.
    fn load() -> Option<Request>;
    /// The detail pane of a row, if the view has one.
    fn detail(&self, _ctx: &Ctx<'_>) -> Option<Text<'static>> {
        None
    }
    /// What an intent does to the selected row (`Open` when it is not a detail toggle).
    fn act(&self, _intent: Intent) -> Effect {
        Effect::Ignored
    }
}

/// A list view over `T`.
#[derive(Debug)]
pub struct ListView<T> {
    load: Load<()>,
    list: FilterList<T>,
    detail: bool,
    requested: bool,
    /// A load was asked for and has not been answered.
    inflight: bool,
    /// An event said the data changed since the last load.
    stale: bool,
}

impl<T: Item> Default for ListView<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Item> ListView<T> {
    /// Empty; loads when first shown.
    pub fn new() -> Self {
        Self {
            load: Load::Loading,
            list: FilterList::new(100_000, false),
            detail: false,
            requested: false,
            inflight: false,
            stale: false,
        }
    }

    /// With rows that need no loading.
    pub fn with_rows(rows: Vec<T>) -> Self {
        let mut v = Self::new();
        v.list.replace(rows);
        v.load = Load::Ready(());
        v.requested = true;
        v
    }

    /// Takes a load result.
    pub fn set(&mut self, load: Load<Vec<T>>) {
        self.load = match load {
            Load::Ready(rows) => {
                self.list.replace(rows);
                Load::Ready(())
            }
            Load::Loading => Load::Loading,
            Load::Unavailable(m) => {
                self.list.clear();
                Load::Unavailable(m)
            }
            // Keep what was shown: a failed refresh must not blank the screen.
            Load::Failed(m) => Load::Failed(m),
        };
    }

    fn state_text(&self) -> Option<(String, bool)> {
        match &self.load {
            Load::Loading if self.list.is_empty() => Some(("loading…".to_owned(), false)),
            Load::Unavailable(m) => Some((m.clone(), true)),
            Load::Failed(m) if self.list.is_empty() => Some((format!("{m} — ctrl-r to retry"), true)),
            _ => None,
        }
    }
}

impl<T: Item> View for ListView<T> {
    fn id(&self) -> ViewId {
        T::VIEW
    }

    fn title(&self, _ctx: &Ctx<'_>) -> Line<'static> {
        let mut spans = vec![Span::raw(format!(" {} ", T::VIEW.command()))];
        if matches!(self.load, Load::Ready(_) | Load::Failed(_)) {
            let n = if self.list.filter().is_empty() {
                format!("({}) ", self.list.len())
            } else {
                format!("({}/{}) /{} ", self.list.shown_len(), self.list.len(), self.list.filter())
            };
            spans.push(Span::raw(n));
        }
        if let Load::Failed(m) = &self.load
            && !self.list.is_empty()
        {
            spans.push(Span::raw(format!("[refresh failed: {m}] ")));
        }
        Line::from(spans)
    }

    fn activate(&mut self) -> Vec<Request> {
        if !self.requested {
            return self.refresh();
        }
        self.due()
    }

    fn refresh(&mut self) -> Vec<Request> {
        self.requested = true;
        self.stale = false;
        match T::load() {
            Some(r) => {
                self.inflight = true;
                if !matches!(self.load, Load::Ready(_)) {
                    self.load = Load::Loading;
                }
                vec![r]
            }
            None => Vec::new(),
        }
    }

    fn on_intent(&mut self, intent: Intent, _ctx: &Ctx<'_>) -> Effect {
        match intent {
            Intent::Up => self.list.step(-1),
            Intent::Down => self.list.step(1),
            Intent::PageUp => self.list.step(-self.list.page()),
            Intent::PageDown => self.list.step(self.list.page()),
            Intent::Top => self.list.top(),
            Intent::Bottom => self.list.bottom(false),
            Intent::Back if self.detail => self.detail = false,
            Intent::Back => return Effect::Ignored,
            Intent::Open => {
                let Some(row) = self.list.selected() else { return Effect::Handled };
                match row.act(Intent::Open) {
                    Effect::Ignored => self.detail = !self.detail,
                    other => return other,
                }
            }
            other => {
                if !T::INTENTS.contains(&other) {
                    return Effect::Ignored;
                }
                return match self.list.selected() {
                    Some(row) => row.act(other),
                    None => Effect::Notice("nothing selected".to_owned()),
                };
            }
        }
        Effect::Handled
    }

    fn on_event(&mut self, action: &mut Action) -> bool {
        if let Action::Loaded(payload) = action
            && let Some(load) = T::take(payload)
        {
            self.inflight = false;
            self.set(load);
            return true;
        }
        false
    }

    fn on_topic(&mut self, topic: &str) {
        if T::TOPICS.iter().any(|p| topic.starts_with(p)) {
            self.stale = true;
        }
    }

    fn due(&mut self) -> Vec<Request> {
        if self.stale && self.requested && !self.inflight { self.refresh() } else { Vec::new() }
    }

    fn filter(&self) -> &str {
        self.list.filter()
    }

    fn set_filter(&mut self, text: &str) {
        self.list.set_filter(text);
    }

    fn ticks(&self) -> bool {
        T::TICKS
    }

    fn hints(&self) -> &'static [Intent] {
        T::INTENTS
    }

    fn draw(&mut self, f: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        let title = self.title(ctx);
        if let Some((text, alarm)) = self.state_text() {
            let style = if alarm { ctx.theme.warn() } else { ctx.theme.dim() };
            let p = Paragraph::new(Line::styled(text, style))
                .block(Block::default().borders(Borders::ALL).title(title))
                .wrap(Wrap { trim: true });
            f.render_widget(p, area);
            return;
        }
        let detail = if self.detail { self.list.selected().and_then(|r| r.detail(ctx)) } else { None };
        let (list_area, detail_area) = match &detail {
            Some(_) => {
                let (a, b) = split_detail(area);
                (a, Some(b))
            }
            None => (area, None),
        };
        self.list.draw(f, list_area, T::COLUMNS, title, T::EMPTY, ctx);
        if let (Some(text), Some(rect)) = (detail, detail_area) {
            let p = Paragraph::new(text)
                .block(Block::default().borders(Borders::ALL).title(" detail "))
                .wrap(Wrap { trim: false });
            f.render_widget(p, rect);
        }
    }
}

/// A `label  value` line of a detail pane.
pub(crate) fn field(ctx: &Ctx<'_>, label: &str, value: impl Into<String>) -> Line<'static> {
    Line::from(vec![Span::styled(format!("{label:<12}"), ctx.theme.label()), Span::raw(value.into())])
}

/// Pretty JSON as lines.
pub(crate) fn json_lines(value: &serde_json::Value) -> Vec<Line<'static>> {
    serde_json::to_string_pretty(value).unwrap_or_default().lines().map(|l| Line::raw(format!("  {l}"))).collect()
}
