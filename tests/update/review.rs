//! Review marks, stars and notes: what is asked of the store and shown once committed.

use super::*;

#[test]
fn review_keys_ask_the_store_and_show_what_it_committed() {
    use findings::app::review::{progress, Change};
    use findings::model::review::Status;
    let mut s = state((80, 24));
    update(&mut s, Command::Down); // m-dak-lak
    let outcome = update(&mut s, Command::Mark(Status::ToApply));
    assert_eq!(
        outcome.effects,
        [Effect::Review {
            record: "m-dak-lak".into(),
            change: Change::Mark(Status::ToApply)
        }]
    );
    assert!(!outcome.redraw, "nothing shows until the store has it");
    let star = update(&mut s, Command::ToggleStar);
    assert_eq!(
        star.effects,
        [Effect::Review {
            record: "m-dak-lak".into(),
            change: Change::Star(true)
        }]
    );
    loaded(&mut s, &[("m-dak-lak", Status::ToApply, true)]);
    assert_eq!(s.review.status("m-dak-lak"), Status::ToApply);
    assert_eq!(progress(&s), (1, 6));
    // Starred now: the key unstars.
    let unstar = update(&mut s, Command::ToggleStar);
    assert_eq!(
        unstar.effects,
        [Effect::Review {
            record: "m-dak-lak".into(),
            change: Change::Star(false)
        }]
    );
    // The detail shows the status, who set it and when.
    update(&mut s, Command::Open);
    let layout = s.detail_layout(s.page.record, 78);
    let text: Vec<String> = layout.lines.iter().map(|l| l.text()).collect();
    // The time is local with its zone (the test's zone is the machine's).
    let at = findings::model::when::local("2026-11-30T01:02:03.456Z");
    let head = format!("Review: to apply — lan, {at} · ★ starred");
    assert!(text.iter().any(|l| l.contains(&head)), "{text:#?}");
}

#[test]
fn next_unreviewed_skips_what_is_done_and_the_gauge_fills() {
    use findings::app::review::progress;
    use findings::model::review::Status;
    let mut s = state((80, 24));
    loaded(
        &mut s,
        &[
            ("m-dak-lak", Status::Reviewed, false),
            ("m-cjk", Status::NotApplicable, false),
        ],
    );
    // From the first meeting (reviewed), the next unreviewed skips the second one.
    update(&mut s, Command::Down);
    update(&mut s, Command::NextUnreviewed);
    assert_eq!(selected_id(&s), "e-korea");
    // From the second meeting, the previous unreviewed skips both, back to the trip.
    update(&mut s, Command::Up);
    update(&mut s, Command::PrevUnreviewed);
    assert_eq!(selected_id(&s), "trip-wide");
    let ids: Vec<String> = s
        .rows
        .iter()
        .map(|&r| s.dataset.get(r).unwrap().id().to_owned())
        .collect();
    let all: Vec<(&str, Status, bool)> = ids
        .iter()
        .map(|id| (id.as_str(), Status::Reviewed, false))
        .collect();
    loaded(&mut s, &all);
    assert_eq!(progress(&s), (6, 6), "every record reviewed: 100%");
    // None left: the selection stays, and the status line says so (issue 21: it used to
    // say nothing).
    let before = s.selected;
    update(&mut s, Command::NextUnreviewed);
    assert_eq!(s.selected, before, "none left");
}

