//! The footer: key hints for the current mode (from the keymap) and a status line.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::text::width;
use super::theme::Theme;
use crate::app::facets;
use crate::app::review;
use crate::app::state::State;
use crate::i18n::{self, Msg};
use crate::model::sort::Sort;

pub fn render_hints(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let mut spans = Vec::new();
    let mut used = 0usize;
    let max = area.width as usize;
    for (key, help) in state.keymap.footer_hints(state.mode()) {
        let key = theme.glyphs.key(key.label());
        let text = i18n::t(state.lang, help);
        let item_w = width(&key) + 1 + width(text) + 2;
        if used + item_w > max {
            break;
        }
        spans.push(Span::styled(key, theme.key));
        spans.push(Span::raw(format!(" {text}  ")));
        used += item_w;
    }
    frame.render_widget(Line::from(spans), area);
}

pub fn render_status(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let position = if state.rows.is_empty() {
        "0/0".to_owned()
    } else {
        format!("{}/{}", state.selected + 1, state.rows.len())
    };
    let id = state
        .detail_record()
        .and_then(|r| state.dataset.get(r))
        .map(|r| r.id().to_owned())
        .unwrap_or_default();
    let back = state.history.back.len();
    let history = if back > 0 {
        format!(
            " {} {}{back}",
            theme.glyphs.marks.sep, theme.glyphs.marks.back
        )
    } else {
        String::new()
    };
    let mut spans = Vec::new();
    // Said first: a long query after it is what gets cut.
    if state.search.pending() {
        let text = format!(
            " {}{} ",
            i18n::t(state.lang, Msg::Searching),
            theme.glyphs.plain("…")
        );
        spans.push(Span::styled(text, theme.dim));
    }
    if state.search.active() {
        let query = format!(" /{} ", state.search.input.trim());
        spans.push(Span::styled(query, theme.prompt));
    }
    spans.extend(filters(state, theme));
    spans.extend(state.loading.map(|step| loading(state, step, theme)));
    spans.extend(state.notice.as_ref().map(|n| notice(state, n, theme)));
    if let Some(problem) = &state.review.error {
        spans.push(Span::styled(format!(" {problem} "), theme.warning));
    }
    spans.extend(sorted_by(state, theme));
    if let Some(problem) = state.search.query.errors.first() {
        spans.push(Span::styled(format!(" {problem} "), theme.warning));
    }
    let whole_position = format!(" {position} {} {id}{history} ", theme.glyphs.marks.sep);
    // The review gauge at the end, whole where it fits, else short, else left out: never cut.
    // It is what a round is measured by: the filters and the position give way to it (up to
    // half the line), unless something is being said — that comes first.
    let max = area.width as usize;
    let before: usize =
        spans.iter().map(|s| width(&s.content)).sum::<usize>() + width(&whole_position);
    let telling = state.notice.is_some() || state.review.error.is_some() || state.loading.is_some();
    let room = match telling {
        true => max.saturating_sub(before),
        false => max.saturating_sub(before).max(max / 2),
    };
    let gauge = review_gauge(state, theme, room);
    let rest = max.saturating_sub(gauge.as_ref().map_or(0, |g| width(&g.content)));
    // Where the position and the record's id do not both fit, the position alone; where
    // that does not fit either, neither (rather than a number cut in two).
    let others: usize = spans.iter().map(|s| width(&s.content)).sum();
    let short_position = format!(" {position} ");
    let position = [whole_position, short_position]
        .into_iter()
        .find(|p| others + width(p) <= rest);
    spans.extend(position.map(|p| Span::styled(p, theme.dim)));

    let mut used = 0;
    let mut spans: Vec<Span> = spans
        .into_iter()
        .map(|s| {
            let room = rest.saturating_sub(used);
            let text = theme.glyphs.fit(&s.content, room);
            used += width(&text);
            Span::styled(text, s.style)
        })
        .collect();
    spans.extend(gauge);
    frame.render_widget(Line::from(spans), area);
}

