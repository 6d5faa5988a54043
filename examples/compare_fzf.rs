//! How often the record a query names comes in the top 3 and top 5, for findings and for
//! `fzf --filter` on the same records (one line each: title, places, summary, details), and how
//! long each takes. Needs fzf on the PATH (`apt-get install fzf`).
//!
//!     cargo run --release --example compare_fzf                      # keywords and questions, embedded data
//!     cargo run --release --example compare_fzf -- --records 100000  # generated data, 200 visits named
//!
//! On the embedded data: the keyword quality set and the question set (tests/fixtures). On
//! generated data each query names one model site as a user recalls it: its product and the
//! two words of its place, without diacritics ("ca phe ea krong"), for sites whose name is
//! unique in the data; then the same words wrapped in a question ("mo hinh ca phe o ea krong
//! nhu the nao").

use std::collections::HashMap;
use std::io::Write;
use std::process::{Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use clap::Parser;
use findings::model::dataset::load_sources;
use findings::model::fold::fold;
use findings::model::search::{self, Index};
use findings::model::{DataSource, Dataset, Record};

#[derive(Parser)]
struct Args {
    /// Generate this many records instead of using the embedded dataset.
    #[arg(long)]
    records: Option<usize>,
    /// Named sites to look for, on generated data.
    #[arg(long, default_value_t = 200)]
    queries: usize,
    /// Only findings (fzf takes seconds a query on large data).
    #[arg(long)]
    without_fzf: bool,
    /// Print the queries findings does not answer in the top 5.
    #[arg(long)]
    misses: bool,
}

struct Case {
    query: String,
    wanted: Vec<String>,
}

fn main() {
    let args = Args::parse();
    let (dataset, sets) = match args.records {
        None => (
            DataSource::Embedded.load().dataset,
            vec![
                ("keywords", fixture("search_quality.json")),
                ("questions", fixture("search_questions.json")),
            ],
        ),
        Some(n) => {
            let (dataset, bare) = generated(n, args.queries);
            let wrapped = bare
                .iter()
                .map(|c| Case {
                    query: format!("mo hinh {} o dau nhu the nao", c.query),
                    wanted: c.wanted.clone(),
                })
                .collect();
            (
                dataset,
                vec![("place named", bare), ("in a question", wrapped)],
            )
        }
    };
    let index = Index::build(&dataset);
    let lines: Vec<String> = dataset.records().iter().map(line).collect();
    println!("{} records", dataset.len());
    for (label, cases) in sets {
        compare(&dataset, &index, &lines, label, &cases, &args);
    }
}

/// Runs every case through findings and fzf; prints how often each ranks the record named.
fn compare(
    dataset: &Dataset,
    index: &Index,
    lines: &[String],
    label: &str,
    cases: &[Case],
    args: &Args,
) {
    let with_fzf = !args.without_fzf;
    let never = AtomicBool::new(false);
    let (mut ours, mut theirs) = (Tally::default(), Tally::default());
    for case in cases {
        let t = Instant::now();
        let query = search::parse(&case.query);
        let hits = search::search(dataset, index, &query, None, &never).unwrap_or_default();
        let ranked: Vec<&str> = hits
            .iter()
            .take(5)
            .filter_map(|h| dataset.get(h.record))
            .map(Record::id)
            .collect();
        ours.add(&ranked, &case.wanted, t.elapsed());
        if args.misses && !case.wanted.iter().all(|w| ranked.contains(&w.as_str())) {
            println!("  missed {:?} ({:?}): {ranked:?}", case.query, case.wanted);
        }
        if !with_fzf {
            continue;
        }
        let t = Instant::now();
        let ranked = fzf(lines, &case.query);
        theirs.add(
            &ranked.iter().map(String::as_str).collect::<Vec<_>>(),
            &case.wanted,
            t.elapsed(),
        );
    }
    println!("{label}, {} queries:", cases.len());
    ours.print("  findings search");
    if with_fzf {
        theirs.print("  fzf --filter   ");
    }
}

#[derive(Default)]
struct Tally {
    top3: usize,
    top5: usize,
    total: usize,
    times: Vec<Duration>,
}

impl Tally {
    fn add(&mut self, ranked: &[&str], wanted: &[String], took: Duration) {
        let within = |n: usize| wanted.iter().all(|w| ranked.iter().take(n).any(|r| r == w));
        self.top3 += usize::from(within(3));
        self.top5 += usize::from(within(5));
        self.total += 1;
        self.times.push(took);
    }

    fn print(&mut self, label: &str) {
        self.times.sort();
        let median = self
            .times
            .get(self.times.len() / 2)
            .copied()
            .unwrap_or_default();
        let pct = |n: usize| 100.0 * n as f64 / self.total.max(1) as f64;
        println!(
            "{label}: top 3 {:.0}%, top 5 {:.0}%, median {:.1} ms a query",
            pct(self.top3),
            pct(self.top5),
            median.as_secs_f64() * 1e3
        );
    }
}

/// A record as fzf sees it: its id, then its text on one line.
fn line(r: &Record) -> String {
    let c = r.common();
    let mut parts: Vec<&str> = vec![&c.title];
    parts.extend(r.provinces());
    parts.extend(c.tags.iter().map(|t| t.as_str()));
    parts.extend(c.summary.as_deref());
    parts.extend(c.details.as_deref());
    if let Record::Visit(v) = r {
        parts.extend(v.organization.as_deref());
    }
    format!("{}\t{}", r.id(), parts.join(" ").replace(['\n', '\t'], " "))
}

/// The ids of fzf's first five lines for the query.
fn fzf(lines: &[String], query: &str) -> Vec<String> {
    let mut child = Command::new("fzf")
        .args(["--filter", query, "--delimiter", "\t"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("fzf is installed");
    let mut stdin = child.stdin.take().expect("stdin");
    let text = lines.join("\n");
    let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let out = child.wait_with_output().expect("fzf ran");
    let _ = writer.join();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .take(5)
        .filter_map(|l| l.split('\t').next().map(str::to_owned))
        .collect()
}

fn fixture(name: &str) -> Vec<Case> {
    #[derive(serde::Deserialize)]
    struct Raw {
        query: String,
        top3: Vec<String>,
    }
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let raw: Vec<Raw> = serde_json::from_str(&std::fs::read_to_string(path).expect("fixture"))
        .expect("fixture parses");
    raw.into_iter()
        .map(|r| Case {
            query: r.query,
            wanted: r.top3,
        })
        .collect()
}

fn generated(records: usize, wanted: usize) -> (Dataset, Vec<Case>) {
    let files = findings::gen::source_files(records, 1);
    let dataset = load_sources(&files, Vec::new()).dataset;
    let mut by_org: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, r) in dataset.records().iter().enumerate() {
        if let Record::Visit(v) = r {
            by_org
                .entry(v.organization.as_deref().unwrap_or_default().to_owned())
                .or_default()
                .push(i);
        }
    }
    let mut unique: Vec<(String, usize)> = by_org
        .into_iter()
        .filter(|(_, ids)| ids.len() == 1)
        .map(|(org, ids)| (org, ids[0]))
        .collect();
    unique.sort();
    let cases = unique
        .iter()
        .step_by((unique.len() / wanted.max(1)).max(1))
        .take(wanted)
        .filter_map(|(org, i)| {
            // "Hợp tác xã cà phê Ea Krông" → "ca phe ea krong"
            let words = fold(org.strip_prefix("Hợp tác xã ")?);
            let id = dataset.get(*i)?.id().to_owned();
            Some(Case {
                query: words,
                wanted: vec![id],
            })
        })
        .collect();
    (dataset, cases)
}
