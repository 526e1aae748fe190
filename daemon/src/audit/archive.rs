//! Audit archive segments: already-redacted audit records of one tenant, stored as one gzip NDJSON
//! object per sequence range with a JSON manifest beside it, in a local directory or an
//! S3-compatible bucket.
//!
//! Owns the archive configuration, the object layout (`audit/<tenant>/<first>-<last>.ndjson.gz`
//! and `….manifest.json`, zero-padded to 20 digits, under the target's prefix), writing a segment
//! with bounded memory, listing a tenant's manifests, and reading segments back verified against
//! their manifest (size and SHA-256 of the stored object, then the line count).
//!
//! It must not read or delete database rows, decide which records are due for archival, look
//! inside or redact records, or verify checkpoint signatures: the caller owns the audit log and
//! its transparency log. Credentials never reach `Debug`, `describe` or a log line.

use std::fmt;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bytes::{Buf, Bytes};
use chrono::{DateTime, Utc};
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use futures::{Stream, StreamExt, TryStreamExt};
use nimbus_core::ids::TenantId;
use object_store::aws::AmazonS3Builder;
use object_store::buffered::BufWriter;
use object_store::local::LocalFileSystem;
use object_store::path::Path as ObjectPath;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

/// The manifest format this code writes and reads.
pub(crate) const MANIFEST_FORMAT: u32 = 1;

/// Size of one multipart part; S3 rejects parts under 5 MiB other than the last.
const PART_SIZE: usize = 8 * 1024 * 1024;
/// Parts in flight at once. A write holds at most about `PART_SIZE * (PARALLEL_PARTS + 1)`
/// plus [`FLUSH_AT`] bytes, whatever the segment's size.
const PARALLEL_PARTS: usize = 2;
/// Compressed bytes collected before they are hashed and handed to the upload.
const FLUSH_AT: usize = 256 * 1024;
/// Manifests read at once by [`ArchiveTarget::list`].
const PARALLEL_MANIFESTS: usize = 8;

/// Where audit segments are archived (the `kind` field selects the variant).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ArchiveConfig {
    /// A local (or mounted) directory.
    Directory {
        /// Unset means `<data_dir>/audit-archive`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        path: Option<PathBuf>,
    },
    /// An S3 bucket or an S3-compatible store (MinIO, Ceph, moto).
    S3 {
        /// The bucket; it must exist.
        bucket: String,
        /// Key prefix inside the bucket (segments go under `<prefix>/audit/`).
        #[serde(default)]
        prefix: Option<String>,
        /// Unset means the AWS environment's region, else `us-east-1`.
        #[serde(default)]
        region: Option<String>,
        /// For S3-compatible stores, e.g. `http://127.0.0.1:9000`; path-style requests are used.
        #[serde(default)]
        endpoint: Option<String>,
        /// Allow a plain `http://` endpoint.
        #[serde(default)]
        allow_http: bool,
        /// Static credentials, together with `secret_access_key_file`. Unset means the AWS
        /// environment (`AWS_ACCESS_KEY_ID`, web identity, container or instance credentials).
        #[serde(default)]
        access_key_id: Option<String>,
        /// File holding the secret access key (surrounding whitespace is ignored).
        #[serde(default)]
        secret_access_key_file: Option<PathBuf>,
    },
}

/// An opened archive: the object store and the prefix segments are written under.
///
/// `Debug` shows only [`ArchiveTarget::describe`], never the store's configuration.
#[derive(Clone)]
pub struct ArchiveTarget {
    store: Arc<dyn ObjectStore>,
    prefix: Option<ObjectPath>,
    description: String,
    part_size: usize,
}

impl fmt::Debug for ArchiveTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ArchiveTarget").field("target", &self.description).finish_non_exhaustive()
    }
}

/// What the caller knows about a segment before writing it.
#[derive(Clone, Debug)]
pub(crate) struct SegmentMeta {
    pub(crate) tenant: TenantId,
    /// First sequence number in the segment (inclusive).
    pub(crate) first_seq: u64,
    /// Last sequence number in the segment (inclusive).
    pub(crate) last_seq: u64,
    /// The C2SP signed note of a checkpoint that covers `last_seq`; stored verbatim.
    pub(crate) checkpoint_note: String,
    /// The tree size of that checkpoint (must equal the note's second line, and be ≥ `last_seq`).
    pub(crate) checkpoint_size: u64,
}

/// The manifest stored beside each segment object, and what [`ArchiveTarget::list`] returns.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub(crate) struct SegmentManifest {
    /// [`MANIFEST_FORMAT`].
    pub(crate) format: u32,
    pub(crate) tenant_id: TenantId,
    pub(crate) first_seq: u64,
    pub(crate) last_seq: u64,
    /// Lines in the segment (`last_seq - first_seq + 1`).
    pub(crate) records: u64,
    /// The segment object's name relative to the target (`audit/<tenant>/…ndjson.gz`), so a copied
    /// archive stays valid under another prefix or bucket.
    pub(crate) object: String,
    /// Size of the compressed object.
    pub(crate) bytes: u64,
    /// Lowercase hex SHA-256 of the compressed object.
    pub(crate) sha256: String,
    pub(crate) checkpoint_size: u64,
    /// The C2SP signed note of the checkpoint.
    pub(crate) checkpoint: String,
    /// When the segment was first archived; kept when the same content is written again.
    pub(crate) created_at: DateTime<Utc>,
}

