//! The search history file: earlier queries, one per line, in the state directory
//! (`$XDG_STATE_HOME/findings/history`, else `~/.local/state/findings/history`).

use std::io::{self, Write};
use std::path::PathBuf;

use crate::model::text;

/// Queries kept and offered for recall.
const KEEP: usize = 500;

pub fn path() -> Option<PathBuf> {
    crate::model::files::state_dir().map(|d| d.join("history"))
}

/// The last queries, oldest first; nothing when there is no file yet (or it cannot be read).
pub fn load(path: &std::path::Path) -> Vec<String> {
    let Ok(Some(text)) = crate::model::files::read_small(path, crate::model::files::SETTINGS_LIMIT)
    else {
        return Vec::new();
    };
    let lines: Vec<String> = text
        .lines()
        .map(text::inline)
        .filter(|l| !l.trim().is_empty())
        .collect();
    lines[lines.len().saturating_sub(KEEP)..].to_vec()
}

/// Adds a query at the end of the file, creating it and its directory when needed.
pub fn append(path: &std::path::Path, query: &str) -> io::Result<()> {
    let mut file = crate::model::files::open_append(path)?;
    writeln!(file, "{}", text::inline(query).trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_round_trip_through_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/history");
        assert!(load(&path).is_empty());
        append(&path, "dak lak").unwrap();
        append(&path, "han\nquoc\u{1b}").unwrap();
        assert_eq!(load(&path), ["dak lak", "han quoc\u{241b}"]);
    }
}
