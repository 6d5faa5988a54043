//! `findings search QUERY`: the TUI's search engine on the command line, as text or JSON.

use std::io::Write;
use std::sync::atomic::AtomicBool;

use serde::Serialize;

use super::{load_valid, Context, NOT_FOUND, OK};
use crate::cli::{Filters, KindArg, StatsFormat};
use crate::model::fold::fold;
use crate::model::search::{self, highlight, Hit, Index, Query};
use crate::model::{Dataset, Kind, Record};

pub struct Args {
    pub query: String,
    pub filters: Filters,
    pub limit: usize,
    pub format: StatsFormat,
}

/// One result as scripts see it (`--format json`).
#[derive(Debug, Serialize, PartialEq)]
pub struct Found {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    pub score: f32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub provinces: Vec<String>,
    /// The matching text, with the matches between « and ».
    #[serde(skip_serializing_if = "String::is_empty")]
    pub snippet: String,
}

pub fn run(cx: &Context, args: &Args, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let dataset = match load_valid(&cx.source, err) {
        Ok(d) => d,
        Err(code) => return code,
    };
    let index = Index::build(&dataset);
    let query = search::parse(&args.query);
    for problem in &query.errors {
        let _ = writeln!(err, "findings: query: {problem} (left out)");
    }
    let found = find(&dataset, &index, &query, &args.filters, args.limit);
    let text = match args.format {
        StatsFormat::Json => serde_json::to_string_pretty(&found).unwrap_or_default(),
        StatsFormat::Text => text(&found),
    };
    if !text.is_empty() {
        let _ = writeln!(out, "{text}");
    }
    if found.is_empty() {
        NOT_FOUND
    } else {
        OK
    }
}

/// The ranked results, filtered, cut to `limit` (0: all).
pub fn find(
    dataset: &Dataset,
    index: &Index,
    query: &Query,
    filters: &Filters,
    limit: usize,
) -> Vec<Found> {
    let never = AtomicBool::new(false);
    let hits = search::search(dataset, index, query, None, &never).unwrap_or_default();
    let limit = if limit == 0 { usize::MAX } else { limit };
    hits.iter()
        .filter_map(|h| dataset.get(h.record).map(|r| (h, r)))
        .filter(|(_, r)| keeps(filters, r))
        .take(limit)
        .map(|(h, r)| found(h, r, query))
        .collect()
}

fn keeps(f: &Filters, r: &Record) -> bool {
    let any = |values: &[String], test: &dyn Fn(&str) -> bool| {
        values.is_empty() || values.iter().any(|v| test(v))
    };
    let kind_ok = f.kind.is_empty()
        || f.kind.iter().any(|k| {
            let kind = match k {
                KindArg::Trip => Kind::Trip,
                KindArg::Meeting => Kind::Meeting,
                KindArg::Experience => Kind::Experience,
                KindArg::Visit => Kind::Visit,
            };
            kind == r.kind()
        });
    let provinces: Vec<String> = r.provinces().iter().map(|p| fold(p)).collect();
    let tags: Vec<String> = r.common().tags.iter().map(|t| fold(t)).collect();
    kind_ok
        && any(&f.province, &|v| {
            provinces.iter().any(|p| p.contains(&fold(v)))
        })
        && any(&f.tag, &|v| tags.iter().any(|t| t.contains(&fold(v))))
        && any(&f.trip, &|v| r.trip_id() == Some(v))
}

fn found(hit: &Hit, r: &Record, query: &Query) -> Found {
    Found {
        id: r.id().to_owned(),
        kind: r.kind(),
        title: r.title().to_owned(),
        score: (hit.score * 100.0).round() / 100.0,
        provinces: r.provinces().iter().map(|p| p.to_string()).collect(),
        snippet: snippet(r, query),
    }
}

/// The part of the best-matching long field around its first match, matches marked «like so».
pub fn snippet(r: &Record, query: &Query) -> String {
    let c = r.common();
    let en = c.en.as_ref();
    let mut fields: Vec<&str> = Vec::new();
    fields.extend(c.summary.as_deref());
    fields.extend(en.and_then(|e| e.summary.as_deref()));
    fields.extend(c.details.as_deref());
    fields.extend(en.and_then(|e| e.details.as_deref()));
    match r {
        Record::Experience(e) => fields.extend(e.lessons.iter().map(String::as_str)),
        Record::Visit(v) => fields.extend(v.lessons.iter().map(String::as_str)),
        _ => {}
    }
    fields.push(&c.title);
    fields
        .into_iter()
        .map(|f| (f, highlight::ranges(f, query, false)))
        .find(|(_, ranges)| !ranges.is_empty())
        .map(|(f, ranges)| mark(f, &ranges))
        .unwrap_or_default()
}

/// About 100 characters of `text` around the first range, with every range marked.
fn mark(text: &str, ranges: &[(usize, usize)]) -> String {
    const BEFORE: usize = 30;
    const WIDTH: usize = 100;
    let chars: Vec<char> = text
        .chars()
        .map(|c| if c == '\n' { ' ' } else { c })
        .collect();
    let first = ranges.first().map_or(0, |r| r.0);
    let start = first.saturating_sub(BEFORE);
    let end = (start + WIDTH).min(chars.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    for (i, c) in chars.iter().enumerate().take(end).skip(start) {
        if ranges.iter().any(|r| r.0 == i) {
            out.push('«');
        }
        out.push(*c);
        if ranges.iter().any(|r| r.1 == i + 1) {
            out.push('»');
        }
    }
    if end < chars.len() {
        out.push('…');
    }
    out
}

fn text(found: &[Found]) -> String {
    let mut out = String::new();
    for f in found {
        let provinces = if f.provinces.is_empty() {
            String::new()
        } else {
            format!("  [{}]", f.provinces.join(", "))
        };
        out.push_str(&format!(
            "{:<10}  {}  {}{provinces}\n",
            f.kind.name(),
            f.id,
            f.title
        ));
        if !f.snippet.is_empty() {
            out.push_str(&format!("            {}\n", f.snippet));
        }
    }
    out.trim_end().to_owned()
}
