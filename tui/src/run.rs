//! The event loop of `nimbus tui`: terminal input on a thread, background answers on a channel,
//! a one-second clock, SIGTERM; each turn applies what arrived and redraws only when something
//! changed. Owns the ordering of those sources; state is `app`'s, network is `io`'s.

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
use crate::io::Backend;
use crate::keymap::Keymap;
use crate::sources::Sources;
use crate::terminal;
use crate::theme::Theme;
use crate::views::{ContextRow, ViewId};

/// Everything `nimbus tui` starts with; the CLI resolves it from its contexts and credentials.
#[derive(Debug)]
pub struct Launch {
    /// An authenticated client for the context.
    pub client: Client,
    /// Context name.
    pub context: String,
    /// Tenant in effect (`None`: the user's own).
    pub tenant: Option<String>,
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
    /// Data sources of the views whose APIs come later.
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
    let backend = Backend::start(launch.client, launch.tenant, launch.sources, tx);
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
        }
        tokio::select! {
            Some(action) = rx.recv() => {
                pending.extend(app.update(action));
                // Apply everything already queued before drawing once (bursts do not flicker).
                while let Ok(action) = rx.try_recv() {
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
