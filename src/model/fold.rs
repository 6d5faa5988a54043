//! Folding for search: `Đắk Lắk` → `dak lak`, with a map back to the original characters.
//!
//! NFD, combining marks dropped, `đ/Đ` → `d`, lowercase. Text and query are folded the same way,
//! so typing with or without diacritics finds the same records; the map lets highlights land on
//! the original letters (`Đắk` highlighted whole when `dak` matches).

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Folds `s`; newlines and tabs become spaces so a folded field is one line.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out, |_| {});
    out
}

/// Folds `s` and returns, for each character of the result, the index of the original
/// character it came from (character indices, not bytes).
pub fn fold_with_map(s: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(s.len());
    let mut map = Vec::with_capacity(s.len());
    fold_into(s, &mut out, |original| map.push(original));
    (out, map)
}

/// Appends the folding of `s` to `out`, calling `each` with the original character index of
/// every character pushed.
pub fn fold_into(s: &str, out: &mut String, mut each: impl FnMut(usize)) {
    for (i, c) in s.chars().enumerate() {
        // Plain ASCII, the bulk of folded Vietnamese, takes the short way.
        if c.is_ascii() {
            let c = match c {
                '\n' | '\r' | '\t' => ' ',
                c => c.to_ascii_lowercase(),
            };
            out.push(c);
            each(i);
            continue;
        }
        if let Some(simple) = latin_fold(c) {
            out.push(simple);
            each(i);
            continue;
        }
        decompose_canonical(c, |d| {
            if is_combining_mark(d) {
                return;
            }
            for l in d.to_lowercase() {
                if !is_combining_mark(l) {
                    out.push(l);
                    each(i);
                }
            }
        });
    }
}

/// Latin letters with diacritics (U+00C0–U+1EFF, where all of Vietnamese lives) fold to one
/// ASCII letter; a table built once makes that a lookup instead of a decomposition.
fn latin_fold(c: char) -> Option<char> {
    use std::sync::OnceLock;
    const FIRST: u32 = 0xC0;
    const LAST: u32 = 0x1EFF;
    static TABLE: OnceLock<Vec<u8>> = OnceLock::new();
    let code = c as u32;
    if !(FIRST..=LAST).contains(&code) {
        return None;
    }
    let table = TABLE.get_or_init(|| {
        (FIRST..=LAST)
            .map(|cp| {
                let Some(ch) = char::from_u32(cp) else {
                    return 0;
                };
                if matches!(ch, 'đ' | 'Đ' | 'ð' | 'Ð') {
                    return b'd';
                }
                let mut base = String::new();
                decompose_canonical(ch, |d| {
                    if !is_combining_mark(d) {
                        base.extend(d.to_lowercase());
                    }
                });
                match base.as_bytes() {
                    [b] if b.is_ascii_alphabetic() => *b,
                    _ => 0,
                }
            })
            .collect()
    });
    match table[(code - FIRST) as usize] {
        0 => None,
        b => Some(b as char),
    }
}

/// True when `s` has a letter with a diacritic (so the user typed accents on purpose).
pub fn has_diacritics(s: &str) -> bool {
    s.chars()
        .any(|c| !c.is_ascii() && fold(&c.to_string()) != c.to_lowercase().to_string())
}

/// Whether the character at a folded position is part of a word (for whole-word matching).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_folds_to_ascii() {
        assert_eq!(fold("Đắk Lắk"), "dak lak");
        assert_eq!(fold("Hàn Quốc"), "han quoc");
        assert_eq!(fold("Chư Sê"), "chu se");
        assert_eq!(fold("Thừa Thiên Huế"), "thua thien hue");
        assert_eq!(fold("HỢP TÁC XÃ"), "hop tac xa");
        // Decomposed input folds the same.
        assert_eq!(fold("D\u{0323}a\u{0306}\u{0301}k"), "dak");
        assert_eq!(fold("dòng 1\ndòng\t2"), "dong 1 dong 2");
    }

    #[test]
    fn the_map_points_back_to_original_characters() {
        let (folded, map) = fold_with_map("Đắk Lắk");
        assert_eq!(folded, "dak lak");
        assert_eq!(map, [0, 1, 2, 3, 4, 5, 6]);
        let (folded, map) = fold_with_map("a\u{0301}b");
        assert_eq!(folded, "ab");
        assert_eq!(map, [0, 2]);
        // One character may fold to several ("ﬁ" stays; 'İ' lowercases to i + dot, dot dropped).
        let (folded, map) = fold_with_map("İx");
        assert_eq!(folded, "ix");
        assert_eq!(map, [0, 1]);
    }

    #[test]
    fn diacritics_are_detected() {
        assert!(has_diacritics("đắk"));
        assert!(has_diacritics("Hàn"));
        assert!(!has_diacritics("dak lak"));
        assert!(!has_diacritics("北京"));
    }
}