#[test]
fn the_note_editor_takes_every_key_and_asks_before_dropping_text() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use findings::app::keymap;
    use findings::app::review::Change;
    let key = |c: char| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    let mut s = state((80, 24));
    update(&mut s, Command::Down); // m-dak-lak
    update(&mut s, Command::OpenNoteEditor);
    assert!(s.editor.is_some());
    // Letters that are commands elsewhere (q, a, j) are typed.
    for c in "qajđắk".chars() {
        let action = keymap::action_for(s.mode(), &key(c)).unwrap();
        assert_eq!(action, Event::EditorKey(key(c)).into());
        update(&mut s, action);
    }
    let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    let newline = keymap::action_for(s.mode(), &enter).unwrap();
    update(&mut s, newline);
    update(&mut s, Event::EditorKey(key('x')));
    assert_eq!(s.editor.as_ref().unwrap().text(), "qajđắk\nx");
    // Esc with text asks; Esc again goes back to writing.
    update(&mut s, Command::CloseEditor);
    assert!(s.editor.as_ref().unwrap().confirming);
    update(&mut s, Command::ResumeNote);
    assert!(!s.editor.as_ref().unwrap().confirming);
    // Ctrl-s saves: the store is asked to add the note; the editor closes once it has.
    let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
    assert_eq!(
        keymap::action_for(s.mode(), &esc),
        Some(Command::CloseEditor.into())
    );
    let save = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let saving = keymap::action_for(s.mode(), &save).unwrap();
    let outcome = update(&mut s, saving);
    assert_eq!(
        outcome.effects,
        [Effect::Review {
            record: "m-dak-lak".into(),
            change: Change::Note("qajđắk\nx".into())
        }]
    );
    assert!(s.editor.as_ref().unwrap().saving);
    update(&mut s, Event::NoteSaved(1));
    assert!(s.editor.is_none());
    // An empty editor closes at once on Esc, with nothing to save.
    update(&mut s, Command::OpenNoteEditor);
    let outcome = update(&mut s, Command::CloseEditor);
    assert!(s.editor.is_none() && outcome.effects.is_empty());
    // d discards after asking.
    update(&mut s, Command::OpenNoteEditor);
    update(&mut s, Event::EditorKey(key('z')));
    update(&mut s, Command::CloseEditor);
    let outcome = update(&mut s, Command::DiscardNote);
    assert!(s.editor.is_none() && outcome.effects.is_empty());
}

#[test]
fn review_status_star_notes_and_author_are_facets() {
    use findings::model::review::{Note, Review, Status};
    let mut s = state((120, 40));
    let mut all = std::collections::HashMap::new();
    let review = |status, by: &str, starred, notes: &[&str]| Review {
        status: Some(status),
        set_by: Some(by.into()),
        set_at: Some("2026-11-30T01:02:03.456Z".into()),
        starred,
        notes: notes
            .iter()
            .enumerate()
            .map(|(i, author)| Note {
                id: i as i64,
                record: String::new(),
                author: author.to_string(),
                created: "2026-11-30T01:02:03.456Z".into(),
                edited: None,
                text: "…".into(),
            })
            .collect(),
    };
    all.insert(
        "m-dak-lak".to_string(),
        review(Status::ToApply, "lan", true, &["minh"]),
    );
    all.insert(
        "e-korea".to_string(),
        review(Status::ToApply, "minh", false, &[]),
    );
    all.insert(
        "v-tea".to_string(),
        review(Status::Reviewed, "lan", false, &[]),
    );
    let action = Event::reviews_loaded(&s.dataset, all);
    update(&mut s, action);
    update(&mut s, Command::ToggleFacets);
    assert_eq!(count_of(&s, "to apply"), 2);
    assert_eq!(count_of(&s, "unreviewed"), 3);
    assert_eq!(count_of(&s, "★ starred"), 1);
    assert_eq!(count_of(&s, "has notes"), 1);
    assert_eq!(count_of(&s, "lan"), 2);
    assert_eq!(
        count_of(&s, "minh"),
        2,
        "set a status once, wrote a note once"
    );
    s.facets.cursor = facet_row(&s, "to apply");
    update(&mut s, Command::FacetToggle);
    let mut ids: Vec<&str> = s
        .rows
        .iter()
        .map(|&r| s.dataset.get(r).unwrap().id())
        .collect();
    ids.sort();
    assert_eq!(ids, ["e-korea", "m-dak-lak"]);
    assert_eq!(count_of(&s, "minh"), 2);
    s.facets.cursor = facet_row(&s, "lan");
    update(&mut s, Command::FacetToggle);
    let ids: Vec<&str> = s
        .rows
        .iter()
        .map(|&r| s.dataset.get(r).unwrap().id())
        .collect();
    assert_eq!(ids, ["m-dak-lak"]);
}

