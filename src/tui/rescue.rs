//! The note being written when the session ends without the user closing the editor — a signal, the
//! terminal going away (an SSH link dropping), a quit, a panic — is saved before anything that can
//! block, such as giving back a terminal that no longer reads (docs/safety.md, "The note being
//! written"). The event loop keeps the editor's unsaved change here after every batch of input;
//! each way out calls [`save`].
//!
//! Ways out race (closing a terminal both sends SIGHUP and hangs it up): the first to call
//! [`save`] writes, holding a lock across the write; the others wait for it and only then go
//! on to exit. The store gets [`STORE_PATIENCE`] to commit; when it cannot (locked by a
//! teammate, read-only, gone, the disk full) the note goes to a file of its own
//! ([`crate::model::unsaved`]), offered back at the next start.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Mutex, MutexGuard, OnceLock, TryLockError};
use std::time::{Duration, Instant};

use crate::app::editor::NoteEditor;
use crate::app::review::Change;
use crate::model::review::Store;
use crate::model::unsaved::{self, UnsavedNote};

/// How long the way out waits for the review store to commit the note before keeping it in a
/// file instead: well inside the exit's 1.5 s watchdog (a writer waits up to 5 s for a lock).
pub const STORE_PATIENCE: Duration = Duration::from_millis(700);

/// Where notes go, and whose they are.
static STORE: OnceLock<Armed> = OnceLock::new();

struct Armed {
    db: PathBuf,
    user: String,
    /// The review file as a kept note names it ([`unsaved::identity`]): the next start, from
    /// any folder and by any path, offers the note only for this file.
    identity: PathBuf,
}

/// What the open editor would save now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Kept {
    pub record: String,
    pub change: Change,
    /// The unsaved-note file the editor was opened from: done with once this is saved.
    pub from: Option<PathBuf>,
    /// The editor's number ([`NoteEditor::opened`]).
    pub editor: u64,
}

impl Kept {
    /// What `editor` would save now; `None` when it holds nothing new.
    pub fn of(editor: &NoteEditor) -> Option<Kept> {
        Some(Kept {
            record: editor.record.clone(),
            change: editor.change()?,
            from: editor.recovered.as_ref().map(|r| r.path.clone()),
            editor: editor.opened,
        })
    }

    /// What is left to save of this once `done` has committed: nothing when the text is
    /// what was committed; a change of the note just added rather than a second new note
    /// (the editor, still open, learns the note's number only when the commit reaches it).
    fn after(mut self, done: Option<&Committed>) -> Option<Kept> {
        let Some(done) = done.filter(|d| d.editor == self.editor) else {
            return Some(self);
        };
        let text = match &self.change {
            Change::Note(text) | Change::EditNote(_, text) => text.clone(),
            Change::Mark(_) | Change::Star(_) => return Some(self),
        };
        if text == done.text {
            return None;
        }
        self.change = Change::EditNote(done.note, text);
        Some(self)
    }
}

/// The last note an editor's Ctrl-s committed.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Committed {
    editor: u64,
    note: i64,
    text: String,
}

struct Slot {
    kept: Option<Kept>,
    /// A way out has begun: nothing more is kept (it would be saved twice).
    ended: bool,
    /// What the editor's last Ctrl-s committed.
    committed: Option<Committed>,
}

static SLOT: Mutex<Slot> = Mutex::new(Slot {
    kept: None,
    ended: false,
    committed: None,
});

/// Held by whoever writes the editor's note to the store — Ctrl-s or a way out — so the two
/// never both write it.
static WRITING: Mutex<()> = Mutex::new(());

/// How the way out's save went; locked across the save, so a second way out waits for it.
static EXIT: Mutex<Option<Rescued>> = Mutex::new(None);

thread_local! {
    /// This thread is in [`save`] (a panic there reaches the panic hook, which saves).
    static SAVING: Cell<bool> = const { Cell::new(false) };
}

