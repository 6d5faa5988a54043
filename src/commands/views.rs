//! `findings views`: the saved views, and finding one for `--view NAME`.

use std::io::Write;

use super::{Error, Format, Outcome, OK};
use crate::model::views::{self, Views, ViewsError};

/// Every saved view.
pub fn all() -> Result<Views, ViewsError> {
    views::load(&views::path()?)
}

pub fn run(format: Format, out: &mut impl Write, err: &mut impl Write) -> Outcome {
    let views = all().map_err(|e| Error::usage(e.to_string()))?;
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
    Ok(OK)
}
