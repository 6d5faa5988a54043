//! Colours, text styles and the characters lines and marks are drawn with, in one place.
//! Themes: dark, light, high-contrast; `NO_COLOR` gives a monochrome one (bold, reverse and
//! underline only); `--ascii` draws with ASCII only, for terminals without line drawing.
//! Only the 16 basic colours are used, so 16-colour terminals show every theme as meant.

use ratatui::style::{Color, Modifier, Style};

/// A theme by name: a setting (`--theme`, the config file's `theme`).
pub use crate::settings::ThemeName;

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
    pub glyphs: Glyphs,
}

/// The characters of lines and marks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Glyphs {
    /// The line between panes.
    pub vertical: &'static str,
    /// Where the detail is scrolled to.
    pub scroll_mark: &'static str,
    /// The cursor after typed text.
    pub cursor: &'static str,
    /// The review gauge: done, to do.
    pub gauge_done: &'static str,
    pub gauge_todo: &'static str,
    /// Sorted ascending, descending.
    pub up: &'static str,
    pub down: &'static str,
    /// Review marks: reviewed, to apply, not applicable, starred.
    pub reviewed: char,
    pub to_apply: char,
    pub not_applicable: char,
    pub starred: char,
    /// Popup borders.
    pub border: ratatui::symbols::border::Set<'static>,
    /// Arrows in key names are written out (`Up`, `Alt-Left`).
    pub ascii: bool,
    /// The marks around the data: separators, dashes, the star, the cut mark.
    pub marks: crate::layout::marks::Marks,
}

impl Glyphs {
    pub const UNICODE: Glyphs = Glyphs {
        vertical: "│",
        scroll_mark: "┃",
        cursor: "▏",
        gauge_done: "▰",
        gauge_todo: "▱",
        up: "↑",
        down: "↓",
        reviewed: '✓',
        to_apply: '▶',
        not_applicable: '✗',
        starred: '★',
        border: ratatui::symbols::border::PLAIN,
        ascii: false,
        marks: crate::layout::marks::Marks::UNICODE,
    };

    pub const ASCII: Glyphs = Glyphs {
        vertical: "|",
        scroll_mark: "#",
        cursor: "_",
        gauge_done: "#",
        gauge_todo: "-",
        up: "^",
        down: "v",
        reviewed: '+',
        to_apply: '>',
        not_applicable: 'x',
        starred: '*',
        border: ratatui::symbols::border::Set {
            top_left: "+",
            top_right: "+",
            bottom_left: "+",
            bottom_right: "+",
            vertical_left: "|",
            vertical_right: "|",
            horizontal_top: "-",
            horizontal_bottom: "-",
        },
        ascii: true,
        marks: crate::layout::marks::Marks::ASCII,
    };

    /// A gauge `of` marks long with `filled` of them done.
    pub fn gauge(&self, filled: usize, of: usize) -> String {
        let filled = filled.min(of);
        format!(
            "{}{}",
            self.gauge_done.repeat(filled),
            self.gauge_todo.repeat(of - filled)
        )
    }

    /// `s` cut to `max` columns, with this set's cut mark.
    pub fn fit(&self, s: &str, max: usize) -> String {
        self.marks.fit(s, max)
    }

    /// `s` cut or padded to `width` columns, with this set's cut mark.
    pub fn pad(&self, s: &str, width: usize) -> String {
        self.marks.pad(s, width)
    }

    /// An interface string with its marks drawn with this set.
    pub fn plain<'a>(&self, s: &'a str) -> std::borrow::Cow<'a, str> {
        self.marks.plain(s)
    }

    /// A key's name as this terminal can show it.
    pub fn key(&self, label: String) -> String {
        match self.ascii {
            true => crate::keys::spelled_out(&label),
            false => label,
        }
    }
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
            glyphs: Glyphs::UNICODE,
        }
    }

    /// For light backgrounds: dark colours, no yellow.
    pub fn light() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            tab_active: bold.fg(Color::White).bg(Color::Blue),
            selected: Style::new().fg(Color::White).bg(Color::Blue),
            kind: Style::new().fg(Color::Magenta),
            label: Style::new().fg(Color::Blue),
            heading: bold.fg(Color::Magenta),
            link: Style::new()
                .fg(Color::Blue)
                .add_modifier(Modifier::UNDERLINED),
            link_selected: Style::new().fg(Color::White).bg(Color::Blue),
            key: bold.fg(Color::Blue),
            border: Style::new().fg(Color::Gray),
            warning: bold.fg(Color::Red),
            matched: bold.fg(Color::Magenta).add_modifier(Modifier::UNDERLINED),
            prompt: bold.fg(Color::Blue),
            ..Theme::dark()
        }
    }

    /// Strong contrast: bright colours on black, everything that matters bold.
    pub fn high_contrast() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            tab: Style::new().fg(Color::White),
            tab_active: bold.fg(Color::Black).bg(Color::LightYellow),
            selected: bold.fg(Color::Black).bg(Color::LightYellow),
            selected_unfocused: bold.add_modifier(Modifier::REVERSED),
            kind: bold.fg(Color::LightCyan),
            dim: Style::new().fg(Color::White),
            title: bold.fg(Color::White),
            label: bold.fg(Color::LightCyan),
            heading: bold.fg(Color::LightYellow),
            link: bold.fg(Color::LightCyan).add_modifier(Modifier::UNDERLINED),
            link_selected: bold.fg(Color::Black).bg(Color::LightYellow),
            key: bold.fg(Color::LightYellow),
            border: Style::new().fg(Color::White),
            warning: bold.fg(Color::LightRed),
            matched: bold.fg(Color::Black).bg(Color::LightCyan),
            prompt: bold.fg(Color::LightYellow),
            ..Theme::dark()
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
            glyphs: Glyphs::UNICODE,
        }
    }

    /// The theme asked for: monochrome whenever `no_color`; ASCII lines and marks with `ascii`.
    pub fn pick(name: ThemeName, no_color: bool, ascii: bool) -> Theme {
        let mut theme = match (no_color, name) {
            (true, _) => Theme::mono(),
            (false, ThemeName::Dark) => Theme::dark(),
            (false, ThemeName::Light) => Theme::light(),
            (false, ThemeName::HighContrast) => Theme::high_contrast(),
        };
        if ascii {
            theme.glyphs = Glyphs::ASCII;
        }
        theme
    }

    /// The theme the settings ask for.
    pub fn of(looks: &crate::settings::Looks) -> Theme {
        Theme::pick(looks.theme, looks.no_color, looks.ascii)
    }
}
