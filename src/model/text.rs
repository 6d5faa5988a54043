//! Text hygiene for everything read from a dataset: NFC, and no byte that a terminal would obey.
//!
//! As docs/safety.md ("Data from files") promises: control characters (C0, C1, DEL) become a
//! visible marker, bidi controls and other invisible format characters are removed, tabs expand to
//! spaces, and newlines survive only in long-text fields. Doing this once at load time means no
//! renderer can forget it.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Tabs expand to the next multiple of this column.
const TAB_WIDTH: usize = 4;

/// Shown where a C1 control character stood (C0 controls and DEL get their Control Pictures).
pub const CONTROL_MARKER: char = '\u{FFFD}';

/// Whether newlines are kept (long text such as `details`) or folded to spaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lines {
    Keep,
    Join,
}

/// NFC-normalizes and sanitizes one piece of text from a file.
pub fn clean(raw: &str, lines: Lines) -> String {
    clean_cow(raw, lines).into_owned()
}

/// [`clean`], borrowing `raw` when it is clean already (most text): loading a file then makes
/// each string once, where it is kept, and no copy on the way.
pub fn clean_cow(raw: &str, lines: Lines) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    // Fast path: plain printable ASCII needs neither normalization nor sanitizing.
    if raw.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return Cow::Borrowed(raw);
    }
    // Most text is composed Vietnamese: Latin below U+0300 or the precomposed letters of
    // U+1E00–U+1EFF, all NFC already, with the dashes, quotes and ellipsis of U+2010–U+2027
    // and U+2030–U+205E (no canonical decompositions, no line separators, no invisible or
    // direction marks among them). One cheap pass tells; only other text pays for more.
    let plain = raw.chars().all(|c| {
        let cp = c as u32;
        (cp < 0x300 && !needs_care(c))
            || (0x1E00..0x1F00).contains(&cp)
            || (0x2010..=0x2027).contains(&cp)
            || (0x2030..=0x205E).contains(&cp)
    });
    if plain {
        return Cow::Borrowed(raw);
    }
    let nfc = matches!(is_nfc_quick(raw.chars()), IsNormalized::Yes);
    if nfc && !raw.chars().any(needs_care) {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut column = 0usize;
    let chars: Box<dyn Iterator<Item = char>> = if nfc {
        Box::new(raw.chars())
    } else {
        Box::new(raw.nfc())
    };
    let mut chars = chars.peekable();
    while let Some(c) = chars.next() {
        match c {
            '\t' => {
                let pad = TAB_WIDTH - column % TAB_WIDTH;
                out.extend(std::iter::repeat_n(' ', pad));
                column += pad;
            }
            '\r' | '\n' | '\u{2028}' | '\u{2029}' | '\u{85}' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                match lines {
                    Lines::Keep => {
                        out.push('\n');
                        column = 0;
                    }
                    Lines::Join => {
                        out.push(' ');
                        column += 1;
                    }
                }
            }
            c if is_removed(c) => {}
            c => {
                out.push(visible(c));
                column += 1;
            }
        }
    }
    Cow::Owned(out)
}

/// Sanitizes a short string that a message quotes (a field name, a bad id): one line, no controls.
pub fn inline(raw: &str) -> String {
    clean(raw, Lines::Join)
}

/// Typed text (a query) as words are found in it: a control character or line break between
/// words is a space, an invisible format character (which data loses on load) is dropped — so
/// nothing typed can reach the terminal when the words are shown back, and `han`, ESC, `quoc`
/// is two words.
pub fn spaced(raw: &str) -> String {
    raw.chars()
        .filter(|&c| !is_removed(c))
        .map(|c| if needs_care(c) { ' ' } else { c })
        .collect()
}

/// A character `clean` changes: controls, tabs, line breaks, invisible format characters.
fn needs_care(c: char) -> bool {
    (c as u32) < 0x20
        || (0x7f..=0xa0).contains(&(c as u32))
        || c == '\u{2028}'
        || c == '\u{2029}'
        || is_removed(c)
}

