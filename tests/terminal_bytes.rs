//! No byte of the data reaches the terminal as a control sequence: hostile records are drawn
//! through the real crossterm backend, and the bytes are run through a terminal emulator (vt100).

mod common;

use findings::app::action::Command;
use findings::app::update::update;
use findings::i18n::Lang;
use findings::ui::theme::Theme;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

/// The bytes findings writes to draw `actions`' screen at `size`.
fn bytes_for(actions: &[Command], size: (u16, u16)) -> Vec<u8> {
    themed_bytes_for(actions, size, &Theme::dark())
}

/// [`bytes_for`] in `theme`.
fn themed_bytes_for(actions: &[Command], size: (u16, u16), theme: &Theme) -> Vec<u8> {
    let mut state = common::state("valid/hostile.json", Lang::En, size);
    for a in actions {
        update(&mut state, *a);
    }
    let captured = Capture::default();
    let backend = CrosstermBackend::new(captured.clone());
    let options = TerminalOptions {
        viewport: Viewport::Fixed(Rect::new(0, 0, size.0, size.1)),
    };
    let mut terminal = Terminal::with_options(backend, options).unwrap();
    findings::tui::runtime::draw(&mut terminal, &state, theme).unwrap();
    let bytes = captured.0.lock().unwrap().clone();
    bytes
}

/// A writer whose bytes the test can read back.
#[derive(Clone, Default)]
struct Capture(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every escape sequence in the output: ESC and what follows up to the final byte.
fn sequences(bytes: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bytes);
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            continue;
        }
        let mut seq = String::from("ESC");
        for n in chars.by_ref() {
            seq.push(n);
            if n.is_ascii_alphabetic() || n == '~' {
                break;
            }
        }
        out.push(seq);
    }
    out
}

const SCREENS: &[&[Command]] = &[
    &[],
    &[Command::Open],
    &[Command::Open, Command::Bottom],
    &[Command::Down, Command::Open, Command::NextLink],
    &[
        Command::GoToTab(1),
        Command::Open,
        Command::Down,
        Command::Down,
    ],
];

#[test]
fn hostile_text_changes_nothing_but_the_screen() {
    for size in [(120, 40), (80, 24), (40, 12)] {
        for actions in SCREENS {
            let bytes = bytes_for(actions, size);
            let mut parser = vt100::Parser::new(size.1, size.0, 0);
            parser.process(&bytes);
            let screen = parser.screen();
            assert_eq!(screen.title(), "", "window title changed");
            assert_eq!(screen.icon_name(), "", "icon name changed");
            assert_eq!(screen.audible_bell_count(), 0, "bell rang");
            assert_eq!(screen.visual_bell_count(), 0, "bell flashed");
            assert!(
                !screen.alternate_screen(),
                "the data must not switch screens"
            );
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains('\u{7}'), "BEL byte written");
            assert!(
                !text.contains("\u{1b}]"),
                "an OSC sequence (title, clipboard, link) was written"
            );
            assert!(!text.contains("\u{1b}P"), "a DCS sequence was written");
            assert!(
                !text.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)),
                "a C1 control was written"
            );
            // Only the sequences a renderer needs: cursor moves, colours, clearing, and the
            // synchronized-update brackets.
            for seq in sequences(&bytes) {
                let allowed = seq.ends_with('m')
                    || seq.ends_with('H')
                    || seq.ends_with('J')
                    || seq.ends_with('K')
                    || seq == "ESC[?2026h"
                    || seq == "ESC[?2026l"
                    || seq == "ESC[?25l"
                    || seq == "ESC[?25h";
                assert!(allowed, "unexpected sequence {seq:?}");
                assert!(!seq.contains("PWNED"), "data inside a sequence: {seq:?}");
            }
        }
    }
}

#[test]
fn the_markers_are_on_screen_where_the_controls_were() {
    let bytes = bytes_for(&[Command::Open], (120, 40));
    let mut parser = vt100::Parser::new(40, 120, 0);
    parser.process(&bytes);
    let contents = parser.screen().contents();
    assert!(
        contents.contains("Title␛]0;PWNED␇ change ␛]2;PWNED2␛\\ done"),
        "{contents}"
    );
    assert!(
        contents.contains("Bell␇␇ clear␛[2J␛[H home �31m c1-csi �0;X� osc"),
        "{contents}"
    );
    assert!(
        contents.contains("Clipboard␛]52;c;cHduZWQ=␇ write."),
        "{contents}"
    );
    assert!(
        contents.contains("Bidi evil isolate x zerowidth Tab."),
        "{contents}"
    );
    assert!(contents.contains("Kon␀Tum␡"), "{contents}");
}

