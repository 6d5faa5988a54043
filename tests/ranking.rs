//! A search for the list ranks only the records the list shows (the other matches are only
//! counted): what the list shows, typed key by key, and after a facet value or a tab is chosen
//! without searching again, is exactly what ranking every match shows.

use std::collections::HashMap;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use findings::model::describe::Text;
use findings::model::facets::{Facet, ReviewFacets};
use findings::model::review::{Review, Status};
use findings::model::search::{self, Hit, Index};
use findings::model::selection::{self, Selection, Shown};
use findings::model::sort::{Sort, SortBy};
use findings::model::{Dataset, Kind};

/// The embedded records (English translations) and generated ones: enough that the search
/// runs on more than one core.
fn data() -> (Dataset, Index) {
    data_of(9000)
}

/// The embedded data and `records` generated ones, indexed.
fn data_of(records: usize) -> (Dataset, Index) {
    let generated = findings::model::source::SourceFile {
        name: "generated.json".into(),
        bytes: serde_json::to_vec(&findings::gen::dataset(records, 41, ""))
            .unwrap()
            .into(),
    };
    let mut files = findings::model::source::embedded();
    files.push(generated);
    let dataset = findings::model::dataset::load_sources(&files, Vec::new()).dataset;
    let index = Index::build(&dataset);
    (dataset, index)
}

/// The selections tried: a province chosen (most matches not shown), a tab, the English
/// titles, the reviews' status, the order reversed, nothing chosen.
fn selections(dataset: &Dataset) -> Vec<Selection> {
    let mut province = Selection::default();
    province.toggle(Facet::Province, "Đắk Lắk");
    let mut english = province.clone();
    english.text = Text::English;
    let tab = Selection {
        kind: Some(Kind::Visit),
        ..Selection::default()
    };
    let mut reviews = HashMap::new();
    for (i, r) in dataset.records().iter().enumerate().step_by(7) {
        let review = Review {
            status: Some([Status::Reviewed, Status::ToApply][i % 2]),
            set_by: Some("lan".into()),
            ..Review::default()
        };
        reviews.insert(r.id().to_owned(), review);
    }
    let mut reviewed = Selection {
        reviews: Some(Arc::new(ReviewFacets::build(dataset, &reviews))),
        ..Selection::default()
    };
    reviewed.toggle(Facet::Status, "to-apply");
    let mut reversed = province.clone();
    reversed.sort = Sort {
        by: SortBy::Relevance,
        descending: true,
    };
    let mut dated = tab.clone();
    dated.sort = Sort {
        by: SortBy::Date,
        descending: false,
    };
    vec![
        province,
        english,
        tab,
        reviewed,
        reversed,
        dated,
        Selection::default(),
    ]
}

/// What the list shows when every match is ranked: the search's own list, selected.
fn every_match_ranked(dataset: &Dataset, index: &Index, selection: &Selection) -> Shown {
    let never = AtomicBool::new(false);
    let hits = search::search(dataset, index, &selection.query, None, &never).unwrap();
    assert!(hits.iter().all(Hit::is_ranked));
    selection::select(dataset, index, selection, &hits)
}

fn records(hits: &[Hit]) -> Vec<usize> {
    let mut records: Vec<usize> = hits.iter().map(|h| h.record).collect();
    records.sort_unstable();
    records
}

