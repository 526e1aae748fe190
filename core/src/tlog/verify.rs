//! Streaming verification of a sequence of log records against stored leaf hashes and signed
//! checkpoints, naming the first bad sequence number.
//!
//! Owns `Verifier` and its report. It must not read storage or check signatures (callers hand
//! in records in sequence order and checkpoints already verified) and must stay streaming:
//! O(log n) memory plus the checkpoint list, however long the log.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::frontier::{CompactRange, Frontier};
use super::hash::Hash;
use super::note::Checkpoint;

/// What kind of damage a finding reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A sequence number is absent: the next record read has a higher one.
    Missing,
    /// A record repeats an earlier sequence number or arrives out of order.
    Unexpected,
    /// A record no longer hashes to the leaf hash stored for it.
    Altered,
    /// The tree built from the records does not have the root a checkpoint signed.
    RootMismatch,
    /// A checkpoint covers records that are not there.
    Truncated,
    /// A checkpoint is not acceptable (bad signature, wrong origin); found by the caller.
    BadCheckpoint,
}

impl FindingKind {
    /// The wire spelling (as serde writes it): `missing`, `root_mismatch`, …
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Missing => "missing",
            Self::Unexpected => "unexpected",
            Self::Altered => "altered",
            Self::RootMismatch => "root_mismatch",
            Self::Truncated => "truncated",
            Self::BadCheckpoint => "bad_checkpoint",
        }
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Missing => "missing",
            Self::Unexpected => "unexpected",
            Self::Altered => "altered",
            Self::RootMismatch => "root mismatch",
            Self::Truncated => "truncated",
            Self::BadCheckpoint => "bad checkpoint",
        })
    }
}

/// The first problem found, at the first sequence number it can be pinned to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// The first bad sequence number (for a root mismatch, the first of the checkpoint's
    /// bracket: the previous checkpoint's size + 1).
    pub seq: u64,
    /// What is wrong.
    pub kind: FindingKind,
    /// A sentence for people saying what is wrong.
    pub detail: String,
}

impl Finding {
    /// A checkpoint the caller rejected (for example, its signature does not verify); `seq`
    /// is the first record the checkpoint would have vouched for.
    pub fn bad_checkpoint(seq: u64, detail: impl Into<String>) -> Self {
        Self { seq, kind: FindingKind::BadCheckpoint, detail: detail.into() }
    }

    fn new(seq: u64, kind: FindingKind, detail: String) -> Self {
        Self { seq, kind, detail }
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "record {}: {}: {}", self.seq, self.kind, self.detail)
    }
}

/// The outcome of a verification run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyReport {
    /// Records pushed.
    pub records: u64,
    /// Checkpoints whose root the records reproduced.
    pub checkpoints_checked: u64,
    /// The largest tree size whose root matched a checkpoint in this run; when none did, the
    /// size the run started from (`first_seq - 1`).
    pub last_verified_size: u64,
    /// The first problem, or `None` for an intact log.
    pub first_problem: Option<Finding>,
}

/// Checks records one at a time, in the order read (by sequence number).
#[derive(Debug, Clone)]
pub struct Verifier {
    /// The sequence number the next record must carry.
    next: u64,
    range: CompactRange,
    checkpoints: Vec<Checkpoint>,
    /// Index of the next checkpoint to reach.
    cp_next: usize,
    /// First sequence number since the last matching checkpoint.
    bracket_start: u64,
    records: u64,
    checked: u64,
    last_verified: u64,
    problem: Option<Finding>,
}

impl Verifier {
    /// `first_seq` is the sequence number of the first record that will be pushed (records
    /// are numbered from 1; leaf index = seq - 1). `start` is the tree before `first_seq`
    /// (`None` for a run from the first record). `checkpoints` are signature-verified; those
    /// below `first_seq - 1` cannot be checked and are ignored.
    pub fn new(first_seq: u64, start: Option<Frontier>, mut checkpoints: Vec<Checkpoint>) -> Self {
        let range = start.map(Frontier::into_range).unwrap_or_default();
        let base = first_seq.saturating_sub(1);
        checkpoints.retain(|cp| cp.size >= base);
        checkpoints.sort_by_key(|cp| cp.size);
        let mut v = Self {
            next: first_seq,
            range,
            checkpoints,
            cp_next: 0,
            bracket_start: first_seq,
            records: 0,
            checked: 0,
            last_verified: base,
            problem: None,
        };
        if first_seq == 0 {
            v.problem = Some(Finding::new(
                0,
                FindingKind::Unexpected,
                "verification was asked to start at record 0, but records are numbered from 1".into(),
            ));
        } else if v.range.size() != base {
            v.problem = Some(Finding::new(
                first_seq,
                FindingKind::Unexpected,
                format!(
                    "verification starts at record {first_seq} but the tree it resumes holds {} records",
                    v.range.size()
                ),
            ));
        } else {
            v.check_checkpoints();
        }
        v
    }

