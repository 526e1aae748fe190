//! The pure rules of an approval chain: which steps are open, what an approval, a rejection, a
//! timeout, an expiry or a cancellation does to them, and when the request is decided. Works on
//! the steps stored in a request row; it must not read or write storage, check permissions or
//! know about the workflow that drives the timers.
//!
//! - sequential: one step open at a time, in order; each needs one approval; all approved →
//!   approved; any rejection → rejected.
//! - parallel: every step open at once; each needs one approval; all → approved; any rejection →
//!   rejected.
//! - quorum: every step open at once; `required` approved steps → approved; rejected once so many
//!   steps are rejected that the quorum can no longer be reached.
//!
//! A user decides at most once per request, so a user who matches several steps (through groups
//! or roles) still counts once.

use chrono::{DateTime, Duration, Utc};
use nimbus_core::api::approvals::Approver;
use nimbus_core::ids::{GroupId, RoleId, UserId};
use serde::{Deserialize, Serialize};

/// Chain mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Steps in order.
    Sequential,
    /// All steps.
    Parallel,
    /// `required` of the steps.
    Quorum,
}

impl Mode {
    /// Parses the wire name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "sequential" => Some(Self::Sequential),
            "parallel" => Some(Self::Parallel),
            "quorum" => Some(Self::Quorum),
            _ => None,
        }
    }

    /// The wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Sequential => "sequential",
            Self::Parallel => "parallel",
            Self::Quorum => "quorum",
        }
    }
}

/// A step as a request row keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepState {
    /// Who may decide it now.
    pub approvers: Vec<Approver>,
    /// Who it goes to when it times out.
    #[serde(default)]
    pub escalation: Vec<Approver>,
    /// Seconds it stays open before it escalates.
    pub timeout_secs: u64,
    /// `pending`, `approved`, `rejected` or `skipped`.
    pub status: String,
    /// When it escalates; set when it opens.
    pub timeout_at: Option<DateTime<Utc>>,
    /// Reassigned after its timeout.
    #[serde(default)]
    pub escalated: bool,
    /// Who decided it.
    #[serde(default)]
    pub decided_by: Option<UserId>,
}

impl StepState {
    /// A step not yet opened.
    pub fn new(approvers: Vec<Approver>, escalation: Vec<Approver>, timeout_secs: u64) -> Self {
        Self {
            approvers,
            escalation,
            timeout_secs,
            status: PENDING.to_owned(),
            timeout_at: None,
            escalated: false,
            decided_by: None,
        }
    }

    fn pending(&self) -> bool {
        self.status == PENDING
    }
}

/// Step and request status names.
pub const PENDING: &str = "pending";
/// An approved step or request.
pub const APPROVED: &str = "approved";
/// A rejected step or request.
pub const REJECTED: &str = "rejected";
/// A step that no longer needs a decision.
pub const SKIPPED: &str = "skipped";
/// A request that expired.
pub const EXPIRED: &str = "expired";
/// A cancelled request.
pub const CANCELLED: &str = "cancelled";

/// What the caller is, for matching approvers.
#[derive(Debug, Clone, Default)]
pub struct Who {
    /// The user.
    pub user: Option<UserId>,
    /// Their email.
    pub name: String,
    /// Their groups, transitively.
    pub groups: Vec<GroupId>,
    /// Roles they hold at the request's tenant.
    pub roles: Vec<RoleId>,
}

impl Who {
    /// How `a` reaches this user, if it does: their name, `group:<name>` or `role:<name>`.
    pub fn reached_by(&self, a: &Approver) -> Option<String> {
        let id = a.id.as_str();
        let hit = match a.kind.as_str() {
            "user" => self.user.is_some_and(|u| u.to_string() == id),
            "group" => self.groups.iter().any(|g| g.to_string() == id),
            "role" => self.roles.iter().any(|r| r.to_string() == id),
            _ => false,
        };
        hit.then(|| match a.kind.as_str() {
            "user" => self.name.clone(),
            kind => format!("{kind}:{}", a.name),
        })
    }
}

/// The chain of one request.
#[derive(Debug, Clone)]
pub struct Chain {
    /// Mode.
    pub mode: Mode,
    /// Approvals needed.
    pub required: u32,
    /// Steps.
    pub steps: Vec<StepState>,
}

/// The request's status after a change.
pub type Status = &'static str;

impl Chain {
    /// Approvals needed by `mode` for `steps` steps (`quorum` for quorum mode).
    pub fn required_for(mode: Mode, steps: usize, quorum: Option<u32>) -> u32 {
        match mode {
            Mode::Quorum => quorum.unwrap_or(1),
            _ => u32::try_from(steps).unwrap_or(u32::MAX),
        }
    }

