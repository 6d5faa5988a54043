//! Where findings keeps its files, and how it writes them: whole, or not at all.
//!
//! The directories follow the XDG base directory rules through the `dirs` crate
//! (`$XDG_CONFIG_HOME`, else `~/.config`; likewise state and data).

use std::fs::File;
use std::io::{self, Read};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
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
    // SAFETY: getuid only reads the process's user id.
    account_name_of(unsafe { libc::getuid() })
}

/// The name of account `uid` in the password database (as raw as it is written there).
pub fn account_name_of(uid: u32) -> Option<String> {
    looked_up(1024, |buf| {
        // SAFETY: getpwuid_r writes into `pwd` and `buf` (of the length given) only; `result`
        // points at `pwd` or is null, and `pw_name` into `buf`, which outlives its use here.
        let mut pwd: libc::passwd = unsafe { std::mem::zeroed() };
        let mut result: *mut libc::passwd = std::ptr::null_mut();
        let code = unsafe {
            libc::getpwuid_r(
                uid,
                &mut pwd,
                buf.as_mut_ptr().cast(),
                buf.len(),
                &mut result,
            )
        };
        if code != 0 {
            return Err(code);
        }
        if result.is_null() || pwd.pw_name.is_null() {
            return Ok(None);
        }
        // SAFETY: pw_name is a NUL-terminated string inside `buf`.
        let name = unsafe { std::ffi::CStr::from_ptr(pwd.pw_name) };
        Ok(Some(name.to_string_lossy().into_owned()).filter(|n| !n.is_empty()))
    })
}

/// What `lookup` (a call of the account or group database's `_r` functions, given a buffer,
/// failing with its error code) finds, with a buffer of `start` bytes made four times larger
/// each time it is too small (ERANGE), up to 1 MiB; `None` on any other failure.
pub fn looked_up<T>(
    start: usize,
    mut lookup: impl FnMut(&mut [u8]) -> Result<Option<T>, i32>,
) -> Option<T> {
    let mut buf = vec![0u8; start];
    loop {
        match lookup(&mut buf) {
            Err(libc::ERANGE) if buf.len() < 1 << 20 => buf.resize(buf.len() * 4, 0),
            Err(_) => return None,
            Ok(found) => return found,
        }
    }
}

/// A path as a message shows it: one line, its control characters (ESC, BEL…) as visible
/// markers, bytes that are not UTF-8 as U+FFFD. Paths come from the user (`-o`, `--review-db`,
/// `XDG_CONFIG_HOME`) and from folder listings; printed raw, a name could drive the terminal.
pub fn shown(path: &Path) -> String {
    crate::model::text::inline(&path.to_string_lossy())
}

/// The most a settings file (config.toml, views.toml) or the search history may hold: far more
/// than any is, far less than would hurt to read.
pub const SETTINGS_LIMIT: u64 = 4 * 1024 * 1024;

/// The text of a small file findings keeps for itself (config, views, history, notes kept
/// when the store could not take them): `None` when there is none. Anything but a regular file
/// — a FIFO, which would make every command wait, a device such as `/dev/zero`, which never
/// ends — is refused without reading from it, as is a file over `limit` bytes or not UTF-8.
/// A symbolic link is followed: a settings file in a dotfiles repository is a common setup.
pub fn read_small(path: &Path, limit: u64) -> io::Result<Option<String>> {
    // O_NONBLOCK: opening a FIFO with no writer would wait for one; on a regular file the flag
    // changes nothing.
    let file = match std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let meta = file.metadata()?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a folder"
        } else {
            "a FIFO, a device or a socket"
        };
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("not a regular file ({what}); it is not read"),
        ));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "larger than {} MiB, far more than such a file holds; it is not read",
                limit / (1024 * 1024)
            ),
        ));
    }
    String::from_utf8(bytes).map(Some).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "not UTF-8 text; save it as UTF-8",
        )
    })
}

/// A file of findings' own in its state folder (the search history, the log), opened to add
/// lines at its end; the folder is made when missing (it is findings' own). Anything but a
/// regular file there (a FIFO, which would make the writer wait for a reader forever, a
/// device) is refused. A new file is private (0600).
pub fn open_append(path: &Path) -> io::Result<File> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
        .open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "not a regular file (a FIFO, a device or a socket); nothing is written to it",
        ));
    }
    Ok(file)
}

mod write;

pub use write::{write_bytes, write_file, WriteError};

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;

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
    fn small_files_are_read_only_when_regular_and_small() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(read_small(&dir.path().join("none.toml"), 10).unwrap(), None);
        let small = dir.path().join("small.toml");
        std::fs::write(&small, "a = 1").unwrap();
        assert_eq!(read_small(&small, 10).unwrap().as_deref(), Some("a = 1"));
        let e = read_small(&small, 4).unwrap_err().to_string();
        assert!(e.contains("larger than"), "{e}");
        // A FIFO with no writer: refused at once, not waited on.
        let fifo = dir.path().join("fifo.toml");
        let c = CString::new(fifo.as_os_str().as_bytes()).unwrap();
        // SAFETY: mkfifo reads the NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let e = read_small(&fifo, 10).unwrap_err().to_string();
        assert!(e.contains("not a regular file"), "{e}");
        // A device that never ends, even behind a symbolic link.
        let zero = dir.path().join("zero.toml");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        let e = read_small(&zero, 10).unwrap_err().to_string();
        assert!(e.contains("not a regular file"), "{e}");
        let e = read_small(dir.path(), 10).unwrap_err().to_string();
        assert!(e.contains("a folder"), "{e}");
    }
}