/// What became of the note at the way out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rescued {
    /// No note was open with something new in it.
    Nothing,
    /// The note is in the review store.
    Stored,
    /// The store did not take it (why): kept in this file, offered back at the next start.
    Kept { file: PathBuf, why: String },
    /// Neither the store nor the unsaved folder took it (why): kept in this file in the
    /// home folder, the last place, not offered back.
    Aside { file: PathBuf, why: String },
    /// Neither the store nor a file took it: why, and the text (printed once the terminal is
    /// back, the last place it can go).
    Lost { why: String, text: String },
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Names the review store and the reviewer that a rescued note is saved to and by.
pub fn arm(db: PathBuf, user: String) {
    let identity = unsaved::identity(&db);
    let _ = STORE.set(Armed { db, user, identity });
}

/// Keeps what the open editor would save now (`None`: no editor, or nothing new in it).
/// Ignored once a way out has begun.
pub fn keep(kept: Option<Kept>) {
    let mut slot = lock(&SLOT);
    if !slot.ended {
        slot.kept = kept.and_then(|k| k.after(slot.committed.as_ref()));
    }
}

/// The editor whose note is kept now: taken as Ctrl-s's write starts (the editor is kept
/// just before), to tell [`committed`] whose note it committed.
pub fn kept_editor() -> Option<u64> {
    lock(&SLOT).kept.as_ref().map(|k| k.editor)
}

/// Taken around the editor's own save (Ctrl-s) to the store; `None` once a way out has begun
/// (the note is then the way out's to save, and saving it here too would save it twice).
pub fn writing() -> Option<MutexGuard<'static, ()>> {
    let writing = lock(&WRITING);
    (!lock(&SLOT).ended).then_some(writing)
}

/// The store has committed `change` for `record` as note `note` (Ctrl-s of `editor`, under
/// [`writing`]): what is kept is left with what was typed since, if anything.
pub fn committed(editor: Option<u64>, record: &str, change: &Change, note: i64) {
    let mut slot = lock(&SLOT);
    if let (Some(editor), Change::Note(text) | Change::EditNote(_, text)) = (editor, change) {
        slot.committed = Some(Committed {
            editor,
            note,
            text: text.clone(),
        });
    }
    let kept = slot
        .kept
        .take()
        .filter(|k| !(k.record == record && k.change == *change));
    slot.kept = kept.and_then(|k| k.after(slot.committed.as_ref()));
}

/// Saves the kept note, once: to the store if it commits within [`STORE_PATIENCE`], else to a
/// file of its own. A second caller waits for the first's save and gets its answer.
pub fn save() -> Rescued {
    if SAVING.with(Cell::get) {
        return Rescued::Nothing;
    }
    SAVING.with(|s| s.set(true));
    let mut exit = lock(&EXIT);
    let done = match exit.as_ref() {
        Some(done) => done.clone(),
        None => {
            let kept = {
                let mut slot = lock(&SLOT);
                slot.ended = true;
                slot.kept.clone()
            };
            let done = match (kept, STORE.get()) {
                (Some(kept), Some(armed)) => rescue(kept, armed),
                _ => Rescued::Nothing,
            };
            log(&done);
            *exit = Some(done.clone());
            done
        }
    };
    SAVING.with(|s| s.set(false));
    done
}

/// Waits, for at most `within`, for a save in progress to finish (the exit's watchdog: it
/// never cuts a save short unless the save itself is stuck).
pub fn settle(within: Duration) {
    let until = Instant::now() + within;
    while Instant::now() < until {
        match EXIT.try_lock() {
            Ok(_) | Err(TryLockError::Poisoned(_)) => return,
            Err(TryLockError::WouldBlock) => std::thread::sleep(Duration::from_millis(10)),
        }
    }
}

