//! The `?` overlay: every key binding, generated from the keymap, grouped by where it applies.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::Frame;

use super::theme::Theme;
use crate::app::keymap;
use crate::i18n::{self, Lang, Msg};

pub fn render(
    frame: &mut Frame,
    screen: Rect,
    keymap: &keymap::Keymap,
    lang: Lang,
    scroll: usize,
    theme: &Theme,
) {
    let w = screen.width.saturating_sub(4).min(72);
    let h = screen.height.saturating_sub(2);
    let area = Rect::new(screen.x + (screen.width - w) / 2, screen.y + 1, w, h);
    let inner = super::popup(frame, area, i18n::t(lang, Msg::HelpTitle), theme);
    let all: Vec<(Option<String>, String)> = keymap
        .help_lines(lang)
        .into_iter()
        .map(|(keys, text)| (keys.map(|k| theme.glyphs.key(k)), text))
        .collect();
    let key_w = all
        .iter()
        .filter_map(|(k, _)| k.as_ref().map(|k| super::text::width(k)))
        .max()
        .unwrap_or(0)
        .min(inner.width as usize / 2);
    let scroll = scroll.min(all.len().saturating_sub(inner.height as usize));
    for (i, (keys, text)) in all
        .into_iter()
        .skip(scroll)
        .take(inner.height as usize)
        .enumerate()
    {
        let row = Rect::new(inner.x, inner.y + i as u16, inner.width, 1);
        let line = match keys {
            None => Line::styled(theme.glyphs.fit(&text, inner.width as usize), theme.heading),
            Some(keys) => {
                let rest = (inner.width as usize).saturating_sub(key_w + 3);
                Line::from(vec![
                    Span::raw(" "),
                    Span::styled(theme.glyphs.pad(&keys, key_w), theme.key),
                    Span::raw("  "),
                    Span::raw(theme.glyphs.fit(&text, rest)),
                ])
            }
        };
        frame.render_widget(line, row);
    }
}
