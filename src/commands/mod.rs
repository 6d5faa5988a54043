//! The subcommands. Each is a function that writes to `impl Write` and returns the exit code,
//! so tests can call them without a process; `run` wires them to the real streams through
//! [`output::Stream`], which keeps the first failed write: a command writes with
//! `let _ = writeln!(…)` and goes on, and `run` makes the failure the exit (a message and 2,
//! or quietly 141 for a closed pipe).

pub mod check;
pub mod export;
pub mod facets;
pub mod manual;
pub mod output;
pub mod overview;
pub mod review;
pub mod schema;
pub mod search;
pub mod show;
pub mod stats;
pub mod tui;
pub mod views;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::i18n::Lang;
use crate::model::{DataSource, Dataset};

/// Exit codes (README, "Commands").
pub const OK: u8 = 0;
pub const NOT_FOUND: u8 = 1;
pub const INVALID: u8 = 1;
pub const USAGE: u8 = 2;

/// How a command prints its results.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

impl From<crate::cli::StatsFormat> for Format {
    fn from(f: crate::cli::StatsFormat) -> Format {
        match f {
            crate::cli::StatsFormat::Text => Format::Text,
            crate::cli::StatsFormat::Json => Format::Json,
        }
    }
}

/// The selection the command line asks for: the saved view (`--view`) if any, narrowed by the
/// query's words and filters and the filter flags (the same as the query language's filters);
/// the sort given, else the view's. A bad flag value is a usage error.
pub fn selection(
    query: &[String],
    filters: &crate::cli::Filters,
    sort: Option<&str>,
    cx: &Context,
) -> Result<crate::model::selection::Selection, String> {
    use crate::model::search::query;
    let mut selection = crate::model::selection::Selection {
        text: match cx.lang {
            Lang::En => crate::model::describe::Text::English,
            Lang::Vi => crate::model::describe::Text::Original,
        },
        ..Default::default()
    };
    let mut words = query.join(" ");
    if let Some(view) = &cx.view {
        view.apply(&mut selection);
        words = format!("{} {words}", view.query);
    }
    let mut q = query::parse_with(&words, filters.strict);
    for (name, value) in filters.pairs() {
        let filter = query::filter(name, &value).map_err(|e| format!("--{name}: {e}"))?;
        q.filters.push(filter);
    }
    selection.query = q;
    if let Some(s) = sort {
        selection.sort = crate::model::sort::Sort::parse(s).map_err(|e| format!("--sort: {e}"))?;
    }
    Ok(selection)
}

/// Loads the data for a command that lists a selection, and gives the selection the reviews
/// its filters need (status, star, notes, author: a saved view may choose them), read from the
/// review store. On failure, the message is printed and the exit code given.
pub fn load_selected(
    cx: &Context,
    selection: &crate::model::selection::Selection,
    err: &mut impl Write,
) -> Result<(Dataset, crate::model::selection::Selection), u8> {
    use crate::model::facets::{Facet, ReviewFacets};
    let dataset = load_valid(&cx.source, err)?;
    let mut selection = selection.clone();
    let review_facets = [Facet::Status, Facet::Starred, Facet::Notes, Facet::Author];
    if selection.reviews.is_none()
        && review_facets
            .iter()
            .any(|f| selection.chosen.contains_key(f))
    {
        match review::read_reviews(&cx.who.db, err) {
            Ok(all) => {
                selection.reviews = Some(std::sync::Arc::new(ReviewFacets::build(&dataset, &all)));
            }
            Err(e) => {
                let _ = writeln!(err, "findings: {e}");
                return Err(1);
            }
        }
    }
    Ok((dataset, selection))
}

/// What every command needs to know beyond its own arguments.
pub struct Context {
    pub source: DataSource,
    pub lang: Lang,
    /// The review store and who is reviewing.
    pub who: review::Reviewer,
    /// The saved view asked for with `--view`.
    pub view: Option<crate::model::views::View>,
}

impl Context {
    /// The context the command line gives, over the config file's settings; a `--view` that
    /// cannot be read is an error.
    pub fn from_cli(cli: &Cli, config: &crate::config::Config) -> Result<Context, String> {
        let env = std::env::var_os("FINDINGS_DATA").map(|v| v.to_string_lossy().into_owned());
        let view = match &cli.view {
            Some(name) => Some(views::find(name).map_err(|e| e.to_string())?),
            None => None,
        };
        let data = match cli.data.is_empty() && env.is_none() {
            true => config.data.clone(),
            false => cli.data.clone(),
        };
        let db = cli.review_db.clone().or_else(|| {
            std::env::var_os("FINDINGS_REVIEW_DB")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
                .or_else(|| config.review_db.clone())
        });
        Ok(Context {
            source: data_source(&data, env.as_deref()),
            lang: cli.lang.or(config.lang).unwrap_or_else(Lang::from_env),
            who: review::Reviewer::from(db, cli.user.clone().or_else(|| config.user.clone())),
            view,
        })
    }
}

