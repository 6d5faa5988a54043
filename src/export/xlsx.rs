//! The review report as an Excel workbook (`.xlsx`, written with `rust_xlsxwriter`): a totals
//! sheet first (what the report is about, the number of findings, the counts by status, by
//! reviewer and by province), then one sheet per status present, in the report's order. Each
//! status sheet has its header row frozen and filters on, columns as wide as their text in
//! characters (long text wraps), and every cell text: a note such as `=1+1` stays a string.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use super::report::{Finding, Report, Section};
use crate::i18n::Lang;
use crate::model::text::{self, Lines};

/// Excel's limits: characters in a cell, in a sheet name.
const MAX_CELL: usize = 32_767;
const MAX_SHEET_NAME: usize = 31;
/// Column widths in characters: never narrower than a short word, never wider than a readable
/// line (longer text wraps).
const MIN_WIDTH: f64 = 6.0;
const MAX_WIDTH: f64 = 60.0;

/// The report as the bytes of an `.xlsx` file.
pub fn write(report: &Report) -> Result<Vec<u8>, String> {
    let mut book = Workbook::new();
    let formats = Formats::new();
    let mut names = Vec::new();
    let fail = |e: XlsxError| format!("xlsx: {e}");
    {
        let sheet = book.add_worksheet();
        let name = sheet_name(pick(report.lang, "Tổng hợp", "Totals"), &mut names);
        sheet.set_name(name).map_err(fail)?;
        totals_sheet(sheet, report, &formats).map_err(fail)?;
    }
    for section in &report.sections {
        let sheet = book.add_worksheet();
        sheet
            .set_name(sheet_name(&section.heading, &mut names))
            .map_err(fail)?;
        status_sheet(sheet, report.lang, section, &formats).map_err(fail)?;
    }
    book.save_to_buffer().map_err(fail)
}

fn pick(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

struct Formats {
    header: Format,
    text: Format,
    number: Format,
    bold: Format,
}

impl Formats {
    fn new() -> Formats {
        let text = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_border_bottom(FormatBorder::Thin),
            number: Format::new().set_align(FormatAlign::Top),
            bold: Format::new().set_bold().set_align(FormatAlign::Top),
            text,
        }
    }
}

/// A unique sheet name from `raw`: no `[]:*?/\`, no apostrophe at either end, at most 31
/// characters, not Excel's reserved "History"; a repeat gets " (2)", " (3)"….
fn sheet_name(raw: &str, used: &mut Vec<String>) -> String {
    let cleaned: String = text::inline(raw)
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .collect();
    let cleaned = cleaned.trim().trim_matches('\'').trim();
    let base = if cleaned.is_empty() { "Sheet" } else { cleaned };
    let mut n = 1;
    loop {
        let suffix = if n == 1 {
            String::new()
        } else {
            format!(" ({n})")
        };
        let room = MAX_SHEET_NAME - suffix.chars().count();
        let head: String = base.chars().take(room).collect();
        let name = format!("{}{suffix}", head.trim_end().trim_end_matches('\''));
        let key = name.to_lowercase();
        if key != "history" && !used.contains(&key) {
            used.push(key);
            return name;
        }
        n += 1;
    }
}

/// What ends a cell cut to Excel's limit, so nobody takes the cell for the whole of it.
fn cut_mark(lang: Lang, note: bool) -> &'static str {
    match (lang, note) {
        (Lang::Vi, true) => {
            "… (bị cắt: một ô chứa tối đa 32.767 ký tự; toàn bộ ghi chú có trong findings)"
        }
        (Lang::Vi, false) => {
            "… (bị cắt: một ô chứa tối đa 32.767 ký tự; toàn bộ nội dung có trong findings)"
        }
        (Lang::En, true) => {
            "… (cut: a cell holds 32,767 characters; the whole note is in findings)"
        }
        (Lang::En, false) => {
            "… (cut: a cell holds 32,767 characters; the whole text is in findings)"
        }
    }
}

/// Text from the report as a cell holds it: no control character, within Excel's limit; cut
/// to it, it ends with `mark` saying so.
fn cell_text(raw: &str, mark: &str) -> String {
    let clean = text::clean(raw, Lines::Keep);
    if clean.chars().count() <= MAX_CELL {
        return clean;
    }
    let room = MAX_CELL - mark.chars().count();
    let mut cut: String = clean.chars().take(room).collect();
    cut.push_str(mark);
    cut
}

/// A column's width in characters (not bytes: "Đắk Lắk" is 7 wide): its longest line, with a
/// little room, between the bounds.
fn width_of<'a>(cells: impl IntoIterator<Item = &'a str>) -> f64 {
    let longest = cells
        .into_iter()
        .flat_map(|c| c.split('\n'))
        .map(|l| l.chars().count())
        .max()
        .unwrap_or(0);
    // Letters with stacked marks and capitals run a little wider than the digit Excel measures
    // widths by.
    (longest as f64 * 1.1 + 2.0).clamp(MIN_WIDTH, MAX_WIDTH)
}

/// Writes `raw` as a string cell, never as a formula. A cell that starts like one also gets
/// Excel's quote prefix, which keeps it text when someone edits it later.
fn put(
    sheet: &mut Worksheet,
    (row, col): (u32, u16),
    raw: &str,
    format: &Format,
    cut: &str,
) -> Result<String, XlsxError> {
    let text = cell_text(raw, cut);
    if text.starts_with(['=', '+', '-', '@']) {
        let quoted = format.clone().set_quote_prefix();
        sheet.write_string_with_format(row, col, &text, &quoted)?;
    } else {
        sheet.write_string_with_format(row, col, &text, format)?;
    }
    Ok(text)
}

/// The column the notes start in, after the finding's nine.
const NOTES_FROM: usize = 9;

