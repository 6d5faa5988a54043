//! `findings schema`: the JSON Schema of the dataset format, generated from the record types.

use std::io::Write;

use crate::model::record::DatasetFile;

/// The schema as pretty JSON with a trailing newline (the content of `data/schema.json`).
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(DatasetFile);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// A failed write is the stream's to report (see [`super::output`]).
pub fn run(out: &mut impl Write) -> super::Outcome {
    let _ = out.write_all(schema_json().as_bytes());
    Ok(super::OK)
}
