//! Colours and text styles in one place. `NO_COLOR` gives a monochrome theme (bold/reverse only).

use ratatui::style::{Color, Modifier, Style};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    pub tab: Style,
    pub tab_active: Style,
    pub header: Style,
    pub selected: Style,
    pub selected_unfocused: Style,
    pub kind: Style,
    pub dim: Style,
    pub title: Style,
    pub label: Style,
    pub heading: Style,
    pub link: Style,
    pub link_selected: Style,
    pub key: Style,
    pub border: Style,
    pub warning: Style,
    /// Characters a search matched.
    pub matched: Style,
    pub prompt: Style,
}

impl Theme {
    pub fn dark() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            tab: Style::new(),
            tab_active: bold.fg(Color::Black).bg(Color::Cyan),
            header: bold.add_modifier(Modifier::UNDERLINED),
            selected: Style::new().fg(Color::Black).bg(Color::Cyan),
            selected_unfocused: Style::new().add_modifier(Modifier::REVERSED),
            kind: Style::new().fg(Color::Yellow),
            dim: Style::new().add_modifier(Modifier::DIM),
            title: bold,
            label: Style::new().fg(Color::Cyan),
            heading: bold.fg(Color::Yellow),
            link: Style::new().fg(Color::Blue),
            link_selected: Style::new().fg(Color::Black).bg(Color::Cyan),
            key: bold.fg(Color::Cyan),
            border: Style::new().fg(Color::DarkGray),
            warning: bold.fg(Color::Red),
            matched: bold.fg(Color::Yellow).add_modifier(Modifier::UNDERLINED),
            prompt: bold.fg(Color::Cyan),
        }
    }

    pub fn mono() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let reversed = Style::new().add_modifier(Modifier::REVERSED);
        Theme {
            tab: Style::new(),
            tab_active: reversed,
            header: bold.add_modifier(Modifier::UNDERLINED),
            selected: reversed,
            selected_unfocused: Style::new().add_modifier(Modifier::UNDERLINED),
            kind: Style::new(),
            dim: Style::new(),
            title: bold,
            label: bold,
            heading: bold,
            link: Style::new().add_modifier(Modifier::UNDERLINED),
            link_selected: reversed,
            key: bold,
            border: Style::new(),
            warning: bold,
            matched: Style::new().add_modifier(Modifier::UNDERLINED | Modifier::ITALIC),
            prompt: bold,
        }
    }

    /// The theme for this environment: monochrome when `NO_COLOR` is set (no-color.org).
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::mono(),
            _ => Theme::dark(),
        }
    }
}
