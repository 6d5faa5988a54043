//! The detail pane: every field of one record, wrapped to the width, then its linked records.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::text::{fit, pad, width, wrap};
use super::theme::Theme;
use crate::app::state::{Focus, State};
use crate::i18n::{self, Msg};
use crate::model::describe::{self, Label};
use crate::model::search::highlight;

/// The pane's lines at one width, on which line each link stands, and which lines hold a
/// match of the search in force.
pub struct DetailContent {
    pub lines: Vec<Line<'static>>,
    pub link_lines: Vec<usize>,
    pub match_lines: Vec<usize>,
}

/// Lays out `record` for a pane `width` columns wide. Pure: `update` uses it to bound scrolling.
pub fn content(state: &State, record: usize, width: u16) -> DetailContent {
    content_styled(state, record, width, &Theme::mono())
}

fn content_styled(state: &State, record: usize, w: u16, theme: &Theme) -> DetailContent {
    // One column stays free on the right for the scroll marker.
    let w = w.max(2) as usize - 1;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let (Some(r), Some(d)) = (
        state.dataset.get(record),
        describe::describe(&state.dataset, record, state.text()),
    ) else {
        return DetailContent {
            lines,
            link_lines: Vec::new(),
            match_lines: Vec::new(),
        };
    };
    let lang = state.lang;
    for l in wrap(&d.title, w) {
        lines.push(Line::styled(l, theme.title));
    }
    let kind = i18n::kind(lang, r.kind());
    let mut subtitle = format!("{kind} · {}", r.id());
    if let Some((n, total)) = d.place_in_trip {
        let place = i18n::t(lang, Msg::PlaceInTrip)
            .replace("{kind}", kind)
            .replace("{n}", &n.to_string())
            .replace("{total}", &total.to_string());
        subtitle = format!("{subtitle} · {place}");
    }
    for l in wrap(&subtitle, w) {
        lines.push(Line::styled(l, theme.dim));
    }
    lines.push(Line::default());
    facts(&mut lines, &d.facts, state, w, theme);
    // Links come before the long texts, so a meeting's experiences are in view on open.
    let link_lines = links(&mut lines, state, record, w, theme);
    for section in &d.sections {
        lines.push(Line::default());
        lines.push(Line::styled(
            fit(i18n::label(lang, section.label), w),
            theme.heading,
        ));
        for value in &section.values {
            let bullet = section.label == Label::Lessons;
            paragraphs(&mut lines, value, w, bullet);
        }
    }
    let match_lines = mark_matches(&mut lines, state, theme);
    DetailContent {
        lines,
        link_lines,
        match_lines,
    }
}

