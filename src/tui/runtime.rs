//! The TUI's event loop on tokio: input and timers come in as actions, `update` applies them,
//! and the screen is redrawn only when something changed, inside a synchronized update.

use std::io::{self, Write};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::{terminal, QueueableCommand};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use tokio::sync::mpsc;

use super::ahead::Ahead;
use super::event::{self, Input};
use super::history;
use super::jobs::{Current, Job, Setup, Task, Work};
use super::terminal::{self as term, Tui};
use crate::app::action::{Action, Event};
use crate::app::effect::Effect;
use crate::app::search::SearchState;
use crate::app::state::State;
use crate::app::update::update;
use crate::i18n::Lang;
use crate::model::search::Index;
use crate::model::Dataset;
use crate::ui::{self, theme::Theme};

/// How often the loop checks that the terminal is still there.
const HANGUP_CHECK: Duration = Duration::from_millis(250);

/// Options of one TUI session.
pub struct Options {
    pub lang: Lang,
    pub mouse: bool,
    /// The review database and who is reviewing.
    pub review_db: std::path::PathBuf,
    pub user: String,
    /// A saved view to open at start (`--view NAME`): its name and what it holds.
    pub view: Option<(String, crate::model::views::View)>,
    pub theme: Theme,
    pub list_percent: Option<u8>,
    pub keymap: crate::app::keymap::Keymap,
    /// Where the data came from: watched, and loaded again when it changes.
    pub source: crate::model::DataSource,
    /// Whether and where the loaded index is cached.
    pub cache: crate::model::cache::Policy,
    /// The agency a review report names.
    pub agency: Option<String>,
}

/// How often the review store is asked whether someone else changed it.
const REVIEW_POLL: Duration = Duration::from_millis(700);

/// How the TUI ended, when it did not fail.
#[derive(Debug, PartialEq, Eq)]
pub enum Ending {
    Done,
    /// The data, loaded after the screen came up, has errors: them, to print.
    Invalid(Vec<String>),
}

/// Runs the TUI until the user quits or the terminal goes away. Without `dataset`, the screen
/// comes up at once and the data loads in the background (`options.source`), the status line
/// showing how far it is.
pub fn run(dataset: Option<Arc<Dataset>>, options: Options) -> io::Result<Ending> {
    term::install_panic_hook();
    super::rescue::arm(options.review_db.clone(), options.user.clone());
    term::spawn_signal_handler()?;
    let loading = dataset.is_none();
    let dataset = dataset.unwrap_or_default();
    let index = Arc::new(Index::build(&dataset));
    super::reload::prepare_soon(&index, &dataset, None);
    let history_file = history::path();
    let past = history_file
        .as_deref()
        .map(history::load)
        .unwrap_or_default();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .max_blocking_threads(2)
        .enable_time()
        .build()?;
    let (mut tui, _guard) = term::enter(options.mouse)?;
    let size = tui.size()?;
    let mut state = State::with_index(
        dataset.clone(),
        index.clone(),
        options.lang,
        (size.width, size.height),
    );
    state.mouse = options.mouse;
    state.ascii = options.theme.glyphs.ascii;
    state.keymap = Arc::new(options.keymap);
    if let Some(p) = options.list_percent {
        state.list_percent = p;
    }
    state.review.user = options.user.clone();
    state.review.agency = options.agency.clone();
    state.search = SearchState::new(past);
    if loading {
        state.loading = Some(0);
    }
    let theme = options.theme;
    let mut jobs = Jobs {
        work: Work::new(Setup {
            current: Current::new(dataset, index),
            review_db: options.review_db.clone(),
            user: options.user.clone(),
            history_file,
            views_file: super::jobs::views_path(),
            source: options.source.clone(),
            cache: options.cache.clone(),
            rescue: true,
        }),
        host: super::clipboard::Host::from_env(),
    };
    let first = options.view.map(|(name, view)| Event::OpenView {
        name,
        view: Box::new(view),
    });
    let end = runtime.block_on(event_loop(
        &mut tui, &mut state, &theme, &mut jobs, first, loading,
    ));
    // Quitting while a large dataset still loads (or a search runs) must not wait for it: the
    // background threads are left to the process's end.
    runtime.shutdown_background();
    // However the loop ended, a note still in the editor is saved, not dropped; if another
    // way out (a signal) is saving it, this waits for that.
    let rescued = super::rescue::save();
    let end = end?;
    if end == End::HungUp {
        // ratatui's Terminal shows the cursor when dropped and panics on stderr when that
        // fails, as it must on a terminal that is gone: restore (which ignores errors) and skip
        // its drop.
        term::restore();
        std::mem::forget(tui);
    } else if let Some(message) = super::rescue::message(&rescued) {
        drop(tui);
        term::restore();
        let _ = writeln!(io::stderr(), "{message}");
    }
    Ok(match end {
        End::Invalid(lines) => Ending::Invalid(lines),
        End::Quit | End::HungUp => Ending::Done,
    })
}

