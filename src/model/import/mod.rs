//! Reading records typed in a spreadsheet (`findings import`): an `.xlsx` workbook laid out as
//! `model::sheets` says, or one CSV file per kind named by kind (`meetings.csv`, `Buổi làm
//! việc.csv`). The cells become a version 1 dataset, which is then checked by the one checker
//! every dataset goes through (`dataset::load_sources`); each problem it finds is placed back
//! at its file, sheet and cell: `t.xlsx:Buổi làm việc!C7: error: date: …`.
//!
//! Workbooks are read with `calamine`, the maintained pure-Rust reader of Excel and
//! OpenDocument files (it gives each cell's type, so a date Excel stored as a serial number is
//! told from a number).

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use serde_json::{Map, Value as Json};

mod cells;
mod read;

pub use cells::slug;
pub use read::unread_format;

use cells::{unique, value_of};
use read::read_tables;

use super::diagnostic::{Diagnostic, Severity};
use super::record::Kind;
use super::sheets::{self, Column, Words};
use super::source::{self, SourceFile};

/// One cell as read, before the column says what it means.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A date or time the spreadsheet stored as a serial number (days since 1899-12-30).
    Serial(f64),
    /// A cell holding a spreadsheet error (`#REF!`).
    Broken(String),
}

/// One sheet (or CSV file) of one kind's records.
pub struct Table {
    /// The file as the user named it.
    pub file: String,
    /// The sheet's name; `None` for a CSV file.
    pub sheet: Option<String>,
    pub kind: Kind,
    pub rows: Vec<Vec<Cell>>,
}

/// What an import made: the dataset's JSON text (when nothing was wrong), every problem and
/// the notes (ids made from titles), each placed at its cell.
pub struct Imported {
    pub json: Option<String>,
    pub diagnostics: Vec<Diagnostic>,
    pub notes: Vec<String>,
    /// The records read, per kind in `Kind::ALL` order.
    pub counts: [usize; 4],
}

impl Imported {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// Reads every file and makes one dataset of them.
pub fn import(paths: &[PathBuf]) -> Imported {
    import_beside(paths, &[])
}

/// [`import`], the records checked beside `beside` (the embedded data): links into it resolve
/// and its ids are taken; only the records read are in the dataset made.
pub fn import_beside(paths: &[PathBuf], beside: &[SourceFile]) -> Imported {
    let (files, mut diagnostics) = source::read_paths(paths);
    let mut tables = Vec::new();
    for file in &files {
        match read_tables(file, &mut diagnostics) {
            Ok(found) => tables.extend(found),
            Err(problem) => diagnostics.push(problem),
        }
    }
    build(&tables, diagnostics, beside)
}

/// True for a file findings reads as a workbook or a kind's CSV table rather than as JSON.
pub fn is_sheet(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower.ends_with(".xlsx") || lower.ends_with(".csv") || unread_format(&lower).is_some()
}

/// A workbook (or CSV table) named as data (`--data t.xlsx`): its records as the JSON text of
/// a dataset, to be checked with the other files; `place` puts what the checker finds back at
/// the cells.
pub struct Sheets {
    /// The records as a dataset file under the workbook's own name.
    pub source: SourceFile,
    /// Problems in the cells themselves (a date that is no date, a spreadsheet error), and
    /// ids made from titles as warnings: a title edited later would make a new id.
    pub diagnostics: Vec<Diagnostic>,
    origins: [Vec<Origin>; 4],
}

impl Sheets {
    /// A problem the checker found in `source`, at its cell.
    pub fn place(&self, d: Diagnostic) -> Diagnostic {
        let mut d = placed(d, &self.origins, &self.source.name).1;
        // A line and column of the made JSON mean nothing to whoever typed the cells.
        if d.file == self.source.name {
            d.position = None;
        }
        d
    }
}

/// True when `id` is the id of the template's example row of some kind (a record of the
/// embedded data).
fn is_template_example(id: &str) -> bool {
    static IDS: std::sync::OnceLock<HashSet<String>> = std::sync::OnceLock::new();
    IDS.get_or_init(|| {
        super::dataset::DataSource::Embedded
            .load()
            .dataset
            .records()
            .iter()
            .map(|r| r.id().to_owned())
            .collect()
    })
    .contains(id)
}

/// Reads `file` as a workbook or a kind's CSV table: the records, or why it cannot be read.
pub fn sheets(file: &SourceFile) -> Result<Sheets, Diagnostic> {
    let mut diagnostics = Vec::new();
    let tables = read_tables(file, &mut diagnostics)?;
    let Converted {
        json,
        origins,
        found,
        made_ids,
    } = convert(&tables);
    diagnostics.extend(found.into_iter().map(|(_, d)| d));
    diagnostics.extend(made_ids.into_iter().map(|(place, id)| Diagnostic {
        severity: Severity::Warning,
        file: place,
        position: None,
        path: "id".into(),
        message: format!(
            "no id: made from the title, \"{id}\"; write it in the id column, so reviews \
             stay with the record when the title is edited"
        ),
    }));
    Ok(Sheets {
        source: SourceFile {
            name: file.name.clone(),
            bytes: json.into_bytes().into(),
        },
        diagnostics,
        origins,
    })
}

fn file_problem(file: &str, message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        file: file.to_owned(),
        position: None,
        path: String::new(),
        message,
    }
}

