//! The work `update`'s effects ask for (searches, review writes and reads, exports, views,
//! reloads), and the one current dataset that work reads. Both the runtime and the headless
//! driver carry effects out through here: the runtime off the UI thread, the driver at once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use crate::app::effect::{Effect, ExportJob, ExportProblem};
use crate::app::event::Event;
use crate::app::review::Change;
use crate::app::search::Request;
use crate::model::cache::Policy;
use crate::model::files;
use crate::model::review::Store;
use crate::model::search::Index;
use crate::model::{selection, views, DataSource, Dataset};

/// The data the screen shows and its index: one value, held by the runtime and read by every
/// job and watcher when it works. A reload swaps it here (`Effect::UseData`), and nowhere else,
/// so nothing that runs in the background can keep data the screen no longer shows.
#[derive(Clone)]
pub struct Current(Arc<RwLock<(Arc<Dataset>, Arc<Index>)>>);

impl Current {
    pub fn new(dataset: Arc<Dataset>, index: Arc<Index>) -> Current {
        Current(Arc::new(RwLock::new((dataset, index))))
    }

    /// The dataset and index in use now.
    pub fn get(&self) -> (Arc<Dataset>, Arc<Index>) {
        let data = self.0.read().unwrap_or_else(|p| p.into_inner());
        (data.0.clone(), data.1.clone())
    }

    /// The dataset in use now.
    pub fn dataset(&self) -> Arc<Dataset> {
        self.get().0
    }

    fn replace(&self, dataset: Arc<Dataset>, index: Arc<Index>) {
        *self.0.write().unwrap_or_else(|p| p.into_inner()) = (dataset, index);
    }
}

/// Where the work finds the review store, the history and the saved views, and the data.
pub struct Work {
    /// The one current dataset.
    pub current: Current,
    /// The review store, used from blocking tasks one at a time.
    store: Arc<Mutex<Store>>,
    /// Its file, for the notes kept from earlier sessions.
    review_db: std::path::PathBuf,
    user: String,
    /// Where searches are appended (none: not kept).
    history_file: Option<std::path::PathBuf>,
    /// Where saved views are kept (`Err`: why there is no such place).
    views_file: Result<std::path::PathBuf, String>,
    /// Where the data comes from, to load it again.
    pub source: DataSource,
    /// Whether and where the loaded index is cached.
    pub cache: Policy,
    /// The session's way out saves a note left in the editor (the runtime's rescue); a note
    /// saved with Ctrl-s is handed over to it. Nothing to hand over without one (headless).
    rescue: bool,
    /// The cancel flag of the search in flight.
    running: Option<Arc<AtomicBool>>,
}

/// How a [`Work`] is set up.
pub struct Setup {
    pub current: Current,
    pub review_db: std::path::PathBuf,
    pub user: String,
    pub history_file: Option<std::path::PathBuf>,
    pub views_file: Result<std::path::PathBuf, String>,
    pub source: DataSource,
    pub cache: Policy,
    pub rescue: bool,
}

/// A piece of work, run where its caller says (off the UI thread, or at once); it reports
/// back through `tell`, as actions for `update`, in the order it tells them. Work on the
/// review store tells while it holds the store, so its reports keep the store's order.
pub type Job = Box<dyn FnOnce(&dyn Fn(Event)) + Send>;

/// What an effect comes to.
pub enum Task {
    /// Work to run; see [`Job`].
    Run(Job),
    /// Put `text` on the clipboard (`sequence`: its OSC 52 sequence): the terminal's business.
    Copy { text: String, sequence: String },
    /// Nothing to run: done already (the data swapped), or the loop's to act on (quit, fail).
    Nothing,
}

impl Work {
    pub fn new(setup: Setup) -> Work {
        Work {
            store: Arc::new(Mutex::new(Store::at(&setup.review_db))),
            current: setup.current,
            review_db: setup.review_db,
            user: setup.user,
            history_file: setup.history_file,
            views_file: setup.views_file,
            source: setup.source,
            cache: setup.cache,
            rescue: setup.rescue,
            running: None,
        }
    }

