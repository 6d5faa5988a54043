//! The dataset as a workbook, in the layout `model::sheets` describes: one sheet per kind, its
//! three header rows frozen (each column's name, what it holds and how it is written, its JSON
//! name, also in a note on the name), data validation where a column's values are fixed (a
//! trip's id, whole numbers). `findings export --format xlsx` fills it with records, the
//! template with one example row per sheet; `findings import` reads either back.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign,
    FormatBorder, Formula, Note, Workbook, Worksheet, XlsxError,
};

use crate::model::record::Kind;
use crate::model::sheets::{self, Column, Value, Words};
use crate::model::Record;

/// The last row validation covers: far more records than a trip has (an export's longer
/// sheets are covered to their last row).
const LAST_ROW: u32 = 5_000;
/// Excel's limit of characters in a cell.
pub const MAX_CELL: usize = 32_767;
/// Excel's limit of rows in a sheet.
const MAX_ROWS: usize = 1_048_576;

/// What goes below a sheet's header.
pub enum Rows<'a> {
    /// The template's: one record shown as an example, marked so it is never imported.
    Example(Option<&'a Record>),
    /// An export's: the records themselves.
    Records(Vec<&'a Record>),
}

/// A workbook of every kind's sheet, its rows from `rows`.
pub fn book<'a>(
    words: Words,
    mut rows: impl FnMut(Kind) -> Rows<'a>,
) -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    let formats = Formats::new();
    for kind in Kind::ALL {
        let sheet = book.add_worksheet();
        sheet.set_name(sheets::sheet_name(kind, words))?;
        kind_sheet(sheet, kind, words, &rows(kind), &formats)?;
    }
    Ok(book)
}

/// `records` as the bytes of an `.xlsx` file, each on its kind's sheet in the order given. A
/// value longer than a cell holds, or more records than a sheet has rows, is refused by name:
/// cutting it would lose what the import gives back.
pub fn write(words: Words, records: &[Record]) -> Result<Vec<u8>, String> {
    for kind in Kind::ALL {
        let count = records.iter().filter(|r| r.kind() == kind).count();
        let room = MAX_ROWS - sheets::HEADER_ROWS as usize;
        if count > room {
            return Err(format!(
                "{count} {} do not fit in one sheet (at most {room} rows); export fewer, or as JSON",
                kind.collection()
            ));
        }
    }
    // A cell's limit counts UTF-16 units, as spreadsheets store text: an emoji is two.
    let mut too_long = Vec::new();
    for record in records {
        for column in sheets::columns(record.kind()) {
            let Some(text) = sheets::cell_text(record, &column) else {
                continue;
            };
            let length = text.encode_utf16().count();
            if length > MAX_CELL {
                too_long.push(format!("{} {} ({length})", record.id(), column.json));
            }
        }
    }
    if !too_long.is_empty() {
        return Err(format!(
            "more than a spreadsheet cell holds ({MAX_CELL} characters), which would be cut: \
             {}; export these as JSON",
            too_long.join(", ")
        ));
    }
    book(words, |kind| {
        Rows::Records(records.iter().filter(|r| r.kind() == kind).collect())
    })
    .and_then(|mut book| book.save_to_buffer())
    .map_err(|e| format!("xlsx: {e}"))
}

struct Formats {
    label: Format,
    hint: Format,
    json: Format,
    example: Format,
    text: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            label: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(0xDDEBF7),
            hint: Format::new()
                .set_italic()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_font_size(9)
                .set_background_color(0xF2F2F2),
            json: Format::new()
                .set_font_size(8)
                .set_font_color(0x808080)
                .set_background_color(0xF2F2F2)
                .set_border_bottom(FormatBorder::Thin),
            example: Format::new()
                .set_italic()
                .set_font_color(0x808080)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            text: Format::new()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_num_format("@"),
        }
    }
}

