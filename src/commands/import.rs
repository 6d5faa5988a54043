//! `findings import`: records typed in a workbook (or one CSV file per kind) as a version 1
//! dataset. Every problem is printed at once, placed at its file, sheet and cell; nothing is
//! written while there is one.

use std::io::Write;
use std::path::PathBuf;

use super::{output, Outcome, INVALID, OK};
use crate::model::import;
use crate::model::Kind;

/// `findings import`: what to read, and where the dataset goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub inputs: Vec<PathBuf>,
    /// Standard output when `None`.
    pub output: Option<PathBuf>,
    /// Replace the output file if it exists.
    pub force: bool,
}

pub fn run(request: &Request, out: &mut impl Write, err: &mut impl Write) -> Outcome {
    let imported = import::import(&request.inputs);
    for note in &imported.notes {
        let _ = writeln!(err, "{note}");
    }
    for d in &imported.diagnostics {
        let _ = writeln!(err, "{d}");
    }
    let read: Vec<String> = Kind::ALL
        .iter()
        .zip(imported.counts)
        .map(|(k, n)| format!("{n} {}", if n == 1 { k.name() } else { k.collection() }))
        .collect();
    let Some(json) = &imported.json else {
        let _ = writeln!(
            err,
            "findings: {}; {} errors: nothing written",
            read.join(", "),
            imported.errors()
        );
        return Ok(INVALID);
    };
    match &request.output {
        None => {
            let _ = out.write_all(json.as_bytes());
        }
        Some(path) => {
            // As model::files::write_file writes text, with the messages every command gives.
            output::write_bytes(path, json.as_bytes(), request.force)?;
            let _ = writeln!(
                err,
                "findings: wrote {} to {}",
                read.join(", "),
                crate::model::files::shown(path)
            );
        }
    }
    Ok(OK)
}
