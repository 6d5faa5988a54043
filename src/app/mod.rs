//! The TUI's state and how actions change it: `(Context, Key) -> Action -> update(&mut State)
//! -> Outcome` (whether to redraw, and the effects for the runtime to carry out).

pub mod action;
pub mod copy;
pub mod dialog;
pub mod editor;
pub mod effect;
pub mod facets;
pub mod keymap;
pub mod review;
pub mod search;
pub mod state;
pub mod stats;
pub mod update;
