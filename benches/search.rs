//! Search benchmarks on generated datasets: load + index, a query typed keystroke by
//! keystroke (as the TUI runs it, each extension re-checking the previous matches, with the
//! rows and every facet's counts), a facet value toggled over every record, the reviews read
//! again, and one search from scratch. 10k and 100k records; 1M too with FINDINGS_BENCH_1M=1,
//! which also types `chinh sach` (a word in three records of four) with the word postings
//! built and a province chosen, as `examples/keystrokes.rs --query "chinh sach"` does.
//!
//!     cargo bench --bench search
//!     FINDINGS_BENCH_1M=1 cargo bench --bench search -- 1000000
//!
//! Per-keystroke medians and p95 come from `cargo run --release --example keystrokes`.

use std::borrow::Cow;
use std::hint::black_box;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use findings::model::dataset::load_sources;
use findings::model::facets::{Facet, ReviewFacets};
use findings::model::search::{self, Hit, Index};
use findings::model::selection::{self, Selection};
use findings::model::source::SourceFile;

/// The dataset as files of at most 50k records, as `gen_dataset --out` writes them.
fn files(records: usize) -> Vec<Vec<u8>> {
    findings::gen::parts(records, 1)
}

fn sizes() -> Vec<usize> {
    let mut sizes = vec![10_000, 100_000];
    if std::env::var_os("FINDINGS_BENCH_1M").is_some() {
        sizes.push(1_000_000);
    }
    sizes
}

fn sources(files: &[Vec<u8>]) -> Vec<SourceFile> {
    files
        .iter()
        .enumerate()
        .map(|(i, bytes)| SourceFile {
            name: format!("part-{i}.json"),
            bytes: Cow::Owned(bytes.clone()),
        })
        .collect()
}

const TYPED: &str = "dak lak han quoc";
/// A question, typed the same way: question words left out, most-words matches below.
const QUESTION: &str = "dak lak noi gi ve han quoc";

/// Typed at a million records: nearly every record holds `chinh`, so each keystroke scores,
/// ranks and counts hundreds of thousands of matches.
const COMMON: &str = "chinh sach";

/// `typed` typed one key at a time, as the TUI runs it; divide by its length for a keystroke.
fn type_it(
    c: &mut Criterion,
    name: &str,
    typed: &str,
    records: usize,
    dataset: &findings::model::Dataset,
    index: &Index,
) {
    type_chosen(
        c,
        name,
        typed,
        records,
        (dataset, index),
        &Selection::default(),
    );
}

