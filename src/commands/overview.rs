//! `findings` with no subcommand (until the TUI lands): what is loaded, and what to type next.

use std::io::Write;

use super::{check, load_valid, Outcome, OK};
use crate::model::Loaded;
use crate::settings::Settings;

pub fn run(settings: &Settings, out: &mut impl Write, err: &mut impl Write) -> Outcome {
    let dataset = load_valid(settings, err)?;
    let files = match &settings.source {
        crate::model::DataSource::Embedded => crate::model::source::EMBEDDED.len(),
        crate::model::DataSource::Paths(p) => p.len(),
        crate::model::DataSource::EmbeddedAnd(p) => crate::model::source::EMBEDDED.len() + p.len(),
    };
    let loaded = Loaded {
        dataset,
        diagnostics: Vec::new(),
        files,
    };
    let _ = writeln!(out, "findings — {}", check::summary(&loaded));
    let _ = writeln!(
        out,
        "\ncommands:\n  findings check [PATH]...   validate dataset files\n  findings show ID           show one record\n  findings stats             count records per kind, province, topic\n  findings schema            print the JSON Schema of the format\n  findings --help            all options"
    );
    Ok(OK)
}
