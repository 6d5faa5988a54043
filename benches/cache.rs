//! Loading generated data through the index cache: cold (no entry: read, check, index, as
//! every run did before the cache) against warm (the entry read back), at 10k and 100k
//! records; 1M too with FINDINGS_BENCH_1M=1 (a 0.9 GB file, minutes). `cargo bench --bench
//! cache`; whole-process figures are in docs/performance.md.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use findings::commands::search::find;
use findings::model::cache::{self, Need, Policy};
use findings::model::search;
use findings::model::selection::Selection;
use findings::model::DataSource;

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut sizes = vec![10_000, 100_000];
    if std::env::var_os("FINDINGS_BENCH_1M").is_some() {
        sizes.push(1_000_000);
    }
    for records in sizes {
        let data = dir.path().join(format!("{records}.json"));
        let value = findings::gen::dataset(records, 1, "");
        std::fs::write(&data, serde_json::to_vec(&value).expect("json")).expect("written");
        let source = DataSource::Paths(vec![data]);
        let policy = Policy {
            dir: Some(dir.path().join(format!("cache-{records}"))),
            limit: cache::DEFAULT_LIMIT,
        };
        let mut group = c.benchmark_group("cache_load");
        group.sample_size(10);
        group.bench_function(BenchmarkId::new("cold", records), |b| {
            b.iter(|| black_box(cache::load(&source, &Policy::off(), Need::Index)))
        });
        let mut first = cache::load(&source, &policy, Need::Index);
        if let Some(index) = &first.index {
            index.word_counts();
        }
        first.keep();
        group.bench_function(BenchmarkId::new("warm", records), |b| {
            b.iter(|| {
                let warm = cache::load(&source, &policy, Need::Index);
                assert!(warm.hit, "the entry was not read back");
                black_box(warm)
            })
        });
        // What a warm `findings search` does in its process: the entry read back, then the
        // search and the 40 rows it prints, each record made when printed.
        let selection = Selection {
            query: search::parse("dak lak han quoc"),
            ..Selection::default()
        };
        group.bench_function(BenchmarkId::new("warm_search", records), |b| {
            b.iter(|| {
                let warm = cache::load(&source, &policy, Need::Index);
                let index = warm.index.as_ref().expect("an index");
                black_box(find(&warm.loaded.dataset, index, &selection, 40).len())
            })
        });
        group.finish();
    }
}

criterion_group!(cache_benches, benches);
criterion_main!(cache_benches);