    /// Indices of the steps open now.
    pub fn open(&self) -> Vec<usize> {
        let pending = self.steps.iter().enumerate().filter(|(_, s)| s.pending()).map(|(i, _)| i);
        match self.mode {
            Mode::Sequential => pending.take(1).collect(),
            _ => pending.collect(),
        }
    }

    /// Approved steps.
    pub fn approvals(&self) -> u32 {
        u32::try_from(self.steps.iter().filter(|s| s.status == APPROVED).count()).unwrap_or(u32::MAX)
    }

    /// Starts the timers of the open steps that have none.
    pub fn open_steps(&mut self, now: DateTime<Utc>) {
        for i in self.open() {
            let s = &mut self.steps[i];
            // Only a step with somewhere to escalate to has a timer; others wait for the
            // request's expiry.
            if s.timeout_at.is_none() && !s.escalated && !s.escalation.is_empty() {
                s.timeout_at = Some(now + Duration::seconds(i64::try_from(s.timeout_secs).unwrap_or(i64::MAX / 2)));
            }
        }
    }

    /// Whether `user` decided any step already.
    pub fn decided_by(&self, user: UserId) -> bool {
        self.steps.iter().any(|s| s.decided_by == Some(user))
    }

    /// The first open step `who` may decide, with how it reaches them.
    pub fn step_for(&self, who: &Who) -> Option<(usize, String)> {
        self.open()
            .into_iter()
            .find_map(|i| self.steps[i].approvers.iter().find_map(|a| who.reached_by(a)).map(|r| (i, r)))
    }

    fn skip_pending(&mut self) {
        for s in self.steps.iter_mut().filter(|s| s.pending()) {
            s.status = SKIPPED.to_owned();
            s.timeout_at = None;
        }
    }

    /// Records `user`'s approval of step `i`; returns the request's status.
    pub fn approve(&mut self, i: usize, user: UserId, now: DateTime<Utc>) -> Status {
        let s = &mut self.steps[i];
        s.status = APPROVED.to_owned();
        s.decided_by = Some(user);
        s.timeout_at = None;
        let done = match self.mode {
            Mode::Quorum => self.approvals() >= self.required,
            _ => self.steps.iter().all(|s| s.status == APPROVED),
        };
        if done {
            self.skip_pending();
            return APPROVED;
        }
        self.open_steps(now);
        PENDING
    }

    /// Records `user`'s rejection of step `i`; returns the request's status.
    pub fn reject(&mut self, i: usize, user: UserId) -> Status {
        let s = &mut self.steps[i];
        s.status = REJECTED.to_owned();
        s.decided_by = Some(user);
        s.timeout_at = None;
        let lost = match self.mode {
            Mode::Quorum => {
                let still =
                    self.approvals() + u32::try_from(self.steps.iter().filter(|s| s.pending()).count()).unwrap_or(0);
                still < self.required
            }
            _ => true,
        };
        if lost {
            self.skip_pending();
            return REJECTED;
        }
        PENDING
    }

    /// Ends the chain undecided (expiry or cancellation).
    pub fn close(&mut self) {
        self.skip_pending();
    }

    /// Reassigns every open step whose timeout passed to its escalation approvers (the original
    /// approvers lose it); returns the indices reassigned. A step escalates once.
    pub fn escalate_due(&mut self, now: DateTime<Utc>) -> Vec<usize> {
        let mut done = Vec::new();
        for i in self.open() {
            let s = &mut self.steps[i];
            if s.timeout_at.is_some_and(|t| t <= now) && !s.escalated && !s.escalation.is_empty() {
                s.timeout_at = None;
                s.approvers = s.escalation.clone();
                s.escalated = true;
                done.push(i);
            }
        }
        done
    }

    /// The earliest open step timeout.
    pub fn next_timeout(&self) -> Option<DateTime<Utc>> {
        self.open().into_iter().filter_map(|i| self.steps[i].timeout_at).min()
    }