/// The printable stand-in for a control character, or the character itself.
fn visible(c: char) -> char {
    match c as u32 {
        // C0 controls map onto the Control Pictures block: ESC shows as ␛, BEL as ␇.
        cp @ 0x00..=0x1f => char::from_u32(0x2400 + cp).unwrap_or(CONTROL_MARKER),
        0x7f => '\u{2421}',
        0x80..=0x9f => CONTROL_MARKER,
        _ => c,
    }
}

/// Bidi controls and other invisible format characters (Unicode category Cf), which can reorder
/// or hide text on screen. They carry no meaning a reader of findings needs.
fn is_removed(c: char) -> bool {
    let cp = c as u32;
    // Early outs for the ranges text lives in (Latin, Vietnamese, CJK): this runs per character.
    if cp < 0xAD || (0xAE..0x600).contains(&cp) || (0x1800..0x180E).contains(&cp) {
        return false;
    }
    if (0x1E00..0x200B).contains(&cp) || (0x2070..0xFEFF).contains(&cp) {
        return false;
    }
    matches!(cp,
        0x00AD
        | 0x0600..=0x0605
        | 0x061C
        | 0x06DD
        | 0x070F
        | 0x0890..=0x0891
        | 0x08E2
        | 0x180E
        | 0x200B..=0x200F
        | 0x202A..=0x202E
        | 0x2060..=0x2064
        | 0x2066..=0x206F
        | 0xFEFF
        | 0xFFF9..=0xFFFB
        | 0x110BD
        | 0x110CD
        | 0x13430..=0x1343F
        | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A
        | 0xE0001
        | 0xE0020..=0xE007F)
}

/// True when the text holds nothing a terminal could take as a control sequence, nor any
/// invisible format character. Every string in a loaded dataset satisfies this.
pub fn is_clean(s: &str, lines: Lines) -> bool {
    s.chars().all(|c| {
        let control = (c as u32) < 0x20 || (0x7f..=0x9f).contains(&(c as u32));
        let allowed_newline = c == '\n' && lines == Lines::Keep;
        (!control || allowed_newline) && !is_removed(c) && c != '\u{2028}' && c != '\u{2029}'
    })
}

/// The candidate nearest to `word` by edit distance, when it is near enough to be a typo (for
/// "did you mean" hints).
pub fn closest<'c, S: AsRef<str> + ?Sized + 'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c S>,
) -> Option<&'c str> {
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(word, c.as_ref()), c.as_ref()))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min()
        .map(|(_, c)| c)
}

