//! Opening the review file: how (to write, to read alongside writers, or as a snapshot of the
//! file alone), whether it is ours (a half-made file is finished, a foreign one refused and left
//! untouched), and the `-wal`/`-shm` files SQLite keeps beside it.
//!
//! SQLite in WAL mode keeps two files beside the database, `-wal` and `-shm`, made by whoever
//! opens it first, with the database's mode. A reader who cannot write the database still makes
//! them when its folder allows — owned by the reader, with the database's read-only mode —
//! and never removes them, so a writer later finds them read-only and cannot write. Hence:
//! a reader who cannot write the database and finds no `-wal` (nobody has it open) reads the
//! file alone, making nothing; a writer who owns such leftovers makes them writable again; one
//! who does not is told exactly what to do.
//!
//! Those files come and go while teammates work: the last connection to close removes them,
//! the next opening makes them anew — private to their maker for a moment under a umask of
//! 077, until SQLite gives them the database's mode. So nothing here decides from a look taken
//! before SQLite opens them (the look is about a moment already past): SQLite tries, and only
//! when it fails (read-only, cannot open) does `sidecars::obstacle` look at what is in the way, and
//! the attempt is made again while that looks passing.

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::sidecars::sidecar;
use super::{failed, Failure, StoreError, BUSY_TIMEOUT, SCHEMA_VERSION};

/// How the file is opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// To read and write: the file is writable by us.
    Write,
    /// Only to read, sharing the `-wal` and `-shm` that the writers made.
    Read,
    /// Only to read, the file alone (`immutable=1`: no lock, no `-wal`/`-shm` made): for a file
    /// we cannot write when nobody has it open (no `-wal`). Right only while nobody writes:
    /// a snapshot is checked against the file after the reading ([`Stamp`]) and read again if
    /// the file changed, and never kept open — the next reading opens the file anew.
    Snapshot,
}

/// How to open `path` for reading; `None` when there is no file (an empty store).
pub fn for_reading(path: &Path) -> Result<Option<Access>, StoreError> {
    if !check_kind(path)? {
        // A mistyped team path reads as "nobody reviewed anything" otherwise.
        return match missing_folder(path) {
            Some(error) => Err(error),
            None => Ok(None),
        };
    }
    // A guess, made again at each opening, never a refusal: a -wal or -shm made or removed
    // meanwhile makes SQLite fail and the reading is tried again (`obstacle`), and a snapshot
    // is checked against the file after it was read.
    let can_write = writable(path);
    // Writing needs the -wal and -shm writable too, and the folder where they are still to
    // be made.
    let folder = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let wal = sidecar(path, "-wal").exists();
    let sidecars_writable = ["-wal", "-shm"].into_iter().all(|suffix| {
        let side = sidecar(path, suffix);
        !side.exists() || writable(&side)
    });
    Ok(Some(
        if can_write && sidecars_writable && (wal || writable(folder)) {
            Access::Write
        } else if wal || sidecar(path, "-journal").exists() {
            // Someone has it open, or left changes in a journal: only SQLite reads it right.
            Access::Read
        } else {
            Access::Snapshot
        },
    ))
}

/// False when nothing is at `path`; an error when what is there is no file: a folder, or a
/// FIFO or device (SQLite calls those a disk I/O error, and reading one could wait for ever),
/// or a symbolic link to nothing (a file made through it would land wherever it points).
pub fn check_kind(path: &Path) -> Result<bool, StoreError> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Ok(target) = std::fs::read_link(path) {
                return Err(StoreError(format!(
                    "{}: a symbolic link to {}, which does not exist; it is left untouched and \
                     nothing is made through it — fix the link, or point --review-db at the \
                     review database itself",
                    crate::model::files::shown(path),
                    crate::model::files::shown(&target)
                )));
            }
            return Ok(false);
        }
        Err(e) => {
            return Err(StoreError(format!(
                "{}: cannot read the review database: {e}",
                crate::model::files::shown(path)
            )))
        }
    };
    if meta.is_dir() {
        return Err(StoreError(format!(
            "{p} is a folder, not a review database: give the file, e.g. --review-db {p}/review.db",
            p = crate::model::files::shown(path)
        )));
    }
    if !meta.is_file() {
        return Err(StoreError(format!(
            "{}: not a regular file (a FIFO, a device or a socket); it is left untouched — \
             point --review-db at a file",
            crate::model::files::shown(path)
        )));
    }
    Ok(true)
}

