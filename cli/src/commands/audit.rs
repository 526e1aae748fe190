//! `nimbus audit query | tail | verify | export | checkpoints | proof | public-key | taxonomy |
//! settings | saved`.

use std::io::Write;

use nimbus_core::api::audit::{
    ArchiveRunReport, ArchiveSegment, ArchiveSegmentList, AuditPage, AuditPublicKey, AuditQuery, AuditRecord,
    AuditSettings, CheckpointList, ConsistencyProof, ExportFormat, ExportParams, InclusionProof, SaveQuery,
    SavedQueryList, StreamEvent, Taxonomy, UpdateAuditSettings, VerifyParams, VerifyReport,
};
use nimbus_core::audit::offline;
use nimbus_core::client::Client;
use nimbus_core::tlog::{self, Hash, NoteVerifier};
use serde::Serialize;

use super::{Env, confirm, print_deleted, time};
use crate::args::{
    AuditArchiveCommand, AuditCommand, AuditFilterArgs, AuditProofCommand, AuditSavedCommand, AuditSettingsCommand,
    ExportFormatArg, OutputFormat,
};
use crate::exit::{CliError, CliResult};
use crate::output::{View, write_stdout};

fn to_query(f: &AuditFilterArgs) -> AuditQuery {
    AuditQuery {
        from: f.since,
        to: f.until,
        actor: f.actor.clone(),
        action: f.action.clone(),
        event_type: f.event_type.clone(),
        category: f.category.clone(),
        min_priority: f.min_priority.clone(),
        resource_type: f.resource_type.clone(),
        resource_id: f.resource_id.clone(),
        result: f.result.clone(),
        trace_id: f.trace_id.clone(),
        q: f.q.clone(),
        subtree: f.subtree,
        limit: None,
        cursor: None,
    }
}

fn resource(r: &AuditRecord) -> String {
    match (&r.resource_type, &r.resource_name, &r.resource_id) {
        (Some(t), Some(n), _) => format!("{t} {n}"),
        (Some(t), None, Some(id)) => format!("{t} {id}"),
        (Some(t), None, None) => t.clone(),
        _ => String::new(),
    }
}

fn record_row(r: &AuditRecord) -> Vec<String> {
    vec![
        r.seq.to_string(),
        time(&r.occurred_at),
        r.actor_display.clone(),
        r.event_type.clone(),
        r.outcome.clone(),
        resource(r),
    ]
}

const RECORD_HEADERS: [&str; 6] = ["SEQ", "TIME", "ACTOR", "EVENT", "RESULT", "RESOURCE"];

fn page_view(p: &AuditPage) -> View {
    let rows = View::Rows { headers: RECORD_HEADERS.to_vec(), rows: p.records.iter().map(record_row).collect() };
    match &p.next_cursor {
        Some(c) => View::Stack(vec![rows, View::Fields(vec![("NEXT", format!("--cursor {c}"))])]),
        None => rows,
    }
}

fn verify_view(r: &VerifyReport) -> View {
    let mut fields = vec![
        ("TENANT", r.tenant_id.to_string()),
        ("RESULT", if r.ok { "intact".into() } else { "TAMPERED".into() }),
        ("RECORDS", format!("{} ({} to {})", r.records, r.from_seq, r.to_seq)),
        ("CHECKPOINTS", r.checkpoints_checked.to_string()),
    ];
    if let Some(p) = &r.problem {
        fields.push(("FIRST BAD SEQ", p.seq.to_string()));
        fields.push(("PROBLEM", format!("{}: {}", p.kind, p.detail)));
    }
    View::Fields(fields)
}

fn checkpoints_view(l: &CheckpointList) -> View {
    View::Rows {
        headers: vec!["SIZE", "ROOT", "SIGNED"],
        rows: l.checkpoints.iter().map(|c| vec![c.size.to_string(), c.root.clone(), time(&c.created_at)]).collect(),
    }
}

