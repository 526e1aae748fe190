//! The event loop of `nimbus tui`: terminal input on a thread, background answers on a channel,
//! a one-second clock, SIGTERM; each turn applies what arrived and redraws only when something
//! changed. Owns the ordering of those sources; state is `app`'s, network is `io`'s.
//!
//! `NIMBUS_TUI_TRACE=FILE` appends, for every audit record that arrives live, when it occurred,
//! when it arrived and when the frame showing it was drawn (the latency bench reads it).

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::Utc;
use crossterm::event::{self, Event};
use nimbus_core::client::Client;
use tokio::sync::mpsc;

use crate::action::{Action, Request};
use crate::app::{App, AppConfig};
use crate::daemon::Scope;
use crate::io::Backend;
use crate::keymap::Keymap;
use crate::sources::Sources;
use crate::terminal;
use crate::theme::Theme;
use crate::views::{ContextRow, ViewId};

/// Everything `nimbus tui` starts with; the CLI resolves it from its contexts and credentials.
#[derive(Debug)]
pub struct Launch {
    /// An authenticated client for the context (shared with `sources`: one client, so token
    /// refreshes never race).
    pub client: Arc<Client>,
    /// Context name.
    pub context: String,
    /// Tenant in effect (shared with `sources`).
    pub scope: Scope,
    /// `--readonly`.
    pub readonly: bool,
    /// `--mouse`.
    pub mouse: bool,
    /// Styles (colorless under `NO_COLOR`).
    pub theme: Theme,
    /// Bindings (defaults plus `tui.toml`).
    pub keymap: Keymap,
    /// The CLI's contexts, for `:ctx`.
    pub contexts: Vec<ContextRow>,
    /// The first view.
    pub start: ViewId,
    /// Data sources of the approvals, workflow, schedule and CMDB views.
    pub sources: Sources,
}

/// How the dashboard ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exit {
    /// `q`, `:q`, ctrl-c.
    Quit,
    /// SIGTERM or SIGHUP.
    Terminated,
    /// Start again on this context.
    SwitchContext(String),
}

/// Runs the dashboard until the operator leaves; the terminal is restored however it ends.
pub async fn run(launch: Launch) -> io::Result<Exit> {
    let mouse = launch.mouse;
    let mut terminal = terminal::enter(mouse)?;
    let result = event_loop(&mut terminal, launch).await;
    terminal::leave(mouse);
    result
}

async fn event_loop(terminal: &mut ratatui::DefaultTerminal, launch: Launch) -> io::Result<Exit> {
    let (tx, mut rx) = mpsc::unbounded_channel::<Action>();
    let stop = Arc::new(AtomicBool::new(false));
    let input = spawn_input(tx.clone(), stop.clone());
    let backend = Backend::start(launch.client, launch.scope, launch.sources, tx);
    let mut trace = Trace::from_env();
    let mut app = App::new(AppConfig {
        context: launch.context,
        readonly: launch.readonly,
        theme: launch.theme,
        keymap: launch.keymap,
        contexts: launch.contexts,
        start: launch.start,
        now: Utc::now(),
    });
    let mut pending: Vec<Request> = app.start();
    let mut clock = tokio::time::interval(Duration::from_secs(1));
    clock.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let terminated = terminal::terminated();
    tokio::pin!(terminated);
    let exit = loop {
        for request in pending.drain(..) {
            match request {
                Request::Quit => {
                    stop.store(true, Ordering::Relaxed);
                    return Ok(Exit::Quit);
                }
                Request::SwitchContext(name) => {
                    stop.store(true, Ordering::Relaxed);
                    return Ok(Exit::SwitchContext(name));
                }
                other => backend.handle(other),
            }
        }
        if app.take_dirty() {
            terminal.draw(|f| app.draw(f))?;
            trace.drawn();
        }
        tokio::select! {
            Some(action) = rx.recv() => {
                trace.saw(&action);
                pending.extend(app.update(action));
                // Apply everything already queued before drawing once (bursts do not flicker).
                while let Ok(action) = rx.try_recv() {
                    trace.saw(&action);
                    pending.extend(app.update(action));
                }
            }
            _ = clock.tick() => pending.extend(app.update(Action::Tick(Utc::now()))),
            () = &mut terminated => break Exit::Terminated,
        }
    };
    stop.store(true, Ordering::Relaxed);
    drop(input);
    Ok(exit)
}

/// The `NIMBUS_TUI_TRACE` log: `seq occurred_ms received_ms drawn_ms` (Unix milliseconds) per
/// live audit record, written when the frame that shows it has been drawn.
struct Trace {
    file: Option<std::fs::File>,
    waiting: Vec<(u64, i64, i64)>,
}

impl Trace {
    fn from_env() -> Self {
        let file = std::env::var_os("NIMBUS_TUI_TRACE")
            .and_then(|path| std::fs::OpenOptions::new().create(true).append(true).open(path).ok());
        Self { file, waiting: Vec::new() }
    }

    fn saw(&mut self, action: &Action) {
        if self.file.is_none() {
            return;
        }
        if let Action::Audit(records) = action {
            let now = Utc::now().timestamp_millis();
            self.waiting.extend(records.iter().map(|r| (r.seq, r.occurred_at.timestamp_millis(), now)));
        }
    }

    fn drawn(&mut self) {
        use std::io::Write;
        let Some(file) = &mut self.file else { return };
        if self.waiting.is_empty() {
            return;
        }
        let now = Utc::now().timestamp_millis();
        let text: String = self
            .waiting
            .drain(..)
            .map(|(seq, occurred, received)| format!("{seq} {occurred} {received} {now}\n"))
            .collect();
        let _ = file.write_all(text.as_bytes());
    }
}

/// Reads terminal events on a thread (crossterm's reader blocks) and forwards them.
fn spawn_input(tx: mpsc::UnboundedSender<Action>, stop: Arc<AtomicBool>) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        while !stop.load(Ordering::Relaxed) {
            match event::poll(Duration::from_millis(200)) {
                Ok(true) => {}
                Ok(false) => continue,
                Err(_) => return,
            }
            let action = match event::read() {
                Ok(Event::Key(k)) => Action::Key(k),
                Ok(Event::Mouse(m)) => Action::Mouse(m),
                Ok(Event::Resize(..)) => Action::Resize,
                Ok(_) => continue,
                Err(_) => return,
            };
            if tx.send(action).is_err() {
                return;
            }
        }
    })
}