/// Types each text key by key under each selection, typing on from the earlier keystrokes'
/// matches as the TUI does; after each text, every other selection is made from its matches
/// without searching again. Returns how many matches were left unranked.
fn type_and_compare(dataset: &Dataset, index: &Index, texts: &[&str]) -> usize {
    let never = AtomicBool::new(false);
    let chosen = selections(dataset);
    let mut unranked = 0;
    for text in texts {
        for (n, base) in chosen.iter().enumerate() {
            let mut recent = search::Recent::default();
            let mut last = None;
            let ends = text.char_indices().map(|(i, c)| i + c.len_utf8());
            for end in ends {
                let selection = Selection {
                    query: search::parse(&text[..end]),
                    ..base.clone()
                };
                let candidates = recent.candidates(&selection.query);
                let (hits, shown) =
                    selection::run(dataset, index, &selection, candidates.as_ref(), &never)
                        .unwrap();
                let expected = every_match_ranked(dataset, index, &selection);
                assert_eq!(shown, expected, "{:?}, selection {n}", &text[..end]);
                let afresh = search::search(dataset, index, &selection.query, None, &never);
                assert_eq!(
                    records(&hits),
                    records(&afresh.unwrap()),
                    "the same matches"
                );
                unranked += hits.iter().filter(|h| !h.is_ranked()).count();
                if !selection.query.is_empty() {
                    recent.push(selection.query.clone(), Arc::new(hits.clone()));
                }
                last = Some((selection.query, hits));
            }
            // Another facet value, tab, order or no choice at all, without searching again.
            let (query, hits) = last.unwrap();
            for (m, other) in chosen.iter().enumerate() {
                let other = Selection {
                    query: query.clone(),
                    ..other.clone()
                };
                let shown = selection::select(dataset, index, &other, &hits);
                let expected = every_match_ranked(dataset, index, &other);
                assert_eq!(shown, expected, "{text:?}, selection {n} then {m}");
            }
        }
    }
    unranked
}

#[test]
fn a_list_ranking_only_its_rows_shows_what_ranking_every_match_shows() {
    let (dataset, index) = data();
    let texts = [
        "chinh sach",
        "htx dau tam",
        "dak lak noi gi ve han quoc",
        "!che ca phe",
    ];
    // Every record read; then through the postings and the letters' columns, as after loading.
    let read = type_and_compare(&dataset, &index, &texts);
    index.build_postings();
    index.score_letters();
    index.word_counts();
    let gated = type_and_compare(&dataset, &index, &texts);
    assert!(read > 0 && gated > 0, "some matches were left unranked");
}

/// Types each text key by key under each selection as the TUI's search does: only the first
/// screen (`lead` rows) in order, then the rest put in order. The lead is what ranking every
/// match shows there, and with the rest, the whole list is. Returns how many lists led with
/// only some rows in order, how many of those a question's full match had to join, and how
/// many matches were left unscored for their bounds.
fn first_screens(
    dataset: &Dataset,
    index: &Index,
    texts: &[&str],
    lead: usize,
) -> (usize, usize, usize) {
    let never = AtomicBool::new(false);
    let (mut split, mut joined, mut bounded) = (0, 0, 0);
    // Every match listed with English titles too: its ties are broken by them.
    let mut tried = selections(dataset);
    tried.push(Selection {
        text: Text::English,
        ..Selection::default()
    });
    for text in texts {
        for (n, base) in tried.iter().enumerate() {
            let mut recent = search::Recent::default();
            let ends = text.char_indices().map(|(i, c)| i + c.len_utf8());
            for end in ends {
                let selection = Selection {
                    query: search::parse(&text[..end]),
                    ..base.clone()
                };
                let at = format!("{:?}, selection {n}, lead {lead}", &text[..end]);
                let candidates = recent.candidates(&selection.query);
                let (hits, first) = selection::first_screen(
                    dataset,
                    index,
                    &selection,
                    candidates.as_ref(),
                    &never,
                    lead,
                )
                .unwrap();
                let expected = every_match_ranked(dataset, index, &selection);
                assert_eq!(first.counts, expected.counts, "{at}");
                assert_eq!(first.tabs, expected.tabs, "{at}");
                let mut rows = first.rows.clone();
                rows.sort_unstable();
                let mut all = expected.rows.clone();
                all.sort_unstable();
                assert_eq!(rows, all, "the same rows, {at}");
                assert_eq!(
                    first.rows[..first.sorted],
                    expected.rows[..first.sorted],
                    "the lead in its final order, {at}"
                );
                bounded += hits.iter().filter(|h| h.is_bounded()).count();
                if !first.is_complete() {
                    split += 1;
                    assert!(search::has_rest(&hits));
                    // A question's best full match, moved up into sight from the rest.
                    let full = expected.rows[..first.sorted.min(3)].iter().any(|&r| {
                        let hit = hits.iter().find(|h| h.record == r).unwrap();
                        hit.missing == 0
                    });
                    let full_first = hits
                        .iter()
                        .take_while(|h| h.is_ranked())
                        .position(|h| h.missing == 0);
                    joined += usize::from(full && full_first == Some(2));
                }
                let (whole, completed) =
                    selection::complete(dataset, index, &selection, hits.clone(), &first, &never)
                        .unwrap();
                assert_eq!(completed, expected, "completed, {at}");
                assert!(whole.iter().all(Hit::is_ranked) || !search::has_rest(&whole));
                assert_eq!(records(&whole), records(&hits), "the same matches");
                // Chosen again without searching, before the rest was put in order.
                let again = selection::select(dataset, index, &selection, &hits);
                assert_eq!(again, expected, "selected again, {at}");
                if !selection.query.is_empty() {
                    recent.push(selection.query.clone(), Arc::new(hits));
                }
            }
        }
    }
    (split, joined, bounded)
}

