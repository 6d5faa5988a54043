//! The review store (SPEC §5): per record id, a status, a star and notes, with every change
//! kept as history, in one SQLite file that several people on a server can share.
//!
//! Each change is its own transaction, committed before the call returns; nothing is ever
//! deleted. Opening never creates the file: the first write does. Times are UTC, RFC 3339, to
//! the millisecond, as SQLite stamps them.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::text::{self, Lines};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};

/// The schema this program writes; a file with a higher `user_version` is refused.
pub const SCHEMA_VERSION: i64 = 1;

/// The longest note the store takes, in bytes of UTF-8 (64 KiB): pages of text, never a file
/// pasted by mistake that every teammate's screen would read again and again.
pub const NOTE_LIMIT: usize = 64 * 1024;

/// How long a write waits for another writer before "database is locked".
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Where a record stands in review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Unreviewed,
    Reviewed,
    ToApply,
    NotApplicable,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Unreviewed,
        Status::Reviewed,
        Status::ToApply,
        Status::NotApplicable,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Status::Unreviewed => "unreviewed",
            Status::Reviewed => "reviewed",
            Status::ToApply => "to-apply",
            Status::NotApplicable => "not-applicable",
        }
    }

    pub fn parse(s: &str) -> Result<Status, String> {
        Status::ALL
            .into_iter()
            .find(|st| st.name() == s)
            .ok_or_else(|| {
                format!("no status {s:?}: use unreviewed, reviewed, to-apply or not-applicable")
            })
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A note on a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub id: i64,
    pub record: String,
    pub author: String,
    pub created: String,
    pub edited: Option<String>,
    pub text: String,
}

/// One record's review.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Review {
    pub status: Option<Status>,
    /// Who set the status, and when (UTC, RFC 3339).
    pub set_by: Option<String>,
    pub set_at: Option<String>,
    pub starred: bool,
    pub notes: Vec<Note>,
}

impl Review {
    pub fn status(&self) -> Status {
        self.status.unwrap_or(Status::Unreviewed)
    }
}

/// A status change, as kept in the history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub record: String,
    pub user: String,
    pub at: String,
    pub from: Status,
    pub to: Status,
}

/// What can go wrong, in words that say what to do.
#[derive(Debug)]
pub struct StoreError(pub String);

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

/// The review database, opened lazily: reading a file that does not exist yet finds nothing,
/// and the first write creates it.
pub struct Store {
    path: PathBuf,
    conn: Option<Connection>,
}

