//! Notes the review store could not take when a session ended (locked by a teammate, read-only,
//! gone, the disk full): each is kept in a file of its own under
//! `$XDG_STATE_HOME/findings/unsaved/` until the TUI, at its next start, offers it back and the
//! store has committed it (docs/safety.md, "The note being written").
//!
//! A file is plain text a person can read with `less`: a header of `key: value` lines, a blank
//! line, then the note exactly as it was typed. The folder is private (0700) and each file is
//! created exclusively (never through a link) as 0600 and fsynced with its folder. Only the
//! reviewer's own notes for the review file in use, in files of this account that nobody else
//! can read or change, are offered back; the others are left as they are, and counted.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use super::review::Review;
use super::text::{self, Lines};

/// The first line of every file: what it is, for a person and for [`UnsavedNote::parse`].
const MAGIC: &str = "findings unsaved note";
/// Files longer than this are not notes findings wrote (a note is at most 64 KiB).
const LARGEST: u64 = 1 << 20;

/// A note kept in a file because the store did not take it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnsavedNote {
    /// The record it is on.
    pub record: String,
    /// The note it changes; `None` for a new note.
    pub note: Option<i64>,
    /// Who wrote it.
    pub author: String,
    /// When the session ended, UTC, RFC 3339 to the millisecond (as the store stamps notes).
    pub at: String,
    /// Why the store did not take it.
    pub why: String,
    /// The review store it was meant for.
    pub store: PathBuf,
    /// The text, as typed.
    pub text: String,
    /// The file it is kept in (empty until kept).
    pub path: PathBuf,
}

/// The files of the notes this process claimed, held open for their locks.
static CLAIMED: std::sync::Mutex<Vec<File>> = std::sync::Mutex::new(Vec::new());

/// `$XDG_STATE_HOME/findings/unsaved`.
pub fn folder() -> Option<PathBuf> {
    super::files::state_dir().map(|d| d.join("unsaved"))
}

impl UnsavedNote {
    /// Writes the note to a new file in `dir` (created private if missing): created
    /// exclusively, 0600, fsynced, and the folder fsynced. Returns the file.
    pub fn keep(&mut self, dir: &Path) -> io::Result<PathBuf> {
        private_folder(dir)?;
        let record: String = self
            .record
            .chars()
            .take(64)
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let name = format!("{}-{record}-{}", self.stamp(), std::process::id());
        let path = write_new(dir, &name, ".note", &self.render())?;
        self.path = path.clone();
        Ok(path)
    }

    /// The last place the note can go when neither the store nor the unsaved folder takes
    /// it (the folder another account's, the disk of the state folder full): a new file in
    /// `home`, `findings-unsaved-note-TIME-PID.txt`, created exclusively (never through a
    /// link), 0600, fsynced. It is not offered back: the message naming it is what is left.
    pub fn keep_aside(&mut self, home: &Path) -> io::Result<PathBuf> {
        let name = format!(
            "findings-unsaved-note-{}-{}",
            self.stamp(),
            std::process::id()
        );
        let path = write_new(home, &name, ".txt", &self.render())?;
        self.path = path.clone();
        Ok(path)
    }

    /// When the session ended, as digits (`20240506070809`), for a file's name.
    fn stamp(&self) -> String {
        self.at
            .chars()
            .filter(char::is_ascii_digit)
            .take(14)
            .collect()
    }

    /// The file's text: the header, a blank line, the note.
    pub fn render(&self) -> String {
        // Header values are one line each: whatever they hold cannot end the header early.
        let one_line = |s: &str| s.replace(['\n', '\r'], " ");
        let mut out = format!("{MAGIC}\nrecord: {}\n", one_line(&self.record));
        if let Some(note) = self.note {
            out.push_str(&format!("note: {note}\n"));
        }
        out.push_str(&format!(
            "author: {}\nat: {}\nstore: {}\nwhy: {}\n\n{}",
            one_line(&self.author),
            one_line(&self.at),
            one_line(&self.store.display().to_string()),
            one_line(&self.why),
            self.text
        ));
        out
    }

