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
use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use serde_json::{Map, Value as Json};

use super::diagnostic::{Diagnostic, Severity};
use super::record::Kind;
use super::sheets::{self, Column, Value, Words};
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

/// The most a workbook may unpack to, in all and in one part: a few megabytes of zip can
/// hold gigabytes of text (a "zip bomb"), which would be read into memory whole.
const MAX_UNPACKED: u64 = 512 * 1024 * 1024;
const MAX_PART: u64 = 256 * 1024 * 1024;

fn warning(file: &str, message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        ..file_problem(file, message)
    }
}

/// The tables in one file: a workbook's sheets of known kinds, or a CSV file. What is passed
/// over (a sheet of another name) is said in `notes`.
fn read_tables(file: &SourceFile, notes: &mut Vec<Diagnostic>) -> Result<Vec<Table>, Diagnostic> {
    let name = &file.name;
    let lower = name.to_lowercase();
    if lower.ends_with(".csv") {
        let stem = Path::new(name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let kind = sheets::kind_of_sheet(&stem).ok_or_else(|| {
            file_problem(
                name,
                format!(
                    "a CSV file is named by the kind it holds: trips.csv, meetings.csv, \
                     experiences.csv or visits.csv, not {stem:?}"
                ),
            )
        })?;
        return Ok(vec![Table {
            file: name.clone(),
            sheet: None,
            kind,
            rows: read_csv(&file.bytes).map_err(|e| file_problem(name, e))?,
        }]);
    }
    if let Some(old) = unread_format(&lower) {
        return Err(file_problem(
            name,
            format!("{old}: open it and save it as an Excel workbook (.xlsx)"),
        ));
    }
    if !lower.ends_with(".xlsx") {
        return Err(file_problem(
            name,
            "import reads .xlsx workbooks and .csv files".into(),
        ));
    }
    unpacked_size(&file.bytes).map_err(|e| file_problem(name, e))?;
    let mut book: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(file.bytes.to_vec())).map_err(|e| {
            file_problem(
                name,
                format!(
                    "not an .xlsx workbook findings can read ({e}); an older .xls renamed? Open \
                 it and save it as an Excel workbook (.xlsx)"
                ),
            )
        })?;
    // Cells merged over several rows (a trip's id down its meetings): every row they cover
    // holds the value, as the user sees it.
    let merged = book.load_merged_regions().is_ok();
    let mut tables = Vec::new();
    for sheet in book.sheet_names() {
        let Some(kind) = sheets::kind_of_sheet(&sheet) else {
            notes.push(warning(
                name,
                format!(
                    "the sheet {:?} is not read: findings reads the sheets named for a kind \
                     of record ({})",
                    super::text::inline(&sheet),
                    sheets::sheet_names_listed()
                ),
            ));
            continue;
        };
        let range = book
            .worksheet_range(&sheet)
            .map_err(|e| file_problem(name, format!("sheet {sheet:?} cannot be read: {e}")))?;
        // The range starts at its first used cell: put back the rows and columns before it,
        // so a cell's place is the one the user sees.
        let (top, left) = range.start().unwrap_or((0, 0));
        let mut rows: Vec<Vec<Cell>> = (0..top).map(|_| Vec::new()).collect();
        for row in range.rows() {
            let mut cells = vec![Cell::Empty; left as usize];
            cells.extend(row.iter().map(cell));
            rows.push(cells);
        }
        if merged {
            for region in book.merged_regions_by_sheet(&sheet) {
                let ((r0, c0), (r1, c1)) = (region.2.start, region.2.end);
                let value = rows
                    .get(r0 as usize)
                    .and_then(|r| r.get(c0 as usize))
                    .cloned()
                    .unwrap_or(Cell::Empty);
                for r in r0..=r1.min(rows.len().saturating_sub(1) as u32) {
                    for c in c0..=c1.min(1024) {
                        let row = &mut rows[r as usize];
                        if row.len() <= c as usize {
                            row.resize(c as usize + 1, Cell::Empty);
                        }
                        row[c as usize] = value.clone();
                    }
                }
            }
        }
        tables.push(Table {
            file: name.clone(),
            // Printed in every message about it: no control sequence from the file.
            sheet: Some(super::text::inline(&sheet)),
            kind,
            rows,
        });
    }
    if tables.is_empty() {
        return Err(file_problem(
            name,
            format!(
                "no sheet named for a kind of record (as `findings template` writes them: {})",
                sheets::sheet_names_listed()
            ),
        ));
    }
    Ok(tables)
}

/// What a spreadsheet format findings does not read is, by its name's extension.
pub fn unread_format(lower: &str) -> Option<&'static str> {
    if lower.ends_with(".xls") {
        Some("an Excel 97-2003 workbook (.xls), which findings does not read")
    } else if lower.ends_with(".ods") {
        Some("an OpenDocument spreadsheet (.ods), which findings does not read")
    } else if lower.ends_with(".xlsm") || lower.ends_with(".xlsb") {
        Some("a macro-enabled or binary Excel workbook, which findings does not read")
    } else {
        None
    }
}

