//! The note editor: a multi-line text area (ratatui-textarea) for one record's new note. Ctrl-s
//! saves, and the editor stays open, saying so, until the store has committed the note (or says
//! why it could not); Esc closes at once when nothing was typed, else asks whether to keep it.
//! Typing goes on while the store commits (a locked store can take seconds): what is saved is
//! the text at Ctrl-s, and what was typed since stays in the editor, not yet saved.
//! A note holds at most [`NOTE_LIMIT`] bytes: keys and pastes past it are refused, visibly.

use std::sync::atomic::{AtomicU64, Ordering};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::TextArea;

use super::review::Change;
use crate::model::review::NOTE_LIMIT;
use crate::model::text::{clean, Lines};
use crate::model::unsaved::UnsavedNote;

/// From this size on, the editor shows how much of the limit is used.
pub const NEAR_LIMIT: usize = NOTE_LIMIT / 4 * 3;

/// The number of the next editor opened.
static OPENED: AtomicU64 = AtomicU64::new(1);

/// A note being written.
#[derive(Clone, Debug)]
pub struct NoteEditor {
    /// Which editor this is, unique in the process: once Ctrl-s has added a new note, the
    /// rescue changes that note rather than add this editor's text a second time.
    pub opened: u64,
    /// The id of the record the note is for.
    pub record: String,
    /// The note being changed; `None` for a new note.
    pub note: Option<i64>,
    pub area: TextArea<'static>,
    /// Esc was pressed with text typed: asking whether to keep it.
    pub confirming: bool,
    /// Ctrl-s was pressed: waiting for the store to commit. Keys are still typed.
    pub saving: bool,
    /// Ctrl-s was pressed again while saving: once committed, what was typed since is saved.
    pub again: bool,
    /// The change being committed (the text at Ctrl-s).
    in_flight: Option<Change>,
    /// What the editor says below the text, until the next change.
    pub said: Option<Said>,
    /// The note was kept in a file when an earlier session ended: that file.
    pub recovered: Option<UnsavedNote>,
    /// The note's text when the editor opened (empty for a new note).
    original: String,
}

/// What the editor tells the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Said {
    /// The store did not take the note: why (the text stays).
    NotSaved(String),
    /// Not saved: the note is this many bytes, more than a note may hold.
    TooLong(usize),
    /// A paste of `pasted` bytes was refused: only `room` were left.
    PasteRefused { pasted: usize, room: usize },
    /// This many keys were not taken: the note is full.
    Full(usize),
    /// The note was saved as it was at Ctrl-s; what was typed since is not saved yet.
    TypedSince,
}

impl NoteEditor {
    pub fn new(record: String) -> NoteEditor {
        NoteEditor::with_text(record, None, "", String::new())
    }

    /// An editor holding note `note`'s text, to change it.
    pub fn editing(record: String, note: i64, text: &str) -> NoteEditor {
        NoteEditor::with_text(record, Some(note), text, text.trim_end().to_owned())
    }

    /// An editor holding a note kept from an earlier session, to save it: as a change of note
    /// `mine` when that note is still the reviewer's, else as a new note.
    pub fn recovered(unsaved: UnsavedNote, mine: Option<i64>) -> NoteEditor {
        let text = clean(&unsaved.text, Lines::Keep);
        let mut editor = NoteEditor::with_text(unsaved.record.clone(), mine, &text, String::new());
        editor.recovered = Some(unsaved);
        editor
    }

    fn with_text(record: String, note: Option<i64>, text: &str, original: String) -> NoteEditor {
        let lines = text.split('\n').map(str::to_owned).collect();
        let mut area = TextArea::new(lines);
        area.move_cursor(ratatui_textarea::CursorMove::Bottom);
        area.move_cursor(ratatui_textarea::CursorMove::End);
        NoteEditor {
            opened: OPENED.fetch_add(1, Ordering::Relaxed),
            record,
            note,
            area,
            confirming: false,
            saving: false,
            again: false,
            in_flight: None,
            said: None,
            recovered: None,
            original,
        }
    }