    /// A note from a file's text; what is wrong with it otherwise.
    pub fn parse(body: &str, path: &Path) -> Result<UnsavedNote, String> {
        let mut lines = body.split_inclusive('\n');
        if lines.next().map(str::trim_end) != Some(MAGIC) {
            return Err("not a note findings kept".into());
        }
        let mut fields: HashMap<&str, &str> = HashMap::new();
        let mut consumed = MAGIC.len() + 1;
        let mut ended = false;
        for line in lines.by_ref() {
            consumed += line.len();
            let line = line.trim_end_matches(['\n', '\r']);
            if line.is_empty() {
                ended = true;
                break;
            }
            if let Some((key, value)) = line.split_once(": ") {
                fields.insert(key, value);
            }
        }
        if !ended {
            return Err("the file ends before the note".into());
        }
        let field = |key: &str| fields.get(key).map(|v| v.to_string());
        let record = field("record").ok_or("no record")?;
        let author = field("author").ok_or("no author")?;
        let note = match fields.get("note") {
            Some(n) => Some(
                n.parse()
                    .map_err(|_| format!("note {n:?} is not a number"))?,
            ),
            None => None,
        };
        Ok(UnsavedNote {
            record,
            note,
            author,
            at: field("at").unwrap_or_default(),
            why: field("why").unwrap_or_default(),
            store: field("store").unwrap_or_default().into(),
            text: body.get(consumed..).unwrap_or_default().to_owned(),
            path: path.to_owned(),
        })
    }

    /// Claims the note for this process, for as long as it runs: two findings of one person
    /// started at once do not both offer it (and save it twice). False when another holds it.
    pub fn claim(&self) -> bool {
        use std::os::fd::AsRawFd;
        let Ok(file) = OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(&self.path)
        else {
            return false;
        };
        // SAFETY: flock only locks the descriptor of a file opened here.
        let locked = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0;
        if locked {
            // The lock lasts as long as the descriptor: kept open until the process ends.
            CLAIMED.lock().unwrap_or_else(|p| p.into_inner()).push(file);
        }
        locked
    }

    /// Whether `reviews` (the store as read) holds this note already: a write that was still
    /// waiting for the store when the session ended can have committed after all.
    pub fn is_in(&self, reviews: &HashMap<String, Review>) -> bool {
        let text = text::clean(&self.text, Lines::Keep);
        let Some(review) = reviews.get(&self.record) else {
            return false;
        };
        review.notes.iter().any(|n| match self.note {
            Some(id) => n.id == id && n.text == text,
            // Written by the same person, with the same text, no earlier than the session's end.
            None => n.author == self.author && n.text == text && n.created >= self.at,
        })
    }
}

/// Whose notes are offered back: the reviewer's, for the review file in use.
#[derive(Clone, Debug)]
pub struct Owner<'a> {
    /// The reviewer (`--user`).
    pub user: &'a str,
    /// The review file in use.
    pub store: &'a Path,
}

/// What a look in the folder found.
#[derive(Debug, Default)]
pub struct Found {
    /// The reviewer's notes for the review file in use, oldest first: to offer back.
    pub notes: Vec<UnsavedNote>,
    /// Files that could not be read, each with why (left alone).
    pub problems: Vec<String>,
    /// Notes left alone, untouched, because they are not the reviewer's to save here: kept
    /// by another reviewer, for another review file, in a file of another account or one
    /// others can read or change (anyone who could write it could put words in our name).
    pub not_offered: usize,
}

/// The notes kept in `dir` that are `owner`'s to save, and what else is there.
pub fn list(dir: &Path, owner: &Owner) -> Found {
    let mut found = Found::default();
    let Ok(entries) = fs::read_dir(dir) else {
        return found;
    };
    let store = identity(owner.store);
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') || !name.ends_with(".note") {
            continue;
        }
        match read(&path) {
            Ok(InFile::Note(note))
                if note.author == owner.user && identity(&note.store) == store =>
            {
                found.notes.push(note)
            }
            Ok(InFile::Note(_) | InFile::Foreign) => found.not_offered += 1,
            Ok(InFile::Empty) => {}
            Err(e) => found.problems.push(format!(
                "{}: {e}",
                text::inline(&path.display().to_string())
            )),
        }
    }
    found
        .notes
        .sort_by(|a, b| (&a.at, &a.path).cmp(&(&b.at, &b.path)));
    found
}

