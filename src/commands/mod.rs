//! The subcommands. Each is a function that takes the [`Settings`] and its request in the
//! model's terms (src/cli.rs makes them from the command line), writes to `impl Write` and
//! ends in an [`Outcome`]: its exit, or an [`Error`] that `main` prints, once. Tests can call
//! them without a process. `main` hands them the standard streams as [`output::Stream`]s,
//! which keep the first failed write: a command writes with `let _ = writeln!(…)` and goes
//! on, and the failure becomes the exit (a message and 2, or quietly 141 for a closed pipe).

pub mod check;
pub mod doctor;
pub mod export;
pub mod facets;
pub mod import;
pub mod output;
pub mod overview;
pub mod review;
pub mod schema;
pub mod search;
pub mod show;
pub mod stats;
pub mod team;
pub mod template;
pub mod views;

use std::io::Write;
use std::path::PathBuf;

pub use crate::error::{Error, FAILED, INVALID, NOT_FOUND, OK, USAGE};
use crate::i18n::Lang;
use crate::model::selection::Selection;
use crate::model::{DataSource, Dataset};
use crate::settings::Settings;

/// How a command ended: `Ok` with its exit when it did its work (0, or 1 when it found
/// nothing, as grep), else what went wrong.
pub type Outcome = Result<u8, Error>;

/// How a command prints its results.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// A command to run, in the model's terms.
#[derive(Debug)]
pub enum Command {
    /// No subcommand, and no terminal for the TUI: what is loaded, and what to type next.
    Overview,
    /// Check these files (none: the chosen data).
    Check {
        paths: Vec<PathBuf>,
    },
    Show {
        id: String,
        format: show::ShowFormat,
    },
    Stats {
        format: Format,
    },
    Schema,
    Search(search::Request),
    Review(review::Action),
    Export(export::Request),
    /// Write a workbook to fill in (`findings template`).
    Template(template::Request),
    /// Read records typed in a workbook or CSV files (`findings import`).
    Import(import::Request),
    Facets {
        wanted: Wanted,
        format: Format,
    },
    Views {
        format: Format,
    },
    /// Print a config file with every default.
    DefaultConfig,
    /// Check the config file: by the time a command runs, the settings have read it.
    CheckConfig,
    /// Set up a team's folder for the review file (`findings team init`).
    TeamInit(team::Request),
}

impl Command {
    /// Whether the settings for this command come from the config file too: printing the
    /// defaults must work whatever the file holds.
    pub fn reads_config(&self) -> bool {
        !matches!(self, Command::DefaultConfig)
    }
}

/// What a listing command asks for, as typed: the query's words, the filter flags as
/// (query-language field, value) pairs, `--strict` and `--sort`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Wanted {
    pub query: Vec<String>,
    pub filters: Vec<(&'static str, String)>,
    pub strict: bool,
    pub sort: Option<String>,
}

/// Runs `command` with `settings`, writing to `out` and `err`.
pub fn run(
    settings: &Settings,
    command: Command,
    out: &mut impl Write,
    err: &mut impl Write,
) -> Outcome {
    match command {
        Command::Overview => overview::run(settings, out, err),
        Command::Check { paths } if paths.is_empty() => check::run(&settings.source, out, err),
        Command::Check { paths } => check::run(&DataSource::Paths(paths), out, err),
        Command::Show { id, format } => show::run(settings, &id, format, out, err),
        Command::Stats { format } => stats::run(settings, format, out, err),
        Command::Schema => schema::run(out),
        Command::Search(request) => search::run(settings, &request, out, err),
        Command::Review(action) => review::run(settings, action, out, err),
        Command::Export(request) => export::run(settings, &request, out, err),
        Command::Template(request) => template::run(settings, &request, err),
        Command::Import(request) => import::run(&request, out, err),
        Command::Facets { wanted, format } => facets::run(settings, &wanted, format, out, err),
        Command::Views { format } => views::run(format, out, err),
        Command::TeamInit(request) => team::run(settings, &request, out, err),
        Command::DefaultConfig => {
            let _ = write!(
                out,
                "{}{}",
                crate::config::default_file(),
                crate::app::keymap::default_keys()
            );
            Ok(OK)
        }
        Command::CheckConfig => {
            let shown = crate::config::default_path().map_or("no config directory".into(), |p| {
                crate::model::files::shown(&p)
            });
            let _ = writeln!(out, "{shown}: ok");
            Ok(OK)
        }
    }
}

