use super::*;
use crate::model::search::{self, Query};

fn stamped(name: &str) -> Vec<Stamp> {
    vec![Stamp {
        name: name.into(),
        path: PathBuf::from("/data").join(name),
        size: 36_000,
        modified: 1_733_000_000_123_456_789,
        hash: 0x1234_5678_9abc_def0,
    }]
}

/// The embedded data, loaded and indexed, with its word counts and letter scores made.
fn embedded() -> (Loaded, Index) {
    let loaded = DataSource::Embedded.load();
    let index = Index::build(&loaded.dataset);
    index.word_counts();
    index.score_letters();
    (loaded, index)
}

fn entry(loaded: &Loaded, index: &Index) -> Vec<u8> {
    encode(
        &stamped("a.json"),
        "build",
        &loaded.diagnostics,
        &loaded.dataset,
        index,
    )
}

/// What a few searches list, with their scores: equal for equal data and index.
fn answers(dataset: &Dataset, index: &Index) -> Vec<Vec<(usize, u32)>> {
    [
        "dak lak han quoc",
        "ca phe",
        "chinh sach ho ngheo",
        "o",
        "mo hinh che o dau",
    ]
    .iter()
    .map(|q| {
        let query: Query = search::parse(q);
        let never = std::sync::atomic::AtomicBool::new(false);
        search::search(dataset, index, &query, None, &never)
            .unwrap_or_default()
            .into_iter()
            .map(|h| (h.record, h.score.to_bits()))
            .collect()
    })
    .collect()
}

#[test]
fn an_entry_reads_back_as_the_data_and_index_it_was_made_of() {
    let (loaded, index) = embedded();
    let bytes = entry(&loaded, &index);
    let hit = decode(&bytes, &stamped("a.json"), "build", Need::Index).expect("a hit");
    assert_eq!(hit.loaded.dataset.records(), loaded.dataset.records());
    assert_eq!(hit.loaded.diagnostics, loaded.diagnostics);
    let cached = hit.index.expect("the index");
    assert_eq!(
        answers(&hit.loaded.dataset, &cached),
        answers(&loaded.dataset, &index)
    );
    assert!(cached.words_counted() && cached.letters().is_some());
    let only = decode(&bytes, &stamped("a.json"), "build", Need::Records).expect("a hit");
    assert!(only.index.is_none());
    assert_eq!(only.loaded.dataset.records(), loaded.dataset.records());
}
