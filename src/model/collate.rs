//! Vietnamese collation, for sorting titles and places as a Vietnamese reader expects.
//!
//! Three levels, compared one after the other:
//! 1. letters, in the alphabet's order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y
//!    (f j w z, in foreign words, after the letter they follow in Latin; digits before letters;
//!    spaces and punctuation before both);
//! 2. tones: none, huyền (`à`), hỏi (`ả`), ngã (`ã`), sắc (`á`), nặng (`ạ`);
//! 3. case: lower before upper.
//!
//! So `Đắk` sorts after every `D…`, `ăn` after `an…`, and `Hà` right after `Ha`.

use unicode_normalization::char::decompose_canonical;

/// The letters in order; each gets a weight by its place here.
const ALPHABET: [&str; 33] = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o",
    "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
];

/// The combining marks that make a letter of its own (ă â ê ô ơ ư), as opposed to tones.
const BREVE: char = '\u{306}';
const CIRCUMFLEX: char = '\u{302}';
const HORN: char = '\u{31B}';

/// Tones in dictionary order, after "no tone" (0).
const TONES: [char; 5] = ['\u{300}', '\u{309}', '\u{303}', '\u{301}', '\u{323}'];

/// The sort key of `s`: compare keys as byte strings.
pub fn key(s: &str) -> Vec<u8> {
    let mut primary = Vec::with_capacity(s.len() + 8);
    let mut secondary = Vec::with_capacity(s.len());
    let mut tertiary = Vec::with_capacity(s.len());
    for c in s.chars() {
        let w = weights(c);
        match w.primary {
            Primary::One(p) => primary.push(p),
            Primary::Other(code) => {
                primary.push(OTHER);
                primary.extend_from_slice(&code.to_be_bytes());
            }
        }
        secondary.push(w.tone);
        tertiary.push(w.case);
    }
    // One allocation of exactly the key's size: a million keys are kept at once to sort.
    let mut out = Vec::with_capacity(primary.len() + secondary.len() + tertiary.len() + 2);
    out.extend(primary);
    out.push(0);
    out.extend(secondary);
    out.push(0);
    out.extend(tertiary);
    out
}

/// The primary weight of letters outside the Vietnamese alphabet (other scripts), followed by
/// their code point.
const OTHER: u8 = 200;

#[derive(Clone, Copy)]
enum Primary {
    One(u8),
    Other(u32),
}

#[derive(Clone, Copy)]
struct Weights {
    primary: Primary,
    tone: u8,
    case: u8,
}

/// The weights of a character: from a table for Latin (where all of Vietnamese lives), worked
/// out for the rest.
fn weights(c: char) -> Weights {
    static TABLE: std::sync::OnceLock<Vec<Weights>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        (0..LATIN_END)
            .map(|u| compute(char::from_u32(u).unwrap_or(' ')))
            .collect()
    });
    table.get(c as usize).copied().unwrap_or_else(|| compute(c))
}

/// Characters below this (Latin, where all of Vietnamese lives, and the punctuation titles use,
/// such as `–`) are looked up in a table.
const LATIN_END: u32 = 0x3000;

fn compute(c: char) -> Weights {
    let (base, marks) = decompose(c);
    let upper = base.is_uppercase() || matches!(c, 'Đ' | 'Ð');
    let lower: char = base.to_lowercase().next().unwrap_or(base);
    let primary = match letter_of(lower, &marks, c) {
        Some(w) => Primary::One(40 + w),
        None if lower.is_ascii_digit() => Primary::One(10 + (lower as u8 - b'0')),
        None if lower.is_alphanumeric() => Primary::Other(lower as u32),
        // Spaces and punctuation: one low weight, so "Kon Tum" sorts by its words.
        None => Primary::One(2),
    };
    let tone = marks
        .iter()
        .find_map(|m| TONES.iter().position(|t| t == m))
        .map_or(0, |i| i as u8 + 1);
    Weights {
        primary,
        tone: 1 + tone,
        case: 1 + u8::from(upper),
    }
}