/// The config file's settings; its problems printed (an error is the exit code, 2).
fn read_config(err: &mut impl Write) -> Result<crate::config::Config, u8> {
    let Some(path) = crate::config::default_path() else {
        return Ok(Default::default());
    };
    match crate::config::load(&path) {
        Ok(mut config) => {
            // The keys are put on the keymap now, for every command, so a mistake in them
            // stops any command, as one anywhere else in the file does.
            match crate::app::keymap::Keymap::with(&config.keys) {
                Ok((_, warnings)) => config.warnings.extend(warnings),
                Err(report) => {
                    for w in config.warnings.iter().chain(&report.warnings) {
                        let _ = writeln!(err, "findings: warning: {w}");
                    }
                    for e in report.errors {
                        let _ = writeln!(err, "findings: {e}");
                    }
                    return Err(USAGE);
                }
            }
            for w in &config.warnings {
                let _ = writeln!(err, "findings: warning: {w}");
            }
            Ok(config)
        }
        Err(errors) => {
            for e in errors {
                let _ = writeln!(err, "findings: {e}");
            }
            Err(USAGE)
        }
    }
}

/// `--data` wins; else `FINDINGS_DATA` (paths separated by ':'); else the embedded dataset.
pub fn data_source(flags: &[PathBuf], env: Option<&str>) -> DataSource {
    if !flags.is_empty() {
        return DataSource::Paths(flags.to_vec());
    }
    let from_env: Vec<PathBuf> = env
        .unwrap_or("")
        .split(':')
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .collect();
    if from_env.is_empty() {
        DataSource::Embedded
    } else {
        DataSource::Paths(from_env)
    }
}

/// Runs the command line: the command writes to the standard streams through
/// [`output::Stream`]s, and a failed write (or a closed pipe) decides the exit
/// ([`output::finish`]). The TUI gets the terminal after the streams are let go.
pub fn run(cli: Cli) -> ExitCode {
    let mut out = output::Stream::new(io::stdout().lock());
    let mut err = output::Stream::new(io::stderr().lock());
    let next = command(cli, &mut out, &mut err);
    let code = output::finish(next.code(), out, err);
    match next {
        Next::Tui(start) if code == OK => {
            let TuiStart { cx, looks, view } = *start;
            ExitCode::from(tui::run(&cx, looks, view))
        }
        _ => ExitCode::from(code),
    }
}

/// What the command line leads to: an exit, or the TUI.
enum Next {
    Exit(u8),
    Tui(Box<TuiStart>),
}

/// What the TUI starts with.
struct TuiStart {
    cx: Context,
    looks: tui::Looks,
    view: Option<String>,
}

impl Next {
    fn code(&self) -> u8 {
        match self {
            Next::Exit(code) => *code,
            Next::Tui(..) => OK,
        }
    }
}

