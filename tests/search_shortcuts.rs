//! Every shortcut the search takes gives exactly what the plain search gives: typing on from
//! the last query's matches, a letter's scores read from its column, the word postings, and
//! the tie-break made before the sort orders.

mod common;

use std::sync::atomic::AtomicBool;

use common::indexed::{embedded, generated, scored, type_and_compare};
use findings::model::search::{self, Index};

/// Typing on from a query re-checks only its matches and takes over the scores of the terms
/// the two share: every keystroke must give exactly what a search from scratch gives, the
/// same records with bit-for-bit the same scores, in the same order.
#[test]
fn a_query_typed_on_ranks_exactly_as_one_searched_afresh() {
    let (dataset, index) = generated(3000, 7);
    let typed = [
        "dak lak han quoc",
        "chinh sach ho ngheo",
        "htx dau tam",
        "Đắk Lắk !che kinh",
        "kind:visit che sach",
        "^tinh dak lak",
        "'ho tro' ngheo",
    ];
    let narrowed = type_and_compare(&dataset, &index, &typed);
    assert!(narrowed > 40, "only {narrowed} keystrokes narrowed");
    // The default data has English translations, where the query's language weighs: typing
    // on into a question word (the language turns Vietnamese, or English) must not reuse a
    // score the language changed.
    let (dataset, index) = embedded();
    let questions = [
        "htx dau tam o dau",
        "mo hinh che o dau nhu the nao",
        "what did dak lak say about korea",
        "dak lak noi gi ve han quoc",
        "chinh sach ho tro ho can ngheo nhu the nao",
    ];
    let narrowed = type_and_compare(&dataset, &index, &questions);
    assert!(narrowed > 40, "only {narrowed} keystrokes narrowed");
}

/// A query of one letter or digit reads its scores from a column worked out after loading:
/// they must be exactly what scoring each record gives.
#[test]
fn one_letter_scores_from_the_index_are_exactly_the_records_scores() {
    use findings::model::search::{letters, score};
    let (generated, generated_index) = generated(2000, 3);
    let (dataset, index) = embedded();
    let matcher = fuzzy_matcher::skim::SkimMatcherV2::default();
    for (dataset, index) in [(&dataset, &index), (&generated, &generated_index)] {
        // Before the columns are worked out the records are read; after, the columns.
        let before: Vec<Vec<(usize, u32)>> = ["a", "d", "7"]
            .iter()
            .map(|q| scored(dataset, index, q))
            .collect();
        assert!(index.letters().is_none());
        index.score_letters();
        for (q, before) in ["a", "d", "7"].iter().zip(before) {
            assert_eq!(scored(dataset, index, q), before, "{q:?} before and after");
        }
        let mut matched = 0;
        let symbols = ('a'..='z').chain('0'..='9').map(String::from);
        for symbol in symbols.chain(["'d".to_owned()]) {
            let query = search::parse(&symbol);
            assert!(letters::single(&query).is_some(), "{symbol:?}");
            let prepared = score::Prepared::new(&query);
            let expected: Vec<(usize, u32)> = (0..dataset.len())
                .filter_map(|r| {
                    let entry = index.entry(r)?;
                    let s = score::score(&prepared, r, &entry, dataset.get(r)?.into(), &matcher)?;
                    Some((r, s.to_bits()))
                })
                .collect();
            let found = scored(dataset, index, &symbol);
            matched += usize::from(!expected.is_empty());
            assert_eq!(found, expected, "{symbol:?}");
        }
        assert!(matched >= 20, "only {matched} symbols match anything");
    }
    for other in ["đ", "!d", "^d", "dd", "kind:visit d"] {
        assert!(
            letters::single(&search::parse(other)).is_none(),
            "{other:?}"
        );
    }
}

