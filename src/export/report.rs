//! A review round's report: what was decided about each finding, by whom and when, with the
//! totals an office signs. One value, made once from the data, the reviews and the selection,
//! then written as Markdown, Word (`docx`) or Excel (`xlsx`) by the renderers beside it. Text is
//! in the report's language; times are local with their zone ([`crate::model::when`]).

use std::collections::HashMap;

use crate::i18n::report::{words as report_words, Words};
use crate::i18n::{self, Lang};
use crate::model::describe::{self, Text};
use crate::model::record::Record;
use crate::model::review::{Review, Status};
use crate::model::{collate, places, when, Dataset};

/// Everything a report says, in the order it says it.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub lang: Lang,
    /// The agency that reports (the config file's `agency`); `None`: a blank to fill in.
    pub agency: Option<String>,
    /// The document's summary line: "Kết quả xem xét các phát hiện của chuyến …" / "Review of
    /// the findings of …".
    pub title: String,
    /// The trips the listed findings belong to, with their dates as the data gives them.
    pub trips: Vec<TripLine>,
    /// Everyone who set a status (other than unreviewed) or wrote a note on a listed finding,
    /// in name order.
    pub reviewers: Vec<String>,
    /// When the round ran: the first and the last change on a listed finding (local time).
    pub ran: Option<(String, String)>,
    /// When the report was made (local time, with the zone).
    pub made: String,
    /// The local day the report was made, `YYYY-MM-DD`, for the place-and-date line.
    pub made_day: String,
    pub totals: Totals,
    /// The findings by status: to apply first, then reviewed, not applicable, unreviewed;
    /// a status with no finding has no section.
    pub sections: Vec<Section>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TripLine {
    pub title: String,
    /// "2024-03" … as the data has it; `None` when it has none.
    pub dates: Option<String>,
}

/// Counts of the listed findings. Each list is (label in the report's language, count), in
/// the order shown; every list of the findings' statuses adds up to `records`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Totals {
    pub records: usize,
    pub by_status: Vec<(String, usize)>,
    /// Findings whose status each reviewer set last (a finding counts once).
    pub by_reviewer: Vec<(String, usize)>,
    /// A finding counts under each of its provinces (Vietnamese order).
    pub by_province: Vec<(String, usize)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub status: Status,
    /// The status's name in the report's language.
    pub heading: String,
    pub findings: Vec<Finding>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub id: String,
    /// The kind's name in the report's language.
    pub kind: String,
    /// The title in the report's language where the record has it.
    pub title: String,
    pub places: Vec<String>,
    /// What the finding says (its summary), in the report's language where the record has it.
    pub summary: String,
    /// The status's name in the report's language.
    pub decision: String,
    /// Who set the status last, and when (local time); `None` while unreviewed.
    pub decided: Option<(String, String)>,
    pub starred: bool,
    /// Every note, oldest first.
    pub notes: Vec<ReportNote>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ReportNote {
    pub author: String,
    /// When it was written or last changed (local time).
    pub at: String,
    pub text: String,
}

/// The report's file forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Markdown,
    Docx,
    Xlsx,
}

impl ReportFormat {
    pub const ALL: [ReportFormat; 3] = [
        ReportFormat::Markdown,
        ReportFormat::Docx,
        ReportFormat::Xlsx,
    ];

    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Markdown => "md",
            ReportFormat::Docx => "docx",
            ReportFormat::Xlsx => "xlsx",
        }
    }

    /// Bytes no terminal should be sent (a zip archive).
    pub fn is_binary(self) -> bool {
        self != ReportFormat::Markdown
    }
}

/// The order the sections come in: what the province will apply first.
pub const SECTION_ORDER: [Status; 4] = [
    Status::ToApply,
    Status::Reviewed,
    Status::NotApplicable,
    Status::Unreviewed,
];

/// The report of the records `rows` (dataset indices, in list order) with their `reviews`, in
/// `lang`, for `agency`, made at `now` (UTC, as the store writes times).
pub fn build(
    dataset: &Dataset,
    reviews: &HashMap<String, Review>,
    rows: &[usize],
    lang: Lang,
    agency: Option<&str>,
    now: &str,
) -> Report {
    let text = match lang {
        Lang::En => Text::English,
        Lang::Vi => Text::Original,
    };
    let none = Review::default();
    let listed: Vec<(&Record, &Review)> = rows
        .iter()
        .filter_map(|&r| dataset.get(r))
        .map(|rec| (rec, reviews.get(rec.id()).unwrap_or(&none)))
        .collect();
    let trips = trips(dataset, &listed, text);
    let words = report_words(lang);
    let title = match trips.as_slice() {
        [] => words.title_plain.to_owned(),
        [one] => words.title_of.replace(
            "{trips}",
            &format!("{} {}", words.one_trip, with_dates(one)),
        ),
        many => {
            let names: Vec<String> = many.iter().map(with_dates).collect();
            words.title_of.replace(
                "{trips}",
                &format!("{} {}", words.many_trips, names.join("; ")),
            )
        }
    };
    let sections = SECTION_ORDER
        .into_iter()
        .filter_map(|status| {
            let findings: Vec<Finding> = listed
                .iter()
                .filter(|(_, review)| review.status() == status)
                .map(|(rec, review)| finding(rec, review, lang, text))
                .collect();
            (!findings.is_empty()).then(|| Section {
                status,
                heading: i18n::status(lang, status).to_owned(),
                findings,
            })
        })
        .collect();
    Report {
        lang,
        agency: agency
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(crate::model::text::inline),
        title,
        trips,
        reviewers: reviewers(&listed),
        ran: ran(&listed),
        made: when::local(now),
        made_day: when::local_day(now).map_or_else(String::new, |d| d.to_string()),
        totals: totals(&listed, lang),
        sections,
    }
}