/// One finding's cells, in the header's order; the notes last, one a column.
fn finding_cells(lang: Lang, f: &Finding) -> Vec<String> {
    let (by, at) = f.decided.clone().unwrap_or_default();
    let mut cells = vec![
        f.title.clone(),
        f.kind.clone(),
        f.places.join("; "),
        f.summary.clone(),
        f.decision.clone(),
        by,
        at,
        if f.starred {
            pick(lang, "Có", "Yes")
        } else {
            pick(lang, "Không", "No")
        }
        .to_owned(),
        f.id.clone(),
    ];
    cells.extend(
        f.notes
            .iter()
            .map(|n| format!("{}, {}: {}", n.author, n.at, n.text)),
    );
    cells
}

fn status_sheet(
    sheet: &mut Worksheet,
    lang: Lang,
    section: &Section,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let mut header: Vec<String> = [
        pick(lang, "Tiêu đề", "Title"),
        pick(lang, "Loại", "Kind"),
        pick(lang, "Địa điểm", "Places"),
        pick(lang, "Nội dung", "Summary"),
        pick(lang, "Quyết định", "Decision"),
        pick(lang, "Người quyết định", "By"),
        pick(lang, "Thời điểm", "When"),
        pick(lang, "Gắn sao", "Starred"),
        pick(lang, "Mã", "ID"),
    ]
    .map(str::to_owned)
    .to_vec();
    let most_notes = section
        .findings
        .iter()
        .map(|f| f.notes.len())
        .max()
        .unwrap_or(0);
    let note = pick(lang, "Ghi chú", "Note");
    header.extend((1..=most_notes.max(1)).map(|i| format!("{note} {i}")));

    let mut columns: Vec<Vec<String>> = vec![Vec::new(); header.len()];
    for (col, name) in header.iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, name, &formats.header)?;
        columns[col].push(name.clone());
    }
    for (i, finding) in section.findings.iter().enumerate() {
        let row = i as u32 + 1;
        for (col, value) in finding_cells(lang, finding).iter().enumerate() {
            let cut = cut_mark(lang, col >= NOTES_FROM);
            let written = put(sheet, (row, col as u16), value, &formats.text, cut)?;
            columns[col].push(written);
        }
    }
    for (col, cells) in columns.iter().enumerate() {
        sheet.set_column_width(col as u16, width_of(cells.iter().map(String::as_str)))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let last_row = section.findings.len() as u32;
    sheet.autofilter(0, 0, last_row, header.len() as u16 - 1)?;
    Ok(())
}

/// What the report is about, the number of findings, then the counts by status (with their
/// total), by reviewer and by province, each block under a header row of its own.
fn totals_sheet(
    sheet: &mut Worksheet,
    report: &Report,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let lang = report.lang;
    let t = &report.totals;
    let mut first: Vec<String> = Vec::new();
    let mut second: Vec<String> = Vec::new();
    let mut row = 0u32;

    let cut = cut_mark(lang, false);
    put(sheet, (row, 0), &report.title, &formats.bold, cut)?;
    row += 2;

    let trips: Vec<String> = report
        .trips
        .iter()
        .map(|t| match &t.dates {
            Some(d) => format!("{} ({d})", t.title),
            None => t.title.clone(),
        })
        .collect();
    let ran = report
        .ran
        .as_ref()
        .map(|(from, to)| format!("{from} – {to}"))
        .unwrap_or_default();
    let mut facts = vec![
        (pick(lang, "Chuyến công tác", "Trips"), trips.join("\n")),
        (
            pick(lang, "Người xem xét", "Reviewers"),
            report.reviewers.join(", "),
        ),
        (pick(lang, "Thời gian xem xét", "The round ran"), ran),
        (
            pick(lang, "Lập báo cáo lúc", "Report made"),
            report.made.clone(),
        ),
    ];
    if let Some(agency) = &report.agency {
        facts.insert(0, (pick(lang, "Cơ quan", "Agency"), agency.clone()));
    }
    for (label, value) in facts {
        sheet.write_string_with_format(row, 0, label, &formats.bold)?;
        first.push(label.to_owned());
        second.push(put(sheet, (row, 1), &value, &formats.text, cut)?);
        row += 1;
    }
    let records = pick(lang, "Số phát hiện", "Findings");
    sheet.write_string_with_format(row, 0, records, &formats.bold)?;
    sheet.write_number_with_format(row, 1, t.records as f64, &formats.number)?;
    first.push(records.to_owned());
    row += 2;

    let blocks = [
        (pick(lang, "Trạng thái", "Status"), &t.by_status, true),
        (
            pick(lang, "Người xem xét", "Reviewer"),
            &t.by_reviewer,
            false,
        ),
        (
            pick(lang, "Tỉnh, thành phố", "Province"),
            &t.by_province,
            false,
        ),
    ];
    for (label, counts, with_total) in blocks {
        sheet.write_string_with_format(row, 0, label, &formats.header)?;
        sheet.write_string_with_format(row, 1, records, &formats.header)?;
        first.push(label.to_owned());
        second.push(records.to_owned());
        row += 1;
        for (name, n) in counts.iter() {
            first.push(put(sheet, (row, 0), name, &formats.text, cut)?);
            sheet.write_number_with_format(row, 1, *n as f64, &formats.number)?;
            row += 1;
        }
        if with_total {
            let total = pick(lang, "Tổng cộng", "Total");
            sheet.write_string_with_format(row, 0, total, &formats.bold)?;
            sheet.write_number_with_format(row, 1, t.records as f64, &formats.bold)?;
            row += 1;
        }
        row += 1;
    }
    sheet.set_column_width(0, width_of(first.iter().map(String::as_str)))?;
    sheet.set_column_width(1, width_of(second.iter().map(String::as_str)))?;
    Ok(())
}