fn warning(file: &str, message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        ..file_problem(file, message)
    }
}

/// `A`, `B`, … `Z`, `AA`… for a column counted from 0.
pub fn column_letters(mut index: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Where a record came from: its file, sheet and row, and the column of each field.
struct Origin {
    file: String,
    sheet: Option<String>,
    /// The table's place among those read: problems are listed in the order of the files,
    /// sheets, rows and columns.
    order: usize,
    row: usize,
    columns: HashMap<&'static str, usize>,
}

impl Origin {
    fn key(&self, column: Option<usize>) -> (usize, usize, usize) {
        (self.order, self.row, column.map_or(0, |c| c + 1))
    }

    /// `t.xlsx:Buổi làm việc!C7`, `meetings.csv:C7`; the row alone without a column.
    fn place(&self, column: Option<usize>) -> String {
        place(&self.file, self.sheet.as_deref(), self.row, column)
    }
}

/// The place of a cell (a row, without a column) of a table, as messages give it.
fn place(file: &str, sheet: Option<&str>, row: usize, column: Option<usize>) -> String {
    let cell = match column {
        Some(c) => format!("{}{}", column_letters(c), row + 1),
        None => format!("{}", row + 1),
    };
    match sheet {
        Some(sheet) => format!("{file}:{sheet}!{cell}"),
        None => format!("{file}:{cell}"),
    }
}

/// A problem with its place in reading order (table, row, column).
type Found = ((usize, usize, usize), Diagnostic);

/// The header's last row in the first rows (the one with the JSON names, in a template; the
/// only one, in a CSV file): the row naming the most columns, by JSON name or label.
fn header(table: &Table) -> Option<(usize, HashMap<usize, Column>)> {
    let columns = sheets::columns(table.kind);
    let mut best: Option<(usize, HashMap<usize, Column>)> = None;
    for (r, row) in table.rows.iter().enumerate().take(10) {
        let mut found = HashMap::new();
        for (c, value) in row.iter().enumerate() {
            let Cell::Text(text) = value else { continue };
            if let Some(column) = column_named(&columns, text) {
                found.insert(c, column);
            }
        }
        // At least id or title, and not fewer than a row above (the labels row, then the
        // JSON names row, name the same columns; the later one wins).
        let names_key = found.values().any(|c| c.json == "id" || c.json == "title");
        if names_key && best.as_ref().is_none_or(|(_, b)| found.len() >= b.len()) {
            best = Some((r, found));
        }
    }
    best
}

fn column_named(columns: &[Column], text: &str) -> Option<Column> {
    let text = text.trim().trim_end_matches('*').trim().to_lowercase();
    columns.iter().copied().find(|c| {
        c.json == text
            || [Words::Vi, Words::En]
                .iter()
                .any(|&w| c.label(w).trim_end_matches('*').trim().to_lowercase() == text)
    })
}

/// The tables made into a dataset's JSON text, not yet checked.
struct Converted {
    json: String,
    /// Where each record came from, per kind in `Kind::ALL` order.
    origins: [Vec<Origin>; 4],
    /// Problems in the cells, with their place in reading order.
    found: Vec<Found>,
    /// Ids made from titles: the id's cell and the id.
    made_ids: Vec<(String, String)>,
}

/// The name the made dataset is checked under.
const IMPORTED: &str = "import";

/// Makes the dataset from the tables, checks it, and places each problem at its cell.
fn build(tables: &[Table], mut diagnostics: Vec<Diagnostic>, beside: &[SourceFile]) -> Imported {
    let Converted {
        json,
        origins,
        mut found,
        made_ids,
    } = convert(tables);
    let notes = made_ids
        .into_iter()
        .map(|(place, id)| format!("{place}: note: id made from the title: \"{id}\""))
        .collect();
    let counts = [0, 1, 2, 3].map(|k| origins[k].len());
    let mut sources = vec![SourceFile {
        name: IMPORTED.into(),
        bytes: json.as_bytes().to_vec().into(),
    }];
    sources.extend(beside.iter().map(|f| SourceFile {
        name: f.name.clone(),
        bytes: f.bytes.clone(),
    }));
    let checked = super::dataset::load_sources(&sources, Vec::new());
    for d in checked.diagnostics {
        match d.file == IMPORTED {
            true => found.push(placed(d, &origins, IMPORTED)),
            // About a file beside (a clash named at the embedded record): as it is.
            false => found.push(((usize::MAX, 0, 0), d)),
        }
    }
    found.sort_by_key(|(key, _)| *key);
    diagnostics.extend(found.into_iter().map(|(_, d)| d));
    let ok = !diagnostics.iter().any(Diagnostic::is_error);
    Imported {
        json: ok.then_some(json),
        diagnostics,
        notes,
        counts,
    }
}

/// The tables as a dataset's JSON text: each row a record, each cell read as its column says;
/// ids made from titles where left empty.
fn convert(tables: &[Table]) -> Converted {
    let mut records: [Vec<Json>; 4] = Default::default();
    let mut origins: [Vec<Origin>; 4] = Default::default();
    // Each problem found in a cell, with its place in reading order.
    let mut found: Vec<Found> = Vec::new();
    for (order, table) in tables.iter().enumerate() {
        let Some((head, columns)) = header(table) else {
            let sheet = match &table.sheet {
                Some(s) => format!("{}:{s}", table.file),
                None => table.file.clone(),
            };
            let problem = "no header row naming the columns (id, title, …) in the first 10 rows";
            found.push(((order, 0, 0), file_problem(&sheet, problem.into())));
            continue;
        };
        unknown_columns(table, order, head, &columns, &mut found);
        let k = Kind::ALL.iter().position(|&k| k == table.kind).unwrap_or(0);
        for (r, row) in table.rows.iter().enumerate().skip(head + 1) {
            let origin = Origin {
                file: table.file.clone(),
                sheet: table.sheet.clone(),
                order,
                row: r,
                columns: columns.iter().map(|(&c, col)| (col.json, c)).collect(),
            };
            if let Some(object) = record(row, table.kind, &columns, &origin, &mut found) {
                records[k].push(Json::Object(object));
                origins[k].push(origin);
            }
        }
    }
    let made_ids = make_ids(&mut records, &origins, &mut found);
    let mut dataset = Map::new();
    dataset.insert("schema_version".into(), Json::from(1));
    for (k, kind) in Kind::ALL.iter().enumerate() {
        dataset.insert(
            kind.collection().into(),
            Json::Array(std::mem::take(&mut records[k])),
        );
    }
    let json = serde_json::to_string_pretty(&Json::Object(dataset)).unwrap_or_default() + "\n";
    Converted {
        json,
        origins,
        found,
        made_ids,
    }
}

/// A column the header names that is no field (a user's own "Ghi chú") is not read: said, so
/// nothing typed there is thought imported.
fn unknown_columns(
    table: &Table,
    order: usize,
    head: usize,
    columns: &HashMap<usize, Column>,
    found: &mut Vec<Found>,
) {
    for (c, value) in table.rows[head].iter().enumerate() {
        let Cell::Text(label) = value else { continue };
        let label = label.trim();
        if columns.contains_key(&c) || label.is_empty() || sheets::is_marker_label(label) {
            continue;
        }
        found.push((
            (order, head, c + 1),
            warning(
                &place(&table.file, table.sheet.as_deref(), head, Some(c)),
                format!(
                    "the column {:?} is not a field findings knows: its cells are not read",
                    super::text::inline(label)
                ),
            ),
        ));
    }
}

/// The record on a table's row, its fields in the layout's order; `None` for a blank row or
/// one marked as the example (said unless it is the template's own).
fn record(
    row: &[Cell],
    kind: Kind,
    columns: &HashMap<usize, Column>,
    origin: &Origin,
    found: &mut Vec<Found>,
) -> Option<Map<String, Json>> {
    let blank = row.iter().all(|c| match c {
        Cell::Empty => true,
        Cell::Text(t) => t.trim().is_empty(),
        _ => false,
    });
    if blank {
        return None;
    }
    let example = row.iter().enumerate().any(|(c, cell)| {
        !columns.contains_key(&c) && matches!(cell, Cell::Text(t) if sheets::is_example(t))
    });
    if example {
        // The template's own example is passed over quietly; anything else marked as an
        // example (a record typed over it, a mark dragged down) is said.
        let id = origin.columns.get("id").and_then(|&c| match row.get(c) {
            Some(Cell::Text(t)) => Some(t.trim()),
            _ => None,
        });
        if !id.is_some_and(is_template_example) {
            found.push((
                origin.key(None),
                warning(
                    &origin.place(None),
                    "the row is marked as the template's example and is not read; clear its \
                     first cell to read it"
                        .into(),
                ),
            ));
        }
        return None;
    }
    let mut object = Map::new();
    // Fields in the layout's order, whatever the sheet's: the dataset reads the same from
    // every workbook.
    let layout = sheets::columns(kind);
    let mut in_order: Vec<(&usize, &Column)> = columns.iter().collect();
    in_order.sort_by_key(|(_, col)| layout.iter().position(|l| l.json == col.json));
    for (&c, column) in in_order {
        let Some(value) = row.get(c) else { continue };
        match value_of(value, column) {
            Ok(Some(json)) => {
                let field = match (&json, column.single) {
                    (Json::String(_), Some(single)) => single,
                    _ => column.json,
                };
                put(&mut object, field, json)
            }
            Ok(None) => {}
            Err(message) => found.push((
                origin.key(Some(c)),
                Diagnostic {
                    severity: Severity::Error,
                    file: origin.place(Some(c)),
                    position: None,
                    path: column.json.to_owned(),
                    message,
                },
            )),
        }
    }
    Some(object)
}

/// Ids made from the titles of records left without one, unique among every id given: each
/// id's cell and the id made.
fn make_ids(
    records: &mut [Vec<Json>; 4],
    origins: &[Vec<Origin>; 4],
    found: &mut Vec<Found>,
) -> Vec<(String, String)> {
    let mut taken: HashSet<String> = records
        .iter()
        .flatten()
        .filter_map(|r| r.get("id").and_then(Json::as_str).map(str::to_owned))
        .collect();
    let mut made = Vec::new();
    // In reading order (files, sheets, rows), whatever the kinds: the same title twice gets
    // `-2` on the later one.
    let mut order: Vec<(usize, usize)> = (0..4)
        .flat_map(|k| (0..records[k].len()).map(move |i| (k, i)))
        .collect();
    order.sort_by_key(|&(k, i)| origins[k].get(i).map(|o| (o.order, o.row)));
    for (k, i) in order {
        let Json::Object(object) = &mut records[k][i] else {
            continue;
        };
        if object.contains_key("id") {
            continue;
        }
        let Some(title) = object.get("title").and_then(Json::as_str) else {
            continue;
        };
        let id = unique(slug(title), &mut taken);
        let origin = &origins[k][i];
        let column = origin.columns.get("id").copied();
        if id.is_empty() {
            found.push((
                origin.key(column),
                Diagnostic {
                    severity: Severity::Error,
                    file: origin.place(column),
                    position: None,
                    path: "id".into(),
                    message: "no id can be made from this title (it has no letter or digit \
                              findings writes ids with): write one in the id column"
                        .into(),
                },
            ));
            continue;
        }
        made.push((origin.place(column), id.clone()));
        let mut first = Map::new();
        first.insert("id".into(), Json::String(id));
        first.append(object);
        *object = first;
    }
    made
}

/// A problem the checker found in the made dataset (`meetings[2].date`), at its cell.
fn placed(
    mut d: Diagnostic,
    origins: &[Vec<Origin>; 4],
    source: &str,
) -> ((usize, usize, usize), Diagnostic) {
    let path = d.path.clone();
    let (head, rest) = path.split_once('.').unwrap_or((&path, ""));
    let Some((kind, origin)) = origin_at(head, origins) else {
        return ((usize::MAX, 0, 0), d);
    };
    // "duplicate id …: first defined at SOURCE:45:13 (meetings[0])": the first one's cell,
    // not a line of the JSON made from the cells.
    let first = format!("first defined at {source}:");
    if let (Some(at), Some(open)) = (d.message.find(&first), d.message.rfind(" (")) {
        let other = d.message[open + 2..].trim_end_matches(')');
        if let Some((_, defined)) = origin_at(other, origins) {
            let cell = defined.place(defined.columns.get("id").copied());
            d.message = format!("{}first defined at {cell}", &d.message[..at]);
        }
    }
    // The field: the path without indices (`meetings[1]` is `meetings`), or the one a
    // "missing required field" names.
    let mut field: String = rest
        .split('.')
        .map(|p| p.split('[').next().unwrap_or(p))
        .collect::<Vec<_>>()
        .join(".");
    if field.is_empty() {
        if let Some(name) = d.message.split('"').nth(1) {
            field = name.to_owned();
        }
    }
    let column = sheets::columns(kind)
        .iter()
        .find(|c| c.json == field || c.single == Some(field.as_str()))
        .and_then(|c| origin.columns.get(c.json).copied());
    let column = column.or_else(|| origin.columns.get("id").copied());
    d.file = origin.place(column);
    d.position = None;
    d.path = field;
    (origin.key(column), d)
}

/// The origin of the record at `meetings[2]`, with its kind.
fn origin_at<'o>(path: &str, origins: &'o [Vec<Origin>; 4]) -> Option<(Kind, &'o Origin)> {
    Kind::ALL.iter().enumerate().find_map(|(k, kind)| {
        let index = path
            .strip_prefix(kind.collection())?
            .strip_prefix('[')?
            .strip_suffix(']')?
            .parse::<usize>()
            .ok()?;
        Some((*kind, origins[k].get(index)?))
    })
}

/// Puts `value` at a dotted field (`leader.name` inside `leader`).
fn put(object: &mut Map<String, Json>, field: &str, value: Json) {
    match field.split_once('.') {
        None => {
            object.insert(field.to_owned(), value);
        }
        Some((outer, inner)) => {
            let entry = object
                .entry(outer.to_owned())
                .or_insert_with(|| Json::Object(Map::new()));
            if let Json::Object(inside) = entry {
                put(inside, inner, value);
            }
        }
    }
}