impl Store {
    /// The store at `path`; nothing is opened or created yet.
    pub fn at(path: impl Into<PathBuf>) -> Store {
        Store {
            path: path.into(),
            conn: None,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection for reading; `None` while the file does not exist.
    fn reader(&mut self) -> Result<Option<&Connection>, StoreError> {
        if self.conn.is_none() {
            if !self.path.exists() {
                return Ok(None);
            }
            self.conn = Some(open(&self.path, false)?);
        }
        Ok(self.conn.as_ref())
    }

    /// The connection for writing, creating the file (and its directory) on first use.
    fn writer(&mut self) -> Result<&mut Connection, StoreError> {
        if self.conn.is_none() {
            self.conn = Some(open(&self.path, true)?);
        }
        self.conn
            .as_mut()
            .ok_or_else(|| StoreError("the review database is not open".into()))
    }

    /// Sets a record's status; the change goes into the history.
    pub fn mark(&mut self, record: &str, status: Status, user: &str) -> Result<(), StoreError> {
        let path = self.path.clone();
        let conn = self.writer()?;
        write(&path, conn, |tx| {
            let from: Option<String> = tx
                .query_row(
                    "SELECT status FROM marks WHERE record_id = ?1",
                    [record],
                    |r| r.get(0),
                )
                .optional()?;
            let from = from.unwrap_or_else(|| Status::Unreviewed.name().to_owned());
            tx.execute(
                "INSERT INTO marks (record_id, status, set_by, set_at) VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                 ON CONFLICT(record_id) DO UPDATE
                 SET status = excluded.status, set_by = excluded.set_by, set_at = excluded.set_at",
                params![record, status.name(), user],
            )?;
            tx.execute(
                "INSERT INTO status_history (record_id, user, at, from_status, to_status)
                 VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?3, ?4)",
                params![record, user, from, status.name()],
            )?;
            Ok(())
        })
    }

    /// Stars or unstars a record; the change goes into the history.
    pub fn star(&mut self, record: &str, on: bool, user: &str) -> Result<(), StoreError> {
        let path = self.path.clone();
        let conn = self.writer()?;
        write(&path, conn, |tx| {
            tx.execute(
                "INSERT INTO marks (record_id, starred) VALUES (?1, ?2)
                 ON CONFLICT(record_id) DO UPDATE SET starred = excluded.starred",
                params![record, on],
            )?;
            tx.execute(
                "INSERT INTO star_history (record_id, user, at, starred) VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?3)",
                params![record, user, on],
            )?;
            Ok(())
        })
    }

    /// Adds a note; its id.
    pub fn add_note(&mut self, record: &str, text: &str, user: &str) -> Result<i64, StoreError> {
        let path = self.path.clone();
        let conn = self.writer()?;
        write(&path, conn, |tx| {
            tx.execute(
                "INSERT INTO notes (record_id, author, created_at, text) VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?3)",
                params![record, user, text],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Changes a note's text, keeping the earlier text in its history.
    pub fn edit_note(&mut self, note: i64, text: &str, user: &str) -> Result<(), StoreError> {
        let path = self.path.clone();
        let conn = self.writer()?;
        write(&path, conn, |tx| {
            let moved = tx.execute(
                "INSERT INTO note_history (note_id, text, replaced_at, replaced_by)
                 SELECT id, text, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?2 FROM notes WHERE id = ?1",
                params![note, user],
            )?;
            if moved == 0 {
                return Err(rusqlite::Error::QueryReturnedNoRows);
            }
            tx.execute(
                "UPDATE notes SET text = ?2, edited_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1",
                params![note, text],
            )?;
            Ok(())
        })
    }

    /// Every review, by record id.
    pub fn all(&mut self) -> Result<HashMap<String, Review>, StoreError> {
        let path = self.path.clone();
        let Some(conn) = self.reader()? else {
            return Ok(HashMap::new());
        };
        read_all(conn).map_err(|e| describe(&path, e))
    }

    /// One record's review.
    pub fn get(&mut self, record: &str) -> Result<Review, StoreError> {
        Ok(self.all()?.remove(record).unwrap_or_default())
    }

    /// Every status change, oldest first.
    pub fn history(&mut self) -> Result<Vec<Change>, StoreError> {
        let path = self.path.clone();
        let Some(conn) = self.reader()? else {
            return Ok(Vec::new());
        };
        let run = || -> rusqlite::Result<Vec<Change>> {
            let mut stmt = conn.prepare(
                "SELECT record_id, user, at, from_status, to_status FROM status_history ORDER BY id",
            )?;
            let rows = stmt.query_map([], |r| {
                let status = |s: String| Status::parse(&s).unwrap_or(Status::Unreviewed);
                Ok(Change {
                    record: shown(r.get(0)?),
                    user: shown(r.get(1)?),
                    at: shown(r.get(2)?),
                    from: status(r.get(3)?),
                    to: status(r.get(4)?),
                })
            })?;
            rows.collect()
        };
        run().map_err(|e| describe(&path, e))
    }

    /// A number that changes whenever another connection commits a change (`PRAGMA
    /// data_version`): cheap to ask, for noticing a teammate's edits.
    pub fn data_version(&mut self) -> Result<Option<i64>, StoreError> {
        let path = self.path.clone();
        let Some(conn) = self.reader()? else {
            return Ok(None);
        };
        conn.query_row("PRAGMA data_version", [], |r| r.get(0))
            .map(Some)
            .map_err(|e| describe(&path, e))
    }
}

/// Runs `f` in one immediate transaction, committed before returning.
fn write<T>(
    path: &Path,
    conn: &mut Connection,
    f: impl FnOnce(&rusqlite::Transaction) -> rusqlite::Result<T>,
) -> Result<T, StoreError> {
    let run = || -> rusqlite::Result<T> {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let value = f(&tx)?;
        tx.commit()?;
        Ok(value)
    };
    run().map_err(|e| describe(path, e))
}

/// Text read from the store as the screen may show it: the file is shared, and whatever wrote
/// it (another program, `sqlite3` by hand) may have left control characters in it (SPEC §6).
fn shown(raw: String) -> String {
    text::inline(&raw)
}

fn read_all(conn: &Connection) -> rusqlite::Result<HashMap<String, Review>> {
    let mut out: HashMap<String, Review> = HashMap::new();
    let mut stmt = conn.prepare("SELECT record_id, status, set_by, set_at, starred FROM marks")?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<String>>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, bool>(4)?,
        ))
    })?;
    for row in rows {
        let (id, status, set_by, set_at, starred) = row?;
        let review = out.entry(shown(id)).or_default();
        review.status = status.and_then(|s| Status::parse(&s).ok());
        review.set_by = set_by.map(shown);
        review.set_at = set_at.map(shown);
        review.starred = starred;
    }
    let mut stmt = conn.prepare(
        "SELECT id, record_id, author, created_at, edited_at, text FROM notes ORDER BY id",
    )?;
    let notes = stmt.query_map([], |r| {
        Ok(Note {
            id: r.get(0)?,
            record: shown(r.get(1)?),
            author: shown(r.get(2)?),
            created: shown(r.get(3)?),
            edited: r.get::<_, Option<String>>(4)?.map(shown),
            text: text::clean(&r.get::<_, String>(5)?, Lines::Keep),
        })
    })?;
    for note in notes {
        let note = note?;
        out.entry(note.record.clone()).or_default().notes.push(note);
    }
    Ok(out)
}

/// The schema, one step per version.
const MIGRATIONS: &[&str] = &[
    // 1: marks, notes, and the history of every change.
    "CREATE TABLE marks (
        record_id TEXT PRIMARY KEY,
        status TEXT,
        set_by TEXT,
        set_at TEXT,
        starred INTEGER NOT NULL DEFAULT 0
     );
     CREATE TABLE status_history (
        id INTEGER PRIMARY KEY,
        record_id TEXT NOT NULL,
        user TEXT NOT NULL,
        at TEXT NOT NULL,
        from_status TEXT NOT NULL,
        to_status TEXT NOT NULL
     );
     CREATE TABLE star_history (
        id INTEGER PRIMARY KEY,
        record_id TEXT NOT NULL,
        user TEXT NOT NULL,
        at TEXT NOT NULL,
        starred INTEGER NOT NULL
     );
     CREATE TABLE notes (
        id INTEGER PRIMARY KEY,
        record_id TEXT NOT NULL,
        author TEXT NOT NULL,
        created_at TEXT NOT NULL,
        edited_at TEXT,
        text TEXT NOT NULL
     );
     CREATE TABLE note_history (
        id INTEGER PRIMARY KEY,
        note_id INTEGER NOT NULL REFERENCES notes(id),
        text TEXT NOT NULL,
        replaced_at TEXT NOT NULL,
        replaced_by TEXT NOT NULL
     );
     CREATE INDEX notes_by_record ON notes(record_id);
     CREATE INDEX status_history_by_record ON status_history(record_id);",
];

