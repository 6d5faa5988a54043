//! The dialog over the screen: a prompt, a list to pick from, a yes/no question, or text to
//! select with the mouse.

use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::Frame;

use super::text::{width, wrap};
use super::theme::Theme;
use crate::app::dialog::{Ask, Dialog, Pick};
use crate::app::state::State;
use crate::export::{ExportFormat, ReportFormat};
use crate::i18n::{self, Msg};
use crate::model::text::inline;

pub fn render(frame: &mut Frame, screen: Rect, state: &State, theme: &Theme) {
    let Some(dialog) = &state.dialog else {
        return;
    };
    match dialog {
        Dialog::Prompt { ask, input } => prompt(frame, screen, state, theme, ask, input),
        Dialog::Pick { pick, selected } => list(frame, screen, state, theme, pick, *selected),
        Dialog::Overwrite { path, .. } => overwrite(frame, screen, state, theme, path),
        Dialog::Text { text, scroll } => show(frame, screen, state, theme, text, *scroll),
        Dialog::Unsaved => unsaved(frame, screen, state, theme),
    }
}

/// The note kept when an earlier session ended: whose, when, why, its first lines, where it
/// is kept, and what Enter and Esc do.
fn unsaved(frame: &mut Frame, screen: Rect, state: &State, theme: &Theme) {
    use crate::model::text::{clean, Lines};
    let Some(note) = state.unsaved.first() else {
        return;
    };
    let t = |m| i18n::t(state.lang, m);
    let m = theme.glyphs.marks;
    let w: u16 = 72;
    let room = w.saturating_sub(2) as usize;
    let record = match state.dataset.by_id(&note.record) {
        Some(r) => format!(
            "{} {} {}",
            crate::model::describe::title(r, state.text()),
            m.sep,
            inline(&note.record)
        ),
        None => inline(&note.record),
    };
    let at = crate::model::when::local(&note.at);
    let who = t(Msg::UnsavedWho)
        .replace("{author}", &inline(&note.author))
        .replace("{at}", &inline(&at))
        .replace("{why}", &inline(&note.why));
    let mut place =
        t(Msg::UnsavedWhere).replace("{file}", &inline(&note.path.display().to_string()));
    if state.unsaved.len() > 1 {
        place = format!("{place} (1/{})", state.unsaved.len());
    }
    let plain = ratatui::style::Style::new();
    let styled = |text: &str, style| -> Vec<(String, ratatui::style::Style)> {
        wrap(text, room).into_iter().map(|l| (l, style)).collect()
    };
    let mut lines = styled(&record, theme.title);
    lines.extend(styled(&who, plain));
    lines.push((String::new(), plain));
    let mut tail = vec![(String::new(), plain)];
    tail.extend(styled(&place, theme.dim));
    tail.extend(styled(
        &theme.glyphs.plain(t(Msg::UnsavedAsk)),
        theme.prompt,
    ));
    // The note's first lines fill what room is left; what Enter and Esc do always shows.
    let most = (screen.height as usize).saturating_sub(4);
    let room_for_text = most.saturating_sub(lines.len() + tail.len()).min(6);
    let text = clean(&note.text, Lines::Keep);
    let preview: Vec<_> = text
        .lines()
        .flat_map(|l| styled(&format!("{} {l}", m.quote), theme.dim))
        .collect();
    let cut = preview.len() > room_for_text;
    lines.extend(
        preview
            .into_iter()
            .take(room_for_text.saturating_sub(usize::from(cut))),
    );
    if cut && room_for_text > 0 {
        lines.push((format!("{} {}", m.quote, m.cut), theme.dim));
    }
    let keep = most.saturating_sub(tail.len());
    lines.truncate(keep);
    lines.extend(tail);
    let h = (lines.len() as u16).saturating_add(2);
    let inner = super::popup(frame, centred(screen, w, h), t(Msg::UnsavedTitle), theme);
    for (i, (l, style)) in lines.iter().take(inner.height as usize).enumerate() {
        frame.render_widget(
            Line::styled(theme.glyphs.fit(l, inner.width as usize), *style),
            Rect::new(inner.x, inner.y + i as u16, inner.width, 1),
        );
    }
}

/// A line to type, its end in sight with the cursor after it.
fn prompt(frame: &mut Frame, screen: Rect, state: &State, theme: &Theme, ask: &Ask, input: &str) {
    let t = |m| i18n::t(state.lang, m);
    let title = match ask {
        Ask::ViewName => t(Msg::AskViewName),
        Ask::ExportFile(_) => t(Msg::AskExportFile),
    };
    let inner = super::popup(frame, centred(screen, 64, 3), title, theme);
    // The end of what is typed stays in sight, with the cursor after it.
    let room = (inner.width as usize).saturating_sub(1);
    let shown = tail(&inline(input), room);
    frame.render_widget(
        Line::styled(format!("{shown}{}", theme.glyphs.cursor), theme.prompt),
        Rect::new(inner.x, inner.y, inner.width, 1),
    );
}

