//! `findings completions SHELL` and `findings man`: made from the clap definition, so they
//! cannot drift from the options.

use std::io::Write;

use clap::CommandFactory;

use super::{Error, Outcome, OK};
use crate::cli::Cli;

/// The script is made in memory, then written: a closed pipe (`| head`) is not an error.
pub fn completions(shell: clap_complete::Shell, out: &mut impl Write) -> Outcome {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "findings", &mut script);
    let _ = out.write_all(&script);
    Ok(OK)
}

pub fn man(out: &mut impl Write) -> Outcome {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(|e| Error::usage(e.to_string()))?;
    let _ = out.write_all(&page);
    Ok(OK)
}