/// What to tell the user on the terminal, once it is given back, when the note did not reach
/// the store.
pub fn message(rescued: &Rescued) -> Option<String> {
    use crate::model::text::{clean, inline, Lines};
    match rescued {
        Rescued::Nothing | Rescued::Stored => None,
        Rescued::Kept { file, why } => Some(format!(
            "findings: the note being written was not saved to the review store ({}); it is \
             kept in {} and offered back when findings starts again",
            inline(why),
            inline(&file.display().to_string())
        )),
        Rescued::Aside { file, why } => Some(format!(
            "findings: the note being written could not be saved ({}); it is kept in {}, \
             which findings does not offer back: open it and add the note again",
            inline(why),
            inline(&file.display().to_string())
        )),
        Rescued::Lost { why, text } => Some(format!(
            "findings: the note being written could not be saved ({}); here it is:\n\n{}\n",
            inline(why),
            clean(text, Lines::Keep)
        )),
    }
}

fn log(done: &Rescued) {
    match done {
        Rescued::Nothing => {}
        Rescued::Stored => tracing::info!("the note being written was saved at exit"),
        Rescued::Kept { file, why } => tracing::warn!(
            file = %file.display(), %why,
            "the note being written was kept in a file at exit"
        ),
        Rescued::Aside { file, why } => tracing::error!(
            file = %file.display(), %why,
            "the note being written was kept in the home folder at exit: add it again from there"
        ),
        Rescued::Lost { why, .. } => {
            tracing::error!(%why, "the note being written could not be saved at exit")
        }
    }
}

/// The store first, for [`STORE_PATIENCE`]; else a file of its own.
fn rescue(kept: Kept, armed: &Armed) -> Rescued {
    let (db, user) = (armed.db.as_path(), armed.user.as_str());
    // Before the store is asked: a commit that comes after all is stamped no earlier, which is
    // how the next start knows the file is saved already (`UnsavedNote::is_in`).
    let at = unsaved::now();
    match store_within(db, user, STORE_PATIENCE) {
        Ok(()) => {
            if let Some(from) = &kept.from {
                forget(from);
            }
            Rescued::Stored
        }
        Err(why) => to_file(kept, at, why, &armed.identity, user),
    }
}

/// Writes the kept note to the store on a thread of its own, after any editor save in flight;
/// waits for it at most `patience`.
fn store_within(db: &Path, user: &str, patience: Duration) -> Result<(), String> {
    let (tx, rx) = mpsc::channel();
    let (path, user) = (db.to_owned(), user.to_owned());
    let spawned = std::thread::Builder::new()
        .name("note-rescue".into())
        .spawn(move || {
            let _writing = lock(&WRITING);
            // An editor save in flight may have committed this very note meanwhile.
            let Some(kept) = lock(&SLOT).kept.take() else {
                let _ = tx.send(Ok(()));
                return;
            };
            let written = kept
                .change
                .write_to(&mut Store::at(&path), &kept.record, &user)
                .map_err(|e| e.to_string());
            let _ = tx.send(written);
        });
    if let Err(e) = spawned {
        return Err(format!("no thread to write it: {e}"));
    }
    rx.recv_timeout(patience).unwrap_or_else(|_| {
        Err(format!(
            "{}: the review database did not answer within {:.1} s; another program may be \
             writing to it",
            db.display(),
            patience.as_secs_f32()
        ))
    })
}

fn to_file(kept: Kept, at: String, why: String, db: &Path, user: &str) -> Rescued {
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .filter(|h| h.is_absolute());
    to_file_in(kept, at, why, db, user, unsaved::folder(), home)
}

