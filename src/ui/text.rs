//! Fitting text into cells: display width (CJK and emoji take two), cutting with `…`, wrapping.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn width(s: &str) -> usize {
    s.width()
}

/// Cuts `s` to at most `max` columns, ending in `…` when cut; never splits a character.
pub fn fit(s: &str, max: usize) -> String {
    if s.width() <= max {
        return s.to_owned();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > max - 1 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `s` cut or padded with spaces to exactly `width` columns.
pub fn pad(s: &str, width: usize) -> String {
    let mut out = fit(s, width);
    let w = out.width();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
}

/// `s` fitted to `width` columns (cut with `…`, padded) as spans, the characters in `ranges`
/// (character indices into `s`) in `mark` style.
pub fn marked(
    s: &str,
    ranges: &[(usize, usize)],
    width: usize,
    base: ratatui::style::Style,
    mark: ratatui::style::Style,
) -> Vec<ratatui::text::Span<'static>> {
    use ratatui::text::Span;
    let fitted = pad(s, width);
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut current = String::new();
    let mut current_marked = false;
    let cut = s.width() > width;
    let kept = fitted.chars().count() - usize::from(cut);
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

/// Word-wraps one paragraph to lines of at most `max` columns. Words longer than a line are
/// broken between characters. Always returns at least one line.
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in s.split(' ').filter(|w| !w.is_empty()) {
        let w = word.width();
        let gap = usize::from(used > 0);
        if used + gap + w <= max {
            if gap == 1 {
                line.push(' ');
            }
            line.push_str(word);
            used += gap + w;
            continue;
        }
        if used > 0 {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if w <= max {
            line.push_str(word);
            used = w;
            continue;
        }
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if used + cw > max && used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += cw;
        }
    }
    if used > 0 || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_by_display_width() {
        assert_eq!(fit("Đắk Lắk", 10), "Đắk Lắk");
        assert_eq!(fit("Đắk Lắk", 5), "Đắk …");
        assert_eq!(fit("北京市朝阳区", 5), "北京…");
        assert_eq!(fit("北京市朝阳区", 6), "北京…");
        assert_eq!(width(&fit("🎉🎉🎉", 4)), 3);
        assert_eq!(fit("abc", 0), "");
        assert_eq!(fit("abc", 1), "…");
    }

    #[test]
    fn pad_fills_to_width() {
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(width(&pad("北京市", 5)), 5);
    }

    #[test]
    fn marked_splits_spans_at_the_ranges() {
        use ratatui::style::{Modifier, Style};
        let base = Style::new();
        let mark = Style::new().add_modifier(Modifier::BOLD);
        let spans = marked("Đắk Lắk", &[(0, 3)], 9, base, mark);
        let parts: Vec<(&str, bool)> = spans
            .iter()
            .map(|s| (s.content.as_ref(), s.style == mark))
            .collect();
        assert_eq!(parts, [("Đắk", true), (" Lắk  ", false)]);
        // Cut: the ellipsis is never marked.
        let spans = marked("abcdef", &[(0, 6)], 4, base, mark);
        let parts: Vec<(&str, bool)> = spans
            .iter()
            .map(|s| (s.content.as_ref(), s.style == mark))
            .collect();
        assert_eq!(parts, [("abc", true), ("…", false)]);
    }

    #[test]
    fn wrap_breaks_at_spaces_and_long_words() {
        assert_eq!(
            wrap("Đắk Lắk và Đắk Nông", 8),
            ["Đắk Lắk", "và Đắk", "Nông"]
        );
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("北京市朝阳区", 5), ["北京", "市朝", "阳区"]);
        assert_eq!(wrap("", 5), [""]);
        for line in wrap("một hai ba bốn năm sáu bảy tám chín mười", 7) {
            assert!(width(&line) <= 7, "{line}");
        }
    }
}
