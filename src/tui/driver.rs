//! The app driven headless, as the runtime drives it: an action goes through `update`, its
//! effects are carried out at once by the runtime's own jobs ([`super::jobs`]), what they
//! report goes through `update` in turn, and the screen is drawn into a test backend. Tests
//! drive the app with this instead of doing the jobs' work themselves.

use std::collections::VecDeque;
use std::path::PathBuf;

use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::Terminal;

use super::jobs::{Current, Setup, Task, Work};
use crate::app::action::{Action, Event};
use crate::app::effect::Effect;
use crate::app::state::State;
use crate::app::update::update;
use crate::model::DataSource;
use crate::ui::{self, theme::Theme};

/// The most actions one step applies: effects that kept asking for more would otherwise
/// never let a step end.
const MOST_ACTIONS: usize = 10_000;

/// The files a driver's jobs use. None of them is touched unless an effect asks for it.
#[derive(Clone, Debug, Default)]
pub struct Files {
    /// The review file and who reviews (none: a review change comes back as `ReviewFailed`).
    pub reviews: Option<(PathBuf, String)>,
    /// Where saved views are kept (none: loading and saving them fail, saying so).
    pub views: Option<PathBuf>,
    /// Where searches are appended (none: not kept).
    pub history: Option<PathBuf>,
    /// Where the data comes from, for a reload (none: a reload fails, saying so).
    pub source: Option<DataSource>,
}

/// How a step ended.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Step {
    /// Some action in it asked for the screen to be drawn again (it was, into the backend).
    pub redraw: bool,
    /// The app asked to leave: `Some(errors)` when the data did not load, else `Some([])`.
    pub ended: Option<Vec<String>>,
    /// The effects `update` asked for, in the order they were carried out.
    pub effects: Vec<Effect>,
}

/// The app's runtime without a terminal or threads.
pub struct Driver {
    work: Work,
    files: Files,
    terminal: Terminal<TestBackend>,
    theme: Theme,
    /// What was put on the clipboard, in order.
    pub copied: Vec<String>,
}

impl Driver {
    /// A driver for `state`'s data (its current dataset from now on), using `files`; the
    /// screen in the monochrome theme, at `state`'s size.
    pub fn new(state: &State, files: Files) -> Driver {
        let (review_db, user) = files.reviews.clone().unwrap_or_default();
        let work = Work::new(Setup {
            current: Current::new(state.dataset.clone(), state.index.clone()),
            review_db,
            user,
            history_file: files.history.clone(),
            views_file: files
                .views
                .clone()
                .ok_or_else(|| "no views file given to the driver".to_owned()),
            source: files.source.clone().unwrap_or(DataSource::Embedded),
            cache: crate::model::cache::Policy::off(),
            // No way out to save a note left in the editor: a headless session just ends.
            rescue: false,
        });
        let (width, height) = state.size;
        let terminal = Terminal::new(TestBackend::new(width, height));
        Driver {
            work,
            files,
            // Drawing into a test backend does not fail.
            terminal: terminal.unwrap_or_else(|e| match e {}),
            theme: Theme::mono(),
            copied: Vec::new(),
        }
    }

    /// Applies `action` as the runtime does: `update`, then its effects, then what they
    /// report, until nothing more comes; the screen drawn when asked for.
    pub fn step(&mut self, state: &mut State, action: impl Into<Action>) -> Step {
        self.settle(state, VecDeque::from([action.into()]), Step::default())
    }

    /// Carries out `effect` (one `update` asked for) and applies what it reports, as
    /// [`Driver::step`] does.
    pub fn carry_out(&mut self, state: &mut State, effect: Effect) -> Step {
        let mut reported = VecDeque::new();
        let step = Step {
            effects: vec![effect.clone()],
            ..Step::default()
        };
        self.effect(effect, &mut reported);
        self.settle(state, reported, step)
    }

    /// What the runtime's review watcher does at each tick: reads the review file for what
    /// others changed, and applies what it finds.
    pub fn poll_reviews(&mut self, state: &mut State) -> Step {
        let mut reported = VecDeque::new();
        if self.files.reviews.is_some() {
            let found = std::cell::RefCell::new(Vec::new());
            (self.work.read_reviews())(&|action| found.borrow_mut().push(action));
            reported.extend(found.into_inner().into_iter().map(Action::from));
        }
        self.settle(state, reported, Step::default())
    }

    /// The screen as last drawn.
    pub fn screen(&self) -> &Buffer {
        self.terminal.backend().buffer()
    }