/// The note to a file of its own in `dir` (the unsaved folder, offered back); failing that,
/// in `home`, the last place.
fn to_file_in(
    kept: Kept,
    at: String,
    why: String,
    db: &Path,
    user: &str,
    dir: Option<PathBuf>,
    home: Option<PathBuf>,
) -> Rescued {
    let (note, text) = match kept.change {
        Change::Note(text) => (None, text),
        Change::EditNote(id, text) => (Some(id), text),
        // The editor keeps only notes.
        Change::Mark(_) | Change::Star(_) => return Rescued::Nothing,
    };
    let mut file = UnsavedNote {
        record: kept.record,
        note,
        author: user.to_owned(),
        at,
        why: why.clone(),
        store: db.to_owned(),
        text,
        path: PathBuf::new(),
    };
    let not_kept = match &dir {
        None => "no folder to keep it in: set HOME or XDG_STATE_HOME".to_owned(),
        Some(dir) => match file.keep(dir) {
            Ok(path) => {
                // The file the editor was opened from is superseded by this one.
                if let Some(from) = kept.from.filter(|f| *f != path) {
                    forget(&from);
                }
                return Rescued::Kept { file: path, why };
            }
            Err(e) => format!("nor could it be kept in {}: {e}", dir.display()),
        },
    };
    let why = format!("{why}; {not_kept}");
    // The file it was opened from, if any, stays: it is offered back as it was.
    match home.map(|home| file.keep_aside(&home).map_err(|e| (home, e))) {
        Some(Ok(path)) => Rescued::Aside { file: path, why },
        Some(Err((home, e))) => Rescued::Lost {
            why: format!("{why}; nor in {}: {e}", home.display()),
            text: file.text,
        },
        None => Rescued::Lost {
            why,
            text: file.text,
        },
    }
}

fn forget(path: &Path) {
    if let Err(e) = unsaved::forget(path) {
        tracing::warn!(file = %path.display(), error = %e, "a saved note's file not removed");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(editor: u64, change: Change) -> Kept {
        Kept {
            record: "r".into(),
            change,
            from: None,
            editor,
        }
    }

    /// When the unsaved folder cannot take the note (here a link, refused), it goes to a
    /// private file in the home folder, and the message names it.
    #[test]
    fn a_note_the_unsaved_folder_refuses_is_kept_in_the_home_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let elsewhere = tmp.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        let link = tmp.path().join("unsaved");
        std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
        let home = tmp.path().join("home");
        std::fs::create_dir(&home).unwrap();
        let rescued = to_file_in(
            kept(1, Change::Note("ghi chú cuối".into())),
            "2024-05-06T07:08:09.123Z".into(),
            "locked".into(),
            Path::new("/srv/review.db"),
            "lan",
            Some(link),
            Some(home.clone()),
        );
        let Rescued::Aside { file, why } = &rescued else {
            panic!("{rescued:?}");
        };
        assert_eq!(file.parent(), Some(home.as_path()));
        assert!(why.starts_with("locked; nor could it be kept in"), "{why}");
        assert!(std::fs::read_to_string(file)
            .unwrap()
            .ends_with("\n\nghi chú cuối"));
        let said = message(&rescued).unwrap();
        assert!(said.contains(&file.display().to_string()), "{said}");
        assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
        // No home either: the text itself, in the message.
        let lost = to_file_in(
            kept(1, Change::Note("ghi chú cuối".into())),
            String::new(),
            "locked".into(),
            Path::new("/srv/review.db"),
            "lan",
            None,
            None,
        );
        assert!(matches!(lost, Rescued::Lost { ref text, .. } if text == "ghi chú cuối"));
    }

    /// Once Ctrl-s has added a note, what is typed since is rescued as a change of that note,
    /// not as a second note; nothing is rescued when nothing was typed since. Another editor's
    /// note is not touched.
    #[test]
    fn what_is_kept_after_a_commit_is_only_what_was_typed_since() {
        let done = Committed {
            editor: 4,
            note: 12,
            text: "abc".into(),
        };
        let after = |k: Kept| k.after(Some(&done)).map(|k| k.change);
        assert_eq!(
            after(kept(4, Change::Note("abcdef".into()))),
            Some(Change::EditNote(12, "abcdef".into()))
        );
        assert_eq!(after(kept(4, Change::Note("abc".into()))), None);
        assert_eq!(after(kept(4, Change::EditNote(12, "abc".into()))), None);
        assert_eq!(
            after(kept(4, Change::EditNote(12, "ab".into()))),
            Some(Change::EditNote(12, "ab".into()))
        );
        assert_eq!(
            after(kept(5, Change::Note("abc".into()))),
            Some(Change::Note("abc".into()))
        );
        assert_eq!(
            kept(4, Change::Note("x".into()))
                .after(None)
                .map(|k| k.change),
            Some(Change::Note("x".into()))
        );
    }
}
