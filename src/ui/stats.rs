//! The stats view over the panes: what the list shows, as bars per province, kind, topic and
//! review status, the trips in time, and a map of Vietnam with a mark per province sized by its
//! records (ratatui's Canvas; with `--ascii`, dots and letters on a grid).

use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Circle, Line as Segment};
use ratatui::Frame;

use super::theme::Theme;
use crate::app::state::State;
use crate::app::stats::{self, Row, Stats};
use crate::i18n::{self, Msg};
use crate::model::map;

pub fn render(frame: &mut Frame, screen: Rect, state: &State, theme: &Theme) {
    let t = |m| i18n::t(state.lang, m);
    let (area, map_area, bars_area) = crate::layout::stats((screen.width, screen.height));
    let shift = |r: Rect| Rect::new(r.x + screen.x, r.y + screen.y, r.width, r.height);
    super::popup(frame, shift(area), t(Msg::StatsTitle), theme);
    let s = stats::of(state);
    if let Some(r) = map_area {
        render_map(frame, shift(r), &s, theme);
    }
    render_bars(frame, shift(bars_area), &s, state, theme);
}

/// The lists, every value of each, from the scroll offset down.
fn render_bars(frame: &mut Frame, area: Rect, s: &Stats, state: &State, theme: &Theme) {
    let t = |m| i18n::t(state.lang, m);
    let w = area.width as usize;
    let rows = stats::rows(s, state.lang, theme.glyphs.marks.range);
    let height = area.height as usize;
    let scroll = state.stats_scroll.min(rows.len().saturating_sub(height));
    for (i, row) in rows.into_iter().skip(scroll).take(height).enumerate() {
        let line = match row {
            Row::Total(n) => Line::styled(
                theme
                    .glyphs
                    .fit(&format!("{n} {}", t(Msg::StatsRecords)), w),
                theme.title,
            ),
            Row::Blank => Line::raw(""),
            Row::Heading(title) => Line::styled(theme.glyphs.fit(t(title), w), theme.heading),
            Row::Bar {
                label,
                count,
                most,
                label_width,
            } => {
                let label_w = label_width.min(w / 3);
                let bar_w = w.saturating_sub(label_w + 8).min(40);
                let filled = (count * bar_w).div_ceil(most.max(1)).min(bar_w);
                Line::from(vec![
                    Span::raw(format!(
                        " {} {count:>5} ",
                        theme
                            .glyphs
                            .pad(&crate::model::text::inline(&label), label_w)
                    )),
                    Span::styled(theme.glyphs.gauge_done.repeat(filled), theme.label),
                ])
            }
            Row::Trip(text) => Line::raw(theme.glyphs.fit(&crate::model::text::inline(&text), w)),
        };
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
