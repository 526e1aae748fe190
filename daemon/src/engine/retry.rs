//! Retry policy of a step: how long to wait before each attempt, and when to stop. Pure.

use std::time::Duration;

/// How a failing step is retried.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Wait before the second attempt.
    pub initial_interval: Duration,
    /// Factor applied to the wait after each further failure.
    pub backoff: f64,
    /// Longest wait between attempts.
    pub max_interval: Duration,
    /// Attempts in total (1 = no retry).
    pub max_attempts: u32,
    /// Longest a single attempt may take; a slower attempt counts as failed.
    pub timeout: Option<Duration>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            initial_interval: Duration::from_millis(100),
            backoff: 2.0,
            max_interval: Duration::from_secs(30),
            max_attempts: 3,
            timeout: None,
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retry.
    pub fn once() -> Self {
        Self { max_attempts: 1, ..Self::default() }
    }

    /// The same policy with a per-attempt timeout.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The same policy with `n` attempts in total.
    #[must_use]
    pub fn attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    /// The wait after failed attempt `attempt` (from 1), or `None` when no attempt is left.
    pub fn delay_after(&self, attempt: u32) -> Option<Duration> {
        if attempt >= self.max_attempts {
            return None;
        }
        let exp = i32::try_from(attempt.saturating_sub(1)).unwrap_or(i32::MAX);
        let secs = self.initial_interval.as_secs_f64() * self.backoff.max(1.0).powi(exp);
        let capped = secs.min(self.max_interval.as_secs_f64());
        Some(Duration::from_secs_f64(capped.max(0.0)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_to_its_cap_and_stops_after_the_last_attempt() {
        let p = RetryPolicy {
            initial_interval: Duration::from_secs(1),
            backoff: 3.0,
            max_interval: Duration::from_secs(5),
            max_attempts: 4,
            timeout: None,
        };
        assert_eq!(p.delay_after(1), Some(Duration::from_secs(1)));
        assert_eq!(p.delay_after(2), Some(Duration::from_secs(3)));
        assert_eq!(p.delay_after(3), Some(Duration::from_secs(5)));
        assert_eq!(p.delay_after(4), None);
        assert_eq!(RetryPolicy::once().delay_after(1), None);
    }
}
