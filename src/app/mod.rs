//! The TUI's state and how actions change it: `(Mode, Key) -> Action -> update(&mut State)`.

pub mod action;
pub mod keymap;
pub mod search;
pub mod state;
pub mod update;
