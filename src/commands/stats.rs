//! `findings stats`: records per kind, province and topic, as text or JSON for scripts.

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::Format;
use super::{load_valid, Outcome, OK};
use crate::model::{Dataset, Kind};
use crate::settings::Settings;

/// The JSON shape scripts rely on: `{"records": {...}, "by_province": {...}, "by_topic": {...}}`.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Stats {
    pub records: BTreeMap<&'static str, usize>,
    pub by_province: BTreeMap<String, usize>,
    pub by_topic: BTreeMap<String, usize>,
}

/// Counts records. A trip counts under each province it went to; a meeting under each topic.
pub fn stats(dataset: &Dataset) -> Stats {
    let mut records: BTreeMap<&'static str, usize> =
        Kind::ALL.iter().map(|k| (k.name(), 0)).collect();
    let mut by_province = BTreeMap::new();
    let mut by_topic = BTreeMap::new();
    for r in dataset.records() {
        *records.entry(r.kind().name()).or_default() += 1;
        for p in r.provinces() {
            *by_province.entry(p.to_owned()).or_default() += 1;
        }
        for t in r.topics() {
            *by_topic.entry(t.to_owned()).or_default() += 1;
        }
    }
    Stats {
        records,
        by_province,
        by_topic,
    }
}

pub fn run(
    settings: &Settings,
    format: Format,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Outcome {
    let dataset = load_valid(settings, err)?;
    let s = stats(&dataset);
    let text = match format {
        Format::Json => serde_json::to_string_pretty(&s).unwrap_or_default(),
        Format::Text => text(&s),
    };
    let _ = writeln!(out, "{text}");
    Ok(OK)
}

fn text(s: &Stats) -> String {
    let total: usize = s.records.values().sum();
    let mut out = format!("records: {total}\n");
    for kind in Kind::ALL {
        let n = s.records.get(kind.name()).copied().unwrap_or(0);
        out.push_str(&format!("  {:<12} {n:>6}\n", kind.name()));
    }
    for (title, map) in [("by province", &s.by_province), ("by topic", &s.by_topic)] {
        out.push_str(&format!("{title}:\n"));
        let mut rows: Vec<(&String, &usize)> = map.iter().collect();
        rows.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let width = rows.iter().map(|(k, _)| k.width()).max().unwrap_or(0);
        for (name, n) in rows {
            let pad = " ".repeat(width - name.width());
            out.push_str(&format!("  {name}{pad} {n:>6}\n"));
        }
    }
    out.trim_end().to_owned()
}
