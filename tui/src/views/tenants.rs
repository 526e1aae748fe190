//! `:tenants`: the tenant in effect and the sub-tenants the user may see; `enter` makes the
//! selected one the tenant in effect for this session (the tail restarts there).

use nimbus_core::api::tenancy::Tenant;
use ratatui::layout::Constraint;
use ratatui::text::Text;
use ratatui::widgets::Cell;

use super::list_view::field;
use super::{Ctx, Effect, Item, ViewId, stamp};
use crate::action::{Payload, Request};
use crate::keymap::Intent;
use crate::list::{Column, Row, col};
use crate::sources::Load;

impl Row for Tenant {
    fn key(&self) -> String {
        self.id.to_string()
    }

    fn haystack(&self) -> String {
        format!("{} {} {} {}", self.slug, self.name, self.domains.join(" "), self.id).to_lowercase()
    }

    fn cells(&self, _ctx: &Ctx<'_>) -> Vec<Cell<'static>> {
        let indent = "  ".repeat(self.depth.saturating_sub(1) as usize);
        vec![
            Cell::from(format!("{indent}{}", self.slug)),
            Cell::from(self.name.clone()),
            Cell::from(self.depth.to_string()),
            Cell::from(self.domains.join(",")),
            Cell::from(stamp(&self.created_at)),
        ]
    }
}

impl Item for Tenant {
    const VIEW: ViewId = ViewId::Tenants;
    const COLUMNS: &'static [Column] = &[
        col("SLUG", Constraint::Min(14)),
        col("NAME", Constraint::Min(16)),
        col("DEPTH", Constraint::Length(5)),
        col("DOMAINS", Constraint::Min(10)),
        col("CREATED", Constraint::Length(16)),
    ];
    const EMPTY: &'static str = "no tenants visible to you";

    fn take(payload: &mut Payload) -> Option<Load<Vec<Self>>> {
        match payload {
            Payload::Tenants(load) => Some(std::mem::replace(load, Load::Loading)),
            _ => None,
        }
    }

    fn load() -> Option<Request> {
        Some(Request::LoadTenants)
    }

    fn detail(&self, ctx: &Ctx<'_>) -> Option<Text<'static>> {
        let mut lines = vec![
            field(ctx, "id", self.id.to_string()),
            field(ctx, "slug", self.slug.clone()),
            field(ctx, "name", self.name.clone()),
            field(ctx, "contact", self.contact_email.clone().unwrap_or_default()),
            field(ctx, "created", stamp(&self.created_at)),
            field(ctx, "updated", stamp(&self.updated_at)),
        ];
        for (k, v) in &self.tags {
            lines.push(field(ctx, "tag", format!("{k}={v}")));
        }
        Some(Text::from(lines))
    }

    fn act(&self, intent: Intent) -> Effect {
        match intent {
            // `enter` chooses; the detail pane is not needed to switch.
            Intent::Open => Effect::Request(Request::SetTenant(self.slug.clone())),
            _ => Effect::Ignored,
        }
    }
}
