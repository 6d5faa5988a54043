//! The note editor: one record's new note, its lines wrapped at the pane's width, the cursor
//! moving by grapheme and by the rows drawn ([`draft`]). Ctrl-s saves, and the editor stays open, saying so, until the store has committed the note (or says
//! why it could not); Esc closes at once when nothing was typed, else asks whether to keep it.
//! Typing goes on while the store commits (a locked store can take seconds): what is saved is
//! the text at Ctrl-s, and what was typed since stays in the editor, not yet saved.
//! A note holds at most [`NOTE_LIMIT`] bytes: keys and pastes past it are refused, visibly.
//! Ctrl-s and Esc always answer: while the store commits, they say what will happen once it has.

pub mod draft;

use std::sync::atomic::{AtomicU64, Ordering};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::review::Change;
use crate::model::review::NOTE_LIMIT;
use crate::model::text::{clean, Lines};
use crate::model::unsaved::UnsavedNote;
use draft::Draft;

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
    /// The text and its cursor.
    pub draft: Draft,
    /// The columns the text wraps at and the rows it is shown in (the pane's), and the first
    /// row shown: the cursor's row is always in view.
    width: usize,
    height: usize,
    pub top: usize,
    /// Esc was pressed with text typed: asking whether to keep it.
    pub confirming: bool,
    /// Ctrl-s was pressed: waiting for the store to commit. Keys are still typed.
    pub saving: bool,
    /// Ctrl-s was pressed again while saving: once committed, what was typed since is saved.
    pub again: bool,
    /// Esc was pressed while saving: once committed, the editor closes (or asks, when
    /// something was typed since).
    pub closing: bool,
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
        let (width, height) = crate::layout::editor::text_size(DEFAULT_SCREEN);
        NoteEditor {
            opened: OPENED.fetch_add(1, Ordering::Relaxed),
            record,
            note,
            draft: Draft::new(text),
            width,
            height,
            top: 0,
            confirming: false,
            saving: false,
            again: false,
            closing: false,
            in_flight: None,
            said: None,
            recovered: None,
            original,
        }
    }

    /// The text typed, trailing blank space trimmed.
    pub fn text(&self) -> String {
        self.draft.as_str().trim_end().to_owned()
    }

    pub fn is_blank(&self) -> bool {
        self.text().trim().is_empty()
    }

    /// The text's length in bytes, as typed.
    pub fn len(&self) -> usize {
        self.draft.as_str().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The pane the text is shown in changed: `width` columns to wrap at, `height` rows.
    pub fn set_size(&mut self, width: usize, height: usize) {
        (self.width, self.height) = (width.max(1), height.max(1));
        self.follow();
    }

    /// The columns the text wraps at.
    pub fn width(&self) -> usize {
        self.width
    }

    /// Scrolls so the cursor's row is in view.
    fn follow(&mut self) {
        let (_, row) = self.draft.rows(self.width);
        self.top = visible_top(self.top, row, self.height);
    }

    /// A key typed into the text. One that would take the note past the limit is refused and
    /// counted, and so is every later one that adds (a long paste in a terminal without
    /// bracketed paste arrives as keys).
    pub fn input(&mut self, key: KeyEvent) {
        match edit_of(&key) {
            Some(Edit::Type(text)) => self.add(&text),
            Some(Edit::Move(step)) => self.step(step),
            Some(Edit::Delete(delete)) => {
                let d = &mut self.draft;
                let changed = match delete {
                    Delete::Back => d.delete_back(),
                    Delete::Forward => d.delete_forward(),
                    Delete::WordBack => d.delete_word_back(),
                    Delete::LineEnd => d.delete_to_line_end(),
                };
                if changed {
                    self.said = None;
                }
            }
            None => {}
        }
        self.follow();
    }

    /// `text` typed at the cursor, or refused whole (and counted) when it does not fit or the
    /// note is already full: the text ends where the first refused key would have gone.
    fn add(&mut self, text: &str) {
        let full = matches!(self.said, Some(Said::Full(_)));
        if full || self.len() + text.len() > NOTE_LIMIT {
            let refused = match self.said {
                Some(Said::Full(n)) => n + 1,
                _ => 1,
            };
            self.said = Some(Said::Full(refused));
            return;
        }
        self.draft.insert(text);
        self.said = None;
    }

    fn step(&mut self, step: Step) {
        let (d, width) = (&mut self.draft, self.width);
        let page = self.height.saturating_sub(1).max(1) as isize;
        match step {
            Step::Left => d.left(),
            Step::Right => d.right(),
            Step::WordLeft => d.word_left(),
            Step::WordRight => d.word_right(),
            Step::Up => d.vertical(-1, width),
            Step::Down => d.vertical(1, width),
            Step::PageUp => d.vertical(-page, width),
            Step::PageDown => d.vertical(page, width),
            Step::RowStart => d.row_start(width),
            Step::RowEnd => d.row_end(width),
            Step::Top => d.text_start(),
            Step::Bottom => d.text_end(),
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
            self.draft.insert(taken);
            self.said = None;
        }
        if !refused.is_empty() {
            let before = match self.said {
                Some(Said::Full(n)) => n,
                _ => 0,
            };
            self.said = Some(Said::Full(before + refused.chars().count()));
        }
        self.follow();
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
        self.draft.insert(&text);
        self.said = None;
        self.follow();
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
        self.closing = false;
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
        let closing = std::mem::take(&mut self.closing);
        let Some(Change::Note(text) | Change::EditNote(_, text)) = self.in_flight.take() else {
            return true;
        };
        self.note = Some(note);
        self.original = text;
        if self.change().is_none() {
            return true;
        }
        self.said = Some(Said::TypedSince);
        // Esc while saving: what was typed since is not dropped without asking.
        self.confirming = closing;
        false
    }

    /// The store did not take the note: keep it, and say why.
    pub fn not_saved(&mut self, why: String) {
        self.saving = false;
        self.again = false;
        self.closing = false;
        self.in_flight = None;
        self.said = Some(Said::NotSaved(why));
    }
}

