//! Data loaded and indexed for the search tests.

use std::sync::atomic::AtomicBool;

use findings::model::search::{self, Index};
use findings::model::{DataSource, Dataset};

/// The embedded data, indexed.
pub fn embedded() -> (Dataset, Index) {
    let dataset = DataSource::Embedded.load().dataset;
    let index = Index::build(&dataset);
    (dataset, index)
}

/// The records a query finds with their scores' bits, in record order.
pub fn scored(dataset: &Dataset, index: &Index, q: &str) -> Vec<(usize, u32)> {
    let never = AtomicBool::new(false);
    let query = search::parse(q);
    let mut found: Vec<(usize, u32)> = search::search(dataset, index, &query, None, &never)
        .unwrap()
        .iter()
        .map(|h| (h.record, h.score.to_bits()))
        .collect();
    found.sort_unstable();
    found
}

/// `records` generated records (`seed`), loaded and indexed.
pub fn generated(records: usize, seed: u64) -> (Dataset, Index) {
    let files = findings::gen::source_files(records, seed);
    let dataset = findings::model::dataset::load_sources(&files, Vec::new()).dataset;
    let index = Index::build(&dataset);
    (dataset, index)
}

/// Types each text key by key, comparing every keystroke typed on with a search afresh; the
/// number of keystrokes that narrowed an earlier result.
pub fn type_and_compare(dataset: &Dataset, index: &Index, texts: &[&str]) -> usize {
    let never = AtomicBool::new(false);
    let mut narrowed = 0;
    for text in texts {
        let mut recent = search::Recent::default();
        let ends = text.char_indices().map(|(i, c)| i + c.len_utf8());
        for end in ends {
            let query = search::parse(&text[..end]);
            let candidates = recent.candidates(&query);
            narrowed += usize::from(candidates.is_some());
            let typed_on =
                search::search(dataset, index, &query, candidates.as_ref(), &never).unwrap();
            let afresh = search::search(dataset, index, &query, None, &never).unwrap();
            let key = |hits: &[search::Hit]| -> Vec<(usize, u32)> {
                hits.iter().map(|h| (h.record, h.score.to_bits())).collect()
            };
            assert_eq!(key(&typed_on), key(&afresh), "{:?}", &text[..end]);
            if !query.is_empty() {
                recent.push(query, std::sync::Arc::new(typed_on));
            }
        }
        // A word taken back and typed again: a middle edit narrows nothing it should not.
        let query = search::parse(&text.replacen(' ', "x ", 1));
        let candidates = recent.candidates(&query);
        let typed_on = search::search(dataset, index, &query, candidates.as_ref(), &never).unwrap();
        let afresh = search::search(dataset, index, &query, None, &never).unwrap();
        assert_eq!(typed_on, afresh, "{text:?} edited");
    }
    narrowed
}