#[test]
fn shift_i_changes_my_latest_note_and_keeps_others_notes_alone() {
    use findings::app::review::Change;
    use findings::model::review::{Note, Review, Status};
    let mut s = state((80, 24));
    s.review.user = "lan".into();
    let note = |id, author: &str, text: &str| Note {
        id,
        record: "m-dak-lak".into(),
        author: author.into(),
        created: "2026-11-30T01:02:03.456Z".into(),
        edited: None,
        text: text.into(),
    };
    let mut all = std::collections::HashMap::new();
    all.insert(
        "m-dak-lak".to_string(),
        Review {
            status: Some(Status::Reviewed),
            notes: vec![
                note(1, "lan", "old"),
                note(2, "minh", "not mine"),
                note(3, "lan", "dòng một\ndòng hai"),
            ],
            ..Default::default()
        },
    );
    let action = Event::reviews_loaded(&s.dataset, all);
    update(&mut s, action);
    update(&mut s, Command::Down); // m-dak-lak
    update(&mut s, Command::EditNote);
    let editor = s.editor.as_ref().unwrap();
    assert_eq!(editor.note, Some(3));
    assert_eq!(editor.text(), "dòng một\ndòng hai");
    update(
        &mut s,
        Event::EditorKey(crossterm::event::KeyEvent::new(
            crossterm::event::KeyCode::Char('!'),
            crossterm::event::KeyModifiers::NONE,
        )),
    );
    let saved = update(&mut s, Command::SaveNote);
    assert_eq!(
        saved.effects,
        [Effect::Review {
            record: "m-dak-lak".into(),
            change: Change::EditNote(3, "dòng một\ndòng hai!".into())
        }]
    );
    update(&mut s, Event::NoteSaved(1));
    // On a record with none of my notes, a new note.
    update(&mut s, Command::Down);
    update(&mut s, Command::EditNote);
    assert_eq!(s.editor.as_ref().unwrap().note, None);
}

/// Ctrl-s keeps the editor open until the store answers: committed, it closes; refused, it
/// stays with the text and says why, and Ctrl-s tries again. Esc waits for the answer.
#[test]
fn ctrl_s_waits_for_the_store_and_keeps_the_note_when_it_fails() {
    use findings::app::editor::Said;
    use findings::app::review::Change;
    let mut s = state((80, 24));
    update(&mut s, Command::OpenNoteEditor);
    update(&mut s, Event::EditorText("ghi chú\ndòng hai".into()));
    let saving = update(&mut s, Command::SaveNote);
    let asked = Effect::Review {
        record: "trip-wide".into(),
        change: Change::Note("ghi chú\ndòng hai".into()),
    };
    assert_eq!(saving.effects, std::slice::from_ref(&asked));
    for waiting in [Command::CloseEditor, Command::DiscardNote] {
        let outcome = update(&mut s, waiting);
        assert!(outcome.effects.is_empty());
    }
    let editor = s.editor.as_ref().unwrap();
    assert!(editor.saving && !editor.confirming);
    assert_eq!(editor.text(), "ghi chú\ndòng hai");
    let why = "review.db: the review database is locked by another findings for more than 5s";
    update(&mut s, Event::NoteNotSaved(why.into()));
    let editor = s.editor.as_ref().unwrap();
    assert!(!editor.saving);
    assert_eq!(editor.said, Some(Said::NotSaved(why.into())));
    assert_eq!(editor.text(), "ghi chú\ndòng hai");
    assert_eq!(update(&mut s, Command::SaveNote).effects, [asked]);
    update(&mut s, Event::NoteSaved(1));
    assert!(s.editor.is_none());
    assert_eq!(
        s.notice,
        Some(findings::app::state::Notice::Said(
            findings::i18n::Msg::NoteSaved
        ))
    );
}