/// Opens (or, with `create`, creates) the database: WAL, a busy timeout, foreign keys, the
/// schema brought up to date. A file that is not SQLite, or one from a newer findings, is
/// refused and left untouched.
fn open(path: &Path, create: bool) -> Result<Connection, StoreError> {
    if create {
        prepare_file(path)?;
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(|e| describe(path, e))?;
    let setup = || -> rusqlite::Result<i64> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // A file that is not a database fails here, before anything is written to it.
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        Ok(version)
    };
    let version = setup().map_err(|e| describe(path, e))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError(format!(
            "{}: this review database was written by a newer findings (schema {version}; this \
             one knows {SCHEMA_VERSION}); it is left untouched — use a newer findings",
            path.display()
        )));
    }
    let configure = || -> rusqlite::Result<()> {
        let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            // Two programs opening a new file at once both ask for WAL; SQLite answers the one
            // that must wait with "busy" at once (its busy timeout does not cover this switch),
            // so wait here for the other to finish it.
            retry_while_busy(|| conn.pragma_update(None, "journal_mode", "WAL"))?;
        }
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        Ok(())
    };
    configure().map_err(|e| describe(path, e))?;
    migrate(&mut conn, version).map_err(|e| describe(path, e))?;
    Ok(conn)
}

/// Runs `f` again while SQLite answers "busy", for at most the busy timeout.
fn retry_while_busy<T>(mut f: impl FnMut() -> rusqlite::Result<T>) -> rusqlite::Result<T> {
    let start = std::time::Instant::now();
    loop {
        match f() {
            Err(e)
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && start.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            other => return other,
        }
    }
}