fn key_view(k: &AuditPublicKey) -> View {
    View::Fields(vec![
        ("ALGORITHM", k.algorithm.clone()),
        ("KEY NAME", k.key_name.clone()),
        ("VERIFIER KEY", k.verifier_key.clone()),
    ])
}

fn taxonomy_view(t: &Taxonomy) -> View {
    View::Rows {
        headers: vec!["EVENT TYPE", "CATEGORY", "DESCRIPTION"],
        rows: t
            .event_types
            .iter()
            .map(|e| vec![e.event_type.clone(), e.category.clone(), e.description.clone()])
            .collect(),
    }
}

fn settings_view(s: &AuditSettings) -> View {
    View::Fields(vec![
        ("LOG READS", s.log_reads.to_string()),
        ("LOG WRITES", s.log_writes.to_string()),
        ("LOG AUTH", s.log_auth.to_string()),
        ("LOG ERRORS", s.log_errors.to_string()),
        ("REDACT", s.redact_fields.join(", ")),
        ("HOT DAYS", s.hot_days.to_string()),
    ])
}

fn saved_view(l: &SavedQueryList) -> View {
    View::Rows {
        headers: vec!["ID", "NAME", "SHARED", "FILTERS"],
        rows: l
            .queries
            .iter()
            .map(|q| {
                vec![
                    q.id.to_string(),
                    q.name.clone(),
                    q.shared.to_string(),
                    serde_json::to_string(&q.query).unwrap_or_default(),
                ]
            })
            .collect(),
    }
}

/// A proof with the outcome of checking it here.
#[derive(Debug, Serialize)]
struct Checked<T> {
    proof: T,
    verified: bool,
}

fn inclusion_view(c: &Checked<InclusionProof>) -> View {
    View::Fields(vec![
        ("RECORD", c.proof.seq.to_string()),
        ("LEAF", c.proof.leaf_hash.clone()),
        ("CHECKPOINT", format!("size {} root {}", c.proof.checkpoint.size, c.proof.checkpoint.root)),
        ("PROOF HASHES", c.proof.hashes.len().to_string()),
        ("VERIFIED", c.verified.to_string()),
    ])
}

fn consistency_view(c: &Checked<ConsistencyProof>) -> View {
    View::Fields(vec![
        ("OLD", format!("size {} root {}", c.proof.old.size, c.proof.old.root)),
        ("NEW", format!("size {} root {}", c.proof.new.size, c.proof.new.root)),
        ("PROOF HASHES", c.proof.hashes.len().to_string()),
        ("VERIFIED", c.verified.to_string()),
    ])
}

fn segment_rows(segments: &[ArchiveSegment]) -> Vec<Vec<String>> {
    segments
        .iter()
        .map(|g| {
            vec![
                g.first_seq.to_string(),
                g.last_seq.to_string(),
                g.records.to_string(),
                g.bytes.to_string(),
                g.checkpoint_size.to_string(),
                g.object.clone(),
            ]
        })
        .collect()
}

const SEGMENT_HEADERS: [&str; 6] = ["FIRST", "LAST", "RECORDS", "BYTES", "CHECKPOINT", "OBJECT"];

fn archive_view(l: &ArchiveSegmentList) -> View {
    View::Stack(vec![
        View::Fields(vec![
            ("TARGET", l.target.clone()),
            ("MISSING FROM ARCHIVE", l.missing.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")),
        ]),
        View::Rows { headers: SEGMENT_HEADERS.to_vec(), rows: segment_rows(&l.segments) },
    ])
}

fn archive_run_view(r: &ArchiveRunReport) -> View {
    View::Stack(vec![
        View::Fields(vec![("ARCHIVED RECORDS", r.records.to_string())]),
        View::Rows { headers: SEGMENT_HEADERS.to_vec(), rows: segment_rows(&r.segments) },
    ])
}

/// Copies a streamed body to a file or standard output.
async fn save(env: &Env, mut stream: nimbus_core::client::ByteStream, out: Option<&std::path::Path>) -> CliResult<()> {
    let mut sink: Box<dyn Write> = match out {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path)
                .map_err(|e| CliError::general(format!("cannot create {}: {e}", path.display())))?,
        )),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut bytes = 0u64;
    while let Some(chunk) = stream.next_chunk().await? {
        bytes += chunk.len() as u64;
        match sink.write_all(&chunk) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
            other => other?,
        }
    }
    sink.flush()?;
    if let Some(path) = out
        && !env.global.quiet
    {
        eprintln!("wrote {bytes} bytes to {}", path.display());
    }
    Ok(())
}