    /// Pushes the next record as read: its stored sequence number, the leaf hash recomputed
    /// from its contents, and the leaf hash the level-0 tile holds for it (`None` when the
    /// tree does not include it yet).
    pub fn push(&mut self, seq: u64, recomputed: Hash, stored: Option<Hash>) {
        self.records += 1;
        if let Some(p) = &mut self.problem {
            // A "missing" record that turns up later was out of order, not deleted.
            if p.kind == FindingKind::Missing && p.seq == seq {
                p.kind = FindingKind::Unexpected;
                p.detail = format!("record {seq} is out of order: it comes after a later record");
            }
            return;
        }
        if seq != self.next {
            let expected = self.next;
            self.problem = Some(if seq > expected {
                let detail = if seq == expected + 1 {
                    format!("record {expected} is missing: record {seq} follows record {}", expected - 1)
                } else {
                    format!("records {expected} to {} are missing: record {seq} comes next", seq - 1)
                };
                Finding::new(expected, FindingKind::Missing, detail)
            } else {
                Finding::new(
                    seq,
                    FindingKind::Unexpected,
                    format!("record {seq} comes where record {expected} should be: it is a duplicate or out of order"),
                )
            });
            return;
        }
        if let Some(stored) = stored
            && stored != recomputed
        {
            self.problem = Some(Finding::new(
                seq,
                FindingKind::Altered,
                format!(
                    "record {seq} hashes to {recomputed} but the tree stores {stored} for it: its contents changed"
                ),
            ));
            return;
        }
        self.range.append_with(recomputed, |_, _, _| {});
        self.next += 1;
        self.check_checkpoints();
    }

    /// Checks every checkpoint at the current size.
    fn check_checkpoints(&mut self) {
        let size = self.range.size();
        let mut root = None;
        while let Some(cp) = self.checkpoints.get(self.cp_next) {
            if cp.size != size {
                break;
            }
            self.cp_next += 1;
            let got = *root.get_or_insert_with(|| self.range.root());
            if got != cp.root {
                let detail = if self.bracket_start > size {
                    format!(
                        "the tree of {size} records this run starts from has root {got}, but the checkpoint at that size signed {}",
                        cp.root
                    )
                } else {
                    format!(
                        "the records up to {size} give root {got}, but the checkpoint at that size signed {}: a record from {} to {size} was changed",
                        cp.root, self.bracket_start
                    )
                };
                let seq = self.bracket_start.min(size.max(1));
                self.problem = Some(Finding::new(seq, FindingKind::RootMismatch, detail));
                return;
            }
            self.checked += 1;
            self.last_verified = size;
            self.bracket_start = size + 1;
        }
    }

    /// The first problem so far, so a caller can stop reading early.
    pub fn first_problem(&self) -> Option<&Finding> {
        self.problem.as_ref()
    }

    /// Ends the run: a checkpoint beyond the last record means the log was cut short.
    pub fn finish(mut self) -> VerifyReport {
        if self.problem.is_none()
            && let Some(cp) = self.checkpoints.last()
            && cp.size > self.range.size()
        {
            let have = self.range.size();
            self.problem = Some(Finding::new(
                have + 1,
                FindingKind::Truncated,
                format!(
                    "records {} to {} are missing: a checkpoint covers {} records but the log ends after record {have}",
                    have + 1,
                    cp.size,
                    cp.size
                ),
            ));
        }
        VerifyReport {
            records: self.records,
            checkpoints_checked: self.checked,
            last_verified_size: self.last_verified,
            first_problem: self.problem,
        }
    }
}
