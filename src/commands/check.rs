//! `findings check`: every problem in the data, compiler-style, and a one-line summary.

use std::io::Write;

use super::{Outcome, INVALID, OK};
use crate::model::{DataSource, Kind, Loaded};

pub fn run(source: &DataSource, out: &mut impl Write, err: &mut impl Write) -> Outcome {
    let loaded = source.load();
    for d in &loaded.diagnostics {
        let _ = writeln!(err, "{d}");
    }
    let _ = writeln!(out, "{}", summary(&loaded));
    Ok(if loaded.errors() > 0 { INVALID } else { OK })
}

/// "1 file: 1 trip, 4 meetings, 8 experiences, 2 visits; 0 errors, 0 warnings"
pub fn summary(loaded: &Loaded) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let kinds: Vec<String> = Kind::ALL
        .iter()
        .map(|&k| {
            let n = loaded.dataset.count(k);
            plural(n, k.name(), k.collection())
        })
        .collect();
    format!(
        "{}: {}; {}, {}",
        plural(loaded.files, "file", "files"),
        kinds.join(", "),
        plural(loaded.errors(), "error", "errors"),
        plural(loaded.warnings(), "warning", "warnings"),
    )
}
