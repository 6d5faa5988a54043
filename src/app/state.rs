//! What the TUI shows and where the user is: the one value `update` changes and views read.

use std::cell::RefCell;
use std::sync::Arc;

use super::editor::NoteEditor;
use super::facets::FacetPane;
use super::keymap;
use super::mode::Mode;
use super::review::ReviewState;
use super::search::SearchState;
use crate::i18n::{self, Lang, Msg};
use crate::layout::detail::{self as detail_layout, DetailInput, DetailLayout};
use crate::layout::{self, Areas, Panes};
use crate::model::describe::Text;
use crate::model::search::{Hit, Index};
use crate::model::selection::{self, Counts, Selection, TAB_KINDS};
use crate::model::{Dataset, Kind};

/// The tabs, in order: All, then one per kind.
pub const TABS: [Option<Kind>; 5] = TAB_KINDS;

/// How many rows from the first in view the list reads to lay itself out (the width of the
/// provinces' column): rows that must be in their final order.
pub const NEAR_TOP: usize = 200;

/// Which pane keys go to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    List,
    Detail,
    Facets,
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

/// A message for the status line.
#[derive(Clone, Debug, PartialEq)]
pub enum Notice {
    Said(Msg),
    /// With a detail: a name, a file.
    Detail(Msg, String),
    /// Something failed: what, and why.
    Problem(Msg, String),
    /// A message with a number in it (`{n}`): "all 14 reviewed".
    Count(Msg, usize),
    /// A teammate changed the status of a record I had set (the latest such change), and how
    /// many more they changed in the same reading.
    Overridden {
        change: crate::model::review::Change,
        more: usize,
    },
}

/// The browser-like history of the detail pane.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    pub back: Vec<Page>,
    pub forward: Vec<Page>,
}

/// What the detail layout cached in the state was made for.
#[derive(Clone, Debug, PartialEq)]
struct DetailKey {
    record: usize,
    width: u16,
    lang: Lang,
    ascii: bool,
    generation: u64,
    reviews: u64,
}

#[derive(Clone, Debug)]
pub struct State {
    pub dataset: Arc<Dataset>,
    pub index: Arc<Index>,
    pub lang: Lang,
    /// Terminal size: columns, rows.
    pub size: (u16, u16),
    /// Index into [`TABS`].
    pub tab: usize,
    /// The chosen facet values and the sort (the query is `search.query`, the kind the tab).
    pub filters: Selection,
    /// The query's matches the list is chosen from, in rank order (every record when no query).
    pub hits: Arc<Vec<Hit>>,
    /// The records listed, as dataset indices, in display order.
    pub rows: Vec<usize>,
    /// How many of the last `rows` are in no order yet: none, but just after a search's first
    /// screen of many matches, whose rows past the lead follow in no order until the search
    /// sends them in order (`Event::SearchOrdered`) or something needs them
    /// ([`State::complete_rows`]).
    pub unordered: usize,
    /// Facet value counts for the list as it is.
    pub counts: Counts,
    /// Records per tab passing the query and the facets.
    pub tab_totals: [usize; 5],
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
    pub facets: FacetPane,
    pub review: ReviewState,
    /// The note being written, if the editor is open.
    pub editor: Option<NoteEditor>,
    /// Notes kept in files when earlier sessions ended, still to offer back, oldest first.
    pub unsaved: Vec<crate::model::unsaved::UnsavedNote>,
    /// A message for the status line until the next key (what a copy or an export did).
    pub notice: Option<Notice>,
    /// The question or text popup open, if any: it takes the keys.
    pub dialog: Option<super::dialog::Dialog>,
    /// The saved view last opened or saved: its name is offered when saving and exporting.
    pub view_name: Option<String>,
    /// The list's share of the width beside the detail, in percent.
    pub list_percent: u8,
    /// The keys in force (the defaults with the user's remaps).
    pub keymap: Arc<keymap::Keymap>,
    /// Why the data files last failed to load again (the last good data is shown).
    pub reload_problems: Vec<String>,
    /// The stats view is open (over the panes; it takes the keys).
    pub stats: bool,
    /// How many of the stats view's lines are scrolled past.
    pub stats_scroll: usize,
    /// The split between list and detail is being dragged with the mouse.
    pub dragging: bool,
    /// The data is still loading (the screen is up already): the step it is at, 0 reading, 1
    /// checking, 2 indexing.
    pub loading: Option<u8>,
    /// The list is in the order of relevance while the sort orders asked for are being made
    /// (just after loading); `Event::OrdersMade` puts it in order.
    pub sort_pending: bool,
    /// The saved views were asked for (`v`) and have not arrived: the dialog that picks one
    /// is about to open over the list.
    pub views_asked: bool,
    pub mouse: bool,
    /// Marks around the data are drawn in ASCII (`--ascii`).
    pub ascii: bool,
    /// The detail last laid out: laid out once per change, not per key or frame.
    detail_cache: RefCell<Option<(DetailKey, Arc<DetailLayout>)>>,
}

