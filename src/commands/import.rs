//! `findings import`: records typed in a workbook (or one CSV file per kind) as a version 1
//! dataset. Every problem is printed at once, placed at its file, sheet and cell; nothing is
//! written while there is one.

use std::io::Write;
use std::path::PathBuf;

use super::{output, Error, Outcome, INVALID, OK};
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
    /// Check the records beside the embedded data (`--with-default`): links to its trips and
    /// meetings resolve, ids that clash with it are errors. Only the records read are written.
    pub with_default: bool,
}

pub fn run(request: &Request, out: &mut impl Write, err: &mut impl Write) -> Outcome {
    if let Some(path) = &request.output {
        let lower = path.to_string_lossy().to_lowercase();
        if import::is_sheet(&lower) {
            return Err(Error::usage(format!(
                "{} would be written as JSON: name the dataset FILE.json (the workbook is \
                 never overwritten)",
                crate::model::files::shown(path)
            )));
        }
        let same = |a: &std::path::Path, b: &std::path::Path| matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y);
        if let Some(input) = request.inputs.iter().find(|i| same(i, path)) {
            return Err(Error::usage(format!(
                "{} is read and would be written: give another -o FILE",
                crate::model::files::shown(input)
            )));
        }
    }
    let beside = match request.with_default {
        true => crate::model::source::embedded(),
        false => Vec::new(),
    };
    let imported = import::import_beside(&request.inputs, &beside);
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
            "findings: {}; {} {}: nothing written",
            read.join(", "),
            imported.errors(),
            if imported.errors() == 1 {
                "error"
            } else {
                "errors"
            }
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
