//! `findings search QUERY`: the TUI's search engine on the command line, as text or JSON.

use std::io::Write;
use std::sync::atomic::AtomicBool;

use serde::Serialize;

use super::{load_selected, Format, Outcome, Wanted, NOT_FOUND, OK};
use crate::model::describe::{self, Text};
use crate::model::search::{highlight, score, Index, Query};
use crate::model::selection::{self, Selection};
use crate::model::{Dataset, Kind, Record};
use crate::settings::Settings;

/// `findings search`: what to list, how many (0: all), and how.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub wanted: Wanted,
    pub limit: usize,
    pub format: Format,
}

/// One result as scripts see it (`--format json`).
#[derive(Debug, Serialize, PartialEq)]
pub struct Found {
    pub id: String,
    pub kind: Kind,
    /// The record's own title (Vietnamese), whatever the interface language.
    pub title: String,
    /// Its English title, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title_en: Option<String>,
    /// The title the interface language shows: the English one in English where there is
    /// one, else the original (not in the JSON: `title` and `title_en` hold both).
    #[serde(skip)]
    pub shown_title: String,
    pub score: f32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub provinces: Vec<String>,
    /// The matching text, with the matches between « and ».
    #[serde(skip_serializing_if = "String::is_empty")]
    pub snippet: String,
    /// The words looked for that the record holds, and those it lacks (listed below the
    /// records holding all of them). Question words left out are in neither.
    pub matched: Vec<String>,
    pub missing: Vec<String>,
}

pub fn run(
    settings: &Settings,
    args: &Request,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Outcome {
    let selection = super::selection(&args.wanted, settings)?;
    let (data, selection) = load_selected(settings, &selection, err)?;
    let (dataset, index) = (&data.dataset, &*data.index);
    for problem in &selection.query.errors {
        let _ = writeln!(err, "findings: query: {problem} (left out)");
    }
    let found = find(dataset, index, &selection, args.limit);
    // Said of what is listed: with nothing found, "3 of 4 words; left out: which" would
    // blame the question word.
    let summary = selection.query.left_out_summary();
    if let (Format::Text, Some(summary), false) = (args.format, summary, found.is_empty()) {
        let _ = writeln!(err, "findings: {summary}");
    }
    let text = match args.format {
        Format::Json => serde_json::to_string_pretty(&found).unwrap_or_default(),
        Format::Text => text(&found),
    };
    if !text.is_empty() {
        let _ = writeln!(out, "{text}");
    }
    let _ = out.flush();
    data.finish(err);
    Ok(if found.is_empty() { NOT_FOUND } else { OK })
}

/// What the list shows for `selection`, cut to `limit` (0: all).
pub fn find(dataset: &Dataset, index: &Index, selection: &Selection, limit: usize) -> Vec<Found> {
    let never = AtomicBool::new(false);
    let Some((hits, shown)) = selection::run(dataset, index, selection, None, &never) else {
        return Vec::new();
    };
    let scores: std::collections::HashMap<usize, f32> =
        hits.iter().map(|h| (h.record, h.score)).collect();
    let limit = if limit == 0 { usize::MAX } else { limit };
    let prepared = score::Prepared::new(&selection.query);
    let matcher = fuzzy_matcher::skim::SkimMatcherV2::default();
    shown
        .rows
        .iter()
        .take(limit)
        .filter_map(|&r| dataset.get(r).map(|rec| (r, rec)))
        .map(|(r, rec)| {
            let mut f = found(
                scores.get(&r).copied().unwrap_or(0.0),
                rec,
                &selection.query,
                selection.text,
            );
            if let Some(entry) = index.entry(r) {
                for (word, held) in score::words_found(&prepared, &entry, &matcher) {
                    match held {
                        true => f.matched.push(word),
                        false => f.missing.push(word),
                    }
                }
            }
            f
        })
        .collect()
}

fn found(score: f32, r: &Record, query: &Query, text: Text) -> Found {
    let english = r.common().en.as_ref().and_then(|en| en.title.as_deref());
    Found {
        id: r.id().to_owned(),
        kind: r.kind(),
        title: r.title().to_owned(),
        title_en: english.map(str::to_owned),
        shown_title: describe::title(r, text).to_owned(),
        score: (score * 100.0).round() / 100.0,
        provinces: r.provinces().iter().map(|p| p.to_string()).collect(),
        snippet: snippet(r, query),
        matched: Vec::new(),
        missing: Vec::new(),
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
        Record::Experience(e) => fields.extend(e.lessons.iter().map(|s| s.as_str())),
        Record::Visit(v) => fields.extend(v.lessons.iter().map(|s| s.as_str())),
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
        let without = if f.missing.is_empty() {
            String::new()
        } else {
            format!("  (without: {})", f.missing.join(", "))
        };
        out.push_str(&format!(
            "{:<10}  {}  {}{provinces}{without}\n",
            f.kind.name(),
            f.id,
            f.shown_title
        ));
        if !f.snippet.is_empty() {
            out.push_str(&format!("            {}\n", f.snippet));
        }
    }
    out.trim_end().to_owned()
}
