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
    let start = std::time::Instant::now();
    for round in 0.. {
        // Twice, a moment apart: stuck, not caught in the middle of a write that completes.
        if blocked_writing(pid) && {
            std::thread::sleep(Duration::from_millis(100));
            blocked_writing(pid)
        } {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "findings should be stuck writing to the terminal"
        );
        t.resize(400 - round % 2, 150);
        std::thread::sleep(Duration::from_millis(100));
    }
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

/// A teammate's program holds the review file's write lock (as a long `sqlite3` session or a
/// stuck findings would) when the session ends: the note cannot wait 5 s for it. It goes to
/// a private file of its own; the next start offers it back, and Ctrl-s saves it.
#[test]
fn a_note_the_locked_store_cannot_take_is_kept_and_offered_back() {
    let mut t = Pty::shell();
    let db = t.dir.path().join("review.db");
    findings::model::review::Store::at(&db)
        .mark(
            "meeting-gia-lai",
            findings::model::review::Status::Reviewed,
            "minh",
        )
        .unwrap();
    let pid = t.launch("--lang en --user lan", "All 14");
    let text = "Học cách phối hợp\nwhile the store was locked";
    write_note(&mut t, "Học cách phối hợp");
    t.keys("\rwhile the store was locked");
    t.wait_for("while the store was locked");
    let teammate = rusqlite::Connection::open(&db).unwrap();
    teammate.execute_batch("BEGIN IMMEDIATE").unwrap();
    t.keys("\x03"); // Ctrl-c
    wait_gone(pid, Duration::from_secs(2));
    let said = t.wait_for("EXITED-0");
    assert!(
        said.contains("offered back when findings starts again"),
        "{said}"
    );
    assert_eq!(stored_notes(&db), vec![]);
    let files = unsaved_files(t.dir.path());
    assert_eq!(files.len(), 1, "{files:?}");
    let mode = |p: &Path| {
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(p).unwrap().permissions())
            & 0o777
    };
    assert_eq!(mode(&files[0]), 0o600);
    assert_eq!(mode(files[0].parent().unwrap()), 0o700);
    let kept = std::fs::read_to_string(&files[0]).unwrap();
    assert!(kept.ends_with(&format!("\n\n{text}")), "{kept}");
    assert!(
        kept.contains("record: meeting-kon-tum\n") && kept.contains("author: lan\n"),
        "{kept}"
    );

    // The lock is let go; the next start says so and offers it back.
    teammate.execute_batch("ROLLBACK").unwrap();
    drop(teammate);
    let pid = t.launch("--lang en --user lan", "All 14");
    let offer = t.wait_for("A note not saved last time");
    assert!(offer.contains("┊ Học cách phối hợp"), "{offer}");
    assert!(offer.contains("Enter: open it in the editor"), "{offer}");
    assert_eq!(
        unsaved_files(t.dir.path()),
        files,
        "kept until the store has it"
    );
    t.keys(ENTER);
    t.wait_for("not saved last time · Note on");
    t.wait_for("while the store was locked");
    t.keys("\x13"); // Ctrl-s
    t.wait_for("note saved");
    assert_eq!(
        stored_notes(&db),
        vec![(
            "meeting-kon-tum".to_owned(),
            "lan".to_owned(),
            text.to_owned()
        )]
    );
    // The file goes once the store has committed the note.
    let start = std::time::Instant::now();
    while !unsaved_files(t.dir.path()).is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "the kept file stays"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    t.keys("q");
    wait_gone(pid, Duration::from_secs(2));
}

/// Ctrl-s while a teammate's program holds the write lock: the editor stays open saying it is
/// saving, then why it could not, with the text; once the lock is gone, Ctrl-s saves it.
#[test]
fn ctrl_s_on_a_locked_store_keeps_the_editor_open_and_says_why() {
    let mut t = Pty::shell();
    let db = t.dir.path().join("review.db");
    findings::model::review::Store::at(&db)
        .mark(
            "meeting-gia-lai",
            findings::model::review::Status::Reviewed,
            "minh",
        )
        .unwrap();
    let pid = t.launch("--lang en --user lan", "All 14");
    let text = "written while the store was locked";
    write_note(&mut t, text);
    let teammate = rusqlite::Connection::open(&db).unwrap();
    teammate.execute_batch("BEGIN IMMEDIATE").unwrap();
    t.keys("\x13"); // Ctrl-s
    let saving = t.wait_for("Saving…");
    assert!(saving.contains(text), "{saving}");
    // The store waits 5 s for the lock, then gives up: the editor says so and keeps the text.
    let failed = t.wait_for("Not saved (the text is still here");
    assert!(failed.contains(text), "{failed}");
    assert!(failed.contains("locked"), "{failed}");
    assert_eq!(stored_notes(&db), vec![]);
    teammate.execute_batch("ROLLBACK").unwrap();
    t.keys("\x13");
    let saved = t.wait_for("note saved");
    assert!(!saved.contains("Note on"), "the editor closed: {saved}");
    assert_eq!(
        stored_notes(&db),
        vec![(
            "meeting-kon-tum".to_owned(),
            "lan".to_owned(),
            text.to_owned()
        )]
    );
    t.keys("q");
    wait_gone(pid, Duration::from_secs(2));
    assert!(unsaved_files(t.dir.path()).is_empty());
}