/// What archiving can fail with.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ArchiveError {
    /// The archive configuration cannot be used; the message names the field.
    #[error("audit archive config: {0}")]
    Config(String),
    /// The records given do not form the segment described; nothing was stored for it.
    #[error("audit segment {segment}: {reason}")]
    InvalidSegment {
        /// The segment's object name.
        segment: String,
        /// What was wrong and what to pass instead.
        reason: String,
    },
    /// Producing the records to archive failed (the caller's error, passed through the stream).
    #[error("reading the audit records to archive failed: {0}")]
    Records(Box<dyn std::error::Error + Send + Sync>),
    /// The object store failed.
    #[error("audit archive could not {action} {key}: {error}; check that the archive target is reachable and writable")]
    Store {
        /// What was being done (`write`, `read`, `list`).
        action: &'static str,
        /// The object or prefix.
        key: String,
        /// What the store reported (part of the message, not a `source`, as elsewhere in nimbusd).
        error: object_store::Error,
    },
    /// A stored segment or manifest does not match what was archived.
    #[error(
        "archived audit segment {segment} does not match its manifest: {reason}; restore the segment and its manifest from a copy of the archive"
    )]
    Corrupt {
        /// The segment's object name (or the manifest's, when the manifest itself is bad).
        segment: String,
        /// What did not match.
        reason: String,
    },
}

impl ArchiveError {
    /// Wraps the caller's error for the `lines` stream of [`ArchiveTarget::write_segment`].
    pub(crate) fn records(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        Self::Records(error.into())
    }

    fn store(action: &'static str, key: &ObjectPath, error: object_store::Error) -> Self {
        Self::Store { action, key: key.to_string(), error }
    }
}

impl ArchiveTarget {
    /// Opens (for a directory: creates) the archive. Does no network I/O; S3 credentials are
    /// checked by the first request.
    pub(crate) fn open(cfg: &ArchiveConfig, data_dir: &Path) -> Result<Self, ArchiveError> {
        match cfg {
            ArchiveConfig::Directory { path } => {
                let dir = path.clone().unwrap_or_else(|| data_dir.join("audit-archive"));
                std::fs::create_dir_all(&dir).map_err(|e| {
                    ArchiveError::Config(format!(
                        "cannot create the archive directory {}: {e}; create it or set a writable `path`",
                        dir.display()
                    ))
                })?;
                let store = LocalFileSystem::new_with_prefix(&dir).map_err(|e| {
                    ArchiveError::Config(format!(
                        "cannot use the archive directory {}: {e}; set `path` to a readable, writable directory",
                        dir.display()
                    ))
                })?;
                let shown = std::fs::canonicalize(&dir).unwrap_or(dir);
                Ok(Self {
                    store: Arc::new(store),
                    prefix: None,
                    description: format!("directory {}", shown.display()),
                    part_size: PART_SIZE,
                })
            }
            ArchiveConfig::S3 {
                bucket,
                prefix,
                region,
                endpoint,
                allow_http,
                access_key_id,
                secret_access_key_file,
            } => {
                if bucket.trim().is_empty() {
                    return Err(ArchiveError::Config("`bucket` is empty; name an existing bucket".into()));
                }
                let prefix = match prefix.as_deref().map(|p| p.trim_matches('/')).filter(|p| !p.is_empty()) {
                    Some(p) => Some(ObjectPath::parse(p).map_err(|e| {
                        ArchiveError::Config(format!(
                            "`prefix` {p:?} is not a valid key prefix: {e}; use '/'-separated names without '.' or '..'"
                        ))
                    })?),
                    None => None,
                };
                let mut builder = match (access_key_id, secret_access_key_file) {
                    (Some(id), Some(file)) => {
                        AmazonS3Builder::new().with_access_key_id(id).with_secret_access_key(read_secret_file(file)?)
                    }
                    (None, None) => AmazonS3Builder::from_env(),
                    _ => {
                        return Err(ArchiveError::Config(
                            "set both `access_key_id` and `secret_access_key_file`, or neither to use the AWS environment's credentials"
                                .into(),
                        ));
                    }
                };
                builder = builder.with_bucket_name(bucket).with_allow_http(*allow_http);
                if let Some(region) = region {
                    builder = builder.with_region(region);
                }
                if let Some(endpoint) = endpoint {
                    builder = builder.with_endpoint(endpoint).with_virtual_hosted_style_request(false);
                }
                // reqwest is built without a default rustls provider; the daemon uses ring.
                let _ = rustls::crypto::ring::default_provider().install_default();
                let store = builder.build().map_err(|e| {
                    ArchiveError::Config(format!(
                        "cannot set up the S3 archive in bucket {bucket}: {e}; check `bucket`, `region` and `endpoint`"
                    ))
                })?;
                let description = match &prefix {
                    Some(p) => format!("s3://{bucket}/{p}"),
                    None => format!("s3://{bucket}"),
                };
                Ok(Self { store: Arc::new(store), prefix, description, part_size: PART_SIZE })
            }
        }
    }

    /// Where the archive is, for logs and `nimbus audit archive` output: `directory /path` or
    /// `s3://bucket/prefix`. Never contains credentials.
    pub(crate) fn describe(&self) -> String {
        self.description.clone()
    }

