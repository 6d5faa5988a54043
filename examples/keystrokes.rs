//! Per-keystroke search latency as the TUI sees it, with a baseline measured in the same run:
//!
//!     cargo run --release --example keystrokes -- --records 100000
//!
//! Types several queries one key at a time (each extension re-checks only the previous
//! matches, as the TUI does), repeats that, and reports the median, p95 and max over every
//! keystroke: the search with what the list shows of it (rows, tab counts and every facet's
//! counts, as the TUI's background job computes them) — the first screen, what the user waits
//! for, and every row in order, which the job sends after it — and the search alone. Then toggles a
//! facet value on and off over every record, as Space in the facet pane does. The baseline is
//! the cheapest possible filter: a plain substring scan of the folded text for the whole query,
//! with no ranking.

use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use clap::Parser;
use findings::model::dataset::load_sources;
use findings::model::facets::{Facet, ReviewFacets};
use findings::model::review::{Review, Status};
use findings::model::search::{self, Hit, Index};
use findings::model::selection::{self, Selection};
use findings::model::source::SourceFile;

#[derive(Parser)]
struct Args {
    #[arg(long, default_value_t = 100_000)]
    records: usize,
    /// How many times each query is typed.
    #[arg(long, default_value_t = 10)]
    rounds: usize,
    /// Print every keystroke's time and number of matches (to stderr).
    #[arg(long)]
    each: bool,
    /// Type these queries instead of the usual ones.
    #[arg(long = "query")]
    queries: Vec<String>,
    /// Type with no facet value chosen (every match is a row) instead of a province chosen.
    #[arg(long)]
    unfiltered: bool,
}

const QUERIES: &[&str] = &[
    "dak lak han quoc",
    "che kon plong",
    "htx dau tam",
    "chinh sach ho ngheo",
];

/// Questions, typed the same way and reported apart.
const QUESTIONS: &[&str] = &[
    "mo hinh che o dau nhu the nao",
    "dak lak noi gi ve han quoc",
    "what did dak lak say about korea",
];