    /// The text typed, lines joined, trailing blank space trimmed.
    pub fn text(&self) -> String {
        self.area.lines().join("\n").trim_end().to_owned()
    }

    pub fn is_blank(&self) -> bool {
        self.text().trim().is_empty()
    }

    /// The text's length in bytes, lines joined, as typed.
    pub fn len(&self) -> usize {
        let lines = self.area.lines();
        lines.iter().map(String::len).sum::<usize>() + lines.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A key typed into the text. One that would take the note past the limit is undone and
    /// counted, and so is every later one that adds (a long paste in a terminal without
    /// bracketed paste arrives as keys).
    pub fn input(&mut self, key: KeyEvent) {
        // Ctrl-J is a line feed: what a raw paste and some clients send for a new line. The
        // text area would take it as "delete to the start of the line".
        let key = if is_line_feed(&key) {
            KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)
        } else {
            key
        };
        let before = self.len();
        if !self.area.input(key) {
            return;
        }
        let mut now = self.len();
        // Once full, every key that adds is refused until something is deleted: the text
        // ends where the first refused key would have gone, not with the odd shorter letter.
        let full = matches!(self.said, Some(Said::Full(_)));
        if now > before && (now > NOTE_LIMIT || full) {
            // Typing over a selection is two edits: undo both if need be.
            for _ in 0..2 {
                if now <= before || !self.area.undo() {
                    break;
                }
                now = self.len();
            }
            let refused = match self.said {
                Some(Said::Full(n)) => n + 1,
                _ => 1,
            };
            self.said = Some(Said::Full(refused));
        } else {
            self.said = None;
        }
    }

    /// Letters and Enters typed in a row, taken at once (a paste in a terminal without
    /// bracketed paste arrives as thousands of keys, and the text area does work on the whole
    /// text for each edit): what fits goes in, the rest is refused as keys past the limit are.
    pub fn type_text(&mut self, typed: &str) {
        if typed.is_empty() {
            return;
        }
        let full = matches!(self.said, Some(Said::Full(_)));
        let room = if full {
            0
        } else {
            NOTE_LIMIT.saturating_sub(self.len())
        };
        let mut fits = typed.len().min(room);
        while !typed.is_char_boundary(fits) {
            fits -= 1;
        }
        let (taken, refused) = typed.split_at(fits);
        if !taken.is_empty() {
            self.area.insert_str(taken);
            self.said = None;
        }
        if !refused.is_empty() {
            let before = match self.said {
                Some(Said::Full(n)) => n,
                _ => 0,
            };
            self.said = Some(Said::Full(before + refused.chars().count()));
        }
    }

    /// Pasted text (bracketed paste), inserted whole, or refused whole when it does not fit.
    pub fn paste(&mut self, text: &str) {
        let text = clean(&text.replace("\r\n", "\n").replace('\r', "\n"), Lines::Keep);
        let room = NOTE_LIMIT.saturating_sub(self.len());
        if text.len() > room {
            self.said = Some(Said::PasteRefused {
                pasted: text.len(),
                room,
            });
            return;
        }
        self.area.insert_str(&text);
        self.said = None;
    }

    /// The change saving the editor now would make: `None` when nothing was typed, or the
    /// note's text is as it was.
    pub fn change(&self) -> Option<Change> {
        let text = self.text();
        if text.trim().is_empty() || text == self.original {
            return None;
        }
        Some(match self.note {
            Some(id) => Change::EditNote(id, text),
            None => Change::Note(text),
        })
    }

    /// Ctrl-s: the change for the store, the editor now waiting for it to commit. `None` when
    /// there is nothing to save, or the note is too long (then the editor says so).
    pub fn start_saving(&mut self) -> Option<Change> {
        let change = self.change()?;
        if let Change::Note(text) | Change::EditNote(_, text) = &change {
            let size = clean(text, Lines::Keep).len();
            if size > NOTE_LIMIT {
                self.said = Some(Said::TooLong(size));
                self.confirming = false;
                return None;
            }
        }
        self.saving = true;
        self.again = false;
        self.in_flight = Some(change.clone());
        self.confirming = false;
        self.said = None;
        Some(change)
    }