/// [`type_it`] with facet values chosen (`chosen`'s query is replaced by each keystroke's).
fn type_chosen(
    c: &mut Criterion,
    name: &str,
    typed: &str,
    records: usize,
    (dataset, index): (&findings::model::Dataset, &Index),
    chosen: &Selection,
) {
    let never = AtomicBool::new(false);
    let mut group = c.benchmark_group(name);
    // A million records: over a second a sample.
    group.sample_size(if records >= 1_000_000 { 10 } else { 20 });
    group.bench_function(BenchmarkId::from_parameter(records), |b| {
        b.iter(|| {
            let mut recent = search::Recent::default();
            for end in 1..=typed.len() {
                let query = search::parse(&typed[..end]);
                let candidates = recent.candidates(&query);
                let selection = Selection {
                    query: query.clone(),
                    ..chosen.clone()
                };
                let (hits, shown) =
                    selection::run(dataset, index, &selection, candidates.as_ref(), &never)
                        .unwrap_or_default();
                black_box(shown);
                recent.push(query, std::sync::Arc::new(hits));
            }
            black_box(recent)
        })
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    for records in sizes() {
        let data = files(records);
        let mut group = c.benchmark_group("load_index");
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(10));
        group.bench_with_input(BenchmarkId::from_parameter(records), &data, |b, data| {
            b.iter_batched(
                || sources(data),
                |files| {
                    let loaded = load_sources(&files, Vec::new());
                    drop(files);
                    black_box(Index::build(&loaded.dataset))
                },
                criterion::BatchSize::LargeInput,
            )
        });
        group.finish();

        let dataset = load_sources(&sources(&data), Vec::new()).dataset;
        let index = Index::build(&dataset);
        let never = AtomicBool::new(false);
        // The tables the TUI works out in the background after loading: each record's score
        // for every single letter, and how many records hold each word.
        let mut group = c.benchmark_group("letter_scores");
        group.sample_size(10);
        group.bench_function(BenchmarkId::from_parameter(records), |b| {
            b.iter(|| black_box(findings::model::search::letters::Columns::build(&index)))
        });
        group.finish();
        black_box(index.score_letters());
        black_box(index.word_counts());
        for (name, typed) in [("typed_query", TYPED), ("typed_question", QUESTION)] {
            type_it(c, name, typed, records, &dataset, &index);
        }

        // Space in the facet pane, no query: every record selected and counted again.
        let all: Vec<Hit> = (0..dataset.len())
            .map(|record| Hit::new(record, 0.0))
            .collect();
        let mut chosen = Selection::default();
        chosen.toggle(Facet::Province, "Đắk Lắk");
        let mut group = c.benchmark_group("facet_toggle");
        group.sample_size(20);
        group.bench_function(BenchmarkId::from_parameter(records), |b| {
            b.iter(|| black_box(selection::select(&dataset, &index, &chosen, &all)))
        });
        group.finish();

        // A review session: every tenth record marked. Reading the reviews (their facets,
        // made in the background) and filtering the list by status.
        let mut reviews = std::collections::HashMap::new();
        for (i, r) in dataset.records().iter().enumerate().step_by(10) {
            let review = findings::model::review::Review {
                status: Some(findings::model::review::Status::ToApply),
                set_by: Some(["lan", "minh"][i % 2].into()),
                starred: i % 7 == 0,
                ..Default::default()
            };
            reviews.insert(r.id().to_owned(), review);
        }
        let mut group = c.benchmark_group("review_facets_build");
        group.sample_size(20);
        group.bench_function(BenchmarkId::from_parameter(records), |b| {
            b.iter(|| black_box(ReviewFacets::build(&dataset, &reviews)))
        });
        group.finish();
        // The reviews read again (after each mark, in the TUI): their facets, through the
        // index's table of ids (built on the first reading, here before), then the list and
        // every count of every record.
        black_box(index.ids(&dataset));
        let mut group = c.benchmark_group("reviews_read");
        group.sample_size(20);
        group.bench_function(BenchmarkId::from_parameter(records), |b| {
            b.iter(|| {
                let facets = ReviewFacets::build_indexed(&dataset, &index, &reviews);
                let selection = Selection {
                    reviews: Some(std::sync::Arc::new(facets)),
                    ..Selection::default()
                };
                black_box(selection::select(&dataset, &index, &selection, &all))
            })
        });
        group.finish();
        let mut by_status = Selection {
            reviews: Some(std::sync::Arc::new(ReviewFacets::build(&dataset, &reviews))),
            ..Selection::default()
        };
        by_status.toggle(Facet::Status, "to-apply");
        let mut group = c.benchmark_group("filter_by_review_status");
        group.sample_size(20);
        group.bench_function(BenchmarkId::from_parameter(records), |b| {
            b.iter(|| black_box(selection::select(&dataset, &index, &by_status, &all)))
        });
        group.finish();

        let mut group = c.benchmark_group("search_end_to_end");
        group.sample_size(20);
        group.bench_function(BenchmarkId::from_parameter(records), |b| {
            b.iter(|| {
                let query = search::parse(black_box(TYPED));
                black_box(search::search(&dataset, &index, &query, None, &never))
            })
        });
        group.finish();

        // A million records: a common word typed key by key with every count, once the
        // word postings are built (as the TUI has them a few seconds after loading).
        if records >= 1_000_000 {
            black_box(index.build_postings());
            type_chosen(
                c,
                "typed_common_word_with_counts",
                COMMON,
                records,
                (&dataset, &index),
                &chosen,
            );
        }
    }
}

criterion_group!(search_benches, benches);
criterion_main!(search_benches);
