//! Text as spans: a field fitted to its cells with the search's matches marked. The measuring
//! (width, cutting, wrapping) is in `layout::text`.

pub use crate::layout::text::{width, wrap};

use unicode_width::UnicodeWidthStr;

/// `s` fitted to `width` columns (cut with `cut`, padded) as spans, the characters in `ranges`
/// (character indices into `s`) in `mark` style.
pub fn marked(
    s: &str,
    ranges: &[(usize, usize)],
    width: usize,
    base: ratatui::style::Style,
    mark: ratatui::style::Style,
    cut: char,
) -> Vec<ratatui::text::Span<'static>> {
    use ratatui::text::Span;
    let fitted = crate::layout::text::pad_with(s, width, cut);
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut current = String::new();
    let mut current_marked = false;
    let was_cut = s.width() > width;
    let kept = fitted.chars().count() - usize::from(was_cut);
    for (i, c) in fitted.chars().enumerate() {
        let is_marked = i < kept && ranges.iter().any(|&(a, b)| i >= a && i < b);
        if is_marked != current_marked && !current.is_empty() {
            let style = if current_marked { mark } else { base };
            spans.push(Span::styled(std::mem::take(&mut current), style));
        }
        current_marked = is_marked;
        current.push(c);
    }
    if !current.is_empty() {
        spans.push(Span::styled(
            current,
            if current_marked { mark } else { base },
        ));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_splits_spans_at_the_ranges() {
        use ratatui::style::{Modifier, Style};
        let base = Style::new();
        let mark = Style::new().add_modifier(Modifier::BOLD);
        let spans = marked("Đắk Lắk", &[(0, 3)], 9, base, mark, '…');
        let parts: Vec<(&str, bool)> = spans
            .iter()
            .map(|s| (s.content.as_ref(), s.style == mark))
            .collect();
        assert_eq!(parts, [("Đắk", true), (" Lắk  ", false)]);
        // Cut: the ellipsis is never marked.
        let spans = marked("abcdef", &[(0, 6)], 4, base, mark, '…');
        let parts: Vec<(&str, bool)> = spans
            .iter()
            .map(|s| (s.content.as_ref(), s.style == mark))
            .collect();
        assert_eq!(parts, [("abc", true), ("…", false)]);
    }
}