    /// What carrying out `effect` takes. A newer search cancels the one in flight.
    pub fn task(&mut self, effect: Effect) -> Task {
        let job: Job = match effect {
            Effect::Search(request) => self.search(request),
            Effect::SaveHistory(query) => {
                let Some(path) = self.history_file.clone() else {
                    return Task::Nothing;
                };
                Box::new(move |tell| {
                    // Losing a history line is better than stopping: said, logged, not fatal.
                    if let Err(e) = super::history::append(&path, &query) {
                        let message = format!("{}: {e}", path.display());
                        tracing::warn!(%message, "search history not written");
                        tell(Event::BackgroundFailed(message));
                    }
                })
            }
            Effect::Review { record, change } => self.review(record, change),
            Effect::Copy { text, sequence } => return Task::Copy { text, sequence },
            Effect::LoadViews => {
                let file = self.views_file.clone();
                Box::new(move |tell| {
                    let read = file
                        .and_then(|p| views::load(&p).map_err(|e| e.to_string()))
                        .map(|all| all.into_iter().collect());
                    if let Err(e) = &read {
                        tracing::warn!(error = %e, "saved views not read");
                    }
                    tell(Event::ViewsLoaded(read));
                })
            }
            Effect::SaveView { name, view } => {
                let file = self.views_file.clone();
                Box::new(move |tell| {
                    let saved = file
                        .and_then(|p| views::save(&p, &name, &view).map_err(|e| e.to_string()))
                        .map(|()| name);
                    if let Err(e) = &saved {
                        tracing::warn!(error = %e, "view not saved");
                    }
                    tell(Event::ViewSaved(saved));
                })
            }
            Effect::Export(job) => {
                // The rows are places in the data shown when the export was asked for: that
                // data, taken now, even if a reload comes before the file is written.
                let dataset = self.current.dataset();
                Box::new(move |tell| tell(Event::Exported(export(&dataset, job))))
            }
            Effect::Reload => {
                let (source, cache) = (self.source.clone(), self.cache.clone());
                let current = self.current.clone();
                Box::new(move |tell| tell(super::reload::load(&source, &cache, &current.dataset())))
            }
            Effect::UseData(data) => {
                let (dataset, index) = (data.dataset.clone(), data.index.clone());
                self.current.replace(data.dataset, data.index);
                // A reading of the store already under way makes its facets for the data it
                // found then, and may report after this swap: read again, for the new data.
                // Jobs report under the store's lock, so this one reports last.
                let (store, current) = (self.store.clone(), self.current.clone());
                Box::new(move |tell| {
                    {
                        let mut store = store.lock().unwrap_or_else(|p| p.into_inner());
                        match store.refresh() {
                            Ok(_) => tell(reviews_read(&current, &store)),
                            Err(e) => tell(Event::ReviewFailed(e.to_string())),
                        }
                    }
                    wait_for_orders(&dataset, &index, tell);
                })
            }
            Effect::ForgetUnsaved(path) => Box::new(move |_| {
                if let Err(e) = crate::model::unsaved::forget(&path) {
                    tracing::warn!(file = %path.display(), error = %e, "a saved note's file not removed");
                }
            }),
            Effect::Quit | Effect::Fail(_) => return Task::Nothing,
        };
        Task::Run(job)
    }

