//! The TUI's state and how actions change it: `(Mode, Key) -> Command`, or an `Event` from the
//! terminal or background work, `-> update(&mut State) -> Outcome` (whether to redraw, and the
//! effects for the runtime to carry out).

pub mod action;
pub mod command;
pub mod copy;
pub mod dialog;
pub mod editor;
pub mod effect;
pub mod event;
pub mod facets;
pub mod keymap;
pub mod mode;
pub mod review;
pub mod search;
pub mod state;
pub mod stats;
pub mod update;
