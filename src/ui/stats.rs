//! The stats view over the panes: what the list shows, as bars per province, kind, topic and
//! review status, the trips in time, and a map of Vietnam with a mark per province sized by its
//! records (ratatui's Canvas; with `--ascii`, dots and letters on a grid).

use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Circle, Line as Segment};
use ratatui::Frame;

use super::text::width;
use super::theme::Theme;
use crate::app::state::State;
use crate::app::stats::{self, Stats};
use crate::i18n::{self, Msg};
use crate::model::map;

pub fn render(frame: &mut Frame, screen: Rect, state: &State, theme: &Theme) {
    let area = Rect::new(
        screen.x,
        screen.y + 1,
        screen.width,
        screen.height.saturating_sub(3),
    );
    let t = |m| i18n::t(state.lang, m);
    let inner = super::popup(frame, area, t(Msg::StatsTitle), theme);
    let s = stats::of(state);
    let (map_area, bars_area) = if inner.width >= 70 && inner.height >= 12 {
        let map_w = (inner.width * 2 / 5).min(inner.height * 2 + 4);
        (
            Some(Rect::new(inner.x, inner.y, map_w, inner.height)),
            Rect::new(
                inner.x + map_w + 1,
                inner.y,
                inner.width - map_w - 1,
                inner.height,
            ),
        )
    } else {
        (None, inner)
    };
    if let Some(r) = map_area {
        render_map(frame, r, &s, theme);
    }
    render_bars(frame, bars_area, &s, state, theme);
}

fn render_bars(frame: &mut Frame, area: Rect, s: &Stats, state: &State, theme: &Theme) {
    let t = |m| i18n::t(state.lang, m);
    let w = area.width as usize;
    let mut lines: Vec<Line> = vec![Line::styled(
        theme
            .glyphs
            .fit(&format!("{} {}", s.total, t(Msg::StatsRecords)), w),
        theme.title,
    )];
    let rows = area.height as usize;
    // Each section gets a share of the height; the longest lists are cut.
    let section = |title: Msg, items: Vec<(String, usize)>, keep: usize, lines: &mut Vec<Line>| {
        if items.is_empty() {
            return;
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(theme.glyphs.fit(t(title), w), theme.heading));
        let most = items.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
        let label_w = items
            .iter()
            .map(|(l, _)| width(l))
            .max()
            .unwrap_or(0)
            .min(w / 3);
        let bar_w = w.saturating_sub(label_w + 8).min(40);
        for (label, n) in items.into_iter().take(keep) {
            let filled = (n * bar_w).div_ceil(most).min(bar_w);
            lines.push(Line::from(vec![
                Span::raw(format!(
                    " {} {n:>5} ",
                    theme
                        .glyphs
                        .pad(&crate::model::text::inline(&label), label_w)
                )),
                Span::styled(theme.glyphs.gauge_done.repeat(filled), theme.label),
            ]));
        }
    };
    let keep = (rows.saturating_sub(14) / 3).clamp(2, 10);
    section(Msg::StatsProvinces, s.provinces.clone(), keep, &mut lines);
    section(Msg::StatsKinds, s.kinds.clone(), 4, &mut lines);
    section(Msg::StatsTopics, s.topics.clone(), keep, &mut lines);
    let statuses = s
        .statuses
        .iter()
        .map(|(st, n)| (i18n::status(state.lang, *st).to_owned(), *n))
        .filter(|(_, n)| *n > 0)
        .collect();
    section(Msg::StatsStatus, statuses, 4, &mut lines);
    if !s.trips.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            theme.glyphs.fit(t(Msg::StatsTrips), w),
            theme.heading,
        ));
        for (start, end, title, n) in &s.trips {
            let when = match (start, end) {
                (Some(a), Some(b)) => format!("{a} {} {b}", theme.glyphs.marks.range),
                (Some(a), None) => a.to_string(),
                _ => "?".to_owned(),
            };
            let text = format!(" {when}  {}  ({n})", crate::model::text::inline(title));
            lines.push(Line::raw(theme.glyphs.fit(&text, w)));
        }
    }
    for (i, line) in lines.into_iter().take(rows).enumerate() {
        frame.render_widget(line, Rect::new(area.x, area.y + i as u16, area.width, 1));
    }
}

