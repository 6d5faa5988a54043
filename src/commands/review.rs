//! `findings review …`: marks, stars and notes from the command line, on the same store and by
//! the same rules as the TUI; listing, counting and the end-of-session report.

use std::collections::BTreeMap;
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use serde::Serialize;

use super::{load_valid, output, Error, Format, Outcome, Wanted, NOT_FOUND, OK};
use crate::export::report as made;
pub use crate::export::ReportFormat;
use crate::i18n::{self, Lang};
use crate::model::describe::{self, Text};
use crate::model::review::{Review, Status, Store, NOTE_LIMIT};
use crate::model::search::Index;
use crate::model::selection::{self, Selection};
use crate::model::when;
use crate::model::{Dataset, Kind};
use crate::settings::Settings;

/// The report's form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Report {
    Markdown,
    /// One row per record: `id,kind,title,status,starred,set_by,set_at,notes` (`set_at` in
    /// local time with its zone; notes joined by blank lines, each `author: text`); UTF-8 with
    /// a BOM for spreadsheets.
    Csv,
    Json,
}

/// What to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Mark {
        id: String,
        status: Status,
    },
    Star {
        id: String,
        on: bool,
    },
    Note {
        id: String,
        text: String,
    },
    List {
        wanted: Wanted,
        statuses: Vec<Status>,
        format: Format,
    },
    Stats {
        format: Format,
    },
    Export {
        wanted: Wanted,
        format: Report,
        output: Option<PathBuf>,
        /// Replace the output file if it exists.
        force: bool,
    },
    /// The review report: `findings review report`.
    Report {
        wanted: Wanted,
        format: ReportFormat,
        output: Option<PathBuf>,
        /// Replace the output file if it exists.
        force: bool,
    },
    Orphans,
}

