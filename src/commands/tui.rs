//! `findings` in a terminal: load the data, then hand over to the TUI.

use std::io::{IsTerminal, Write};
use std::sync::Arc;

use super::{report, Context, OK, USAGE};
use crate::model::DataSource;
use crate::tui::runtime::{self, Options};
use crate::ui::theme::Theme;

/// How the TUI looks and takes keys, from the command line and the config file.
pub struct Looks {
    pub theme: Theme,
    pub mouse: bool,
    pub list_percent: Option<u8>,
    pub keymap: crate::app::keymap::Keymap,
}

pub fn run(cx: &Context, looks: Looks, view: Option<String>) -> u8 {
    let mouse = looks.mouse;
    let who = cx.who.clone();
    let mut err = std::io::stderr();
    // Large data takes a moment: say so, on a line the TUI's screen then replaces.
    let loading = matches!(cx.source, DataSource::Paths(_)) && err.is_terminal();
    if loading {
        let _ = write!(err, "findings: loading…");
    }
    let loaded = cx.source.load();
    if loading {
        // Back to the start of the line, erased, for messages or the TUI.
        let _ = write!(err, "\r\x1b[K");
    }
    let dataset = match report(loaded, &mut err) {
        Ok(d) => Arc::new(d),
        Err(code) => return code,
    };
    if let Some(warning) = crate::model::review::network_filesystem_warning(&who.db) {
        let _ = writeln!(err, "findings: {warning}");
    }
    let options = Options {
        lang: cx.lang,
        mouse,
        review_db: who.db,
        user: who.user,
        view: view.zip(cx.view.clone()),
        theme: looks.theme,
        list_percent: looks.list_percent,
        keymap: looks.keymap,
        source: cx.source.clone(),
    };
    match runtime::run(dataset, options) {
        Ok(()) => OK,
        Err(e) => {
            // The terminal guard has restored the terminal by now: the message stays visible.
            let _ = writeln!(err, "findings: the terminal failed: {e}");
            USAGE
        }
    }
}
