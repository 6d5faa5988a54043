//! Where dataset bytes come from: files, directories of `*.json`, or the embedded default.
//!
//! Only regular files are read, and none larger than [`MAX_FILE_BYTES`]: a FIFO, `/dev/zero` or a
//! huge file is refused from its metadata, before any byte is read, so nothing can hang here.

use std::borrow::Cow;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::diagnostic::{Diagnostic, Severity};
use super::text;

/// The largest dataset file findings reads.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The default dataset, built from the article in `shared/seed/`, compiled into the binary.
pub const EMBEDDED: &[(&str, &str)] = &[(
    "ninh-thuan-tay-nguyen-2024.json",
    include_str!("../../data/default/ninh-thuan-tay-nguyen-2024.json"),
)];

/// One file's name (safe to print) and contents.
pub struct SourceFile {
    pub name: String,
    pub bytes: Cow<'static, [u8]>,
}

/// The embedded default dataset, named `<embedded>/FILE`.
pub fn embedded() -> Vec<SourceFile> {
    EMBEDDED
        .iter()
        .map(|(name, text)| SourceFile {
            name: format!("<embedded>/{name}"),
            bytes: Cow::Borrowed(text.as_bytes()),
        })
        .collect()
}

/// Reads every path (files, and directories of `*.json` in name order). Files that cannot be read
/// are reported and skipped, so the rest are still checked.
pub fn read_paths(paths: &[PathBuf]) -> (Vec<SourceFile>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    // The same file named twice (`--data a.json --data .`) is read once: its records would
    // otherwise clash with themselves as duplicate ids.
    let mut seen = std::collections::HashSet::new();
    for path in paths {
        if let Ok(real) = fs::canonicalize(path) {
            if !seen.insert(real) {
                continue;
            }
        }
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => read_dir(path, &mut files, &mut problems, &mut seen),
            Ok(_) => match read_file(path) {
                Ok(file) => files.push(file),
                Err(problem) => problems.push(problem),
            },
            Err(e) => problems.push(file_error(path, format!("cannot read: {e}"))),
        }
    }
    (files, problems)
}

/// Whether `path`, found in a data folder, is one of its dataset files: a `*.json` file whose
/// name does not start with a dot, as the shell's `*.json` lists them. Hidden files are an
/// editor's or another system's (`.#trip.json`, an editor's lock; `._trip.json`, the resource
/// fork macOS leaves on a shared drive), never data. Loading, the index cache and the live
/// reload all ask this, so they agree on which files a folder holds.
pub fn is_data_file_in_folder(path: &Path) -> bool {
    let hidden = path
        .file_name()
        .is_some_and(|n| n.as_encoded_bytes().starts_with(b"."));
    !hidden && path.extension().is_some_and(|ext| ext == "json")
}

fn read_dir(
    dir: &Path,
    files: &mut Vec<SourceFile>,
    problems: &mut Vec<Diagnostic>,
    seen: &mut std::collections::HashSet<PathBuf>,
) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(file_error(dir, format!("cannot read directory: {e}")));
            return;
        }
    };
    let mut json_files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|p| is_data_file_in_folder(p))
        .collect();
    json_files.sort();
    if json_files.is_empty() {
        problems.push(file_error(
            dir,
            "directory has no *.json files; put dataset files in it or name a file".into(),
        ));
    }
    for path in json_files {
        if let Ok(real) = fs::canonicalize(&path) {
            if !seen.insert(real) {
                continue;
            }
        }
        match read_file(&path) {
            Ok(file) => files.push(file),
            Err(problem) => problems.push(problem),
        }
    }
}

fn read_file(path: &Path) -> Result<SourceFile, Diagnostic> {
    let meta = fs::metadata(path).map_err(|e| file_error(path, format!("cannot read: {e}")))?;
    if meta.is_dir() {
        // Only inside a data folder: a folder named on its own is read as a folder.
        return Err(file_error(
            path,
            "a folder, not a file: the folders inside a data folder are not read".into(),
        ));
    }
    if !meta.is_file() {
        return Err(file_error(
            path,
            "not a regular file (a FIFO, device or socket); name a JSON file".into(),
        ));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(path, meta.len()));
    }
    let file = fs::File::open(path).map_err(|e| file_error(path, format!("cannot open: {e}")))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow between stat and read: never read past the limit.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| file_error(path, format!("cannot read: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(path, bytes.len() as u64));
    }
    Ok(SourceFile {
        name: display_name(path),
        bytes: Cow::Owned(bytes),
    })
}

fn too_large(path: &Path, len: u64) -> Diagnostic {
    file_error(
        path,
        format!(
            "file is {} MiB; findings reads dataset files of at most {} MiB (split it into several files)",
            len / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
}

/// A path as printed in messages: lossy UTF-8 with any control character made visible.
pub fn display_name(path: &Path) -> String {
    text::inline(&path.to_string_lossy())
}

fn file_error(path: &Path, message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        file: display_name(path),
        position: None,
        path: String::new(),
        message,
    }
}
