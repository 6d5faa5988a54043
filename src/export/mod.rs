//! Exports of what the list shows — a Markdown document, a CSV table, a JSON dataset that
//! loads again — made the same way for `findings export` and the TUI's `e`.

pub mod docx;
pub mod report;
pub mod template;
pub mod workbook;
pub mod xlsx;

use std::collections::{BTreeSet, HashMap};

pub use report::ReportFormat;

use crate::i18n::{self, Lang};
use crate::model::describe::{self, Text};
use crate::model::record::{DatasetFile, Record};
use crate::model::review::Review;
use crate::model::{Dataset, Kind};

/// The export's form: the list (Markdown, CSV, JSON, a workbook) or the review report of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    Markdown,
    Csv,
    Json,
    /// The records in the workbook layout `findings template` writes and `findings import`
    /// reads: edited in a spreadsheet, imported back.
    Workbook,
    Report(ReportFormat),
}

impl ExportFormat {
    /// Every form, in the order the TUI offers them.
    pub const ALL: [ExportFormat; 7] = [
        ExportFormat::Markdown,
        ExportFormat::Csv,
        ExportFormat::Json,
        ExportFormat::Workbook,
        ExportFormat::Report(ReportFormat::Markdown),
        ExportFormat::Report(ReportFormat::Docx),
        ExportFormat::Report(ReportFormat::Xlsx),
    ];

    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Markdown => "md",
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
            ExportFormat::Workbook => "xlsx",
            ExportFormat::Report(f) => f.extension(),
        }
    }

    /// A file that is not text (a workbook, a Word or Excel report): never sent to a terminal.
    pub fn is_binary(self) -> bool {
        match self {
            ExportFormat::Workbook => true,
            ExportFormat::Report(f) => f.is_binary(),
            _ => false,
        }
    }
}

/// What an export is made of beyond its rows: the reviews, the query and filters that head a
/// Markdown list, the language, and the agency and time a report names.
#[derive(Clone, Copy, Debug)]
pub struct Context<'a> {
    pub reviews: Option<&'a HashMap<String, Review>>,
    pub described: &'a str,
    pub lang: Lang,
    pub agency: Option<&'a str>,
    /// Now, UTC as the store writes times: when a report was made.
    pub now: &'a str,
}

/// The records `rows` (dataset indices, in list order) in `format`, as the file's bytes:
/// `described` (the query, the view) heads a Markdown list; with `reviews`, each record's
/// review goes along. A report's Word or Excel writer may fail (its message).
pub fn make(
    format: ExportFormat,
    dataset: &Dataset,
    rows: &[usize],
    context: Context,
) -> Result<Vec<u8>, String> {
    let Context {
        reviews,
        described,
        lang,
        ..
    } = context;
    let text = match format {
        ExportFormat::Json => json(dataset, rows),
        ExportFormat::Csv => csv(dataset, rows, reviews),
        ExportFormat::Markdown => markdown(dataset, rows, reviews, described, lang),
        ExportFormat::Workbook => {
            let words = match lang {
                Lang::Vi => crate::model::sheets::Words::Vi,
                Lang::En => crate::model::sheets::Words::En,
            };
            return workbook::write(words, &self_contained(dataset, rows));
        }
        ExportFormat::Report(f) => {
            let empty = HashMap::new();
            let reviews = reviews.unwrap_or(&empty);
            let made = report::build(dataset, reviews, rows, lang, context.agency, context.now);
            return report::bytes(f, &made);
        }
    };
    Ok(text.into_bytes())
}

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 9] = [
    "id",
    "kind",
    "title",
    "summary",
    "provinces",
    "topics",
    "tags",
    "trip",
    "date",
];

/// Rows as CSV: RFC 4180 quoting (the `csv` crate), UTF-8 with a BOM so a spreadsheet shows
/// Vietnamese right, and every cell a spreadsheet would run as a formula made inert.
pub fn csv_with_bom(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(header);
    for row in rows {
        let _ = w.write_record(row.iter().map(|c| inert(c)));
    }
    let bytes = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first), made inert