/// Does `action` on the review store the settings name, as the user they name.
pub fn run(
    settings: &Settings,
    action: Action,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Outcome {
    // A bad filter is a usage error before anything is loaded.
    let selection = match &action {
        Action::List { wanted, .. }
        | Action::Export { wanted, .. }
        | Action::Report { wanted, .. } => super::selection(wanted, settings)?,
        _ => Selection::default(),
    };
    let who = &settings.reviewer;
    let dataset = load_valid(settings, err)?;
    if let Some(warning) = crate::model::review::network_filesystem_warning(&who.db) {
        let _ = writeln!(err, "findings: {warning}");
    }
    let mut store = Store::at(&who.db);
    let result = match action {
        Action::Mark { id, status } => known(&dataset, &id).and_then(|_| {
            store.mark(&id, status, &who.user).map_err(fail)?;
            output::changed();
            let _ = writeln!(out, "{id}: {status} (by {})", who.user);
            Ok(OK)
        }),
        Action::Star { id, on } => known(&dataset, &id).and_then(|_| {
            store.star(&id, on, &who.user).map_err(fail)?;
            output::changed();
            let word = if on { "starred" } else { "unstarred" };
            let _ = writeln!(out, "{id}: {word} (by {})", who.user);
            Ok(OK)
        }),
        Action::Note { id, text } => known(&dataset, &id).and_then(|_| {
            let text = note_text(text)?;
            let note = store.add_note(&id, &text, &who.user).map_err(fail)?;
            output::changed();
            let _ = writeln!(out, "{id}: note {note} added (by {})", who.user);
            Ok(OK)
        }),
        Action::List {
            statuses, format, ..
        } => list(&dataset, &mut store, &selection, &statuses, format, out),
        Action::Stats { format } => stats(&dataset, &mut store, format, settings.lang, out),
        Action::Export {
            format,
            output,
            force,
            ..
        } => {
            let to = output.as_deref().map(|path| (path, force));
            export(
                &dataset,
                &mut store,
                &selection,
                format,
                to,
                settings.lang,
                out,
            )
        }
        Action::Report {
            format,
            output,
            force,
            ..
        } => {
            let to = Destination {
                file: output.as_deref().map(|path| (path, force)),
                terminal: std::io::stdout().is_terminal(),
            };
            report(settings, &dataset, &mut store, &selection, format, to, out)
        }
        Action::Orphans => orphans(&dataset, &mut store, out),
    };
    tell_warnings(&mut store, err);
    result
}

/// Every review, by record id.
pub type Reviews = std::collections::HashMap<String, Review>;

fn fail(e: crate::model::review::StoreError) -> Error {
    Error::failed(e.to_string())
}

/// An id the data has; else a usage error naming the closest ids.
fn known(dataset: &Dataset, id: &str) -> Result<(), Error> {
    if dataset.index_of(id).is_some() {
        return Ok(());
    }
    let close = dataset.similar_ids(id, 3);
    let hint = if close.is_empty() {
        String::new()
    } else {
        format!(" (did you mean {}?)", close.join(", "))
    };
    Err(Error::usage(format!("no record has the id {id:?}{hint}")))
}

/// The note's text: as given, or standard input for "-"; never blank. Standard input is read
/// to one byte past the note limit, no further: `< /dev/zero` ends at once.
fn note_text(text: String) -> Result<String, Error> {
    let text = if text == "-" {
        note_from(std::io::stdin().lock())?
    } else {
        text
    };
    let text = crate::model::text::clean(text.trim_end(), crate::model::text::Lines::Keep);
    if text.trim().is_empty() {
        return Err(Error::usage("the note is empty"));
    }
    Ok(text)
}

/// A note read from `input`, refused when longer than [`NOTE_LIMIT`] bytes (read no further).
fn note_from(input: impl Read) -> Result<String, Error> {
    let mut bytes = Vec::new();
    input
        .take(NOTE_LIMIT as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::usage(format!("cannot read the note from standard input: {e}")))?;
    if bytes.len() > NOTE_LIMIT {
        return Err(Error::usage(format!(
            "the note on standard input is longer than {} KiB ({NOTE_LIMIT} bytes), the most a \
             note holds; nothing was saved",
            NOTE_LIMIT / 1024
        )));
    }
    String::from_utf8(bytes).map_err(|_| {
        Error::usage("the note on standard input is not UTF-8 text; nothing was saved")
    })
}

/// How many warnings about values of the wrong type a command shows; the rest are counted.
const WARNINGS_SHOWN: usize = 10;

/// Says on `err` what the store warned about (values of the wrong type it skipped), once.
fn tell_warnings(store: &mut Store, err: &mut impl Write) {
    let warnings = store.take_warnings();
    for w in warnings.iter().take(WARNINGS_SHOWN) {
        let _ = writeln!(err, "findings: warning: {w}");
    }
    if warnings.len() > WARNINGS_SHOWN {
        let _ = writeln!(
            err,
            "findings: warning: and {} more values of the wrong type in the review database",
            warnings.len() - WARNINGS_SHOWN
        );
    }
}

/// Every review in the database at `db`, its warnings said on `err`: for the commands that
/// read reviews beside their own work (export, search by review facets).
pub fn read_reviews(db: &std::path::Path, err: &mut impl Write) -> Result<Reviews, Error> {
    let mut store = Store::at(db);
    let all = store.all().map_err(fail);
    tell_warnings(&mut store, err);
    all
}

/// One record with its review, as scripts see it.
#[derive(Serialize)]
struct Listed<'a> {
    id: &'a str,
    kind: Kind,
    title: &'a str,
    status: &'static str,
    starred: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    set_by: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    set_at: Option<&'a str>,
    /// `set_at` in local time with its zone (`2026-12-04 21:04 +07:00`).
    #[serde(skip_serializing_if = "Option::is_none")]
    set_at_local: Option<String>,
    notes: Vec<ListedNote<'a>>,
    /// Every status change, oldest first (`review list` only).
    #[serde(skip_serializing_if = "Option::is_none")]
    history: Option<Vec<ListedChange<'a>>>,
}