/// Brings the schema up to date. Each step re-reads the version inside its own write
/// transaction: two programs opening a new file at once do not both create the tables.
fn migrate(conn: &mut Connection, from: i64) -> rusqlite::Result<()> {
    if from >= SCHEMA_VERSION {
        return Ok(());
    }
    for (i, step) in MIGRATIONS.iter().enumerate() {
        let target = i as i64 + 1;
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now < target {
            tx.execute_batch(step)?;
            tx.pragma_update(None, "user_version", target)?;
        }
        tx.commit()?;
    }
    Ok(())
}

/// Creates the directory and an empty file for the database, with the right permissions: a
/// private file (0600) in a private directory; in a directory its group can write (a team's
/// shared folder), a file the group can write too (0660), so SQLite gives its `-wal` and `-shm`
/// files the same mode and every member can write.
fn prepare_file(path: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
    if path.exists() {
        return Ok(());
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    if let Some(dir) = dir {
        if !dir.exists() {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(|e| {
                    StoreError(format!(
                        "{}: cannot create the folder for the review database: {e}",
                        dir.display()
                    ))
                })?;
        }
    }
    let dir_mode = dir
        .unwrap_or(Path::new("."))
        .metadata()
        .map(|m| m.permissions().mode())
        .unwrap_or(0o700);
    let mode = if dir_mode & 0o020 != 0 { 0o660 } else { 0o600 };
    let created = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path);
    match created {
        Ok(file) => {
            // The umask may have taken the group's write bit: set the mode as meant.
            let _ = file.set_permissions(std::fs::Permissions::from_mode(mode));
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(StoreError(format!(
            "{}: cannot create the review database: {e}; choose a folder you can write to \
             with --review-db or FINDINGS_REVIEW_DB",
            path.display()
        ))),
    }
}

/// An SQLite error in words that name the file and say what to do.
fn describe(path: &Path, e: rusqlite::Error) -> StoreError {
    let p = path.display();
    let code = e.sqlite_error_code();
    let message = match code {
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => format!(
            "{p}: the review database is locked by another findings for more than {}s; try \
             again, or look for a stuck process",
            BUSY_TIMEOUT.as_secs()
        ),
        Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::PermissionDenied) => format!(
            "{p}: cannot write the review database (permission denied); ask for write access to \
             the file and its folder, or use --review-db with a file of your own"
        ),
        Some(rusqlite::ErrorCode::NotADatabase) => format!(
            "{p}: this file is not a findings review database (not SQLite, or damaged); it is \
             left untouched — point --review-db at another file"
        ),
        Some(rusqlite::ErrorCode::DiskFull) => {
            format!("{p}: the disk is full; nothing was saved — free some space and try again")
        }
        Some(rusqlite::ErrorCode::SystemIoFailure) => format!(
            "{p}: cannot write the review database ({e}); the disk may be full or the file too \
             large; nothing was saved"
        ),
        Some(rusqlite::ErrorCode::CannotOpen) => format!(
            "{p}: cannot open the review database: {e}; check that its folder exists and that \
             you can write to it"
        ),
        _ => match e {
            rusqlite::Error::QueryReturnedNoRows => format!("{p}: no such note"),
            other => format!("{p}: {other}"),
        },
    };
    StoreError(message)
}

/// The warning for a database on a network filesystem, where SQLite's locking is not safe.
pub fn network_filesystem_warning(path: &Path) -> Option<String> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let c = std::ffi::CString::new(dir.as_os_str().as_encoded_bytes()).ok()?;
    // SAFETY: statfs writes into a zeroed struct on this stack frame; the path is a valid C
    // string.
    let kind = unsafe {
        let mut s: libc::statfs = std::mem::zeroed();
        if libc::statfs(c.as_ptr(), &mut s) != 0 {
            return None;
        }
        s.f_type as i64
    };
    const NFS: i64 = 0x6969;
    const SMB: i64 = 0x517B;
    const CIFS: i64 = 0xFF53_4D42;
    const SMB2: i64 = 0xFE53_4D42;
    [NFS, SMB, CIFS, SMB2].contains(&kind).then(|| {
        format!(
            "warning: {} is on a network filesystem; SQLite's locking is not safe there, and \
             changes by several people may be lost — keep the review database on a local disk \
             of the shared server",
            path.display()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_parse_by_name() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.name()), Ok(s));
        }
        assert!(Status::parse("done").unwrap_err().contains("to-apply"));
    }
}
