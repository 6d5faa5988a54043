//! The command line (README, "Commands"): global options and subcommands, with clap. The
//! parsed arguments are turned here into plain values: the settings [`Flags`] and the
//! [`Request`] in the model's terms; nothing below this module sees a clap type.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

pub mod manual;

use crate::commands::{self, export, review, search, show, Format, Wanted};
use crate::i18n::Lang;
use crate::settings::{Flags, ThemeName};

#[derive(Debug, Parser)]
#[command(
    name = "findings",
    version,
    about = "Browse the findings of study visits: meetings, experiences shared, model sites visited",
    long_about = "Browse the findings of study visits: the meetings held, the experiences the hosts \
                  shared, the model sites visited.\n\nWithout --data or FINDINGS_DATA, the dataset \
                  embedded in the binary is used."
)]
pub struct Cli {
    /// A dataset file, a workbook (.xlsx, as `template` writes and `import` reads) or a
    /// directory of *.json files (repeatable). Default: FINDINGS_DATA (paths separated by
    /// ':'), else the embedded dataset.
    #[arg(long = "data", value_name = "PATH", global = true)]
    pub data: Vec<PathBuf>,

    /// Load the embedded dataset too, beside the --data (or FINDINGS_DATA) files.
    #[arg(long, global = true)]
    pub with_default: bool,

    /// Language of the interface and of record text (default: `lang` in the config file, else
    /// LC_ALL / LC_MESSAGES / LANG, else en).
    #[arg(long, value_enum, global = true)]
    pub lang: Option<LangArg>,

    /// Do not capture the mouse (leaves text selection to the terminal).
    #[arg(long)]
    pub no_mouse: bool,

    /// Colours: dark (default), light or high-contrast. NO_COLOR (set, not empty) turns
    /// colour off whatever the theme: reverse video, bold and underline only.
    #[arg(long, value_enum)]
    pub theme: Option<ThemeArg>,

    /// Draw lines, marks, gauges and the scroll mark with ASCII only.
    #[arg(long)]
    pub ascii: bool,

    /// Log what goes wrong in the background to $XDG_STATE_HOME/findings/log (also when
    /// FINDINGS_LOG is set; FINDINGS_LOG=debug logs more).
    #[arg(long, global = true)]
    pub log: bool,

    /// The review database (default: FINDINGS_REVIEW_DB, else `review_db` in the config file,
    /// else $XDG_DATA_HOME/findings/review.db). Point several people at one file to share
    /// reviews.
    #[arg(long, value_name = "PATH", global = true)]
    pub review_db: Option<PathBuf>,

    /// Who is reviewing, for marks and notes (default: `user` in the config file, else $USER,
    /// else $LOGNAME, else the account name).
    #[arg(long, value_name = "NAME", global = true)]
    pub user: Option<String>,

    /// Start from a saved view (its query, filters, sort and tab; see `findings views`). With
    /// `search`, `facets`, `export` and `review list`, a query and filters given too narrow it.
    #[arg(long, value_name = "NAME", global = true)]
    pub view: Option<String>,