/// "Title (dates)", or the title alone.
fn with_dates(trip: &TripLine) -> String {
    match &trip.dates {
        Some(d) => format!("{} ({d})", trip.title),
        None => trip.title.clone(),
    }
}

/// The trips the listed records belong to (a trip listed is its own), by date then title.
fn trips(dataset: &Dataset, listed: &[(&Record, &Review)], text: Text) -> Vec<TripLine> {
    let mut seen: Vec<&Record> = Vec::new();
    for (rec, _) in listed {
        let trip = match rec {
            Record::Trip(_) => Some(*rec),
            _ => rec.trip_id().and_then(|t| dataset.by_id(t)),
        };
        if let Some(trip) = trip {
            if !seen.iter().any(|s| s.id() == trip.id()) {
                seen.push(trip);
            }
        }
    }
    seen.sort_by_key(|t| (t.date().map(|d| d.to_string()), collate::key(t.title())));
    seen.into_iter()
        .map(|t| TripLine {
            title: describe::title(t, text).to_owned(),
            dates: match t {
                Record::Trip(trip) => describe::dates(trip.start_date, trip.end_date),
                _ => None,
            },
        })
        .collect()
}

fn finding(rec: &Record, review: &Review, lang: Lang, text: Text) -> Finding {
    let common = rec.common();
    let summary = common
        .en
        .as_ref()
        .filter(|_| text == Text::English)
        .and_then(|en| en.summary.clone())
        .or_else(|| common.summary.clone())
        .unwrap_or_default();
    let decided = match (&review.set_by, &review.set_at, review.status) {
        (Some(by), Some(at), Some(_)) => Some((by.clone(), when::local(at))),
        _ => None,
    };
    Finding {
        id: rec.id().to_owned(),
        kind: i18n::kind(lang, rec.kind()).to_owned(),
        title: describe::title(rec, text).to_owned(),
        places: rec
            .provinces()
            .into_iter()
            .map(|p| places::province_then_and_now(p, text))
            .collect(),
        summary: summary.to_string(),
        decision: i18n::status(lang, review.status()).to_owned(),
        decided,
        starred: review.starred,
        notes: review
            .notes
            .iter()
            .map(|n| ReportNote {
                author: n.author.clone(),
                at: when::local(n.edited.as_deref().unwrap_or(&n.created)),
                text: n.text.clone(),
            })
            .collect(),
    }
}

/// Who decided about a finding: whoever set its status last, unless they set it back to
/// unreviewed (that is no decision, and no part in the round).
fn decided_by(review: &Review) -> Option<&String> {
    match review.status() {
        Status::Unreviewed => None,
        _ => review.set_by.as_ref(),
    }
}

/// Who decided about a listed finding or wrote a note on one, in Vietnamese name order.
fn reviewers(listed: &[(&Record, &Review)]) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (_, review) in listed {
        let authors = review.notes.iter().map(|n| &n.author);
        for name in decided_by(review).into_iter().chain(authors) {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
    }
    names.sort_by_cached_key(|n| collate::key(n));
    names
}

/// The first and the last change on a listed finding (a status set, a note written or
/// changed), in local time.
fn ran(listed: &[(&Record, &Review)]) -> Option<(String, String)> {
    let times = listed.iter().flat_map(|(_, review)| {
        let notes = review
            .notes
            .iter()
            .flat_map(|n| std::iter::once(&n.created).chain(&n.edited));
        review.set_at.iter().chain(notes)
    });
    let mut known: Vec<(chrono::DateTime<chrono::Utc>, &String)> = times
        .filter_map(|t| when::instant(t).map(|i| (i, t)))
        .collect();
    known.sort();
    let first = known.first()?;
    let last = known.last()?;
    Some((when::local(first.1), when::local(last.1)))
}

