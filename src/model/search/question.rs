//! Questions typed in one's own words: which words of a query are question and function words
//! ("gì", "ở đâu", "what", "about") rather than what is looked for, and which language the
//! query is in. The words are kept in `data/search/question_words.txt`.

use std::sync::LazyLock;

use crate::model::fold::{fold, has_diacritics};

const LIST: &str = include_str!("../../../data/search/question_words.txt");

/// The language a query is written in, as far as its words tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    Vietnamese,
    English,
}

/// One entry of the list: its words as written (lowercase, with diacritics) and folded.
#[derive(Debug)]
struct Entry {
    words: Vec<String>,
    folded: Vec<String>,
}

#[derive(Debug, Default)]
struct Lists {
    vi: Vec<Entry>,
    en: Vec<Entry>,
}

static LISTS: LazyLock<Lists> = LazyLock::new(|| parse(LIST));

fn parse(text: &str) -> Lists {
    let mut lists = Lists::default();
    let mut english = false;
    for line in text.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        match line {
            "" => continue,
            "[vi]" => english = false,
            "[en]" => english = true,
            _ => {
                let words: Vec<String> = line.split_whitespace().map(str::to_lowercase).collect();
                let folded = words.iter().map(|w| fold(w)).collect();
                let entry = Entry { words, folded };
                if english {
                    lists.en.push(entry);
                } else {
                    lists.vi.push(entry);
                }
            }
        }
    }
    // Longest phrases first, so "như thế nào" is found before "nào".
    lists.vi.sort_by_key(|e| std::cmp::Reverse(e.words.len()));
    lists.en.sort_by_key(|e| std::cmp::Reverse(e.words.len()));
    lists
}

/// A word as typed: lowercase, and whether it carries diacritics.
pub struct Typed<'a> {
    pub lower: &'a str,
    pub folded: &'a str,
}

/// True for a word no Vietnamese syllable can be: a letter Vietnamese does not use (f, j, w,
/// z), or an ending it does not have (`did`, `workers`). Such a word makes a query English.
/// Words without a vowel are abbreviations (`htx`), and `k` ends the minority place names
/// (Đắk Lắk): neither tells.
fn surely_english(folded: &str) -> bool {
    if !folded.contains(['a', 'e', 'i', 'o', 'u', 'y']) {
        return false;
    }
    if folded.contains(['f', 'j', 'w', 'z']) {
        return true;
    }
    let endings_vi = ["ch", "ng", "nh"];
    match folded.chars().last() {
        Some(c) if "bdqrsvx".contains(c) => true,
        Some('h') | Some('g') => !endings_vi.iter().any(|e| folded.ends_with(e)),
        _ => false,
    }
}

/// The language of a query's words: Vietnamese when one has diacritics or is a Vietnamese
/// question word; English when one cannot be Vietnamese; else unknown.
pub fn language(words: &[Typed]) -> Option<Language> {
    if words.iter().any(|w| surely_english(w.folded)) {
        return Some(Language::English);
    }
    let vi = words.iter().any(|w| {
        has_diacritics(w.lower)
            || LISTS
                .vi
                .iter()
                .any(|e| e.words.len() == 1 && e.folded[0] == w.folded && e.folded[0].len() > 1)
    });
    vi.then_some(Language::Vietnamese)
}

/// Which of `words` are question words in `language` (Vietnamese when unknown): the list's
/// words and phrases, matched with their accents when typed with some, folded when not.
pub fn marks(words: &[Typed], language: Option<Language>) -> Vec<bool> {
    let entries = match language {
        Some(Language::English) => &LISTS.en,
        _ => &LISTS.vi,
    };
    let mut marked = vec![false; words.len()];
    let mut i = 0;
    while i < words.len() {
        let hit = entries.iter().find(|e| {
            let n = e.words.len();
            i + n <= words.len()
                && (0..n).all(|k| {
                    let w = &words[i + k];
                    if has_diacritics(w.lower) {
                        e.words[k] == w.lower
                    } else {
                        e.folded[k] == w.folded
                    }
                })
        });
        match hit {
            Some(e) => {
                for m in &mut marked[i..i + e.words.len()] {
                    *m = true;
                }
                i += e.words.len();
            }
            None => i += 1,
        }
    }
    marked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(q: &str) -> Vec<(String, String)> {
        q.split_whitespace()
            .map(|w| (w.to_lowercase(), fold(w)))
            .collect()
    }

    fn words(owned: &[(String, String)]) -> Vec<Typed<'_>> {
        owned
            .iter()
            .map(|(l, f)| Typed {
                lower: l,
                folded: f,
            })
            .collect()
    }

    fn marked(q: &str) -> Vec<String> {
        let owned = typed(q);
        let words = words(&owned);
        let lang = language(&words);
        marks(&words, lang)
            .iter()
            .zip(&owned)
            .filter(|(m, _)| **m)
            .map(|(_, (l, _))| l.clone())
            .collect()
    }

    #[test]
    fn the_list_has_both_languages_and_its_phrases() {
        assert!(LISTS.vi.len() > 30 && LISTS.en.len() > 40);
        assert!(LISTS.vi.iter().any(|e| e.words == ["như", "thế", "nào"]));
        for required in ["gì", "đâu", "ai", "bao nhiêu", "làm sao", "về", "của"] {
            let words: Vec<&str> = required.split(' ').collect();
            assert!(LISTS.vi.iter().any(|e| e.words == words), "{required}");
        }
        for required in [
            "what", "which", "who", "where", "when", "how", "did", "about", "say",
        ] {
            assert!(LISTS.en.iter().any(|e| e.words == [required]), "{required}");
        }
    }

    #[test]
    fn question_words_are_found_in_both_languages() {
        assert_eq!(
            marked("what did dak lak say about korea"),
            ["what", "did", "say", "about"]
        );
        assert_eq!(marked("đắk lắk nói gì về hàn quốc"), ["nói", "gì", "về"]);
        assert_eq!(marked("mo hinh che sach o dau"), ["o", "dau"]);
        assert_eq!(
            marked("chinh sach ho tro ho can ngheo nhu the nao"),
            ["nhu", "the", "nao"]
        );
        assert_eq!(marked("who led the delegation"), ["who", "the"]);
    }

    #[test]
    fn accents_decide_when_typed() {
        // "dâu" (mulberry) is not "đâu" (where).
        assert!(marked("htx dâu tằm").is_empty());
        assert_eq!(marked("mô hình chè ở đâu"), ["ở", "đâu"]);
        // English words are only left out of English questions: "can" is "cận" (near-poor).
        assert!(marked("ho can ngheo").is_empty());
        assert!(marked("an sinh xa hoi").is_empty());
    }

    #[test]
    fn the_language_is_told_by_the_words() {
        let lang = |q: &str| language(&words(&typed(q)));
        assert_eq!(lang("what did dak lak say"), Some(Language::English));
        assert_eq!(lang("workers korea"), Some(Language::English));
        assert_eq!(lang("đắk lắk"), Some(Language::Vietnamese));
        assert_eq!(lang("mo hinh o dau"), Some(Language::Vietnamese));
        assert_eq!(lang("dak lak han quoc"), None);
        assert_eq!(lang("htx dau tam"), Some(Language::Vietnamese), "dau: đâu");
    }
}