    /// Neither use nor write the index cache ($XDG_CACHE_HOME/findings; also when
    /// FINDINGS_NO_CACHE is set): read and index the data files on every run.
    #[arg(long, global = true)]
    pub no_cache: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate dataset files: every problem, compiler-style. Exit 0 valid, 1 invalid.
    Check {
        /// Files or directories to check (default: the chosen datasets).
        paths: Vec<PathBuf>,
    },
    /// Show one record by id.
    Show {
        /// The record's id.
        id: String,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Count records per kind, province and topic.
    Stats {
        #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
        format: StatsFormat,
    },
    /// Print the JSON Schema of the dataset format.
    Schema,
    /// Search, ranked as in the TUI. Exit 0 when something matched, 1 when nothing did.
    Search {
        /// The query: words (all must match, with or without diacritics), 'exact, ^prefix,
        /// suffix$, !not, and province: kind: tag: topic: product: trip: id: filters. May be
        /// left out: then every record that passes the FILTERS.
        #[arg(num_args = 0.., value_name = "QUERY")]
        query: Vec<String>,
        #[command(flatten)]
        filters: Filters,
        /// Order: relevance (the default), date, title, province or kind, with :desc to
        /// reverse (titles and places in Vietnamese collation).
        #[arg(long, value_name = "FIELD[:desc]")]
        sort: Option<String>,
        /// How many results (0: all).
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
        format: StatsFormat,
    },
    /// Review: mark records, star them, write notes, list and report.
    Review {
        #[command(subcommand)]
        action: ReviewCommand,
    },
    /// Export what the list shows (query, filters, sort) as Markdown, CSV, a JSON dataset or a
    /// workbook that `import` reads back.
    Export {
        #[arg(num_args = 0.., value_name = "QUERY")]
        query: Vec<String>,
        #[command(flatten)]
        filters: Filters,
        #[arg(long, value_name = "FIELD[:desc]")]
        sort: Option<String>,
        #[arg(long, value_enum)]
        format: ExportFormatArg,
        /// Write to FILE instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
        /// Add each record's review: status, star, notes.
        #[arg(long)]
        with_review: bool,
    },
    /// Write a workbook to type findings in: one sheet per kind (trips, meetings,
    /// experiences, visits), headers saying what each column holds, an example row each; in
    /// the interface language (--lang vi|en).
    Template {
        #[arg(long, value_enum)]
        format: TemplateFormatArg,
        /// The workbook to write.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Read records typed in a workbook made by `template` (or one CSV file per kind, named
    /// trips.csv, meetings.csv, experiences.csv, visits.csv) and write them as a dataset.
    /// Every problem is named by file, sheet and cell; nothing is written while there is one.
    Import {
        /// The workbooks (.xlsx) and CSV files to read.
        #[arg(required = true, value_name = "FILE")]
        inputs: Vec<PathBuf>,
        /// Write the dataset to FILE instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Count the records per facet value (province, kind, topic, tag, product, trip,
    /// programme, year) among those that match the query and the filters.
    Facets {
        /// The query, as for `search` (may be left out).
        #[arg(num_args = 0.., value_name = "QUERY")]
        query: Vec<String>,
        #[command(flatten)]
        filters: Filters,
        #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
        format: StatsFormat,
    },
    /// List the saved views ($XDG_CONFIG_HOME/findings/views.toml; `w` in the TUI saves one).
    Views {
        #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
        format: StatsFormat,
    },
    /// Print a shell completion script: `source <(findings completions bash)`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `findings man | man -l -`.
    Man,
    /// Check the config file ($XDG_CONFIG_HOME/findings/config.toml), or print a commented one
    /// with every default (`--default`).
    Config {
        #[arg(long)]
        default: bool,
    },
    /// Set up a team's shared folder for the review file (`findings team init DIR`).
    Team {
        #[command(subcommand)]
        action: TeamCommand,
    },
    /// Check this account's setup: the locale, the terminal, the config file, the data, the
    /// review file's folder and modes, tmux or screen for copying, the cache folder; each
    /// problem with its fix. Exit 1 when something is wrong.
    Doctor,
}

/// `findings team …`.
#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Make DIR the team's folder: owned by the group, group-writable, setgid (so every new
    /// file, SQLite's -wal and -shm too, takes the group), with the review file in it; refuses
    /// a folder on NFS or SMB. Prints the line for /etc/profile.d/ on standard output. Run it
    /// again to fix what drifted.
    Init {
        /// The team's folder (made if missing; its parent must exist).
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        /// The team's group (default: the folder's group).
        #[arg(long, value_name = "GROUP")]
        group: Option<String>,
    },
}

/// Narrow results, as the query language's filters do (`--province dak-lak` is
/// `province:dak-lak`): several values of one filter widen it (OR); different filters all
/// apply; values compared without case or diacritics, `-` as a space.
#[derive(Debug, Default, Clone, clap::Args)]
pub struct Filters {
    #[arg(long, value_enum)]
    pub kind: Vec<KindArg>,
    #[arg(long)]
    pub province: Vec<String>,
    #[arg(long)]
    pub tag: Vec<String>,
    #[arg(long)]
    pub topic: Vec<String>,
    /// A visit's product.
    #[arg(long)]
    pub product: Vec<String>,
    /// A trip's id, or part of it.
    #[arg(long)]
    pub trip: Vec<String>,
    /// Every word of the query must match, question words ("gì", "about") too, and nothing
    /// matching only most of them is listed.
    #[arg(long)]
    pub strict: bool,
}

impl Filters {
    /// What a listing command asks for: `query`, these filters and `sort`.
    fn wanted(&self, query: Vec<String>, sort: Option<String>) -> Wanted {
        Wanted {
            query,
            filters: self.pairs(),
            strict: self.strict,
            sort,
        }
    }

    /// The filters as (query-language field, value) pairs.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out: Vec<(&'static str, String)> = Vec::new();
        for k in &self.kind {
            let name = match k {
                KindArg::Trip => "trip",
                KindArg::Meeting => "meeting",
                KindArg::Experience => "experience",
                KindArg::Visit => "visit",
            };
            out.push(("kind", name.to_owned()));
        }
        let lists: [(&'static str, &Vec<String>); 5] = [
            ("province", &self.province),
            ("tag", &self.tag),
            ("topic", &self.topic),
            ("product", &self.product),
            ("trip", &self.trip),
        ];
        for (name, values) in lists {
            out.extend(values.iter().map(|v| (name, v.clone())));
        }
        out
    }
}

#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// Set a record's status.
    Mark {
        id: String,
        #[arg(value_enum)]
        status: StatusArg,
    },
    /// Star a record (or, with --off, unstar it).
    Star {
        id: String,
        #[arg(long)]
        off: bool,
    },
    /// Add a note to a record; TEXT "-" reads it from standard input.
    Note { id: String, text: String },
    /// The records that match, with their review.
    List {
        #[arg(num_args = 0.., value_name = "QUERY")]
        query: Vec<String>,
        #[command(flatten)]
        filters: Filters,
        /// Only records with this status (repeatable).
        #[arg(long, value_enum)]
        status: Vec<StatusArg>,
        #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
        format: StatsFormat,
    },
    /// Counts: records by status, changes by user, notes.
    Stats {
        #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
        format: StatsFormat,
    },
    /// The report a review session ends with: by status, then trip, every note.
    Export {
        #[arg(num_args = 0.., value_name = "QUERY")]
        query: Vec<String>,
        #[command(flatten)]
        filters: Filters,
        #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
        format: ReportFormat,
        /// Write to FILE instead of standard output.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// The review report: the trips, the reviewers, totals by status, reviewer and province,
    /// then the findings to apply first, each with its decision and notes; in the interface
    /// language (--lang), for the config file's `agency`.
    Report {
        #[arg(num_args = 0.., value_name = "QUERY")]
        query: Vec<String>,
        #[command(flatten)]
        filters: Filters,
        #[arg(long, value_enum, default_value_t = ReportFileFormat::Md)]
        format: ReportFileFormat,
        /// Write to FILE instead of standard output (a docx or xlsx report needs a file or a
        /// redirection).
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Reviews of ids the data no longer has (kept, never dropped).
    Orphans,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    Unreviewed,
    Reviewed,
    ToApply,
    NotApplicable,
}

/// The template's forms: an Excel workbook.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum TemplateFormatArg {
    Xlsx,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormatArg {
    Md,
    Csv,
    Json,
    /// An Excel workbook in the template's layout: edit it, then `findings import` it.
    Xlsx,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Md,
    Csv,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFileFormat {
    /// Markdown.
    Md,
    /// Word.
    Docx,
    /// Excel.
    Xlsx,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Trip,
    Meeting,
    Experience,
    Visit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Text,
    Json,
    Md,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    En,
    Vi,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ThemeArg {
    Dark,
    Light,
    HighContrast,
}

/// What the command line asks for, its settings taken out.
#[derive(Debug)]
pub enum Request {
    /// No subcommand: the TUI on a terminal, else the overview.
    Browse,
    Run(commands::Command),
    /// Made from the command line's own definition: it reads no settings (see [`manual`]).
    Manual(Manual),
    /// `findings doctor`: it reads the config file itself, as one of its checks.
    Doctor,
}

/// What is made from the command line's definition: the completions, the manual page.
#[derive(Debug)]
pub enum Manual {
    Completions(clap_complete::Shell),
    Page,
}

impl Request {
    /// Whether the config file is read for it (not to print the defaults, the completions or
    /// the manual: they must work whatever the file holds).
    pub fn reads_config(&self) -> bool {
        match self {
            Request::Browse => true,
            Request::Run(command) => command.reads_config(),
            Request::Manual(_) | Request::Doctor => false,
        }
    }
}

/// Prints what clap has to say instead of running a command (`--help`, `--version`, a usage
/// error) and gives its exit, by the same rules as a command's output
/// ([`commands::output`]): clap itself ignores a failed write.
pub fn said(e: &clap::Error) -> u8 {
    use std::io::{self, Write};
    let printed = e.print().and_then(|()| io::stdout().flush());
    match printed {
        Ok(()) => e.exit_code().clamp(0, 255) as u8,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => commands::output::BROKEN_PIPE,
        Err(failure) => {
            let _ = writeln!(
                io::stderr(),
                "findings: cannot write the message: {failure}"
            );
            commands::output::OUTPUT_FAILED
        }
    }
}

impl Cli {
    /// The settings the command line gives, and what it asks for.
    pub fn into_request(self) -> (Flags, Request) {
        let flags = Flags {
            data: self.data,
            with_default: self.with_default,
            lang: self.lang.map(|l| match l {
                LangArg::En => Lang::En,
                LangArg::Vi => Lang::Vi,
            }),
            theme: self.theme.map(|t| match t {
                ThemeArg::Dark => ThemeName::Dark,
                ThemeArg::Light => ThemeName::Light,
                ThemeArg::HighContrast => ThemeName::HighContrast,
            }),
            ascii: self.ascii,
            no_mouse: self.no_mouse,
            log: self.log,
            review_db: self.review_db,
            user: self.user,
            view: self.view,
            no_cache: self.no_cache,
        };
        let mut request = match self.command {
            None => Request::Browse,
            Some(command) => command.request(),
        };
        if let Request::Run(commands::Command::Import(import)) = &mut request {
            import.with_default = flags.with_default;
        }
        (flags, request)
    }
}

impl Command {
    /// The command to run, in the commands' own terms, or what is made from the definition.
    fn request(self) -> Request {
        use commands::Command as C;
        let command = match self {
            Command::Completions { shell } => return Request::Manual(Manual::Completions(shell)),
            Command::Man => return Request::Manual(Manual::Page),
            Command::Doctor => return Request::Doctor,
            Command::Team {
                action: TeamCommand::Init { dir, group },
            } => C::TeamInit(commands::team::Request { dir, group }),
            Command::Check { paths } => C::Check { paths },
            Command::Show { id, format } => C::Show {
                id,
                format: match format {
                    ShowFormat::Text => show::ShowFormat::Text,
                    ShowFormat::Json => show::ShowFormat::Json,
                    ShowFormat::Md => show::ShowFormat::Md,
                },
            },
            Command::Stats { format } => C::Stats {
                format: format.into(),
            },
            Command::Schema => C::Schema,
            Command::Search {
                query,
                filters,
                sort,
                limit,
                format,
            } => C::Search(search::Request {
                wanted: filters.wanted(query, sort),
                limit,
                format: format.into(),
            }),
            Command::Review { action } => C::Review(action.into()),
            Command::Export {
                query,
                filters,
                sort,
                format,
                output,
                force,
                with_review,
            } => C::Export(export::Request {
                wanted: filters.wanted(query, sort),
                format: match format {
                    ExportFormatArg::Md => export::ExportFormat::Markdown,
                    ExportFormatArg::Csv => export::ExportFormat::Csv,
                    ExportFormatArg::Json => export::ExportFormat::Json,
                    ExportFormatArg::Xlsx => export::ExportFormat::Workbook,
                },
                output,
                force,
                with_review,
            }),
            Command::Template {
                format: TemplateFormatArg::Xlsx,
                output,
                force,
            } => C::Template(commands::template::Request { output, force }),
            Command::Import {
                inputs,
                output,
                force,
            } => C::Import(commands::import::Request {
                inputs,
                output,
                force,
                // Set from the global flag once the command is made (`into_request`).
                with_default: false,
            }),
            Command::Facets {
                query,
                filters,
                format,
            } => C::Facets {
                wanted: filters.wanted(query, None),
                format: format.into(),
            },
            Command::Views { format } => C::Views {
                format: format.into(),
            },
            Command::Config { default: true } => C::DefaultConfig,
            Command::Config { default: false } => C::CheckConfig,
        };
        Request::Run(command)
    }
}

impl From<ReviewCommand> for review::Action {
    fn from(command: ReviewCommand) -> review::Action {
        use review::Action as A;
        match command {
            ReviewCommand::Mark { id, status } => A::Mark {
                id,
                status: status.into(),
            },
            ReviewCommand::Star { id, off } => A::Star { id, on: !off },
            ReviewCommand::Note { id, text } => A::Note { id, text },
            ReviewCommand::List {
                query,
                filters,
                status,
                format,
            } => A::List {
                wanted: filters.wanted(query, None),
                statuses: status.into_iter().map(Into::into).collect(),
                format: format.into(),
            },
            ReviewCommand::Stats { format } => A::Stats {
                format: format.into(),
            },
            ReviewCommand::Export {
                query,
                filters,
                format,
                output,
                force,
            } => A::Export {
                wanted: filters.wanted(query, None),
                format: match format {
                    ReportFormat::Md => review::Report::Markdown,
                    ReportFormat::Csv => review::Report::Csv,
                    ReportFormat::Json => review::Report::Json,
                },
                output,
                force,
            },
            ReviewCommand::Report {
                query,
                filters,
                format,
                output,
                force,
            } => A::Report {
                wanted: filters.wanted(query, None),
                format: match format {
                    ReportFileFormat::Md => review::ReportFormat::Markdown,
                    ReportFileFormat::Docx => review::ReportFormat::Docx,
                    ReportFileFormat::Xlsx => review::ReportFormat::Xlsx,
                },
                output,
                force,
            },
            ReviewCommand::Orphans => A::Orphans,
        }
    }
}

impl From<StatusArg> for crate::model::review::Status {
    fn from(s: StatusArg) -> crate::model::review::Status {
        use crate::model::review::Status;
        match s {
            StatusArg::Unreviewed => Status::Unreviewed,
            StatusArg::Reviewed => Status::Reviewed,
            StatusArg::ToApply => Status::ToApply,
            StatusArg::NotApplicable => Status::NotApplicable,
        }
    }
}

impl From<StatsFormat> for Format {
    fn from(f: StatsFormat) -> Format {
        match f {
            StatsFormat::Text => Format::Text,
            StatsFormat::Json => Format::Json,
        }
    }
}