fn main() {
    let args = Args::parse();
    let files: Vec<SourceFile> = findings::gen::source_files(args.records, 1);
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    let start = Instant::now();
    let loaded = load_sources(&files, Vec::new());
    drop(files);
    let index = Index::build(&loaded.dataset);
    let load = start.elapsed();
    // What the TUI works out in the background after loading, before the user types.
    let start = Instant::now();
    index.score_letters();
    let letters = start.elapsed();
    let start = Instant::now();
    index.word_counts();
    let words = start.elapsed();
    let start = Instant::now();
    let postings = index.build_postings().bytes();
    let built = start.elapsed();
    let dataset = loaded.dataset;
    let start = Instant::now();
    dataset.link_lists();
    let links = start.elapsed();
    let start = Instant::now();
    index.orders(&dataset);
    let orders = start.elapsed();
    let never = AtomicBool::new(false);
    // As the TUI does before its first search.
    findings::model::memory::keep_search_blocks();

    let mut ours = Vec::new();
    let mut first_screens = Vec::new();
    let mut questions = Vec::new();
    let mut search_only = Vec::new();
    let mut baseline = Vec::new();
    // A province is chosen, as in a review session: counting has real work to do.
    let mut chosen = Selection::default();
    if !args.unfiltered {
        chosen.toggle(Facet::Province, "Đắk Lắk");
    }
    for _ in 0..args.rounds {
        let queries: Vec<&str> = match args.queries.is_empty() {
            true => QUERIES.iter().chain(QUESTIONS).copied().collect(),
            false => args.queries.iter().map(String::as_str).collect(),
        };
        for typed in queries {
            let question = QUESTIONS.contains(&typed);
            let mut recent = search::Recent::default();
            // The search alone types on from its own matches (every one ranked): those of
            // the list leave unranked the matches it does not show.
            let mut recent_alone = search::Recent::default();
            let mut previous = search::Query::default();
            for end in 1..=typed.len() {
                // A space typed after a word changes no query: the TUI asks for no search
                // (what it costs is telling so).
                let t = Instant::now();
                let query = search::parse(&typed[..end]);
                if !query.is_empty() && query == previous {
                    let told = t.elapsed();
                    search_only.push(told);
                    match question {
                        true => questions.push(told),
                        false => {
                            first_screens.push(told);
                            ours.push(told);
                        }
                    }
                    let t = Instant::now();
                    std::hint::black_box(substring_scan(&index, &typed[..end]));
                    baseline.push(t.elapsed());
                    if args.each {
                        eprintln!("{:>22} the same query: no search", &typed[..end]);
                    }
                    continue;
                }
                previous = query.clone();
                let candidates = recent.candidates(&query);
                let alone = recent_alone.candidates(&query);
                let t = Instant::now();
                let found = search::search(&dataset, &index, &query, alone.as_ref(), &never);
                search_only.push(t.elapsed());
                if let (Some(found), false) = (found, query.is_empty()) {
                    recent_alone.push(query.clone(), std::sync::Arc::new(found));
                }

                let t = Instant::now();
                let selection = Selection {
                    query: query.clone(),
                    ..chosen.clone()
                };
                // As the TUI's search job: the first screen, then the rest of the rows in order.
                let lead = selection::FIRST_SCREEN;
                let first = selection::first_screen(
                    &dataset,
                    &index,
                    &selection,
                    candidates.as_ref(),
                    &never,
                    lead,
                );
                let (hits, first) = first.unwrap_or_default();
                let to_first = t.elapsed();
                let sorted = first.sorted;
                // The next keystroke types on from the first screen's matches, as in the TUI:
                // past the lead they are in dataset order, which the next search reads in.
                let typed_on = hits.clone();
                let t = Instant::now();
                let (_, shown) =
                    selection::complete(&dataset, &index, &selection, hits, &first, &never)
                        .unwrap_or_default();
                let to_all = to_first + t.elapsed();
                let hits = typed_on;
                match question {
                    true => questions.push(to_all),
                    false => {
                        ours.push(to_all);
                        first_screens.push(to_first);
                    }
                }
                if args.each {
                    let ms = |d: Duration| d.as_secs_f64() * 1e3;
                    eprintln!(
                        "{:>22} first screen {:>7.1} ms ({sorted:>7} rows in order), all rows \
                         {:>7.1} ms, {:>8} matches {:>8} listed",
                        &typed[..end],
                        ms(to_first),
                        ms(to_all),
                        hits.len(),
                        shown.rows.len()
                    );
                }
                if !query.is_empty() {
                    recent.push(query, std::sync::Arc::new(hits));
                }

                let t = Instant::now();
                std::hint::black_box(substring_scan(&index, &typed[..end]));
                baseline.push(t.elapsed());
            }
        }
    }
    // Space in the facet pane with no query: every record selected again, every count.
    let all: Vec<Hit> = (0..dataset.len())
        .map(|record| Hit::new(record, 0.0))
        .collect();
    let mut toggles = Vec::new();
    let mut selection = Selection::default();
    for i in 0..args.rounds * 10 {
        let value = ["Đắk Lắk", "Kon Tum", "Gia Lai"][i % 3];
        selection.toggle(Facet::Province, value);
        let t = Instant::now();
        std::hint::black_box(selection::select(&dataset, &index, &selection, &all));
        toggles.push(t.elapsed());
    }
    // A review session: every tenth record marked (10k of 100k), some starred, some noted.
    let mut reviews = std::collections::HashMap::new();
    for (i, r) in dataset.records().iter().enumerate().step_by(10) {
        let status = [Status::Reviewed, Status::ToApply, Status::NotApplicable][i % 3];
        reviews.insert(
            r.id().to_owned(),
            Review {
                status: Some(status),
                set_by: Some(["lan", "minh", "hoa"][i % 3].into()),
                set_at: Some("2026-11-30T01:02:03.456Z".into()),
                starred: i % 7 == 0,
                notes: Vec::new(),
            },
        );
    }
    // The table of records by id the first reading of the reviews builds, once.
    let t = Instant::now();
    std::hint::black_box(index.ids(&dataset));
    let ids = t.elapsed();
    let mut opening = Vec::new();
    let mut review_facets = Vec::new();
    let mut by_status = Vec::new();
    for _ in 0..args.rounds * 5 {
        let t = Instant::now();
        let facets = ReviewFacets::build_indexed(&dataset, &index, &reviews);
        review_facets.push(t.elapsed());
        let mut selection = Selection {
            reviews: Some(std::sync::Arc::new(facets)),
            ..Selection::default()
        };
        std::hint::black_box(selection::select(&dataset, &index, &selection, &all));
        opening.push(t.elapsed());
        selection.toggle(Facet::Status, "to-apply");
        let t = Instant::now();
        std::hint::black_box(selection::select(&dataset, &index, &selection, &all));
        by_status.push(t.elapsed());
    }
    println!(
        "{} records, {:.0} MB of JSON: load + index {:.0} ms (the list, and what typing needs); \
         then, in the background, letter scores {:.0} ms, links {:.0} ms, word counts {:.0} ms, \
         sort orders {:.0} ms and word postings {:.0} ms ({:.0} MB)",
        args.records,
        bytes as f64 / 1e6,
        load.as_secs_f64() * 1e3,
        letters.as_secs_f64() * 1e3,
        links.as_secs_f64() * 1e3,
        words.as_secs_f64() * 1e3,
        orders.as_secs_f64() * 1e3,
        built.as_secs_f64() * 1e3,
        postings as f64 / 1e6,
    );
    report(
        "search + first screen's rows + every facet count, per keystroke",
        &mut first_screens,
    );
    report(
        "search + every row in order + every facet count, per keystroke",
        &mut ours,
    );
    if !questions.is_empty() {
        report("the same, typing questions", &mut questions);
    }
    report("search alone, per keystroke", &mut search_only);
    report("facet value toggled, all records", &mut toggles);
    report(
        "reviews read (10% of records marked): review facets + list + counts",
        &mut opening,
    );
    report("  of which the review facets built", &mut review_facets);
    println!(
        "records by id, built on the first reading of the reviews: {:.0} ms",
        ids.as_secs_f64() * 1e3
    );
    report("filter by review status, all records", &mut by_status);
    report("baseline substring scan, per keystroke", &mut baseline);
}

/// The baseline: how many records hold the folded query as a substring, no ranking.
fn substring_scan(index: &Index, typed: &str) -> usize {
    let needle = findings::model::fold::fold(typed);
    let finder = memchr::memmem::Finder::new(needle.as_bytes());
    (0..index.len())
        .filter_map(|i| index.entry(i))
        .filter(|e| finder.find(e.text.as_bytes()).is_some())
        .count()
}

fn report(label: &str, samples: &mut [Duration]) {
    samples.sort();
    let at = |p: f64| samples[((samples.len() - 1) as f64 * p).round() as usize];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "{label}: median {:.2} ms, p95 {:.2} ms, max {:.2} ms ({} keystrokes)",
        ms(at(0.5)),
        ms(at(0.95)),
        ms(at(1.0)),
        samples.len()
    );
}
