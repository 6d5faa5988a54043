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

/// The name of the account the process runs as, from the password database (for a reviewer
/// when `$USER` and `$LOGNAME` are not set: cron, `env -i`, some containers).
pub fn account_name() -> Option<String> {
    let mut buf = vec![0u8; 1024];
    loop {
        // SAFETY: getpwuid_r writes into `pwd` and `buf` (of the length given) only; `result`
        // points at `pwd` or is null, and `pw_name` into `buf`, which outlives its use here.
        let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let code = unsafe {
            libc::getpwuid_r(
                libc::getuid(),
                &mut pwd,
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut result,
            )
        };
        if code == libc::ERANGE && buf.len() < 1 << 20 {
            buf.resize(buf.len() * 4, 0);
            continue;
        }
        if code != 0 || result.is_null() || pwd.pw_name.is_null() {
            return None;
        }
        // SAFETY: pw_name is a NUL-terminated string inside `buf`.
        let name = unsafe { std::ffi::CStr::from_ptr(pwd.pw_name) };
        return Some(name.to_string_lossy().into_owned()).filter(|n| !n.is_empty());
    }
}

/// A path as a message shows it: one line, its control characters (ESC, BEL…) as visible
/// markers, bytes that are not UTF-8 as U+FFFD. Paths come from the user (`-o`, `--review-db`,
/// `XDG_CONFIG_HOME`) and from folder listings; printed raw, a name could drive the terminal.
pub fn shown(path: &Path) -> String {
    crate::model::text::inline(&path.to_string_lossy())
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
    fn the_account_name_is_the_one_id_reports() {
        let id = std::process::Command::new("id")
            .arg("-un")
            .output()
            .unwrap();
        let expected = String::from_utf8(id.stdout).unwrap().trim().to_owned();
        assert_eq!(account_name().as_deref(), Some(expected.as_str()));
    }

    #[test]
    fn a_shown_path_has_no_control_characters() {
        let shown = shown(Path::new("out\u{1b}]0;pwned\u{7}.md"));
        assert_eq!(shown, "out\u{241b}]0;pwned\u{2407}.md");
        assert!(!shown.chars().any(char::is_control), "{shown:?}");
    }

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
