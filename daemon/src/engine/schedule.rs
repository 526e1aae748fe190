//! Cron schedules stored in the database, fired by every replica without a leader.
//!
//! Each replica looks for schedules whose next fire time has come. Firing is one transaction:
//! a compare-and-set moves the schedule's next fire time on (a second replica's identical
//! update then matches nothing and it rolls back), and the runs for the fire times passed are
//! inserted under a unique key on (schedule, fire time), so even a replica that raced past the
//! compare-and-set could not start a second run for the same instant. Missed fire times older
//! than the catch-up window are skipped. Overlap policy: `skip` starts nothing while a run of
//! the schedule is unfinished, `buffer` queues the run behind it (a concurrency key per
//! schedule), `allow` starts it regardless. Owns firing; the service layer creates, pauses and
//! triggers schedules.

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use nimbus_core::ids::RunId;

use super::Shared;
use super::journal::{RunLabel, audit};
use crate::store::workflow::{ScheduleRecord, ms};
use crate::store::{OutboxEvent, StoreResult, TenantScope, WriteGrant};

/// Most fire times started in one pass for one schedule (a long outage inside a wide catch-up
/// window does not start thousands of runs at once).
const MAX_CATCH_UP: usize = 100;

/// Overlap policies.
pub const OVERLAP: &[&str] = &["skip", "buffer", "allow"];

/// A parsed cron expression with its time zone.
#[derive(Debug, Clone)]
pub struct CronSpec {
    cron: croner::Cron,
    tz: chrono_tz::Tz,
}

impl CronSpec {
    /// Parses a 5- or 6-field (seconds first) expression and an IANA zone name.
    pub fn parse(expr: &str, timezone: &str) -> Result<Self, String> {
        let tz = chrono_tz::Tz::from_str(timezone)
            .map_err(|_| format!("unknown time zone {timezone:?}; use an IANA name such as Europe/Paris or UTC"))?;
        let cron = croner::parser::CronParser::builder()
            .seconds(croner::parser::Seconds::Optional)
            .build()
            .parse(expr)
            .map_err(|e| format!("invalid cron expression {expr:?}: {e}"))?;
        Ok(Self { cron, tz })
    }

    /// The first fire time strictly after `t`.
    pub fn next_after(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let local = t.with_timezone(&self.tz);
        self.cron.find_next_occurrence(&local, false).ok().map(|n| n.with_timezone(&Utc))
    }
}

fn at(ms_: i64) -> Option<DateTime<Utc>> {
    Utc.timestamp_millis_opt(ms_).single()
}

/// The first fire time after `now` (where a new or resumed schedule starts).
pub fn first_fire(s: &ScheduleRecord, now: DateTime<Utc>) -> Result<Option<i64>, String> {
    Ok(CronSpec::parse(&s.cron, &s.timezone)?.next_after(now).map(ms))
}

pub(crate) async fn fire_loop(shared: Arc<Shared>) {
    loop {
        let now = Utc::now();
        let due = async {
            let mut r = shared.store.read(TenantScope::System).await?;
            let due = r.workflows().wf_due_schedules(ms(now), 100).await?;
            let next = r.workflows().wf_next_fire().await?;
            StoreResult::Ok((due, next))
        }
        .await;
        let next = match due {
            Ok((due, next)) => {
                for s in due {
                    if let Err(e) = fire(&shared, &s).await {
                        tracing::warn!(schedule = %s.name, error = %e, "firing a schedule failed; retrying");
                    }
                }
                next
            }
            Err(e) => {
                tracing::warn!(error = %e, "reading schedules failed; retrying");
                None
            }
        };
        let wait = next
            .map(|n| Duration::from_millis(u64::try_from(n - ms(Utc::now())).unwrap_or(0)))
            .unwrap_or(shared.config.poll)
            .min(shared.config.poll);
        tokio::time::sleep(wait.max(Duration::from_millis(5))).await;
    }
}

/// The fire times of `s` due at `now` that are still inside the catch-up window, and the next
/// fire time after `now`. Pure.
pub fn plan(s: &ScheduleRecord, now: DateTime<Utc>) -> Result<(Vec<DateTime<Utc>>, Option<i64>), String> {
    let spec = CronSpec::parse(&s.cron, &s.timezone)?;
    let window = chrono::Duration::seconds(s.catch_up_secs.max(0));
    let mut fires = Vec::new();
    let mut t = s.next_fire_ms.and_then(at);
    while let Some(f) = t {
        if f > now || fires.len() >= MAX_CATCH_UP {
            break;
        }
        // The newest missed fire time always counts; older ones only inside the window.
        if now - f <= window || spec.next_after(f).is_none_or(|n| n > now) {
            fires.push(f);
        }
        t = spec.next_after(f);
    }
    Ok((fires, spec.next_after(now).map(ms)))
}

