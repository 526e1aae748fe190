//! `:cmdb`: search results, a CI's attributes, versions and relationships, navigation along
//! relationships (`tab` to focus them, `enter` to open the CI at the other end, `esc` back along
//! the path) and the impact view (`i`). Renders from [`crate::sources::CmdbSource`] answers only.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Wrap};

use super::list_view::field;
use super::{Ctx, Effect, View, ViewId, split_detail, stamp};
use crate::action::{Action, Payload, Request};
use crate::keymap::Intent;
use crate::list::{Column, FilterList, Row, col};
use crate::sources::{CiDetail, CiSummary, Direction, Impacted, Load};

const COLUMNS: &[Column] =
    &[col("NAME", Constraint::Min(18)), col("CLASS", Constraint::Min(14)), col("UPDATED", Constraint::Length(16))];

impl Row for CiSummary {
    fn key(&self) -> String {
        self.id.clone()
    }

    fn haystack(&self) -> String {
        format!("{} {} {}", self.name, self.class, self.id).to_lowercase()
    }

    fn cells(&self, _ctx: &Ctx<'_>) -> Vec<Cell<'static>> {
        vec![
            Cell::from(self.name.clone()),
            Cell::from(self.class.clone()),
            Cell::from(self.updated_at.as_ref().map(stamp).unwrap_or_default()),
        ]
    }
}

/// The CMDB browser.
#[derive(Debug)]
pub struct CmdbView {
    load: Load<()>,
    query: String,
    results: FilterList<CiSummary>,
    detail: Option<Load<CiDetail>>,
    /// Selected relationship when they have focus.
    relation: Option<usize>,
    /// CIs opened before the current one (`esc` goes back).
    path: Vec<String>,
    impact: Option<(String, Load<Vec<Impacted>>)>,
    requested: bool,
    /// A search was asked for and has not been answered.
    inflight: bool,
    /// A `cmdb.*` event said the data changed since.
    stale: bool,
}

impl Default for CmdbView {
    fn default() -> Self {
        Self::new()
    }
}

impl CmdbView {
    /// Empty; searches (recent changes) when first shown.
    pub fn new() -> Self {
        Self {
            load: Load::Loading,
            query: String::new(),
            results: FilterList::new(100_000, false),
            detail: None,
            relation: None,
            path: Vec::new(),
            impact: None,
            requested: false,
            inflight: false,
            stale: false,
        }
    }

    fn current(&self) -> Option<&CiDetail> {
        match &self.detail {
            Some(Load::Ready(d)) => Some(d),
            _ => None,
        }
    }

    fn open(&mut self, id: String) -> Effect {
        self.detail = Some(Load::Loading);
        self.relation = None;
        Effect::Request(Request::CmdbOpen(id))
    }

