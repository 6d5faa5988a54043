//! The command line (SPEC §2): global options and subcommands, with clap.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use crate::i18n::Lang;

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
    /// A dataset file or a directory of *.json files (repeatable). Default: FINDINGS_DATA
    /// (paths separated by ':'), else the embedded dataset.
    #[arg(long = "data", value_name = "PATH", global = true)]
    pub data: Vec<PathBuf>,

    /// Language of the interface and of record text (default: from LANG / LC_ALL, else en).
    #[arg(long, value_enum, global = true)]
    pub lang: Option<Lang>,

    /// Do not capture the mouse (leaves text selection to the terminal).
    #[arg(long)]
    pub no_mouse: bool,

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
        /// suffix$, !not, and province: kind: tag: topic: trip: id: filters.
        #[arg(required = true, num_args = 1.., value_name = "QUERY")]
        query: Vec<String>,
        #[command(flatten)]
        filters: Filters,
        /// How many results (0: all).
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
        format: StatsFormat,
    },
}

/// Narrow results: several values of one filter widen it (OR); different filters all apply.
#[derive(Debug, Default, Clone, clap::Args)]
pub struct Filters {
    #[arg(long, value_enum)]
    pub kind: Vec<KindArg>,
    #[arg(long)]
    pub province: Vec<String>,
    #[arg(long)]
    pub tag: Vec<String>,
    /// A trip's id.
    #[arg(long)]
    pub trip: Vec<String>,
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