    /// Writes one segment: the gzip NDJSON object of `lines`, then its manifest, and returns the
    /// manifest.
    ///
    /// `lines` yields one record per item, in sequence order from `first_seq`: the record's
    /// canonical JSON without a trailing newline (empty items and items containing `\n` are
    /// refused). The stream is consumed as the object is uploaded (multipart once it passes one
    /// part), so memory stays bounded however long the segment is; pass the caller's own errors
    /// with [`ArchiveError::records`]. Compression and hashing run on the calling task, so run
    /// archival on a task of its own rather than inside a request.
    ///
    /// Unless exactly `last_seq - first_seq + 1` lines arrive, the upload is aborted and no
    /// manifest is written (a segment object without a manifest is ignored by [`Self::list`]).
    /// Writing the same range with the same lines again stores identical bytes and returns the
    /// existing manifest unchanged; different lines for an archived range replace it (with a
    /// warning), so callers must archive a range only from its final records.
    pub(crate) async fn write_segment<S>(&self, meta: SegmentMeta, lines: S) -> Result<SegmentManifest, ArchiveError>
    where
        S: Stream<Item = Result<Vec<u8>, ArchiveError>>,
    {
        let object = object_name(meta.tenant, meta.first_seq, meta.last_seq);
        let invalid = |reason: String| ArchiveError::InvalidSegment { segment: object.clone(), reason };
        if meta.first_seq > meta.last_seq {
            return Err(invalid(format!(
                "first_seq {} is after last_seq {}; pass a non-empty range",
                meta.first_seq, meta.last_seq
            )));
        }
        if meta.checkpoint_size < meta.last_seq {
            return Err(invalid(format!(
                "the checkpoint of size {} does not cover last_seq {}; pass a checkpoint taken after the segment's last record",
                meta.checkpoint_size, meta.last_seq
            )));
        }
        match note_tree_size(&meta.checkpoint_note) {
            Some(size) if size == meta.checkpoint_size => {}
            Some(size) => {
                return Err(invalid(format!(
                    "the checkpoint note is for tree size {size} but checkpoint_size is {}; pass the note and size of the same checkpoint",
                    meta.checkpoint_size
                )));
            }
            None => {
                return Err(invalid(
                    "the checkpoint is not a C2SP signed note (its second line must be the tree size); pass the signed checkpoint"
                        .into(),
                ));
            }
        }
        let expected = meta.last_seq - meta.first_seq + 1;
        let location = self.location(&object);
        let mut writer = BufWriter::with_capacity(Arc::clone(&self.store), location.clone(), self.part_size)
            .with_max_concurrency(PARALLEL_PARTS);

        let written = match self.upload_lines(&mut writer, &location, &object, &meta, expected, lines).await {
            Ok(written) => written,
            Err(e) => {
                if let Err(abort) = writer.abort().await {
                    tracing::warn!(segment = %object, error = %abort, "could not abort an unfinished archive upload");
                }
                return Err(e);
            }
        };
        writer.shutdown().await.map_err(|e| match e.downcast::<object_store::Error>() {
            Ok(source) => ArchiveError::store("write", &location, source),
            Err(e) => ArchiveError::store(
                "write",
                &location,
                object_store::Error::Generic { store: "archive", source: Box::new(e) },
            ),
        })?;

        let manifest = SegmentManifest {
            format: MANIFEST_FORMAT,
            tenant_id: meta.tenant,
            first_seq: meta.first_seq,
            last_seq: meta.last_seq,
            records: expected,
            object: object.clone(),
            bytes: written.bytes,
            sha256: written.sha256,
            checkpoint_size: meta.checkpoint_size,
            checkpoint: meta.checkpoint_note,
            created_at: Utc::now(),
        };
        let manifest_location = self.location(&manifest_name(meta.tenant, meta.first_seq, meta.last_seq));
        // An unreadable old manifest is simply replaced.
        if let Ok(Some(existing)) = self.read_manifest(&manifest_location).await {
            let unchanged = SegmentManifest { created_at: existing.created_at, ..manifest.clone() };
            if unchanged == existing {
                return Ok(existing);
            }
            tracing::warn!(segment = %object, "an archived segment was written again with different content; replacing its manifest");
        }
        let mut json = serde_json::to_vec_pretty(&manifest).map_err(|e| ArchiveError::Corrupt {
            segment: object.clone(),
            reason: format!("the manifest cannot be serialized: {e}"),
        })?;
        json.push(b'\n');
        self.store
            .put(&manifest_location, PutPayload::from(json))
            .await
            .map_err(|e| ArchiveError::store("write", &manifest_location, e))?;
        Ok(manifest)
    }

    /// Compresses `lines` into `writer`, hashing the compressed bytes on the way.
    async fn upload_lines<S>(
        &self,
        writer: &mut BufWriter,
        location: &ObjectPath,
        object: &str,
        meta: &SegmentMeta,
        expected: u64,
        lines: S,
    ) -> Result<Written, ArchiveError>
    where
        S: Stream<Item = Result<Vec<u8>, ArchiveError>>,
    {
        let invalid = |reason: String| ArchiveError::InvalidSegment { segment: object.to_owned(), reason };
        let mut lines = std::pin::pin!(lines);
        // mtime 0 and no file name in the header: the same lines always compress to the same bytes.
        let mut encoder = GzEncoder::new(Vec::with_capacity(FLUSH_AT * 2), Compression::default());
        let mut hasher = Sha256::new();
        let mut bytes = 0u64;
        let mut count = 0u64;
        let mut flush = async |chunk: Vec<u8>, writer: &mut BufWriter| {
            hasher.update(&chunk);
            bytes += chunk.len() as u64;
            writer.put(Bytes::from(chunk)).await.map_err(|e| ArchiveError::store("write", location, e))
        };
        while let Some(line) = lines.next().await {
            let line = line?;
            let seq = meta.first_seq + count;
            if count == expected {
                return Err(invalid(format!(
                    "more than the {expected} lines of the range were given; pass exactly one line per sequence number"
                )));
            }
            if line.is_empty() || line.contains(&b'\n') {
                return Err(invalid(format!(
                    "record {seq} is empty or contains a newline; pass each record as one line of canonical JSON"
                )));
            }
            gzip_write(&mut encoder, &line, object)?;
            gzip_write(&mut encoder, b"\n", object)?;
            count += 1;
            if encoder.get_ref().len() >= FLUSH_AT {
                let chunk = std::mem::replace(encoder.get_mut(), Vec::with_capacity(FLUSH_AT * 2));
                flush(chunk, writer).await?;
            }
        }
        if count != expected {
            return Err(invalid(format!(
                "the range holds {expected} records but {count} lines were given; pass exactly one line per sequence number"
            )));
        }
        let tail = encoder.finish().map_err(|e| invalid(format!("compression failed: {e}")))?;
        flush(tail, writer).await?;
        Ok(Written { bytes, sha256: hex::encode(hasher.finalize()) })
    }

