//! Keys typed ahead of a search. After Enter submits a query (or a view opens, or the data is
//! reloaded), the list shows the old matches until the new ones arrive; a key that acts on rows
//! (`j`, `*`, `e`, a click) typed meanwhile must act on the new list, as it would have had the
//! search been instant. Such input is kept here, in order, while [`State::keys_wait`], and is
//! read through the keymap only when the list it was typed for is shown, in the mode in force
//! then (a `/` kept here opens the search line, and the letters after it are typed into it).
//!
//! Only what cannot act on rows goes by at once: Ctrl-c (quitting never waits) and a resize.

use std::collections::VecDeque;

use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers};

use crate::app::action::{Action, Command as C};
use crate::app::mode::Mode;
use crate::app::state::State;

use super::event::action_for;

/// Input waiting for the list it was typed for.
#[derive(Debug, Default)]
pub struct Ahead {
    events: VecDeque<Event>,
}

impl Ahead {
    /// Takes `event` as it comes from the terminal: the action to apply now, if any. Input that
    /// must wait is kept; input kept earlier comes first.
    pub fn arrive(&mut self, state: &State, event: Event) -> Option<Action> {
        if goes_by(&event) {
            return action_for(state, &event);
        }
        // While only the data loads, the help and quitting answer at once (when nothing is
        // kept before them): they act on no row.
        if self.events.is_empty() && only_loading(state) {
            let action = action_for(state, &event);
            let help = state.mode() == Mode::Help;
            let quits = matches!(action, Some(Action::Command(C::Quit | C::ToggleHelp)));
            if help || quits {
                return action;
            }
        }
        self.events.push_back(event);
        self.next(state)
    }

    /// The action of the next input kept, once keys no longer wait; none while they do or
    /// when nothing is kept.
    pub fn next(&mut self, state: &State) -> Option<Action> {
        while !state.keys_wait() {
            let event = self.events.pop_front()?;
            if let Some(action) = action_for(state, &event) {
                return Some(action);
            }
        }
        None
    }

    /// How many inputs are kept.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.events.len()
    }
}

/// Keys wait only for the data being loaded.
fn only_loading(state: &State) -> bool {
    state.loading.is_some() && !state.search.pending() && !state.views_asked
}

