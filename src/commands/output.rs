//! Where results go: files written whole or not at all, and the standard streams, whose
//! failures end the command.
//!
//! Every command writes to standard output and standard error through a [`Stream`], which
//! keeps the first failure; [`finish`] flushes both (standard output is block-buffered when
//! redirected, so the last write often fails only there) and turns a failure into the exit:
//!
//! - a broken pipe (`findings search x | head -1`: the reader has all it wants) is quiet and
//!   exits 141, what a shell reports for a pipeline writer that SIGPIPE ended (128 + 13);
//! - any other failure (a full disk: `> /dev/full`) says so on standard error, if it can, and
//!   exits [`OUTPUT_FAILED`]: a report cut off on a full disk must not look like a success.

use std::io::{self, Write};
use std::path::Path;

use crate::error::Error;
use crate::model::files;

/// The exit after a failed write to standard output or standard error (not a broken pipe):
/// 2, as grep exits on trouble, so that `search` still tells "nothing found" (1) apart.
pub const OUTPUT_FAILED: u8 = 2;

/// The exit when the reader of standard output (or standard error) went away: 128 + SIGPIPE.
pub const BROKEN_PIPE: u8 = 128 + libc::SIGPIPE as u8;

/// Writes `text` whole ([`files::write_file`]); an existing file is kept unless `force`.
/// A failure is the command's (exit 1).
pub fn write_file(path: &Path, text: &str, force: bool) -> Result<(), Error> {
    write_bytes(path, text.as_bytes(), force)
}

/// Writes `bytes` (a Word or Excel file, or text) whole, as [`write_file`] does.
pub fn write_bytes(path: &Path, bytes: &[u8], force: bool) -> Result<(), Error> {
    files::write_bytes(path, bytes, force).map_err(|e| {
        Error::failed(match e {
            files::WriteError::Exists(_) => format!("{e}; use --force to replace it"),
            files::WriteError::NotAFile(..) => format!("{e} (--force does not change that)"),
            files::WriteError::NoFolder(..) | files::WriteError::Io(..) => e.to_string(),
        })
    })
}

/// A standard stream as the commands write to it: the first failure is kept, and every write
/// after it fails at once (the rest of the output has nowhere to go).
pub struct Stream<W: Write> {
    inner: W,
    failure: Option<io::Error>,
}

impl<W: Write> Stream<W> {
    pub fn new(inner: W) -> Stream<W> {
        Stream {
            inner,
            failure: None,
        }
    }

    /// Flushes what is buffered; the first failure, if any.
    pub fn finish(mut self) -> Option<io::Error> {
        if self.failure.is_none() {
            let _ = self.flush();
        }
        self.failure
    }

    fn kept<T>(&mut self, result: io::Result<T>) -> io::Result<T> {
        match result {
            Err(e) if e.kind() != io::ErrorKind::Interrupted => {
                let copy = match e.raw_os_error() {
                    Some(code) => io::Error::from_raw_os_error(code),
                    None => io::Error::new(e.kind(), e.to_string()),
                };
                self.failure.get_or_insert(copy);
                Err(e)
            }
            other => other,
        }
    }

    fn failed(&self) -> Option<io::Error> {
        self.failure
            .as_ref()
            .map(|e| io::Error::new(e.kind(), "an earlier write failed"))
    }
}

impl<W: Write> Write for Stream<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(e) = self.failed() {
            return Err(e);
        }
        let written = match self.inner.write(buf) {
            // write_all would turn this into an error the Stream never sees.
            Ok(0) if !buf.is_empty() => Err(io::ErrorKind::WriteZero.into()),
            other => other,
        };
        self.kept(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        if let Some(e) = self.failed() {
            return Err(e);
        }
        let flushed = self.inner.flush();
        self.kept(flushed)
    }
}

/// Set once a command has changed something (a review mark, star or note saved): if its
/// output then cannot be written, the message says the change is made, so it is not made twice.
static CHANGED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The command has made its change; what it prints after this only reports it.
pub fn changed() {
    CHANGED.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// The exit of a command that returned `code`, once both streams are flushed: `code`, unless
/// writing either failed (see the module's head).
pub fn finish(code: u8, out: Stream<impl Write>, mut err: Stream<impl Write>) -> u8 {
    match out.finish() {
        Some(e) if e.kind() == io::ErrorKind::BrokenPipe => return BROKEN_PIPE,
        Some(e) => {
            let done = if CHANGED.load(std::sync::atomic::Ordering::SeqCst) {
                " (the change itself is saved: do not make it again)"
            } else {
                ""
            };
            let _ = writeln!(
                err,
                "findings: cannot write to standard output: {e}; what it shows is incomplete{done}"
            );
            let _ = err.finish();
            return OUTPUT_FAILED;
        }
        None => {}
    }
    match err.finish() {
        Some(e) if e.kind() == io::ErrorKind::BrokenPipe => BROKEN_PIPE,
        // Nowhere left to say it: the exit says it.
        Some(_) => OUTPUT_FAILED,
        None => code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Takes `room` bytes, then fails as `error` says.
    struct Failing {
        room: usize,
        error: i32,
        taken: Vec<u8>,
    }

    impl Write for Failing {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.room == 0 {
                return Err(io::Error::from_raw_os_error(self.error));
            }
            let n = buf.len().min(self.room);
            self.room -= n;
            self.taken.extend_from_slice(&buf[..n]);
            Ok(n)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn failing(room: usize, error: i32) -> Stream<Failing> {
        Stream::new(Failing {
            room,
            error,
            taken: Vec::new(),
        })
    }

    #[test]
    fn a_full_disk_is_said_and_fails_the_command() {
        let mut out = failing(4, libc::ENOSPC);
        let _ = writeln!(out, "a long line");
        let _ = writeln!(out, "and more");
        let mut said = Vec::new();
        let code = finish(0, out, Stream::new(&mut said));
        assert_eq!(code, OUTPUT_FAILED);
        let said = String::from_utf8(said).unwrap();
        assert!(said.contains("cannot write to standard output"), "{said}");
    }

    #[test]
    fn a_closed_pipe_is_quiet_and_exits_141() {
        let mut out = failing(0, libc::EPIPE);
        let _ = writeln!(out, "results");
        let mut said = Vec::new();
        assert_eq!(finish(0, out, Stream::new(&mut said)), 141);
        assert!(said.is_empty());
        let mut err = failing(0, libc::EPIPE);
        let _ = writeln!(err, "a message");
        assert_eq!(finish(0, Stream::new(Vec::new()), err), 141);
    }

    #[test]
    fn after_a_failure_nothing_more_is_written() {
        let mut out = failing(3, libc::EIO);
        let _ = out.write_all(b"abcdef");
        let _ = out.write_all(b"ghi");
        assert_eq!(out.inner.taken, b"abc");
        assert_eq!(out.finish().unwrap().raw_os_error(), Some(libc::EIO));
    }

    #[test]
    fn without_a_failure_the_commands_code_stands() {
        let mut out = Stream::new(Vec::new());
        let _ = writeln!(out, "fine");
        assert_eq!(finish(1, out, Stream::new(Vec::new())), 1);
    }
}