/// The filters in force, always in sight, with how many records pass them.
fn filters(state: &State, theme: &Theme) -> Vec<Span<'static>> {
    let mut spans: Vec<Span> = facets::summary(state)
        .into_iter()
        .map(|(facet, values)| {
            let name = i18n::facet(state.lang, facet);
            Span::styled(format!(" {name}: {} ", values.join(", ")), theme.prompt)
        })
        .collect();
    if state.filters.has_filters() || (state.search.active() && state.rows.is_empty()) {
        let (shown, total) = state.tab_counts()[0];
        let text = if shown == 0 {
            let nothing = i18n::t(state.lang, Msg::NothingMatched);
            format!(" {nothing} {} 0/{total} ", theme.glyphs.marks.sep)
        } else {
            format!(" {shown}/{total} ")
        };
        spans.push(Span::styled(text, theme.dim));
    }
    spans
}

/// The order, when it is not the default one; while the list waits for the sort orders (just
/// after loading), that it is being sorted.
fn sorted_by(state: &State, theme: &Theme) -> Option<Span<'static>> {
    let sort = state.filters.sort;
    if sort == Sort::default() {
        return None;
    }
    let arrow = if sort.descending {
        theme.glyphs.down
    } else {
        theme.glyphs.up
    };
    let (said, style, dots) = match state.sort_pending {
        true => (Msg::SortingBy, theme.prompt, theme.glyphs.plain("…")),
        false => (Msg::SortedBy, theme.dim, "".into()),
    };
    let text = format!(
        " {} {}{arrow}{dots} ",
        i18n::t(state.lang, said),
        i18n::sort(state.lang, sort.by)
    );
    Some(Span::styled(text, style))
}

/// How far the data, loading behind the screen, is: a gauge and the step.
fn loading(state: &State, step: u8, theme: &Theme) -> Span<'static> {
    let what = match step {
        0 => Msg::LoadReading,
        1 => Msg::LoadChecking,
        _ => Msg::LoadIndexing,
    };
    let bar = theme.glyphs.gauge(usize::from(step) * 3 + 2, 9);
    let text = format!(
        " {}{} {bar} {} ",
        i18n::t(state.lang, Msg::Loading),
        theme.glyphs.plain("…"),
        i18n::t(state.lang, what)
    );
    Span::styled(text, theme.prompt)
}

/// What the last action did (a copy, an export, a reload), or why it failed.
fn notice(state: &State, notice: &crate::app::state::Notice, theme: &Theme) -> Span<'static> {
    use crate::app::state::Notice;
    let (text, style) = match notice {
        Notice::Said(m) => (i18n::t(state.lang, *m).to_owned(), theme.prompt),
        Notice::Detail(m, d) => (format!("{}: {d}", i18n::t(state.lang, *m)), theme.prompt),
        Notice::Problem(m, d) => (format!("{}: {d}", i18n::t(state.lang, *m)), theme.warning),
        Notice::Count(m, n) => (
            i18n::t(state.lang, *m).replace("{n}", &n.to_string()),
            theme.prompt,
        ),
        Notice::Overridden { change, more } => (overridden(state, change, *more), theme.warning),
    };
    Span::styled(format!(" {} ", crate::model::text::inline(&text)), style)
}

/// A teammate's change of a status I set: "minh: not applicable → to apply · exp-korea".
fn overridden(state: &State, change: &crate::model::review::Change, more: usize) -> String {
    let lang = state.lang;
    let mut text = state
        .marks()
        .plain(i18n::t(lang, Msg::StatusOverridden))
        .replace("{from}", i18n::status(lang, change.from))
        .replace("{to}", i18n::status(lang, change.to))
        .replace("{user}", &change.user)
        .replace("{record}", &change.record);
    if more > 0 {
        let more = i18n::t(lang, Msg::StatusOverriddenMore).replace("{n}", &more.to_string());
        text.push_str(&format!(" ({more})"));
    }
    text
}

/// The review gauge: how many of the records listed have a status, in `room` columns — the
/// counts and a bar, or only the share, or nothing when even that does not fit.
fn review_gauge(state: &State, theme: &Theme, room: usize) -> Option<Span<'static>> {
    let (done, shown) = review::progress(state);
    let percent = (done * 100).checked_div(shown).unwrap_or(0);
    let filled = (done * 8).checked_div(shown).unwrap_or(0);
    let bar = theme.glyphs.gauge(filled, 8);
    let label = i18n::t(state.lang, Msg::ReviewProgress);
    [
        format!(" {label} {done}/{shown} {bar} {percent}% "),
        format!(" {label} {percent}% "),
    ]
    .into_iter()
    .find(|text| width(text) <= room)
    .map(|text| Span::styled(text, theme.prompt))
}
