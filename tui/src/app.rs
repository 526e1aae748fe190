//! The app state machine: the header (context, tenant, user, link state, last update), the view
//! registry, and the modes (`:` command, `/` filter, `?` help, prompt/confirm dialogs).
//! `update` turns actions into state changes and [`Request`]s; `draw` renders the state and
//! never waits on anything. Terminal and network are someone else's (`run`, `io`).

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Clear, Paragraph, Row as TableRow, Table, Wrap};

use crate::action::{Action, Link, Request};
use crate::keymap::{Intent, Keymap};
use crate::sources::{PendingApproval, Schedule, WorkflowRun};
use crate::theme::Theme;
use crate::views::{AuditView, CmdbView, ContextRow, Ctx, Effect, ListView, View, ViewId};

/// What the app is started with.
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// Context name.
    pub context: String,
    /// `--readonly`: mutating actions are refused.
    pub readonly: bool,
    /// Styles.
    pub theme: Theme,
    /// Bindings.
    pub keymap: Keymap,
    /// The CLI's contexts, for `:ctx`.
    pub contexts: Vec<ContextRow>,
    /// The view shown first.
    pub start: ViewId,
    /// The time at start.
    pub now: DateTime<Utc>,
}

/// A dialog asking for answers, then (optionally) confirmation.
#[derive(Debug, Clone)]
struct Ask {
    title: String,
    prompts: Vec<&'static str>,
    answers: Vec<String>,
    input: String,
    confirm: bool,
    confirming: bool,
    request: Request,
}

#[derive(Debug, Clone)]
enum Mode {
    Normal,
    Command(String),
    Filter,
    Help,
    Ask(Box<Ask>),
}

/// The dashboard.
pub struct App {
    views: Vec<Box<dyn View>>,
    active: usize,
    mode: Mode,
    keymap: Keymap,
    theme: Theme,
    now: DateTime<Utc>,
    last_update: Option<DateTime<Utc>>,
    link: Link,
    user: Option<String>,
    tenant: Option<String>,
    context: String,
    readonly: bool,
    notice: Option<String>,
    dirty: bool,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App").field("active", &self.active).field("mode", &self.mode).finish_non_exhaustive()
    }
}

impl App {
    /// The app with every view registered.
    pub fn new(config: AppConfig) -> Self {
        let views: Vec<Box<dyn View>> = vec![
            Box::new(ListView::<PendingApproval>::new()),
            Box::new(ListView::<WorkflowRun>::new()),
            Box::new(ListView::<Schedule>::new()),
            Box::new(AuditView::new()),
            Box::new(CmdbView::new()),
            Box::new(ListView::<nimbus_core::api::tenancy::Tenant>::new()),
            Box::new(ListView::<ContextRow>::with_rows(config.contexts)),
        ];
        // Registry invariant: one view per id, in `ViewId::ALL` order.
        debug_assert!(views.iter().map(|v| v.id()).eq(ViewId::ALL));
        let active = ViewId::ALL.iter().position(|v| *v == config.start).unwrap_or(3);
        Self {
            views,
            active,
            mode: Mode::Normal,
            keymap: config.keymap,
            theme: config.theme,
            now: config.now,
            last_update: None,
            link: Link::Connecting,
            user: None,
            tenant: None,
            context: config.context,
            readonly: config.readonly,
            notice: None,
            dirty: true,
        }
    }

    /// Requests of the first view.
    pub fn start(&mut self) -> Vec<Request> {
        self.views[self.active].activate()
    }

    /// The view shown.
    pub fn active(&self) -> ViewId {
        self.views[self.active].id()
    }

    /// Whether something changed since the last draw (and forgets it).
    pub fn take_dirty(&mut self) -> bool {
        std::mem::take(&mut self.dirty)
    }

