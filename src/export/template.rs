//! The template workbook (`findings template --format xlsx`): one sheet per kind in the layout
//! of `model::sheets`, its three header rows frozen, each column's JSON name also in a note on
//! its name, data validation where a column's values are fixed (a trip's id, whole numbers),
//! and one example row per sheet, taken from the embedded data and marked as the example.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign,
    FormatBorder, Formula, Note, Workbook, Worksheet, XlsxError,
};

use crate::model::record::Kind;
use crate::model::sheets::{self, Column, Value, Words};
use crate::model::Dataset;

/// The last row validation covers: far more records than a trip has.
const LAST_ROW: u32 = 5_000;
/// Excel's limit of characters in a cell.
const MAX_CELL: usize = 32_767;

/// The template as the bytes of an `.xlsx` file, its example rows taken from `examples` (the
/// first record of each kind).
pub fn write(words: Words, examples: &Dataset) -> Result<Vec<u8>, String> {
    let fail = |e: XlsxError| format!("xlsx: {e}");
    workbook(words, examples)
        .and_then(|mut book| book.save_to_buffer())
        .map_err(fail)
}

/// The template as a workbook not yet saved: tests fill it in as a user would.
pub fn workbook(words: Words, examples: &Dataset) -> Result<Workbook, XlsxError> {
    let mut book = Workbook::new();
    let formats = Formats::new();
    for kind in Kind::ALL {
        let sheet = book.add_worksheet();
        sheet.set_name(sheets::sheet_name(kind, words))?;
        let example = examples.records().iter().find(|r| r.kind() == kind);
        kind_sheet(sheet, kind, words, example, &formats)?;
    }
    Ok(book)
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
    example: Option<&crate::model::Record>,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let columns = sheets::columns(kind);
    let example_row = sheets::HEADER_ROWS;
    sheet.write_string_with_format(0, 0, sheets::marker_label(words), &formats.label)?;
    sheet.write_string_with_format(1, 0, sheets::marker_hint(words), &formats.hint)?;
    sheet.write_string_with_format(sheets::JSON_ROW, 0, "", &formats.json)?;
    sheet.set_column_width(0, 12)?;
    if example.is_some() {
        sheet.write_string_with_format(
            example_row,
            0,
            sheets::example_mark(words),
            &formats.example,
        )?;
    }
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
        if let Some(v) = validation(column, words)? {
            sheet.add_data_validation(example_row, c, LAST_ROW, c, &v)?;
        }
        if let Some(record) = example {
            if let Some(value) = sheets::cell_text(record, column) {
                // Already sanitized at load (docs/format.md, "Text").
                let value: String = value.chars().take(MAX_CELL).collect();
                sheet.write_string_with_format(example_row, c, &value, &formats.example)?;
            }
        }
    }
    sheet.set_row_height(1, 45)?;
    sheet.set_freeze_panes(sheets::HEADER_ROWS, 0)?;
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
fn validation(column: &Column, words: Words) -> Result<Option<DataValidation>, XlsxError> {
    let message = column.hint(words);
    let v = match column.value {
        Value::Link(kind) => {
            let sheet = sheets::sheet_name(kind, words);
            let first = sheets::HEADER_ROWS + 1;
            DataValidation::new()
                .allow_list_formula(Formula::new(format!("='{sheet}'!$B${first}:$B${LAST_ROW}")))
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
