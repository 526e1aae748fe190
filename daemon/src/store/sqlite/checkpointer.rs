//! Background WAL checkpoints for the SQLite store.
//!
//! SQLite's automatic checkpoint runs inside the commit that crosses the threshold, so the one
//! writer stops every few hundred commits to copy the log into the database and sync it. Here a
//! thread of its own, on its own connection, runs PASSIVE checkpoints (they never block the
//! writer or readers) as the log grows; the writer keeps an automatic checkpoint only as a
//! backstop far above that size. Durability is unchanged: commits, checkpoints and syncs follow
//! `synchronous` exactly as before; only who does the copying changes.
//!
//! Owns that thread and nothing else. It stops when the store is dropped.

use std::path::Path;
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

/// Log pages (4 KiB) at which the writer checkpoints itself: only when this thread falls behind.
pub(super) const WRITER_BACKSTOP_PAGES: u32 = 16_000;
/// Bytes the log file is cut back to when it starts over, after a burst made it grow.
pub(super) const WAL_SIZE_LIMIT: i64 = 64 << 20;
/// How often the log is checked.
const INTERVAL: Duration = Duration::from_millis(100);

/// Stops the thread when dropped.
#[derive(Debug)]
pub(super) struct Checkpointer {
    _stop: Sender<()>,
}

impl Checkpointer {
    /// Starts checkpointing the database at `path` (already open, in WAL mode).
    pub(super) fn start(path: &Path) -> anyhow::Result<Self> {
        let conn =
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        conn.busy_timeout(Duration::from_secs(5))?;
        let (stop, stopped) = channel();
        std::thread::Builder::new().name("nimbus-sqlite-checkpoint".into()).spawn(move || run(&conn, &stopped))?;
        Ok(Self { _stop: stop })
    }
}

fn run(conn: &Connection, stopped: &Receiver<()>) {
    let mut failing = false;
    loop {
        match stopped.recv_timeout(INTERVAL) {
            Err(RecvTimeoutError::Timeout) => {}
            // The store is gone.
            Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
        }
        // (busy, frames in the log, frames copied): PASSIVE copies what no reader still needs.
        let result = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?))
        });
        match result {
            Ok(_) if failing => {
                failing = false;
                tracing::info!("SQLite background checkpoints work again");
            }
            Ok(_) => {}
            // Said once per outage: the writer's own backstop checkpoint keeps the log bounded.
            Err(e) if !failing => {
                failing = true;
                tracing::warn!(error = %e, "SQLite background checkpoint failed; the writer checkpoints instead");
            }
            Err(_) => {}
        }
    }
}
