//! The review store (docs/format.md, "Review store"; its promises in docs/safety.md): per record
//! id, a status, a star and notes, with every change kept as history, in one SQLite file that
//! several people on a server can share.
//!
//! Each change is its own transaction, committed before the call returns; nothing is ever
//! deleted. Opening never creates the file: the first write does. Times are UTC, RFC 3339, to
//! the millisecond, as SQLite stamps them.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::{params, Connection, OptionalExtension};

mod mirror;
mod open;
mod rows;
mod sidecars;

pub use mirror::Reading;
pub use open::writable;
pub use rows::BadValue;

use mirror::Mirror;
use open::Access;

/// The schema this program writes; a file with a higher `user_version` is refused.
pub const SCHEMA_VERSION: i64 = 1;

/// The longest note the store takes, in bytes of UTF-8 (64 KiB): pages of text, never a file
/// pasted by mistake that every teammate's screen would read again and again.
pub const NOTE_LIMIT: usize = 64 * 1024;

/// How long a write waits for another writer before "database is locked"; and how long an
/// opening or a write is tried again while a teammate's findings is making or removing the
/// `-wal` and `-shm` (see [`sidecars::obstacle`]).
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The pause between two tries while a `-wal` or `-shm` settles: SQLite makes and removes them
/// in far less.
const RETRY_PAUSE: Duration = Duration::from_millis(10);

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

/// What a reading found of the status history ([`Store::history_news`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryNews {
    /// Every record's status changes, oldest first, when the history was read whole: a copy
    /// kept elsewhere is replaced by it.
    pub whole: Option<HashMap<String, Vec<Change>>>,
    /// The changes not read before, oldest first (in `whole` too, when it is there).
    pub fresh: Vec<Change>,
}

impl HistoryNews {
    /// Brings `history` (a copy of the store's, by record) up to date.
    pub fn apply_to(self, history: &mut HashMap<String, Vec<Change>>) {
        match self.whole {
            Some(whole) => *history = whole,
            None => {
                for change in self.fresh {
                    history
                        .entry(change.record.clone())
                        .or_default()
                        .push(change);
                }
            }
        }
    }
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

/// A failure in words, with SQLite's error code when SQLite gave it: one that could not open
/// or write a file may be looked into and tried again ([`Store::again`]).
#[derive(Debug)]
struct Failure {
    error: StoreError,
    code: Option<rusqlite::ErrorCode>,
}

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Failure {
        Failure { error, code: None }
    }
}

/// What one try of a reading gave.
enum Tried<T> {
    /// What was read; `None` when there is no file.
    Read(Option<T>),
    /// A snapshot the file changed under while it was read.
    Torn,
}

/// SQLite's error `e` on the file at `path`, in words, its code kept.
fn failed(path: &Path, e: rusqlite::Error) -> Failure {
    Failure {
        code: e.sqlite_error_code(),
        error: describe(path, e),
    }
}

/// The review database, opened lazily: reading a file that does not exist yet finds nothing,
/// and the first write creates it.
pub struct Store {
    path: PathBuf,
    conn: Option<Connection>,
    /// How `conn` was (or, for a snapshot, last) opened.
    access: Access,
    /// The file as it was when `conn` was opened: a file replaced meanwhile (a backup put
    /// back) is opened anew, or writes would go into a file nobody reads again.
    stamp: Option<sidecars::Stamp>,
    /// The `-wal` that `conn` uses (device, inode).
    wal: Option<(u64, u64)>,
    /// The `-wal` a replaced file left at the path, while it is still there.
    stale_wal: Option<(u64, u64)>,
    /// The reviews as [`Store::refresh`] last read them.
    mirror: Mirror,
    /// This connection committed since the last `refresh`.
    wrote: bool,
    /// Values of the wrong type found by readings, not yet taken by `take_warnings`.
    bad: Vec<BadValue>,
    /// Those already found once: each is said once.
    found: HashSet<(&'static str, i64, &'static str)>,
    /// A file was open at the path once: if it is gone, someone removed or moved it, and a
    /// new empty one must not quietly take its place (the team's marks would seem lost).
    had_file: bool,
}