/// Keys typed while the store commits (it can wait seconds for a teammate's lock) are kept:
/// the text at Ctrl-s is saved; then the editor stays open with what was typed since, as a
/// change of the note just added, and says so. Ctrl-s pressed meanwhile saves that next.
#[test]
fn keys_typed_while_saving_are_kept_and_saved_next() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use findings::app::editor::Said;
    use findings::app::review::Change;
    let mut s = state((80, 24));
    update(&mut s, Command::OpenNoteEditor);
    update(&mut s, Event::EditorText("abc".into()));
    let saving = update(&mut s, Command::SaveNote);
    assert_eq!(
        saving.effects,
        [Effect::Review {
            record: "trip-wide".into(),
            change: Change::Note("abc".into()),
        }]
    );
    let d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::NONE);
    update(&mut s, Event::EditorKey(d));
    update(&mut s, Event::EditorText("e".into()));
    update(&mut s, Event::Paste("f".into()));
    assert_eq!(s.editor.as_ref().unwrap().text(), "abcdef");
    let committed = update(&mut s, Event::NoteSaved(9));
    assert!(committed.effects.is_empty());
    let editor = s.editor.as_ref().unwrap();
    assert!(!editor.saving);
    assert_eq!(editor.text(), "abcdef");
    assert_eq!(editor.said, Some(Said::TypedSince));
    assert_eq!(
        editor.change(),
        Some(Change::EditNote(9, "abcdef".into())),
        "a change of the note just added, not a second note"
    );
    // Ctrl-s while saving: what was typed since is saved once the first save is in.
    update(&mut s, Event::EditorText("g".into()));
    assert_eq!(
        update(&mut s, Command::SaveNote).effects,
        [Effect::Review {
            record: "trip-wide".into(),
            change: Change::EditNote(9, "abcdefg".into()),
        }]
    );
    update(&mut s, Event::EditorText("h".into()));
    assert!(update(&mut s, Command::SaveNote).effects.is_empty());
    assert_eq!(
        update(&mut s, Event::NoteSaved(9)).effects,
        [Effect::Review {
            record: "trip-wide".into(),
            change: Change::EditNote(9, "abcdefgh".into()),
        }]
    );
    assert!(s.editor.as_ref().unwrap().saving);
    update(&mut s, Event::NoteSaved(9));
    assert!(s.editor.is_none(), "nothing typed since: closed");
}

/// Notes kept in files when earlier sessions ended are offered one by one as soon as nothing
/// else is open: Enter opens the oldest in the editor, Ctrl-s saves it, and once the store has
/// it its file is removed and the next is offered; Esc leaves them for the next start.
#[test]
fn notes_kept_from_an_earlier_session_are_offered_back() {
    use findings::app::dialog::Dialog;
    use findings::app::review::Change;
    use findings::model::unsaved::UnsavedNote;
    let kept = |record: &str, text: &str, file: &str| UnsavedNote {
        record: record.into(),
        note: None,
        author: "lan".into(),
        at: "2024-05-06T07:08:09.123Z".into(),
        why: "locked".into(),
        store: "review.db".into(),
        text: text.into(),
        path: file.into(),
    };
    let mut s = state((80, 24));
    update(&mut s, Command::OpenNoteEditor);
    let found = Event::UnsavedFound {
        notes: vec![
            kept("m-kon-tum", "một", "/s/1.note"),
            kept("m-dak-lak", "hai", "/s/2.note"),
        ],
        problems: vec![],
        not_offered: None,
    };
    update(&mut s, found.clone());
    assert_eq!(s.dialog, None, "not over the note being written");
    update(&mut s, Command::CloseEditor);
    assert_eq!(
        s.dialog,
        Some(Dialog::Unsaved),
        "offered once the editor closed"
    );
    // Keys that are commands elsewhere do nothing here.
    update(&mut s, Event::DialogChar('q'));
    assert_eq!(s.dialog, Some(Dialog::Unsaved));
    update(&mut s, Command::DialogConfirm);
    assert_eq!(s.dialog, None);
    let editor = s.editor.as_ref().unwrap();
    assert_eq!(
        (editor.record.as_str(), editor.text()),
        ("m-kon-tum", "một".into())
    );
    assert!(editor.recovered.is_some());
    let saving = update(&mut s, Command::SaveNote);
    assert_eq!(
        saving.effects,
        [Effect::Review {
            record: "m-kon-tum".into(),
            change: Change::Note("một".into())
        }]
    );
    let saved = update(&mut s, Event::NoteSaved(1));
    assert_eq!(saved.effects, [Effect::ForgetUnsaved("/s/1.note".into())]);
    assert_eq!(s.dialog, Some(Dialog::Unsaved), "the next one");
    assert_eq!(s.unsaved.len(), 1);
    // Esc: later. Nothing is removed, nothing is offered again in this session.
    let later = update(&mut s, Command::DialogCancel);
    assert!(later.effects.is_empty());
    assert_eq!((s.dialog.clone(), s.unsaved.len()), (None, 0));
    assert!(
        matches!(s.notice, Some(findings::app::state::Notice::Detail(_, ref d)) if d == "1 → /s")
    );
    update(&mut s, Command::Down);
    assert_eq!(s.dialog, None);
    // Discarding a recovered note leaves its file, and says so.
    update(&mut s, found);
    update(&mut s, Command::DialogConfirm);
    update(&mut s, Command::CloseEditor);
    let dropped = update(&mut s, Command::DiscardNote);
    assert!(dropped.effects.is_empty());
    assert!(
        matches!(s.notice, Some(findings::app::state::Notice::Detail(_, ref d)) if d == "/s/1.note")
    );
}

