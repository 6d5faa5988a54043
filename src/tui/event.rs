//! Terminal input on a thread of its own, turned into actions through the keymap.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::event::{Event, KeyEventKind, MouseButton, MouseEvent, MouseEventKind};
use tokio::sync::mpsc::UnboundedSender;

use crate::app::action::{Action, Event as AppEvent};
use crate::app::state::State;

use super::{decode, terminal};

/// What the input thread reports.
#[derive(Debug)]
pub enum Input {
    Event(Event),
    /// Reading failed: the terminal is gone.
    Closed(String),
}

/// How long the reader waits on the terminal at a time (which is when a resize, reported by
/// signal, is noticed).
const WAIT_SLICE: Duration = Duration::from_millis(50);

/// Reads terminal input until the receiver goes away, reading fails or the terminal hangs up.
///
/// The bytes are read here, as many as are there at each wake, and decoded by
/// [`decode::Decoder`], not by crossterm's reader: that one read 1 KiB at a time on an
/// edge-triggered wait (input past it waited for the next key) and took an Escape that ended a
/// short read for the Escape key (a paste whose start came in two pieces was lost). Here the
/// wait is level-triggered and an Escape waits [`decode::ESCAPE_WAIT`] for the rest of its
/// sequence.
pub fn spawn_reader(tx: UnboundedSender<Input>) -> std::io::Result<()> {
    let resized = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(signal_hook::consts::SIGWINCH, Arc::clone(&resized))?;
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            let mut decoder = decode::Decoder::default();
            let mut buf = vec![0u8; 64 * 1024];
            let mut events = Vec::new();
            // When an Escape with nothing after it is taken as the Escape key.
            let mut escape_until: Option<Instant> = None;
            loop {
                if resized.swap(false, Ordering::SeqCst) {
                    if let Ok((w, h)) = crossterm::terminal::size() {
                        events.push(Event::Resize(w, h));
                    }
                }
                let now = Instant::now();
                let wait = escape_until.map_or(WAIT_SLICE, |until| {
                    until.saturating_duration_since(now).min(WAIT_SLICE)
                });
                match terminal::wait_for_input(wait) {
                    terminal::Ready::Input => match terminal::read_input(&mut buf) {
                        Ok(0) => {
                            let _ = tx.send(Input::Closed("the terminal hung up".into()));
                            return;
                        }
                        Ok(n) => {
                            decoder.feed(&buf[..n], &mut events);
                            escape_until = decoder
                                .escape_pending()
                                .then(|| Instant::now() + decode::ESCAPE_WAIT);
                        }
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
                        Err(e) => {
                            let _ = tx.send(Input::Closed(e.to_string()));
                            return;
                        }
                    },
                    terminal::Ready::HungUp => {
                        let _ = tx.send(Input::Closed("the terminal hung up".into()));
                        return;
                    }
                    terminal::Ready::Nothing => {
                        if escape_until.is_some_and(|until| Instant::now() >= until) {
                            decoder.flush(&mut events);
                            escape_until = None;
                        }
                    }
                }
                for event in events.drain(..) {
                    if tx.send(Input::Event(event)).is_err() {
                        return;
                    }
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