/// Why the event loop ended.
#[derive(Debug, PartialEq, Eq)]
enum End {
    Quit,
    /// The terminal went away.
    HungUp,
    /// The data loaded in the background has errors.
    Invalid(Vec<String>),
}

/// Background work: the effects `update` asks for, run off the UI thread, and the watchers.
struct Jobs {
    /// What the effects come to, and the one current dataset they read.
    work: Work,
    /// What the program runs inside (tmux, screen), for copying.
    host: super::clipboard::Host,
}

impl Jobs {
    /// Carries out an effect in the background; what it finds comes back on `tx`.
    fn start(&mut self, effect: Effect, tx: &mpsc::UnboundedSender<Event>) {
        match self.work.task(effect) {
            Task::Run(job) => spawn(job, tx),
            // tmux is run off the UI thread; the sequence is written between frames.
            Task::Copy { text, sequence } => {
                let host = self.host;
                tokio::task::spawn_blocking(move || {
                    super::clipboard::send(&text, &sequence, host);
                });
            }
            Task::Nothing => {}
        }
    }

    /// Reads the review store now and every [`REVIEW_POLL`], for another program's changes,
    /// against the data current at each reading.
    fn watch_reviews(&self, tx: &mpsc::UnboundedSender<Event>) {
        let (tx, reader) = (tx.clone(), self.work.review_reader());
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(REVIEW_POLL);
            loop {
                ticker.tick().await;
                let (read, tx) = (reader(), tx.clone());
                // Sent from the reading itself, under the store's lock: see `jobs::Job`.
                let sent = tokio::task::spawn_blocking(move || {
                    let open = std::cell::Cell::new(true);
                    read(&|action| open.set(open.get() && tx.send(action).is_ok()));
                    open.get()
                });
                if !matches!(sent.await, Ok(true)) {
                    return;
                }
            }
        });
    }
}

/// Runs `job` off the UI thread, sending what it finds on `tx`.
fn spawn(job: Job, tx: &mpsc::UnboundedSender<Event>) {
    let tx = tx.clone();
    tokio::task::spawn_blocking(move || {
        job(&|action| {
            let _ = tx.send(action);
        })
    });
}

async fn event_loop(
    tui: &mut Tui,
    state: &mut State,
    theme: &Theme,
    jobs: &mut Jobs,
    first: Option<Event>,
    load: bool,
) -> io::Result<End> {
    let (input_tx, mut input_rx) = mpsc::unbounded_channel();
    let (action_tx, mut action_rx) = mpsc::unbounded_channel();
    if load {
        spawn(jobs.work.load_first(), &action_tx);
    }
    if let Some(action) = first {
        let _ = action_tx.send(action);
    }
    event::spawn_reader(input_tx)?;
    jobs.watch_reviews(&action_tx);
    spawn(jobs.work.orders_made(), &action_tx);
    if let Some(job) = jobs.work.find_unsaved() {
        spawn(job, &action_tx);
    }
    // The watcher lives as long as the loop.
    let _watcher = super::reload::watch(&jobs.work.source, &action_tx);
    let mut ticker = tokio::time::interval(HANGUP_CHECK);
    draw(tui, state, theme)?;
    // Keys typed while the list is about to change, for the list they were typed for.
    let mut ahead = Ahead::default();
    loop {
        let next = next_action(
            state,
            &mut ahead,
            &mut input_rx,
            &mut action_rx,
            &mut ticker,
        );
        let action = match next.await {
            Ok(action) => action,
            // The terminal is gone: nothing to draw on, nobody to ask.
            Err(Gone) => return Ok(End::HungUp),
        };
        let Some(action) = action else { continue };
        let mut redraw = false;
        let (mut next, mut held) = (Some(action), None);
        // The search of the batch's last query: those before it would be cancelled by it
        // (a paste typed key by key asked for one per key, each started and cancelled).
        let mut search = None;
        let batch = Instant::now();
        while let Some(action) = next.take() {
            let outcome = update(state, action);
            if outcome.quits() || outcome.failure().is_some() {
                keep_note(state);
            }
            if outcome.quits() {
                return Ok(End::Quit);
            }
            if let Some(lines) = outcome.failure() {
                return Ok(End::Invalid(lines.clone()));
            }
            if !outcome.effects.is_empty() {
                // Before the effects start: Ctrl-s's write, once committed, takes the note
                // back from the rescue, and must find it there.
                keep_note(state);
            }
            for effect in outcome.effects {
                match effect {
                    Effect::Search(_) => search = Some(effect),
                    _ => jobs.start(effect, &action_tx),
                }
            }
            redraw |= outcome.redraw;
            // Keys that came faster than frames are drawn (a paste in a terminal without
            // bracketed paste, a held key) are taken together and drawn once.
            if batch.elapsed() < BATCH || held.is_some() {
                match queued(state, &mut input_rx, &mut ahead, &mut held) {
                    Ok(action) => next = action,
                    Err(Gone) => {
                        keep_note(state);
                        return Ok(End::HungUp);
                    }
                }
            }
        }
        if let Some(effect) = search {
            jobs.start(effect, &action_tx);
        }
        // What the editor would save now, for a way out that does not wait for the user.
        keep_note(state);
        if redraw {
            draw(tui, state, theme)?;
        }
    }
}

