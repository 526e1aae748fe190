//! `:ctx`: the CLI's contexts (named daemons); `enter` on another one restarts the dashboard on
//! it with its own credentials. The rows come from the CLI's config, not from the daemon.

use ratatui::layout::Constraint;
use ratatui::widgets::Cell;

use super::{Ctx, Effect, Item, ViewId};
use crate::action::{Payload, Request};
use crate::keymap::Intent;
use crate::list::{Column, Row, col};
use crate::sources::Load;

/// One context as the CLI knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextRow {
    /// Name.
    pub name: String,
    /// Daemon URL.
    pub url: String,
    /// Default tenant.
    pub tenant: Option<String>,
    /// The one in effect.
    pub current: bool,
    /// Whether credentials are stored for it.
    pub signed_in: bool,
}

impl Row for ContextRow {
    fn key(&self) -> String {
        self.name.clone()
    }

    fn haystack(&self) -> String {
        format!("{} {} {}", self.name, self.url, self.tenant.as_deref().unwrap_or("")).to_lowercase()
    }

    fn cells(&self, ctx: &Ctx<'_>) -> Vec<Cell<'static>> {
        vec![
            Cell::from(if self.current { "*" } else { "" }),
            Cell::from(self.name.clone()),
            Cell::from(self.url.clone()),
            Cell::from(self.tenant.clone().unwrap_or_default()),
            if self.signed_in {
                Cell::from("signed in").style(ctx.theme.good())
            } else {
                Cell::from("signed out").style(ctx.theme.dim())
            },
        ]
    }
}

impl Item for ContextRow {
    const VIEW: ViewId = ViewId::Contexts;
    const COLUMNS: &'static [Column] = &[
        col("CUR", Constraint::Length(3)),
        col("NAME", Constraint::Min(10)),
        col("URL", Constraint::Min(24)),
        col("TENANT", Constraint::Min(8)),
        col("AUTH", Constraint::Length(10)),
    ];
    const EMPTY: &'static str = "no contexts; add one with `nimbus context add`";

    fn take(_payload: &mut Payload) -> Option<Load<Vec<Self>>> {
        None
    }

    fn load() -> Option<Request> {
        None
    }

    fn act(&self, intent: Intent) -> Effect {
        match intent {
            Intent::Open if self.current => Effect::Notice(format!("already on context {}", self.name)),
            Intent::Open if !self.signed_in => {
                Effect::Notice(format!("not signed in to {}; run `nimbus --context {} login`", self.name, self.name))
            }
            Intent::Open => Effect::Request(Request::SwitchContext(self.name.clone())),
            _ => Effect::Ignored,
        }
    }
}