#[test]
fn a_first_screen_and_its_completed_rest_show_what_ranking_every_match_shows() {
    // Fewer records than the other test's: every keystroke is checked three ways, three times.
    let (dataset, index) = data_of(3000);
    let texts = [
        "chinh sach",
        "dak lak noi gi ve han quoc",
        "!che ca phe",
        "Đắk Lắk",
    ];
    index.build_postings();
    index.score_letters();
    index.word_counts();
    let (mut split, mut joined, mut bounded) = (0, 0, 0);
    // The smallest lead (three rows: where a question's full match is kept), a lead that
    // ends among ties, one longer than many lists.
    for lead in [3, 40, 700] {
        let (s, j, b) = first_screens(&dataset, &index, &texts, lead);
        split += s;
        joined += j;
        bounded += b;
    }
    assert!(split > 0, "some lists led with only some rows in order");
    assert!(joined > 0, "a full match joined the lead");
    assert!(
        bounded > 0,
        "some matches were left unscored for their bounds"
    );
}

/// Records scored alike (the same words, the same day) are ordered by title, and in the
/// English list by English titles: a lead ending among such ties keeps only what is final.
#[test]
fn a_first_screen_ending_among_ties_keeps_only_rows_in_their_final_order() {
    let meeting = |i: usize, summary: &str| {
        serde_json::json!({
            "id": format!("m-{i}"),
            "title": "Cà phê",
            "en": { "title": format!("Coffee {}", (i * 7919) % 300) },
            "summary": summary,
            "date": "2024-03-14",
            "province": "Đắk Lắk",
        })
    };
    // Five score higher than the others, which all tie.
    let meetings: Vec<_> = (0..300)
        .map(|i| match i % 60 {
            0 => meeting(i, "Cà phê và cà phê."),
            _ => meeting(i, "Hồ tiêu."),
        })
        .collect();
    let json = serde_json::json!({ "schema_version": 1, "meetings": meetings });
    let file = findings::model::source::SourceFile {
        name: "ties.json".into(),
        bytes: serde_json::to_vec(&json).unwrap().into(),
    };
    let dataset = findings::model::dataset::load_sources(&[file], Vec::new()).dataset;
    let index = Index::build(&dataset);
    let never = AtomicBool::new(false);
    for text in [Text::Original, Text::English] {
        let selection = Selection {
            query: search::parse("ca phe"),
            text,
            ..Selection::default()
        };
        let (hits, first) =
            selection::first_screen(&dataset, &index, &selection, None, &never, 10).unwrap();
        let expected = every_match_ranked(&dataset, &index, &selection);
        assert!(search::has_rest(&hits), "{text:?}: a lead and a rest");
        assert!(first.sorted > 0 && !first.is_complete(), "{text:?}");
        assert_eq!(first.rows[..first.sorted], expected.rows[..first.sorted]);
        let (_, completed) =
            selection::complete(&dataset, &index, &selection, hits, &first, &never).unwrap();
        assert_eq!(completed, expected, "{text:?}");
    }
}