/// Ctrl-J: a line feed (LF), as a terminal in raw mode reports it.
pub fn is_line_feed(key: &KeyEvent) -> bool {
    key.code == KeyCode::Char('j') && key.modifiers - KeyModifiers::SHIFT == KeyModifiers::CONTROL
}

/// The screen the editor wraps for until it is told the real one.
const DEFAULT_SCREEN: (u16, u16) = (80, 24);

/// The first row to show, from `top`, so that row `row` is among `height` rows.
pub fn visible_top(top: usize, row: usize, height: usize) -> usize {
    let height = height.max(1);
    if row < top {
        row
    } else if row >= top + height {
        row + 1 - height
    } else {
        top
    }
}

/// What a key does to the text.
enum Edit {
    Type(String),
    Move(Step),
    Delete(Delete),
}

enum Step {
    Left,
    Right,
    WordLeft,
    WordRight,
    Up,
    Down,
    PageUp,
    PageDown,
    RowStart,
    RowEnd,
    Top,
    Bottom,
}

enum Delete {
    Back,
    Forward,
    WordBack,
    LineEnd,
}

/// The edit a key asks for: the keys of the text area the editor used to be (Emacs-like
/// Ctrl and Alt keys beside the arrows), none for a key that means nothing here.
fn edit_of(key: &KeyEvent) -> Option<Edit> {
    use Edit::{Delete as D, Move as M};
    if is_line_feed(key) {
        return Some(Edit::Type("\n".into()));
    }
    let m = key.modifiers - KeyModifiers::SHIFT;
    let ctrl = m == KeyModifiers::CONTROL;
    let alt = m == KeyModifiers::ALT;
    Some(match key.code {
        KeyCode::Char(c) if m.is_empty() && !c.is_control() => Edit::Type(c.to_string()),
        KeyCode::Enter if m.is_empty() => Edit::Type("\n".into()),
        KeyCode::Tab if m.is_empty() => Edit::Type("    ".into()),
        KeyCode::Backspace if alt || ctrl => D(Delete::WordBack),
        KeyCode::Backspace => D(Delete::Back),
        KeyCode::Delete => D(Delete::Forward),
        KeyCode::Left if alt || ctrl => M(Step::WordLeft),
        KeyCode::Right if alt || ctrl => M(Step::WordRight),
        KeyCode::Left => M(Step::Left),
        KeyCode::Right => M(Step::Right),
        KeyCode::Up => M(Step::Up),
        KeyCode::Down => M(Step::Down),
        KeyCode::PageUp => M(Step::PageUp),
        KeyCode::PageDown => M(Step::PageDown),
        KeyCode::Home if ctrl => M(Step::Top),
        KeyCode::End if ctrl => M(Step::Bottom),
        KeyCode::Home => M(Step::RowStart),
        KeyCode::End => M(Step::RowEnd),
        KeyCode::Char(c) if ctrl => match c {
            'h' => D(Delete::Back),
            'd' => D(Delete::Forward),
            'w' => D(Delete::WordBack),
            'k' => D(Delete::LineEnd),
            'm' => Edit::Type("\n".into()),
            'b' => M(Step::Left),
            'f' => M(Step::Right),
            'p' => M(Step::Up),
            'n' => M(Step::Down),
            'a' => M(Step::RowStart),
            'e' => M(Step::RowEnd),
            _ => return None,
        },
        KeyCode::Char(c) if alt => match c {
            'b' => M(Step::WordLeft),
            'f' => M(Step::WordRight),
            '<' => M(Step::Top),
            '>' => M(Step::Bottom),
            _ => return None,
        },
        _ => return None,
    })
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
        new.draft.insert("  ");
        assert_eq!(new.change(), None, "blank");
        new.draft.insert("ghi chú");
        assert_eq!(new.change(), Some(Change::Note("  ghi chú".into())));
        let mut old = NoteEditor::editing("r".into(), 7, "đã có");
        assert_eq!(old.change(), None, "as it was");
        old.draft.insert(" thêm");
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
        assert_eq!(e.text().lines().count(), 2, "{:?}", e.text());
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
        e.draft.insert(&"x".repeat(NOTE_LIMIT + 1));
        assert_eq!(e.start_saving(), None);
        assert_eq!(e.said, Some(Said::TooLong(NOTE_LIMIT + 1)));
        assert!(!e.saving);
        e.input(KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE));
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