/// The file a path names, to tell whether two paths name the same review file: canonical
/// where it exists; else its folder's canonical path and its name; else absolute.
pub fn identity(path: &Path) -> PathBuf {
    if let Ok(real) = fs::canonicalize(path) {
        return real;
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let (Ok(real), Some(name)) = (fs::canonicalize(folder), path.file_name()) {
        return real.join(name);
    }
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}

/// What one file holds.
enum InFile {
    Note(UnsavedNote),
    /// Empty (the session ended before a byte was written): removed.
    Empty,
    /// Another account's file, or one others can read or change: not read, left alone.
    Foreign,
}

/// One file's note.
fn read(path: &Path) -> Result<InFile, String> {
    let mut file = OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC | libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| e.to_string())?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    // SAFETY: geteuid has no preconditions.
    if meta.uid() != unsafe { libc::geteuid() } || meta.mode() & 0o077 != 0 {
        return Ok(InFile::Foreign);
    }
    if meta.len() > LARGEST {
        return Err(format!("{} bytes: too large for a note", meta.len()));
    }
    if meta.len() == 0 {
        let _ = fs::remove_file(path);
        return Ok(InFile::Empty);
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    let body = String::from_utf8_lossy(&bytes);
    UnsavedNote::parse(&body, path).map(InFile::Note)
}

/// Writes `body` to a new file in `dir` named `name` and `ext` (or `name-N` and `ext`, the
/// first that is free): created exclusively and never through a link, 0600, fsynced, and the
/// folder fsynced. A failed write leaves nothing.
fn write_new(dir: &Path, name: &str, ext: &str, body: &str) -> io::Result<PathBuf> {
    for n in 0..100 {
        let suffix = if n == 0 {
            String::new()
        } else {
            format!("-{n}")
        };
        let path = dir.join(format!("{name}{suffix}{ext}"));
        let created = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
            .open(&path);
        let mut file = match created {
            Ok(file) => file,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        };
        let written = file
            .write_all(body.as_bytes())
            .and_then(|()| file.sync_all())
            .and_then(|()| File::open(dir)?.sync_all());
        if let Err(e) = written {
            // Half a note (a full disk) would be taken for a whole one: leave nothing.
            let _ = fs::remove_file(&path);
            return Err(e);
        }
        return Ok(path);
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("{}: no free file name for the note", dir.display()),
    ))
}

/// Removes a kept note's file (once the store has committed the note), and makes that last.
pub fn forget(path: &Path) -> io::Result<()> {
    fs::remove_file(path)?;
    if let Some(dir) = path.parent() {
        File::open(dir)?.sync_all()?;
    }
    Ok(())
}

/// Makes `dir` (and its parents) if missing, private; refuses one that is a link or belongs to
/// someone else, and takes back the group's and others' access to our own.
fn private_folder(dir: &Path) -> io::Result<()> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    let meta = fs::symlink_metadata(dir)?;
    let refuse = |why: &str| {
        Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!("{}: {why}", dir.display()),
        ))
    };
    if !meta.is_dir() {
        return refuse("not a folder (a link?); remove it or set XDG_STATE_HOME");
    }
    // SAFETY: geteuid has no preconditions.
    if meta.uid() != unsafe { libc::geteuid() } {
        return refuse("the folder belongs to another account; set XDG_STATE_HOME");
    }
    if meta.mode() & 0o077 != 0 {
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    }
    Ok(())
}

/// Now, UTC, RFC 3339 to the millisecond (`2024-05-06T07:08:09.123Z`), as the store stamps.
pub fn now() -> String {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    let (secs, millis) = (since.as_secs() as i64, since.subsec_millis());
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{millis:03}Z",
        rest / 3600,
        rest / 60 % 60,
        rest % 60
    )
}