impl Store {
    /// The store at `path`; nothing is opened or created yet.
    pub fn at(path: impl Into<PathBuf>) -> Store {
        Store {
            path: path.into(),
            conn: None,
            access: Access::Write,
            stamp: None,
            wal: None,
            stale_wal: None,
            mirror: Mirror::default(),
            wrote: false,
            bad: Vec::new(),
            found: HashSet::new(),
            had_file: false,
        }
    }

    /// The error for a file this store had open that is no longer at its path.
    fn gone(&self) -> StoreError {
        StoreError(format!(
            "{}: the review file is gone (removed or moved since it was read); nothing is \
             written until it is back: put it back, or start findings again to begin a new one",
            crate::model::files::shown(&self.path)
        ))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Drops the connection if the file it has open is no longer at the path (replaced, as a
    /// backup put back; removed): the reviews read from the old one are forgotten. SQLite
    /// leaves the `-wal` of a file that moved (it cannot fold it into a file no longer there),
    /// and at the path it would be read as the new file's, mixing the two: when it is the
    /// one the old connection used and nobody else has it open, it goes.
    fn notice_replaced(&mut self) -> Result<(), StoreError> {
        if self.conn.is_some() {
            let now = sidecars::stamp(&self.path).map(|s| s.file);
            if now.is_none() || now != self.stamp.map(|s| s.file) {
                tracing::info!(path = %self.path.display(), "the review file was replaced or removed: opened anew");
                self.conn = None;
                self.mirror.reset();
                self.stale_wal = self.wal.take();
            }
        }
        // Until it is gone (another process may have had the old file open still).
        if let Some(old) = self.stale_wal {
            if sidecars::file_id(&sidecars::sidecar(&self.path, "-wal")) == Some(old) {
                sidecars::drop_stale_wal(&self.path)?;
            }
            self.stale_wal = None;
        }
        Ok(())
    }

    /// Notes what the new connection opened: the file and its `-wal`. Another file than the
    /// last one read (a snapshot, not kept open, finds a replaced file only here): its reviews
    /// are read whole.
    fn opened(&mut self, conn: Connection, access: Access, stamp: Option<sidecars::Stamp>) {
        let before = self.stamp.map(|s| s.file);
        if before.is_some() && before != stamp.map(|s| s.file) {
            self.mirror.reset();
        }
        self.conn = Some(conn);
        self.access = access;
        self.stamp = stamp;
        self.had_file = true;
        self.wal = sidecars::file_id(&sidecars::sidecar(&self.path, "-wal"));
        self.mirror.new_connection();
    }

    /// Opens the connection for reading if none is open; false while the file does not exist
    /// (or holds no table yet).
    fn open_reader(&mut self) -> Result<bool, Failure> {
        self.notice_replaced()?;
        if self.conn.is_some() {
            return Ok(true);
        }
        let Some(access) = open::for_reading(&self.path)? else {
            return Ok(false);
        };
        let stamp = sidecars::stamp(&self.path);
        let Some(conn) = open::open(&self.path, access)? else {
            return Ok(false);
        };
        self.opened(conn, access, stamp);
        Ok(true)
    }

    /// Runs `f` on a connection for reading; `None` when there is no file. A snapshot is not
    /// kept open, and is read again when the file changed while it was read (without a lock,
    /// what was read may be torn). A reading that fails on a `-wal` or `-shm` being made or
    /// removed at that moment is tried again.
    fn read<T>(
        &mut self,
        mut f: impl FnMut(&Connection, &mut Mirror, &mut Vec<BadValue>) -> rusqlite::Result<T>,
    ) -> Result<Option<T>, StoreError> {
        let mut torn = 0;
        let mut first_failure = None;
        loop {
            match self.try_read(&mut f) {
                Ok(Tried::Read(value)) => return Ok(value),
                Ok(Tried::Torn) => {
                    torn += 1;
                    if torn == 3 {
                        return Err(StoreError(format!(
                            "{}: the review database kept changing while it was read; try again",
                            crate::model::files::shown(&self.path)
                        )));
                    }
                }
                Err(failure) => {
                    let since = *first_failure.get_or_insert_with(Instant::now);
                    self.again(failure, false, since)?;
                }
            }
        }
    }

    /// One try of [`Store::read`].
    fn try_read<T>(
        &mut self,
        f: &mut impl FnMut(&Connection, &mut Mirror, &mut Vec<BadValue>) -> rusqlite::Result<T>,
    ) -> Result<Tried<T>, Failure> {
        if !self.open_reader()? {
            if self.had_file {
                return Err(self.gone().into());
            }
            return Ok(Tried::Read(None));
        }
        let mut bad = Vec::new();
        let Store { conn, mirror, .. } = self;
        let Some(conn) = conn.as_ref() else {
            return Ok(Tried::Read(None));
        };
        let value = f(conn, mirror, &mut bad);
        if self.access == Access::Snapshot {
            self.conn = None;
            if sidecars::stamp(&self.path) != self.stamp {
                self.mirror.reset();
                self.stamp = None;
                return Ok(Tried::Torn);
            }
        }
        self.keep_bad(bad);
        match value {
            Ok(value) => Ok(Tried::Read(Some(value))),
            Err(e) => Err(failed(&self.path, e)),
        }
    }

    /// Whether to try again after `failure` (the first of this call at `since`): when SQLite
    /// could not open or write a file, and what is in the way looks passing (see
    /// [`sidecars::obstacle`]) — for at most the busy timeout. Else the error to give.
    fn again(&mut self, failure: Failure, writing: bool, since: Instant) -> Result<(), StoreError> {
        use rusqlite::ErrorCode::{CannotOpen, PermissionDenied, ReadOnly};
        if !matches!(failure.code, Some(ReadOnly | CannotOpen | PermissionDenied)) {
            return Err(failure.error);
        }
        // A connection that opened a -wal or -shm read-only keeps it so: open anew. (And
        // looking at the -shm must not close a descriptor of ours on it.)
        self.conn = None;
        let patient = since.elapsed() < BUSY_TIMEOUT;
        match sidecars::obstacle(&self.path, writing, patient) {
            sidecars::Obstacle::Passing if patient => {
                tracing::debug!(path = %self.path.display(), error = %failure.error, "a -wal or -shm was settling: trying again");
                std::thread::sleep(RETRY_PAUSE);
                Ok(())
            }
            sidecars::Obstacle::Passing | sidecars::Obstacle::Lasting(None) => Err(failure.error),
            sidecars::Obstacle::Lasting(Some(message)) => Err(StoreError(message)),
        }
    }

    /// Keeps the values of the wrong type not found before, to be said once.
    fn keep_bad(&mut self, bad: Vec<BadValue>) {
        for b in bad {
            if self.found.insert((b.table, b.rowid, b.column)) {
                self.bad.push(b);
            }
        }
    }

    /// The connection for writing, creating the file on first use (and its folder, at the
    /// default location). Nothing is looked at before SQLite tries: what fails is looked
    /// into after ([`Store::again`]).
    fn writer(&mut self) -> Result<&mut Connection, Failure> {
        self.notice_replaced()?;
        if self.access != Access::Write {
            self.conn = None;
        }
        if self.conn.is_none() {
            if self.had_file && !open::check_kind(&self.path)? {
                return Err(self.gone().into());
            }
            open::prepare_file(&self.path)?;
            let stamp = sidecars::stamp(&self.path);
            if let Some(conn) = open::open(&self.path, Access::Write)? {
                self.opened(conn, Access::Write, stamp);
            }
        }
        self.conn
            .as_mut()
            .ok_or_else(|| StoreError("the review database is not open".into()).into())
    }

    /// Runs `f` in one immediate transaction, committed before returning; tried again while
    /// a teammate's findings is making or removing the `-wal` or `-shm` (a try that fails so
    /// has written nothing).
    fn write<T>(
        &mut self,
        mut f: impl FnMut(&rusqlite::Transaction) -> rusqlite::Result<T>,
    ) -> Result<T, StoreError> {
        let mut first_failure = None;
        loop {
            match self.try_write(&mut f) {
                Ok(value) => {
                    self.wrote = true;
                    return Ok(value);
                }
                Err(failure) => {
                    let since = *first_failure.get_or_insert_with(Instant::now);
                    self.again(failure, true, since)?;
                }
            }
        }
    }

    /// One try of [`Store::write`].
    fn try_write<T>(
        &mut self,
        f: &mut impl FnMut(&rusqlite::Transaction) -> rusqlite::Result<T>,
    ) -> Result<T, Failure> {
        let path = self.path.clone();
        let conn = self.writer()?;
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| failed(&path, e))?;
        let value = f(&tx).map_err(|e| failed(&path, e))?;
        tx.commit().map_err(|e| failed(&path, e))?;
        Ok(value)
    }

    /// Sets a record's status; the change goes into the history.
    pub fn mark(&mut self, record: &str, status: Status, user: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            // A record only starred has a row with no status: it is unreviewed.
            let (from, by) = tx
                .query_row(
                    "SELECT status, set_by FROM marks WHERE record_id = ?1",
                    [record],
                    |r| {
                        let by: Option<String> = r.get(1).ok().flatten();
                        Ok((rows::current_status(r.get_ref(0)?), by))
                    },
                )
                .optional()?
                .unwrap_or((Status::Unreviewed, None));
            // Nothing changes: an unreviewed record marked unreviewed is no decision, and my
            // own mark set again is the same mark (neither goes into the history).
            if from == status && (status == Status::Unreviewed || by.as_deref() == Some(user)) {
                return Ok(());
            }
            tx.execute(
                "INSERT INTO marks (record_id, status, set_by, set_at) VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                 ON CONFLICT(record_id) DO UPDATE
                 SET status = excluded.status, set_by = excluded.set_by, set_at = excluded.set_at",
                params![record, status.name(), user],
            )?;
            tx.execute(
                "INSERT INTO status_history (record_id, user, at, from_status, to_status)
                 VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?3, ?4)",
                params![record, user, from.name(), status.name()],
            )?;
            Ok(())
        })
    }

    /// Stars or unstars a record; the change goes into the history.
    pub fn star(&mut self, record: &str, on: bool, user: &str) -> Result<(), StoreError> {
        self.write(|tx| {
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

    /// Adds a note; its id. A note longer than [`NOTE_LIMIT`] is refused.
    pub fn add_note(&mut self, record: &str, text: &str, user: &str) -> Result<i64, StoreError> {
        check_note(text)?;
        self.write(|tx| {
            tx.execute(
                "INSERT INTO notes (record_id, author, created_at, text) VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?3)",
                params![record, user, text],
            )?;
            Ok(tx.last_insert_rowid())
        })
    }

    /// Changes a note's text, keeping the earlier text in its history. A text longer than
    /// [`NOTE_LIMIT`] is refused.
    pub fn edit_note(&mut self, note: i64, text: &str, user: &str) -> Result<(), StoreError> {
        check_note(text)?;
        self.write(|tx| {
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

    /// Every review, by record id, read whole.
    pub fn all(&mut self) -> Result<HashMap<String, Review>, StoreError> {
        let read = self.read(|conn, _, bad| {
            // One read transaction: the marks and the notes from the same moment.
            let tx = conn.unchecked_transaction()?;
            let mut whole = Mirror::default();
            whole.whole(&tx, bad)?;
            tx.commit()?;
            Ok(whole.reviews)
        })?;
        Ok(read.unwrap_or_default())
    }

    /// One record's review.
    pub fn get(&mut self, record: &str) -> Result<Review, StoreError> {
        Ok(self.all()?.remove(record).unwrap_or_default())
    }

    /// Brings [`Store::reviews`] up to date, reading only what changed since the last call
    /// (the whole store the first time, and whenever what changed cannot be told); true when
    /// the reviews may have changed.
    pub fn refresh(&mut self) -> Result<bool, StoreError> {
        let wrote = std::mem::take(&mut self.wrote);
        // A snapshot is not kept open: the file as it was at the last reading is unchanged.
        let unchanged = self.conn.is_none()
            && self.access == Access::Snapshot
            && self.mirror.read_once
            && self.stamp.is_some()
            && sidecars::stamp(&self.path) == self.stamp;
        if unchanged && !wrote {
            self.mirror.nothing_new();
            return Ok(false);
        }
        match self.read(|conn, mirror, bad| mirror.refresh(conn, wrote, bad)) {
            Ok(Some(changed)) => Ok(changed),
            Ok(None) => {
                // No file: no reviews (a file removed takes them away).
                let changed = !self.mirror.read_once || !self.mirror.reviews.is_empty();
                self.mirror.reset();
                self.mirror.read_once = true;
                self.mirror.history_whole = true;
                Ok(changed)
            }
            Err(e) => {
                self.wrote |= wrote;
                Err(e)
            }
        }
    }

    /// Every review, by record id, as [`Store::refresh`] last read them.
    pub fn reviews(&self) -> &HashMap<String, Review> {
        &self.mirror.reviews
    }

    /// A record's status changes, oldest first, as [`Store::refresh`] last read them.
    pub fn history_of(&self, record: &str) -> &[Change] {
        self.mirror.history.get(record).map_or(&[], Vec::as_slice)
    }

    /// What the last [`Store::refresh`] found of the status history, for a copy kept
    /// elsewhere: the changes it had not read before, and the whole history when it read it
    /// whole (the first reading, or when what changed could not be told).
    pub fn history_news(&self) -> HistoryNews {
        HistoryNews {
            whole: self
                .mirror
                .history_whole
                .then(|| self.mirror.history.clone()),
            fresh: self.mirror.fresh.clone(),
        }
    }

    /// What the last [`Store::refresh`] read.
    pub fn last_reading(&self) -> Reading {
        self.mirror.last
    }

    /// The values of the wrong type (written by another program) that readings skipped or
    /// ignored since the last call, each said once per `Store`: one line each, naming the file,
    /// the table, the row and the column.
    pub fn take_warnings(&mut self) -> Vec<String> {
        let p = crate::model::files::shown(&self.path);
        self.bad.drain(..).map(|b| format!("{p}: {b}")).collect()
    }

    /// Every status change, oldest first.
    pub fn history(&mut self) -> Result<Vec<Change>, StoreError> {
        let read = self.read(|conn, _, bad| {
            let mut stmt = conn.prepare(&format!(
                "SELECT {} FROM status_history ORDER BY id",
                rows::CHANGE_COLUMNS
            ))?;
            let mut found = stmt.query([])?;
            let mut changes = Vec::new();
            while let Some(r) = found.next()? {
                changes.extend(rows::change(r, bad)?);
            }
            Ok(changes)
        })?;
        Ok(read.unwrap_or_default())
    }

    /// A number that changes whenever another connection commits a change (`PRAGMA
    /// data_version`): cheap to ask, for noticing a teammate's edits. (A snapshot, opened anew
    /// for each reading, cannot tell: [`Store::refresh`] looks at the file instead.)
    pub fn data_version(&mut self) -> Result<Option<i64>, StoreError> {
        self.read(|conn, _, _| conn.query_row("PRAGMA data_version", [], |r| r.get(0)))
    }

    /// The schema version of the file (`PRAGMA user_version`), read without writing; `None`
    /// when there is no file yet. A file from a newer findings, a foreign or damaged one, is
    /// the error a reading gives.
    pub fn schema_version(&mut self) -> Result<Option<i64>, StoreError> {
        self.read(|conn, _, _| conn.query_row("PRAGMA user_version", [], |r| r.get(0)))
    }

    /// Makes the file if there is none and brings its schema up to date, as the first write
    /// does (with the mode its folder calls for), writing no review.
    pub fn create(&mut self) -> Result<(), StoreError> {
        self.write(|_| Ok(()))
    }
}

/// A note's text within [`NOTE_LIMIT`], or the message saying it is too long.
fn check_note(text: &str) -> Result<(), StoreError> {
    if text.len() <= NOTE_LIMIT {
        return Ok(());
    }
    Err(StoreError(format!(
        "the note is too long: {} ({} bytes), and a note holds at most {} KiB ({NOTE_LIMIT} \
         bytes); nothing was saved — shorten it, or keep the long text in a file and name the \
         file in the note",
        rows::size(text.len() as u64),
        text.len(),
        NOTE_LIMIT / 1024
    )))
}

/// The message for a database this user cannot write.
fn cannot_write(path: &Path) -> String {
    format!(
        "{}: cannot write the review database (permission denied); ask for write access to \
         the file and its folder, or use --review-db with a file of your own",
        crate::model::files::shown(path)
    )
}

/// An SQLite error in words that name the file and say what to do.
fn describe(path: &Path, e: rusqlite::Error) -> StoreError {
    let p = crate::model::files::shown(path);
    let code = e.sqlite_error_code();
    let message = match code {
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => format!(
            "{p}: the review database is locked by another findings for more than {}s; try \
             again, or look for a stuck process",
            BUSY_TIMEOUT.as_secs()
        ),
        Some(rusqlite::ErrorCode::ReadOnly | rusqlite::ErrorCode::PermissionDenied) => {
            cannot_write(path)
        }
        Some(rusqlite::ErrorCode::NotADatabase) => format!(
            "{p}: this file is not a findings review database (not SQLite, or damaged); it is \
             left untouched — point --review-db at another file"
        ),
        Some(rusqlite::ErrorCode::DatabaseCorrupt) => format!(
            "{p}: the review database is damaged (cut short or overwritten in part: {e}); it \
             is left untouched — restore it from a backup, or point --review-db at another \
             file to go on working (`sqlite3 {p} .recover` may save what is left of it)"
        ),
        Some(rusqlite::ErrorCode::DiskFull) => {
            format!("{p}: the disk is full; nothing was saved — free some space and try again")
        }
        Some(rusqlite::ErrorCode::SystemIoFailure) => format!(
            "{p}: cannot write the review database ({e}); the disk may be full or the file too \
             large; nothing was saved"
        ),
        Some(rusqlite::ErrorCode::CannotOpen) if path.is_dir() => format!(
            "{p} is a folder, not a review database: give the file, e.g. --review-db {p}/review.db"
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
    network_filesystem(dir).map(|_| {
        format!(
            "warning: {} is on a network filesystem; SQLite's locking is not safe there, and \
             changes by several people may be lost — keep the review database on a local disk \
             of the shared server",
            crate::model::files::shown(path)
        )
    })
}

/// The network filesystem `dir` is on ("NFS", "SMB", "CIFS"), by its `statfs` type; `None`
/// on a local one, or when it cannot be asked (a missing folder).
pub fn network_filesystem(dir: &Path) -> Option<&'static str> {
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
    network_kind(kind)
}

/// The name of a network filesystem by its `statfs` `f_type` (linux/magic.h); `None` for any
/// other.
pub fn network_kind(f_type: i64) -> Option<&'static str> {
    const NFS: i64 = 0x6969;
    const SMB: i64 = 0x517B;
    const CIFS: i64 = 0xFF53_4D42;
    const SMB2: i64 = 0xFE53_4D42;
    match f_type {
        NFS => Some("NFS"),
        SMB => Some("SMB"),
        CIFS => Some("CIFS"),
        SMB2 => Some("SMB2"),
        _ => None,
    }
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

    #[test]
    fn network_filesystems_are_known_by_their_type() {
        assert_eq!(network_kind(0x6969), Some("NFS"));
        assert_eq!(network_kind(0xFF53_4D42), Some("CIFS"));
        assert_eq!(network_kind(0xFE53_4D42), Some("SMB2"));
        assert_eq!(network_kind(0x517B), Some("SMB"));
        // ext4, tmpfs, xfs, btrfs.
        for local in [0xEF53, 0x0102_1994, 0x5846_5342, 0x9123_683E] {
            assert_eq!(network_kind(local), None);
        }
    }
}