fn hashes(list: &[String]) -> CliResult<Vec<Hash>> {
    list.iter()
        .map(|h| Hash::from_hex(h).map_err(|e| CliError::general(format!("the daemon sent a malformed hash: {e}"))))
        .collect()
}

/// Checks a signed note against the daemon's key and returns its tree head.
fn signed(verifier: &NoteVerifier, note: &str) -> CliResult<tlog::Checkpoint> {
    verifier.verify(note).map_err(|e| CliError::general(format!("the checkpoint's signature does not verify: {e}")))
}

pub(super) async fn run(env: Env, cmd: &AuditCommand) -> CliResult<()> {
    match cmd {
        AuditCommand::PublicKey => {
            let ctx = env.context()?;
            return env.printer.print(&env.client(&ctx)?.audit_public_key().await?, key_view);
        }
        AuditCommand::Taxonomy => {
            let ctx = env.context()?;
            return env.printer.print(&env.client(&ctx)?.audit_taxonomy().await?, taxonomy_view);
        }
        AuditCommand::Verify { file: Some(path), public_key, .. } => {
            return verify_file(&env, path, public_key.as_deref());
        }
        AuditCommand::Saved(AuditSavedCommand::Delete { id, yes }) => {
            confirm(&format!("Delete saved query {id}?"), *yes)?;
        }
        _ => {}
    }
    let (client, tenant) = env.tenant_client().await?;
    match cmd {
        AuditCommand::Query { filters, limit, cursor, saved } => {
            let mut q = match saved {
                Some(name) => {
                    let list = client.saved_audit_queries(&tenant).await?;
                    list.queries.into_iter().find(|q| &q.name == name).map(|q| q.query).ok_or_else(|| {
                        CliError::new(crate::exit::NOT_FOUND, "not_found", format!("no saved query named {name:?}"))
                            .hint("`nimbus audit saved list` shows them")
                    })?
                }
                None => to_query(filters),
            };
            q.limit = Some(*limit);
            q.cursor.clone_from(cursor);
            env.printer.print(&client.audit_query(&tenant, &q).await?, page_view)
        }
        AuditCommand::Tail { follow, lines, subtree, event_type } => {
            tail(&env, &client, &tenant, *follow, *lines, *subtree, event_type.as_deref()).await
        }
        AuditCommand::Verify { from, to, .. } => {
            let report = client.audit_verify(&tenant, &VerifyParams { from_seq: *from, to_seq: *to }).await?;
            env.printer.print(&report, verify_view)?;
            if report.ok { Ok(()) } else { Err(CliError::verify_failed()) }
        }
        AuditCommand::Export { format, from, to, out } => {
            let format = match format {
                ExportFormatArg::Ndjson => ExportFormat::Ndjson,
                ExportFormatArg::Json => ExportFormat::Json,
                ExportFormatArg::Csv => ExportFormat::Csv,
            };
            let stream = client.audit_export(&tenant, &ExportParams { format, from_seq: *from, to_seq: *to }).await?;
            save(&env, stream, out.as_deref()).await
        }
        AuditCommand::Checkpoints { from, limit } => {
            env.printer.print(&client.audit_checkpoints(&tenant, *from, Some(*limit)).await?, checkpoints_view)
        }
        AuditCommand::Proof(p) => {
            let key = client.audit_public_key().await?;
            let verifier = NoteVerifier::from_vkey(&key.verifier_key)
                .map_err(|e| CliError::general(format!("the daemon's public key is malformed: {e}")))?;
            match p {
                AuditProofCommand::Inclusion { seq, size } => {
                    let proof = client.audit_inclusion(&tenant, *seq, *size).await?;
                    let head = signed(&verifier, &proof.checkpoint.note)?;
                    let leaf = Hash::from_hex(&proof.leaf_hash)
                        .map_err(|e| CliError::general(format!("the daemon sent a malformed hash: {e}")))?;
                    let verified =
                        tlog::verify_inclusion(&leaf, seq - 1, head.size, &hashes(&proof.hashes)?, &head.root).is_ok();
                    env.printer.print(&Checked { proof, verified }, inclusion_view)?;
                    if verified { Ok(()) } else { Err(CliError::verify_failed()) }
                }
                AuditProofCommand::Consistency { old, new } => {
                    let proof = client.audit_consistency(&tenant, *old, *new).await?;
                    let (a, b) = (signed(&verifier, &proof.old.note)?, signed(&verifier, &proof.new.note)?);
                    let verified =
                        tlog::verify_consistency(a.size, b.size, &a.root, &b.root, &hashes(&proof.hashes)?).is_ok();
                    env.printer.print(&Checked { proof, verified }, consistency_view)?;
                    if verified { Ok(()) } else { Err(CliError::verify_failed()) }
                }
            }
        }
        AuditCommand::Taxonomy => Ok(()),
        AuditCommand::Settings(AuditSettingsCommand::Show) => {
            env.printer.print(&client.audit_settings(&tenant).await?, settings_view)
        }
        AuditCommand::Settings(AuditSettingsCommand::Set {
            log_reads,
            log_writes,
            log_auth,
            log_errors,
            redact,
            clear_redact,
            hot_days,
        }) => {
            let request = UpdateAuditSettings {
                log_reads: *log_reads,
                log_writes: *log_writes,
                log_auth: *log_auth,
                log_errors: *log_errors,
                redact_fields: if *clear_redact {
                    Some(Vec::new())
                } else if redact.is_empty() {
                    None
                } else {
                    Some(redact.clone())
                },
                hot_days: *hot_days,
                category_hot_days: None,
            };
            super::require_change(request != UpdateAuditSettings::default())?;
            env.printer.print(&client.update_audit_settings(&tenant, &request).await?, settings_view)
        }
        AuditCommand::Saved(AuditSavedCommand::List) => {
            env.printer.print(&client.saved_audit_queries(&tenant).await?, saved_view)
        }
        AuditCommand::Saved(AuditSavedCommand::Save { name, shared, filters }) => {
            let request = SaveQuery { name: name.clone(), shared: *shared, query: to_query(filters) };
            let saved = client.save_audit_query(&tenant, &request).await?;
            env.printer.print(&SavedQueryList { queries: vec![saved] }, saved_view)
        }
        AuditCommand::Saved(AuditSavedCommand::Delete { id, .. }) => {
            client.delete_audit_query(&tenant, *id).await?;
            print_deleted(&env, "saved query", id)
        }
        AuditCommand::Archive(AuditArchiveCommand::Run) => {
            env.printer.print(&client.run_audit_archival(&tenant).await?, archive_run_view)
        }
        AuditCommand::Archive(AuditArchiveCommand::List) => {
            env.printer.print(&client.audit_archive(&tenant).await?, archive_view)
        }
        AuditCommand::Archive(AuditArchiveCommand::Fetch { first_seq, out }) => {
            save(&env, client.fetch_audit_segment(&tenant, *first_seq).await?, out.as_deref()).await
        }
        AuditCommand::PublicKey => Ok(()),
    }
}