impl State {
    /// A state over `dataset`, indexing it here, the sort orders too (the TUI makes those in
    /// the background: [`State::with_index`]).
    pub fn new(dataset: Arc<Dataset>, lang: Lang, size: (u16, u16)) -> State {
        let index = Arc::new(Index::build(&dataset));
        index.orders(&dataset);
        State::with_index(dataset, index, lang, size)
    }

    pub fn with_index(
        dataset: Arc<Dataset>,
        index: Arc<Index>,
        lang: Lang,
        size: (u16, u16),
    ) -> State {
        let all = (0..dataset.len())
            .map(|record| Hit::new(record, 0.0))
            .collect();
        let mut state = State {
            dataset,
            index,
            lang,
            size,
            tab: 0,
            filters: Selection::default(),
            hits: Arc::new(all),
            rows: Vec::new(),
            unordered: 0,
            counts: Counts::default(),
            tab_totals: [0; 5],
            selected: 0,
            list_offset: 0,
            focus: Focus::List,
            page: Page::new(0),
            history: History::default(),
            help: false,
            help_scroll: 0,
            search: SearchState::default(),
            facets: FacetPane::default(),
            review: ReviewState::default(),
            editor: None,
            unsaved: Vec::new(),
            notice: None,
            dialog: None,
            view_name: None,
            list_percent: layout::LIST_PERCENT,
            keymap: Arc::new(keymap::Keymap::default()),
            reload_problems: Vec::new(),
            stats: false,
            stats_scroll: 0,
            dragging: false,
            loading: None,
            sort_pending: false,
            views_asked: false,
            mouse: true,
            ascii: false,
            detail_cache: RefCell::new(None),
        };
        state.filters.text = state.text();
        state.reselect();
        state
    }

    /// The whole selection: the query in force, the facets, the sort, the tab.
    pub fn selection(&self) -> Selection {
        Selection {
            query: self.search.query.clone(),
            kind: TABS.get(self.tab).copied().flatten(),
            text: self.text(),
            ..self.filters.clone()
        }
    }

    /// Recomputes the list from the current matches: rows, counts, tab totals. The selected
    /// record stays selected when it is still listed. Never waits for the sort orders: while
    /// they are being made the rows stay in the order of relevance (`sort_pending`).
    pub fn reselect(&mut self) {
        let shown =
            selection::select_now(&self.dataset, &self.index, &self.selection(), &self.hits);
        self.show(shown);
    }

    /// Shows what a selection gave.
    pub fn show(&mut self, shown: selection::Shown) {
        let current = self.selected_record();
        self.sort_pending = shown.pending;
        self.unordered = shown.rows.len().saturating_sub(shown.sorted);
        self.rows = shown.rows;
        self.counts = shown.counts;
        self.tab_totals = shown.tabs;
        self.selected = current
            .and_then(|r| self.rows.iter().position(|&x| x == r))
            .unwrap_or(0);
    }