/// One status change, as scripts see it: who, from, to, when (UTC, as the store keeps it, and
/// local with the zone).
#[derive(Serialize)]
struct ListedChange<'a> {
    user: &'a str,
    from: &'static str,
    to: &'static str,
    at: &'a str,
    at_local: String,
}

#[derive(Serialize)]
struct ListedNote<'a> {
    author: &'a str,
    created: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    edited: Option<&'a str>,
    /// When it was written, or last changed, in local time with its zone.
    at_local: String,
    text: &'a str,
}

fn listed<'a>(dataset: &'a Dataset, record: usize, review: &'a Review) -> Option<Listed<'a>> {
    let r = dataset.get(record)?;
    Some(Listed {
        id: r.id(),
        kind: r.kind(),
        title: r.title(),
        status: review.status().name(),
        starred: review.starred,
        set_by: review.set_by.as_deref(),
        set_at: review.set_at.as_deref(),
        set_at_local: review.set_at.as_deref().map(when::local),
        notes: review
            .notes
            .iter()
            .map(|n| ListedNote {
                author: &n.author,
                created: &n.created,
                edited: n.edited.as_deref(),
                at_local: when::local(n.edited.as_deref().unwrap_or(&n.created)),
                text: &n.text,
            })
            .collect(),
        history: None,
    })
}

/// The records the selection lists, with their reviews, kept to `statuses` if any.
fn selected(
    dataset: &Dataset,
    store: &mut Store,
    selection: &Selection,
    statuses: &[Status],
) -> Result<(Vec<usize>, Reviews), Error> {
    let reviews = store.all().map_err(fail)?;
    let index = Index::build(dataset);
    let never = AtomicBool::new(false);
    // A saved view may filter on reviews.
    let mut selection = selection.clone();
    if selection.reviews.is_none() {
        let facets = crate::model::facets::ReviewFacets::build(dataset, &reviews);
        selection.reviews = Some(std::sync::Arc::new(facets));
    }
    let rows = selection::run(dataset, &index, &selection, None, &never)
        .map(|(_, shown)| shown.rows)
        .unwrap_or_default();
    let status_of = |r: usize| {
        dataset
            .get(r)
            .and_then(|rec| reviews.get(rec.id()))
            .map_or(Status::Unreviewed, Review::status)
    };
    let rows = rows
        .into_iter()
        .filter(|&r| statuses.is_empty() || statuses.contains(&status_of(r)))
        .collect();
    Ok((rows, reviews))
}

fn list(
    dataset: &Dataset,
    store: &mut Store,
    selection: &Selection,
    statuses: &[Status],
    format: Format,
    out: &mut impl Write,
) -> Outcome {
    let (rows, reviews) = selected(dataset, store, selection, statuses)?;
    let history = match format {
        Format::Json => history_by_record(store)?,
        Format::Text => Default::default(),
    };
    let none = Review::default();
    let items: Vec<Listed> = rows
        .iter()
        .filter_map(|&r| {
            let id = dataset.get(r)?.id();
            let mut item = listed(dataset, r, reviews.get(id).unwrap_or(&none))?;
            let changes = history.get(id).map_or(&[][..], Vec::as_slice);
            item.history = Some(
                changes
                    .iter()
                    .map(|c| ListedChange {
                        user: &c.user,
                        from: c.from.name(),
                        to: c.to.name(),
                        at: &c.at,
                        at_local: when::local(&c.at),
                    })
                    .collect(),
            );
            Some(item)
        })
        .collect();
    match format {
        Format::Json => {
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&items).unwrap_or_default()
            );
        }
        Format::Text => {
            for i in &items {
                let star = if i.starred { "★" } else { " " };
                let notes = match i.notes.len() {
                    0 => String::new(),
                    n => format!("  ({n} note{})", if n == 1 { "" } else { "s" }),
                };
                let decided = match (i.set_by, &i.set_at_local) {
                    (Some(by), Some(at)) => format!("  ({by}, {at})"),
                    _ => String::new(),
                };
                let _ = writeln!(
                    out,
                    "{:<14} {star} {}  {}{notes}{decided}",
                    i.status, i.id, i.title
                );
            }
        }
    }
    Ok(if items.is_empty() { NOT_FOUND } else { OK })
}