fn verify_file(env: &Env, path: &std::path::Path, vkey: Option<&str>) -> CliResult<()> {
    let vkey = vkey.ok_or_else(|| {
        CliError::usage("--public-key is required with --file").hint("`nimbus audit public-key` prints it")
    })?;
    let file =
        std::fs::File::open(path).map_err(|e| CliError::general(format!("cannot open {}: {e}", path.display())))?;
    let report = offline::verify_ndjson(std::io::BufReader::with_capacity(1 << 20, file), vkey)
        .map_err(|e| CliError::general(e.to_string()))?;
    let wire = VerifyReport {
        tenant_id: report.tenant_id,
        ok: report.problem.is_none(),
        from_seq: 1,
        to_seq: report.records,
        records: report.records,
        checkpoints_checked: report.checkpoints_checked,
        problem: report.problem,
    };
    env.printer.print(&wire, verify_view)?;
    if wire.ok { Ok(()) } else { Err(CliError::verify_failed()) }
}

/// Prints one record as a tail line: a JSON line with `-o json`, else a table-like line.
fn tail_line(env: &Env, r: &AuditRecord) -> CliResult<()> {
    let text = match env.printer.format() {
        OutputFormat::Json => serde_json::to_string(r).map_err(|e| CliError::general(e.to_string()))?,
        OutputFormat::Yaml => {
            format!("---\n{}", yaml_serde::to_string(r).map_err(|e| CliError::general(e.to_string()))?)
        }
        OutputFormat::Table => record_row(r).join("   "),
    };
    write_stdout(&format!("{}\n", text.trim_end()))
}