    fn detail_text(&self, ctx: &Ctx<'_>) -> Text<'static> {
        let d = match &self.detail {
            Some(Load::Ready(d)) => d,
            Some(Load::Loading) | None => return Text::raw("loading…"),
            Some(Load::Unavailable(m) | Load::Failed(m)) => return Text::styled(m.clone(), ctx.theme.warn()),
        };
        let mut lines = vec![
            field(ctx, "ci", format!("{} ({})", d.ci.name, d.ci.class)),
            field(ctx, "id", d.ci.id.clone()),
            Line::styled("attributes", ctx.theme.label()),
        ];
        for (k, v) in &d.attributes {
            lines.push(Line::raw(format!("  {k} = {v}")));
        }
        lines.push(Line::styled("relationships (tab to focus, enter to open)", ctx.theme.label()));
        for (i, r) in d.relationships.iter().enumerate() {
            let arrow = match r.direction {
                Direction::Outgoing => "→",
                Direction::Incoming => "←",
            };
            // A marker as well as the style, so the selection shows without color too.
            let mark = if self.relation == Some(i) { "▸" } else { " " };
            let text = format!("{mark} {arrow} {} {} ({})", r.kind, r.other.name, r.other.class);
            lines.push(if self.relation == Some(i) {
                Line::styled(text, ctx.theme.selected())
            } else {
                Line::raw(text)
            });
        }
        lines.push(Line::styled("versions", ctx.theme.label()));
        for v in &d.versions {
            lines.push(Line::raw(format!("  v{} {} {} {}", v.version, stamp(&v.at), v.actor, v.change)));
        }
        if !self.path.is_empty() {
            lines.push(Line::from(vec![
                Span::styled("path        ", ctx.theme.label()),
                Span::raw(self.path.join(" → ")),
            ]));
        }
        Text::from(lines)
    }

    fn impact_text(&self, ctx: &Ctx<'_>) -> Text<'static> {
        let Some((_, load)) = &self.impact else { return Text::default() };
        match load {
            Load::Ready(items) if items.is_empty() => Text::raw("nothing depends on it"),
            Load::Ready(items) => Text::from(
                items
                    .iter()
                    .map(|i| {
                        Line::raw(format!(
                            "{}{} ({}) via {}",
                            "  ".repeat(i.depth as usize),
                            i.ci.name,
                            i.ci.class,
                            i.via
                        ))
                    })
                    .collect::<Vec<_>>(),
            ),
            Load::Loading => Text::raw("loading…"),
            Load::Unavailable(m) | Load::Failed(m) => Text::styled(m.clone(), ctx.theme.warn()),
        }
    }
}

impl View for CmdbView {
    fn id(&self) -> ViewId {
        ViewId::Cmdb
    }

    fn title(&self, _ctx: &Ctx<'_>) -> Line<'static> {
        let q = if self.query.is_empty() { "recent".to_owned() } else { format!("search {:?}", self.query) };
        let mut t = format!(" cmdb: {q} ");
        if matches!(self.load, Load::Ready(_)) {
            t.push_str(&format!("({}) ", self.results.len()));
        }
        if !self.results.filter().is_empty() {
            t.push_str(&format!("/{} ", self.results.filter()));
        }
        Line::raw(t)
    }

    fn activate(&mut self) -> Vec<Request> {
        if self.requested { self.due() } else { self.refresh() }
    }

    fn refresh(&mut self) -> Vec<Request> {
        self.requested = true;
        self.inflight = true;
        self.stale = false;
        if !matches!(self.load, Load::Ready(_)) {
            self.load = Load::Loading;
        }
        let mut out = vec![Request::CmdbSearch(self.query.clone())];
        // The CI shown is reloaded in place: it stays on screen until the new answer replaces it.
        if let Some(d) = self.current() {
            out.push(Request::CmdbOpen(d.ci.id.clone()));
        }
        out
    }

    fn on_topic(&mut self, topic: &str) {
        if topic.starts_with("cmdb.") {
            self.stale = true;
        }
    }

    fn due(&mut self) -> Vec<Request> {
        if self.stale && self.requested && !self.inflight { self.refresh() } else { Vec::new() }
    }

    fn on_intent(&mut self, intent: Intent, _ctx: &Ctx<'_>) -> Effect {
        let relations = self.current().map_or(0, |d| d.relationships.len());
        match (intent, self.relation) {
            (Intent::Search, _) => {
                return Effect::Ask {
                    title: "search the CMDB".to_owned(),
                    prompts: vec!["query"],
                    confirm: false,
                    request: Request::CmdbSearch(String::new()),
                };
            }
            (Intent::Focus, _) if relations > 0 => {
                self.relation = if self.relation.is_some() { None } else { Some(0) };
            }
            (Intent::Up, Some(i)) => self.relation = Some(i.saturating_sub(1)),
            (Intent::Down, Some(i)) => self.relation = Some((i + 1).min(relations.saturating_sub(1))),
            (Intent::Open, Some(i)) => {
                let Some(d) = self.current() else { return Effect::Handled };
                let (from, to) = (d.ci.id.clone(), d.relationships.get(i).map(|r| r.other.id.clone()));
                if let Some(to) = to {
                    self.path.push(from);
                    return self.open(to);
                }
            }
            (Intent::Up, None) => self.results.step(-1),
            (Intent::Down, None) => self.results.step(1),
            (Intent::PageUp, None) => self.results.step(-self.results.page()),
            (Intent::PageDown, None) => self.results.step(self.results.page()),
            (Intent::Top, None) => self.results.top(),
            (Intent::Bottom, None) => self.results.bottom(false),
            (Intent::Open, None) => {
                let Some(ci) = self.results.selected() else { return Effect::Handled };
                let id = ci.id.clone();
                self.path.clear();
                return self.open(id);
            }
            (Intent::Impact, _) => {
                let id =
                    self.current().map(|d| d.ci.id.clone()).or_else(|| self.results.selected().map(|c| c.id.clone()));
                let Some(id) = id else { return Effect::Notice("nothing selected".to_owned()) };
                self.impact = Some((id.clone(), Load::Loading));
                return Effect::Request(Request::CmdbImpact(id));
            }
            (Intent::Back, _) if self.impact.is_some() => self.impact = None,
            (Intent::Back, _) if !self.path.is_empty() => {
                let prev = self.path.pop().unwrap_or_default();
                return self.open(prev);
            }
            (Intent::Back, _) if self.detail.is_some() => {
                self.detail = None;
                self.relation = None;
            }
            _ => return Effect::Ignored,
        }
        Effect::Handled
    }

    fn on_event(&mut self, action: &mut Action) -> bool {
        let Action::Loaded(payload) = action else { return false };
        match payload {
            Payload::CmdbResults(query, load) => {
                self.inflight = false;
                self.query = query.clone();
                self.load = match std::mem::replace(load, Load::Loading) {
                    Load::Ready(rows) => {
                        self.results.replace(rows);
                        Load::Ready(())
                    }
                    Load::Loading => Load::Loading,
                    Load::Unavailable(m) => Load::Unavailable(m),
                    Load::Failed(m) => Load::Failed(m),
                };
            }
            Payload::CmdbDetail(load) => {
                let load = std::mem::replace(load, Load::Loading);
                // A reload may have fewer relationships than the focus points at.
                if let (Load::Ready(d), Some(i)) = (&load, self.relation) {
                    self.relation = d.relationships.len().checked_sub(1).map(|last| i.min(last));
                }
                self.detail = Some(load);
            }
            Payload::CmdbImpact(id, load) => {
                if self.impact.as_ref().is_some_and(|(i, _)| i == id) {
                    self.impact = Some((id.clone(), std::mem::replace(load, Load::Loading)));
                }
            }
            _ => return false,
        }
        true
    }

    fn filter(&self) -> &str {
        self.results.filter()
    }

    fn set_filter(&mut self, text: &str) {
        self.results.set_filter(text);
    }

    fn hints(&self) -> &'static [Intent] {
        &[Intent::Search, Intent::Impact, Intent::Focus]
    }

    fn draw(&mut self, f: &mut Frame<'_>, area: Rect, ctx: &Ctx<'_>) {
        let title = self.title(ctx);
        let state = match &self.load {
            Load::Loading if self.results.is_empty() => Some(("loading…".to_owned(), ctx.theme.dim())),
            Load::Unavailable(m) => Some((m.clone(), ctx.theme.warn())),
            Load::Failed(m) if self.results.is_empty() => Some((format!("{m} — ctrl-r to retry"), ctx.theme.warn())),
            _ => None,
        };
        if let Some((text, style)) = state {
            let p = Paragraph::new(Line::styled(text, style))
                .block(Block::default().borders(Borders::ALL).title(title))
                .wrap(Wrap { trim: true });
            f.render_widget(p, area);
            return;
        }
        let (list_area, side) = if self.detail.is_some() || self.impact.is_some() {
            let (a, b) = split_detail(area);
            (a, Some(b))
        } else {
            (area, None)
        };
        self.results.draw(f, list_area, COLUMNS, title, "no configuration items match", ctx);
        if let Some(rect) = side {
            let (text, t) = if self.impact.is_some() {
                (self.impact_text(ctx), " impact: what breaks if it goes ")
            } else {
                (self.detail_text(ctx), " configuration item ")
            };
            let p =
                Paragraph::new(text).block(Block::default().borders(Borders::ALL).title(t)).wrap(Wrap { trim: false });
            f.render_widget(p, rect);
        }
    }
}
