//! The TUI's event loop on tokio: input and timers come in as actions, `update` applies them,
//! and the screen is redrawn only when something changed, inside a synchronized update.

use std::io::{self, Write};
use std::sync::Arc;
use std::time::Duration;

use crossterm::{terminal, QueueableCommand};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use tokio::sync::mpsc;

use super::event::{self, Input};
use super::terminal::{self as term, Tui};
use crate::app::state::State;
use crate::app::update::update;
use crate::i18n::Lang;
use crate::model::Dataset;
use crate::ui::{self, theme::Theme};

/// How often the loop checks that the terminal is still there.
const HANGUP_CHECK: Duration = Duration::from_millis(250);

/// Options of one TUI session.
pub struct Options {
    pub lang: Lang,
    pub mouse: bool,
}

/// Runs the TUI until the user quits or the terminal goes away.
pub fn run(dataset: Arc<Dataset>, options: Options) -> io::Result<()> {
    term::install_panic_hook();
    term::spawn_signal_handler()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()?;
    let (mut tui, _guard) = term::enter(options.mouse)?;
    let size = tui.size()?;
    let mut state = State::new(dataset, options.lang, (size.width, size.height));
    state.mouse = options.mouse;
    let theme = Theme::from_env();
    runtime.block_on(event_loop(&mut tui, &mut state, &theme))
}

async fn event_loop(tui: &mut Tui, state: &mut State, theme: &Theme) -> io::Result<()> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    event::spawn_reader(tx)?;
    let mut ticker = tokio::time::interval(HANGUP_CHECK);
    draw(tui, state, theme)?;
    loop {
        tokio::select! {
            input = rx.recv() => match input {
                Some(Input::Event(ev)) => {
                    let Some(action) = event::action_for(state, &ev) else { continue };
                    if update(state, action) && !state.quit {
                        draw(tui, state, theme)?;
                    }
                }
                // The terminal is gone: nothing to draw on, nobody to ask.
                Some(Input::Closed(_)) | None => return Ok(()),
            },
            _ = ticker.tick() => {
                if term::hung_up() {
                    return Ok(());
                }
            }
        }
        if state.quit {
            return Ok(());
        }
    }
}

/// Draws one frame inside a synchronized update, so the terminal shows it whole. Generic over
/// the output so tests can capture the exact bytes.
pub fn draw<W: Write>(
    tui: &mut Terminal<CrosstermBackend<W>>,
    state: &State,
    theme: &Theme,
) -> io::Result<()> {
    let _lock = term::DRAWING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    tui.backend_mut().queue(terminal::BeginSynchronizedUpdate)?;
    tui.draw(|frame| ui::view(frame, state, theme))?;
    tui.backend_mut().queue(terminal::EndSynchronizedUpdate)?;
    tui.backend_mut().flush()
}
