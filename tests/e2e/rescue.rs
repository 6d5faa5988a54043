//! The note in the editor when the session ends without Ctrl-s: saved to the review store
//! before anything that can block, or, when the store cannot take it in time, kept in a file of
//! its own under `$XDG_STATE_HOME/findings/unsaved/` and offered back at the next start.

use std::path::{Path, PathBuf};

use super::*;

/// The notes in the review store at `db`, as (record, author, text).
fn stored_notes(db: &Path) -> Vec<(String, String, String)> {
    let mut all: Vec<_> = findings::model::review::Store::at(db)
        .all()
        .expect("the review store reads")
        .into_values()
        .flat_map(|r| r.notes)
        .map(|n| (n.record, n.author, n.text))
        .collect();
    all.sort();
    all
}

/// The files in the unsaved-notes folder of a test's state directory.
fn unsaved_files(state: &Path) -> Vec<PathBuf> {
    let dir = state.join("findings").join("unsaved");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    files
}

/// Opens the editor on the first meeting (meeting-kon-tum) and types `text`.
fn write_note(t: &mut Pty, text: &str) {
    t.keys("3i");
    t.wait_for("save the note");
    t.keys(text);
    t.wait_for(text);
}

/// The terminal's controlling side closed with a note typed: findings, the session leader,
/// gets SIGHUP and sees the hangup at once, two ways out racing each other. Five times over,
/// every note is in the store.
#[test]
fn the_terminal_closed_with_a_note_open_keeps_the_note() {
    for round in 0..5 {
        let mut t = Pty::script("exec \"$FINDINGS\" --lang en --user lan");
        let db = t.dir.path().join("review.db");
        let pid = t.child_pid();
        t.wait_for("All 14");
        let text = format!("draft {round} when the terminal closed");
        write_note(&mut t, &text);
        t.hang_up();
        wait_gone(pid, Duration::from_secs(3));
        let notes = stored_notes(&db);
        assert_eq!(
            notes,
            vec![("meeting-kon-tum".to_owned(), "lan".to_owned(), text)],
            "round {round}; unsaved: {:?}",
            unsaved_files(t.dir.path())
        );
    }
}

/// The client stops reading (a frozen SSH window, a suspended terminal emulator) and the
/// program's screen writes block; then SIGTERM. Restoring the terminal would block too: the
/// note is saved first.
#[test]
fn a_note_is_saved_on_sigterm_while_the_terminal_is_stalled() {
    let mut t = Pty::shell();
    let db = t.dir.path().join("review.db");
    let pid = t.launch("--lang en --user lan", "All 14");
    let text = "draft while the terminal stalled";
    write_note(&mut t, text);
    // From here the test reads nothing: large frames (a full redraw at each new size) fill the
    // pty's buffer and the program blocks writing one.
    t.stall();
    for size in [(400, 150), (399, 149), (400, 150)] {
        t.resize(size.0, size.1);
        std::thread::sleep(Duration::from_millis(100));
    }
    t.keys(" and more");
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        blocked_writing(pid),
        "findings should be stuck writing to the terminal"
    );
    kill(pid, libc::SIGTERM);
    wait_gone(pid, Duration::from_secs(3));
    let notes = stored_notes(&db);
    assert_eq!(
        notes.len(),
        1,
        "{notes:?}; unsaved: {:?}",
        unsaved_files(t.dir.path())
    );
    assert!(notes[0].2.starts_with(text), "{notes:?}");
}
