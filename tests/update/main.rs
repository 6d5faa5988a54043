//! State transitions: build a state, apply actions, check where the user is.

#[path = "../common/mod.rs"]
mod common;
mod first_screen;
mod input;
mod navigation;
mod review;
mod screen;
mod search;
mod selection;
mod sharing;

use std::sync::Arc;

use findings::app::action::{Command, Event};
use findings::app::effect::{Effect, Outcome};
use findings::app::facets::FacetRow;
use findings::app::search::Request;
use findings::app::state::{Focus, State};
use findings::app::update::update;
use findings::i18n::Lang;
use findings::model::sort::SortBy;

fn state(size: (u16, u16)) -> State {
    common::state("valid/wide.json", Lang::En, size)
}

fn selected_id(s: &State) -> &str {
    s.dataset.get(s.selected_record().unwrap()).unwrap().id()
}

fn open_id(s: &State) -> &str {
    s.dataset.get(s.page.record).unwrap().id()
}

/// The search an outcome asks for.
fn search_of(outcome: &Outcome) -> Option<Request> {
    outcome.effects.iter().find_map(|e| match e {
        Effect::Search(r) => Some(r.clone()),
        _ => None,
    })
}

/// Runs a search as the runtime does and applies its results; whether they were drawn.
fn run(s: &mut State, request: Request) -> bool {
    common::run_search(s, request)
}

/// Types `text` on the search line; the last search it asked for.
fn type_text(s: &mut State, text: &str) -> Option<Request> {
    let mut last = None;
    for c in text.chars() {
        let outcome = update(s, Event::SearchChar(c));
        if let Some(r) = search_of(&outcome) {
            last = Some(r);
        }
    }
    last
}

/// Types `text` and runs the search it asks for.
fn search(s: &mut State, text: &str) {
    let request = type_text(s, text).expect("a search was asked for");
    run(s, request);
}

fn facet_row(s: &State, label: &str) -> usize {
    findings::app::facets::rows(s)
        .iter()
        .position(|r| matches!(r, FacetRow::Value { label: l, .. } if l == label))
        .unwrap_or_else(|| panic!("no facet value {label}"))
}

fn count_of(s: &State, label: &str) -> u32 {
    match &findings::app::facets::rows(s)[facet_row(s, label)] {
        FacetRow::Value { count, .. } => *count,
        _ => unreachable!(),
    }
}

fn loaded(s: &mut State, marks: &[(&str, findings::model::review::Status, bool)]) {
    let mut all = std::collections::HashMap::new();
    for (id, status, starred) in marks {
        all.insert(
            id.to_string(),
            findings::model::review::Review {
                status: Some(*status),
                set_by: Some("lan".into()),
                set_at: Some("2026-11-30T01:02:03.456Z".into()),
                starred: *starred,
                notes: Vec::new(),
            },
        );
    }
    let action = Event::reviews_loaded(&s.dataset, all);
    assert!(update(s, action).redraw);
}
