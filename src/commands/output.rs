//! Writing results out: files written whole or not at all.

use std::path::Path;

use crate::model::files;

/// Writes `text` whole ([`files::write_file`]); an existing file is kept unless `force`.
pub fn write_file(path: &Path, text: &str, force: bool) -> Result<(), String> {
    files::write_file(path, text, force).map_err(|e| match e {
        files::WriteError::Exists(_) => format!("{e}; use --force to replace it"),
        files::WriteError::Io(..) => e.to_string(),
    })
}