/// The calendar date of a day counted from 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lan, reviewing in /srv/team/review.db.
    fn lan() -> Owner<'static> {
        Owner {
            user: "lan",
            store: Path::new("/srv/team/review.db"),
        }
    }

    fn note(text: &str) -> UnsavedNote {
        UnsavedNote {
            record: "meeting-kon-tum".into(),
            note: None,
            author: "lan".into(),
            at: "2024-05-06T07:08:09.123Z".into(),
            why: "locked\nfor 5 s".into(),
            store: "/srv/team/review.db".into(),
            text: text.into(),
            path: PathBuf::new(),
        }
    }

    #[test]
    fn a_kept_note_reads_back_exactly_from_a_private_file() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("state").join("unsaved");
        let text = "Học cách phối hợp\n\nrecord: not a header\n  trailing  \n";
        let mut kept = note(text);
        kept.note = Some(7);
        let path = kept.keep(&dir).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().mode() & 0o777;
        assert_eq!((mode(&dir), mode(&path)), (0o700, 0o600));
        let mut second = note("another");
        let other = second.keep(&dir).unwrap();
        assert_ne!(path, other);
        let Found {
            notes, problems, ..
        } = list(&dir, &lan());
        assert_eq!(problems, Vec::<String>::new());
        assert_eq!(notes.len(), 2);
        let back = notes.iter().find(|n| n.path == path).unwrap();
        assert_eq!(back.why, "locked for 5 s", "a header value is one line");
        kept.why = back.why.clone();
        assert_eq!(back, &kept);
        forget(&path).unwrap();
        assert_eq!(list(&dir, &lan()).notes.len(), 1);
    }

    /// Only the reviewer's own notes for the review file in use are offered: one written as
    /// another reviewer, for another review file, in another account's file or in a file
    /// others can read or change is left as it is, and counted.
    #[test]
    fn notes_not_the_reviewers_to_save_here_are_left_alone_and_counted() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let store = dir.join("team").join("review.db");
        fs::create_dir(dir.join("team")).unwrap();
        fs::write(&store, "").unwrap();
        let lan = Owner {
            user: "lan",
            store: &store,
        };
        let mut mine = note("của Lan");
        // The same file by another path: through a link to its folder.
        std::os::unix::fs::symlink(dir.join("team"), dir.join("via")).unwrap();
        mine.store = dir.join("via").join("review.db");
        mine.keep(dir).unwrap();
        let mut bob = note("của Bob");
        bob.author = "bob".into();
        bob.store = store.clone();
        bob.keep(dir).unwrap();
        let mut elsewhere = note("cho tệp khác");
        elsewhere.store = dir.join("other.db");
        elsewhere.keep(dir).unwrap();
        let mut shared = note("ai cũng đọc được");
        shared.store = store.clone();
        let shared = shared.keep(dir).unwrap();
        fs::set_permissions(&shared, fs::Permissions::from_mode(0o644)).unwrap();
        let mut theirs = note("tệp của tài khoản khác");
        theirs.store = store.clone();
        let theirs = theirs.keep(dir).unwrap();
        // SAFETY: geteuid has no preconditions.
        let root = unsafe { libc::geteuid() } == 0;
        if root {
            std::os::unix::fs::chown(&theirs, Some(4242), None).unwrap();
        }
        let before: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        let found = list(dir, &lan);
        let texts: Vec<&str> = found.notes.iter().map(|n| n.text.as_str()).collect();
        assert_eq!(texts, ["của Lan"]);
        assert_eq!(found.not_offered, if root { 4 } else { 3 });
        assert!(found.problems.is_empty(), "{:?}", found.problems);
        let after: Vec<_> = fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        assert_eq!(before, after, "nothing removed");
        assert_eq!(
            fs::metadata(&shared).unwrap().mode() & 0o777,
            0o644,
            "untouched"
        );
    }

    /// The last place: a private file of its own in the home folder, never through a link a
    /// teammate planted at its name.
    #[test]
    fn a_note_kept_aside_is_a_private_file_that_follows_no_link() {
        let tmp = tempfile::tempdir().unwrap();
        let home = tmp.path();
        let mut kept = note("không mất");
        let first = format!(
            "findings-unsaved-note-20240506070809-{}.txt",
            std::process::id()
        );
        let victim = home.join("victim");
        fs::write(&victim, "private").unwrap();
        std::os::unix::fs::symlink(&victim, home.join(&first)).unwrap();
        let path = kept.keep_aside(home).unwrap();
        assert_eq!(
            path.file_name().unwrap().to_string_lossy(),
            first.replace(".txt", "-1.txt")
        );
        assert_eq!(fs::read_to_string(&victim).unwrap(), "private");
        assert_eq!(fs::metadata(&path).unwrap().mode() & 0o777, 0o600);
        let back = UnsavedNote::parse(&fs::read_to_string(&path).unwrap(), &path).unwrap();
        assert_eq!(back.text, "không mất");
    }

    #[test]
    fn a_shared_or_linked_folder_is_made_private_or_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let open = tmp.path().join("open");
        fs::create_dir(&open).unwrap();
        fs::set_permissions(&open, fs::Permissions::from_mode(0o777)).unwrap();
        note("x").keep(&open).unwrap();
        assert_eq!(fs::metadata(&open).unwrap().mode() & 0o777, 0o700);
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&open, &link).unwrap();
        let e = note("x").keep(&link).unwrap_err();
        assert!(e.to_string().contains("not a folder"), "{e}");
    }

    #[test]
    fn a_note_is_claimed_by_one_process_at_a_time() {
        let tmp = tempfile::tempdir().unwrap();
        let mut kept = note("một");
        kept.keep(tmp.path()).unwrap();
        assert!(kept.claim());
        // flock locks are per open file: a second claim stands for another process.
        assert!(!kept.claim());
        let mut gone = note("hai");
        gone.path = tmp.path().join("gone.note");
        assert!(!gone.claim());
    }

    #[test]
    fn files_that_are_not_notes_are_reported_and_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        fs::write(dir.join("a.note"), "hello").unwrap();
        fs::write(dir.join("b.note"), format!("{MAGIC}\nrecord: r\n")).unwrap();
        fs::write(dir.join("empty.note"), "").unwrap();
        fs::write(dir.join("readme.txt"), "not looked at").unwrap();
        for name in ["a.note", "b.note", "empty.note"] {
            fs::set_permissions(dir.join(name), fs::Permissions::from_mode(0o600)).unwrap();
        }
        let found = list(dir, &lan());
        assert!(found.notes.is_empty());
        assert_eq!(found.problems.len(), 2, "{:?}", found.problems);
        assert!(dir.join("a.note").exists() && dir.join("b.note").exists());
        assert!(!dir.join("empty.note").exists());
    }

    #[test]
    fn a_note_is_in_the_store_when_committed_after_the_session_ended() {
        use crate::model::review::Note;
        let kept = note("đã lưu");
        let stored = |author: &str, created: &str, text: &str| Note {
            id: 3,
            record: kept.record.clone(),
            author: author.into(),
            created: created.into(),
            edited: None,
            text: text.into(),
        };
        let with = |n: Note| {
            HashMap::from([(
                n.record.clone(),
                Review {
                    notes: vec![n],
                    ..Review::default()
                },
            )])
        };
        assert!(kept.is_in(&with(stored("lan", "2024-05-06T07:08:09.500Z", "đã lưu"))));
        assert!(!kept.is_in(&with(stored("lan", "2024-05-06T07:08:08.000Z", "đã lưu"))));
        assert!(!kept.is_in(&with(stored("minh", "2024-05-06T07:08:10.000Z", "đã lưu"))));
        assert!(!kept.is_in(&with(stored("lan", "2024-05-06T07:08:10.000Z", "khác"))));
        let mut edit = note("mới");
        edit.note = Some(3);
        assert!(edit.is_in(&with(stored("minh", "2020-01-01T00:00:00.000Z", "mới"))));
    }

    #[test]
    fn now_is_utc_to_the_millisecond() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        let now = now();
        assert_eq!(now.len(), "2024-05-06T07:08:09.123Z".len(), "{now}");
        assert!(now.ends_with('Z') && now.as_bytes()[10] == b'T', "{now}");
    }
}