    /// The tenant's archived segments, sorted by `first_seq`. Reads every manifest under the
    /// tenant's folder; objects without a manifest are ignored, a manifest that cannot be read or
    /// does not fit its name is an error.
    pub(crate) async fn list(&self, tenant: TenantId) -> Result<Vec<SegmentManifest>, ArchiveError> {
        let folder = self.location(&format!("audit/{tenant}"));
        let objects: Vec<_> =
            self.store.list(Some(&folder)).try_collect().await.map_err(|e| ArchiveError::store("list", &folder, e))?;
        let mut manifests: Vec<SegmentManifest> =
            futures::stream::iter(objects.into_iter().filter(|o| o.location.as_ref().ends_with(".manifest.json")))
                .map(|o| async move {
                    let manifest = self.read_manifest(&o.location).await?.ok_or_else(|| ArchiveError::Corrupt {
                        segment: o.location.to_string(),
                        reason: "the manifest disappeared while listing".into(),
                    })?;
                    let expected = self.location(&manifest_name(tenant, manifest.first_seq, manifest.last_seq));
                    if manifest.tenant_id != tenant || o.location != expected {
                        return Err(ArchiveError::Corrupt {
                            segment: o.location.to_string(),
                            reason: format!("the manifest describes {} instead", manifest.object),
                        });
                    }
                    Ok(manifest)
                })
                .buffer_unordered(PARALLEL_MANIFESTS)
                .try_collect()
                .await?;
        manifests.sort_by_key(|m| (m.first_seq, m.last_seq));
        Ok(manifests)
    }

    /// The segment's lines (without their newlines), verified first: the whole compressed object
    /// is read (about `manifest.bytes` of memory) and checked against the manifest's size and
    /// SHA-256 before anything is yielded; the stream then decompresses as it is polled and ends
    /// with an error if the line count differs from `manifest.records`. Errors name the segment.
    pub(crate) async fn fetch(
        &self,
        manifest: &SegmentManifest,
    ) -> Result<impl Stream<Item = Result<Vec<u8>, ArchiveError>> + Send + use<>, ArchiveError> {
        let data = self.fetch_raw(manifest).await?;
        Ok(futures::stream::iter(SegmentLines {
            reader: BufReader::new(GzDecoder::new(data.reader())),
            segment: manifest.object.clone(),
            expected: manifest.records,
            seen: 0,
            done: false,
        }))
    }

    /// The segment's `.ndjson.gz` object as stored, after checking its size and SHA-256 against
    /// the manifest.
    pub(crate) async fn fetch_raw(&self, manifest: &SegmentManifest) -> Result<Bytes, ArchiveError> {
        check_manifest(manifest, &manifest.object)?;
        let corrupt = |reason: String| ArchiveError::Corrupt { segment: manifest.object.clone(), reason };
        let location = self.location(&manifest.object);
        let data = match self.store.get(&location).await {
            Ok(got) => got.bytes().await.map_err(|e| ArchiveError::store("read", &location, e))?,
            Err(object_store::Error::NotFound { .. }) => return Err(corrupt("the segment object is missing".into())),
            Err(e) => return Err(ArchiveError::store("read", &location, e)),
        };
        if data.len() as u64 != manifest.bytes {
            return Err(corrupt(format!("it is {} bytes, the manifest says {}", data.len(), manifest.bytes)));
        }
        let sha256 = hex::encode(Sha256::digest(&data));
        if sha256 != manifest.sha256 {
            return Err(corrupt(format!("its SHA-256 is {sha256}, the manifest says {}", manifest.sha256)));
        }
        Ok(data)
    }

    /// Reads and checks the manifest at `location`; `None` if there is none.
    async fn read_manifest(&self, location: &ObjectPath) -> Result<Option<SegmentManifest>, ArchiveError> {
        let data = match self.store.get(location).await {
            Ok(got) => got.bytes().await.map_err(|e| ArchiveError::store("read", location, e))?,
            Err(object_store::Error::NotFound { .. }) => return Ok(None),
            Err(e) => return Err(ArchiveError::store("read", location, e)),
        };
        let manifest: SegmentManifest = serde_json::from_slice(&data).map_err(|e| ArchiveError::Corrupt {
            segment: location.to_string(),
            reason: format!("the manifest is not valid JSON: {e}"),
        })?;
        check_manifest(&manifest, location.as_ref())?;
        Ok(Some(manifest))
    }

    /// The object path of `name` under the target's prefix.
    fn location(&self, name: &str) -> ObjectPath {
        match &self.prefix {
            Some(prefix) => ObjectPath::from(format!("{prefix}/{name}")),
            None => ObjectPath::from(name),
        }
    }
}

/// What an upload produced.
struct Written {
    bytes: u64,
    sha256: String,
}

/// The decompressed lines of a verified segment.
struct SegmentLines {
    reader: BufReader<GzDecoder<bytes::buf::Reader<Bytes>>>,
    segment: String,
    expected: u64,
    seen: u64,
    done: bool,
}

impl Iterator for SegmentLines {
    type Item = Result<Vec<u8>, ArchiveError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut line = Vec::new();
        let problem = match self.reader.read_until(b'\n', &mut line) {
            Ok(0) if self.seen == self.expected => {
                self.done = true;
                return None;
            }
            Ok(0) => format!("it holds {} lines, the manifest says {}", self.seen, self.expected),
            Ok(_) if line.pop() != Some(b'\n') || line.is_empty() => {
                format!("line {} is empty or unterminated", self.seen + 1)
            }
            Ok(_) if self.seen == self.expected => {
                format!("it holds more lines than the {} the manifest says", self.expected)
            }
            Ok(_) => {
                self.seen += 1;
                return Some(Ok(line));
            }
            Err(e) => format!("it cannot be decompressed: {e}"),
        };
        self.done = true;
        Some(Err(ArchiveError::Corrupt { segment: self.segment.clone(), reason: problem }))
    }
}

