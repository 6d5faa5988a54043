//! The note's text being typed and its cursor: a `String` the cursor moves over by grapheme (a
//! letter typed as a base letter and combining marks is one, so no key lands inside it), and by
//! the rows the text is wrapped in (Up, Down, Home, End).

use unicode_segmentation::UnicodeSegmentation;

use std::cell::RefCell;

use crate::layout::editor::{at_column, row_of, rows_from, Row};

#[derive(Clone, Debug, Default)]
pub struct Draft {
    text: String,
    /// A byte offset in `text`, always on a grapheme boundary.
    cursor: usize,
    /// The column Up and Down keep to across shorter rows, until the cursor moves otherwise.
    goal: Option<usize>,
    /// The rows last wrapped: every edit and every drawing needs them, and a note of 64 KiB
    /// typed key by key (a paste without bracketed paste) must not be wrapped whole each time.
    wrapped: RefCell<Wrapped>,
}

/// Rows wrapped at `width`, right for the text before byte `changed` (where the first edit
/// since was made): the rows before the one holding it are kept, the rest wrapped again.
#[derive(Clone, Debug, Default)]
struct Wrapped {
    width: usize,
    rows: Vec<Row>,
    changed: Option<usize>,
}

impl Draft {
    /// `text`, the cursor at its end.
    pub fn new(text: &str) -> Draft {
        Draft {
            text: text.to_owned(),
            cursor: text.len(),
            goal: None,
            wrapped: RefCell::default(),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// `s` typed at the cursor, the cursor after it.
    pub fn insert(&mut self, s: &str) {
        self.edited(self.cursor);
        self.text.insert_str(self.cursor, s);
        self.cursor += s.len();
        // A combining mark typed after a letter joins it: the cursor stays on a boundary.
        self.cursor = self.boundary_at_or_after(self.cursor);
        self.goal = None;
    }

    /// The grapheme before the cursor removed (Backspace); false at the start.
    pub fn delete_back(&mut self) -> bool {
        let from = self.before();
        self.remove(from, self.cursor)
    }

    /// The grapheme after the cursor removed (Delete); false at the end.
    pub fn delete_forward(&mut self) -> bool {
        let to = self.after();
        self.remove(self.cursor, to)
    }

    /// The word before the cursor and the spaces after it removed (Ctrl-w, Alt-Backspace).
    pub fn delete_word_back(&mut self) -> bool {
        let from = self.word_back();
        self.remove(from, self.cursor)
    }

    /// From the cursor to the end of its line removed (Ctrl-k); the line break when there.
    pub fn delete_to_line_end(&mut self) -> bool {
        let end = self.text[self.cursor..]
            .find('\n')
            .map_or(self.text.len(), |i| self.cursor + i);
        let end = if end == self.cursor {
            self.after()
        } else {
            end
        };
        self.remove(self.cursor, end)
    }

    fn remove(&mut self, from: usize, to: usize) -> bool {
        self.goal = None;
        if from >= to {
            return false;
        }
        self.edited(from);
        self.text.replace_range(from..to, "");
        self.cursor = from;
        true
    }

    /// The text is about to change at byte `at`: the rows from there on are wrapped again.
    fn edited(&mut self, at: usize) {
        let wrapped = self.wrapped.get_mut();
        wrapped.changed = Some(wrapped.changed.map_or(at, |c| c.min(at)));
    }

    pub fn left(&mut self) {
        self.move_to(self.before());
    }

    pub fn right(&mut self) {
        self.move_to(self.after());
    }

    pub fn word_left(&mut self) {
        self.move_to(self.word_back());
    }

    pub fn word_right(&mut self) {
        let rest = &self.text[self.cursor..];
        let mut at = self.cursor;
        let mut seen_word = false;
        for (i, g) in rest.grapheme_indices(true) {
            let space = is_space(g);
            if space && seen_word {
                break;
            }
            seen_word |= !space;
            at = self.cursor + i + g.len();
        }
        self.move_to(at);
    }

    pub fn text_start(&mut self) {
        self.move_to(0);
    }

    pub fn text_end(&mut self) {
        self.move_to(self.text.len());
    }

    /// To the start of the row the cursor is drawn in, the text wrapped at `width`.
    pub fn row_start(&mut self, width: usize) {
        let (rows, i) = self.rows(width);
        self.move_to(rows[i].start);
    }

    /// To the end of the row the cursor is drawn in (before a wrapped row's hanging space).
    pub fn row_end(&mut self, width: usize) {
        let (rows, i) = self.rows(width);
        self.move_to(at_column(&self.text, rows[i], usize::MAX));
    }

    /// `by` rows down (up when negative), keeping to the column the cursor started from.
    pub fn vertical(&mut self, by: isize, width: usize) {
        let (rows, i) = self.rows(width);
        let goal = self
            .goal
            .unwrap_or_else(|| crate::layout::text::width(&self.text[rows[i].start..self.cursor]));
        let to = i.saturating_add_signed(by).min(rows.len() - 1);
        self.cursor = at_column(&self.text, rows[to], goal);
        self.goal = Some(goal);
    }

    /// The rows of the text wrapped at `width`, and the one the cursor is in.
    pub fn rows(&self, width: usize) -> (Vec<Row>, usize) {
        let mut wrapped = self.wrapped.borrow_mut();
        let fresh = wrapped.width == width && !wrapped.rows.is_empty();
        if !fresh || wrapped.changed.is_some() {
            // Keep the rows wholly before the one holding the edit, less one (a word deleted
            // there may let the next word back onto the row before).
            let kept = match (fresh, wrapped.changed) {
                (true, Some(at)) => wrapped
                    .rows
                    .iter()
                    .position(|r| r.end >= at)
                    .unwrap_or(wrapped.rows.len())
                    .saturating_sub(1),
                _ => 0,
            };
            wrapped.rows.truncate(kept);
            let start = wrapped.rows.last().map_or(0, |r| match r.last {
                true => r.end + 1,
                false => r.end,
            });
            let mut rows = std::mem::take(&mut wrapped.rows);
            rows_from(&self.text, start.min(self.text.len()), width, &mut rows);
            *wrapped = Wrapped {
                width,
                rows,
                changed: None,
            };
        }
        let i = row_of(&wrapped.rows, self.cursor);
        (wrapped.rows.clone(), i)
    }

    fn move_to(&mut self, at: usize) {
        self.cursor = at;
        self.goal = None;
    }

    /// The grapheme boundary before the cursor (the start of the text at the start).
    fn before(&self) -> usize {
        self.text[..self.cursor]
            .grapheme_indices(true)
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    /// The grapheme boundary after the cursor.
    fn after(&self) -> usize {
        self.text[self.cursor..]
            .graphemes(true)
            .next()
            .map_or(self.cursor, |g| self.cursor + g.len())
    }

    /// The first grapheme boundary at or after `at`.
    fn boundary_at_or_after(&self, at: usize) -> usize {
        // From the start of the grapheme `at` is in or ends: whether a boundary falls there
        // depends on the characters on either side of it, both before `at` (a long note typed
        // key by key is not read from its start for each key).
        let mut end = self.text[..at]
            .grapheme_indices(true)
            .next_back()
            .map_or(0, |(i, _)| i);
        for g in self.text[end..].graphemes(true) {
            if end >= at {
                break;
            }
            end += g.len();
        }
        end
    }

    /// Where the word before the cursor starts, spaces before the cursor skipped.
    fn word_back(&self) -> usize {
        let mut at = self.cursor;
        let mut seen_word = false;
        for (i, g) in self.text[..self.cursor].grapheme_indices(true).rev() {
            let space = is_space(g);
            if space && seen_word {
                break;
            }
            seen_word |= !space;
            at = i;
        }
        at
    }
}

fn is_space(g: &str) -> bool {
    g.chars().all(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "hợp" typed as h, o, combining horn, combining dot below, p.
    const HOP: &str = "ho\u{31B}\u{323}p";

    /// The rows kept from the last wrapping and wrapped again from an edit on are the rows of
    /// the whole text wrapped afresh, whatever the edits (typing, deleting words, line breaks,
    /// marks joining letters) and wherever the cursor.
    #[test]
    fn rows_wrapped_again_from_an_edit_are_the_rows_wrapped_afresh() {
        let pieces = [
            "Đắk ",
            "Lắk ",
            "a",
            "\n",
            "xã Hiếu ",
            "o\u{31B}",
            "\u{323}",
            "  ",
            "dài",
        ];
        let mut d = Draft::new("");
        let mut seed: u32 = 7;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 16) as usize % n
        };
        for step in 0..600 {
            let width = [12, 12, 12, 20][next(4)];
            match next(6) {
                0 => d.left(),
                1 => {
                    d.delete_back();
                }
                2 => {
                    d.delete_word_back();
                }
                3 => d.text_start(),
                _ => d.insert(pieces[next(pieces.len())]),
            }
            if next(3) == 0 {
                d.text_end();
            }
            let (kept, at) = d.rows(width);
            let afresh = crate::layout::editor::rows(d.as_str(), width);
            assert_eq!(kept, afresh, "step {step}: {:?}", d.as_str());
            assert_eq!(at, row_of(&afresh, d.cursor()));
        }
    }

    #[test]
    fn the_cursor_moves_over_a_letter_and_its_marks_at_once() {
        let mut d = Draft::default();
        for c in HOP.chars() {
            d.insert(&c.to_string());
        }
        d.left();
        d.left();
        d.insert("X");
        assert_eq!(d.as_str(), "hXo\u{31B}\u{323}p");
        d.right();
        assert!(d.delete_back(), "the letter with its marks");
        assert_eq!(d.as_str(), "hXp");
        d.left();
        assert!(d.delete_forward());
        assert_eq!(d.as_str(), "hp");
    }

    #[test]
    fn a_mark_typed_before_a_letter_keeps_the_cursor_on_a_boundary() {
        let mut d = Draft::new("ab");
        d.left();
        d.insert("\u{301}");
        assert_eq!(d.cursor(), "a\u{301}".len());
        d.right();
        assert_eq!(d.cursor(), d.as_str().len());
    }

    #[test]
    fn up_and_down_move_by_row_keeping_the_column() {
        // At 8 columns: "Đắk Lắk " / "và Đắk " / "Nông".
        let mut d = Draft::new("Đắk Lắk và Đắk Nông");
        d.vertical(-1, 8);
        assert_eq!(&d.as_str()[d.cursor()..], "ắk Nông");
        d.vertical(-1, 8);
        assert_eq!(&d.as_str()[d.cursor()..], "Lắk và Đắk Nông");
        d.row_end(8);
        assert_eq!(&d.as_str()[d.cursor()..], " và Đắk Nông");
        d.row_start(8);
        assert_eq!(d.cursor(), 0);
        d.vertical(5, 8);
        assert_eq!(&d.as_str()[d.cursor()..], "Nông");
    }

    #[test]
    fn words_are_deleted_and_skipped_whole() {
        let mut d = Draft::new("lao động  nước");
        assert!(d.delete_word_back());
        assert_eq!(d.as_str(), "lao động  ");
        assert!(d.delete_word_back());
        assert_eq!(d.as_str(), "lao ");
        d.text_start();
        d.word_right();
        assert_eq!(d.cursor(), 3);
    }
}