/// Notes in the folder that are not the reviewer's to save here (another reviewer's, another
/// account's, for another review file) are not offered: the status line says how many, and
/// where they are.
#[test]
fn notes_not_offered_are_mentioned_once() {
    use findings::app::state::Notice;
    let mut s = state((80, 24));
    update(
        &mut s,
        Event::UnsavedFound {
            notes: vec![],
            problems: vec![],
            not_offered: Some((2, "/home/lan/.local/state/findings/unsaved".into())),
        },
    );
    assert_eq!(s.dialog, None, "nothing to offer");
    assert_eq!(
        s.notice,
        Some(Notice::Detail(
            findings::i18n::Msg::UnsavedNotOffered,
            "2 → /home/lan/.local/state/findings/unsaved".into()
        ))
    );
}

/// Ctrl-J (a line feed: what a raw paste and some clients send) starts a new line in the note
/// editor, as Enter does, one key at a time or among letters typed in a row.
#[test]
fn ctrl_j_starts_a_new_line_in_the_note() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use findings::app::keymap;
    let mut s = state((80, 24));
    update(&mut s, Command::OpenNoteEditor);
    update(&mut s, Event::EditorText("abc".into()));
    let ctrl_j = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::CONTROL);
    let action = keymap::action_for(s.mode(), &ctrl_j).unwrap();
    assert_eq!(
        action.typed(),
        Some('\n'),
        "taken with the letters around it"
    );
    update(&mut s, action);
    update(&mut s, Event::EditorText("def".into()));
    assert_eq!(s.editor.as_ref().unwrap().text(), "abc\ndef");
}

/// A bracketed paste goes into whatever takes text: the note editor (lines kept), the search
/// line and a prompt (one line, no control characters).
#[test]
fn a_paste_goes_where_text_is_typed() {
    let mut s = state((80, 24));
    update(&mut s, Command::OpenSearch);
    update(&mut s, Event::Paste("dak\nlak\x1b".into()));
    assert!(
        s.search.input.starts_with("dak lak"),
        "{:?}",
        s.search.input
    );
    assert!(!s.search.input.contains('\x1b'));
    update(&mut s, Command::SearchCancel);
    update(&mut s, Command::OpenNoteEditor);
    update(&mut s, Event::Paste("một\r\nhai".into()));
    assert_eq!(s.editor.as_ref().unwrap().text(), "một\nhai");
}

