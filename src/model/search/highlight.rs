//! Which characters of a displayed text a query matched, mapped back through folding so the
//! original letters light up (`Đắk` whole when `dak` matched).

use fuzzy_matcher::skim::SkimMatcherV2;
use fuzzy_matcher::FuzzyMatcher;

use super::query::{Mode, Query};
use super::score::FUZZY_MIN_CHARS;
use crate::model::fold::fold_with_map;

/// Sorted, disjoint character ranges `[start, end)` of `text` to highlight. Exact occurrences of
/// each term; with `fuzzy`, a term with none is shown by its scattered letters (for titles and
/// list rows, where fuzzy matches are counted).
pub fn ranges(text: &str, query: &Query, fuzzy: bool) -> Vec<(usize, usize)> {
    let terms: Vec<_> = query.content_terms().collect();
    if terms.is_empty() || text.is_empty() {
        return Vec::new();
    }
    let (folded, map) = fold_with_map(text);
    let folded_chars: Vec<char> = folded.chars().collect();
    let original_len = text.chars().count();
    let ends = original_ends(&map, original_len);
    let mut marks = vec![false; original_len];
    let mut mark = |k: usize| {
        if let (Some(&start), Some(&end)) = (map.get(k), ends.get(k)) {
            for m in &mut marks[start..end.max(start + 1).min(original_len)] {
                *m = true;
            }
        }
    };
    // A question or function word lights up where it stands next to the word typed beside
    // it ("duoc" of Tiên Dược in "tien duoc"), as the pair counted in the score; never alone
    // ("ở" of every sentence).
    for pair in query.terms.windows(2) {
        if pair.iter().any(|t| t.negated) || pair.iter().all(|t| !t.question) {
            continue;
        }
        let together = format!("{} {}", pair[0].folded, pair[1].folded);
        exact(&folded_chars, &together)
            .into_iter()
            .for_each(&mut mark);
    }
    for term in terms {
        let found = at_word_starts(&folded_chars, &term.folded);
        found.iter().copied().for_each(&mut mark);
        let chars = term.folded.chars().count();
        if found.is_empty() && fuzzy && term.mode == Mode::Fuzzy && chars >= FUZZY_MIN_CHARS {
            word_starts(&folded, &folded_chars, &term.folded)
                .into_iter()
                .for_each(&mut mark);
        }
    }
    runs(&marks)
}

/// For each folded character, where the original characters it stands for end: at the next
/// folded character's origin (so dropped combining marks light up with their letter).
fn original_ends(map: &[usize], original_len: usize) -> Vec<usize> {
    let mut ends = vec![original_len; map.len()];
    for k in (0..map.len().saturating_sub(1)).rev() {
        ends[k] = if map[k + 1] > map[k] {
            map[k + 1]
        } else {
            ends[k + 1]
        };
    }
    ends
}

/// The folded positions of `term` where it starts a word ("hieu" in "Hiếu", not in "thiểu");
/// where it starts none, its occurrences inside words, if it is long enough to mean something
/// there (three letters or more: "o" lights up no "o" of "Đoàn").
fn at_word_starts(folded: &[char], term: &str) -> Vec<usize> {
    let needle = term.chars().count();
    let found = exact(folded, term);
    let starts_word = |k: usize| k == 0 || !folded[k - 1].is_alphanumeric();
    // `exact` lists every covered position in order: an occurrence starts where a run of
    // `needle` positions begins.
    let occurrences: Vec<usize> = found.chunks(needle.max(1)).map(|c| c[0]).collect();
    let at_starts: Vec<usize> = occurrences
        .iter()
        .copied()
        .filter(|&k| starts_word(k))
        .collect();
    let chosen = match (at_starts.is_empty(), needle >= 3) {
        (false, _) => at_starts,
        (true, true) => occurrences,
        (true, false) => Vec::new(),
    };
    chosen.into_iter().flat_map(|k| k..k + needle).collect()
}

/// The folded positions covered by every exact occurrence of `term`.
fn exact(folded: &[char], term: &str) -> Vec<usize> {
    let needle: Vec<char> = term.chars().collect();
    let mut out = Vec::new();
    if needle.is_empty() || needle.len() > folded.len() {
        return out;
    }
    for start in 0..=folded.len() - needle.len() {
        if folded[start..start + needle.len()] == needle[..] {
            out.extend(start..start + needle.len());
        }
    }
    out
}

/// SkimMatcherV2's letters for `term`, when each starts a word or follows a matched letter:
/// the search only counts such matches ("htx" in "Hợp tác xã"), never stray letters.
fn word_starts(folded: &str, folded_chars: &[char], term: &str) -> Vec<usize> {
    let Some((_, indices)) = SkimMatcherV2::default().fuzzy_indices(folded, term) else {
        return Vec::new();
    };
    let starts_words = indices.iter().enumerate().all(|(n, &i)| {
        i == 0
            || (n > 0 && indices[n - 1] == i - 1)
            || !folded_chars.get(i - 1).is_some_and(|c| c.is_alphanumeric())
    });
    if starts_words {
        indices
    } else {
        Vec::new()
    }
}

/// Runs of marked characters as `[start, end)` ranges.
fn runs(marks: &[bool]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < marks.len() {
        if marks[i] {
            let start = i;
            while i < marks.len() && marks[i] {
                i += 1;
            }
            out.push((start, i));
        } else {
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::search::parse;

    #[test]
    fn highlights_land_on_the_original_letters() {
        let q = parse("dak han");
        assert_eq!(ranges("Đắk Lắk và Hàn Quốc", &q, false), [(0, 3), (11, 14)]);
        assert_eq!(ranges("nothing here", &q, false), []);
    }

    #[test]
    fn a_word_lights_up_where_it_starts_a_word() {
        // "hieu" starts a word in "Hiếu", not in "thiểu".
        let q = parse("hieu");
        assert_eq!(ranges("thiểu số, xã Hiếu", &q, false), [(13, 17)]);
        // Found inside words only: shown there when it is three letters or more.
        assert_eq!(ranges("thiểu số", &q, false), [(1, 5)]);
        let q = parse("an");
        assert_eq!(ranges("sản xuất", &q, false), []);
        assert_eq!(ranges("sản xuất an toàn", &q, false), [(9, 11)]);
    }

    #[test]
    fn a_function_word_lights_up_beside_its_neighbour_only() {
        // "duoc" folds to the function word được: part of the name here, not in "được hỗ trợ".
        let q = parse("tien duoc");
        let text = "xã Tiên Dược; được hỗ trợ";
        assert_eq!(ranges(text, &q, false), [(3, 12)]);
        let q = parse("mo o trong gi");
        assert_eq!(ranges("Mò Ó ở đó", &q, false), [(0, 4)]);
    }

    #[test]
    fn fuzzy_highlights_scattered_letters_only_when_asked() {
        let q = parse("htx");
        assert_eq!(ranges("Hợp tác xã", &q, false), []);
        assert_eq!(ranges("Hợp tác xã", &q, true), [(0, 1), (4, 5), (8, 9)]);
    }

    #[test]
    fn stray_letters_are_not_highlighted() {
        let q = parse("han");
        assert_eq!(ranges("Thương binh và Xã hội", &q, true), []);
    }

    #[test]
    fn decomposed_text_maps_back_whole() {
        // "Đắk" with combining marks: 5 original characters fold to 3.
        let q = parse("dak");
        assert_eq!(ranges("\u{110}a\u{306}\u{301}k", &q, false), [(0, 5)]);
    }
}