/// Runs the command `cli` names, writing to `out` and `err`.
fn command(cli: Cli, mut out: &mut impl Write, mut err: &mut impl Write) -> Next {
    if let Some(Err(e)) = crate::tui::log::init(cli.log) {
        let _ = writeln!(err, "findings: no log: {e}");
    }
    let no_config = matches!(
        cli.command,
        Some(Command::Config { .. } | Command::Completions { .. } | Command::Man)
    );
    let config = match no_config {
        true => Default::default(),
        false => match read_config(&mut err) {
            Ok(c) => c,
            Err(code) => return Next::Exit(code),
        },
    };
    let cx = match Context::from_cli(&cli, &config) {
        Ok(cx) => cx,
        Err(message) => return Next::Exit(usage(&mut err, &message)),
    };
    let code = match cli.command {
        None if std::io::IsTerminal::is_terminal(&std::io::stdout()) => {
            let theme = crate::ui::theme::Theme::pick(
                cli.theme.or(config.theme).unwrap_or_default(),
                crate::ui::theme::Theme::no_color_asked(),
                cli.ascii || config.ascii == Some(true),
            );
            let looks = tui::Looks {
                theme,
                mouse: !cli.no_mouse && config.mouse != Some(false),
                list_percent: config.list_percent,
                keymap: crate::app::keymap::Keymap::with(&config.keys)
                    .map(|(keymap, _)| keymap)
                    .unwrap_or_default(),
            };
            let view = cli.view.clone();
            return Next::Tui(Box::new(TuiStart { cx, looks, view }));
        }
        None => overview::run(&cx, &mut out, &mut err),
        Some(Command::Check { paths }) => {
            let source = if paths.is_empty() {
                cx.source.clone()
            } else {
                DataSource::Paths(paths)
            };
            check::run(&source, &mut out, &mut err)
        }
        Some(Command::Show { id, format }) => {
            show::run(&cx, &id, format.into(), &mut out, &mut err)
        }
        Some(Command::Stats { format }) => stats::run(&cx, format.into(), &mut out, &mut err),
        Some(Command::Schema) => schema::run(&mut out),
        Some(Command::Search {
            query,
            filters,
            sort,
            limit,
            format,
        }) => match selection(&query, &filters, sort.as_deref(), &cx) {
            Ok(selection) => {
                let args = search::Args {
                    selection,
                    limit,
                    format: format.into(),
                };
                search::run(&cx, &args, &mut out, &mut err)
            }
            Err(message) => usage(&mut err, &message),
        },
        Some(Command::Review { action }) => match review_action(action, &cx) {
            Ok(action) => review::run(&cx, &cx.who, action, &mut out, &mut err),
            Err(message) => usage(&mut err, &message),
        },
        Some(Command::Export {
            query,
            filters,
            sort,
            format,
            output,
            force,
            with_review,
        }) => match selection(&query, &filters, sort.as_deref(), &cx) {
            Ok(selection) => {
                use crate::cli::ExportFormatArg as F;
                let described = export::described(
                    &query,
                    &filters,
                    &selection,
                    cli.view.as_deref().zip(cx.view.as_ref()),
                );
                let args = export::Args {
                    selection,
                    described,
                    format: match format {
                        F::Md => export::ExportFormat::Markdown,
                        F::Csv => export::ExportFormat::Csv,
                        F::Json => export::ExportFormat::Json,
                    },
                    output,
                    force,
                    with_review: with_review.then(|| cx.who.clone()),
                };
                export::run(&cx, &args, &mut out, &mut err)
            }
            Err(message) => usage(&mut err, &message),
        },
        Some(Command::Facets {
            query,
            filters,
            format,
        }) => match selection(&query, &filters, None, &cx) {
            Ok(selection) => facets::run(&cx, &selection, format.into(), &mut out, &mut err),
            Err(message) => usage(&mut err, &message),
        },
        Some(Command::Views { format }) => views::run(format.into(), &mut out, &mut err),
        Some(Command::Completions { shell }) => manual::completions(shell, &mut out),
        Some(Command::Man) => manual::man(&mut out, &mut err),
        Some(Command::Config { default: true }) => {
            let _ = write!(
                out,
                "{}{}",
                crate::config::default_file(),
                crate::app::keymap::default_keys()
            );
            OK
        }
        Some(Command::Config { default: false }) => match read_config(&mut err) {
            Ok(_) => {
                let path = crate::config::default_path();
                let shown = path.map_or("no config directory".into(), |p| {
                    crate::model::files::shown(&p)
                });
                let _ = writeln!(out, "{shown}: ok");
                OK
            }
            Err(code) => code,
        },
    };
    Next::Exit(code)
}

/// The review subcommand in model terms.
fn review_action(
    command: crate::cli::ReviewCommand,
    cx: &Context,
) -> Result<review::Action, String> {
    use crate::cli::{ReportFormat, ReviewCommand, StatusArg};
    use crate::model::review::Status;
    let status = |s: StatusArg| match s {
        StatusArg::Unreviewed => Status::Unreviewed,
        StatusArg::Reviewed => Status::Reviewed,
        StatusArg::ToApply => Status::ToApply,
        StatusArg::NotApplicable => Status::NotApplicable,
    };
    Ok(match command {
        ReviewCommand::Mark { id, status: s } => review::Action::Mark {
            id,
            status: status(s),
        },
        ReviewCommand::Star { id, off } => review::Action::Star { id, on: !off },
        ReviewCommand::Note { id, text } => review::Action::Note { id, text },
        ReviewCommand::List {
            query,
            filters,
            status: statuses,
            format,
        } => review::Action::List {
            selection: selection(&query, &filters, None, cx)?,
            statuses: statuses.into_iter().map(status).collect(),
            format: format.into(),
        },
        ReviewCommand::Stats { format } => review::Action::Stats {
            format: format.into(),
        },
        ReviewCommand::Export {
            query,
            filters,
            format,
            output,
            force,
        } => review::Action::Export {
            selection: selection(&query, &filters, None, cx)?,
            format: match format {
                ReportFormat::Md => review::Report::Markdown,
                ReportFormat::Csv => review::Report::Csv,
                ReportFormat::Json => review::Report::Json,
            },
            output,
            force,
        },
        ReviewCommand::Orphans => review::Action::Orphans,
    })
}

/// Reports a usage error; its exit code.
fn usage(err: &mut impl Write, message: &str) -> u8 {
    let _ = writeln!(err, "findings: {message}");
    USAGE
}

/// Loads the chosen data for a command that needs it valid. On errors prints them and gives the
/// exit code to return (2: the data is unusable); warnings are printed and the data is used.
pub fn load_valid(source: &DataSource, err: &mut impl Write) -> Result<Dataset, u8> {
    report(source.load(), err)
}

/// Prints what loading found; the dataset when it has no errors, else the exit code (2).
pub fn report(loaded: crate::model::Loaded, err: &mut impl Write) -> Result<Dataset, u8> {
    let errors = loaded.errors();
    for d in &loaded.diagnostics {
        let _ = writeln!(err, "{d}");
    }
    if errors > 0 {
        let _ = writeln!(
            err,
            "findings: the data has {errors} error(s); run `findings check` for details"
        );
        return Err(USAGE);
    }
    Ok(loaded.dataset)
}
