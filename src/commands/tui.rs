//! `findings` in a terminal: load the data, then hand over to the TUI.

use std::io::Write;
use std::sync::Arc;

use super::{load_valid, Context, OK, USAGE};
use crate::tui::runtime::{self, Options};

pub fn run(cx: &Context, mouse: bool) -> u8 {
    let mut err = std::io::stderr();
    let dataset = match load_valid(&cx.source, &mut err) {
        Ok(d) => Arc::new(d),
        Err(code) => return code,
    };
    let options = Options {
        lang: cx.lang,
        mouse,
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
