//! The TUI's event loop on tokio: input and timers come in as actions, `update` applies them,
//! and the screen is redrawn only when something changed, inside a synchronized update.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crossterm::{terminal, QueueableCommand};
use ratatui::backend::CrosstermBackend;
use ratatui::Terminal;
use tokio::sync::mpsc;

use super::event::{self, Input};
use super::history;
use super::terminal::{self as term, Tui};
use crate::app::action::{Action, Event};
use crate::app::effect::{Effect, ExportJob, ExportProblem};
use crate::app::review::Change;
use crate::app::search::{Request, SearchState};
use crate::app::state::State;
use crate::app::update::update;
use crate::i18n::Lang;
use crate::model::files;
use crate::model::review::Store;
use crate::model::search::Index;
use crate::model::selection;
use crate::model::views;
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
    super::reload::prepare_soon(&index);
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
    state.keymap = Arc::new(options.keymap);
    if let Some(p) = options.list_percent {
        state.list_percent = p;
    }
    state.review.user = options.user.clone();
    state.search = SearchState::new(past);
    if loading {
        state.loading = Some(0);
    }
    let theme = options.theme;
    let mut jobs = Jobs {
        dataset,
        index,
        history_file,
        running: None,
        store: Arc::new(std::sync::Mutex::new(Store::at(&options.review_db))),
        review_db: options.review_db.clone(),
        user: options.user.clone(),
        source: options.source.clone(),
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

/// Writes the editor's note: a new one (`note` is `None`), or a change of note `note`. The
/// note's number. As `Change::write_to` writes it, keeping the number the store gave it.
fn write_note(
    store: &mut Store,
    record: &str,
    note: Option<i64>,
    text: &str,
    user: &str,
) -> Result<i64, crate::model::review::StoreError> {
    use crate::model::text::{clean, Lines};
    let text = clean(text, Lines::Keep);
    match note {
        None => store.add_note(record, &text, user),
        Some(id) => store.edit_note(id, &text, user).map(|()| id),
    }
}

/// Where saved views are kept.
fn views_path() -> Result<std::path::PathBuf, String> {
    views::default_path()
        .ok_or_else(|| "no home directory: set HOME or XDG_CONFIG_HOME to keep views".to_owned())
}

/// Writes an export: the file whole or not at all, and an existing one only when asked (the
/// writer itself refuses an existing name, so no check here can go stale before the write).
fn export(dataset: &Dataset, job: ExportJob) -> Result<(usize, std::path::PathBuf), ExportProblem> {
    let text = crate::export::render(
        job.format,
        dataset,
        &job.rows,
        job.reviews.as_deref(),
        &job.described,
        job.lang,
    );
    match files::write_file(&job.path, &text, job.replace) {
        Ok(()) => Ok((job.rows.len(), job.path)),
        Err(files::WriteError::Exists(_)) => Err(ExportProblem::Exists(job)),
        Err(e) => {
            tracing::warn!(error = %e, "export not written");
            Err(ExportProblem::Failed(e.to_string()))
        }
    }
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

/// Background work: searches, history writes, the review store.
struct Jobs {
    dataset: Arc<Dataset>,
    index: Arc<Index>,
    history_file: Option<std::path::PathBuf>,
    /// What the program runs inside (tmux, screen), for copying.
    host: super::clipboard::Host,
    /// The cancel flag of the search in flight.
    running: Option<Arc<AtomicBool>>,
    /// The review store, used from blocking tasks one at a time.
    store: Arc<std::sync::Mutex<Store>>,
    /// Its file, for the notes kept from earlier sessions.
    review_db: std::path::PathBuf,
    user: String,
    /// Where the data comes from, to load it again.
    source: crate::model::DataSource,
}

impl Jobs {
    /// Carries out an effect. A newer search cancels the one in flight.
    fn start(&mut self, effect: Effect, tx: &mpsc::UnboundedSender<Event>) {
        match effect {
            Effect::Search(request) => self.search(request, tx),
            Effect::SaveHistory(query) => {
                if let Some(path) = self.history_file.clone() {
                    // Losing a history line is better than stopping: said, logged, not fatal.
                    let tx = tx.clone();
                    tokio::task::spawn_blocking(move || {
                        if let Err(e) = history::append(&path, &query) {
                            let message = format!("{}: {e}", path.display());
                            tracing::warn!(%message, "search history not written");
                            let _ = tx.send(Event::BackgroundFailed(message));
                        }
                    });
                }
            }
            Effect::Review { record, change } => self.review(record, change, tx),
            // tmux is run off the UI thread; the sequence is written between frames.
            Effect::Copy { text, sequence } => {
                let host = self.host;
                tokio::task::spawn_blocking(move || {
                    super::clipboard::send(&text, &sequence, host);
                });
            }
            Effect::LoadViews => {
                let tx = tx.clone();
                tokio::task::spawn_blocking(move || {
                    let read = views_path()
                        .and_then(|p| views::load(&p).map_err(|e| e.to_string()))
                        .map(|all| all.into_iter().collect());
                    if let Err(e) = &read {
                        tracing::warn!(error = %e, "saved views not read");
                    }
                    let _ = tx.send(Event::ViewsLoaded(read));
                });
            }
            Effect::SaveView { name, view } => {
                let tx = tx.clone();
                tokio::task::spawn_blocking(move || {
                    let saved = views_path()
                        .and_then(|p| views::save(&p, &name, &view).map_err(|e| e.to_string()))
                        .map(|()| name);
                    if let Err(e) = &saved {
                        tracing::warn!(error = %e, "view not saved");
                    }
                    let _ = tx.send(Event::ViewSaved(saved));
                });
            }
            Effect::Export(job) => {
                let (tx, dataset) = (tx.clone(), self.dataset.clone());
                tokio::task::spawn_blocking(move || {
                    let _ = tx.send(Event::Exported(export(&dataset, job)));
                });
            }
            Effect::Reload => {
                let (source, tx, shown) = (self.source.clone(), tx.clone(), self.dataset.clone());
                tokio::task::spawn_blocking(move || {
                    let _ = tx.send(super::reload::load(&source, &shown));
                });
            }
            Effect::UseData(data) => {
                self.dataset = data.dataset;
                self.index = data.index;
            }
            Effect::ForgetUnsaved(path) => {
                tokio::task::spawn_blocking(move || {
                    if let Err(e) = crate::model::unsaved::forget(&path) {
                        tracing::warn!(file = %path.display(), error = %e, "a saved note's file not removed");
                    }
                });
            }
            Effect::Quit | Effect::Fail(_) => {}
        }
    }

    /// Looks for notes kept in files when earlier sessions ended. Those the store holds after
    /// all (a write that committed as the session ended) are removed; the others come back as
    /// `UnsavedFound`, to offer.
    fn find_unsaved(&self, tx: &mpsc::UnboundedSender<Event>) {
        let Some(dir) = crate::model::unsaved::folder() else {
            return;
        };
        let (db, user, tx) = (self.review_db.clone(), self.user.clone(), tx.clone());
        tokio::task::spawn_blocking(move || {
            let owner = crate::model::unsaved::Owner {
                user: &user,
                store: &db,
            };
            let found = crate::model::unsaved::list(&dir, &owner);
            let (mut notes, problems) = (found.notes, found.problems);
            for problem in &problems {
                tracing::warn!(%problem, "a file among the unsaved notes not read");
            }
            let not_offered = (found.not_offered > 0).then(|| (found.not_offered, dir.clone()));
            if let Some((n, dir)) = &not_offered {
                tracing::info!(n, folder = %dir.display(), "unsaved notes not ours to offer here");
            }
            // Another findings of ours, running now, offers the ones it holds.
            notes.retain(crate::model::unsaved::UnsavedNote::claim);
            if !notes.is_empty() {
                if let Ok(reviews) = Store::at(&db).all() {
                    notes.retain(|note| {
                        let saved = note.is_in(&reviews);
                        if saved {
                            let _ = crate::model::unsaved::forget(&note.path);
                        }
                        !saved
                    });
                }
            }
            if !notes.is_empty() || !problems.is_empty() || not_offered.is_some() {
                let _ = tx.send(Event::UnsavedFound {
                    notes,
                    problems,
                    not_offered,
                });
            }
        });
    }

    /// Loads the data for the first time, saying each step.
    fn load_first(&self, tx: &mpsc::UnboundedSender<Event>) {
        let (source, tx, shown) = (self.source.clone(), tx.clone(), self.dataset.clone());
        tokio::task::spawn_blocking(move || {
            let step = |s: u8| {
                let _ = tx.send(Event::LoadStep(s));
            };
            let _ = tx.send(super::reload::load_telling(&source, &shown, step));
        });
    }

    /// Writes a review change; the store, read again, comes back as `ReviewsLoaded` (so the
    /// screen shows what was committed), or the error as `ReviewFailed`.
    fn review(&self, record: String, change: Change, tx: &mpsc::UnboundedSender<Event>) {
        let (store, user, tx) = (self.store.clone(), self.user.clone(), tx.clone());
        let dataset = self.dataset.clone();
        // The editor's note: whose it is, told now, as its Ctrl-s has just kept it.
        let editor = super::rescue::kept_editor();
        tokio::task::spawn_blocking(move || {
            let mut store = store.lock().unwrap_or_else(|p| p.into_inner());
            let written = match &change {
                Change::Note(text) | Change::EditNote(_, text) => {
                    // Written under the rescue's lock, so that a way out meanwhile waits
                    // rather than writes it again; the editor, kept open, hears how it went.
                    let Some(writing) = super::rescue::writing() else {
                        // The session is ending, and its way out saves the note.
                        return;
                    };
                    let id = match &change {
                        Change::EditNote(id, _) => Some(*id),
                        _ => None,
                    };
                    let written = write_note(&mut store, &record, id, text, &user);
                    if let Ok(note) = written {
                        super::rescue::committed(editor, &record, &change, note);
                    }
                    drop(writing);
                    let _ = tx.send(match &written {
                        Ok(note) => Event::NoteSaved(*note),
                        Err(e) => Event::NoteNotSaved(e.to_string()),
                    });
                    if written.is_err() {
                        return;
                    }
                    Ok(())
                }
                Change::Mark(_) | Change::Star(_) => change.write_to(&mut store, &record, &user),
            };
            let read = written.and_then(|()| store.refresh().map(|_| store.reviews().clone()));
            let _ = tx.send(match read {
                Ok(all) => Event::reviews_loaded(&dataset, all),
                Err(e) => {
                    tracing::warn!(error = %e, "review store not written");
                    Event::ReviewFailed(e.to_string())
                }
            });
        });
    }

    /// Reads the store now and whenever another program commits to it: only the rows that
    /// changed ([`Store::refresh`]); the reviews, merged, go to the screen. Values of the wrong
    /// type it skipped are said on the status line (and in the log), each once.
    fn watch_reviews(&self, tx: &mpsc::UnboundedSender<Event>) {
        let (store, tx, dataset) = (self.store.clone(), tx.clone(), self.dataset.clone());
        tokio::spawn(async move {
            let mut ticker = tokio::time::interval(REVIEW_POLL);
            loop {
                ticker.tick().await;
                let (store, data) = (store.clone(), dataset.clone());
                let read = tokio::task::spawn_blocking(move || {
                    let mut store = store.lock().unwrap_or_else(|p| p.into_inner());
                    let changed = store.refresh();
                    let warnings = store.take_warnings();
                    // Changed: make the facets here, off the UI thread.
                    let loaded = changed.map(|changed| {
                        changed.then(|| Event::reviews_loaded(&data, store.reviews().clone()))
                    });
                    (loaded, warnings)
                })
                .await;
                let Ok((loaded, warnings)) = read else { return };
                let mut actions = Vec::new();
                match loaded {
                    Ok(Some(action)) => actions.push(action),
                    Ok(None) => {}
                    Err(e) => actions.push(Event::ReviewFailed(e.to_string())),
                }
                if let Some(first) = warnings.first() {
                    for w in &warnings {
                        tracing::warn!(warning = %w, "review store: a value of the wrong type");
                    }
                    let more = match warnings.len() {
                        1 => String::new(),
                        n => format!(" (and {} more: `findings review stats` names them)", n - 1),
                    };
                    actions.push(Event::ReviewFailed(format!("{first}{more}")));
                }
                for action in actions {
                    if tx.send(action).is_err() {
                        return;
                    }
                }
            }
        });
    }

    fn search(&mut self, request: Request, tx: &mpsc::UnboundedSender<Event>) {
        if let Some(old) = self.running.take() {
            old.store(true, Ordering::Relaxed);
        }
        let cancel = Arc::new(AtomicBool::new(false));
        self.running = Some(cancel.clone());
        let (dataset, index, tx) = (self.dataset.clone(), self.index.clone(), tx.clone());
        tokio::task::spawn_blocking(move || {
            let candidates = request.candidates.as_ref();
            let found = selection::run(&dataset, &index, &request.selection, candidates, &cancel);
            if let Some((hits, shown)) = found {
                let _ = tx.send(Event::SearchDone {
                    generation: request.generation,
                    hits: Arc::new(hits),
                    shown: Arc::new(shown),
                    selection: Arc::new(request.selection),
                });
            }
        });
    }
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
        jobs.load_first(&action_tx);
    }
    if let Some(action) = first {
        let _ = action_tx.send(action);
    }
    event::spawn_reader(input_tx)?;
    jobs.watch_reviews(&action_tx);
    jobs.find_unsaved(&action_tx);
    // The watcher lives as long as the loop.
    let _watcher = super::reload::watch(&jobs.source, &action_tx);
    let mut ticker = tokio::time::interval(HANGUP_CHECK);
    draw(tui, state, theme)?;
    loop {
        let action = tokio::select! {
            input = input_rx.recv() => match input {
                Some(Input::Event(ev)) => event::action_for(state, &ev),
                // The terminal is gone: nothing to draw on, nobody to ask.
                Some(Input::Closed(_)) | None => return Ok(End::HungUp),
            },
            Some(event) = action_rx.recv() => Some(Action::Event(event)),
            _ = ticker.tick() => {
                if term::hung_up() {
                    return Ok(End::HungUp);
                }
                None
            }
        };
        let Some(action) = action else { continue };
        let mut redraw = false;
        let (mut next, mut held) = (Some(action), None);
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
                jobs.start(effect, &action_tx);
            }
            redraw |= outcome.redraw;
            // Keys that came faster than frames are drawn (a paste in a terminal without
            // bracketed paste, a held key) are taken together and drawn once.
            if batch.elapsed() < BATCH || held.is_some() {
                match queued(state, &mut input_rx, &mut held) {
                    Ok(action) => next = action,
                    Err(Gone) => {
                        keep_note(state);
                        return Ok(End::HungUp);
                    }
                }
            }
        }
        // What the editor would save now, for a way out that does not wait for the user.
        keep_note(state);
        if redraw {
            draw(tui, state, theme)?;
        }
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
    held: &mut Option<Action>,
) -> Result<Option<Action>, Gone> {
    let first = match held.take() {
        Some(action) => action,
        None => match one_queued(state, input)? {
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
        let Ok(Some(action)) = one_queued(state, input) else {
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

/// The action of the next input already queued, skipping input that asks for none.
fn one_queued(
    state: &State,
    input: &mut mpsc::UnboundedReceiver<Input>,
) -> Result<Option<Action>, Gone> {
    loop {
        match input.try_recv() {
            Ok(Input::Event(ev)) => {
                if let Some(action) = event::action_for(state, &ev) {
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