    /// The screen as last drawn, as text lines with their trailing blanks trimmed.
    pub fn screen_text(&self) -> String {
        let buffer = self.screen();
        let mut text = String::new();
        for y in 0..buffer.area.height {
            let mut line = String::new();
            let mut skip = 0;
            for x in 0..buffer.area.width {
                // The cell after a wide character repeats it as a blank.
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let symbol = buffer[(x, y)].symbol();
                skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
                line.push_str(symbol);
            }
            text.push_str(line.trim_end());
            text.push('\n');
        }
        text
    }

    /// Draws `state` into the test backend, resized to the state's size first.
    pub fn draw(&mut self, state: &State) {
        let (width, height) = state.size;
        let area = self.terminal.backend().buffer().area;
        if (area.width, area.height) != (width, height) {
            self.terminal.backend_mut().resize(width, height);
        }
        let theme = &self.theme;
        // Drawing into a test backend does not fail.
        let _ = self.terminal.draw(|frame| ui::view(frame, state, theme));
    }

    /// Applies `queue` (and what their effects report) to `state`, adding to `step`.
    fn settle(&mut self, state: &mut State, mut queue: VecDeque<Action>, mut step: Step) -> Step {
        let mut applied = 0;
        while let Some(action) = queue.pop_front() {
            applied += 1;
            if applied > MOST_ACTIONS {
                tracing::warn!("a headless step stopped after {MOST_ACTIONS} actions");
                break;
            }
            let outcome = update(state, action);
            step.redraw |= outcome.redraw;
            if let Some(errors) = outcome.failure() {
                step.ended = Some(errors.clone());
                break;
            }
            if outcome.quits() {
                step.ended = Some(Vec::new());
                break;
            }
            for effect in outcome.effects {
                step.effects.push(effect.clone());
                self.effect(effect, &mut queue);
            }
        }
        if step.redraw {
            self.draw(state);
        }
        step
    }