async fn tail(
    env: &Env,
    client: &Client,
    tenant: &str,
    follow: bool,
    lines: u32,
    subtree: bool,
    event: Option<&str>,
) -> CliResult<()> {
    let q = AuditQuery {
        subtree,
        event_type: event.map(str::to_owned),
        limit: Some(lines.clamp(1, 1000)),
        ..AuditQuery::default()
    };
    let page = if lines > 0 { client.audit_query(tenant, &q).await?.records } else { Vec::new() };
    // Resume the stream right after what was printed, per tenant.
    let mut last: std::collections::BTreeMap<String, u64> = std::collections::BTreeMap::new();
    for r in page.iter().rev() {
        tail_line(env, r)?;
        let e = last.entry(r.tenant_id.as_uuid().simple().to_string()).or_insert(0);
        *e = (*e).max(r.seq);
    }
    if !follow {
        return Ok(());
    }
    let mut cursor: Option<String> =
        (!last.is_empty()).then(|| last.iter().map(|(t, s)| format!("{t}:{s}")).collect::<Vec<_>>().join(","));
    let mut announced = false;
    loop {
        match client.events(Some(tenant), subtree, Some("audit.*"), cursor.as_deref()).await {
            Ok(mut stream) => {
                if !env.global.quiet {
                    eprintln!("{}", if announced { "reconnected" } else { "following new records (ctrl-c to stop)" });
                }
                announced = false;
                while let Ok(Some(ev)) = stream.next_event().await {
                    {
                        {
                            let Ok(body) = serde_json::from_str::<StreamEvent>(&ev.data) else { continue };
                            if let Some(id) = ev.id {
                                cursor = Some(id);
                            }
                            let Ok(record) = serde_json::from_value::<AuditRecord>(body.data) else { continue };
                            if let Some(glob) = event
                                && !glob_match(glob, &record.event_type)
                            {
                                continue;
                            }
                            tail_line(env, &record)?;
                        }
                    }
                }
            }
            Err(e @ nimbus_core::client::ClientError::Api { status: 400..500, .. }) => return Err(e.into()),
            Err(_) => {}
        }
        if !announced && !env.global.quiet {
            eprintln!("disconnected — retrying");
            announced = true;
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
}

fn glob_match(pattern: &str, text: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == text,
        Some((head, rest)) => {
            text.starts_with(head)
                && (head.len()..=text.len()).any(|i| text.is_char_boundary(i) && glob_match(rest, &text[i..]))
        }
    }
}