/// The next action: input kept for the list it was typed for first (see [`Ahead`]), else
/// whatever comes first: input, a job's report, or the tick that checks for a hang-up (none).
async fn next_action(
    state: &State,
    ahead: &mut Ahead,
    input: &mut mpsc::UnboundedReceiver<Input>,
    reports: &mut mpsc::UnboundedReceiver<Event>,
    ticker: &mut tokio::time::Interval,
) -> Result<Option<Action>, Gone> {
    if let Some(kept) = ahead.next(state) {
        return Ok(Some(kept));
    }
    tokio::select! {
        input = input.recv() => match input {
            Some(Input::Event(ev)) => Ok(ahead.arrive(state, ev)),
            Some(Input::Closed(_)) | None => Err(Gone),
        },
        Some(event) = reports.recv() => Ok(Some(Action::Event(event))),
        _ = ticker.tick() => match term::hung_up() {
            true => Err(Gone),
            false => Ok(None),
        },
    }
}

/// The longest run of queued input taken before the screen is drawn.
const BATCH: Duration = Duration::from_millis(20);

/// The terminal is gone.
struct Gone;

/// The action of the input already queued, if any. Letters (and Enters) typed into the note
/// editor in a row come as one `EditorText`: the text area does work on the whole text for
/// each edit, which thousands of keys (a paste from a terminal without bracketed paste) would
/// repeat thousands of times. The action after them is `held` for the next call.
fn queued(
    state: &State,
    input: &mut mpsc::UnboundedReceiver<Input>,
    ahead: &mut Ahead,
    held: &mut Option<Action>,
) -> Result<Option<Action>, Gone> {
    let first = match held.take() {
        Some(action) => action,
        None => match one_queued(state, input, ahead)? {
            Some(action) => action,
            None => return Ok(None),
        },
    };
    let Some(letter) = first.typed() else {
        return Ok(Some(first));
    };
    let mut text = String::from(letter);
    while text.len() < crate::model::review::NOTE_LIMIT {
        // Gone in the middle: the letters first; the next call finds it gone again.
        let Ok(Some(action)) = one_queued(state, input, ahead) else {
            break;
        };
        match action.typed() {
            Some(letter) => text.push(letter),
            None => {
                *held = Some(action);
                break;
            }
        }
    }
    Ok(Some(Event::EditorText(text).into()))
}

/// The action of the next input already queued (kept input first, see [`Ahead`]), skipping
/// input that asks for none.
fn one_queued(
    state: &State,
    input: &mut mpsc::UnboundedReceiver<Input>,
    ahead: &mut Ahead,
) -> Result<Option<Action>, Gone> {
    if let Some(action) = ahead.next(state) {
        return Ok(Some(action));
    }
    loop {
        match input.try_recv() {
            Ok(Input::Event(ev)) => {
                if let Some(action) = ahead.arrive(state, ev) {
                    return Ok(Some(action));
                }
            }
            Err(mpsc::error::TryRecvError::Empty) => return Ok(None),
            Ok(Input::Closed(_)) | Err(mpsc::error::TryRecvError::Disconnected) => {
                return Err(Gone)
            }
        }
    }
}

/// Hands what the open editor would save now to the rescue.
fn keep_note(state: &State) {
    super::rescue::keep(state.editor.as_ref().and_then(super::rescue::Kept::of));
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