/// True when this process may write `path` (its effective user and groups; false on a
/// read-only filesystem, and when there is nothing there).
pub fn writable(path: &Path) -> bool {
    may_write(path).is_ok()
}

/// Whether this process may write `path`, and if not why: "not found" is no file there (a
/// -wal or -shm removed by the last connection to close), not a file that is read-only.
pub fn may_write(path: &Path) -> std::io::Result<()> {
    let c = CString::new(path.as_os_str().as_bytes())
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::InvalidInput))?;
    // SAFETY: faccessat only reads the NUL-terminated path.
    match unsafe { libc::faccessat(libc::AT_FDCWD, c.as_ptr(), libc::W_OK, libc::AT_EACCESS) } {
        0 => Ok(()),
        _ => Err(std::io::Error::last_os_error()),
    }
}

/// Our tables, with the columns findings reads and writes; the first is the key.
const TABLES: &[(&str, &[&str])] = &[
    (
        "marks",
        &["record_id", "status", "set_by", "set_at", "starred"],
    ),
    (
        "status_history",
        &["id", "record_id", "user", "at", "from_status", "to_status"],
    ),
    (
        "star_history",
        &["id", "record_id", "user", "at", "starred"],
    ),
    (
        "notes",
        &[
            "id",
            "record_id",
            "author",
            "created_at",
            "edited_at",
            "text",
        ],
    ),
    (
        "note_history",
        &["id", "note_id", "text", "replaced_at", "replaced_by"],
    ),
];

/// The schema, one step per version. Each statement may meet its table already there (a file
/// whose `user_version` was reset, or half made by hand): it is kept.
const MIGRATIONS: &[&str] = &[
    // 1: marks, notes, and the history of every change.
    "CREATE TABLE IF NOT EXISTS marks (
        record_id TEXT PRIMARY KEY,
        status TEXT,
        set_by TEXT,
        set_at TEXT,
        starred INTEGER NOT NULL DEFAULT 0
     );
     CREATE TABLE IF NOT EXISTS status_history (
        id INTEGER PRIMARY KEY,
        record_id TEXT NOT NULL,
        user TEXT NOT NULL,
        at TEXT NOT NULL,
        from_status TEXT NOT NULL,
        to_status TEXT NOT NULL
     );
     CREATE TABLE IF NOT EXISTS star_history (
        id INTEGER PRIMARY KEY,
        record_id TEXT NOT NULL,
        user TEXT NOT NULL,
        at TEXT NOT NULL,
        starred INTEGER NOT NULL
     );
     CREATE TABLE IF NOT EXISTS notes (
        id INTEGER PRIMARY KEY,
        record_id TEXT NOT NULL,
        author TEXT NOT NULL,
        created_at TEXT NOT NULL,
        edited_at TEXT,
        text TEXT NOT NULL
     );
     CREATE TABLE IF NOT EXISTS note_history (
        id INTEGER PRIMARY KEY,
        note_id INTEGER NOT NULL REFERENCES notes(id),
        text TEXT NOT NULL,
        replaced_at TEXT NOT NULL,
        replaced_by TEXT NOT NULL
     );
     CREATE INDEX IF NOT EXISTS notes_by_record ON notes(record_id);
     CREATE INDEX IF NOT EXISTS status_history_by_record ON status_history(record_id);",
];