    /// Applies one action; returns work for the background tasks.
    pub fn update(&mut self, mut action: Action) -> Vec<Request> {
        match &mut action {
            Action::Key(key) => return self.on_key(*key),
            Action::Mouse(m) => {
                let intent = match m.kind {
                    MouseEventKind::ScrollUp => Intent::Up,
                    MouseEventKind::ScrollDown => Intent::Down,
                    _ => return Vec::new(),
                };
                return self.on_intent(intent);
            }
            Action::Resize => self.dirty = true,
            Action::Tick(now) => {
                self.now = *now;
                self.dirty |= self.views[self.active].ticks();
            }
            Action::Link(link) => {
                if *link != self.link {
                    self.link = link.clone();
                    self.dirty = true;
                }
            }
            Action::Identity { user, tenant, .. } => {
                self.user = Some(user.clone());
                self.tenant = Some(tenant.clone());
                self.dirty = true;
            }
            Action::Notice(text) => {
                self.notice = Some(text.clone());
                self.dirty = true;
            }
            Action::Topic(topic) => {
                for v in &mut self.views {
                    v.on_topic(topic);
                }
                return self.views[self.active].due();
            }
            _ => {
                let mut changed = false;
                for (i, v) in self.views.iter_mut().enumerate() {
                    if v.on_event(&mut action) {
                        changed = true;
                        self.dirty |= i == self.active;
                    }
                }
                if changed {
                    self.last_update = Some(self.now);
                    // The header's "updated" changes even when another view took the data.
                    self.dirty = true;
                }
                // An answer ends a load: events that came meanwhile are due now.
                return self.views[self.active].due();
            }
        }
        Vec::new()
    }