/// Every status change in the store, by record, oldest first.
fn history_by_record(
    store: &mut Store,
) -> Result<std::collections::HashMap<String, Vec<crate::model::review::Change>>, Error> {
    let mut by_record: std::collections::HashMap<_, Vec<_>> = Default::default();
    for change in store.history().map_err(fail)? {
        by_record
            .entry(change.record.clone())
            .or_default()
            .push(change);
    }
    Ok(by_record)
}

#[derive(Serialize)]
struct Stats {
    total: usize,
    by_status: BTreeMap<&'static str, usize>,
    by_user: BTreeMap<String, usize>,
    notes: usize,
}

fn stats(
    dataset: &Dataset,
    store: &mut Store,
    format: Format,
    lang: Lang,
    out: &mut impl Write,
) -> Outcome {
    let reviews = store.all().map_err(fail)?;
    let history = store.history().map_err(fail)?;
    let mut by_status: BTreeMap<&'static str, usize> =
        Status::ALL.iter().map(|s| (s.name(), 0)).collect();
    for r in dataset.records() {
        let status = reviews
            .get(r.id())
            .map_or(Status::Unreviewed, Review::status);
        *by_status.entry(status.name()).or_default() += 1;
    }
    let mut by_user: BTreeMap<String, usize> = BTreeMap::new();
    for change in &history {
        *by_user.entry(change.user.clone()).or_default() += 1;
    }
    let notes = reviews.values().map(|r| r.notes.len()).sum();
    let s = Stats {
        total: dataset.len(),
        by_status,
        by_user,
        notes,
    };
    match format {
        Format::Json => {
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&s).unwrap_or_default()
            );
        }
        Format::Text => {
            // "Reviewed" is also one of the statuses: the first line counts every record with
            // a status, in words that cannot be read as that one status's count.
            let words = i18n::report::stats_words(lang);
            let done = s.total - s.by_status["unreviewed"];
            let line = words
                .done
                .replace("{done}", &done.to_string())
                .replace("{total}", &s.total.to_string());
            let _ = writeln!(out, "{line}");
            for status in Status::ALL {
                let n = s.by_status.get(status.name()).copied().unwrap_or(0);
                let name = i18n::status(lang, status);
                let pad = 16usize.saturating_sub(name.chars().count());
                let _ = writeln!(out, "  {name}{:pad$}{n:>6}", "");
            }
            let _ = writeln!(out, "{}: {}", words.notes, s.notes);
            for (user, n) in &s.by_user {
                let _ = writeln!(out, "  {user:<16}{n:>6} {}", words.changes);
            }
        }
    }
    Ok(OK)
}

/// The report: grouped by status (to apply first), then by trip; each record's title, place,
/// status with who and when, and every note with its author.
fn export(
    dataset: &Dataset,
    store: &mut Store,
    selection: &Selection,
    format: Report,
    file: Option<(&std::path::Path, bool)>,
    lang: Lang,
    out: &mut impl Write,
) -> Outcome {
    let (rows, reviews) = selected(dataset, store, selection, &[])?;
    let none = Review::default();
    let items = || -> Vec<Listed> {
        rows.iter()
            .filter_map(|&r| {
                let id = dataset.get(r)?.id();
                listed(dataset, r, reviews.get(id).unwrap_or(&none))
            })
            .collect()
    };
    let text = match format {
        Report::Json => serde_json::to_string_pretty(&items()).unwrap_or_default() + "\n",
        Report::Csv => csv_report(&items(), lang),
        Report::Markdown => markdown(dataset, &rows, &reviews, lang),
    };
    match file {
        None => {
            let _ = out.write_all(text.as_bytes());
        }
        Some((path, force)) => {
            output::write_file(path, &text, force)?;
            let _ = writeln!(out, "findings: wrote {}", crate::model::files::shown(path));
        }
    }
    Ok(OK)
}