/// What the file holds, as far as findings is concerned.
#[derive(Debug, PartialEq, Eq)]
enum Schema {
    /// No table at all, and no version: a new file.
    Empty,
    /// Ours, complete but for these tables.
    Ours(Vec<&'static str>),
}

/// Tells a file of ours (whole, or half made: a crash, a `user_version` reset) from a foreign
/// SQLite database, which is refused. Only reads.
fn schema(conn: &Connection, path: &Path, version: i64) -> Result<Schema, Failure> {
    let names = || -> rusqlite::Result<Vec<String>> {
        let mut stmt = conn.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
        )?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        rows.collect()
    };
    let names = names().map_err(|e| failed(path, e))?;
    let ours = |n: &str| TABLES.iter().any(|(t, _)| *t == n);
    let foreign: Vec<&String> = names.iter().filter(|n| !ours(n)).collect();
    // Tables of its own in a file no findings ever finished: someone else's database.
    if version == 0 && !foreign.is_empty() {
        let mut list: Vec<String> = foreign.iter().take(3).map(|n| shown_text(n)).collect();
        if foreign.len() > 3 {
            list.push("…".into());
        }
        return Err(StoreError(format!(
            "{}: this SQLite database is not a findings review database (it holds other tables: \
             {}); it is left untouched — point --review-db at another file",
            crate::model::files::shown(path),
            list.join(", ")
        ))
        .into());
    }
    let mut missing = Vec::new();
    for (table, columns) in TABLES {
        if !names.iter().any(|n| n == table) {
            missing.push(*table);
            continue;
        }
        check_columns(conn, path, table, columns)?;
    }
    if version == 0 && missing.len() == TABLES.len() {
        return Ok(Schema::Empty);
    }
    Ok(Schema::Ours(missing))
}

/// The table has every column findings uses, the first as its key; a key named `id` is an
/// `INTEGER PRIMARY KEY` (the row's own number), as findings makes it: any other may hold text
/// or a real number, which no reading could place (a note, a change is known by its number).
fn check_columns(
    conn: &Connection,
    path: &Path,
    table: &str,
    columns: &[&str],
) -> Result<(), Failure> {
    let info = || -> rusqlite::Result<Vec<(String, String, i64)>> {
        let mut stmt = conn.prepare(&format!("PRAGMA table_info({table})"))?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(5)?,
            ))
        })?;
        rows.collect()
    };
    let info = info().map_err(|e| failed(path, e))?;
    let lacking = columns
        .iter()
        .find(|c| !info.iter().any(|(name, _, _)| name == *c));
    let key = columns[0];
    let keyed = info.iter().any(|(name, _, pk)| name == key && *pk == 1)
        && info.iter().filter(|(_, _, pk)| *pk > 0).count() == 1;
    let numbered = key != "id"
        || info
            .iter()
            .any(|(name, kind, _)| name == key && kind.eq_ignore_ascii_case("INTEGER"));
    let problem = match (lacking, keyed, numbered) {
        (Some(column), _, _) => format!("its table {table} has no column {column}"),
        (None, false, _) => format!("its table {table} is not keyed by {key}"),
        (None, true, false) => {
            format!("its table {table} is keyed by an {key} that is not an INTEGER PRIMARY KEY")
        }
        (None, true, true) => return Ok(()),
    };
    Err(StoreError(format!(
        "{}: this is not a findings review database, or a damaged one ({problem}); it is left \
         untouched — restore it from a backup, or point --review-db at another file",
        crate::model::files::shown(path)
    ))
    .into())
}

pub fn shown_text(s: &str) -> String {
    crate::model::text::inline(s)
}