    /// Every row is in its final order.
    pub fn rows_complete(&self) -> bool {
        self.unordered == 0
    }

    /// How many rows lead in their final order.
    pub fn ordered(&self) -> usize {
        self.rows.len().saturating_sub(self.unordered)
    }

    /// Puts every row in its final order now, when only the first screen's are (a search's
    /// rest not yet sent): the same rows, the same record at each place of the lead, so the
    /// selection and the scroll stay as they are.
    pub fn complete_rows(&mut self) {
        if self.rows_complete() {
            return;
        }
        let never = std::sync::atomic::AtomicBool::new(false);
        let hits = Vec::clone(&self.hits);
        // The query the hits are the matches of.
        let query = match &self.search.results {
            Some(results) => results.query.clone(),
            None => self.search.query.clone(),
        };
        let (dataset, index) = (&self.dataset, &self.index);
        if let Some(hits) = crate::model::search::complete(dataset, index, &query, hits, &never) {
            self.hits = Arc::new(hits);
        }
        let (selected, offset) = (self.selected, self.list_offset);
        self.reselect();
        (self.selected, self.list_offset) = (selected, offset);
    }

    /// For each tab: how many records it lists now, and how many there are in all.
    pub fn tab_counts(&self) -> [(usize, usize); 5] {
        let mut total = [0; 5];
        total[0] = self.dataset.len();
        for (i, kind) in TABS.iter().enumerate().skip(1) {
            total[i] = kind.map_or(0, |k| self.dataset.count(k));
        }
        [0, 1, 2, 3, 4].map(|i| (self.tab_totals[i], total[i]))
    }

    /// True when the list is narrowed (a query or facet values): counts show as shown/total.
    pub fn narrowed(&self) -> bool {
        self.search.active() || self.filters.has_filters()
    }

    /// The tab labels that fit the width: "All 15", else "1:15"; "2/4" while narrowed.
    pub fn tab_labels(&self) -> Vec<String> {
        let counts = self.tab_counts();
        let count = |shown: usize, total: usize| {
            if self.narrowed() {
                format!("{shown}/{total}")
            } else {
                total.to_string()
            }
        };
        let full: Vec<String> = TABS
            .iter()
            .zip(counts)
            .map(|(kind, (shown, total))| {
                let name = match kind {
                    None => i18n::t(self.lang, Msg::TabAll),
                    Some(k) => i18n::kinds(self.lang, *k),
                };
                format!(" {name} {} ", count(shown, total))
            })
            .collect();
        let width: usize = full.iter().map(|l| layout::text::width(l)).sum();
        if width <= self.size.0 as usize {
            return full;
        }
        counts
            .iter()
            .enumerate()
            .map(|(i, (shown, total))| format!(" {}:{} ", i + 1, count(*shown, *total)))
            .collect()
    }

    /// Who has the keyboard now (worked out in [`Mode::of`], the one place).
    pub fn mode(&self) -> Mode {
        Mode::of(self)
    }

    /// Keys typed now would act on a list about to be replaced, or on what is about to be
    /// covered: a query was submitted (or a view opened, or the data reloaded) and its matches
    /// have not arrived; the data is still loading; the saved views asked for are on their
    /// way. The runtime keeps them, in order, until then ([`crate::tui`]'s typed-ahead queue):
    /// `j *` typed right after Enter star the new list's second row, never the old list's.
    pub fn keys_wait(&self) -> bool {
        let coming = self.search.pending() || self.loading.is_some() || self.views_asked;
        coming && self.mode().acts_on_rows()
    }

    /// The panes open, for the layout.
    pub fn panes(&self) -> Panes {
        Panes {
            detail: self.focus == Focus::Detail,
            facets: self.facets.open,
            list_percent: self.list_percent,
        }
    }

    /// Where each pane is on the screen.
    pub fn areas(&self) -> Areas {
        layout::areas(self.size, self.panes())
    }

    /// The record selected in the list, if the list is not empty.
    pub fn selected_record(&self) -> Option<usize> {
        self.rows.get(self.selected).copied()
    }