/// The export as Markdown, its labels in `lang` (English keeps its first words, see
/// [`i18n::report::ExportWords`]); record text in `lang` where the record has it; times local.
fn markdown(dataset: &Dataset, rows: &[usize], reviews: &Reviews, lang: Lang) -> String {
    let none = Review::default();
    let w = i18n::report::export_words(lang);
    let text = match lang {
        Lang::En => Text::English,
        Lang::Vi => Text::Original,
    };
    let status_name = |s: Status| match w.translated {
        true => i18n::status(lang, s),
        false => s.name(),
    };
    let order = [
        Status::ToApply,
        Status::Reviewed,
        Status::NotApplicable,
        Status::Unreviewed,
    ];
    let mut md = format!("# {}\n", w.heading);
    for status in order {
        let mut by_trip: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for &r in rows {
            let Some(rec) = dataset.get(r) else { continue };
            if reviews.get(rec.id()).unwrap_or(&none).status() != status {
                continue;
            }
            let trip = rec
                .trip_id()
                .and_then(|t| dataset.by_id(t))
                .map_or_else(String::new, |t| describe::title(t, text).to_owned());
            by_trip.entry(trip).or_default().push(r);
        }
        if by_trip.is_empty() {
            continue;
        }
        md.push_str(&format!("\n## {}\n", w.status_heading(lang, status)));
        for (trip, records) in by_trip {
            if !trip.is_empty() {
                md.push_str(&format!("\n### {trip}\n"));
            }
            for r in records {
                let Some(rec) = dataset.get(r) else { continue };
                let review = reviews.get(rec.id()).unwrap_or(&none);
                md.push_str(&format!("\n#### {}\n\n", describe::title(rec, text)));
                md.push_str(&format!("- {}: `{}`\n", w.id, rec.id()));
                let places = rec.provinces().join(", ");
                if !places.is_empty() {
                    md.push_str(&format!("- {}: {places}\n", w.place));
                }
                let name = status_name(status);
                match (&review.set_by, &review.set_at) {
                    (Some(by), Some(at)) => md.push_str(&format!(
                        "- {}: {name} ({} {by}, {})\n",
                        w.status,
                        w.by,
                        when::local(at)
                    )),
                    _ => md.push_str(&format!("- {}: {name}\n", w.status)),
                }
                if review.starred {
                    md.push_str(&format!("- {}\n", w.starred));
                }
                for note in &review.notes {
                    let when = when::local(note.edited.as_deref().unwrap_or(&note.created));
                    md.push_str(&format!(
                        "\n> {}\n>\n> — {}, {when}\n",
                        note.text.replace('\n', "\n> "),
                        note.author
                    ));
                }
            }
        }
    }
    md
}

/// Where a report goes: a file (and whether to replace it), else standard output, which may be
/// a terminal.
struct Destination<'a> {
    file: Option<(&'a std::path::Path, bool)>,
    terminal: bool,
}

