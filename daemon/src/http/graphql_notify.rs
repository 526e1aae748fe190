//! GraphQL for the caller's notifications: the inbox, read marks and preferences. A thin
//! adapter over the same service methods as REST (tenant channels, templates and deliveries
//! are REST and CLI only for now).

use async_graphql::{Context, Object};
use nimbus_core::api::notifications::{Notification, Preference};
use nimbus_core::ids::NotificationId;

use super::graphql::{gql_error, principal, request, state};

/// Notification queries.
#[derive(Debug, Default)]
pub struct NotifyQuery;

#[Object]
impl NotifyQuery {
    /// Your notifications, newest first.
    async fn notifications(
        &self,
        ctx: &Context<'_>,
        unread: Option<bool>,
        limit: Option<u32>,
    ) -> async_graphql::Result<Vec<Notification>> {
        let s = state(ctx)?;
        Ok(s.services
            .list_notifications(principal(ctx)?, unread.unwrap_or(false), limit)
            .await
            .map_err(|e| gql_error(ctx, e))?
            .notifications)
    }

    /// How many of your notifications are unread.
    async fn unread_notifications(&self, ctx: &Context<'_>) -> async_graphql::Result<u64> {
        let s = state(ctx)?;
        Ok(s.services.list_notifications(principal(ctx)?, true, Some(1)).await.map_err(|e| gql_error(ctx, e))?.unread)
    }

    /// Your notification preferences (category × channel).
    async fn notification_preferences(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Preference>> {
        let s = state(ctx)?;
        Ok(s.services.notification_preferences(principal(ctx)?).await.map_err(|e| gql_error(ctx, e))?.preferences)
    }
}

/// Notification mutations.
#[derive(Debug, Default)]
pub struct NotifyMutation;

#[Object]
impl NotifyMutation {
    /// Marks one of your notifications read; returns how many were newly marked.
    async fn mark_notification_read(&self, ctx: &Context<'_>, id: NotificationId) -> async_graphql::Result<u64> {
        let s = state(ctx)?;
        Ok(s.services
            .mark_notifications_read(principal(ctx)?, request(ctx)?, Some(id))
            .await
            .map_err(|e| gql_error(ctx, e))?
            .marked)
    }

    /// Marks all your notifications read; returns how many were newly marked.
    async fn mark_all_notifications_read(&self, ctx: &Context<'_>) -> async_graphql::Result<u64> {
        let s = state(ctx)?;
        Ok(s.services
            .mark_notifications_read(principal(ctx)?, request(ctx)?, None)
            .await
            .map_err(|e| gql_error(ctx, e))?
            .marked)
    }
}