/// `audit/<tenant>/<first_seq:020>-<last_seq:020>.ndjson.gz`
fn object_name(tenant: TenantId, first_seq: u64, last_seq: u64) -> String {
    format!("audit/{tenant}/{first_seq:020}-{last_seq:020}.ndjson.gz")
}

/// `audit/<tenant>/<first_seq:020>-<last_seq:020>.manifest.json`
fn manifest_name(tenant: TenantId, first_seq: u64, last_seq: u64) -> String {
    format!("audit/{tenant}/{first_seq:020}-{last_seq:020}.manifest.json")
}

/// Checks what a manifest says about itself: its format and that its fields agree.
fn check_manifest(manifest: &SegmentManifest, name: &str) -> Result<(), ArchiveError> {
    let corrupt = |reason: String| ArchiveError::Corrupt { segment: name.to_owned(), reason };
    if manifest.format != MANIFEST_FORMAT {
        return Err(corrupt(format!(
            "manifest format {} is not the format {MANIFEST_FORMAT} this nimbusd reads (upgrade nimbusd to read it)",
            manifest.format
        )));
    }
    let object = object_name(manifest.tenant_id, manifest.first_seq, manifest.last_seq);
    if manifest.object != object {
        return Err(corrupt(format!("the manifest names object {}, its range is {object}", manifest.object)));
    }
    if manifest.first_seq > manifest.last_seq || manifest.records != manifest.last_seq - manifest.first_seq + 1 {
        return Err(corrupt(format!(
            "the manifest says {} records for {}..={}",
            manifest.records, manifest.first_seq, manifest.last_seq
        )));
    }
    Ok(())
}

/// The tree size on the second line of a C2SP checkpoint note.
fn note_tree_size(note: &str) -> Option<u64> {
    let size = note.lines().nth(1)?;
    if size.is_empty() || !size.bytes().all(|b| b.is_ascii_digit()) || (size.len() > 1 && size.starts_with('0')) {
        return None;
    }
    size.parse().ok()
}

fn gzip_write(encoder: &mut GzEncoder<Vec<u8>>, bytes: &[u8], object: &str) -> Result<(), ArchiveError> {
    encoder.write_all(bytes).map_err(|e| ArchiveError::InvalidSegment {
        segment: object.to_owned(),
        reason: format!("compression failed: {e}"),
    })
}

