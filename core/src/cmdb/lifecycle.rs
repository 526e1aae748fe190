//! The CI lifecycle (REFERENCE §5): planned → active | deleted; active → maintenance | retired
//! | deleted; maintenance → active | retired | deleted; retired → deleted. `deleted` is final
//! and is reached only by the soft delete, which this module allows from every live state.

use std::fmt;

/// Where a CI is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LifecycleState {
    /// Ordered or designed, not yet running.
    Planned,
    /// In service.
    Active,
    /// Temporarily out of service.
    Maintenance,
    /// Out of service for good, kept for the record.
    Retired,
    /// Soft-deleted.
    Deleted,
}

/// A transition the state machine does not allow; the message names both states and the
/// allowed targets.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("state: a CI cannot go from {from} to {to}; from {from} it can go to {allowed}")]
pub struct LifecycleError {
    /// Current state.
    pub from: LifecycleState,
    /// Requested state.
    pub to: LifecycleState,
    /// The allowed targets, comma-separated (or "nothing").
    pub allowed: String,
}

impl LifecycleState {
    /// Every state, in lifecycle order.
    pub const ALL: [Self; 5] = [Self::Planned, Self::Active, Self::Maintenance, Self::Retired, Self::Deleted];

    /// Stable lowercase name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::Active => "active",
            Self::Maintenance => "maintenance",
            Self::Retired => "retired",
            Self::Deleted => "deleted",
        }
    }

    /// Parses [`as_str`](Self::as_str), case-insensitively.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str().eq_ignore_ascii_case(s.trim()))
    }

    /// The states this one may move to.
    pub const fn next(self) -> &'static [Self] {
        match self {
            Self::Planned => &[Self::Active, Self::Deleted],
            Self::Active => &[Self::Maintenance, Self::Retired, Self::Deleted],
            Self::Maintenance => &[Self::Active, Self::Retired, Self::Deleted],
            Self::Retired => &[Self::Deleted],
            Self::Deleted => &[],
        }
    }

    /// Checks a transition. Staying in the same state is not a transition and is allowed
    /// (an update that changes only attributes), except for a deleted CI, which is final.
    pub fn check(self, to: Self) -> Result<(), LifecycleError> {
        if (self == to && self != Self::Deleted) || self.next().contains(&to) {
            return Ok(());
        }
        let allowed = self.next().iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
        Err(LifecycleError { from: self, to, allowed: if allowed.is_empty() { "nothing".into() } else { allowed } })
    }

    /// Whether a new CI may start here (not retired or deleted).
    pub const fn is_initial(self) -> bool {
        matches!(self, Self::Planned | Self::Active | Self::Maintenance)
    }
}

impl fmt::Display for LifecycleState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::LifecycleState::{self, *};

    #[test]
    fn transitions_follow_the_reference_table() {
        let allowed: &[(LifecycleState, LifecycleState)] = &[
            (Planned, Active),
            (Planned, Deleted),
            (Active, Maintenance),
            (Active, Retired),
            (Active, Deleted),
            (Maintenance, Active),
            (Maintenance, Retired),
            (Maintenance, Deleted),
            (Retired, Deleted),
        ];
        for from in LifecycleState::ALL {
            for to in LifecycleState::ALL {
                let expected = allowed.contains(&(from, to)) || (from == to && from != Deleted);
                assert_eq!(from.check(to).is_ok(), expected, "{from} -> {to}");
            }
        }
    }

    #[test]
    fn a_refusal_names_the_field_and_the_way_out() {
        let e = Retired.check(Active).unwrap_err();
        assert_eq!(e.to_string(), "state: a CI cannot go from retired to active; from retired it can go to deleted");
        let e = Deleted.check(Active).unwrap_err();
        assert!(e.to_string().ends_with("it can go to nothing"), "{e}");
    }

    #[test]
    fn parses_and_starts() {
        for s in LifecycleState::ALL {
            assert_eq!(LifecycleState::parse(s.as_str()), Some(s));
        }
        assert_eq!(LifecycleState::parse(" Active "), Some(Active));
        assert_eq!(LifecycleState::parse("running"), None);
        assert!(Planned.is_initial() && Active.is_initial() && !Retired.is_initial() && !Deleted.is_initial());
    }
}
