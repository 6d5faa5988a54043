//! The template workbook (`findings template --format xlsx`): the layout of `workbook` (one
//! sheet per kind, headers frozen, validation) with one example row per sheet, taken from the
//! embedded data and marked as the example, in place of records.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::workbook::{self, Rows};
use crate::model::sheets::Words;
use crate::model::Dataset;

/// The template as the bytes of an `.xlsx` file, its example rows taken from `examples` (the
/// first record of each kind).
pub fn write(words: Words, examples: &Dataset) -> Result<Vec<u8>, String> {
    workbook(words, examples)
        .and_then(|mut book| book.save_to_buffer())
        .map_err(|e| format!("xlsx: {e}"))
}

/// The template as a workbook not yet saved: tests fill it in as a user would.
pub fn workbook(words: Words, examples: &Dataset) -> Result<Workbook, XlsxError> {
    workbook::book(words, |kind| {
        Rows::Example(examples.records().iter().find(|r| r.kind() == kind))
    })
}