    /// Gives `user`'s part of step `i` (reached through `via`) to `to`: a direct user entry is
    /// replaced; a group or role entry stays (its other members keep their part) and `to` joins.
    pub fn delegate(&mut self, i: usize, user: UserId, to: Approver) {
        let s = &mut self.steps[i];
        let me = user.to_string();
        if let Some(pos) = s.approvers.iter().position(|a| a.kind == "user" && a.id == me) {
            s.approvers[pos] = to;
        } else if !s.approvers.iter().any(|a| a.kind == to.kind && a.id == to.id) {
            s.approvers.push(to);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn user(u: UserId) -> Approver {
        Approver { kind: "user".into(), id: u.to_string(), name: format!("{u}@x") }
    }

    fn who(u: UserId) -> Who {
        Who { user: Some(u), name: format!("{u}@x"), ..Who::default() }
    }

    fn chain(mode: Mode, approvers: &[UserId], quorum: Option<u32>) -> Chain {
        let steps: Vec<StepState> =
            approvers.iter().map(|u| StepState::new(vec![user(*u)], vec![user(UserId::generate())], 60)).collect();
        let mut c = Chain { mode, required: Chain::required_for(mode, steps.len(), quorum), steps };
        c.open_steps(Utc::now());
        c
    }

    #[test]
    fn sequential_opens_one_step_at_a_time() {
        let (a, b) = (UserId::generate(), UserId::generate());
        let mut c = chain(Mode::Sequential, &[a, b], None);
        assert_eq!(c.open(), vec![0]);
        assert!(c.step_for(&who(b)).is_none(), "b's step is not open yet");
        let (i, via) = c.step_for(&who(a)).unwrap();
        assert_eq!(via, format!("{a}@x"));
        assert_eq!(c.approve(i, a, Utc::now()), PENDING);
        assert_eq!(c.open(), vec![1]);
        assert!(c.steps[1].timeout_at.is_some());
        assert_eq!(c.approve(1, b, Utc::now()), APPROVED);
        assert_eq!(c.approvals(), 2);
    }

    #[test]
    fn parallel_needs_all_and_any_rejection_ends_it() {
        let (a, b, d) = (UserId::generate(), UserId::generate(), UserId::generate());
        let mut c = chain(Mode::Parallel, &[a, b, d], None);
        assert_eq!(c.open(), vec![0, 1, 2]);
        assert_eq!(c.approve(1, b, Utc::now()), PENDING);
        assert_eq!(c.approve(0, a, Utc::now()), PENDING);
        assert_eq!(c.approve(2, d, Utc::now()), APPROVED);
        let mut c = chain(Mode::Parallel, &[a, b], None);
        assert_eq!(c.reject(0, a), REJECTED);
        assert_eq!(c.steps[1].status, SKIPPED);
    }

    #[test]
    fn quorum_n_of_m() {
        let ids: Vec<UserId> = (0..3).map(|_| UserId::generate()).collect();
        let mut c = chain(Mode::Quorum, &ids, Some(2));
        assert_eq!(c.required, 2);
        assert_eq!(c.reject(0, ids[0]), PENDING, "2 of the remaining 2 can still approve");
        assert_eq!(c.approve(1, ids[1], Utc::now()), PENDING);
        assert_eq!(c.approve(2, ids[2], Utc::now()), APPROVED);
        let mut c = chain(Mode::Quorum, &ids, Some(2));
        assert_eq!(c.reject(0, ids[0]), PENDING);
        assert_eq!(c.reject(1, ids[1]), REJECTED, "1 left cannot make 2");
    }

    #[test]
    fn escalation_reassigns_once() {
        let (a, e) = (UserId::generate(), UserId::generate());
        let mut c =
            Chain { mode: Mode::Sequential, required: 1, steps: vec![StepState::new(vec![user(a)], vec![user(e)], 1)] };
        let t0 = Utc::now();
        c.open_steps(t0);
        assert!(c.escalate_due(t0).is_empty());
        assert_eq!(c.escalate_due(t0 + Duration::seconds(2)), vec![0]);
        assert!(c.step_for(&who(a)).is_none(), "the original approver lost the step");
        assert!(c.step_for(&who(e)).is_some());
        assert!(c.steps[0].escalated && c.steps[0].timeout_at.is_none());
        assert!(c.escalate_due(t0 + Duration::seconds(9)).is_empty());
    }

    #[test]
    fn groups_roles_and_delegation() {
        let (a, b) = (UserId::generate(), UserId::generate());
        let g = GroupId::generate();
        let r = RoleId::generate();
        let step = StepState::new(
            vec![
                Approver { kind: "group".into(), id: g.to_string(), name: "ops".into() },
                Approver { kind: "role".into(), id: r.to_string(), name: "Security Admin".into() },
            ],
            vec![],
            60,
        );
        let mut c = Chain { mode: Mode::Sequential, required: 1, steps: vec![step] };
        c.open_steps(Utc::now());
        let in_group = Who { user: Some(a), groups: vec![g], ..Who::default() };
        assert_eq!(c.step_for(&in_group).unwrap().1, "group:ops");
        let with_role = Who { user: Some(a), roles: vec![r], ..Who::default() };
        assert_eq!(c.step_for(&with_role).unwrap().1, "role:Security Admin");
        assert!(c.step_for(&who(b)).is_none());
        c.delegate(0, a, user(b));
        assert!(c.step_for(&who(b)).is_some());
        assert!(c.step_for(&in_group).is_some(), "the group keeps its part");
    }
}