/// The selection `wanted` asks for: the saved view (`--view`) if any, narrowed by the
/// query's words and filters and the filter flags (the same as the query language's filters);
/// the sort given, else the view's. A bad flag value is a usage error.
pub fn selection(wanted: &Wanted, settings: &Settings) -> Result<Selection, Error> {
    use crate::model::search::query;
    let mut selection = Selection {
        text: match settings.lang {
            Lang::En => crate::model::describe::Text::English,
            Lang::Vi => crate::model::describe::Text::Original,
        },
        ..Default::default()
    };
    let mut words = wanted.query.join(" ");
    if let Some((_, view)) = &settings.view {
        view.apply(&mut selection);
        words = format!("{} {words}", view.query);
    }
    let mut q = query::parse_with(&words, wanted.strict);
    for (name, value) in &wanted.filters {
        let filter =
            query::filter(name, value).map_err(|e| Error::usage(format!("--{name}: {e}")))?;
        q.filters.push(filter);
    }
    selection.query = q;
    if let Some(s) = &wanted.sort {
        selection.sort =
            crate::model::sort::Sort::parse(s).map_err(|e| Error::usage(format!("--sort: {e}")))?;
    }
    Ok(selection)
}

/// The data a command lists from, with its search index: taken from the index cache when the
/// files are unchanged, else read, checked and indexed (then [`Indexed::keep`] caches it).
pub struct Indexed {
    pub dataset: Dataset,
    pub index: std::sync::Arc<crate::model::search::Index>,
    /// What writing the cache needs, after a miss.
    keep: Option<(crate::model::cache::Ticket, Vec<crate::model::Diagnostic>)>,
}

impl Indexed {
    /// Ends the command's use of the data, once its output is written (so it is not kept
    /// waiting): after a miss, writes the index to the cache (with the word counts a search
    /// made). The data is then left for the process's end to hand back, whole: freeing a
    /// hundred thousand records string by string took longer than a warm search.
    pub fn finish(mut self, err: &mut impl Write) {
        if let Some((ticket, warnings)) = self.keep.take() {
            if let Err(why) = ticket.write(&warnings, &self.dataset, &self.index) {
                let _ = writeln!(
                    err,
                    "findings: the search index was not cached ({why}); the next run reads the \
                     files again (--no-cache: never cache)"
                );
            }
        }
        std::mem::forget(self);
    }
}

/// Loads and indexes the chosen data for a command that needs it valid, through the cache;
/// warnings are printed, errors make it unusable (as [`load_valid`]).
pub fn load_indexed(settings: &Settings, err: &mut impl Write) -> Result<Indexed, Error> {
    use crate::model::cache::{self, Need};
    let mut cached = cache::load(&settings.source, &settings.cache, Need::Index);
    let warnings = cached.loaded.diagnostics.clone();
    let (ticket, index) = (cached.ticket.take(), cached.index.take());
    let dataset = crate::error::usable(cached.loaded, err)?;
    let index =
        index.unwrap_or_else(|| std::sync::Arc::new(crate::model::search::Index::build(&dataset)));
    Ok(Indexed {
        dataset,
        index,
        keep: ticket.map(|t| (t, warnings)),
    })
}

/// Loads the data for a command that lists a selection, with its index, and gives the
/// selection the reviews its filters need (status, star, notes, author: a saved view may
/// choose them), read from the review store.
pub fn load_selected(
    settings: &Settings,
    selection: &Selection,
    err: &mut impl Write,
) -> Result<(Indexed, Selection), Error> {
    use crate::model::facets::{Facet, ReviewFacets};
    let data = load_indexed(settings, err)?;
    let mut selection = selection.clone();
    let review_facets = [Facet::Status, Facet::Starred, Facet::Notes, Facet::Author];
    if selection.reviews.is_none()
        && review_facets
            .iter()
            .any(|f| selection.chosen.contains_key(f))
    {
        let all = review::read_reviews(&settings.reviewer.db, err)?;
        selection.reviews = Some(std::sync::Arc::new(ReviewFacets::build(
            &data.dataset,
            &all,
        )));
    }
    Ok((data, selection))
}

/// Loads the chosen data for a command that needs it valid: its warnings are printed and the
/// data is used; errors make it unusable (exit 2, the diagnostics with the error). The records
/// come from the index cache when it holds the files as they are (nothing is written to it
/// here: a command that needs no index does not build one).
pub fn load_valid(settings: &Settings, err: &mut impl Write) -> Result<Dataset, Error> {
    use crate::model::cache::{self, Need};
    let cached = cache::load(&settings.source, &settings.cache, Need::Records);
    crate::error::usable(cached.loaded, err)
}
