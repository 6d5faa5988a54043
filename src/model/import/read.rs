//! Reading the files an import names: a workbook's sheets (with `calamine`) or a CSV file,
//! into tables of cells; what cannot be read, and what is passed over, said.

use std::io::Cursor;
use std::path::Path;

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};

use super::{file_problem, warning, Cell, Table};
use crate::model::diagnostic::Diagnostic;
use crate::model::sheets;
use crate::model::source::SourceFile;

/// The most a workbook may unpack to, in all and in one part: a few megabytes of zip can
/// hold gigabytes of text (a "zip bomb"), which would be read into memory whole.
const MAX_UNPACKED: u64 = 512 * 1024 * 1024;
const MAX_PART: u64 = 256 * 1024 * 1024;

/// The tables in one file: a workbook's sheets of known kinds, or a CSV file. What is passed
/// over (a sheet of another name) is said in `notes`.
pub(super) fn read_tables(
    file: &SourceFile,
    notes: &mut Vec<Diagnostic>,
) -> Result<Vec<Table>, Diagnostic> {
    let name = &file.name;
    let lower = name.to_lowercase();
    if lower.ends_with(".csv") {
        return csv_table(file).map(|table| vec![table]);
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
    workbook_tables(file, notes)
}

/// A CSV file as the table of the kind it is named for.
fn csv_table(file: &SourceFile) -> Result<Table, Diagnostic> {
    let name = &file.name;
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
    Ok(Table {
        file: name.clone(),
        sheet: None,
        kind,
        rows: read_csv(&file.bytes).map_err(|e| file_problem(name, e))?,
    })
}

/// A workbook's sheets named for a kind, as tables; a sheet of another name said in `notes`.
fn workbook_tables(
    file: &SourceFile,
    notes: &mut Vec<Diagnostic>,
) -> Result<Vec<Table>, Diagnostic> {
    let name = &file.name;
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
                    crate::model::text::inline(&sheet),
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
                fill_merged(&mut rows, region.2.start, region.2.end);
            }
        }
        tables.push(Table {
            file: name.clone(),
            // Printed in every message about it: no control sequence from the file.
            sheet: Some(crate::model::text::inline(&sheet)),
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

/// A merged region from `start` to `end` (row, column): every cell it covers holds the value
/// of its first, which is where a spreadsheet keeps it.
fn fill_merged(rows: &mut [Vec<Cell>], start: (u32, u32), end: (u32, u32)) {
    let ((r0, c0), (r1, c1)) = (start, end);
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
                crate::model::text::inline(part.name()),
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
}