/// The search reads only the records the word postings say may match (issue 24): what it
/// finds, in what order and with what scores, is bit for bit what reading every record finds,
/// for a letter, two letters, initials run together, words typed with and without
/// diacritics, questions, operators and filters, searched afresh and typed key by key.
#[test]
fn a_search_through_the_postings_finds_exactly_what_reading_every_record_finds() {
    // Generated records, and the embedded ones (English translations, trips' leaders).
    let generated = findings::model::source::SourceFile {
        name: "generated.json".into(),
        bytes: serde_json::to_vec(&findings::gen::dataset(4000, 23, ""))
            .unwrap()
            .into(),
    };
    let mut files = findings::model::source::embedded();
    files.push(generated);
    let dataset = findings::model::dataset::load_sources(&files, Vec::new()).dataset;
    let every = Index::build(&dataset);
    let gated = Index::build(&dataset);
    gated.build_postings();
    assert!(every.postings().is_none());
    let texts = [
        "c",
        "a",
        "7",
        "đ",
        "ch",
        "ng",
        "la",
        "ho",
        "htx",
        "hts",
        "cbc",
        "daklak",
        "kontum",
        "kt",
        "chinh sach",
        "chính sách",
        "Đắk Lắk",
        "chè",
        "hợp tác xã",
        "dak lak han quoc",
        "che kon plong",
        "htx dau tam",
        "chinh sach ho ngheo",
        "mo hinh che o dau nhu the nao",
        "dak lak noi gi ve han quoc",
        "what did dak lak say about korea",
        "htx dau tam o dau",
        "ai dan dau doan",
        "kind:visit che sach",
        "province:dak che",
        "che !sach",
        "tag:htx ca phe",
        "^tinh dak",
        "lak$",
        "'ho tro' ngheo",
        "zzqx",
        "qzv xyz",
        "ca-phe",
    ];
    let never = AtomicBool::new(false);
    let key = |hits: &[search::Hit]| -> Vec<(usize, u32, u8)> {
        hits.iter()
            .map(|h| (h.record, h.score.to_bits(), h.missing))
            .collect()
    };
    let mut compared = 0;
    for text in texts {
        let (mut typed_every, mut typed_gated) =
            (search::Recent::default(), search::Recent::default());
        let ends = text.char_indices().map(|(i, c)| i + c.len_utf8());
        for end in ends {
            let query = search::parse(&text[..end]);
            let afresh = search::search(&dataset, &every, &query, None, &never).unwrap();
            let through = search::search(&dataset, &gated, &query, None, &never).unwrap();
            assert_eq!(key(&through), key(&afresh), "{:?} afresh", &text[..end]);
            let on_every = typed_every.candidates(&query);
            let on_gated = typed_gated.candidates(&query);
            let every_hits =
                search::search(&dataset, &every, &query, on_every.as_ref(), &never).unwrap();
            let gated_hits =
                search::search(&dataset, &gated, &query, on_gated.as_ref(), &never).unwrap();
            assert_eq!(
                key(&gated_hits),
                key(&every_hits),
                "{:?} typed on",
                &text[..end]
            );
            compared += 1;
            if !query.is_empty() {
                typed_every.push(query.clone(), std::sync::Arc::new(every_hits));
                typed_gated.push(query, std::sync::Arc::new(gated_hits));
            }
        }
    }
    assert!(compared > 300, "only {compared} keystrokes compared");
}

/// The tie-break made alone at loading (what typing needs) is the one the sort orders, made
/// later, hold: for generated data of many dates, provinces and titles, in both texts.
#[test]
fn the_tie_break_made_at_loading_is_the_orders_own() {
    use findings::model::describe::Text;
    use findings::model::sort::{self, Orders};
    let (dataset, index) = generated(3000, 7);
    let records = dataset.records();
    let orders = Orders::build(records);
    for text in [Text::Original, Text::English] {
        assert_eq!(sort::newest_first(records, text), orders.newest_first(text));
    }
    assert_eq!(index.orders(&dataset).columns(), orders.columns());
}

/// In English, a run of equal scores lists its newest first, then by English title: before the
/// sort orders are made only the run's titles are collated, after they are the orders' ranks
/// are read, and the rows are the same either way.
#[test]
fn english_ties_are_the_same_before_and_after_the_orders() {
    use findings::model::describe::Text;
    use findings::model::selection::{self, Selection};
    let never = AtomicBool::new(false);
    let (generated_data, generated_index) = generated(3000, 11);
    let (embedded_data, embedded_index) = embedded();
    for (dataset, index, queries) in [
        (
            &embedded_data,
            &embedded_index,
            &["dak lak", "mo hinh", "korea", "a"][..],
        ),
        (
            &generated_data,
            &generated_index,
            &["chinh sach", "ho", "dak lak han quoc"][..],
        ),
    ] {
        let fresh = Index::build(dataset);
        assert!(!fresh.orders_made());
        for q in queries {
            let selection = Selection {
                query: search::parse(q),
                text: Text::English,
                ..Selection::default()
            };
            let before = selection::run(dataset, &fresh, &selection, None, &never)
                .map(|(_, shown)| shown.rows);
            assert!(!fresh.orders_made(), "{q}: the orders were made");
            index.orders(dataset);
            let after = selection::run(dataset, index, &selection, None, &never)
                .map(|(_, shown)| shown.rows);
            assert!(before.as_ref().is_some_and(|rows| rows.len() > 1), "{q}");
            assert_eq!(before, after, "{q}");
        }
    }
}