fn render_map(frame: &mut Frame, area: Rect, s: &Stats, theme: &Theme) {
    let ([x0, x1], [y0, y1]) = map::bounds();
    let most = s
        .provinces
        .iter()
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let marks: Vec<([f64; 2], f64, &str)> = s
        .provinces
        .iter()
        .filter_map(|(name, n)| {
            let at = map::centre(name)?;
            Some((at, (*n as f64 / most).sqrt(), name.as_str()))
        })
        .collect();
    if theme.glyphs.ascii {
        render_ascii_map(frame, area, &marks, theme, ([x0, x1], [y0, y1]));
        return;
    }
    let colour = |style: Style| style.fg.unwrap_or(Color::Reset);
    let (outline, mark) = (colour(theme.border), colour(theme.heading));
    let canvas = Canvas::default()
        .marker(ratatui::symbols::Marker::Braille)
        .x_bounds([x0, x1])
        .y_bounds([y0, y1])
        .paint(|ctx| {
            for ring in map::outline() {
                for w in ring.windows(2) {
                    ctx.draw(&Segment {
                        x1: w[0][0],
                        y1: w[0][1],
                        x2: w[1][0],
                        y2: w[1][1],
                        color: outline,
                    });
                }
            }
            ctx.layer();
            for ([x, y], size, _) in &marks {
                ctx.draw(&Circle {
                    x: *x,
                    y: *y,
                    radius: 0.08 + 0.45 * size,
                    color: mark,
                });
            }
            ctx.layer();
            for ([x, y], _, name) in marks.iter().take(4) {
                ctx.print(*x + 0.5, *y, Line::styled(name.to_string(), theme.label));
            }
        });
    frame.render_widget(canvas, area);
}

/// The map as ASCII: the outline in dots, each province an `o` (an `O` for the most records).
fn render_ascii_map(
    frame: &mut Frame,
    area: Rect,
    marks: &[([f64; 2], f64, &str)],
    theme: &Theme,
    ([x0, x1], [y0, y1]): ([f64; 2], [f64; 2]),
) {
    let (w, h) = (area.width as usize, area.height as usize);
    if w == 0 || h == 0 {
        return;
    }
    let mut grid = vec![vec![' '; w]; h];
    let cell = |x: f64, y: f64| {
        let c = ((x - x0) / (x1 - x0) * (w as f64 - 1.0)).round();
        let r = ((y1 - y) / (y1 - y0) * (h as f64 - 1.0)).round();
        (c >= 0.0 && r >= 0.0 && (c as usize) < w && (r as usize) < h)
            .then_some((r as usize, c as usize))
    };
    for ring in map::outline() {
        for seg in ring.windows(2) {
            for k in 0..=8 {
                let f = k as f64 / 8.0;
                let x = seg[0][0] + (seg[1][0] - seg[0][0]) * f;
                let y = seg[0][1] + (seg[1][1] - seg[0][1]) * f;
                if let Some((r, c)) = cell(x, y) {
                    grid[r][c] = '.';
                }
            }
        }
    }
    for ([x, y], size, _) in marks {
        if let Some((r, c)) = cell(*x, *y) {
            grid[r][c] = if *size > 0.7 { 'O' } else { 'o' };
        }
    }
    for (i, row) in grid.into_iter().enumerate() {
        let text: String = row.into_iter().collect();
        frame.render_widget(
            Line::styled(text, theme.label),
            Rect::new(area.x, area.y + i as u16, area.width, 1),
        );
    }
}
