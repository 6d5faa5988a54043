//! Terminal input on a thread of its own, turned into actions through the keymap.

use crossterm::event::{Event, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use tokio::sync::mpsc::UnboundedSender;

use crate::app::action::Action;
use crate::app::keymap;
use crate::app::state::State;

/// What the input thread reports.
#[derive(Debug)]
pub enum Input {
    Event(Event),
    /// Reading failed: the terminal is gone.
    Closed(String),
}

/// Reads terminal events until the receiver goes away or reading fails.
pub fn spawn_reader(tx: UnboundedSender<Input>) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || loop {
            match crossterm::event::read() {
                Ok(event) => {
                    if tx.send(Input::Event(event)).is_err() {
                        return;
                    }
                }
                Err(e) => {
                    let _ = tx.send(Input::Closed(e.to_string()));
                    return;
                }
            }
        })?;
    Ok(())
}

/// The action a terminal event asks for in the current state, if any.
pub fn action_for(state: &State, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            keymap::action_for(state.reach(), key)
        }
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        Event::Mouse(mouse) if state.mouse => mouse_action(mouse),
        _ => None,
    }
}

fn mouse_action(m: &MouseEvent) -> Option<Action> {
    let (column, row) = (m.column, m.row);
    match m.kind {
        MouseEventKind::ScrollUp => Some(Action::Scroll {
            column,
            row,
            lines: -3,
        }),
        MouseEventKind::ScrollDown => Some(Action::Scroll {
            column,
            row,
            lines: 3,
        }),
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column, row }),
        _ => None,
    }
}