/// Refuses a workbook that would unpack to more than findings reads, from the sizes its zip
/// directory gives, before any part is unpacked.
fn unpacked_size(bytes: &[u8]) -> Result<(), String> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        // Not a zip: the reader says so in its own words.
        return Ok(());
    };
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Ok(part) = archive.by_index_raw(i) else {
            continue;
        };
        let size = part.size();
        if size > MAX_PART {
            return Err(format!(
                "{} unpacks to {} MB, more than findings reads from one part of a workbook ({} MB)",
                super::text::inline(part.name()),
                size / 1_048_576,
                MAX_PART / 1_048_576
            ));
        }
        total = total.saturating_add(size);
    }
    if total > MAX_UNPACKED {
        return Err(format!(
            "the workbook unpacks to {} MB, more than findings reads ({} MB)",
            total / 1_048_576,
            MAX_UNPACKED / 1_048_576
        ));
    }
    Ok(())
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Text(b.to_string()),
        Data::DateTime(d) => Cell::Serial(d.as_f64()),
        Data::Error(e) => Cell::Broken(e.to_string()),
    }
}

fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<Cell>>, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(
            "the file is UTF-16 (Excel's \"Unicode text\"): save it as \"CSV UTF-8 (Comma \
             delimited)\""
                .into(),
        );
    }
    if std::str::from_utf8(bytes).is_err() {
        return Err(
            "the file is not UTF-8 text (an older Excel saves CSV in the computer's code \
             page): save it as \"CSV UTF-8 (Comma delimited)\""
                .into(),
        );
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator(bytes))
        .from_reader(bytes);
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| format!("not a CSV file findings can read: {e}"))?;
        rows.push(
            record
                .iter()
                .map(|c| match c.is_empty() {
                    true => Cell::Empty,
                    false => Cell::Text(c.to_owned()),
                })
                .collect(),
        );
    }
    Ok(rows)
}