/// Input that acts at once whatever the list: Ctrl-c and a resize.
fn goes_by(event: &Event) -> bool {
    match event {
        Event::Resize(..) => true,
        Event::Key(key) => {
            key.kind != KeyEventKind::Release
                && key.code == KeyCode::Char('c')
                && key.modifiers.contains(KeyModifiers::CONTROL)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crossterm::event::{KeyEvent, KeyEventState};

    use super::*;
    use crate::app::action::{Command, Event as AppEvent};
    use crate::app::effect::Effect;
    use crate::app::state::State;
    use crate::app::update::update;
    use crate::i18n::Lang;
    use crate::model::{selection, DataSource};

    fn key(c: char) -> Event {
        let modifiers = match c {
            'C' => KeyModifiers::CONTROL,
            _ => KeyModifiers::NONE,
        };
        let code = match c {
            '\r' => KeyCode::Enter,
            'C' => KeyCode::Char('c'),
            c => KeyCode::Char(c),
        };
        Event::Key(KeyEvent {
            code,
            modifiers,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        })
    }

    /// Types `text` into the open search line and submits it, leaving its search unrun: the
    /// search it asks for is returned, for the test to finish when it likes.
    fn submit_unfinished(state: &mut State, text: &str) -> crate::app::search::Request {
        update(state, Command::OpenSearch);
        let mut request = None;
        for c in text.chars() {
            let outcome = update(state, AppEvent::SearchChar(c));
            for effect in outcome.effects {
                if let Effect::Search(r) = effect {
                    request = Some(r);
                }
            }
        }
        update(state, Command::SearchSubmit);
        request.expect("the query asks for a search")
    }

    /// Runs `request` as the runtime's job does and hands its first screen to `update`.
    fn finish(state: &mut State, request: crate::app::search::Request) {
        let cancel = std::sync::atomic::AtomicBool::new(false);
        let (hits, shown) = selection::first_screen(
            &state.dataset,
            &state.index,
            &request.selection,
            request.candidates.as_ref(),
            &cancel,
            selection::FIRST_SCREEN,
        )
        .expect("not cancelled");
        update(
            state,
            AppEvent::SearchDone {
                generation: request.generation,
                hits: Arc::new(hits),
                shown: Arc::new(shown),
                selection: Arc::new(request.selection.clone()),
            },
        );
    }

    fn state() -> State {
        let loaded = DataSource::Embedded.load();
        State::new(Arc::new(loaded.dataset), Lang::En, (120, 30))
    }

    /// `j` typed right after Enter moves on the new list, not the old one: it waits while the
    /// search runs and acts when its matches are shown.
    #[test]
    fn a_key_typed_after_enter_waits_for_the_new_list() {
        let mut state = state();
        let mut ahead = Ahead::default();
        let request = submit_unfinished(&mut state, "han quoc");
        assert!(state.keys_wait(), "the search has not finished");
        let old_rows = state.rows.clone();
        assert_eq!(ahead.arrive(&state, key('j')), None, "j waits");
        assert_eq!(ahead.arrive(&state, key('j')), None, "so does the next j");
        assert_eq!(ahead.len(), 2);
        assert_eq!(state.rows, old_rows, "nothing moved on the old list");
        assert_eq!(state.selected, 0);
        finish(&mut state, request);
        assert!(!state.keys_wait());
        assert_ne!(state.rows, old_rows, "the new list is shown");
        while let Some(action) = ahead.next(&state) {
            update(&mut state, action);
        }
        assert_eq!(ahead.len(), 0);
        assert_eq!(state.selected, 2, "both moves act on the new list");
    }

    /// Kept keys are read in the mode in force when they are taken: a `/` kept opens the
    /// search line, and the letters after it are typed into it, not taken as commands.
    #[test]
    fn kept_keys_are_read_in_the_mode_they_reach() {
        let mut state = state();
        let mut ahead = Ahead::default();
        let request = submit_unfinished(&mut state, "han quoc");
        for c in "/ kon".chars() {
            assert_eq!(ahead.arrive(&state, key(c)), None);
        }
        finish(&mut state, request);
        let mut asked = None;
        while let Some(action) = ahead.next(&state) {
            for effect in update(&mut state, action).effects {
                if let Effect::Search(r) = effect {
                    asked = Some(r);
                }
            }
            // After `/`, each letter is typed into the line and asks a search of its own:
            // keys no longer wait while the line is open.
            assert!(!state.keys_wait());
        }
        assert!(state.search.editing);
        assert_eq!(
            state.search.input, "han quoc kon",
            "typed on after the query"
        );
        assert!(asked.is_some());
    }

    /// Ctrl-c quits at once, whatever waits; the keys kept before it are not read.
    #[test]
    fn ctrl_c_goes_by_what_waits() {
        let mut state = state();
        let mut ahead = Ahead::default();
        let _request = submit_unfinished(&mut state, "han quoc");
        assert_eq!(ahead.arrive(&state, key('q')), None, "q waits like any key");
        let quit = ahead.arrive(&state, key('C'));
        assert_eq!(quit, Some(Command::Quit.into()));
        let resized = ahead.arrive(&state, Event::Resize(90, 20));
        assert_eq!(resized, Some(AppEvent::Resize(90, 20).into()));
        assert_eq!(ahead.len(), 1);
    }

    /// While the data loads, and while the saved views asked for are on their way, keys wait
    /// too: typed during the load, `j` moves on the loaded list, and keys after `v` go to the
    /// dialog, not the list under it.
    #[test]
    fn keys_wait_for_the_data_and_for_the_views() {
        let mut state = state();
        let mut ahead = Ahead::default();
        state.loading = Some(0);
        assert_eq!(ahead.arrive(&state, key('j')), None, "j waits for the data");
        state.loading = None;
        assert_eq!(ahead.next(&state), Some(Command::Down.into()));
        // The help and quitting answer while the data loads, unless keys wait before them.
        state.loading = Some(2);
        assert_eq!(
            ahead.arrive(&state, key('?')),
            Some(Command::ToggleHelp.into())
        );
        assert_eq!(ahead.arrive(&state, key('q')), Some(Command::Quit.into()));
        assert_eq!(ahead.arrive(&state, key('/')), None);
        assert_eq!(
            ahead.arrive(&state, key('q')),
            None,
            "typed after a key that waits"
        );
        state.loading = None;
        assert_eq!(ahead.next(&state), Some(Command::OpenSearch.into()));
        update(&mut state, Command::OpenSearch);
        assert_eq!(ahead.next(&state), Some(AppEvent::SearchChar('q').into()));
        update(&mut state, Command::SearchCancel);
        update(&mut state, Command::PickView);
        assert!(state.keys_wait());
        assert_eq!(
            ahead.arrive(&state, key('j')),
            None,
            "j waits for the views"
        );
        update(&mut state, AppEvent::ViewsLoaded(Ok(Vec::new())));
        assert!(!state.keys_wait());
        assert_eq!(ahead.next(&state), Some(Command::Down.into()));
    }

    /// The same query searched again (the data reloaded) keeps the record selected: a `*`
    /// waiting for it stars the record the cursor was on.
    #[test]
    fn a_search_run_again_keeps_the_record_selected() {
        let mut state = state();
        let request = submit_unfinished(&mut state, "han quoc");
        finish(&mut state, request);
        update(&mut state, Command::Down);
        update(&mut state, Command::Down);
        let selected = state.selected_record();
        assert!(selected.is_some() && state.selected == 2);
        let (input, selection) = (state.search.input.clone(), state.selection());
        let again = state.search.set_input(input, &selection).expect("a search");
        assert!(state.keys_wait());
        finish(&mut state, again);
        assert_eq!(state.selected_record(), selected);
        // Another query starts at the top.
        let other = submit_unfinished(&mut state, " kon tum");
        finish(&mut state, other);
        assert_eq!(state.selected, 0);
    }

    /// With no search running, input is read at once.
    #[test]
    fn nothing_waits_when_no_search_runs() {
        let state = state();
        let mut ahead = Ahead::default();
        assert!(!state.keys_wait());
        assert_eq!(ahead.arrive(&state, key('j')), Some(Command::Down.into()));
        assert_eq!(ahead.len(), 0);
    }
}
