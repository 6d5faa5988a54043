//! What the TUI shows and where the user is: the one value `update` changes and views read.

use std::sync::Arc;

use super::keymap::{self, Context};
use super::search::SearchState;
use crate::i18n::Lang;
use crate::model::describe::Text;
use crate::model::{Dataset, Kind};

/// The tabs, in order: All, then one per kind.
pub const TABS: [Option<Kind>; 5] = [
    None,
    Some(Kind::Trip),
    Some(Kind::Meeting),
    Some(Kind::Experience),
    Some(Kind::Visit),
];

/// Which pane keys go to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    List,
    Detail,
}

/// A record open in the detail pane, with how far it is scrolled and which link is selected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Page {
    pub record: usize,
    pub scroll: usize,
    pub link: Option<usize>,
}

impl Page {
    pub fn new(record: usize) -> Page {
        Page {
            record,
            scroll: 0,
            link: None,
        }
    }
}

/// The browser-like history of the detail pane.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    pub back: Vec<Page>,
    pub forward: Vec<Page>,
}

#[derive(Clone, Debug)]
pub struct State {
    pub dataset: Arc<Dataset>,
    pub lang: Lang,
    /// Terminal size: columns, rows.
    pub size: (u16, u16),
    /// Index into [`TABS`].
    pub tab: usize,
    /// The records listed in the current tab, as dataset indices, in display order.
    pub rows: Vec<usize>,
    /// Index into `rows` of the selected row.
    pub selected: usize,
    /// Index into `rows` of the first row drawn.
    pub list_offset: usize,
    pub focus: Focus,
    /// The page open in the detail when focus is on it.
    pub page: Page,
    pub history: History,
    pub help: bool,
    pub help_scroll: usize,
    pub search: SearchState,
    pub mouse: bool,
    pub quit: bool,
}

impl State {
    pub fn new(dataset: Arc<Dataset>, lang: Lang, size: (u16, u16)) -> State {
        let mut state = State {
            dataset,
            lang,
            size,
            tab: 0,
            rows: Vec::new(),
            selected: 0,
            list_offset: 0,
            focus: Focus::List,
            page: Page::new(0),
            history: History::default(),
            help: false,
            help_scroll: 0,
            search: SearchState::default(),
            mouse: true,
            quit: false,
        };
        state.rows = state.tab_rows(0);
        state
    }

    /// The records of tab `tab`: the search's matches in rank order, or every record in
    /// dataset order when no query is in force.
    pub fn tab_rows(&self, tab: usize) -> Vec<usize> {
        let kind = TABS.get(tab).copied().flatten();
        let wanted = |record: usize| {
            kind.is_none_or(|k| self.dataset.get(record).is_some_and(|r| r.kind() == k))
        };
        match &self.search.results {
            Some(results) => results
                .hits
                .iter()
                .map(|h| h.record)
                .filter(|&r| wanted(r))
                .collect(),
            None => (0..self.dataset.len()).filter(|&r| wanted(r)).collect(),
        }
    }

    /// For each tab: how many records it lists now, and how many there are in all.
    pub fn tab_counts(&self) -> [(usize, usize); 5] {
        let mut total = [0; 5];
        total[0] = self.dataset.len();
        for (i, kind) in TABS.iter().enumerate().skip(1) {
            total[i] = kind.map_or(0, |k| self.dataset.count(k));
        }
        let shown = self.search.results.as_ref().map_or(total, |r| r.counts);
        [0, 1, 2, 3, 4].map(|i| (shown[i], total[i]))
    }

    /// The keymap contexts in reach now.
    pub fn reach(&self) -> &'static [Context] {
        keymap::contexts(self.help, self.search.editing, self.focus == Focus::Detail)
    }

    /// The record selected in the list, if the list is not empty.
    pub fn selected_record(&self) -> Option<usize> {
        self.rows.get(self.selected).copied()
    }

    /// The record the detail pane shows: the open page, or else the list's selection.
    pub fn detail_record(&self) -> Option<usize> {
        match self.focus {
            Focus::Detail => Some(self.page.record),
            Focus::List => self.selected_record(),
        }
    }

    /// Which text records are shown in: English translations when the UI is English.
    pub fn text(&self) -> Text {
        match self.lang {
            Lang::En => Text::English,
            Lang::Vi => Text::Original,
        }
    }
}
