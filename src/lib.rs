//! findings: browse the findings of study visits — meetings, experiences shared, model sites.
//!
//! `model` holds the data and knows nothing of the terminal; `commands` are the CLI
//! subcommands over it.

pub mod app;
pub mod cli;
pub mod commands;
pub mod config;
pub mod export;
pub mod gen;
pub mod i18n;
pub mod keys;
pub mod layout;
pub mod model;
pub mod tui;
pub mod ui;