/// Screens with every kind of line and mark: the facet pane beside the list, a sorted list,
/// the detail scrolled, a popup.
fn busy_screens() -> Vec<Vec<Command>> {
    vec![
        vec![Command::ToggleFacets, Command::CycleSort],
        vec![Command::Open, Command::Down, Command::Down],
        vec![Command::Export],
        vec![Command::ToggleHelp],
    ]
}

#[test]
fn no_color_means_no_colour_codes_in_any_theme() {
    use findings::ui::theme::ThemeName;
    let colour = |seq: &str| {
        let Some(params) = seq.strip_prefix("ESC[").and_then(|s| s.strip_suffix('m')) else {
            return false;
        };
        params.split(';').any(|p| {
            p.parse::<u32>()
                .is_ok_and(|n| ((30..=48).contains(&n) && n != 39) || (90..=107).contains(&n))
        })
    };
    for name in [ThemeName::Dark, ThemeName::Light, ThemeName::HighContrast] {
        for actions in busy_screens() {
            let coloured = themed_bytes_for(&actions, (120, 30), &Theme::pick(name, false, false));
            assert!(
                sequences(&coloured).iter().any(|s| colour(s)),
                "{name:?} has colours"
            );
            let plain = themed_bytes_for(&actions, (120, 30), &Theme::pick(name, true, false));
            let found: Vec<String> = sequences(&plain)
                .into_iter()
                .filter(|s| colour(s))
                .collect();
            assert!(found.is_empty(), "{name:?} {actions:?}: {found:?}");
        }
    }
}

#[test]
fn ascii_draws_no_line_drawing_characters() {
    use findings::ui::theme::ThemeName;
    for actions in busy_screens() {
        let theme = Theme::pick(ThemeName::Dark, false, true);
        let bytes = themed_bytes_for(&actions, (120, 30), &theme);
        let text = String::from_utf8_lossy(&bytes);
        let drawn: Vec<char> = text
            .chars()
            .filter(|c| ('\u{2500}'..='\u{259f}').contains(c) || "▏▰▱┃✓▶✗★↑↓←→".contains(*c))
            .collect();
        assert!(drawn.is_empty(), "{actions:?}: {drawn:?}");
        let unicode = bytes_for(&actions, (120, 30));
        let text = String::from_utf8_lossy(&unicode);
        assert!(
            text.chars().any(|c| ('\u{2500}'..='\u{259f}').contains(&c)),
            "{actions:?}: the default draws lines"
        );
    }
}

/// Every theme's colours are among the 16 basic ones (`38;5;N` with N < 16 as crossterm writes
/// them): never an index past 15 or an RGB colour, which 16-colour terminals cannot show.
#[test]
fn every_theme_uses_only_the_sixteen_basic_colours() {
    use findings::ui::theme::ThemeName;
    let mut screens = busy_screens();
    screens.push(vec![Command::ToggleStats]);
    for name in [ThemeName::Dark, ThemeName::Light, ThemeName::HighContrast] {
        let mut seen = 0;
        for actions in &screens {
            let bytes = themed_bytes_for(actions, (120, 30), &Theme::pick(name, false, false));
            for seq in sequences(&bytes) {
                let Some(params) = seq.strip_prefix("ESC[").and_then(|s| s.strip_suffix('m'))
                else {
                    continue;
                };
                let params: Vec<&str> = params.split(';').collect();
                for (i, p) in params.iter().enumerate() {
                    if *p != "38" && *p != "48" {
                        continue;
                    }
                    seen += 1;
                    let index = match params.get(i + 1..i + 3) {
                        Some(["5", n]) => n.parse::<u32>().ok(),
                        _ => None,
                    };
                    assert!(index.is_some_and(|n| n < 16), "{name:?} {actions:?}: {seq}");
                }
            }
        }
        assert!(seen > 0, "{name:?} draws in colour");
    }
}
