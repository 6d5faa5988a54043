//! The note's text being typed and its cursor: a `String` the cursor moves over by grapheme (a
//! letter typed as a base letter and combining marks is one, so no key lands inside it), and by
//! the rows the text is wrapped in (Up, Down, Home, End).

use unicode_segmentation::UnicodeSegmentation;

use crate::layout::editor::{at_column, row_of, rows, Row};

#[derive(Clone, Debug, Default)]
pub struct Draft {
    text: String,
    /// A byte offset in `text`, always on a grapheme boundary.
    cursor: usize,
    /// The column Up and Down keep to across shorter rows, until the cursor moves otherwise.
    goal: Option<usize>,
}

impl Draft {
    /// `text`, the cursor at its end.
    pub fn new(text: &str) -> Draft {
        Draft {
            text: text.to_owned(),
            cursor: text.len(),
            goal: None,
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
        self.text.replace_range(from..to, "");
        self.cursor = from;
        true
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
        let rows = rows(&self.text, width);
        let i = row_of(&rows, self.cursor);
        (rows, i)
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
        let mut end = 0;
        for g in self.text.graphemes(true) {
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
