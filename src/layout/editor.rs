//! The note editor on the screen: its box for a terminal size, and its text wrapped into the
//! rows it is drawn in (by display width, never inside a letter and its marks), so the editor's
//! Up, Down, Home and End (in `app`) move over the rows the view (in `ui`) draws.

use ratatui::layout::Rect;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// The editor's box on a screen this size: centred, at most 76 columns and 14 rows.
pub fn editor_box(screen: Rect) -> Rect {
    let w = screen.width.saturating_sub(4).min(76);
    let h = screen.height.saturating_sub(4).min(14);
    Rect::new(
        screen.x + (screen.width - w) / 2,
        screen.y + (screen.height - h) / 2,
        w,
        h,
    )
}

/// Inside the box's border: where the text (and below it what the editor says) goes.
pub fn editor_inner(screen: Rect) -> Rect {
    let b = editor_box(screen);
    Rect::new(
        b.x + 1,
        b.y + 1,
        b.width.saturating_sub(2),
        b.height.saturating_sub(2),
    )
}

/// The text's wrapping width and rows on a screen `size` big (before the lines the editor
/// takes below it to say something).
pub fn text_size(size: (u16, u16)) -> (usize, usize) {
    let inner = editor_inner(Rect::new(0, 0, size.0, size.1));
    (wrap_width(inner.width), inner.height.max(1) as usize)
}

/// How many columns of the inner width the text wraps at: one is kept for the cursor after
/// the last letter of a full row.
pub fn wrap_width(inner_width: u16) -> usize {
    (inner_width as usize).saturating_sub(1).max(1)
}

/// One row of the text as drawn: the bytes `start..end`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Row {
    pub start: usize,
    pub end: usize,
    /// The row ends its line (at a line break or the end of the text), rather than being
    /// wrapped: the position at `end` belongs to it, not to the next row.
    pub last: bool,
}

impl Row {
    /// Whether the cursor at byte `at` is drawn in this row.
    pub fn holds(&self, at: usize) -> bool {
        self.start <= at && (at < self.end || (self.last && at == self.end))
    }
}

/// `text` (lines separated by `\n`) wrapped at `width` columns: words go whole to the next row
/// when they fit there, a space at the end of a row hangs past it, and a word longer than a row
/// is broken between graphemes. Every line has at least one row.
pub fn rows(text: &str, width: usize) -> Vec<Row> {
    let mut rows = Vec::new();
    rows_from(text, 0, width, &mut rows);
    rows
}

/// The rows of `text` from byte `start` on, added to `rows`: `start` must be where a row
/// starts (the start of the text, or of a row [`rows`] made), from which wrapping goes on as it
/// would have from the text's start. Typing at the end of a long note re-wraps only its end.
pub fn rows_from(text: &str, start: usize, width: usize, rows: &mut Vec<Row>) {
    let width = width.max(1);
    let mut from = start;
    for line in text[start..].split('\n') {
        wrap_line(line, from, width, rows);
        from += line.len() + 1;
    }
}

fn wrap_line(line: &str, from: usize, width: usize, rows: &mut Vec<Row>) {
    let mut start = from;
    let mut used = 0;
    // Where the row may end: after the last space in it.
    let mut after_space: Option<usize> = None;
    for (i, g) in line.grapheme_indices(true) {
        let at = from + i;
        let w = g.width();
        if used + w > width && at > start {
            if g == " " {
                // A space past the end hangs: the row ends after it.
                rows.push(Row {
                    start,
                    end: at + 1,
                    last: false,
                });
                (start, used, after_space) = (at + 1, 0, None);
                continue;
            }
            let cut = after_space.filter(|&b| b > start && b < at).unwrap_or(at);
            rows.push(Row {
                start,
                end: cut,
                last: false,
            });
            start = cut;
            used = line[cut - from..i].width();
            after_space = None;
            if used + w > width && at > start {
                rows.push(Row {
                    start,
                    end: at,
                    last: false,
                });
                (start, used) = (at, 0);
            }
        }
        used += w;
        if g == " " {
            after_space = Some(at + 1);
        }
    }
    rows.push(Row {
        start,
        end: from + line.len(),
        last: true,
    });
}

/// The row of `rows` the cursor at byte `at` is in.
pub fn row_of(rows: &[Row], at: usize) -> usize {
    rows.iter()
        .position(|r| r.holds(at))
        .unwrap_or(rows.len().saturating_sub(1))
}

/// The byte in `row` of `text` closest to column `column` without passing it: a grapheme
/// boundary, and, in a wrapped row, before its last grapheme (its end is the next row's).
pub fn at_column(text: &str, row: Row, column: usize) -> usize {
    let mut best = row.start;
    let mut used = 0;
    for (i, g) in text[row.start..row.end].grapheme_indices(true) {
        let at = row.start + i;
        if used > column {
            break;
        }
        best = at;
        used += g.width();
        let end = at + g.len();
        if used <= column && (row.last || end < row.end) {
            best = end;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drawn(text: &str, width: usize) -> Vec<&str> {
        rows(text, width)
            .iter()
            .map(|r| &text[r.start..r.end])
            .collect()
    }

    #[test]
    fn lines_wrap_between_words_and_inside_long_ones() {
        assert_eq!(
            drawn("Đắk Lắk và Đắk Nông", 8),
            ["Đắk Lắk ", "và Đắk ", "Nông"]
        );
        assert_eq!(drawn("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(drawn("北京市朝阳区", 5), ["北京", "市朝", "阳区"]);
        assert_eq!(drawn("một\n\nhai", 8), ["một", "", "hai"]);
        assert_eq!(drawn("", 8), [""]);
        assert_eq!(drawn("abcd    ", 4), ["abcd ", "   "]);
    }

    #[test]
    fn a_letter_and_its_marks_stay_in_one_row() {
        // "ợ" typed as o + horn + dot below: one grapheme, one column.
        let text = "ho\u{31B}\u{323}p ho\u{31B}\u{323}p";
        assert_eq!(drawn(text, 3), ["ho\u{31B}\u{323}p ", "ho\u{31B}\u{323}p"]);
        let rows = rows(text, 3);
        assert_eq!(at_column(text, rows[1], 2), text.len() - 1);
        assert_eq!(at_column(text, rows[0], 9), "ho\u{31B}\u{323}p".len());
    }
}
