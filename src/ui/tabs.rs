//! The header: one tab per kind with its count; labels shrink to the keys 1–5 when narrow.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::text::width;
use super::theme::Theme;
use crate::app::state::{State, TABS};
use crate::i18n::{self, Msg};

/// The tab labels that fit the width: "All 15", else "1:15".
fn labels(state: &State) -> Vec<String> {
    let counts = state.tab_counts();
    let full: Vec<String> = TABS
        .iter()
        .zip(counts)
        .map(|(kind, (shown, total))| {
            let name = match kind {
                None => i18n::t(state.lang, Msg::TabAll),
                Some(k) => i18n::kinds(state.lang, *k),
            };
            format!(" {name} {} ", count(shown, total, state))
        })
        .collect();
    let total: usize = full.iter().map(|l| width(l)).sum();
    if total <= state.size.0 as usize {
        return full;
    }
    counts
        .iter()
        .enumerate()
        .map(|(i, (shown, total))| format!(" {}:{} ", i + 1, count(*shown, *total, state)))
        .collect()
}

/// "4", or "2/4" while a search is in force.
fn count(shown: usize, total: usize, state: &State) -> String {
    if state.search.results.is_some() {
        format!("{shown}/{total}")
    } else {
        total.to_string()
    }
}

/// Each tab's index and its first and past-the-end columns.
pub fn positions(state: &State) -> Vec<(usize, u16, u16)> {
    let mut x = 0u16;
    labels(state)
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let start = x;
            x = x.saturating_add(width(l) as u16);
            (i, start, x)
        })
        .collect()
}

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let spans: Vec<Span> = labels(state)
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let style = if i == state.tab {
                theme.tab_active
            } else {
                theme.tab
            };
            Span::styled(l, style)
        })
        .collect();
    frame.render_widget(Line::from(spans), area);
}
