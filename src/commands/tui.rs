//! `findings` in a terminal: load the data, then hand over to the TUI.

use std::io::Write;
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
    // The embedded data is ready at once; files load in the background while the screen
    // already answers (the status line shows how far the load is).
    let dataset = match &cx.source {
        DataSource::Embedded => match report(cx.source.load(), &mut err) {
            Ok(d) => Some(Arc::new(d)),
            Err(code) => return code,
        },
        DataSource::Paths(_) => None,
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
        Ok(runtime::Ending::Done) => OK,
        Ok(runtime::Ending::Invalid(errors)) => {
            // The terminal is restored: the errors stay on screen.
            for e in &errors {
                let _ = writeln!(err, "{e}");
            }
            let _ = writeln!(
                err,
                "findings: the data has {} error(s); run `findings check` for details",
                errors.len()
            );
            USAGE
        }
        Err(e) => {
            // The terminal guard has restored the terminal by now: the message stays visible.
            let _ = writeln!(err, "findings: the terminal failed: {e}");
            USAGE
        }
    }
}