/// The separator of a CSV file: `,`, or `;` (what Excel writes where the decimal mark is a
/// comma, as in Vietnam) or a tab, whichever the first line (outside quotes) holds most of.
fn separator(bytes: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in bytes.iter().take(64 * 1024) {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3)
        .max_by_key(|&i| (counts[i], usize::from(i == 0)))
        .unwrap_or(0);
    [b',', b';', b'\t'][best]
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
        let cell = match column {
            Some(c) => format!("{}{}", column_letters(c), self.row + 1),
            None => format!("{}", self.row + 1),
        };
        match &self.sheet {
            Some(sheet) => format!("{}:{sheet}!{cell}", self.file),
            None => format!("{}:{cell}", self.file),
        }
    }
}

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
    found: Vec<((usize, usize, usize), Diagnostic)>,
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
    let mut made_ids = Vec::new();
    let mut untitled = Vec::new();
    // Each problem found in a cell, with its place in reading order.
    let mut found: Vec<((usize, usize, usize), Diagnostic)> = Vec::new();
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
        let k = Kind::ALL.iter().position(|&k| k == table.kind).unwrap_or(0);
        let place = |r: usize, c: Option<usize>| {
            let cell = match c {
                Some(c) => format!("{}{}", column_letters(c), r + 1),
                None => format!("{}", r + 1),
            };
            match &table.sheet {
                Some(sheet) => format!("{}:{sheet}!{cell}", table.file),
                None => format!("{}:{cell}", table.file),
            }
        };
        // A column the header names that is no field (a user's own "Ghi chú") is not read:
        // said, so nothing typed there is thought imported.
        for (c, value) in table.rows[head].iter().enumerate() {
            let Cell::Text(label) = value else { continue };
            let label = label.trim();
            if columns.contains_key(&c) || label.is_empty() || sheets::is_marker_label(label) {
                continue;
            }
            found.push((
                (order, head, c + 1),
                warning(
                    &place(head, Some(c)),
                    format!(
                        "the column {:?} is not a field findings knows: its cells are not read",
                        super::text::inline(label)
                    ),
                ),
            ));
        }
        let id_column = columns
            .iter()
            .find(|(_, col)| col.json == "id")
            .map(|(&c, _)| c);
        for (r, row) in table.rows.iter().enumerate().skip(head + 1) {
            let example = row.iter().enumerate().any(|(c, cell)| {
                !columns.contains_key(&c) && matches!(cell, Cell::Text(t) if sheets::is_example(t))
            });
            let blank = row.iter().all(|c| match c {
                Cell::Empty => true,
                Cell::Text(t) => t.trim().is_empty(),
                _ => false,
            });
            if blank {
                continue;
            }
            if example {
                // The template's own example is passed over quietly; anything else marked as
                // an example (a record typed over it, a mark dragged down) is said.
                let id = id_column.and_then(|c| match row.get(c) {
                    Some(Cell::Text(t)) => Some(t.trim()),
                    _ => None,
                });
                if !id.is_some_and(is_template_example) {
                    found.push((
                        (order, r, 0),
                        warning(
                            &place(r, None),
                            "the row is marked as the template's example and is not read; \
                             clear its first cell to read it"
                                .into(),
                        ),
                    ));
                }
                continue;
            }
            let origin = Origin {
                file: table.file.clone(),
                sheet: table.sheet.clone(),
                order,
                row: r,
                columns: columns.iter().map(|(&c, col)| (col.json, c)).collect(),
            };
            let mut object = Map::new();
            // Fields in the layout's order, whatever the sheet's: the dataset reads the same
            // from every workbook.
            let layout = sheets::columns(table.kind);
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
            if !object.contains_key("id") {
                untitled.push((k, records[k].len()));
            }
            records[k].push(Json::Object(object));
            origins[k].push(origin);
        }
    }
    // Ids made from titles, unique among every id given.
    let mut taken: HashSet<String> = records
        .iter()
        .flatten()
        .filter_map(|r| r.get("id").and_then(Json::as_str).map(str::to_owned))
        .collect();
    for (k, i) in untitled {
        let Some(title) = records[k][i].get("title").and_then(Json::as_str) else {
            continue;
        };
        let id = unique(slug(title), &mut taken);
        let origin = &origins[k][i];
        if id.is_empty() {
            let column = origin.columns.get("id").copied();
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
        made_ids.push((origin.place(origin.columns.get("id").copied()), id.clone()));
        if let Json::Object(object) = &mut records[k][i] {
            let mut first = Map::new();
            first.insert("id".into(), Json::String(id));
            first.append(object);
            *object = first;
        }
    }
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

/// A cell's value for its column, as the user meant it; `None` for an empty cell.
fn value_of(cell: &Cell, column: &Column) -> Result<Option<Json>, String> {
    let text = match cell {
        Cell::Empty => return Ok(None),
        Cell::Broken(e) => return Err(format!("the cell holds the spreadsheet error {e}")),
        Cell::Serial(serial) => match column.value {
            Value::Date => serial_date(*serial),
            _ => number_text(*serial),
        },
        Cell::Number(n) => match column.value {
            Value::Number if n.fract() == 0.0 && *n >= 0.0 => {
                return Ok(Some(Json::from(*n as u64)))
            }
            // A date column: a year typed alone, else a serial number from a cell not
            // formatted as a date.
            Value::Date if *n >= 10_000.0 => serial_date(*n),
            _ => number_text(*n),
        },
        Cell::Text(t) => t.clone(),
    };
    let keep_lines = matches!(column.value, Value::LongText);
    let text = match keep_lines {
        true => text.trim().replace("\r\n", "\n"),
        false => text.trim().to_owned(),
    };
    if text.is_empty() {
        return Ok(None);
    }
    Ok(Some(match column.value {
        Value::List | Value::Links(_) => {
            let mut items = sheets::split_list(&text);
            // A column that also has a single-value form (`province` beside `provinces`): one
            // item with no separator after it is that form, as typed; `X;` is a list of one.
            let list_of_one = text.trim_end().ends_with([';', '\n']);
            match (column.single, items.len()) {
                (Some(_), 1) if !list_of_one => Json::String(items.remove(0)),
                _ => Json::Array(items.into_iter().map(Json::String).collect()),
            }
        }
        // A number typed as text, as meant.
        Value::Number => match text.parse::<u64>() {
            Ok(n) => Json::from(n),
            Err(_) => {
                return Err(format!(
                    "{:?} is not a whole number",
                    super::text::inline(&text)
                ))
            }
        },
        // A serial day written out as text (a CSV file saved from a date cell).
        Value::Date if text.len() == 5 && text.bytes().all(|b| b.is_ascii_digit()) => {
            Json::String(text.parse::<f64>().map(serial_date).unwrap_or(text))
        }
        Value::Date => Json::String(date_text(&text)),
        _ => Json::String(text),
    }))
}

/// `2024.0` as `2024`; other numbers as written.
fn number_text(n: f64) -> String {
    match n.fract() == 0.0 && n.abs() < 1e15 {
        true => format!("{}", n as i64),
        false => n.to_string(),
    }
}

/// A spreadsheet's serial day (days since 1899-12-30, the 1900 leap-year bug included) as
/// `YYYY-MM-DD`.
fn serial_date(serial: f64) -> String {
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30);
    epoch
        .and_then(|e| e.checked_add_signed(chrono::Duration::days(serial.floor() as i64)))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| number_text(serial))
}

