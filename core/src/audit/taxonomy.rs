//! The documented taxonomy of audit event types (`nimbus audit taxonomy`).
//!
//! Event types are dotted `{domain}.{object}[.{detail}].{verb}` names; a refused or failed
//! attempt of an operation has its own `*_failed` type and its outcome says denied or failed.
//! Owns the list and its descriptions; every event type the daemon writes must be listed here (a
//! test in the end-to-end suite checks what real flows record). It must not decide when events
//! are recorded.

use super::Category;

/// One documented event type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventKind {
    /// Dotted name.
    pub name: &'static str,
    /// The category records of this type carry.
    pub category: Category,
    /// What it means.
    pub description: &'static str,
}

macro_rules! kinds {
    ($($name:literal $cat:ident $desc:literal;)+) => {
        /// Every event type, grouped by domain.
        pub const TAXONOMY: &[EventKind] = &[$(EventKind { name: $name, category: Category::$cat, description: $desc }),+];
    };
}

kinds! {
    "system.initialized" System "the installation was created by `nimbusd init`";
    "system.initialise_refused" System "a second `nimbusd init` against an initialised database";
    "audit.settings.updated" System "a tenant's audit settings or redaction rules changed";
    "audit.settings.update_failed" System "changing audit settings was refused or failed";
    "audit.query.saved" Data "a saved audit query was created or replaced";
    "audit.query.deleted" Data "a saved audit query was deleted";
    "audit.query.change_failed" Data "saving or deleting an audit query was refused or failed";
    "audit.archive.completed" System "records older than the retention window were archived";
    "audit.archive.failed" System "an archival run was refused or failed";
    "audit.export.requested" Data "an audit export was streamed";
    "audit.read.denied" Security "reading, verifying or exporting the audit log was refused";
    "auth.login.succeeded" Auth "a user signed in";
    "auth.login.failed" Auth "a sign-in failed (unknown account, bad password, disabled user)";
    "auth.login.throttled" Security "sign-in attempts were slowed down after repeated failures";
    "auth.logout" Auth "a user signed out";
    "auth.session.created" Auth "a session began";
    "auth.session.revoked" Auth "a session was ended by its user or an administrator";
    "auth.session.evicted" Auth "the oldest session was ended to respect the per-user limit";
    "auth.token.refreshed" Auth "a refresh token was exchanged for a new pair";
    "auth.token.rejected" Security "an access token was presented but rejected";
    "auth.refresh.failed" Auth "a refresh token exchange failed";
    "auth.refresh.reuse_detected" Security "a rotated refresh token was presented again";
    "security.session.family_revoked" Security "every session of a token family was revoked after reuse";
    "authz.read.denied" Security "a read was refused by authorization";
    "workflow.run.started" System "a workflow run was enqueued (by the daemon, a schedule or a parent run)";
    "workflow.run.succeeded" System "a workflow run finished with its output";
    "workflow.run.failed" System "a workflow run failed for good (after retries and compensation)";
    "workflow.run.cancelled" System "a workflow run ended cancelled (compensated) or terminated";
    "workflow.run.signalled" System "a signal was sent to a workflow run";
    "workflow.run.signal_failed" System "sending a signal to a workflow run was refused or failed";
    "workflow.run.cancel_requested" System "cancellation of a workflow run was asked for";
    "workflow.run.cancel_failed" System "asking a workflow run to cancel was refused or failed";
    "workflow.run.terminated" System "a workflow run was ended at once, without compensation";
    "workflow.run.terminate_failed" System "terminating a workflow run was refused or failed";
    "workflow.run.retried" System "a failed or cancelled workflow run was put back in the queue";
    "workflow.run.retry_failed" System "retrying a workflow run was refused or failed";
    "workflow.schedule.created" System "a schedule was created (the daemon's recurring jobs at first start)";
    "workflow.schedule.paused" System "a schedule was paused";
    "workflow.schedule.resumed" System "a schedule was resumed";
    "workflow.schedule.update_failed" System "pausing or resuming a schedule was refused or failed";
    "workflow.schedule.triggered" System "a schedule's workflow was started by hand";
    "workflow.schedule.trigger_failed" System "triggering a schedule was refused or failed";
    "auth.session.cleaned" System "ended sessions and their refresh tokens were deleted by the recurring job";
    "auth.session.cleanup_failed" System "the session cleanup job failed";
    "tenant.created" Tenant "a tenant or sub-tenant was created";
    "tenant.updated" Tenant "a tenant's details, quotas or domains changed";
    "tenant.deleted" Tenant "a tenant was soft-deleted";
    "tenant.restored" Tenant "a soft-deleted tenant was restored";
    "tenant.purged" Tenant "a deleted tenant's data was purged";
    "tenant.quota.exceeded" Tenant "a soft quota was exceeded (the change went through)";
    "tenant.create_failed" Tenant "creating a tenant was refused or failed";
    "tenant.update_failed" Tenant "changing a tenant was refused or failed";
    "tenant.delete_failed" Tenant "deleting or restoring a tenant was refused or failed";
    "tenant.purge_failed" Tenant "purging a tenant was refused or failed";
    "compartment.created" Tenant "a compartment was created";
    "compartment.updated" Tenant "a compartment was renamed or described";
    "compartment.moved" Tenant "a compartment moved under another parent";
    "compartment.deleted" Tenant "a compartment was deleted";
    "compartment.change_failed" Tenant "a compartment change was refused or failed";
    "user.created" User "a user was created";
    "user.updated" User "a user's name or attributes changed";
    "user.disabled" User "a user was disabled";
    "user.enabled" User "a user was enabled again";
    "user.locked" User "a user was locked";
    "user.deleted" User "a user was deleted";
    "user.membership.added" User "a user from another tenant became a member";
    "user.membership.removed" User "a membership ended";
    "user.create_failed" User "creating a user was refused or failed";
    "user.update_failed" User "changing a user was refused or failed";
    "user.delete_failed" User "deleting a user was refused or failed";
    "group.created" User "a group was created";
    "group.deleted" User "a group was deleted";
    "group.member.added" User "a user or group joined a group";
    "group.member.removed" User "a user or group left a group";
    "group.create_failed" User "creating a group was refused or failed";
    "group.delete_failed" User "deleting a group was refused or failed";
    "group.member_change_failed" User "changing group members was refused or failed";
    "role.created" Permission "a custom role was created";
    "role.updated" Permission "a custom role's permissions changed";
    "role.deleted" Permission "a custom role was deleted";
    "role.assigned" Permission "a role was assigned to a user or group";
    "role.unassigned" Permission "a role assignment was removed";
    "role.change_failed" Permission "a role change was refused or failed";
    "assignment.create_failed" Permission "assigning a role was refused or failed";
    "assignment.delete_failed" Permission "removing an assignment was refused or failed";
    "policy.created" Permission "a tenant policy (Cedar) was created";
    "policy.deleted" Permission "a tenant policy was deleted";
    "policy.change_failed" Permission "a policy change was refused or failed";
    "apikey.created" Security "an API key was created (its secret shown once)";
    "apikey.rotated" Security "an API key's secret was replaced";
    "apikey.revoked" Security "an API key was revoked";
    "apikey.used" Security "an API key was used (at most once a minute per key)";
    "apikey.create_failed" Security "creating an API key was refused or failed";
    "apikey.rotate_failed" Security "rotating an API key was refused or failed";
    "apikey.revoke_failed" Security "revoking an API key was refused or failed";
    "apikey.use_failed" Security "an API key was presented but refused";
    "invitation.created" User "an invitation was sent";
    "invitation.resent" User "an invitation was sent again with a new token";
    "invitation.revoked" User "an invitation was withdrawn";
    "invitation.accepted" User "an invitation was accepted";
    "invitation.create_failed" User "inviting was refused or failed";
    "invitation.revoke_failed" User "revoking an invitation was refused or failed";
    "invitation.accept_failed" User "accepting an invitation was refused or failed";
    "notification.sent" System "a notification was queued for users and webhooks";
    "notification.send_failed" System "sending a notification was refused or failed";
    "notification.read" Data "notifications were marked read by their recipient";
    "notification.read_failed" Data "marking notifications read was refused or failed";
    "notification.preferences.updated" User "a user changed their notification preferences";
    "notification.preferences.update_failed" User "changing notification preferences was refused or failed";
    "notification.channel.created" System "a notification channel was created";
    "notification.channel.updated" System "a notification channel was changed";
    "notification.channel.deleted" System "a notification channel and its deliveries were deleted";
    "notification.channel.change_failed" System "changing a notification channel was refused or failed";
    "notification.template.set" System "a notification template was set";
    "notification.template.deleted" System "a notification template was deleted";
    "notification.template.change_failed" System "changing a notification template was refused or failed";
    "notification.delivered" System "a notification delivery was sent";
    "notification.delivery.failed" System "a delivery attempt failed; another is scheduled";
    "notification.dead_lettered" System "a delivery ran out of attempts (or failed for good) and is a dead letter";
    "notification.delivery.record_failed" System "recording a delivery attempt failed (another attempt settled it)";
    "notification.delivery.retried" System "a dead letter was queued again by hand";
    "notification.delivery.retry_failed" System "retrying a dead letter was refused or failed";
    "notification.digest.queued" System "held deliveries were gathered into daily digests";
    "notification.digest.failed" System "gathering daily digests failed";
    "approval.request.created" Data "an approval request was made and its chain started";
    "approval.request.create_failed" Data "asking for an approval was refused or failed";
    "approval.request.approved" Data "an approver approved a step of a request (with the reason)";
    "approval.request.rejected" Data "an approver rejected a request (with the reason)";
    "approval.request.decided" Data "a request reached its result: approved or rejected";
    "approval.request.decide_failed" Data "an approval decision or delegation was refused (not an approver, the requester, no permission) or failed";
    "approval.request.delegated" Data "an approver handed their part of a step to another user";
    "approval.request.escalated" Data "a step timed out and was reassigned to its escalation approvers";
    "approval.request.expired" Data "a request expired undecided";
    "approval.request.tick_failed" Data "escalating or expiring a request failed (the workflow retries)";
    "approval.request.cancelled" Data "a pending request was cancelled";
    "approval.request.cancel_failed" Data "cancelling a request was refused or failed";
    "approval.policy.created" Data "an approval policy was created";
    "approval.policy.updated" Data "an approval policy was changed";
    "approval.policy.deleted" Data "an approval policy was deleted";
    "approval.policy.change_failed" Data "changing an approval policy was refused or failed";
    "api.read" Api "an API read, when the tenant logs reads";
    "cmdb.class.created" Data "a custom CI class was created";
    "cmdb.class.deleted" Data "a custom CI class was deleted";
    "cmdb.class.change_failed" Data "creating or deleting a CI class was refused or failed";
    "cmdb.ci.created" Data "a configuration item was created";
    "cmdb.ci.updated" Data "a configuration item changed (a new version was written)";
    "cmdb.ci.deleted" Data "a configuration item was soft-deleted";
    "cmdb.ci.change_failed" Data "creating, changing or deleting a configuration item was refused or failed";
    "cmdb.ci.imported" Data "a bulk import created or updated configuration items";
    "cmdb.ci.import_failed" Data "a bulk import was refused or failed (nothing of it was written)";
    "cmdb.relationship.created" Data "a relationship between two configuration items was created";
    "cmdb.relationship.deleted" Data "a relationship was deleted";
    "cmdb.relationship.change_failed" Data "creating or deleting a relationship was refused or failed";
    "cmdb.search.saved" Data "a CMDB search was saved";
    "cmdb.search.deleted" Data "a saved CMDB search was deleted";
    "cmdb.search.change_failed" Data "saving or deleting a CMDB search was refused or failed";
}

/// The documented kind of an event type.
pub fn lookup(name: &str) -> Option<&'static EventKind> {
    TAXONOMY.iter().find(|k| k.name == name)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn names_are_unique_dotted_and_lowercase() {
        let mut seen = BTreeSet::new();
        for k in TAXONOMY {
            assert!(seen.insert(k.name), "duplicate {}", k.name);
            assert!(k.name.split('.').count() >= 2, "{}", k.name);
            assert!(k.name.chars().all(|c| c.is_ascii_lowercase() || c == '.' || c == '_'), "{}", k.name);
        }
        assert_eq!(lookup("tenant.created").map(|k| k.category), Some(Category::Tenant));
    }
}
