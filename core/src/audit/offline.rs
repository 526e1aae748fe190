//! Offline verification of an NDJSON export: with nothing but the file and the verifier key
//! the operator trusts, re-hash every record, check every signed checkpoint in the file, and
//! name the first bad sequence number.
//!
//! Owns reading the export format; the Merkle rules are [`crate::tlog`]'s. It must not trust
//! anything in the file that the key does not vouch for: the header's key must be the trusted
//! one, and checkpoints are checked against the trusted key, never against the header.

use std::io::{BufRead, Seek, SeekFrom};

use crate::api::audit::{AuditRecord, ExportCheckpointLine, ExportHeader, VerifyProblem};
use crate::audit::record_leaf_hash;
use crate::ids::TenantId;
use crate::tlog::{Checkpoint, FindingKind, Hash, NoteVerifier, Verifier};

/// What offline verification found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfflineReport {
    /// Tenant of the export.
    pub tenant_id: TenantId,
    /// Records read.
    pub records: u64,
    /// Signed checkpoints checked.
    pub checkpoints_checked: u64,
    /// The first problem, if any.
    pub problem: Option<VerifyProblem>,
}

/// Why the file could not be verified at all (as opposed to being found tampered).
#[derive(Debug, thiserror::Error)]
pub enum OfflineError {
    /// Reading failed.
    #[error("cannot read the export: {0}")]
    Io(#[from] std::io::Error),
    /// Not an export, or an export this version cannot read.
    #[error("{0}")]
    Format(String),
}

fn problem(seq: u64, kind: FindingKind, detail: String) -> Option<VerifyProblem> {
    Some(VerifyProblem { seq, kind: kind.as_str().into(), detail })
}

/// Verifies an NDJSON export read from `input` against the trusted verifier key `vkey`.
pub fn verify_ndjson<R: BufRead + Seek>(mut input: R, vkey: &str) -> Result<OfflineReport, OfflineError> {
    let verifier = NoteVerifier::from_vkey(vkey).map_err(|e| OfflineError::Format(format!("public key: {e}")))?;
    let mut line = String::new();
    input.read_line(&mut line)?;
    let header: ExportHeader = serde_json::from_str(line.trim_end())
        .map_err(|e| OfflineError::Format(format!("the first line is not an audit export header: {e}")))?;
    if header.nimbus_audit_export != 1 {
        return Err(OfflineError::Format(format!(
            "export format {} is newer than this nimbus understands",
            header.nimbus_audit_export
        )));
    }
    if header.verifier_key.trim() != vkey.trim() {
        return Err(OfflineError::Format(
            "the export names a different signing key than the one you trust; get the key from a source you trust \
             (`nimbus audit public-key` on the installation that wrote it)"
                .into(),
        ));
    }
    if header.from_seq != 1 {
        return Err(OfflineError::Format(format!(
            "the export starts at record {}; offline verification needs every record from 1 (export without --from)",
            header.from_seq
        )));
    }
    let mut report = OfflineReport { tenant_id: header.tenant_id, records: 0, checkpoints_checked: 0, problem: None };

    // Pass 1: the checkpoints (few), each checked against the trusted key.
    let mut checkpoints: Vec<Checkpoint> = Vec::new();
    let mut last_size = 0u64;
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            break;
        }
        if !line.starts_with("{\"checkpoint\"") {
            continue;
        }
        let parsed: ExportCheckpointLine = serde_json::from_str(line.trim_end())
            .map_err(|e| OfflineError::Format(format!("a checkpoint line is malformed: {e}")))?;
        let cp = parsed.checkpoint;
        match verifier.verify(&cp.note) {
            Ok(signed)
                if signed.size == cp.size && signed.origin == header.origin && signed.root.to_string() == cp.root =>
            {
                last_size = signed.size;
                checkpoints.push(signed);
            }
            Ok(_) => {
                report.problem = problem(
                    last_size + 1,
                    FindingKind::BadCheckpoint,
                    format!("the checkpoint line for size {} does not match its signed note", cp.size),
                );
                return Ok(report);
            }
            Err(e) => {
                report.problem = problem(
                    last_size + 1,
                    FindingKind::BadCheckpoint,
                    format!("the checkpoint for size {} does not verify: {e}", cp.size),
                );
                return Ok(report);
            }
        }
    }
    checkpoints.sort_by_key(|c| c.size);

    // Pass 2: the records.
    input.seek(SeekFrom::Start(0))?;
    line.clear();
    input.read_line(&mut line)?;
    let mut v = Verifier::new(1, None, checkpoints);
    let mut n = 0u64;
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            break;
        }
        n += 1;
        if line.starts_with("{\"checkpoint\"") || line.trim().is_empty() {
            continue;
        }
        let record: AuditRecord = match serde_json::from_str(line.trim_end()) {
            Ok(r) => r,
            Err(e) => {
                report.problem =
                    problem(report.records + 1, FindingKind::Altered, format!("line {} is not a record: {e}", n + 1));
                return Ok(report);
            }
        };
        let entry = match record.to_entry() {
            Ok(e) => e,
            Err(e) => {
                report.problem = problem(record.seq, FindingKind::Altered, format!("record {}: {e}", record.seq));
                return Ok(report);
            }
        };
        let stored = record.leaf_hash.as_deref().and_then(|h| Hash::from_hex(h).ok());
        v.push(record.seq, record_leaf_hash(record.seq, &entry), stored);
        report.records += 1;
    }
    let outcome = v.finish();
    report.checkpoints_checked = outcome.checkpoints_checked;
    report.problem =
        outcome.first_problem.map(|f| VerifyProblem { seq: f.seq, kind: f.kind.as_str().into(), detail: f.detail });
    Ok(report)
}