fn read_secret_file(file: &Path) -> Result<String, ArchiveError> {
    let raw = std::fs::read_to_string(file).map_err(|e| {
        ArchiveError::Config(format!(
            "cannot read `secret_access_key_file` {}: {e}; check the path and its permissions",
            file.display()
        ))
    })?;
    let secret = raw.trim();
    if secret.is_empty() {
        return Err(ArchiveError::Config(format!(
            "`secret_access_key_file` {} is empty; write the secret access key into it",
            file.display()
        )));
    }
    Ok(secret.to_owned())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used, clippy::unwrap_used)]

    use super::*;

    const SECRET: &str = "s3cr3t-Must-Not-Print";

    fn note(size: u64) -> String {
        format!(
            "nimbus.test/audit\n{size}\nRGVhZGJlZWZkZWFkYmVlZmRlYWRiZWVmZGVhZGJlZWY=\n\n— nimbus.test/audit AAAAAQ==\n"
        )
    }

    fn meta(tenant: TenantId, first_seq: u64, last_seq: u64) -> SegmentMeta {
        SegmentMeta { tenant, first_seq, last_seq, checkpoint_note: note(last_seq + 3), checkpoint_size: last_seq + 3 }
    }

    fn record(tenant: TenantId, seq: u64) -> Vec<u8> {
        let detail = "é\\\"x".repeat((seq % 5) as usize);
        format!(r#"{{"action":"user.login","detail":"{detail}","seq":{seq},"tenant_id":"{tenant}"}}"#).into_bytes()
    }

    fn records(tenant: TenantId, first: u64, last: u64) -> Vec<Vec<u8>> {
        (first..=last).map(|seq| record(tenant, seq)).collect()
    }

    fn stream_of(lines: Vec<Vec<u8>>) -> impl Stream<Item = Result<Vec<u8>, ArchiveError>> {
        futures::stream::iter(lines.into_iter().map(Ok))
    }

    async fn fetched(target: &ArchiveTarget, manifest: &SegmentManifest) -> Vec<Vec<u8>> {
        target.fetch(manifest).await.unwrap().try_collect().await.unwrap()
    }

    fn directory(dir: &Path) -> ArchiveTarget {
        ArchiveTarget::open(&ArchiveConfig::Directory { path: Some(dir.join("archive")) }, dir).unwrap()
    }

    /// Flips one byte in the middle of a stored object.
    async fn corrupt(target: &ArchiveTarget, object: &str) {
        let location = target.location(object);
        let mut data = target.store.get(&location).await.unwrap().bytes().await.unwrap().to_vec();
        let middle = data.len() / 2;
        data[middle] ^= 0x20;
        target.store.put(&location, PutPayload::from(data)).await.unwrap();
    }

    /// The same story for every kind of target: segments of two tenants written, listed, read
    /// back, written again, and one corrupted.
    async fn story(target: &ArchiveTarget) {
        let (acme, globex) = (TenantId::generate(), TenantId::generate());
        let mut written = Vec::new();
        for (tenant, first, last) in [(acme, 101, 250), (globex, 1, 1), (acme, 1, 100)] {
            let manifest =
                target.write_segment(meta(tenant, first, last), stream_of(records(tenant, first, last))).await;
            written.push(manifest.unwrap());
        }
        let manifest = &written[2];
        assert_eq!(manifest.format, 1);
        assert_eq!((manifest.tenant_id, manifest.first_seq, manifest.last_seq, manifest.records), (acme, 1, 100, 100));
        assert_eq!(manifest.object, format!("audit/{acme}/00000000000000000001-00000000000000000100.ndjson.gz"));
        assert_eq!((manifest.checkpoint_size, manifest.checkpoint.as_str()), (103, note(103).as_str()));
        assert_eq!(manifest.sha256.len(), 64);

        // Listing reads the manifests back, per tenant, in sequence order.
        assert_eq!(target.list(acme).await.unwrap(), vec![written[2].clone(), written[0].clone()]);
        assert_eq!(target.list(globex).await.unwrap(), vec![written[1].clone()]);
        assert_eq!(target.list(TenantId::generate()).await.unwrap(), vec![]);

        for (manifest, (tenant, first, last)) in written.iter().zip([(acme, 101, 250), (globex, 1, 1), (acme, 1, 100)])
        {
            assert_eq!(fetched(target, manifest).await, records(tenant, first, last));
            let raw = target.fetch_raw(manifest).await.unwrap();
            assert_eq!(raw.len() as u64, manifest.bytes);
            assert_eq!(&raw[..2], &[0x1f, 0x8b], "gzip magic");
        }

        // Writing the same range again stores the same bytes and keeps the manifest as it was.
        let again = target.write_segment(meta(acme, 1, 100), stream_of(records(acme, 1, 100))).await.unwrap();
        assert_eq!(again, written[2]);
        assert_eq!(target.list(acme).await.unwrap(), vec![written[2].clone(), written[0].clone()]);

        // One flipped byte: reading the segment fails and names it; the other segments still read.
        corrupt(target, &written[0].object).await;
        let error = target.fetch(&written[0]).await.err().expect("a corrupted segment must not be read");
        assert!(matches!(error, ArchiveError::Corrupt { .. }), "{error:?}");
        assert!(error.to_string().contains(&written[0].object), "{error}");
        assert!(error.to_string().contains("SHA-256"), "{error}");
        let error = target.fetch_raw(&written[0]).await.unwrap_err();
        assert!(error.to_string().contains(&written[0].object), "{error}");
        assert_eq!(fetched(target, &written[2]).await, records(acme, 1, 100));
    }

    #[tokio::test]
    async fn directory_target_story() {
        let dir = tempfile::tempdir().unwrap();
        let target = directory(dir.path());
        story(&target).await;
        let tenant = TenantId::generate();
        target.write_segment(meta(tenant, 7, 8), stream_of(records(tenant, 7, 8))).await.unwrap();
        assert!(
            dir.path()
                .join(format!("archive/audit/{tenant}/00000000000000000007-00000000000000000008.manifest.json"))
                .is_file()
        );
    }

    #[tokio::test]
    async fn a_byte_changed_on_disk_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let target = directory(dir.path());
        let tenant = TenantId::generate();
        let manifest = target.write_segment(meta(tenant, 1, 50), stream_of(records(tenant, 1, 50))).await.unwrap();
        let file = dir.path().join("archive").join(&manifest.object);
        let mut data = std::fs::read(&file).unwrap();
        let last = data.len() - 1;
        data[last] ^= 1; // the gzip trailer's length byte
        std::fs::write(&file, &data).unwrap();
        let error = target.fetch(&manifest).await.err().unwrap();
        assert!(error.to_string().contains(&manifest.object), "{error}");

        // A manifest edited to match the corrupted object still fails, on decompression.
        let forged = SegmentManifest { sha256: hex::encode(Sha256::digest(&data)), ..manifest.clone() };
        let results: Vec<_> = target.fetch(&forged).await.unwrap().collect().await;
        let error = results.last().unwrap().as_ref().unwrap_err();
        assert!(error.to_string().contains(&manifest.object), "{error}");

        std::fs::remove_file(&file).unwrap();
        let error = target.fetch(&manifest).await.err().unwrap();
        assert!(error.to_string().contains("missing"), "{error}");
    }

    #[tokio::test]
    async fn a_manifest_that_lies_about_the_line_count_fails_at_the_end() {
        let dir = tempfile::tempdir().unwrap();
        let target = directory(dir.path());
        let tenant = TenantId::generate();
        let manifest = target.write_segment(meta(tenant, 1, 3), stream_of(records(tenant, 1, 3))).await.unwrap();
        let lines = records(tenant, 1, 4);
        let longer = target.write_segment(meta(tenant, 1, 4), stream_of(lines)).await.unwrap();
        // The 4-line object under a manifest that claims 3 records (consistent fields otherwise).
        let lying = SegmentManifest { object: manifest.object.clone(), ..longer.clone() };
        let lying = SegmentManifest { last_seq: 3, records: 3, ..lying };
        let location = target.location(&manifest.object);
        let data = target.store.get(&target.location(&longer.object)).await.unwrap().bytes().await.unwrap();
        target.store.put(&location, PutPayload::from(data)).await.unwrap();
        let results: Vec<_> = target.fetch(&lying).await.unwrap().collect().await;
        assert_eq!(results.len(), 4);
        assert!(results[..3].iter().all(Result::is_ok));
        let error = results[3].as_ref().unwrap_err();
        assert!(error.to_string().contains("more lines"), "{error}");
        assert!(error.to_string().contains(&manifest.object), "{error}");
    }

    #[tokio::test]
    async fn a_line_count_that_does_not_fit_the_range_stores_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = directory(dir.path());
        let tenant = TenantId::generate();
        for lines in [records(tenant, 1, 9), records(tenant, 1, 11), vec![]] {
            let error = target.write_segment(meta(tenant, 1, 10), stream_of(lines)).await.unwrap_err();
            assert!(matches!(error, ArchiveError::InvalidSegment { .. }), "{error:?}");
            assert!(error.to_string().contains("00000000000000000001-00000000000000000010.ndjson.gz"), "{error}");
            assert!(error.to_string().contains("pass exactly one line per sequence number"), "{error}");
        }
        assert_eq!(target.list(tenant).await.unwrap(), vec![]);
        let object = target.location(&object_name(tenant, 1, 10));
        assert!(matches!(target.store.head(&object).await, Err(object_store::Error::NotFound { .. })));

        // Also when the upload had already gone multipart.
        let small_parts = ArchiveTarget { part_size: 1024, ..target.clone() };
        let error = small_parts.write_segment(meta(tenant, 1, 10_000), stream_of(records(tenant, 1, 9_999))).await;
        assert!(matches!(error, Err(ArchiveError::InvalidSegment { .. })), "{error:?}");
        assert_eq!(small_parts.list(tenant).await.unwrap(), vec![]);
    }

    #[tokio::test]
    async fn bad_lines_and_checkpoints_are_refused_before_anything_is_stored() {
        let dir = tempfile::tempdir().unwrap();
        let target = directory(dir.path());
        let tenant = TenantId::generate();
        let cases: Vec<(SegmentMeta, Vec<Vec<u8>>, &str)> = vec![
            (meta(tenant, 1, 2), vec![b"{}".to_vec(), b"{\n}".to_vec()], "record 2 is empty or contains a newline"),
            (meta(tenant, 1, 2), vec![vec![], b"{}".to_vec()], "record 1 is empty"),
            (meta(tenant, 3, 2), vec![], "first_seq 3 is after last_seq 2"),
            (
                SegmentMeta { checkpoint_size: 1, checkpoint_note: note(1), ..meta(tenant, 1, 2) },
                records(tenant, 1, 2),
                "does not cover last_seq 2",
            ),
            (
                SegmentMeta { checkpoint_note: note(9), ..meta(tenant, 1, 2) },
                records(tenant, 1, 2),
                "tree size 9 but checkpoint_size is 5",
            ),
            (
                SegmentMeta { checkpoint_note: "not a note".into(), ..meta(tenant, 1, 2) },
                records(tenant, 1, 2),
                "not a C2SP signed note",
            ),
        ];
        for (meta, lines, expected) in cases {
            let error = target.write_segment(meta, stream_of(lines)).await.unwrap_err();
            assert!(error.to_string().contains(expected), "{error} does not say {expected:?}");
        }
        let failing = futures::stream::iter(vec![
            Ok(record(tenant, 1)),
            Err(ArchiveError::records(std::io::Error::other("database gone"))),
        ]);
        let error = target.write_segment(meta(tenant, 1, 2), failing).await.unwrap_err();
        assert_eq!(error.to_string(), "reading the audit records to archive failed: database gone");
        assert_eq!(target.list(tenant).await.unwrap(), vec![]);
    }

    /// 200 000 lines produced lazily and uploaded in many small parts: nothing holds the segment.
    #[tokio::test]
    async fn a_large_segment_is_streamed() {
        let dir = tempfile::tempdir().unwrap();
        let target = ArchiveTarget { part_size: 64 * 1024, ..directory(dir.path()) };
        let tenant = TenantId::generate();
        let lines = futures::stream::iter(1..=200_000).map(move |seq| Ok(record(tenant, seq)));
        let manifest = target.write_segment(meta(tenant, 1, 200_000), lines).await.unwrap();
        assert_eq!(manifest.records, 200_000);
        assert!(manifest.bytes > 4 * 64 * 1024, "several parts: {} bytes", manifest.bytes);
        let mut back = target.fetch(&manifest).await.unwrap();
        let mut seq = 0;
        while let Some(line) = back.next().await {
            seq += 1;
            assert_eq!(line.unwrap(), record(tenant, seq));
        }
        assert_eq!(seq, 200_000);
        // The same lines through the default single-request path give the same object.
        let whole = directory(dir.path());
        let lines = futures::stream::iter(1..=200_000).map(move |seq| Ok(record(tenant, seq)));
        assert_eq!(whole.write_segment(meta(tenant, 1, 200_000), lines).await.unwrap(), manifest);
    }

    #[test]
    fn manifest_round_trips_through_json() {
        let tenant: TenantId = "01900000-0000-7000-8000-000000000001".parse().unwrap();
        let manifest = SegmentManifest {
            format: 1,
            tenant_id: tenant,
            first_seq: 1,
            last_seq: 100,
            records: 100,
            object: object_name(tenant, 1, 100),
            bytes: 1234,
            sha256: "ab".repeat(32),
            checkpoint_size: 120,
            checkpoint: note(120),
            created_at: "2026-01-02T03:04:05.123456789Z".parse().unwrap(),
        };
        let json = serde_json::to_value(&manifest).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "format": 1,
                "tenant_id": "01900000-0000-7000-8000-000000000001",
                "first_seq": 1,
                "last_seq": 100,
                "records": 100,
                "object": "audit/01900000-0000-7000-8000-000000000001/00000000000000000001-00000000000000000100.ndjson.gz",
                "bytes": 1234,
                "sha256": "ab".repeat(32),
                "checkpoint_size": 120,
                "checkpoint": note(120),
                "created_at": "2026-01-02T03:04:05.123456789Z",
            })
        );
        let back: SegmentManifest = serde_json::from_value(json).unwrap();
        assert_eq!(back, manifest);
        check_manifest(&back, "x").unwrap();
        let error = check_manifest(&SegmentManifest { format: 2, ..manifest.clone() }, "x").unwrap_err();
        assert!(error.to_string().contains("upgrade nimbusd"), "{error}");
        let error = check_manifest(&SegmentManifest { last_seq: 99, ..manifest }, "x").unwrap_err();
        assert!(error.to_string().contains("names object"), "{error}");
    }

    #[test]
    fn checkpoint_notes_give_their_tree_size() {
        assert_eq!(note_tree_size(&note(42)), Some(42));
        assert_eq!(note_tree_size("origin\n0\nroot\n"), Some(0));
        for bad in ["", "origin", "origin\n", "origin\n042\n", "origin\n-1\n", "origin\n+1\n", "origin\n 1\n"] {
            assert_eq!(note_tree_size(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn config_kinds_parse_and_bad_ones_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let cfg: ArchiveConfig = serde_json::from_str(r#"{"kind":"directory"}"#).unwrap();
        let target = ArchiveTarget::open(&cfg, dir.path()).unwrap();
        let expected = std::fs::canonicalize(dir.path()).unwrap().join("audit-archive");
        assert_eq!(target.describe(), format!("directory {}", expected.display()));
        assert!(expected.is_dir());

        let cfg: ArchiveConfig = serde_json::from_str(r#"{"kind":"s3","bucket":"b","prefix":"/a/b/"}"#).unwrap();
        let target = ArchiveTarget::open(&cfg, dir.path()).unwrap();
        assert_eq!(target.describe(), "s3://b/a/b");

        assert!(serde_json::from_str::<ArchiveConfig>(r#"{"kind":"directory","pth":"/x"}"#).is_err());
        assert!(serde_json::from_str::<ArchiveConfig>(r#"{"kind":"gcs"}"#).is_err());

        let s3 = |prefix: &str, access_key_id: Option<&str>, file: Option<PathBuf>| ArchiveConfig::S3 {
            bucket: "b".into(),
            prefix: Some(prefix.into()),
            region: None,
            endpoint: None,
            allow_http: false,
            access_key_id: access_key_id.map(Into::into),
            secret_access_key_file: file,
        };
        let error = ArchiveTarget::open(&s3("a", Some("id"), None), dir.path()).unwrap_err();
        assert!(error.to_string().contains("set both `access_key_id` and `secret_access_key_file`"), "{error}");
        let missing = dir.path().join("missing");
        let error = ArchiveTarget::open(&s3("a", Some("id"), Some(missing)), dir.path()).unwrap_err();
        assert!(error.to_string().contains("cannot read `secret_access_key_file`"), "{error}");
        let error = ArchiveTarget::open(&s3("bad/../x", None, None), dir.path()).unwrap_err();
        assert!(error.to_string().contains("not a valid key prefix"), "{error}");
    }

    #[test]
    fn credentials_stay_out_of_debug_and_describe() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("secret");
        std::fs::write(&file, format!("{SECRET}\n")).unwrap();
        let cfg = ArchiveConfig::S3 {
            bucket: "nimbus-audit".into(),
            prefix: Some("eu".into()),
            region: Some("eu-central-1".into()),
            endpoint: Some("http://127.0.0.1:9".into()),
            allow_http: true,
            access_key_id: Some("AKIAEXAMPLE".into()),
            secret_access_key_file: Some(file),
        };
        let target = ArchiveTarget::open(&cfg, dir.path()).unwrap();
        assert_eq!(target.describe(), "s3://nimbus-audit/eu");
        let debug = format!("{target:?} {cfg:?}");
        assert!(!debug.contains(SECRET), "{debug}");
        assert!(!format!("{target:?}").contains("AKIAEXAMPLE"), "{target:?}");
    }

    #[tokio::test]
    async fn s3_target_story_against_moto() {
        if std::env::var("NIMBUS_TEST_MOTO").as_deref() == Ok("skip") {
            eprintln!("NIMBUS_TEST_MOTO=skip: not testing the S3 archive");
            return;
        }
        let mut moto = nimbus_e2e::Moto::start();
        moto.create_bucket("nimbus-audit");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("secret");
        std::fs::write(&file, "testing\n").unwrap();
        let cfg = ArchiveConfig::S3 {
            bucket: "nimbus-audit".into(),
            prefix: Some("eu/archive".into()),
            region: Some("us-east-1".into()),
            endpoint: Some(format!("http://127.0.0.1:{}", moto.port())),
            allow_http: true,
            access_key_id: Some("testing".into()),
            secret_access_key_file: Some(file),
        };
        let target = ArchiveTarget::open(&cfg, dir.path()).unwrap();
        assert_eq!(target.describe(), "s3://nimbus-audit/eu/archive");
        assert!(!format!("{target:?}").contains("testing"), "{target:?}");
        story(&target).await;

        // Multipart with S3's real minimum part size: over 5 MiB of poorly compressible lines.
        let target = ArchiveTarget { part_size: 5 * 1024 * 1024, ..target };
        let tenant = TenantId::generate();
        let noisy = |seq: u64| {
            let mut x = seq.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
            let hex: String = (0..16)
                .map(|_| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    format!("{x:016x}")
                })
                .collect();
            format!(r#"{{"seq":{seq},"noise":"{hex}"}}"#).into_bytes()
        };
        let lines = futures::stream::iter(1..=50_000).map(move |seq| Ok(noisy(seq)));
        let manifest = target.write_segment(meta(tenant, 1, 50_000), lines).await.unwrap();
        assert!(manifest.bytes > 5 * 1024 * 1024, "at least two parts: {} bytes", manifest.bytes);
        let back: Vec<Vec<u8>> = fetched(&target, &manifest).await;
        assert!(back.into_iter().eq((1..=50_000).map(noisy)));
        assert_eq!(target.list(tenant).await.unwrap(), vec![manifest]);
    }
}
