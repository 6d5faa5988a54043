//! `findings` in a terminal: the data loaded (the embedded data at once, files in the
//! background), then the TUI, with the settings resolved at the start.

use std::io::Write;
use std::sync::Arc;

use super::runtime::{self, Options};
use crate::error::{usable, Error};
use crate::model::DataSource;
use crate::settings::Settings;
use crate::ui::theme::Theme;

/// Runs the TUI until the user quits. An error comes back once the terminal is restored, so
/// that what `main` prints stays on screen.
pub fn run(settings: &Settings) -> Result<(), Error> {
    let mut err = std::io::stderr();
    // The embedded data is ready at once; files load in the background while the screen
    // already answers (the status line shows how far the load is).
    let dataset = match &settings.source {
        DataSource::Embedded => Some(Arc::new(usable(settings.source.load(), &mut err)?)),
        DataSource::Paths(_) | DataSource::EmbeddedAnd(_) => None,
    };
    let who = &settings.reviewer;
    if let Some(warning) = crate::model::review::network_filesystem_warning(&who.db) {
        let _ = writeln!(err, "findings: {warning}");
    }
    let options = Options {
        lang: settings.lang,
        mouse: settings.looks.mouse,
        review_db: who.db.clone(),
        user: who.user.clone(),
        view: settings.view.clone(),
        theme: Theme::of(&settings.looks),
        list_percent: settings.looks.list_percent,
        keymap: settings.keymap.clone(),
        source: settings.source.clone(),
        cache: settings.cache.clone(),
        agency: settings.agency.clone(),
    };
    match runtime::run(dataset, options) {
        Ok(runtime::Ending::Done) => Ok(()),
        Ok(runtime::Ending::Invalid(errors)) => Err(Error::invalid_data(errors.len(), errors)),
        Err(e) => Err(Error::usage(format!("the terminal failed: {e}"))),
    }
}
