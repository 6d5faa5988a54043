//! findings: browse the findings of study visits — meetings, experiences shared, model sites.
//!
//! `model` holds the data and knows nothing of the terminal; `commands` are the CLI
//! subcommands over it; `settings` is what the command line, the environment and the config
//! file ask for, resolved once, and `error` the one error a run ends with.

pub mod app;
pub mod cli;
pub mod commands;
pub mod config;
pub mod error;
pub mod export;
pub mod gen;
pub mod i18n;
pub mod keys;
pub mod layout;
pub mod log;
pub mod model;
pub mod settings;
pub mod tui;
pub mod ui;
