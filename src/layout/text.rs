//! Fitting text into cells: display width (CJK and emoji take two), cutting with `…`, wrapping.
//! Plain strings, so the state (scroll bounds) and the view measure text the same way.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn width(s: &str) -> usize {
    s.width()
}

/// Cuts `s` to at most `max` columns, ending in `…` when cut; never splits a character.
pub fn fit(s: &str, max: usize) -> String {
    fit_with(s, max, '…')
}

/// [`fit`] with the cut mark `cut` (one column wide).
pub fn fit_with(s: &str, max: usize, cut: char) -> String {
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
    out.push(cut);
    out
}

/// `s` cut or padded with spaces to exactly `width` columns.
pub fn pad(s: &str, width: usize) -> String {
    pad_with(s, width, '…')
}

/// [`pad`] with the cut mark `cut`.
pub fn pad_with(s: &str, width: usize, cut: char) -> String {
    let mut out = fit_with(s, width, cut);
    let w = out.width();
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(w)));
    out
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