/// The base character of `c` and its combining marks.
fn decompose(c: char) -> (char, Vec<char>) {
    let mut base = None;
    let mut marks = Vec::new();
    decompose_canonical(c, |d| {
        if base.is_none() {
            base = Some(d);
        } else {
            marks.push(d);
        }
    });
    (base.unwrap_or(c), marks)
}

/// The alphabet weight of a lowercase base letter with its marks, if it is one of ours.
fn letter_of(lower: char, marks: &[char], original: char) -> Option<u8> {
    let name: String = match lower {
        // Ð and ð (eth) look like Đ and đ, and get typed for them.
        _ if matches!(original, 'đ' | 'Đ' | 'ð' | 'Ð') => "đ".into(),
        'a' if marks.contains(&BREVE) => "ă".into(),
        'a' | 'e' | 'o' if marks.contains(&CIRCUMFLEX) => format!("{lower}\u{302}"),
        'o' | 'u' if marks.contains(&HORN) => format!("{lower}\u{31B}"),
        c if c.is_ascii_lowercase() => c.to_string(),
        _ => return None,
    };
    let composed: String = unicode_normalization::UnicodeNormalization::nfc(name.chars()).collect();
    ALPHABET
        .iter()
        .position(|l| *l == composed)
        .map(|i| i as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Ð (eth, U+00D0), which looks like Đ and gets typed for it, sorts as Đ, not after
    /// every letter.
    #[test]
    fn eth_sorts_as_d_with_stroke() {
        assert_eq!(key("Ðắk Lắk"), key("Đắk Lắk"));
        assert_eq!(key("ðắk"), key("đắk"));
        assert!(key("Ðắk Lắk") < key("Gia Lai"));
    }

    fn sorted(words: &[&str]) -> Vec<String> {
        let mut v: Vec<&str> = words.to_vec();
        v.sort_by_key(|w| key(w));
        v.into_iter().map(str::to_owned).collect()
    }

    #[test]
    fn letters_in_the_alphabet_s_order() {
        let order = [
            "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "l", "m", "n", "o",
            "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "x", "y",
        ];
        let mut shuffled = order.to_vec();
        shuffled.reverse();
        assert_eq!(sorted(&shuffled), order);
    }

    #[test]
    fn dd_comes_after_every_d_word() {
        assert_eq!(
            sorted(&["Đắk Lắk", "Dâu", "Đông", "dân", "Zebra", "an"]),
            ["an", "dân", "Dâu", "Đắk Lắk", "Đông", "Zebra"]
        );
    }

    #[test]
    fn tones_are_a_second_level() {
        // The letters decide first; tones only break ties, in dictionary order.
        assert_eq!(
            sorted(&["ạ", "á", "ã", "ả", "à", "a"]),
            ["a", "à", "ả", "ã", "á", "ạ"]
        );
        assert_eq!(sorted(&["hạn", "hàn", "hai"]), ["hai", "hàn", "hạn"]);
        assert_eq!(sorted(&["ăn", "án", "an"]), ["an", "án", "ăn"]);
        assert_eq!(
            sorted(&["ơ", "ờ", "ô", "ộ", "o"]),
            ["o", "ô", "ộ", "ơ", "ờ"]
        );
        assert_eq!(sorted(&["ừ", "ư", "ủ", "u"]), ["u", "ủ", "ư", "ừ"]);
    }

    #[test]
    fn case_is_a_third_level_and_words_sort_by_words() {
        assert_eq!(sorted(&["Hà", "hà", "ha"]), ["ha", "hà", "Hà"]);
        assert_eq!(
            sorted(&["Kon Tum", "Kontum", "Kon Plông"]),
            ["Kon Plông", "Kon Tum", "Kontum"]
        );
        assert_eq!(sorted(&["b2", "b10", "a"]), ["a", "b10", "b2"]);
    }
}