/// The id a mistyped `id` most likely meant: the closest by edits ([`closest`]), else the one
/// candidate holding all of its parts (between `-`, `_`, `.`) in order, as a shortened id
/// (`ninh-thuan-2024` for `ninh-thuan-tay-nguyen-2024`); none when several do.
pub fn closest_id<'c, S: AsRef<str> + ?Sized + 'c>(
    id: &str,
    candidates: impl IntoIterator<Item = &'c S>,
) -> Option<&'c str> {
    let candidates: Vec<&str> = candidates.into_iter().map(AsRef::as_ref).collect();
    if let Some(c) = closest(id, candidates.iter().copied()) {
        return Some(c);
    }
    let parts = |s: &'c str| s.split(['-', '_', '.']).filter(|p| !p.is_empty());
    let wanted: Vec<&str> = id
        .split(['-', '_', '.'])
        .filter(|p| !p.is_empty())
        .collect();
    if wanted.len() < 2 {
        return None;
    }
    let mut holding = candidates.iter().copied().filter(|c| {
        let mut have = parts(c);
        wanted
            .iter()
            .all(|w| have.any(|h| h.eq_ignore_ascii_case(w)))
    });
    match (holding.next(), holding.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The punctuation the fast path lets through is what the full path would give back
    /// unchanged, and the marks beside it are still taken care of.
    #[test]
    fn punctuation_taken_as_it_is_is_what_the_full_path_keeps() {
        for cp in (0x2010..=0x2027).chain(0x2030..=0x205E) {
            let c = char::from_u32(cp).unwrap();
            let text = format!("Lao động {c} Thương binh");
            assert!(!needs_care(c), "U+{cp:04X}");
            assert!(
                matches!(is_nfc_quick(text.chars()), IsNormalized::Yes),
                "U+{cp:04X}"
            );
            assert_eq!(clean(&text, Lines::Keep), text, "U+{cp:04X}");
        }
        for cp in [0x200B, 0x200E, 0x2028, 0x202E, 0x2066] {
            let c = char::from_u32(cp).unwrap();
            let text = format!("a{c}b");
            assert_ne!(
                clean(&text, Lines::Join),
                text,
                "U+{cp:04X} is taken care of"
            );
        }
    }

    #[test]
    fn a_shortened_id_finds_the_one_it_shortens() {
        let ids = [
            "ninh-thuan-tay-nguyen-2024",
            "kon-tum-2023",
            "kon-tum-ninh-thuan",
        ];
        assert_eq!(
            closest_id("ninh-thuan-2024", ids),
            Some("ninh-thuan-tay-nguyen-2024")
        );
        // Two that hold its parts: no guess.
        assert_eq!(closest_id("ninh-thuan", ids), None);
        assert_eq!(closest_id("kon-tum-2024", ids), Some("kon-tum-2023"));
    }

    #[test]
    fn plain_text_is_unchanged() {
        assert_eq!(clean("Kon Tum", Lines::Join), "Kon Tum");
        assert_eq!(clean("Đắk Lắk", Lines::Join), "Đắk Lắk");
    }

    #[test]
    fn decomposed_vietnamese_becomes_nfc() {
        // "Đắk" typed as D-stroke + a + combining breve + combining acute + k.
        let nfd = "\u{110}a\u{306}\u{301}k";
        let out = clean(nfd, Lines::Join);
        assert_eq!(out, "Đắk");
        assert_eq!(out.chars().count(), 3);
    }

    #[test]
    fn c0_controls_become_control_pictures() {
        let out = clean("a\u{1b}[31mred\u{7}b\u{0}", Lines::Join);
        assert_eq!(out, "a\u{241b}[31mred\u{2407}b\u{2400}");
        assert!(!out.contains('\u{1b}'));
    }

    #[test]
    fn c1_controls_and_del_become_markers() {
        // U+009B is the 8-bit CSI, U+009D the 8-bit OSC.
        let out = clean("x\u{9b}31m\u{9d}52;c;Zm9v\u{9c}y\u{7f}", Lines::Join);
        assert_eq!(out, "x\u{fffd}31m\u{fffd}52;c;Zm9v\u{fffd}y\u{2421}");
    }

    #[test]
    fn bidi_overrides_and_isolates_are_removed() {
        let out = clean(
            "abc\u{202e}fed\u{202c} \u{2066}x\u{2069} \u{200f}",
            Lines::Join,
        );
        assert_eq!(out, "abcfed x ");
    }

    #[test]
    fn zero_width_and_format_characters_are_removed() {
        let out = clean(
            "a\u{200b}b\u{200d}c\u{feff}d\u{ad}e\u{2060}f\u{e0041}",
            Lines::Join,
        );
        assert_eq!(out, "abcdef");
    }

    #[test]
    fn tabs_expand_to_the_next_stop() {
        assert_eq!(clean("a\tb", Lines::Join), "a   b");
        assert_eq!(clean("abcd\te", Lines::Join), "abcd    e");
        assert_eq!(clean("x\n\ty", Lines::Keep), "x\n    y");
    }

    #[test]
    fn newlines_kept_only_in_long_text() {
        assert_eq!(clean("a\r\nb\rc\nd", Lines::Keep), "a\nb\nc\nd");
        assert_eq!(clean("a\r\nb\nc", Lines::Join), "a b c");
        assert_eq!(clean("a\u{2028}b", Lines::Keep), "a\nb");
    }

    #[test]
    fn cleaned_text_is_clean() {
        let hostile = "\u{1b}]0;pwned\u{7}\u{9b}2J\u{202e}\u{200b}\t\r\n\u{85}x";
        for lines in [Lines::Keep, Lines::Join] {
            let out = clean(hostile, lines);
            assert!(is_clean(&out, lines), "{out:?}");
        }
        assert!(!is_clean(hostile, Lines::Keep));
    }
}
