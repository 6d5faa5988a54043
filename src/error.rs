//! The one error a run ends with: what went wrong, in the words the user reads, and the exit
//! code it ends with. Commands, the settings and the TUI return it; `main` prints it, once, on
//! standard error (after the terminal is restored), and exits with its code.

use std::fmt;
use std::io::Write;

use crate::model::{Dataset, Loaded};

/// Exit codes (README, "Commands").
pub const OK: u8 = 0;
/// Nothing matched (`search`, `review list`, `show` of an unknown id): 1, as grep.
pub const NOT_FOUND: u8 = 1;
/// `check` found errors in the data.
pub const INVALID: u8 = 1;
/// The work could not be done: the review store refused, a file could not be written.
pub const FAILED: u8 = 1;
/// A usage error, or data too broken to use.
pub const USAGE: u8 = 2;

/// An error with its exit code. Printed as its details as they are (the diagnostics behind
/// it, `FILE:LINE:COL: …`), then each message after `findings: `.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    code: u8,
    details: Vec<String>,
    messages: Vec<String>,
}

impl Error {
    /// `message`, ending the run with `code`.
    pub fn new(code: u8, message: impl Into<String>) -> Error {
        Error::all(code, vec![message.into()])
    }

    /// Several messages (a config file's errors), one line each.
    pub fn all(code: u8, messages: Vec<String>) -> Error {
        Error {
            code,
            details: Vec::new(),
            messages,
        }
    }

    /// A usage error: exit 2.
    pub fn usage(message: impl Into<String>) -> Error {
        Error::new(USAGE, message)
    }

    /// The work failed (the review store, a file to write): exit 1.
    pub fn failed(message: impl Into<String>) -> Error {
        Error::new(FAILED, message)
    }

    /// Data with `errors` errors, too broken to use: its diagnostics, then the count (exit 2).
    pub fn invalid_data(errors: usize, diagnostics: Vec<String>) -> Error {
        Error {
            code: USAGE,
            details: diagnostics,
            messages: vec![format!(
                "the data has {errors} error(s); run `findings check` for details"
            )],
        }
    }

    pub fn code(&self) -> u8 {
        self.code
    }

    /// What is said after `findings: `, one line each.
    pub fn messages(&self) -> &[String] {
        &self.messages
    }

    /// Says the error on `err` (a failure to write it is left to the exit) and gives its code.
    pub fn report(&self, err: &mut impl Write) -> u8 {
        let _ = write!(err, "{self}");
        self.code
    }
}

/// The dataset when loading found no errors, its warnings said on `err`; else the error that
/// it is unusable, with every diagnostic.
pub fn usable(loaded: Loaded, err: &mut impl Write) -> Result<Dataset, Error> {
    let diagnostics = loaded.diagnostics.iter().map(ToString::to_string);
    match loaded.errors() {
        0 => {
            for d in diagnostics {
                let _ = writeln!(err, "{d}");
            }
            Ok(loaded.dataset)
        }
        errors => Err(Error::invalid_data(errors, diagnostics.collect())),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for line in &self.details {
            writeln!(f, "{line}")?;
        }
        for message in &self.messages {
            writeln!(f, "findings: {message}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_is_its_details_then_its_messages_with_the_program_name() {
        let e = Error::invalid_data(1, vec!["a.json:2:3: error: no id".into()]);
        assert_eq!(
            e.to_string(),
            "a.json:2:3: error: no id\nfindings: the data has 1 error(s); run `findings check` \
             for details\n"
        );
        let mut said = Vec::new();
        assert_eq!(Error::failed("the store is locked").report(&mut said), 1);
        assert_eq!(said, b"findings: the store is locked\n");
        let e = Error::all(USAGE, vec!["one".into(), "two".into()]);
        assert_eq!(
            (e.code(), e.to_string().as_str()),
            (2, "findings: one\nfindings: two\n")
        );
    }
}