/// `.` and `,` look at the record in view first: an unreviewed one stays (in the list and in
/// the open detail); when every listed record has a status, the status line says so.
#[test]
fn the_round_starts_at_the_record_in_view_and_says_when_all_are_reviewed() {
    use findings::model::review::Status;
    let mut s = state((80, 24));
    // trip-wide, the first row, is unreviewed: `.` stays on it, and so does `,`.
    assert!(update(&mut s, Command::NextUnreviewed).redraw);
    assert_eq!(selected_id(&s), "trip-wide");
    update(&mut s, Command::PrevUnreviewed);
    assert_eq!(selected_id(&s), "trip-wide");
    // In the open detail too: the page stays, scrolled where it was.
    update(&mut s, Command::Down);
    update(&mut s, Command::Open);
    update(&mut s, Command::Down);
    let page = s.page;
    update(&mut s, Command::NextUnreviewed);
    assert_eq!(s.page, page);
    assert_eq!(open_id(&s), "m-dak-lak");
    // Marked: `.` goes on from it.
    loaded(&mut s, &[("m-dak-lak", Status::Reviewed, false)]);
    update(&mut s, Command::NextUnreviewed);
    assert_eq!(open_id(&s), "m-cjk");
    // Every record reviewed: said, with how many.
    let ids: Vec<String> = s
        .rows
        .iter()
        .map(|&r| s.dataset.get(r).unwrap().id().to_owned())
        .collect();
    let all: Vec<(&str, Status, bool)> = ids
        .iter()
        .map(|id| (id.as_str(), Status::ToApply, false))
        .collect();
    loaded(&mut s, &all);
    let open = s.page;
    assert!(update(&mut s, Command::NextUnreviewed).redraw);
    assert_eq!(s.page, open, "nowhere to go");
    let screen = common::screen(&s);
    assert!(screen.contains("all 6 reviewed"), "{screen}");
    let mut vi = common::state("valid/wide.json", Lang::Vi, (80, 24));
    loaded(&mut vi, &all);
    update(&mut vi, Command::PrevUnreviewed);
    let screen = common::screen(&vi);
    assert!(screen.contains("đã xem hết 6 mục"), "{screen}");
}

/// `.` pressed again where the last `.` landed goes on past it: an unreviewed record can be
/// skipped (the record in view is only the first press's answer). Turning round, or moving the
/// selection in between, starts again from the record in view.
#[test]
fn the_same_round_key_again_skips_the_record_it_landed_on() {
    use findings::model::review::Status;
    let mut s = state((80, 24));
    loaded(&mut s, &[("m-cjk", Status::Reviewed, false)]);
    update(&mut s, Command::NextUnreviewed);
    assert_eq!(selected_id(&s), "trip-wide", "the record in view first");
    update(&mut s, Command::NextUnreviewed);
    assert_eq!(selected_id(&s), "m-dak-lak", "pressed again: the next one");
    update(&mut s, Command::NextUnreviewed);
    assert_eq!(selected_id(&s), "e-korea", "past the reviewed one");
    // Turning round: the record in view first, then back past the reviewed one.
    update(&mut s, Command::PrevUnreviewed);
    assert_eq!(selected_id(&s), "e-korea");
    update(&mut s, Command::PrevUnreviewed);
    assert_eq!(selected_id(&s), "m-dak-lak");
    // Something else moved the selection since: the record in view first again.
    update(&mut s, Command::Down);
    update(&mut s, Command::Up);
    update(&mut s, Command::NextUnreviewed);
    assert_eq!(selected_id(&s), "m-dak-lak");
    // In the open detail too.
    update(&mut s, Command::Open);
    update(&mut s, Command::NextUnreviewed);
    assert_eq!(open_id(&s), "m-dak-lak");
    update(&mut s, Command::NextUnreviewed);
    assert_eq!(open_id(&s), "e-korea");
}

/// A letter typed as a base letter and combining marks (as some Vietnamese input methods send
/// it) is one for the cursor: Left, Left, X in "hợp" puts X before "ợ", not between the "o"
/// and its marks; Backspace takes the letter with its marks.
#[test]
fn the_cursor_moves_over_a_letter_and_its_marks_at_once() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use findings::app::review::Change;
    let press = |s: &mut State, code: KeyCode| {
        let key = KeyEvent::new(code, KeyModifiers::NONE);
        let action = findings::app::keymap::action_for(s.mode(), &key).unwrap();
        update(s, action);
    };
    let mut s = state((80, 24));
    update(&mut s, Command::OpenNoteEditor);
    for c in "ho\u{31B}\u{323}p".chars() {
        press(&mut s, KeyCode::Char(c));
    }
    press(&mut s, KeyCode::Left);
    press(&mut s, KeyCode::Left);
    press(&mut s, KeyCode::Char('X'));
    let saved = update(&mut s, Command::SaveNote);
    let Some(Effect::Review {
        change: Change::Note(text),
        ..
    }) = saved.effects.first()
    else {
        panic!("no note saved: {:?}", saved.effects);
    };
    assert_eq!(
        text, "hXo\u{31B}\u{323}p",
        "X before the letter with its marks"
    );
    update(&mut s, Event::NoteSaved(1));
    // Backspace and Delete take the whole letter.
    update(&mut s, Command::OpenNoteEditor);
    for c in "ho\u{31B}\u{323}p".chars() {
        press(&mut s, KeyCode::Char(c));
    }
    press(&mut s, KeyCode::Left);
    press(&mut s, KeyCode::Backspace);
    assert_eq!(s.editor.as_ref().unwrap().text(), "hp");
}