/// Highlights what the search matched, line by line; returns the lines that have a match.
fn mark_matches(lines: &mut [Line<'static>], state: &State, theme: &Theme) -> Vec<usize> {
    if !state.search.active() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (i, line) in lines.iter_mut().enumerate() {
        let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
        let ranges = highlight::ranges(&text, &state.search.query, false);
        if ranges.is_empty() {
            continue;
        }
        found.push(i);
        let mut spans = Vec::new();
        let mut at = 0usize;
        for span in line.spans.drain(..) {
            let mut piece = String::new();
            let mut piece_marked = false;
            for c in span.content.chars() {
                let is_marked = ranges.iter().any(|&(a, b)| at >= a && at < b);
                if is_marked != piece_marked && !piece.is_empty() {
                    let style = if piece_marked {
                        span.style.patch(theme.matched)
                    } else {
                        span.style
                    };
                    spans.push(Span::styled(std::mem::take(&mut piece), style));
                }
                piece_marked = is_marked;
                piece.push(c);
                at += 1;
            }
            if !piece.is_empty() {
                let style = if piece_marked {
                    span.style.patch(theme.matched)
                } else {
                    span.style
                };
                spans.push(Span::styled(piece, style));
            }
        }
        line.spans = spans;
    }
    found
}

/// "Label: value", values wrapped under the value column; on narrow panes the value goes below.
fn facts(
    lines: &mut Vec<Line<'static>>,
    facts: &[describe::Fact],
    state: &State,
    w: usize,
    theme: &Theme,
) {
    let label_w = facts
        .iter()
        .map(|f| width(i18n::label(state.lang, f.label)) + 1)
        .max()
        .unwrap_or(0)
        .min(18);
    let beside = w >= label_w + 1 + 16;
    for f in facts {
        let label = format!("{}:", i18n::label(state.lang, f.label));
        if beside {
            let value_w = w - label_w - 1;
            // Three values or more (members, participants) read better one to a line.
            let rows: Vec<String> = if f.values.len() >= 3 {
                f.values.iter().flat_map(|v| wrap(v, value_w)).collect()
            } else {
                wrap(&f.values.join("; "), value_w)
            };
            for (i, l) in rows.into_iter().enumerate() {
                let head = if i == 0 {
                    pad(&label, label_w)
                } else {
                    " ".repeat(label_w)
                };
                lines.push(Line::from(vec![
                    Span::styled(head, theme.label),
                    Span::raw(" "),
                    Span::raw(l),
                ]));
            }
        } else {
            lines.push(Line::styled(fit(&label, w), theme.label));
            for l in wrap(&f.values.join("; "), w.saturating_sub(2)) {
                lines.push(Line::raw(format!("  {l}")));
            }
        }
    }
}

/// Long text: paragraphs separated by blank lines, each wrapped; lessons as bullets.
fn paragraphs(lines: &mut Vec<Line<'static>>, text: &str, w: usize, bullet: bool) {
    for (i, para) in text.split('\n').enumerate() {
        if para.trim().is_empty() {
            if i > 0 {
                lines.push(Line::default());
            }
            continue;
        }
        if bullet {
            for (j, l) in wrap(para, w.saturating_sub(2)).into_iter().enumerate() {
                let head = if j == 0 { "• " } else { "  " };
                lines.push(Line::raw(format!("{head}{l}")));
            }
        } else {
            lines.extend(wrap(para, w).into_iter().map(Line::raw));
        }
    }
}

fn links(
    lines: &mut Vec<Line<'static>>,
    state: &State,
    record: usize,
    w: usize,
    theme: &Theme,
) -> Vec<usize> {
    let selected = match state.focus {
        Focus::Detail if state.page.record == record => state.page.link,
        _ => None,
    };
    // Link numbers run on across both groups, in the order of `Dataset::links`.
    let groups = [
        (Msg::Links, state.dataset.linked(record)),
        (Msg::Related, state.dataset.related(record)),
    ];
    let mut at = Vec::new();
    for (heading, targets) in groups {
        if targets.is_empty() {
            continue;
        }
        lines.push(Line::default());
        let heading = format!("{} ({})", i18n::t(state.lang, heading), targets.len());
        lines.push(Line::styled(fit(&heading, w), theme.heading));
        for target in targets {
            let Some(t) = state.dataset.get(target) else {
                continue;
            };
            let i = at.len();
            let marker = if selected == Some(i) { "› " } else { "  " };
            let kind = i18n::kind(state.lang, t.kind());
            let text = format!("{marker}{kind}: {}", describe::title(t, state.text()));
            let style = if selected == Some(i) {
                theme.link_selected
            } else {
                theme.link
            };
            at.push(lines.len());
            lines.push(Line::styled(pad(&text, w), style));
        }
    }
    at
}

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let Some(record) = state.detail_record() else {
        let msg = fit(i18n::t(state.lang, Msg::EmptyList), area.width as usize);
        frame.render_widget(Line::styled(msg, theme.dim), area);
        return;
    };
    let content = content_styled(state, record, area.width, theme);
    let scroll = match state.focus {
        Focus::Detail => state.page.scroll,
        Focus::List => 0,
    };
    let max = content.lines.len().saturating_sub(area.height as usize);
    let scroll = scroll.min(max);
    for (i, line) in content
        .lines
        .into_iter()
        .skip(scroll)
        .take(area.height as usize)
        .enumerate()
    {
        let row = Rect::new(area.x, area.y + i as u16, area.width, 1);
        frame.render_widget(line, row);
    }
    if max > 0 {
        scrollbar(frame, area, scroll, max, theme.dim);
    }
}

/// A one-column position marker on the pane's right edge.
fn scrollbar(frame: &mut Frame, area: Rect, scroll: usize, max: usize, style: Style) {
    let x = area.right().saturating_sub(1);
    let h = area.height as usize;
    let y = area.y + ((scroll * (h - 1)) / max.max(1)) as u16;
    frame.render_widget(Span::styled("┃", style), Rect::new(x, y, 1, 1));
}
