use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = findings::cli::Cli::parse();
    findings::commands::run(cli)
}
