use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    match findings::cli::Cli::try_parse() {
        Ok(cli) => findings::commands::run(cli),
        Err(e) => findings::commands::output::clap_said(&e),
    }
}