/// A long line wraps: Up, Down, Home and End move over the rows drawn, not the line typed.
#[test]
fn a_long_note_wraps_and_the_keys_move_by_row() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut s = state((80, 24));
    update(&mut s, Command::OpenNoteEditor);
    let words = "lao động nước ngoài ".repeat(30);
    update(&mut s, Event::EditorText(words.clone()));
    let key = |code| Event::EditorKey(KeyEvent::new(code, KeyModifiers::NONE));
    let editor = s.editor.as_ref().unwrap();
    let width = editor.width();
    assert!((60..80).contains(&width), "wraps at the pane: {width}");
    let (rows, at) = editor.draft.rows(width);
    assert!(rows.len() > 5 && at == rows.len() - 1);
    update(&mut s, key(KeyCode::Up));
    update(&mut s, key(KeyCode::Home));
    let editor = s.editor.as_ref().unwrap();
    let (rows, at) = editor.draft.rows(width);
    assert_eq!(at, rows.len() - 2, "one row up");
    assert_eq!(editor.draft.cursor(), rows[at].start, "at the row's start");
    assert!(editor.draft.cursor() > 0, "not the line's start");
    update(&mut s, key(KeyCode::End));
    let editor = s.editor.as_ref().unwrap();
    assert_eq!(
        editor.draft.cursor(),
        rows[at].end - 1,
        "before the hanging space"
    );
    update(
        &mut s,
        Event::EditorKey(KeyEvent::new(KeyCode::Home, KeyModifiers::CONTROL)),
    );
    assert_eq!(s.editor.as_ref().unwrap().draft.cursor(), 0);
    update(&mut s, key(KeyCode::Down));
    let editor = s.editor.as_ref().unwrap();
    assert_eq!(editor.draft.rows(width).1, 1);
    assert_eq!(editor.text(), words.trim_end());
}

/// Ctrl-s and Esc always answer, also while the store commits: each says at once what will
/// happen when it has, and Esc then closes the editor.
#[test]
fn ctrl_s_and_esc_answer_while_the_store_commits() {
    use findings::app::editor::Said;
    let mut s = state((80, 24));
    update(&mut s, Command::OpenNoteEditor);
    update(&mut s, Event::EditorText("ghi chú".into()));
    assert_eq!(update(&mut s, Command::SaveNote).effects.len(), 1);
    let again = update(&mut s, Command::SaveNote);
    assert!(again.redraw && again.effects.is_empty());
    assert!(common::screen(&s).contains("What was typed since is saved"));
    let esc = update(&mut s, Command::CloseEditor);
    assert!(esc.redraw && esc.effects.is_empty());
    assert!(common::screen(&s).contains("closes once the note is saved"));
    update(&mut s, Event::NoteSaved(4));
    assert!(s.editor.is_none(), "closed once saved");
    // Typed since: closing asks first rather than drop it.
    update(&mut s, Command::OpenNoteEditor);
    update(&mut s, Event::EditorText("một".into()));
    update(&mut s, Command::SaveNote);
    update(&mut s, Command::CloseEditor);
    update(&mut s, Event::EditorText(" hai".into()));
    update(&mut s, Event::NoteSaved(5));
    let editor = s.editor.as_ref().unwrap();
    assert!(editor.confirming && editor.said == Some(Said::TypedSince));
}