    /// Runs a search on the current data. A reload meanwhile makes `update` ask again, and
    /// drop these results by their generation.
    fn search(&mut self, request: Request) -> Job {
        if let Some(old) = self.running.take() {
            old.store(true, Ordering::Relaxed);
        }
        let cancel = Arc::new(AtomicBool::new(false));
        self.running = Some(cancel.clone());
        let (dataset, index) = self.current.get();
        crate::model::memory::keep_search_blocks();
        Box::new(move |tell| {
            // Cancelled before it started (keys came faster than searches start): nothing.
            if cancel.load(Ordering::Relaxed) {
                return;
            }
            // The first screen at once; the rest of the rows put in order after it, unless a
            // newer search cancels this one meanwhile.
            let candidates = request.candidates.as_ref();
            let lead = selection::FIRST_SCREEN;
            let asked = &request.selection;
            let found = selection::first_screen(&dataset, &index, asked, candidates, &cancel, lead);
            let Some((hits, shown)) = found else {
                return;
            };
            let complete = shown.is_complete();
            let selection = Arc::new(request.selection.clone());
            let (hits, shown) = (Arc::new(hits), Arc::new(shown));
            tell(Event::SearchDone {
                generation: request.generation,
                hits: hits.clone(),
                shown: shown.clone(),
                selection: selection.clone(),
            });
            if complete {
                return;
            }
            let hits = Arc::unwrap_or_clone(hits);
            let ordered = selection::complete(&dataset, &index, asked, hits, &shown, &cancel);
            if let Some((hits, shown)) = ordered {
                tell(Event::SearchOrdered {
                    generation: request.generation,
                    hits: Arc::new(hits),
                    shown: Arc::new(shown),
                    selection,
                });
            }
        })
    }