/// A `file:` URI for `path` opened as an immutable snapshot.
fn snapshot_uri(path: &Path) -> String {
    use std::fmt::Write;
    let mut uri = String::from(if path.is_absolute() {
        "file://"
    } else {
        "file:"
    });
    for &b in path.as_os_str().as_bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            uri.push(b as char);
        } else {
            let _ = write!(uri, "%{b:02X}");
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// What someone else who can write the folder may have put in the database's place, refused
/// before SQLite opens anything: the database as a symbolic link in a folder others can write
/// (a teammate pointing it at one's own files, which SQLite would then write), and a database,
/// `-wal` or `-shm` that is not a regular file (a FIFO would hang every opening).
fn planted(path: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let shown = crate::model::files::shown;
    let folder = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let shared = std::fs::metadata(folder).is_ok_and(|m| m.permissions().mode() & 0o022 != 0);
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if meta.file_type().is_symlink() && shared {
            return Err(format!(
                "{}: the review database is a symbolic link in a folder others can write, so \
                 it may point at someone's own files; refused — remove the link, or point \
                 --review-db at the file itself",
                shown(path)
            ));
        }
        if let Ok(target) = std::fs::metadata(path) {
            if !target.is_file() {
                return Err(format!(
                    "{}: the review database is not a regular file; refused, left untouched",
                    shown(path)
                ));
            }
        }
    }
    for suffix in ["-wal", "-shm"] {
        let side = sidecar(path, suffix);
        if let Ok(meta) = std::fs::symlink_metadata(&side) {
            let kind = meta.file_type();
            if !kind.is_file() && !kind.is_symlink() {
                return Err(format!(
                    "{}: cannot open the review database: {} is not a regular file (SQLite \
                     makes only files there); it is left untouched — remove it when nobody \
                     has findings open on the database",
                    shown(path),
                    shown(&side)
                ));
            }
        }
    }
    Ok(())
}

/// Opens the database as `access` says: WAL, a busy timeout, foreign keys, and (to write) the
/// schema brought up to date. `None` for a file without our tables that we only read: an
/// empty store. A file that is not SQLite, a foreign database, or one from a newer findings
/// is refused and left untouched. To write, a file SQLite could open only to read fails as
/// read-only (SQLite falls back to reading without a word).
pub fn open(path: &Path, access: Access) -> Result<Option<Connection>, Failure> {
    planted(path).map_err(|message| Failure::from(StoreError(message)))?;
    let no_mutex = OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = match access {
        Access::Write => {
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | no_mutex)
        }
        Access::Read => {
            Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | no_mutex)
        }
        Access::Snapshot => Connection::open_with_flags(
            snapshot_uri(path),
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | no_mutex,
        ),
    };
    let mut conn = conn.map_err(|e| failed(path, e))?;
    if access == Access::Write && conn.is_readonly(rusqlite::MAIN_DB).unwrap_or(false) {
        return Err(Failure {
            error: StoreError(super::cannot_write(path)),
            code: Some(rusqlite::ErrorCode::ReadOnly),
        });
    }
    let setup = || -> rusqlite::Result<i64> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // A file that is not a database fails here, before anything is written to it.
        conn.query_row("PRAGMA user_version", [], |r| r.get(0))
    };
    let version = setup().map_err(|e| failed(path, e))?;
    if version > SCHEMA_VERSION {
        return Err(StoreError(format!(
            "{}: this review database was written by a newer findings (schema {version}; this \
             one knows {SCHEMA_VERSION}); it is left untouched — use a newer findings",
            crate::model::files::shown(path)
        ))
        .into());
    }
    // Before anything is written (the switch to WAL writes), the file must be ours.
    let schema = schema(&conn, path, version)?;
    if access != Access::Write {
        return match schema {
            Schema::Empty => Ok(None),
            Schema::Ours(missing) if missing.is_empty() => Ok(Some(conn)),
            Schema::Ours(missing) => Err(StoreError(format!(
                "{}: the review database is incomplete (it has no table {}) and you cannot \
                 write to it to finish it; ask whoever can write it to open it with findings \
                 once, or point --review-db at another file",
                crate::model::files::shown(path),
                missing.join(", ")
            ))
            .into()),
        };
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
    configure().map_err(|e| failed(path, e))?;
    let complete = matches!(&schema, Schema::Ours(missing) if missing.is_empty());
    if version < SCHEMA_VERSION || !complete {
        migrate(&mut conn, path)?;
    }
    Ok(Some(conn))
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

/// Brings the schema up to date, finishing what is half made. Each step looks again at the
/// version and the tables inside its own write transaction: two programs opening a new file at
/// once do not both create the tables, and a file that became foreign meanwhile is left as it is.
fn migrate(conn: &mut Connection, path: &Path) -> Result<(), Failure> {
    for (i, step) in MIGRATIONS.iter().enumerate() {
        let target = i as i64 + 1;
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(|e| failed(path, e))?;
        let now: i64 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| failed(path, e))?;
        let schema = schema(&tx, path, now)?;
        let complete = matches!(&schema, Schema::Ours(missing) if missing.is_empty());
        if now < target || !complete {
            let run = || -> rusqlite::Result<()> {
                tx.execute_batch(step)?;
                if now < target {
                    tx.pragma_update(None, "user_version", target)?;
                }
                Ok(())
            };
            run().map_err(|e| failed(path, e))?;
            if now > 0 || schema != Schema::Empty {
                tracing::info!(path = %path.display(), version = now, "review database finished (it was half made)");
            }
        }
        tx.commit().map_err(|e| failed(path, e))?;
    }
    Ok(())
}

