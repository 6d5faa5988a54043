//! Terminal input on a thread of its own, turned into actions through the keymap.

use std::time::Duration;

use crossterm::event::{Event, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use tokio::sync::mpsc::UnboundedSender;

use crate::app::action::{Action, Event as AppEvent};
use crate::app::state::State;

use super::terminal;

/// What the input thread reports.
#[derive(Debug)]
pub enum Input {
    Event(Event),
    /// Reading failed: the terminal is gone.
    Closed(String),
}

/// How long the reader waits on the terminal before asking crossterm again (which is when a
/// resize, reported by signal, is noticed).
const WAIT_SLICE: Duration = Duration::from_millis(50);

/// Reads terminal events until the receiver goes away, reading fails or the terminal hangs up.
///
/// crossterm is only asked when the terminal has not hung up: on a terminal that reads
/// end-of-file its reader retries forever without blocking, so calling it then would spin a
/// core. Between events the thread waits on the descriptor itself, which a hangup wakes.
pub fn spawn_reader(tx: UnboundedSender<Input>) -> std::io::Result<()> {
    // The terminal had input when last asked, and whether crossterm's reader was woken since.
    let (mut waiting, mut woken) = (false, false);
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || loop {
            if terminal::hung_up() {
                let _ = tx.send(Input::Closed("the terminal hung up".into()));
                return;
            }
            let event = match crossterm::event::poll(Duration::ZERO) {
                // Input waits that crossterm did not read (see `terminal::wake_reader`).
                Ok(false) if waiting && !woken => {
                    terminal::wake_reader();
                    woken = true;
                    continue;
                }
                Ok(false) => {
                    if woken {
                        // Waking did not help: never spin on it.
                        std::thread::sleep(WAIT_SLICE);
                    }
                    woken = false;
                    waiting = terminal::wait_for_input(WAIT_SLICE);
                    continue;
                }
                Ok(true) => {
                    (waiting, woken) = (false, false);
                    crossterm::event::read()
                }
                Err(e) => Err(e),
            };
            match event {
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

/// The action a terminal event asks for in the current state, if any: a key through the
/// keymap in the current mode; a paste (whole, one event) and the mouse as events, which
/// `update` gives to what has the keyboard.
pub fn action_for(state: &State, event: &Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            state.keymap.action_for(state.mode(), key)
        }
        Event::Resize(w, h) => Some(AppEvent::Resize(*w, *h).into()),
        Event::Paste(text) => Some(AppEvent::Paste(text.clone()).into()),
        Event::Mouse(mouse) if state.mouse => mouse_event(mouse).map(Action::from),
        _ => None,
    }
}

fn mouse_event(m: &MouseEvent) -> Option<AppEvent> {
    let (column, row) = (m.column, m.row);
    match m.kind {
        MouseEventKind::ScrollUp => Some(AppEvent::Scroll {
            column,
            row,
            lines: -3,
        }),
        MouseEventKind::ScrollDown => Some(AppEvent::Scroll {
            column,
            row,
            lines: 3,
        }),
        MouseEventKind::Down(MouseButton::Left) => Some(AppEvent::Click { column, row }),
        MouseEventKind::Drag(MouseButton::Left) => Some(AppEvent::Drag { column }),
        MouseEventKind::Up(MouseButton::Left) => Some(AppEvent::Release),
        _ => None,
    }
}