fn totals(listed: &[(&Record, &Review)], lang: Lang) -> Totals {
    let by_status = SECTION_ORDER
        .into_iter()
        .map(|s| {
            let n = listed.iter().filter(|(_, r)| r.status() == s).count();
            (i18n::status(lang, s).to_owned(), n)
        })
        .collect();
    let mut by_reviewer: Vec<(String, usize)> = Vec::new();
    for (_, review) in listed {
        if let Some(by) = decided_by(review) {
            match by_reviewer.iter_mut().find(|(name, _)| name == by) {
                Some((_, n)) => *n += 1,
                None => by_reviewer.push((by.clone(), 1)),
            }
        }
    }
    by_reviewer.sort_by_cached_key(|(name, _)| collate::key(name));
    let mut by_province: Vec<(String, usize)> = Vec::new();
    for (rec, _) in listed {
        let mut mine = rec.provinces();
        mine.dedup();
        for p in mine {
            match by_province.iter_mut().find(|(name, _)| name == p) {
                Some((_, n)) => *n += 1,
                None => by_province.push((p.to_owned(), 1)),
            }
        }
    }
    by_province.sort_by_cached_key(|(name, _)| collate::key(name));
    Totals {
        records: listed.len(),
        by_status,
        by_reviewer,
        by_province,
    }
}

/// The report as a Markdown document: the summary line, who and when, the totals as tables,
/// then each section's findings with their decision and notes.
pub fn markdown(report: &Report) -> String {
    let w = report_words(report.lang);
    let mut md = format!("# {}\n\n**{}**\n\n", w.document, as_text(&report.title));
    if let Some(agency) = &report.agency {
        md.push_str(&format!("- {}: {}\n", w.agency, as_text(agency)));
    }
    if !report.trips.is_empty() {
        let trips: Vec<String> = report
            .trips
            .iter()
            .map(|t| as_text(&with_dates(t)))
            .collect();
        md.push_str(&format!("- {}: {}\n", w.trips, trips.join("; ")));
    }
    let reviewers = match report.reviewers.is_empty() {
        true => w.none.to_owned(),
        false => report.reviewers.join(", "),
    };
    md.push_str(&format!("- {}: {reviewers}\n", w.reviewers));
    if let Some((from, to)) = &report.ran {
        let span = w.ran_span.replace("{from}", from).replace("{to}", to);
        md.push_str(&format!("- {}: {span}\n", w.ran));
    }
    md.push_str(&format!("- {}: {}\n", w.made, report.made));
    let t = &report.totals;
    md.push_str(&format!(
        "\n## {}\n\n{}: {}\n",
        w.totals, w.findings, t.records
    ));
    for (heading, column, rows) in [
        (w.by_status, w.status, &t.by_status),
        (w.by_reviewer, w.reviewer, &t.by_reviewer),
        (w.by_province, w.province, &t.by_province),
    ] {
        if rows.is_empty() {
            continue;
        }
        md.push_str(&format!(
            "\n### {heading}\n\n| {column} | {} |\n|---|---:|\n",
            w.count
        ));
        for (label, n) in rows.iter() {
            md.push_str(&format!("| {} | {n} |\n", cell(label)));
        }
    }
    for section in &report.sections {
        md.push_str(&format!(
            "\n## {} ({})\n",
            capitalized(&section.heading),
            section.findings.len()
        ));
        for (i, f) in section.findings.iter().enumerate() {
            finding_markdown(&mut md, i + 1, f, w);
        }
    }
    md
}

fn finding_markdown(md: &mut String, n: usize, f: &Finding, w: &Words) {
    let star = if f.starred { " ★" } else { "" };
    md.push_str(&format!("\n### {n}. {}{star}\n\n", as_text(&f.title)));
    md.push_str(&format!("- {}: `{}` ({})\n", w.id, f.id, f.kind));
    if !f.places.is_empty() {
        md.push_str(&format!("- {}: {}\n", w.places, f.places.join("; ")));
    }
    match &f.decided {
        Some((who, at)) => md.push_str(&format!(
            "- {}: {} ({} {who}, {at})\n",
            w.decision, f.decision, w.by
        )),
        None => md.push_str(&format!("- {}: {}\n", w.decision, f.decision)),
    }
    if f.starred {
        md.push_str(&format!("- {}\n", w.starred));
    }
    if !f.summary.trim().is_empty() {
        md.push_str(&format!("\n{}: {}\n", w.summary, f.summary.trim()));
    }
    if !f.notes.is_empty() {
        md.push_str(&format!("\n{}:\n", w.notes));
        for note in &f.notes {
            md.push_str(&format!(
                "\n> {}\n>\n> — {}, {}\n",
                note.text.replace('\n', "\n> "),
                note.author,
                note.at
            ));
        }
    }
}

/// Text from the config or the data as Markdown shows it: as written, never as markup (`<b>`
/// stays `<b>`, `*` stays a star, `[x](y)` no link). HTML's three by entities, Markdown's
/// marks by a backslash: the source still reads as the text.
pub fn as_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '*' | '_' | '[' | ']' | '`' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A table cell: a `|` would end it.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// "to apply" → "To apply", "đã xem" → "Đã xem", for a heading.
pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The report in `format`, as the file's bytes.
pub fn bytes(format: ReportFormat, report: &Report) -> Result<Vec<u8>, String> {
    match format {
        ReportFormat::Markdown => Ok(markdown(report).into_bytes()),
        ReportFormat::Docx => super::docx::write(report),
        ReportFormat::Xlsx => super::xlsx::write(report),
    }
}