    fn on_key(&mut self, key: KeyEvent) -> Vec<Request> {
        if key.kind == KeyEventKind::Release {
            return Vec::new();
        }
        self.dirty = true;
        match std::mem::replace(&mut self.mode, Mode::Normal) {
            Mode::Normal => {
                self.notice = None;
                let scope = self.views[self.active].id().command();
                match self.keymap.intent(&key, scope) {
                    Some(intent) => self.on_intent(intent),
                    None => Vec::new(),
                }
            }
            Mode::Help => Vec::new(),
            Mode::Command(mut text) => {
                match key.code {
                    KeyCode::Esc => {}
                    KeyCode::Enter => return self.run_command(&text),
                    KeyCode::Backspace => {
                        text.pop();
                        self.mode = Mode::Command(text);
                    }
                    KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                        text.push(c);
                        self.mode = Mode::Command(text);
                    }
                    _ => self.mode = Mode::Command(text),
                }
                Vec::new()
            }
            Mode::Filter => {
                let view = &mut self.views[self.active];
                let mut text = view.filter().to_owned();
                match key.code {
                    KeyCode::Esc => view.set_filter(""),
                    KeyCode::Enter => {}
                    KeyCode::Backspace => {
                        text.pop();
                        view.set_filter(&text);
                        self.mode = Mode::Filter;
                    }
                    KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                        text.push(c);
                        view.set_filter(&text);
                        self.mode = Mode::Filter;
                    }
                    _ => self.mode = Mode::Filter,
                }
                Vec::new()
            }
            Mode::Ask(mut ask) => {
                if ask.confirming {
                    return match key.code {
                        KeyCode::Char('y' | 'Y') => {
                            let request = ask.request.clone().fill(&ask.answers);
                            self.notice = Some(format!("{}: sent", ask.title));
                            vec![request]
                        }
                        _ => {
                            self.notice = Some(format!("{}: cancelled", ask.title));
                            Vec::new()
                        }
                    };
                }
                match key.code {
                    KeyCode::Esc => self.notice = Some(format!("{}: cancelled", ask.title)),
                    KeyCode::Enter => {
                        ask.answers.push(std::mem::take(&mut ask.input));
                        if ask.answers.len() < ask.prompts.len() {
                            self.mode = Mode::Ask(ask);
                        } else if ask.confirm {
                            ask.confirming = true;
                            self.mode = Mode::Ask(ask);
                        } else {
                            return vec![ask.request.clone().fill(&ask.answers)];
                        }
                    }
                    KeyCode::Backspace => {
                        ask.input.pop();
                        self.mode = Mode::Ask(ask);
                    }
                    KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                        ask.input.push(c);
                        self.mode = Mode::Ask(ask);
                    }
                    _ => self.mode = Mode::Ask(ask),
                }
                Vec::new()
            }
        }
    }

    fn on_intent(&mut self, intent: Intent) -> Vec<Request> {
        self.dirty = true;
        match intent {
            Intent::Quit => return vec![Request::Quit],
            Intent::Command => self.mode = Mode::Command(String::new()),
            Intent::Filter => self.mode = Mode::Filter,
            Intent::Help => self.mode = Mode::Help,
            Intent::Refresh => return self.views[self.active].refresh(),
            _ if self.readonly && intent.def().mutating => {
                self.notice =
                    Some(format!("read-only session: {} is disabled (started with --readonly)", intent.def().name));
            }
            _ => {
                let ctx = Ctx { now: self.now, theme: self.theme, keymap: &self.keymap };
                let effect = self.views[self.active].on_intent(intent, &ctx);
                return self.apply(effect, intent);
            }
        }
        Vec::new()
    }

    fn apply(&mut self, effect: Effect, intent: Intent) -> Vec<Request> {
        match effect {
            Effect::Ignored if intent == Intent::Back => {
                if !self.views[self.active].filter().is_empty() {
                    self.views[self.active].set_filter("");
                }
            }
            Effect::Ignored | Effect::Handled => {}
            Effect::Request(r) if r.mutating() && self.readonly => {
                self.notice = Some("read-only session: changes are disabled (started with --readonly)".to_owned());
            }
            Effect::Request(Request::SetTenant(t)) => {
                self.notice = Some(format!("switching to tenant {t}…"));
                self.switch(ViewId::Audit);
                return vec![Request::SetTenant(t)];
            }
            Effect::Request(r) => return vec![r],
            Effect::Ask { title, prompts, confirm, request } => {
                if request.mutating() && self.readonly {
                    self.notice = Some("read-only session: changes are disabled (started with --readonly)".to_owned());
                } else {
                    let confirming = prompts.is_empty();
                    self.mode = Mode::Ask(Box::new(Ask {
                        title,
                        prompts,
                        answers: Vec::new(),
                        input: String::new(),
                        confirm,
                        confirming,
                        request,
                    }));
                }
            }
            Effect::Notice(text) => self.notice = Some(text),
        }
        Vec::new()
    }

    fn run_command(&mut self, text: &str) -> Vec<Request> {
        let t = text.trim();
        if matches!(t, "q" | "q!" | "quit") {
            return vec![Request::Quit];
        }
        match ViewId::resolve(t) {
            Some(v) => self.switch(v),
            None => {
                let names: Vec<&str> = ViewId::ALL.iter().map(|v| v.command()).collect();
                self.notice = Some(format!("unknown view :{t}; views: {}", names.join(" ")));
                Vec::new()
            }
        }
    }

    /// Shows view `id`; returns its load requests.
    pub fn switch(&mut self, id: ViewId) -> Vec<Request> {
        self.dirty = true;
        self.active = ViewId::ALL.iter().position(|v| *v == id).unwrap_or(self.active);
        self.views[self.active].activate()
    }

    /// Draws the whole screen.
    pub fn draw(&mut self, f: &mut Frame<'_>) {
        let area = f.area();
        let banner = matches!(self.link, Link::Retrying { .. });
        let rows = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(u16::from(banner)),
            Constraint::Min(3),
            Constraint::Length(1),
        ])
        .split(area);
        f.render_widget(Paragraph::new(self.header_line(area.width)).style(self.theme.header()), rows[0]);
        if let Link::Retrying { attempt, error } = &self.link {
            let text = format!(" disconnected — retrying (attempt {attempt}): {error}");
            f.render_widget(Paragraph::new(text).style(self.theme.alarm()), rows[1]);
        }
        let ctx = Ctx { now: self.now, theme: self.theme, keymap: &self.keymap };
        self.views[self.active].draw(f, rows[2], &ctx);
        f.render_widget(Paragraph::new(self.footer_line()), rows[3]);
        match &self.mode {
            Mode::Help => self.draw_help(f, rows[2]),
            Mode::Ask(ask) => self.draw_ask(f, rows[2], ask),
            _ => {}
        }
    }

    /// The header; labels are dropped when the full form does not fit (80×24 over SSH).
    fn header_line(&self, width: u16) -> Line<'static> {
        let link = match &self.link {
            Link::Connecting => "○ connecting".to_owned(),
            Link::Live => "● live".to_owned(),
            Link::Retrying { .. } => "✗ disconnected".to_owned(),
        };
        let updated = self.last_update.map(|t| super::views::clock(&t)).unwrap_or_else(|| "—".to_owned());
        let tenant = self.tenant.as_deref().unwrap_or("…");
        let user = self.user.as_deref().unwrap_or("…");
        let ro = if self.readonly { " │ READONLY" } else { "" };
        let full =
            format!(" nimbus │ ctx {} │ tenant {tenant} │ user {user} │ {link} │ updated {updated}{ro}", self.context);
        if full.chars().count() <= usize::from(width) {
            return Line::raw(full);
        }
        Line::raw(format!(" {} │ {tenant} │ {user} │ {link} │ {updated}{ro}", self.context))
    }

    fn footer_line(&self) -> Line<'static> {
        match &self.mode {
            Mode::Command(text) => {
                let matches: Vec<&str> =
                    ViewId::ALL.iter().map(|v| v.command()).filter(|c| c.starts_with(text.trim())).collect();
                Line::from(vec![Span::raw(format!(":{text}▏  ")), Span::styled(matches.join(" "), self.theme.dim())])
            }
            Mode::Filter => Line::raw(format!("/{}▏  (enter keeps, esc clears)", self.views[self.active].filter())),
            _ => {
                if let Some(n) = &self.notice {
                    return Line::raw(format!(" {n}"));
                }
                let mut intents = vec![Intent::Command, Intent::Filter, Intent::Help, Intent::Open];
                intents.extend(self.views[self.active].hints());
                intents.push(Intent::Quit);
                let spans: Vec<Span<'static>> = intents
                    .iter()
                    .filter_map(|i| self.keymap.first_key(*i).map(|k| (i, k.to_string())))
                    .flat_map(|(i, key)| {
                        [Span::styled(format!(" <{key}>"), self.theme.label()), Span::raw(format!(" {}", i.def().name))]
                    })
                    .collect();
                Line::from(spans)
            }
        }
    }

    fn draw_help(&self, f: &mut Frame<'_>, area: Rect) {
        let scope = self.views[self.active].id().command();
        let rows: Vec<TableRow<'static>> = self
            .keymap
            .help_rows(scope)
            .into_iter()
            .map(|(keys, help, s)| {
                let scope = if s == "global" { String::new() } else { format!(":{s}") };
                TableRow::new(vec![Cell::from(keys), Cell::from(help), Cell::from(scope)])
            })
            .collect();
        let rect = centered(area, 70, rows.len() as u16 + 3);
        let table = Table::new(rows, [Constraint::Length(14), Constraint::Min(20), Constraint::Length(11)])
            .header(TableRow::new(vec!["KEYS", "ACTION", "VIEW"]).style(self.theme.label()))
            .block(Block::default().borders(Borders::ALL).title(" help — any key closes; keys: tui.toml "));
        f.render_widget(Clear, rect);
        f.render_widget(table, rect);
    }

    fn draw_ask(&self, f: &mut Frame<'_>, area: Rect, ask: &Ask) {
        let mut lines: Vec<Line<'static>> = ask
            .answers
            .iter()
            .zip(&ask.prompts)
            .map(|(a, p)| Line::from(vec![Span::styled(format!("{p}: "), self.theme.label()), Span::raw(a.clone())]))
            .collect();
        if ask.confirming {
            lines.push(Line::raw(""));
            lines.push(Line::styled(format!("{}? [y/N]", ask.title), self.theme.warn()));
        } else if let Some(p) = ask.prompts.get(ask.answers.len()) {
            lines.push(Line::from(vec![
                Span::styled(format!("{p}: "), self.theme.label()),
                Span::raw(format!("{}▏", ask.input)),
            ]));
            lines.push(Line::styled("enter to continue, esc to cancel", self.theme.dim()));
        }
        let rect = centered(area, 60, lines.len() as u16 + 2);
        f.render_widget(Clear, rect);
        let block = Block::default().borders(Borders::ALL).title(format!(" {} ", ask.title));
        f.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), rect);
    }
}

/// A rectangle `width` wide (at most `area`'s) and `height` tall, centred in `area`.
fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect { x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h }
}

/// A key press, for tests and scripted flows.
pub fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// Key presses typing `text`.
pub fn typed(text: &str) -> Vec<Action> {
    text.chars().map(|c| key(KeyCode::Char(c))).collect()
}