/// with a leading `'`; a real number such as `-5` stays a number.
pub fn inert(cell: &str) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    // A number is digits with a sign, a point, an exponent: Rust also reads "-inf" and "+NaN",
    // which a spreadsheet would take as formulas.
    let number = cell.parse::<f64>().is_ok()
        && cell
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E'));
    if risky && !number {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// The records listed and the trips and meetings they link to, in dataset order, each with
/// only the `related` ids among them: a dataset that loads again on its own.
fn self_contained(dataset: &Dataset, rows: &[usize]) -> Vec<Record> {
    let mut keep: BTreeSet<usize> = rows.iter().copied().collect();
    for &r in rows {
        let Some(rec) = dataset.get(r) else { continue };
        let linked = rec.meeting_ids().into_iter().chain(rec.trip_id());
        keep.extend(linked.filter_map(|id| dataset.index_of(id)));
    }
    let ids: BTreeSet<&str> = keep
        .iter()
        .filter_map(|&i| dataset.get(i).map(Record::id))
        .collect();
    keep.iter()
        .filter_map(|&i| dataset.get(i))
        .map(|rec| {
            let mut rec = rec.clone();
            let common = match &mut rec {
                Record::Trip(t) => &mut t.common,
                Record::Meeting(m) => &mut m.common,
                Record::Experience(e) => &mut e.common,
                Record::Visit(v) => &mut v.common,
            };
            common.related = common
                .related
                .iter()
                .filter(|id| ids.contains(id.as_str()))
                .cloned()
                .collect();
            rec
        })
        .collect()
}

/// A v1 dataset of the records listed and those they link to (`self_contained`).
fn json(dataset: &Dataset, rows: &[usize]) -> String {
    let mut file = DatasetFile {
        schema_version: 1,
        ..DatasetFile::default()
    };
    for rec in self_contained(dataset, rows) {
        match rec {
            Record::Trip(t) => file.trips.push(*t),
            Record::Meeting(m) => file.meetings.push(*m),
            Record::Experience(e) => file.experiences.push(*e),
            Record::Visit(v) => file.visits.push(*v),
        }
    }
    serde_json::to_string_pretty(&file).unwrap_or_default() + "\n"
}

fn csv(dataset: &Dataset, rows: &[usize], reviews: Option<&HashMap<String, Review>>) -> String {
    let mut header: Vec<&str> = CSV_COLUMNS.to_vec();
    if reviews.is_some() {
        header.extend(["status", "starred", "notes"]);
    }
    let none = Review::default();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .filter_map(|&r| dataset.get(r))
        .map(|rec| {
            let c = rec.common();
            let mut row = vec![
                rec.id().to_owned(),
                rec.kind().name().to_owned(),
                c.title.to_string(),
                c.summary.as_deref().unwrap_or_default().to_owned(),
                rec.provinces().join("; "),
                rec.topics().join("; "),
                c.tags.join("; "),
                rec.trip_id().unwrap_or_default().to_owned(),
                rec.date().map(|d| d.to_string()).unwrap_or_default(),
            ];
            if let Some(all) = reviews {
                let review = all.get(rec.id()).unwrap_or(&none);
                let notes: Vec<String> = review
                    .notes
                    .iter()
                    .map(|n| format!("{}: {}", n.author, n.text))
                    .collect();
                row.extend([
                    review.status().name().to_owned(),
                    review.starred.to_string(),
                    notes.join("\n\n"),
                ]);
            }
            row
        })
        .collect();
    csv_with_bom(&header, &cells)
}

/// A document grouped by trip, then kind: each record's facts, summary and links; the query
/// and filters at the top; with review, its status and notes.
fn markdown(
    dataset: &Dataset,
    rows: &[usize],
    reviews: Option<&HashMap<String, Review>>,
    described: &str,
    lang: Lang,
) -> String {
    let text = match lang {
        Lang::En => Text::English,
        Lang::Vi => Text::Original,
    };
    let mut md = String::from("# findings\n\n");
    let query = described.trim();
    if !query.is_empty() {
        let label = i18n::t(lang, i18n::Msg::ExportSelection);
        md.push_str(&format!("{label}: `{query}`\n\n"));
    }
    let records = i18n::t(lang, i18n::Msg::StatsRecords);
    md.push_str(&format!("{} {records}\n", rows.len()));
    // Trips in the order their first record is listed; within each, kinds in order.
    let mut trips: Vec<Option<&str>> = Vec::new();
    for &r in rows {
        let trip = dataset.get(r).and_then(Record::trip_id);
        if !trips.contains(&trip) {
            trips.push(trip);
        }
    }
    for trip in trips {
        let heading = trip
            .and_then(|t| dataset.by_id(t))
            .map_or("—", |t| describe::title(t, text));
        md.push_str(&format!("\n## {heading}\n"));
        for kind in Kind::ALL {
            let mine: Vec<usize> = rows
                .iter()
                .copied()
                .filter(|&r| {
                    dataset
                        .get(r)
                        .is_some_and(|rec| rec.kind() == kind && rec.trip_id() == trip)
                })
                .collect();
            if mine.is_empty() {
                continue;
            }
            md.push_str(&format!("\n### {}\n", i18n::kinds(lang, kind)));
            for r in mine {
                record(&mut md, dataset, r, text, lang, reviews);
            }
        }
    }
    md
}

fn record(
    md: &mut String,
    dataset: &Dataset,
    index: usize,
    text: Text,
    lang: Lang,
    reviews: Option<&HashMap<String, Review>>,
) {
    let (Some(rec), Some(d)) = (dataset.get(index), describe::describe(dataset, index, text))
    else {
        return;
    };
    md.push_str(&format!("\n#### {}\n\n- id: `{}`\n", d.title, rec.id()));
    for fact in &d.facts {
        md.push_str(&format!(
            "- {}: {}\n",
            i18n::label(lang, fact.label),
            fact.values.join("; ")
        ));
    }
    if let Some(review) = reviews.and_then(|all| all.get(rec.id())) {
        md.push_str(&format!(
            "- {}: {}",
            i18n::t(lang, i18n::Msg::ReviewHeading),
            i18n::status(lang, review.status())
        ));
        if let (Some(by), Some(at)) = (&review.set_by, &review.set_at) {
            md.push_str(&format!(" ({by}, {})", crate::model::when::local(at)));
        }
        md.push('\n');
        for note in &review.notes {
            md.push_str(&format!(
                "\n> {}\n>\n> — {}, {}\n",
                note.text.replace('\n', "\n> "),
                note.author,
                crate::model::when::local(note.edited.as_deref().unwrap_or(&note.created))
            ));
        }
    }
    if let Some(summary) = d.sections.first().and_then(|s| s.values.first()) {
        md.push_str(&format!("\n{summary}\n"));
    }
    let links = dataset.links(index);
    if !links.is_empty() {
        md.push('\n');
        for l in links.into_iter().filter_map(|i| dataset.get(i)) {
            md.push_str(&format!(
                "- {} `{}`: {}\n",
                i18n::kind(lang, l.kind()),
                l.id(),
                describe::title(l, text)
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_made_inert_and_numbers_kept() {
        assert_eq!(inert("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(inert("+1+1"), "'+1+1", "a sum is a formula");
        assert_eq!(inert("+5"), "+5", "a number with a sign is still a number");
        assert_eq!(inert("@cmd"), "'@cmd");
        assert_eq!(inert("-5"), "-5");
        assert_eq!(inert("-x"), "'-x");
        assert_eq!(inert("-2.5e3"), "-2.5e3");
        assert_eq!(
            inert("-inf"),
            "'-inf",
            "Rust reads it as a number, a spreadsheet does not"
        );
        assert_eq!(inert("+NaN"), "'+NaN");
        assert_eq!(inert("\tx"), "'\tx");
        assert_eq!(inert("Đắk Lắk"), "Đắk Lắk");
    }
}