    /// The store committed the note, as note `note`. True when nothing was typed since
    /// Ctrl-s (the editor is done); else the editor now changes that note, and what was typed
    /// since is its unsaved change.
    pub fn saved(&mut self, note: i64) -> bool {
        self.saving = false;
        let Some(Change::Note(text) | Change::EditNote(_, text)) = self.in_flight.take() else {
            return true;
        };
        self.note = Some(note);
        self.original = text;
        if self.change().is_none() {
            return true;
        }
        self.said = Some(Said::TypedSince);
        false
    }

    /// The store did not take the note: keep it, and say why.
    pub fn not_saved(&mut self, why: String) {
        self.saving = false;
        self.again = false;
        self.in_flight = None;
        self.said = Some(Said::NotSaved(why));
    }
}

/// Ctrl-J: a line feed (LF), as a terminal in raw mode reports it.
pub fn is_line_feed(key: &KeyEvent) -> bool {
    key.code == KeyCode::Char('j') && key.modifiers - KeyModifiers::SHIFT == KeyModifiers::CONTROL
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn key(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
    }

    #[test]
    fn the_change_is_none_until_something_new_is_typed() {
        let mut new = NoteEditor::new("r".into());
        assert_eq!(new.change(), None);
        new.area.insert_str("  ");
        assert_eq!(new.change(), None, "blank");
        new.area.insert_str("ghi chú");
        assert_eq!(new.change(), Some(Change::Note("  ghi chú".into())));
        let mut old = NoteEditor::editing("r".into(), 7, "đã có");
        assert_eq!(old.change(), None, "as it was");
        old.area.insert_str(" thêm");
        assert_eq!(old.change(), Some(Change::EditNote(7, "đã có thêm".into())));
    }

    #[test]
    fn ctrl_j_is_a_new_line() {
        let mut e = NoteEditor::new("r".into());
        e.type_text("abc");
        e.input(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::CONTROL));
        e.type_text("def");
        assert_eq!(e.text(), "abc\ndef");
    }

    #[test]
    fn keys_past_the_limit_are_refused_and_counted() {
        let backspace = KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE);
        let mut e = NoteEditor::new("r".into());
        e.paste(&"a".repeat(NOTE_LIMIT - 2));
        e.input(key('ơ'));
        assert_eq!(e.len(), NOTE_LIMIT, "a two-byte letter fits exactly");
        assert_eq!(e.said, None);
        e.input(key('b'));
        e.input(key('c'));
        assert_eq!(e.len(), NOTE_LIMIT);
        assert_eq!(e.said, Some(Said::Full(2)));
        assert!(e.text().ends_with("aơ"));
        // Deleting makes room again.
        e.input(backspace);
        assert_eq!((e.len(), e.said.clone()), (NOTE_LIMIT - 2, None));
        e.input(key('d'));
        assert!(e.text().ends_with("ad"));
        // Once full, a shorter key that would still fit is refused too: the text ends where
        // the first refused key would have gone.
        e.input(key('ắ'));
        assert_eq!(e.len(), NOTE_LIMIT - 1, "three bytes do not fit in two");
        e.input(key('e'));
        assert_eq!(
            (e.len(), e.said.clone()),
            (NOTE_LIMIT - 1, Some(Said::Full(2)))
        );
    }

    #[test]
    fn letters_typed_in_a_row_are_cut_where_the_first_refused_key_would_go() {
        let mut e = NoteEditor::new("r".into());
        e.type_text(&"a".repeat(NOTE_LIMIT - 2));
        e.type_text("ơ\nb");
        assert_eq!(e.len(), NOTE_LIMIT);
        assert_eq!(e.said, Some(Said::Full(2)));
        assert!(e.text().ends_with("aơ"));
        e.type_text("c");
        assert_eq!(e.said, Some(Said::Full(3)));
        let mut by_keys = NoteEditor::new("r".into());
        by_keys.type_text(&"a".repeat(NOTE_LIMIT - 3));
        for c in "ơ\nb".chars() {
            let code = if c == '\n' {
                KeyCode::Enter
            } else {
                KeyCode::Char(c)
            };
            by_keys.input(KeyEvent::new(code, KeyModifiers::NONE));
        }
        let mut at_once = NoteEditor::new("r".into());
        at_once.type_text(&"a".repeat(NOTE_LIMIT - 3));
        at_once.type_text("ơ\nb");
        assert_eq!(by_keys.text(), at_once.text());
        assert_eq!(by_keys.said, at_once.said);
    }

    #[test]
    fn a_paste_that_does_not_fit_is_refused_whole() {
        let mut e = NoteEditor::new("r".into());
        e.paste("dòng một\r\ndòng hai\x1b[31m");
        assert_eq!(e.area.lines().len(), 2, "{:?}", e.area.lines());
        assert!(!e.text().contains('\x1b'), "no control character is pasted");
        let before = e.text();
        e.paste(&"x".repeat(NOTE_LIMIT));
        assert_eq!(e.text(), before);
        assert!(
            matches!(e.said, Some(Said::PasteRefused { pasted, room }) if pasted == NOTE_LIMIT && room == NOTE_LIMIT - e.len())
        );
    }

    #[test]
    fn saving_waits_refuses_what_is_too_long_and_keeps_the_text_when_it_fails() {
        let mut e = NoteEditor::new("r".into());
        e.area.insert_str("x".repeat(NOTE_LIMIT + 1));
        assert_eq!(e.start_saving(), None);
        assert_eq!(e.said, Some(Said::TooLong(NOTE_LIMIT + 1)));
        assert!(!e.saving);
        e.area.delete_char();
        e.start_saving().expect("fits now");
        assert!(e.saving);
        e.not_saved("locked".into());
        assert!(!e.saving);
        assert_eq!(e.said, Some(Said::NotSaved("locked".into())));
        assert_eq!(e.len(), NOTE_LIMIT);
    }

    /// Keys typed while the store commits are kept: the text at Ctrl-s is what is saved, and
    /// the editor then changes the note just added, what was typed since its unsaved change.
    #[test]
    fn typing_goes_on_while_saving_and_stays_unsaved() {
        let mut e = NoteEditor::new("r".into());
        e.type_text("abc");
        let change = e.start_saving().unwrap();
        assert_eq!(change, Change::Note("abc".into()));
        e.input(key('d'));
        e.paste("e");
        e.type_text("f");
        assert_eq!(e.text(), "abcdef");
        assert!(!e.saved(12), "typed since: stays open");
        assert_eq!((e.note, e.said.clone()), (Some(12), Some(Said::TypedSince)));
        assert_eq!(e.change(), Some(Change::EditNote(12, "abcdef".into())));
        // Nothing typed since the second Ctrl-s: done.
        assert_eq!(
            e.start_saving(),
            Some(Change::EditNote(12, "abcdef".into()))
        );
        assert!(e.saved(12));
        // Typed and then deleted again while saving: nothing new, done.
        let mut e = NoteEditor::new("r".into());
        e.type_text("xy");
        e.start_saving().unwrap();
        e.type_text("z");
        e.input(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
        assert!(e.saved(3));
    }

    #[test]
    fn a_recovered_note_is_saved_as_a_change_even_if_unchanged() {
        let unsaved = UnsavedNote {
            record: "r".into(),
            note: Some(4),
            author: "lan".into(),
            at: String::new(),
            why: String::new(),
            store: PathBuf::new(),
            text: "giữ lại\nhai dòng".into(),
            path: "/s/u.note".into(),
        };
        let e = NoteEditor::recovered(unsaved.clone(), Some(4));
        assert_eq!(
            e.change(),
            Some(Change::EditNote(4, "giữ lại\nhai dòng".into()))
        );
        let e = NoteEditor::recovered(unsaved, None);
        assert_eq!(e.change(), Some(Change::Note("giữ lại\nhai dòng".into())));
    }
}
