//! Running the TUI in a real terminal: setup and restore, input, the event loop.

pub mod ahead;
pub mod clipboard;
pub mod decode;
pub mod driver;
pub mod event;
pub mod history;
pub mod jobs;
pub mod reload;
pub mod rescue;
pub mod runtime;
pub mod start;
pub mod terminal;