    /// The record the detail pane shows: the open page, or else the list's selection.
    pub fn detail_record(&self) -> Option<usize> {
        match self.focus {
            Focus::Detail => Some(self.page.record),
            _ => self.selected_record(),
        }
    }

    /// The marks drawn around the data: ASCII ones with `--ascii`.
    pub fn marks(&self) -> crate::layout::marks::Marks {
        crate::layout::marks::Marks::of(self.ascii)
    }

    /// Which text records are shown in: English translations when the UI is English.
    pub fn text(&self) -> Text {
        match self.lang {
            Lang::En => Text::English,
            Lang::Vi => Text::Original,
        }
    }

    /// The detail of `record` laid out for a pane `width` wide; laid out again only when the
    /// record, the width, the language or the query changed.
    pub fn detail_layout(&self, record: usize, width: u16) -> Arc<DetailLayout> {
        let key = DetailKey {
            record,
            width,
            lang: self.lang,
            ascii: self.ascii,
            generation: self.search.generation,
            reviews: self.review.generation,
        };
        if let Some((k, layout)) = self.detail_cache.borrow().as_ref() {
            if *k == key {
                return layout.clone();
            }
        }
        let query = self.search.active().then_some(&self.search.query);
        let input = DetailInput {
            dataset: &self.dataset,
            record,
            lang: self.lang,
            text: self.text(),
            marks: crate::layout::marks::Marks::of(self.ascii),
            query,
            review: self
                .dataset
                .get(record)
                .and_then(|r| self.review.of(r.id())),
            history: self
                .dataset
                .get(record)
                .map_or(&[], |r| self.review.history_of(r.id())),
        };
        let layout = Arc::new(detail_layout::lay_out(input, width));
        *self.detail_cache.borrow_mut() = Some((key, layout.clone()));
        layout
    }

    /// Points the state at a new dataset (a reload): rows, the open page and the history are
    /// remapped by record id, so they can never point at the wrong record. Pages whose record
    /// is gone are dropped.
    pub fn replace_dataset(&mut self, dataset: Arc<Dataset>, index: Arc<Index>) {
        let old = self.dataset.clone();
        let remap = |i: usize| old.get(i).and_then(|r| dataset.index_of(r.id()));
        let selected = self.selected_record().and_then(remap);
        let page = remap(self.page.record).map(|record| Page {
            record,
            ..self.page
        });
        let map_pages = |pages: &[Page]| -> Vec<Page> {
            pages
                .iter()
                .filter_map(|p| remap(p.record).map(|record| Page { record, ..*p }))
                .collect()
        };
        self.history = History {
            back: map_pages(&self.history.back),
            forward: map_pages(&self.history.forward),
        };
        // While a query is in force, its matches carry over by id until it has run again on
        // the new data: the list does not flash to every record meanwhile.
        let carried: Vec<Hit> = match self.search.active() {
            true => self
                .hits
                .iter()
                .filter_map(|h| remap(h.record).map(|record| Hit::new(record, h.score)))
                .collect(),
            false => (0..dataset.len())
                .map(|record| Hit::new(record, 0.0))
                .collect(),
        };
        self.dataset = dataset;
        self.index = index;
        // Review facets are per record index: made again for the new records.
        self.review.generation += 1;
        if self.filters.reviews.is_some() {
            self.filters.reviews = Some(Arc::new(crate::model::facets::ReviewFacets::build(
                &self.dataset,
                &self.review.reviews,
            )));
        }
        self.hits = Arc::new(carried);
        self.search.results = None;
        self.search.recent.clear();
        *self.detail_cache.borrow_mut() = None;
        self.rows.clear();
        self.reselect();
        self.selected = selected
            .and_then(|r| self.rows.iter().position(|&x| x == r))
            .unwrap_or(0);
        match page {
            Some(p) => self.page = p,
            None if self.focus == Focus::Detail => self.focus = Focus::List,
            None => {}
        }
    }
}