/// Keys typed while Ctrl-s waits for a locked store are kept. Once the store commits, the
/// editor stays open with them and says so; the terminal closed then saves them as a change of
/// the note just added: one note, with every key.
#[test]
fn keys_typed_while_saving_are_kept_and_rescued_into_the_same_note() {
    let mut t = Pty::script("exec \"$FINDINGS\" --lang en --user lan");
    let db = t.dir.path().join("review.db");
    let pid = t.child_pid();
    t.wait_for("All 14");
    // The file exists before the teammate locks it.
    findings::model::review::Store::at(&db)
        .mark(
            "meeting-gia-lai",
            findings::model::review::Status::Reviewed,
            "minh",
        )
        .unwrap();
    write_note(&mut t, "at Ctrl-s");
    let teammate = rusqlite::Connection::open(&db).unwrap();
    teammate.execute_batch("BEGIN IMMEDIATE").unwrap();
    t.keys("\x13"); // Ctrl-s
    t.wait_for("Saving…");
    t.keys(", and typed while saving");
    t.wait_for("at Ctrl-s, and typed while saving");
    teammate.execute_batch("ROLLBACK").unwrap();
    t.wait_for("Saved as it was at Ctrl-s");
    assert_eq!(
        stored_notes(&db),
        vec![(
            "meeting-kon-tum".to_owned(),
            "lan".to_owned(),
            "at Ctrl-s".to_owned()
        )]
    );
    t.hang_up();
    wait_gone(pid, Duration::from_secs(3));
    assert_eq!(
        stored_notes(&db),
        vec![(
            "meeting-kon-tum".to_owned(),
            "lan".to_owned(),
            "at Ctrl-s, and typed while saving".to_owned()
        )],
        "unsaved: {:?}",
        unsaved_files(t.dir.path())
    );
}

/// A paste longer than a note may hold (64 KiB): refused whole when the terminal marks it as a
/// paste, cut cleanly at the limit when it comes as keys (a terminal without bracketed paste);
/// either way the editor says so, keeps answering, and saves what it holds.
#[test]
fn a_paste_longer_than_a_note_is_refused_visibly_and_does_not_hang() {
    use findings::model::review::NOTE_LIMIT;
    let mut t = Pty::shell();
    let db = t.dir.path().join("review.db");
    let pid = t.launch("--lang en --user lan", "All 14");
    write_note(&mut t, "start");
    let big = "Đắk Lắk ".repeat(9000);
    t.keys_in_pieces(&format!("\x1b[200~{big}\x1b[201~"));
    t.wait_for("Not pasted: 114.3 KiB, and only 63.9 KiB is left");
    t.keys("\x1b[200~ và Đắk Nông\x1b[201~");
    t.wait_for("start và Đắk Nông");
    t.keys_in_pieces(&big);
    t.wait_for("The note is at its 64 KiB limit");
    t.keys("\x13"); // Ctrl-s
    t.wait_for("note saved");
    let mut expected = format!("start và Đắk Nông{big}");
    let mut cut = NOTE_LIMIT;
    while !expected.is_char_boundary(cut) {
        cut -= 1;
    }
    expected.truncate(cut);
    let notes = stored_notes(&db);
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0].2 == expected.trim_end(),
        "{} bytes saved",
        notes[0].2.len()
    );
    t.keys("q");
    wait_gone(pid, Duration::from_secs(2));
}

/// A 5,000-character paste whose start comes in two pieces, as over a slow link (the Escape of
/// `ESC [200~` alone, the rest a moment later), then Ctrl-s: the note is saved whole. The
/// Escape was taken for the Escape key: the editor closed and the pasted text ran as commands.
#[test]
fn a_long_paste_whose_start_comes_in_two_pieces_is_saved_whole_with_ctrl_s() {
    let mut t = Pty::shell();
    let db = t.dir.path().join("review.db");
    let pid = t.launch("--lang en --user lan", "All 14");
    t.keys("3i");
    t.wait_for("save the note");
    let text: String = "Đắk Lắk hợp tác xã chè sạch, "
        .chars()
        .cycle()
        .take(5000)
        .collect();
    t.keys("\x1b");
    // Long enough for the program to read the Escape alone; well within its wait for the rest.
    std::thread::sleep(Duration::from_millis(10));
    t.keys_in_pieces(&format!("[200~{text}\x1b[201~"));
    t.keys("\x13"); // Ctrl-s
    t.wait_for("note saved");
    assert_eq!(
        stored_notes(&db),
        vec![(
            "meeting-kon-tum".to_owned(),
            "lan".to_owned(),
            text.trim_end().to_owned()
        )]
    );
    t.keys("q");
    wait_gone(pid, Duration::from_secs(2));
}