/// A date as Vietnamese write it by hand, `11/03/2024` or `03/2024`, as `2024-03-11`,
/// `2024-03`; anything else as typed (the checker says what is wrong with it).
fn date_text(text: &str) -> String {
    let parts: Vec<&str> = text.split(['/', '.']).collect();
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    match parts.as_slice() {
        [d, m, y] if digits(d) && digits(m) && y.len() == 4 && digits(y) => {
            format!("{y}-{m:0>2}-{d:0>2}")
        }
        [m, y] if digits(m) && m.len() <= 2 && y.len() == 4 && digits(y) => format!("{y}-{m:0>2}"),
        _ => year_first(text).unwrap_or_else(|| text.to_owned()),
    }
}

/// `2025-4-8` or `2025/04/08` as `2025-04-08`, `2025-4` as `2025-04`.
fn year_first(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    let digits = |s: &str, most: usize| {
        !s.is_empty() && s.len() <= most && s.chars().all(|c| c.is_ascii_digit())
    };
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && digits(y, 4) && digits(m, 2) && digits(d, 2) => {
            Some(format!("{y}-{m:0>2}-{d:0>2}"))
        }
        [y, m] if y.len() == 4 && digits(y, 4) && digits(m, 2) => Some(format!("{y}-{m:0>2}")),
        _ => None,
    }
}

/// An id from a title: folded (no diacritics, `đ` as `d`, lower case), words joined by `-`,
/// at most 64 characters.
pub fn slug(title: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    // Full-width and other compatibility forms (`Ｔｅｓｔ`) as the letters they stand for.
    let plain: String = title.nfkc().collect();
    let folded = super::fold::fold(&plain);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let mut out: String = out.trim_end_matches('-').chars().take(64).collect();
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// `id`, else `id-2`, `id-3`… the first not taken; taken from then on.
fn unique(id: String, taken: &mut HashSet<String>) -> String {
    if id.is_empty() {
        return id;
    }
    let mut candidate = id.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        let suffix = format!("-{n}");
        let stem: String = id.chars().take(64 - suffix.len()).collect();
        candidate = format!("{stem}{suffix}");
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A workbook whose zip directory says it unpacks to more than findings reads is refused
    /// before anything is unpacked (the sizes are changed in the directory of a tiny zip).
    #[test]
    fn a_zip_bomb_is_refused_from_its_directory() {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("xl/sharedStrings.xml", stored).unwrap();
        zip.write_all(b"<sst/>").unwrap();
        let mut bytes = zip.finish().unwrap().into_inner();
        assert_eq!(unpacked_size(&bytes), Ok(()));
        // The central directory's record: signature PK\x01\x02, uncompressed size at +24.
        let at = bytes.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
        bytes[at + 24..at + 28].copy_from_slice(&(300u32 * 1024 * 1024).to_le_bytes());
        let refused = unpacked_size(&bytes).unwrap_err();
        assert!(refused.contains("unpacks to 300 MB"), "{refused}");
        let file = SourceFile {
            name: "bomb.xlsx".into(),
            bytes: bytes.into(),
        };
        let problem = read_tables(&file, &mut Vec::new()).err().unwrap();
        assert!(
            problem.message.contains("more than findings reads"),
            "{}",
            problem.message
        );
    }

    #[test]
    fn cells_read_as_meant() {
        let date = sheets::columns(Kind::Meeting)
            .into_iter()
            .find(|c| c.json == "date")
            .unwrap();
        // 2024-03-11 as Excel stores it.
        assert_eq!(
            value_of(&Cell::Serial(45362.0), &date).unwrap(),
            Some(Json::String("2024-03-11".into()))
        );
        assert_eq!(
            value_of(&Cell::Number(2024.0), &date).unwrap(),
            Some(Json::String("2024".into()))
        );
        assert_eq!(
            value_of(&Cell::Text("11/3/2024".into()), &date).unwrap(),
            Some(Json::String("2024-03-11".into()))
        );
        let topics = sheets::columns(Kind::Meeting)
            .into_iter()
            .find(|c| c.json == "topics")
            .unwrap();
        assert_eq!(
            value_of(&Cell::Text("a; b\nc;".into()), &topics).unwrap(),
            Some(serde_json::json!(["a", "b", "c"]))
        );
        let days = sheets::columns(Kind::Trip)
            .into_iter()
            .find(|c| c.json == "days")
            .unwrap();
        assert_eq!(
            value_of(&Cell::Text(" 6 ".into()), &days).unwrap(),
            Some(Json::from(6))
        );
        assert_eq!(
            slug("Làm việc với Sở LĐ-TB&XH tỉnh Đắk Lắk"),
            "lam-viec-voi-so-ld-tb-xh-tinh-dak-lak"
        );
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(27), "AB");
    }
}
