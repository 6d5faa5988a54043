//! Where findings keeps its files, and how it writes them: whole, or not at all.
//!
//! The directories follow the XDG base directory rules through the `dirs` crate
//! (`$XDG_CONFIG_HOME`, else `~/.config`; likewise state and data).

use std::path::{Path, PathBuf};

/// `$XDG_CONFIG_HOME/findings` (saved views, the config file).
pub fn config_dir() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("findings"))
}

/// `$XDG_STATE_HOME/findings` (the search history).
pub fn state_dir() -> Option<PathBuf> {
    dirs::state_dir().map(|d| d.join("findings"))
}

/// `$XDG_DATA_HOME/findings` (the review store).
pub fn data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("findings"))
}

/// Writes `text` to a temporary name beside `path`, then renames it into place: a reader
/// never sees half a file. An existing file is kept unless `replace`.
pub fn write_file(path: &Path, text: &str, replace: bool) -> Result<(), WriteError> {
    if path.exists() && !replace {
        return Err(WriteError::Exists(path.to_owned()));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| WriteError::Io(path.to_owned(), e))?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".{}.findings-tmp", std::process::id()));
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            WriteError::Io(path.to_owned(), e)
        })
}

/// Why a file was not written.
#[derive(Debug)]
pub enum WriteError {
    /// It exists, and replacing it was not asked for.
    Exists(PathBuf),
    Io(PathBuf, std::io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Exists(p) => write!(f, "{}: the file exists", p.display()),
            WriteError::Io(p, e) => write!(f, "{}: {e}", p.display()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_existing_file_is_kept_unless_replacing() {
        let dir = std::env::temp_dir().join(format!("findings-files-{}", std::process::id()));
        let path = dir.join("sub").join("out.txt");
        write_file(&path, "one", false).unwrap();
        assert!(matches!(
            write_file(&path, "two", false),
            Err(WriteError::Exists(_))
        ));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "one");
        write_file(&path, "two", true).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        let _ = std::fs::remove_dir_all(dir);
    }
}