    /// Runs one effect's work at once, queueing what it reports.
    fn effect(&mut self, effect: Effect, reported: &mut VecDeque<Action>) {
        let refused = match &effect {
            Effect::Review { .. } if self.files.reviews.is_none() => Some(Event::ReviewFailed(
                "no review file given to the driver".into(),
            )),
            Effect::Reload if self.files.source.is_none() => Some(Event::ReloadFailed(vec![
                "no data source given to the driver".into(),
            ])),
            _ => None,
        };
        if let Some(action) = refused {
            reported.push_back(action.into());
            return;
        }
        match self.work.task(effect) {
            Task::Run(job) => {
                let found = std::cell::RefCell::new(Vec::new());
                job(&|action| found.borrow_mut().push(action));
                reported.extend(found.into_inner().into_iter().map(Action::from));
            }
            Task::Copy { text, .. } => self.copied.push(text),
            Task::Nothing => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::action::Command;
    use crate::app::facets::FacetRow;
    use crate::i18n::Lang;
    use crate::model::review::Status;
    use std::sync::Arc;

    /// A session started as `findings --data FILE` starts: the screen up on empty data, the
    /// data arriving as the first load's `Reloaded`.
    fn session(data: &std::path::Path, db: &std::path::Path, user: &str) -> (State, Driver) {
        let source = DataSource::Paths(vec![data.to_path_buf()]);
        let mut state = State::new(Arc::default(), Lang::En, (120, 30));
        state.loading = Some(0);
        state.review.user = user.to_owned();
        let files = Files {
            reviews: Some((db.to_path_buf(), user.to_owned())),
            source: Some(source.clone()),
            ..Files::default()
        };
        let mut driver = Driver::new(&state, files);
        let loaded = super::super::reload::load(
            &source,
            &crate::model::cache::Policy::off(),
            &state.dataset,
        );
        driver.step(&mut state, loaded);
        assert_eq!(state.dataset.len(), 6);
        (state, driver)
    }

    fn count(state: &State, label: &str) -> Option<u32> {
        crate::app::facets::rows(state)
            .into_iter()
            .find_map(|row| match row {
                FacetRow::Value {
                    label: l, count, ..
                } if l == label => Some(count),
                _ => None,
            })
    }

    /// The review watcher reads the data in use when it reads, not the empty data the
    /// session started with: a teammate's mark moves the gauge and the review facets.
    #[test]
    fn a_teammate_s_mark_is_counted_against_the_data_loaded_after_the_start() {
        let dir = tempfile::tempdir().unwrap();
        let data =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/wide.json");
        let db = dir.path().join("team.db");
        let (mut lan, mut lan_driver) = session(&data, &db, "lan");
        let (mut minh, mut minh_driver) = session(&data, &db, "minh");
        lan_driver.step(&mut lan, Command::Mark(Status::ToApply));
        assert!(lan_driver.screen_text().contains("reviewed 1/6"));
        minh_driver.poll_reviews(&mut minh);
        let screen = minh_driver.screen_text();
        assert!(screen.contains("reviewed 1/6"), "{screen}");
        assert_eq!(count(&minh, "to apply"), Some(1));
        assert_eq!(count(&minh, "unreviewed"), Some(5));
    }

    /// A teammate's change of a status I set is in the open: the review watcher's next
    /// reading names them on my status line, and the detail shows both steps.
    #[test]
    fn a_teammate_s_change_over_my_mark_is_said_and_kept_in_the_history() {
        let dir = tempfile::tempdir().unwrap();
        let data =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/wide.json");
        let db = dir.path().join("team.db");
        let (mut lan, mut lan_driver) = session(&data, &db, "lan");
        let (mut minh, mut minh_driver) = session(&data, &db, "minh");
        lan_driver.step(&mut lan, Command::Down);
        lan_driver.step(&mut lan, Command::Mark(Status::NotApplicable));
        minh_driver.step(&mut minh, Command::Down);
        minh_driver.poll_reviews(&mut minh);
        minh_driver.step(&mut minh, Command::Mark(Status::ToApply));
        let said = "minh: not applicable → to apply · m-dak-lak";
        assert!(!minh_driver.screen_text().contains(said), "not to minh");
        lan_driver.poll_reviews(&mut lan);
        let screen = lan_driver.screen_text();
        assert!(screen.contains(said), "{screen}");
        // Both steps in lan's detail, oldest first.
        lan_driver.step(&mut lan, Command::Open);
        let screen = lan_driver.screen_text();
        let first = screen.find("lan: unreviewed → not applicable");
        let second = screen.find("minh: not applicable → to apply");
        assert!(
            first.is_some() && second.is_some() && first < second,
            "{screen}"
        );
        // Nothing new: nothing more is said.
        lan_driver.step(&mut lan, Command::Close);
        lan_driver.poll_reviews(&mut lan);
        assert!(!lan_driver.screen_text().contains(said));
    }

    /// A sort asked for while the data is still loading: the data arrives without its sort
    /// orders, the list waits for them off screen, and the job that takes the data in makes
    /// them and says so, so the list ends in the order asked for.
    #[test]
    fn a_sort_asked_for_while_loading_is_in_order_once_the_data_is_in() {
        let dir = tempfile::tempdir().unwrap();
        let data =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid/wide.json");
        let source = DataSource::Paths(vec![data]);
        let mut state = State::new(Arc::default(), Lang::En, (120, 30));
        state.loading = Some(0);
        let files = Files {
            reviews: Some((dir.path().join("team.db"), "lan".to_owned())),
            source: Some(source.clone()),
            ..Files::default()
        };
        let mut driver = Driver::new(&state, files);
        driver.step(&mut state, Command::CycleSort); // date: no query
        driver.step(&mut state, Command::CycleSort); // title
        let loaded = super::super::reload::load(
            &source,
            &crate::model::cache::Policy::off(),
            &state.dataset,
        );
        let step = driver.step(&mut state, loaded);
        assert!(step.effects.iter().any(|e| matches!(e, Effect::UseData(_))));
        assert_eq!(state.dataset.len(), 6);
        assert!(state.index.orders_made());
        assert!(!state.sort_pending);
        let sorted = crate::model::selection::select(
            &state.dataset,
            &state.index,
            &state.selection(),
            &state.hits,
        );
        assert_eq!(state.rows, sorted.rows);
        let relevance: Vec<usize> = (0..state.dataset.len()).collect();
        assert_ne!(state.rows, relevance, "titles order the records otherwise");
        assert!(driver.screen_text().contains("sorted by title"));
    }

    /// What a step's effects report goes through `update` in the same step: typing a query
    /// runs its search, and the list shows its matches.
    #[test]
    fn a_step_carries_out_its_effects() {
        let loaded = DataSource::Embedded.load();
        let mut state = State::new(Arc::new(loaded.dataset), Lang::En, (120, 30));
        let mut driver = Driver::new(&state, Files::default());
        driver.step(&mut state, Command::OpenSearch);
        let mut searched = 0;
        for c in "han quoc".chars() {
            let step = driver.step(&mut state, Event::SearchChar(c));
            searched += step
                .effects
                .iter()
                .filter(|e| matches!(e, Effect::Search(_)))
                .count();
        }
        assert!(searched > 0);
        assert!(!state.rows.is_empty() && state.rows.len() < state.dataset.len());
        let shown = state.dataset.get(state.rows[0]).unwrap().id().to_owned();
        assert!(driver.screen_text().contains(&shown));
        // A review change without a review file is refused, not written anywhere.
        driver.step(&mut state, Command::SearchSubmit);
        let step = driver.step(&mut state, Command::Mark(Status::Reviewed));
        assert!(step
            .effects
            .iter()
            .any(|e| matches!(e, Effect::Review { .. })));
        assert!(state.review.error.is_some());
    }
}
