//! The log file: what went wrong in the background (writing the search history, reading or
//! writing the review store, saving views and exports), so that nothing is lost silently. Off
//! unless `--log` or `FINDINGS_LOG` asks (`FINDINGS_LOG=debug` for more); written to
//! `$XDG_STATE_HOME/findings/log`.

use std::path::PathBuf;

/// Where the log goes.
pub fn path() -> Option<PathBuf> {
    crate::model::files::state_dir().map(|d| d.join("log"))
}

/// Starts logging when asked; the file written to, or why it could not be opened.
pub fn init(flag: bool) -> Option<Result<PathBuf, String>> {
    let env = std::env::var("FINDINGS_LOG").ok().filter(|v| !v.is_empty());
    if !flag && env.is_none() {
        return None;
    }
    let level = match env.as_deref().map(str::to_lowercase).as_deref() {
        Some("debug") => tracing::Level::DEBUG,
        Some("trace") => tracing::Level::TRACE,
        Some("warn") => tracing::Level::WARN,
        Some("error") => tracing::Level::ERROR,
        _ => tracing::Level::INFO,
    };
    let Some(path) = path() else {
        return Some(Err("no home directory: set HOME or XDG_STATE_HOME".into()));
    };
    let opened = crate::model::files::open_append(&path);
    let file = match opened {
        Ok(f) => f,
        Err(e) => return Some(Err(format!("{}: {e}", crate::model::files::shown(&path)))),
    };
    let subscriber = tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .with_max_level(level)
        .finish();
    match tracing::subscriber::set_global_default(subscriber) {
        Ok(()) => {
            tracing::info!(version = env!("CARGO_PKG_VERSION"), "findings started");
            Some(Ok(path))
        }
        Err(e) => Some(Err(e.to_string())),
    }
}
