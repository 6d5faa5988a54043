//! The log file: what went wrong in the background (writing the search history, reading or
//! writing the review store, saving views and exports), so that nothing is lost silently. Off
//! unless `--log` or `FINDINGS_LOG` asks (`FINDINGS_LOG=debug` for more, see
//! [`crate::settings::log_level`]); written to `$XDG_STATE_HOME/findings/log`.

use std::path::PathBuf;

/// Where the log goes.
pub fn path() -> Option<PathBuf> {
    crate::model::files::state_dir().map(|d| d.join("log"))
}

/// Why there is no log: said as a warning, the run goes on without one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoLog(pub String);

impl std::fmt::Display for NoLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Starts logging at `level`; the file written to.
pub fn init(level: tracing::Level) -> Result<PathBuf, NoLog> {
    let Some(path) = path() else {
        return Err(NoLog(
            "no home directory: set HOME or XDG_STATE_HOME".into(),
        ));
    };
    let file = crate::model::files::open_append(&path)
        .map_err(|e| NoLog(format!("{}: {e}", crate::model::files::shown(&path))))?;
    let subscriber = tracing_subscriber::fmt()
        .with_writer(std::sync::Mutex::new(file))
        .with_ansi(false)
        .with_max_level(level)
        .finish();
    tracing::subscriber::set_global_default(subscriber).map_err(|e| NoLog(e.to_string()))?;
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "findings started");
    Ok(path)
}