async fn fire(shared: &Shared, s: &ScheduleRecord) -> StoreResult<()> {
    let now = Utc::now();
    let (fires, next) = match plan(s, now) {
        Ok(p) => p,
        Err(e) => {
            tracing::warn!(schedule = %s.name, error = %e, "schedule cannot be read; pausing its firing");
            (Vec::new(), None)
        }
    };
    let Some(def) = shared.registry.latest(&s.workflow) else {
        tracing::warn!(schedule = %s.name, workflow = %s.workflow, "scheduled workflow is not registered in this build");
        return Ok(());
    };
    let mut tx = shared.store.write(WriteGrant::for_engine()).await?;
    let last = fires.last().copied();
    if !tx.workflows_mut().wf_advance_schedule(s.id, s.next_fire_ms, next, last, now).await? {
        // Another replica fired it.
        return Ok(());
    }
    let mut audits = Vec::new();
    for f in fires {
        if s.overlap == "skip" && tx.workflows_mut().wf_schedule_busy(s.id).await? {
            tracing::info!(schedule = %s.name, fire = %f, "previous run unfinished; fire time skipped");
            continue;
        }
        let options = super::StartOptions {
            concurrency_key: (s.overlap == "buffer").then(|| format!("schedule:{}", s.id)),
            schedule: Some((s.id, f)),
            tags: [("schedule".to_owned(), s.name.clone())].into(),
            ..Default::default()
        };
        let run = super::new_run(
            RunId::generate(),
            s.tenant_id,
            &s.workflow,
            def.version,
            &def.queue,
            s.input.clone(),
            options,
        );
        if tx.workflows_mut().wf_insert_run(&run).await? {
            let label = RunLabel { workflow: run.workflow.clone(), version: run.version, parent: None };
            audits.push(audit(run.tenant_id, run.id, &label, "workflow.run.started", now, None));
            tx.enqueue_event(&OutboxEvent {
                id: nimbus_core::ids::EventId::generate(),
                tenant_id: run.tenant_id,
                topic: "workflow.run.started".into(),
                payload: serde_json::json!({ "run_id": run.id, "workflow": run.workflow, "schedule": s.name,
                                             "fire_time": f, "status": "enqueued" }),
                created_at: now,
            })
            .await?;
        }
    }
    if !audits.is_empty() {
        tx.append_audits(&audits).await?;
    }
    tx.commit().await?;
    shared.wake.notify_one();
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use nimbus_core::ids::{ScheduleId, TenantId};

    use super::*;

    fn schedule(cron: &str, next: DateTime<Utc>, catch_up: i64) -> ScheduleRecord {
        ScheduleRecord {
            id: ScheduleId::generate(),
            tenant_id: TenantId::generate(),
            name: "s".into(),
            cron: cron.into(),
            timezone: "UTC".into(),
            workflow: "w".into(),
            input: serde_json::Value::Null,
            overlap: "allow".into(),
            catch_up_secs: catch_up,
            paused: false,
            next_fire_ms: Some(ms(next)),
            last_fire_at: None,
            created_at: next,
            updated_at: next,
        }
    }

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn seconds_are_optional_and_zones_apply() {
        let every_second = CronSpec::parse("* * * * * *", "UTC").unwrap();
        assert_eq!(every_second.next_after(t("2026-01-01T00:00:00Z")), Some(t("2026-01-01T00:00:01Z")));
        let nine_paris = CronSpec::parse("0 9 * * *", "Europe/Paris").unwrap();
        assert_eq!(nine_paris.next_after(t("2026-01-01T00:00:00Z")), Some(t("2026-01-01T08:00:00Z")));
        assert!(CronSpec::parse("0 9 * * *", "Mars/Olympus").unwrap_err().contains("time zone"));
        assert!(CronSpec::parse("nope", "UTC").unwrap_err().contains("cron"));
    }

    #[test]
    fn missed_fire_times_inside_the_window_are_caught_up_and_older_ones_skipped() {
        let s = schedule("0 * * * * *", t("2026-01-01T00:00:00Z"), 150);
        let (fires, next) = plan(&s, t("2026-01-01T00:05:30Z")).unwrap();
        assert_eq!(fires, vec![t("2026-01-01T00:03:00Z"), t("2026-01-01T00:04:00Z"), t("2026-01-01T00:05:00Z")]);
        assert_eq!(next, Some(ms(t("2026-01-01T00:06:00Z"))));
        let s = schedule("0 * * * * *", t("2026-01-01T00:00:00Z"), 0);
        let (fires, _) = plan(&s, t("2026-01-01T00:05:30Z")).unwrap();
        assert_eq!(fires, vec![t("2026-01-01T00:05:00Z")], "the newest missed time still fires");
        let (fires, _) = plan(&s, t("2025-12-31T23:59:59Z")).unwrap();
        assert!(fires.is_empty(), "nothing due yet");
    }
}
