//! `findings`: the command line resolved once into the settings, then a command or the TUI.
//! An error comes back here and is printed once, on standard error, ending with its code.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use findings::cli::{Cli, Manual, Request};
use findings::commands::{self, output, Command};
use findings::error::{Error, OK};
use findings::settings::{self, Env, Settings};

fn main() -> ExitCode {
    ignore_file_size_signal();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return ExitCode::from(findings::cli::said(&e)),
    };
    // The command writes through Streams, which keep a failed write for `finish` to decide
    // the exit by (a message and 2, or quietly 141 for a closed pipe).
    let mut out = output::Stream::new(io::stdout().lock());
    let mut err = output::Stream::new(io::stderr().lock());
    let next = start(cli, &mut out, &mut err);
    let code = match &next {
        Ok(Next::Exit(code)) => *code,
        Ok(Next::Tui(_)) => OK,
        Err(e) => e.report(&mut err),
    };
    let code = output::finish(code, out, err);
    // The TUI gets the terminal once the streams are let go.
    match next {
        Ok(Next::Tui(settings)) if code == OK => match findings::tui::start::run(&settings) {
            Ok(()) => ExitCode::from(OK),
            Err(e) => ExitCode::from(e.report(&mut io::stderr())),
        },
        _ => ExitCode::from(code),
    }
}

/// A file-size limit (`ulimit -f`, `fsize` in limits.conf) ends a process that writes past it
/// with SIGXFSZ: the TUI was killed mid-session, the terminal left raw, and a half-written
/// cache entry left behind. Ignored, such a write fails with "File too large" instead, which
/// every writer reports: a cache entry is not kept, an export says why.
fn ignore_file_size_signal() {
    // SAFETY: setting a signal's disposition to "ignore" touches no memory of the program's.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
}

/// What the command line leads to once a command ran: its exit, or the TUI.
enum Next {
    Exit(u8),
    Tui(Box<Settings>),
}

/// Starts the log, resolves the settings (flags, environment, config file) and runs the
/// command asked for; without one, the TUI on a terminal, else the overview.
fn start(cli: Cli, out: &mut impl Write, err: &mut impl Write) -> Result<Next, Error> {
    let env = Env::read();
    let (flags, request) = cli.into_request();
    if let Some(level) = settings::log_level(flags.log, &env) {
        if let Err(e) = findings::log::init(level) {
            let _ = writeln!(err, "findings: no log: {e}");
        }
    }
    let config = match request.reads_config() {
        true => findings::config::read(err)?,
        false => Default::default(),
    };
    let doctor_flags = flags.clone();
    let settings = Settings::resolve(flags, &env, config, err)?;
    let command = match request {
        Request::Browse if io::stdout().is_terminal() => {
            return Ok(Next::Tui(Box::new(settings)));
        }
        Request::Browse => Command::Overview,
        Request::Run(command) => command,
        Request::Manual(Manual::Completions(shell)) => {
            return findings::cli::manual::completions(shell, out).map(Next::Exit);
        }
        Request::Manual(Manual::Page) => {
            return findings::cli::manual::man(out).map(Next::Exit);
        }
        // It reads the config file itself: one that does not parse is one of its findings.
        Request::Doctor => return commands::doctor::run(doctor_flags, &env, out).map(Next::Exit),
    };
    commands::run(&settings, command, out, err).map(Next::Exit)
}