    /// Writes a review change; the store, read again, comes back as `ReviewsLoaded` (so the
    /// screen shows what was committed), or the error as `ReviewFailed`.
    fn review(&self, record: String, change: Change) -> Job {
        let (store, user, current) = (self.store.clone(), self.user.clone(), self.current.clone());
        // The editor's note: whose it is, told now, as its Ctrl-s has just kept it.
        let rescue = self.rescue.then(super::rescue::kept_editor);
        Box::new(move |tell| {
            let mut store = store.lock().unwrap_or_else(|p| p.into_inner());
            let written = match &change {
                Change::Note(text) | Change::EditNote(_, text) => {
                    let id = match &change {
                        Change::EditNote(id, _) => Some(*id),
                        _ => None,
                    };
                    // Written under the rescue's lock, so that a way out meanwhile waits
                    // rather than writes it again; the editor, kept open, hears how it went.
                    let writing = match rescue {
                        Some(_) => match super::rescue::writing() {
                            Some(writing) => Some(writing),
                            // The session is ending, and its way out saves the note.
                            None => return,
                        },
                        None => None,
                    };
                    let written = write_note(&mut store, &record, id, text, &user);
                    if let (Ok(note), Some(editor)) = (&written, rescue) {
                        super::rescue::committed(editor, &record, &change, *note);
                    }
                    drop(writing);
                    tell(match &written {
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
            let read = written.and_then(|()| store.refresh());
            tell(match read {
                Ok(_) => reviews_read(&current, &store),
                Err(e) => {
                    tracing::warn!(error = %e, "review store not written");
                    Event::ReviewFailed(e.to_string())
                }
            });
        })
    }

    /// Reads the store for changes another program committed: see [`read_reviews`].
    pub fn read_reviews(&self) -> Job {
        read_reviews(self.store.clone(), self.current.clone())
    }

    /// What the review watcher runs at each reading, [`Work::read_reviews`], kept apart from
    /// the rest of the work so it can live in a task of its own.
    pub fn review_reader(&self) -> impl Fn() -> Job + Send + Sync + 'static {
        let (store, current) = (self.store.clone(), self.current.clone());
        move || read_reviews(store.clone(), current.clone())
    }

    /// Loads the data for the first time, saying each step (`LoadStep`).
    /// Waits, off the UI thread, until the sort orders of the data in use now are made, then
    /// says so ([`Event::OrdersMade`]): a sort asked for before then lists by relevance meanwhile.
    pub fn orders_made(&self) -> Job {
        let current = self.current.clone();
        Box::new(move |tell| {
            let (dataset, index) = current.get();
            wait_for_orders(&dataset, &index, tell);
        })
    }

    pub fn load_first(&self) -> Job {
        let (source, current) = (self.source.clone(), self.current.clone());
        let cache = self.cache.clone();
        Box::new(move |tell| {
            let step = |s: u8| tell(Event::LoadStep(s));
            tell(super::reload::load_telling(
                &source,
                &cache,
                &current.dataset(),
                step,
            ));
        })
    }

    /// Looks for notes kept in files when earlier sessions ended. Those the store holds after
    /// all (a write that committed as the session ended) are removed; the others come back as
    /// `UnsavedFound`, to offer.
    pub fn find_unsaved(&self) -> Option<Job> {
        let dir = crate::model::unsaved::folder()?;
        let (db, user) = (self.review_db.clone(), self.user.clone());
        Some(Box::new(move |tell| {
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
                tell(Event::UnsavedFound {
                    notes,
                    problems,
                    not_offered,
                });
            }
        }))
    }
}

/// Reads the store when another program may have committed to it: only the rows that
/// changed ([`Store::refresh`]); the reviews, merged, with their facets made here (off the UI
/// thread) for the data current as they are made. Values of the wrong type it skipped are
/// said, each once (and logged).
fn read_reviews(store: Arc<Mutex<Store>>, current: Current) -> Job {
    Box::new(move |tell| {
        let mut store = store.lock().unwrap_or_else(|p| p.into_inner());
        let changed = store.refresh();
        let warnings = store.take_warnings();
        match changed {
            Ok(true) => tell(reviews_read(&current, &store)),
            Ok(false) => {}
            Err(e) => tell(Event::ReviewFailed(e.to_string())),
        }
        drop(store);
        if let Some(first) = warnings.first() {
            for w in &warnings {
                tracing::warn!(warning = %w, "review store: a value of the wrong type");
            }
            let more = match warnings.len() {
                1 => String::new(),
                n => format!(" (and {} more: `findings review stats` names them)", n - 1),
            };
            tell(Event::ReviewFailed(format!("{first}{more}")));
        }
    })
}

/// `ReviewsLoaded` for what `store` last read: the reviews, their facets made for the data in
/// use as they are made, and the status history's news.
fn reviews_read(current: &Current, store: &Store) -> Event {
    let (dataset, index) = current.get();
    let reviews = store.reviews().clone();
    // The records found by the index's table of ids: at a million records, what reading the
    // reviews again costs most (`Event::reviews_read` looks them up one by one).
    let facets = crate::model::facets::ReviewFacets::build_indexed(&dataset, &index, &reviews);
    Event::ReviewsLoaded {
        reviews: Arc::new(reviews),
        facets: Arc::new(facets),
        history: Arc::new(store.history_news()),
    }
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

/// Where saved views are kept by default.
pub fn views_path() -> Result<std::path::PathBuf, String> {
    views::default_path()
        .ok_or_else(|| "no home directory: set HOME or XDG_CONFIG_HOME to keep views".to_owned())
}

/// Writes an export: the file whole or not at all, and an existing one only when asked (the
/// writer itself refuses an existing name, so no check here can go stale before the write).
fn export(dataset: &Dataset, job: ExportJob) -> Result<(usize, std::path::PathBuf), ExportProblem> {
    let now = crate::model::when::now_utc();
    let context = crate::export::Context {
        reviews: job.reviews.as_deref(),
        described: &job.described,
        lang: job.lang,
        agency: job.agency.as_deref(),
        now: &now,
    };
    let bytes = crate::export::make(job.format, dataset, &job.rows, context)
        .map_err(ExportProblem::Failed)?;
    match files::write_bytes(&job.path, &bytes, job.replace) {
        Ok(()) => Ok((job.rows.len(), job.path)),
        Err(files::WriteError::Exists(_)) => Err(ExportProblem::Exists(job)),
        Err(e) => {
            tracing::warn!(error = %e, "export not written");
            Err(ExportProblem::Failed(e.to_string()))
        }
    }
}

/// Makes the sort orders of `dataset` (or waits for the thread making them after loading),
/// then tells the screen.
fn wait_for_orders(dataset: &Dataset, index: &Index, tell: &dyn Fn(Event)) {
    index.orders(dataset);
    tell(Event::OrdersMade);
}