/// `findings review report`: the report of the records the selection lists, in the settings'
/// language, for the config's agency. A Word or Excel file is not sent to a terminal.
fn report(
    settings: &Settings,
    dataset: &Dataset,
    store: &mut Store,
    selection: &Selection,
    format: ReportFormat,
    to: Destination,
    out: &mut impl Write,
) -> Outcome {
    if to.file.is_none() && to.terminal && format.is_binary() {
        return Err(Error::usage(format!(
            "a .{} report is a binary file: give -o FILE, or send standard output to a file",
            format.extension()
        )));
    }
    let (rows, reviews) = selected(dataset, store, selection, &[])?;
    let now = when::now_utc();
    let agency = settings.agency.as_deref();
    let report = made::build(dataset, &reviews, &rows, settings.lang, agency, &now);
    let bytes = made::bytes(format, &report)
        .map_err(|e| Error::failed(format!("the .{} report: {e}", format.extension())))?;
    match to.file {
        None => {
            let _ = out.write_all(&bytes);
        }
        Some((path, force)) => {
            output::write_bytes(path, &bytes, force)?;
            let _ = writeln!(out, "findings: wrote {}", crate::model::files::shown(path));
        }
    }
    Ok(OK)
}

/// The CSV report, one row per record (see [`Report::Csv`]).
fn csv_report(items: &[Listed], lang: Lang) -> String {
    let header = i18n::report::export_words(lang).csv_header;
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| {
            let notes = i
                .notes
                .iter()
                .map(|n| format!("{}: {}", n.author, n.text))
                .collect::<Vec<_>>()
                .join("\n\n");
            vec![
                i.id.to_owned(),
                i.kind.name().to_owned(),
                i.title.to_owned(),
                i.status.to_owned(),
                i.starred.to_string(),
                i.set_by.unwrap_or_default().to_owned(),
                i.set_at_local.clone().unwrap_or_default(),
                notes,
            ]
        })
        .collect();
    crate::export::csv_with_bom(&header, &rows)
}

fn orphans(dataset: &Dataset, store: &mut Store, out: &mut impl Write) -> Outcome {
    let reviews = store.all().map_err(fail)?;
    let mut ids: Vec<(&String, &Review)> = reviews
        .iter()
        .filter(|(id, _)| dataset.index_of(id).is_none())
        .collect();
    ids.sort_by(|a, b| a.0.cmp(b.0));
    for (id, r) in &ids {
        let _ = writeln!(
            out,
            "{id}  {}{}  {} note(s)",
            r.status(),
            if r.starred { " ★" } else { "" },
            r.notes.len()
        );
    }
    Ok(if ids.is_empty() { NOT_FOUND } else { OK })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{Env, Flags};

    /// Settings on the embedded data with a review file in `dir`.
    fn settings(dir: &std::path::Path) -> Settings {
        let flags = Flags {
            review_db: Some(dir.join("team.db")),
            user: Some("lan".into()),
            ..Flags::default()
        };
        let config = crate::config::Config::default();
        Settings::resolve(flags, &Env::default(), config, &mut Vec::new()).unwrap()
    }

    #[test]
    fn a_binary_report_is_not_sent_to_a_terminal_but_markdown_is() {
        let dir = tempfile::tempdir().unwrap();
        let settings = settings(dir.path());
        let dataset = load_valid(&settings, &mut Vec::new()).unwrap();
        let mut store = Store::at(&settings.reviewer.db);
        let selection = Selection::default();
        for format in [ReportFormat::Docx, ReportFormat::Xlsx] {
            let to = Destination {
                file: None,
                terminal: true,
            };
            let mut out = Vec::new();
            let refused = report(
                &settings, &dataset, &mut store, &selection, format, to, &mut out,
            )
            .unwrap_err();
            assert_eq!(refused.code(), crate::error::USAGE, "{format:?}");
            assert!(refused.to_string().contains("-o FILE"), "{refused}");
            assert!(out.is_empty(), "nothing sent to the terminal");
        }
        let to = Destination {
            file: None,
            terminal: true,
        };
        let mut out = Vec::new();
        let format = ReportFormat::Markdown;
        report(
            &settings, &dataset, &mut store, &selection, format, to, &mut out,
        )
        .unwrap();
        assert!(
            String::from_utf8_lossy(&out).contains("## "),
            "Markdown is text"
        );
    }
}
