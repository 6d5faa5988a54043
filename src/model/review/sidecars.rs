//! The `-wal` and `-shm` files SQLite keeps beside the review file: whose they are, whether
//! they are settling or stale, what stands in the way when SQLite cannot open or write, and
//! what a replaced file left behind. (Why they need care: see the head of `open.rs`.)

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::open::{may_write, shown_text, writable};
use super::StoreError;

/// `path` with `suffix` appended: `review.db-wal`.
pub fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// What a snapshot's reading is checked against: the file (which, replaced, is another) and
/// whether a writer has come (a `-wal`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    pub file: (u64, u64),
    len: u64,
    modified: (i64, i64),
    changed: (i64, i64),
    wal: bool,
}

pub fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    Some(Stamp {
        file: (m.dev(), m.ino()),
        len: m.len(),
        modified: (m.mtime(), m.mtime_nsec()),
        changed: (m.ctime(), m.ctime_nsec()),
        wal: sidecar(path, "-wal").exists(),
    })
}

/// A file's device and inode; `None` when there is none.
pub fn file_id(path: &Path) -> Option<(u64, u64)> {
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// Removes the `-wal` and `-shm` that a replaced file left at `path` (see
/// `Store::notice_replaced`), unless another process still has them open: then what to do.
pub fn drop_stale_wal(path: &Path) -> Result<(), StoreError> {
    let (wal, shm) = (sidecar(path, "-wal"), sidecar(path, "-shm"));
    if let Some(pid) = holder(&shm) {
        return Err(StoreError(format!(
            "{p} was replaced while findings had it open, and process {pid} still has the old \
             file open: its {w} would be read as the new file's — end it (or close findings \
             there), then try again",
            p = crate::model::files::shown(path),
            w = crate::model::files::shown(&wal)
        )));
    }
    for side in [&wal, &shm] {
        match std::fs::remove_file(side) {
            Ok(()) => {
                tracing::warn!(file = %side.display(), "removed: left by the review file it replaced")
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(StoreError(format!(
                    "{p} was replaced while findings had it open; {s}, left by the old file, \
                     would be read as the new file's and cannot be removed ({e}): remove {w} \
                     and {m} when nobody has findings open on it",
                    p = crate::model::files::shown(path),
                    s = crate::model::files::shown(side),
                    w = crate::model::files::shown(&wal),
                    m = crate::model::files::shown(&shm)
                )))
            }
        }
    }
    Ok(())
}

/// What stood in the way of a failed opening or writing (SQLite said read-only, or could not
/// open a file), looked at after the failure.
#[derive(Debug, PartialEq, Eq)]
pub enum Obstacle {
    /// Nothing that lasts: a `-wal` or `-shm` that another findings was making (under a umask
    /// of 077 SQLite makes them private to their maker, and gives them the database's mode a
    /// moment later) or removing (the last connection to close removes them), a database just
    /// made, or a leftover of ours made writable again. Try again.
    Passing,
    /// Something that stays, in words; `None` when SQLite's own error says it best.
    Lasting(Option<String>),
}

/// How long after a file was made (or its mode changed) it may still be settling: SQLite gives
/// a new `-wal` or `-shm` the database's mode right after making it, findings a new database
/// its mode right after making it.
const SETTLING: Duration = Duration::from_secs(1);

/// What keeps this process from opening (`writing`: and writing) the database at `path` now.
/// `patient`: a file that may still be settling counts as passing; when patience is out
/// (SQLite kept failing for the busy timeout), what is there is taken as it is.
///
/// Call it with no connection of this process open on the file: looking whether another
/// process holds the `-shm` opens it, and closing that drops this process's locks on it.
pub fn obstacle(path: &Path, writing: bool, patient: bool) -> Obstacle {
    use std::io::ErrorKind::NotFound;
    let db = match std::fs::metadata(path) {
        Ok(db) => db,
        // Removed or replaced meanwhile: the next try finds out what is there.
        Err(_) => return Obstacle::Passing,
    };
    if writing {
        match may_write(path) {
            Ok(()) => {}
            Err(e) if e.kind() == NotFound => return Obstacle::Passing,
            Err(_) if patient && db.len() == 0 && settling(&db) => return Obstacle::Passing,
            Err(_) => return Obstacle::Lasting(Some(super::cannot_write(path))),
        }
    }
    // SAFETY: geteuid only reads the process's user id.
    let me = unsafe { libc::geteuid() };
    let mut missing = false;
    for suffix in ["-shm", "-wal"] {
        let side = sidecar(path, suffix);
        let meta = match std::fs::symlink_metadata(&side) {
            Ok(meta) => meta,
            Err(_) => {
                missing = true;
                continue;
            }
        };
        if meta.file_type().is_symlink() {
            // SQLite never follows one (and never makes one): someone put it there.
            return Obstacle::Lasting(Some(format!(
                "{}: cannot open the review database: {} is a symbolic link, not a file SQLite \
                 made; it is left untouched — remove it when nobody has findings open on the \
                 database",
                crate::model::files::shown(path),
                crate::model::files::shown(&side)
            )));
        }
        match may_write(&side) {
            Ok(()) => continue,
            // Removed between the two looks: not read-only, gone.
            Err(e) if e.kind() == NotFound => {
                missing = true;
                continue;
            }
            Err(_) => {}
        }
        if meta.uid() == me && make_writable(&side, &db) {
            return Obstacle::Passing;
        }
        // Being made: not yet given the database's mode.
        if patient && meta.mode() & 0o777 != db.mode() & 0o777 && settling(&meta) {
            return Obstacle::Passing;
        }
        return Obstacle::Lasting(writing.then(|| stale_sidecar(path, &side, &meta)));
    }
    // SQLite must make the -wal or -shm beside the database.
    let folder = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if writing && missing && !writable(folder) {
        return Obstacle::Lasting(Some(super::cannot_write(path)));
    }
    Obstacle::Passing
}

/// True when the file was made, or its mode changed, a moment ago.
fn settling(meta: &std::fs::Metadata) -> bool {
    let changed = std::time::UNIX_EPOCH
        + Duration::new(
            meta.ctime().max(0) as u64,
            meta.ctime_nsec().clamp(0, 999_999_999) as u32,
        );
    std::time::SystemTime::now()
        .duration_since(changed)
        .map_or(true, |age| age < SETTLING)
}

/// A `-wal` or `-shm` of ours that a read-only reading left read-only, made as writable as the
/// database (which we can write) again; true when done. Safe while others have it open: the
/// mode is looked at only when a file is opened.
fn make_writable(side: &Path, db: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    // SAFETY: geteuid only reads the process's user id.
    let me = unsafe { libc::geteuid() };
    // The file itself, never what a symlink put there (by someone who can write the folder)
    // points at, and looked at through the descriptor that changes it.
    let Ok(file) = open_no_follow(side) else {
        return false;
    };
    let Ok(meta) = file.metadata() else {
        return false;
    };
    if !meta.is_file() || meta.uid() != me {
        return false;
    }
    let mode = (db.mode() & 0o666) | (meta.mode() & 0o444) | 0o600;
    match file.set_permissions(std::fs::Permissions::from_mode(mode)) {
        Ok(()) => {
            tracing::info!(file = %side.display(), "a read-only file left by a reading made writable again");
            true
        }
        Err(e) => {
            tracing::warn!(file = %side.display(), error = %e, "a read-only file left by a reading could not be made writable");
            false
        }
    }
}

/// `path` opened to read, not following a symlink, not waiting on a FIFO.
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

/// Why a database we can write cannot be written when `stuck`, its `-wal` or `-shm`, is
/// read-only for us and someone else's (left by a reading that could not write): what to do,
/// exactly. Removing the two files is safe only while no connection uses them (one that does
/// would lose what it committed and has not yet folded into the database): said only with
/// that condition, and not at all while a process is seen holding them.
fn stale_sidecar(path: &Path, stuck: &Path, meta: &std::fs::Metadata) -> String {
    let owner = user_name(meta.uid());
    let (shm, wal) = (sidecar(path, "-shm"), sidecar(path, "-wal"));
    let (p, s, w) = (
        crate::model::files::shown(path),
        crate::model::files::shown(&shm),
        crate::model::files::shown(&wal),
    );
    let wal_empty = std::fs::metadata(&wal).map_or(true, |m| m.len() == 0);
    let mut message = format!(
        "{p}: cannot write the review database: {} is read-only for you (it belongs to {owner}, \
         made without the group's write access); ",
        crate::model::files::shown(stuck)
    );
    let folder = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| ".".to_owned(), crate::model::files::shown);
    // The group as well as the mode: a -wal made where the folder lacks the setgid bit has its
    // maker's group, which no mode lets the team write.
    let fix = format!(
        "ask {owner} to run: chgrp --reference={p} {s} {w} && chmod --reference={p} {s} {w} \
         (or an administrator: sudo findings team init {folder})"
    );
    if let Some(pid) = holder(&shm) {
        message.push_str(&format!(
            "process {pid} has the database open now, so do not remove them; {fix}"
        ));
    } else if wal_empty {
        // No holder seen proves little (the -shm may be unreadable to us, a process may be
        // about to open it): the condition is the user's to check.
        message.push_str(&format!(
            "{fix}, or remove {s} and {w} when nobody has findings open on the database (they \
             hold nothing that is not in the database)"
        ));
    } else {
        message.push_str(&format!(
            "{fix} — do not remove {w}: it holds changes not yet in the database"
        ));
    }
    message
}

/// Another process that has the database open: SQLite holds a read lock on the `-shm`'s
/// "dead man switch" byte (offset 128) while a connection uses it.
fn holder(shm: &Path) -> Option<i32> {
    use std::os::fd::AsRawFd;
    let file = open_no_follow(shm).ok()?;
    // SAFETY: a zeroed flock is a valid value; fcntl(F_GETLK) only writes into it.
    let mut lock: libc::flock = unsafe { std::mem::zeroed() };
    lock.l_type = libc::F_WRLCK as libc::c_short;
    lock.l_whence = libc::SEEK_SET as libc::c_short;
    lock.l_start = 128;
    lock.l_len = 1;
    // SAFETY: the descriptor is open for the call; `lock` is a valid flock.
    let asked = unsafe { libc::fcntl(file.as_raw_fd(), libc::F_GETLK, &mut lock) };
    (asked == 0 && lock.l_type != libc::F_UNLCK as libc::c_short).then_some(lock.l_pid)
}

/// A user's name, or "user N".
fn user_name(uid: u32) -> String {
    crate::model::files::account_name_of(uid)
        .map_or_else(|| format!("user {uid}"), |name| shown_text(&name))
}
