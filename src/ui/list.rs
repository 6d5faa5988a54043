//! The list of records in the current tab: kind, date, province, title, fitted to the width.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use ratatui::style::Style;

use super::text::marked;
use super::theme::Theme;
use crate::app::state::{Focus, State};
use crate::i18n::{self, Msg};
use crate::model::describe;
use crate::model::review::Status;
use crate::model::search::highlight;

/// Which columns fit: the title always; province, then date, as room allows.
struct Columns {
    kind: usize,
    date: usize,
    province: usize,
}

/// How many rows from the top of the view decide a column's width (enough for any screen).
use crate::app::state::NEAR_TOP;

fn columns(width: u16, state: &State) -> Columns {
    let kind = crate::model::Kind::ALL
        .iter()
        .map(|&k| super::text::width(i18n::kind(state.lang, k)))
        .max()
        .unwrap_or(4)
        .min(14);
    let w = width as usize;
    // A column nobody in this list fills is left out: its room goes to the titles.
    let any = |has: &dyn Fn(&crate::model::Record) -> bool| {
        state
            .rows
            .iter()
            .any(|&i| state.dataset.get(i).is_some_and(has))
    };
    let dates = w >= 70 && any(&|r| r.date().is_some());
    // As wide as the provinces near the top of the list need, at most 12: the rest is title.
    let province_width = state
        .rows
        .iter()
        .skip(state.list_offset)
        .take(NEAR_TOP)
        .filter_map(|&i| state.dataset.get(i))
        .map(|r| super::text::width(&r.provinces().join(", ")))
        .max()
        .unwrap_or(0)
        .min(12);
    let provinces = w >= 50 && province_width > 0;
    Columns {
        kind,
        date: if dates { 10 } else { 0 },
        province: if provinces {
            province_width.max(super::text::width(i18n::t(state.lang, Msg::LabelProvince)))
        } else {
            0
        },
    }
}

/// The review mark of a record: its status and its star, two columns; nothing while no
/// record has a review.
fn review_mark(state: &State, id: &str, theme: &Theme) -> Option<String> {
    let g = theme.glyphs;
    if state.review.reviews.is_empty() {
        return None;
    }
    let review = state.review.of(id);
    let status = match review.map(|r| r.status()) {
        Some(Status::Reviewed) => g.reviewed,
        Some(Status::ToApply) => g.to_apply,
        Some(Status::NotApplicable) => g.not_applicable,
        _ => ' ',
    };
    let star = if review.is_some_and(|r| r.starred) {
        g.starred
    } else {
        ' '
    };
    Some(format!("{status}{star}"))
}

pub fn render_header(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let c = columns(area.width, state);
    let lead = if state.review.reviews.is_empty() {
        ""
    } else {
        "  "
    };
    let mut text = format!(
        "{lead} {} ",
        theme.glyphs.pad(i18n::t(state.lang, Msg::ColKind), c.kind)
    );
    if c.date > 0 {
        text.push_str(
            &theme
                .glyphs
                .pad(i18n::t(state.lang, Msg::LabelDate), c.date),
        );
        text.push(' ');
    }
    if c.province > 0 {
        text.push_str(
            &theme
                .glyphs
                .pad(i18n::t(state.lang, Msg::LabelProvince), c.province),
        );
        text.push(' ');
    }
    text.push_str(i18n::t(state.lang, Msg::ColTitle));
    let text = theme.glyphs.pad(&text, area.width as usize);
    frame.render_widget(Line::styled(text, theme.header), area);
}

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    if state.rows.is_empty() {
        let msg = theme
            .glyphs
            .fit(i18n::t(state.lang, Msg::EmptyList), area.width as usize);
        frame.render_widget(Line::styled(msg, theme.dim), area);
        return;
    }
    let c = columns(area.width, state);
    let text_mode = state.text();
    let height = area.height as usize;
    let offset = state.list_offset.min(state.rows.len().saturating_sub(1));
    for (line, &record) in state.rows.iter().enumerate().skip(offset).take(height) {
        let Some(r) = state.dataset.get(record) else {
            continue;
        };
        let mut spans = Vec::with_capacity(12);
        if let Some(mark) = review_mark(state, r.id(), theme) {
            spans.push(Span::styled(mark, theme.link));
        }
        spans.extend([
            Span::raw(" "),
            Span::styled(
                theme.glyphs.pad(i18n::kind(state.lang, r.kind()), c.kind),
                theme.kind,
            ),
            Span::raw(" "),
        ]);
        if c.date > 0 {
            let date = r.date().map(|d| d.to_string()).unwrap_or_default();
            spans.push(Span::styled(theme.glyphs.pad(&date, c.date), theme.dim));
            spans.push(Span::raw(" "));
        }
        let search = state.search.active().then_some(&state.search.query);
        if c.province > 0 {
            let province = r.provinces().join(", ");
            let ranges = search.map_or_else(Vec::new, |q| highlight::ranges(&province, q, false));
            spans.extend(marked(
                &province,
                &ranges,
                c.province,
                Style::new(),
                theme.matched,
                theme.glyphs.marks.cut,
            ));
            spans.push(Span::raw(" "));
        }
        let used: usize = spans.iter().map(|s| super::text::width(&s.content)).sum();
        let rest = (area.width as usize).saturating_sub(used);
        let mut title = describe::title(r, text_mode);
        // Too long to show whole: the short title, when the record has one, tells rows apart.
        if let Some(short) = describe::short_title(r, text_mode) {
            if super::text::width(title) > rest {
                title = short;
            }
        }
        let ranges = search.map_or_else(Vec::new, |q| highlight::ranges(title, q, true));
        spans.extend(marked(
            title,
            &ranges,
            rest,
            Style::new(),
            theme.matched,
            theme.glyphs.marks.cut,
        ));
        let mut row = Line::from(spans);
        if line == state.selected {
            row = row.style(match state.focus {
                Focus::List => theme.selected,
                Focus::Detail | Focus::Facets => theme.selected_unfocused,
            });
        }
        let y = area.y + (line - offset) as u16;
        frame.render_widget(row, Rect::new(area.x, y, area.width, 1));
    }
}