/// The error for a review file whose folder does not exist, unless it is the default folder
/// (made on the first write): a path the user named with a typo in it.
fn missing_folder(path: &Path) -> Option<StoreError> {
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty())?;
    let missing =
        matches!(std::fs::metadata(dir), Err(e) if e.kind() == std::io::ErrorKind::NotFound);
    (missing && Some(dir) != crate::model::files::data_dir().as_deref()).then(|| {
        StoreError(format!(
            "{}: the folder {} does not exist; check the path, or create the folder first",
            crate::model::files::shown(path),
            crate::model::files::shown(dir)
        ))
    })
}

/// Creates an empty file for the database, with the right permissions: a private file (0600)
/// in a private folder; in a folder its group can write (a team's shared folder), a file the
/// group can write too (0660), so SQLite gives its `-wal` and `-shm` files the same mode and
/// every member can write. A missing folder is made only for the default location
/// ([`files::data_dir`](crate::model::files::data_dir)): one the user named (`--review-db`,
/// `FINDINGS_REVIEW_DB`, the config file) is refused, or a mistyped team folder would get a
/// private database of its own that the team never sees.
pub fn prepare_file(path: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
    if check_kind(path)? {
        return Ok(());
    }
    if let Some(error) = missing_folder(path) {
        return Err(error);
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    if let Some(dir) = dir {
        let missing =
            matches!(std::fs::metadata(dir), Err(e) if e.kind() == std::io::ErrorKind::NotFound);
        if missing {
            std::fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(|e| {
                    StoreError(format!(
                        "{}: cannot create the folder for the review database: {e}",
                        crate::model::files::shown(dir)
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
            // The umask may have taken the group's write bit: set the mode as meant. (Until
            // then a teammate opening it finds it read-only: see `obstacle`.)
            let _ = file.set_permissions(std::fs::Permissions::from_mode(mode));
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(StoreError(format!(
            "{}: cannot create the review database: {e}; choose a folder you can write to \
             with --review-db or FINDINGS_REVIEW_DB",
            crate::model::files::shown(path)
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A snapshot opens through a `file:` URI: a path with the characters a URI gives meaning
    /// to (and spaces, and Vietnamese) still names the file, and nothing is made beside it.
    #[test]
    fn a_snapshot_opens_any_path_and_makes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("a b?c#d%e&f=ệ;.db");
        crate::model::review::Store::at(&db)
            .mark("x", crate::model::review::Status::Reviewed, "lan")
            .unwrap();
        let conn = open(&db, Access::Snapshot).unwrap().unwrap();
        let n: i64 = conn
            .query_row("SELECT count(*) FROM marks", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
        let beside: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(beside.len(), 1, "{beside:?}");
        // Relative too.
        assert_eq!(
            snapshot_uri(Path::new("a b/c?.db")),
            "file:a%20b/c%3F.db?immutable=1"
        );
        assert_eq!(snapshot_uri(Path::new("//x/y")), "file:////x/y?immutable=1");
    }
}
