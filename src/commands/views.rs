//! `findings views`: the saved views, and finding one for `--view NAME`.

use std::io::Write;
use std::path::PathBuf;

use super::{Format, OK, USAGE};
use crate::model::views::{self, View, Views, ViewsError};

/// Where the views are kept.
pub fn path() -> Result<PathBuf, ViewsError> {
    views::default_path().ok_or_else(|| {
        ViewsError::Io("no home directory: set HOME or XDG_CONFIG_HOME to keep views".into())
    })
}

/// The saved view `name`.
pub fn find(name: &str) -> Result<View, ViewsError> {
    views::find(&path()?, name)
}

/// Every saved view.
pub fn all() -> Result<Views, ViewsError> {
    views::load(&path()?)
}

pub fn run(format: Format, out: &mut impl Write, err: &mut impl Write) -> u8 {
    let views = match all() {
        Ok(v) => v,
        Err(e) => {
            let _ = writeln!(err, "findings: {e}");
            return USAGE;
        }
    };
    match format {
        Format::Json => {
            let text = serde_json::to_string_pretty(&views).unwrap_or_default();
            let _ = writeln!(out, "{text}");
        }
        Format::Text if views.is_empty() => {
            let _ = writeln!(
                err,
                "findings: no saved views yet (in the TUI, w saves what the list shows)"
            );
        }
        Format::Text => {
            let width = views.keys().map(|n| n.chars().count()).max().unwrap_or(0);
            for (name, view) in &views {
                let name = crate::model::text::inline(name);
                let pad = width.saturating_sub(name.chars().count());
                let _ = writeln!(
                    out,
                    "{name}{}  {}",
                    " ".repeat(pad),
                    crate::model::text::inline(&view.describe())
                );
            }
        }
    }
    OK
}
