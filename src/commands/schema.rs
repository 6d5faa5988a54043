//! `findings schema`: the JSON Schema of the dataset format, generated from the record types.

use std::io::Write;

use crate::model::record::schema_json;

/// A failed write is the stream's to report (see [`super::output`]).
pub fn run(out: &mut impl Write) -> super::Outcome {
    let _ = out.write_all(schema_json().as_bytes());
    Ok(super::OK)
}