fn kind_sheet(
    sheet: &mut Worksheet,
    kind: Kind,
    words: Words,
    rows: &Rows,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let columns = sheets::columns(kind);
    let first = sheets::HEADER_ROWS;
    sheet.write_string_with_format(0, 0, sheets::marker_label(words), &formats.label)?;
    sheet.write_string_with_format(1, 0, sheets::marker_hint(words), &formats.hint)?;
    sheet.write_string_with_format(sheets::JSON_ROW, 0, "", &formats.json)?;
    sheet.set_column_width(0, 12)?;
    let (records, example): (Vec<&Record>, bool) = match rows {
        Rows::Example(record) => (record.iter().copied().collect(), true),
        Rows::Records(records) => (records.clone(), false),
    };
    if example && !records.is_empty() {
        sheet.write_string_with_format(first, 0, sheets::example_mark(words), &formats.example)?;
    }
    let last = LAST_ROW.max(first + records.len() as u32 + 1);
    for (i, column) in columns.iter().enumerate() {
        let c = (i + 1) as u16;
        let hint = column.hint(words);
        sheet.write_string_with_format(0, c, column.label(words), &formats.label)?;
        sheet.insert_note(
            0,
            c,
            &Note::new(format!("{}\n{hint}", column.json)).add_author_prefix(false),
        )?;
        sheet.write_string_with_format(1, c, &hint, &formats.hint)?;
        sheet.write_string_with_format(sheets::JSON_ROW, c, column.json, &formats.json)?;
        sheet.set_column_width(c, width(column))?;
        // Text, so a date typed as 2024-03 or an id such as 2024 stays as written.
        if !matches!(column.value, Value::Number) {
            sheet.set_column_format(c, &formats.text)?;
        }
        if let Some(v) = validation(column, words, last)? {
            sheet.add_data_validation(first, c, last, c, &v)?;
        }
        let format = match example {
            true => &formats.example,
            false => &formats.text,
        };
        for (n, record) in records.iter().enumerate() {
            let row = first + n as u32;
            let Some(value) = sheets::cell_text(record, column) else {
                continue;
            };
            // Already sanitized at load (docs/format.md, "Text"). An export refused longer
            // values before it began; the template's example is only shown.
            let value: String = value.chars().take(MAX_CELL).collect();
            match (column.value, value.parse::<f64>()) {
                (Value::Number, Ok(n)) if !example => {
                    sheet.write_number(row, c, n)?;
                }
                _ => {
                    sheet.write_string_with_format(row, c, &value, format)?;
                }
            }
        }
    }
    sheet.set_row_height(1, 45)?;
    sheet.set_freeze_panes(first, 0)?;
    Ok(())
}

fn width(column: &Column) -> f64 {
    match column.value {
        Value::LongText => 50.0,
        Value::List | Value::Links(_) => 30.0,
        Value::Date | Value::Number => 12.0,
        Value::Text | Value::Link(_) => 24.0,
    }
}

/// The validation a column's fixed values get: a trip's id from the trips sheet, whole
/// numbers. A warning, not a refusal: an id of a trip in another file is allowed.
fn validation(
    column: &Column,
    words: Words,
    last: u32,
) -> Result<Option<DataValidation>, XlsxError> {
    let message = column.hint(words);
    let v = match column.value {
        Value::Link(kind) => {
            let sheet = sheets::sheet_name(kind, words);
            let first = sheets::HEADER_ROWS + 1;
            DataValidation::new()
                .allow_list_formula(Formula::new(format!("='{sheet}'!$B${first}:$B${last}")))
                .set_error_style(DataValidationErrorStyle::Warning)
        }
        Value::Number => {
            DataValidation::new().allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0))
        }
        _ => return Ok(None),
    };
    let message: String = message.chars().take(250).collect();
    Ok(Some(v.set_input_message(message)?.set_error_message(
        match words {
            Words::Vi => "Giá trị này không như cột yêu cầu",
            Words::En => "This value is not what the column asks for",
        },
    )?))
}