/// A list to pick from, the chosen line marked.
fn list(
    frame: &mut Frame,
    screen: Rect,
    state: &State,
    theme: &Theme,
    pick: &Pick,
    selected: usize,
) {
    let t = |m| i18n::t(state.lang, m);
    let items: Vec<String> = match pick {
        Pick::Format => ExportFormat::ALL
            .iter()
            .map(|f| {
                t(match f {
                    ExportFormat::Markdown => Msg::FormatMarkdown,
                    ExportFormat::Csv => Msg::FormatCsv,
                    ExportFormat::Json => Msg::FormatJson,
                    ExportFormat::Workbook => Msg::FormatWorkbook,
                    ExportFormat::Report(ReportFormat::Markdown) => Msg::FormatReportMarkdown,
                    ExportFormat::Report(ReportFormat::Docx) => Msg::FormatReportDocx,
                    ExportFormat::Report(ReportFormat::Xlsx) => Msg::FormatReportXlsx,
                })
                .to_owned()
            })
            .collect(),
        Pick::View(views) => {
            let name_width = views
                .iter()
                .map(|(n, _)| width(&inline(n)))
                .max()
                .unwrap_or(0)
                .min(30);
            views
                .iter()
                .map(|(n, v)| {
                    format!(
                        "{}  {}",
                        theme.glyphs.pad(&inline(n), name_width),
                        inline(&v.describe())
                    )
                })
                .collect()
        }
    };
    let title = match pick {
        Pick::Format => t(Msg::PickFormat),
        Pick::View(_) => t(Msg::PickView),
    };
    let h = (items.len() as u16).saturating_add(2);
    let inner = super::popup(frame, centred(screen, 72, h), title, theme);
    let rows = inner.height as usize;
    let first = selected.saturating_sub(rows.saturating_sub(1));
    for (i, item) in items.iter().enumerate().skip(first).take(rows) {
        let style = if i == selected {
            theme.selected
        } else {
            ratatui::style::Style::new()
        };
        let y = inner.y + (i - first) as u16;
        frame.render_widget(
            Line::styled(theme.glyphs.pad(item, inner.width as usize), style),
            Rect::new(inner.x, y, inner.width, 1),
        );
    }
}

/// Whether to replace the file.
fn overwrite(
    frame: &mut Frame,
    screen: Rect,
    state: &State,
    theme: &Theme,
    path: &std::path::Path,
) {
    let t = |m| i18n::t(state.lang, m);
    let question = format!(
        "{} {}",
        inline(&path.display().to_string()),
        t(Msg::OverwriteFile)
    );
    let lines = wrap(&question, 60);
    let h = (lines.len() as u16).saturating_add(2);
    let inner = super::popup(frame, centred(screen, 64, h), t(Msg::AskExportFile), theme);
    for (i, l) in lines.iter().take(inner.height as usize).enumerate() {
        frame.render_widget(
            Line::styled(theme.glyphs.fit(l, inner.width as usize), theme.warning),
            Rect::new(inner.x, inner.y + i as u16, inner.width, 1),
        );
    }
}

/// Text to read and select with the mouse.
fn show(frame: &mut Frame, screen: Rect, state: &State, theme: &Theme, text: &str, scroll: usize) {
    let t = |m| i18n::t(state.lang, m);
    let area = centred(
        screen,
        screen.width.saturating_sub(4).max(20),
        screen.height,
    );
    let inner = super::popup(frame, area, &theme.glyphs.plain(t(Msg::CopyText)), theme);
    let lines: Vec<String> = text
        .lines()
        .flat_map(|l| wrap(l, inner.width.max(1) as usize))
        .collect();
    for (i, l) in lines
        .iter()
        .skip(scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        frame.render_widget(
            Line::raw(l.clone()),
            Rect::new(inner.x, inner.y + i as u16, inner.width, 1),
        );
    }
}

/// A box `w` by `h` in the middle of `screen`, kept inside it.
fn centred(screen: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(screen.width.saturating_sub(2)).max(1);
    let h = h.min(screen.height.saturating_sub(2)).max(1);
    Rect::new(
        screen.x + (screen.width - w) / 2,
        screen.y + (screen.height - h) / 2,
        w,
        h,
    )
}

/// The last `room` columns of `s`.
fn tail(s: &str, room: usize) -> String {
    let mut out: Vec<char> = Vec::new();
    let mut used = 0;
    for c in s.chars().rev() {
        let w = width(c.encode_utf8(&mut [0; 4]));
        if used + w > room {
            break;
        }
        used += w;
        out.push(c);
    }
    out.into_iter().rev().collect()
}
