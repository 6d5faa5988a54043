//! `findings doctor`: every check of `model::doctor`, on this account's environment, config,
//! data, review file and cache folder, one line each with its fix; exit 1 when one failed.
//! It reads the config file itself, so that a file that does not parse is one finding among
//! the others rather than the end of the run.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{Outcome, FAILED, OK};
use crate::config::Config;
use crate::error::Error;
use crate::i18n::doctor::{fix_label, level, said, summary};
use crate::model::doctor::{self, Check, Environment, Level, Place, ReviewFacts};
use crate::settings::{Env, Flags, Settings};

/// How long `tmux show` may take before it is given up.
const TMUX_PATIENCE: Duration = Duration::from_secs(1);

/// The environment the checks look at, from the process's.
pub fn environment() -> Environment {
    let var = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(|v| v.to_string_lossy().into_owned())
    };
    Environment {
        lc_all: var("LC_ALL"),
        lc_ctype: var("LC_CTYPE"),
        lang: var("LANG"),
        term: var("TERM"),
        colorterm: var("COLORTERM"),
        no_color: var("NO_COLOR").is_some(),
        tmux: var("TMUX").is_some(),
        sty: var("STY").is_some(),
        xdg_cache_home: var("XDG_CACHE_HOME").map(PathBuf::from),
        home: var("HOME").map(PathBuf::from),
    }
}

/// Every check, in the order printed: the settings are resolved here (from `flags`, `env`
/// and the config file when it parses, else without it).
pub fn checks(
    flags: Flags,
    env: &Env,
    environment: &Environment,
) -> Result<(Settings, Vec<Check>), Error> {
    let mut checks = vec![doctor::locale(environment), doctor::terminal(environment)];
    let path = crate::config::default_path();
    let exists = path.as_ref().is_some_and(|p| p.exists());
    let read = path
        .as_deref()
        .map(crate::config::load)
        .unwrap_or(Ok(Config::default()));
    let (config, mut outcome) = match read {
        Ok(config) => {
            let warnings = config.warnings.clone();
            (config, Ok(warnings))
        }
        Err(errors) => (Config::default(), Err(errors)),
    };
    // The keymap's remaps are part of the config file: their warnings and errors too.
    let mut said_by_keys = Vec::new();
    let settings = match Settings::resolve(flags.clone(), env, config, &mut said_by_keys) {
        Ok(settings) => settings,
        Err(e) => {
            outcome = Err(e.messages().to_vec());
            Settings::resolve(flags, env, Config::default(), &mut Vec::new())?
        }
    };
    if let Ok(warnings) = &mut outcome {
        let keys = String::from_utf8_lossy(&said_by_keys);
        warnings.extend(
            keys.lines()
                .map(|l| l.trim_start_matches("findings: warning: ").to_owned()),
        );
    }
    checks.push(doctor::config(path.as_deref(), exists, outcome));
    let loaded = settings.source.load();
    checks.push(doctor::data(
        loaded.dataset.len(),
        loaded.files,
        loaded.errors(),
        loaded.warnings(),
        &loaded
            .diagnostics
            .iter()
            .find(|d| d.is_error())
            .map(|d| d.to_string())
            .unwrap_or_default(),
    ));
    let db = &settings.reviewer.db;
    let default_location =
        crate::model::files::data_dir().is_some_and(|d| *db == d.join("review.db"));
    checks.extend(doctor::review(&ReviewFacts::read(db, default_location)));
    let set_clipboard = match environment.tmux {
        true => tmux_set_clipboard(),
        false => None,
    };
    checks.push(doctor::multiplexer(environment, set_clipboard.as_deref()));
    let cache = doctor::cache_folder(environment);
    let place = cache.as_deref().map_or(Place::Missing, Place::of);
    checks.push(doctor::cache(cache.as_deref(), place));
    Ok((settings, checks))
}

/// Runs the checks and prints them: a line each, the fix under what is wrong, then how many
/// problems. Exit 1 when one failed.
pub fn run(flags: Flags, env: &Env, out: &mut impl Write) -> Outcome {
    let (settings, checks) = checks(flags, env, &environment())?;
    print(settings.lang, &checks, out);
    match checks.iter().any(|c| c.level == Level::Fail) {
        true => Ok(FAILED),
        false => Ok(OK),
    }
}

/// The checks in `lang`, as `findings doctor` prints them.
pub fn print(lang: crate::i18n::Lang, checks: &[Check], out: &mut impl Write) {
    let width = [Level::Ok, Level::Warn, Level::Fail]
        .iter()
        .map(|l| level(lang, *l).chars().count())
        .max()
        .unwrap_or(4);
    for check in checks {
        let words = said(lang, &check.finding);
        let _ = writeln!(out, "{:<width$}  {}", level(lang, check.level), words.what);
        if let Some(fix) = words.fix.filter(|_| check.level != Level::Ok) {
            let _ = writeln!(out, "{:<width$}  {}: {fix}", "", fix_label(lang));
        }
    }
    let count = |l: Level| checks.iter().filter(|c| c.level == l).count();
    let _ = writeln!(
        out,
        "{}",
        summary(lang, count(Level::Fail), count(Level::Warn))
    );
}

/// What `tmux show -gv set-clipboard` says; `None` when tmux is not there or does not answer
/// within a second.
fn tmux_set_clipboard() -> Option<String> {
    let mut child = Command::new("tmux")
        .args(["show", "-gv", "set-clipboard"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => break,
            Ok(None) if start.elapsed() < TMUX_PATIENCE => {
                std::thread::sleep(Duration::from_millis(10))
            }
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    }
    let mut text = String::new();
    std::io::Read::read_to_string(&mut child.stdout.take()?, &mut text).ok()?;
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}
