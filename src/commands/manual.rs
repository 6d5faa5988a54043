//! `findings completions SHELL` and `findings man`: made from the clap definition, so they
//! cannot drift from the options.

use std::io::Write;

use clap::CommandFactory;

use super::{OK, USAGE};
use crate::cli::Cli;

/// The script is made in memory, then written: a closed pipe (`| head`) is not an error.
pub fn completions(shell: clap_complete::Shell, out: &mut impl Write) -> u8 {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "findings", &mut script);
    let _ = out.write_all(&script);
    OK
}

pub fn man(out: &mut impl Write, err: &mut impl Write) -> u8 {
    let mut page = Vec::new();
    match clap_mangen::Man::new(Cli::command()).render(&mut page) {
        Ok(()) => {
            let _ = out.write_all(&page);
            OK
        }
        Err(e) => {
            let _ = writeln!(err, "findings: {e}");
            USAGE
        }
    }
}
