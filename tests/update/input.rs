//! Input as the terminal delivers it (keys, pastes, the mouse), dispatched by the mode: what
//! has the keyboard takes it, a text input takes every printable key, and an overlay swallows
//! the mouse meant for what is under it.

use super::*;
use crossterm::event::{Event as Terminal, KeyCode, KeyEvent, KeyModifiers, MouseButton};
use crossterm::event::{MouseEvent, MouseEventKind};
use findings::app::keymap::Keymap;
use findings::app::mode::Mode;

/// Feeds a terminal event through the runtime's own translation, then `update`.
fn feed(s: &mut State, event: Terminal) -> Outcome {
    match findings::tui::event::action_for(s, &event) {
        Some(action) => update(s, action),
        None => Outcome::default(),
    }
}

fn key(code: KeyCode, mods: KeyModifiers) -> Terminal {
    Terminal::Key(KeyEvent::new(code, mods))
}

fn typed(s: &mut State, text: &str) -> Vec<Outcome> {
    text.chars()
        .map(|c| feed(s, key(KeyCode::Char(c), KeyModifiers::NONE)))
        .collect()
}

fn with_keys(s: &mut State, config: &str) {
    let config = findings::config::parse(std::path::Path::new("config.toml"), config).unwrap();
    let (keymap, warnings) = Keymap::with(&config.keys).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    s.keymap = Arc::new(keymap);
}

/// `down = ["j", "Down", "Ctrl-n"]` (the obvious way to add Ctrl-n): `j` still moves down in
/// the list, and a view named "project jan" is saved as typed, with the dialog's footer
/// offering `↓`, not `j`.
#[test]
fn a_letter_given_to_a_command_is_still_typed_into_a_dialog() {
    let mut s = state((100, 30));
    with_keys(&mut s, "[keys]\ndown = [\"j\", \"Down\", \"Ctrl-n\"]\n");
    typed(&mut s, "j");
    assert_eq!(s.selected, 1, "j moves down in the list");
    feed(&mut s, key(KeyCode::Char('n'), KeyModifiers::CONTROL));
    assert_eq!(s.selected, 2, "and so does Ctrl-n");
    typed(&mut s, "w");
    assert_eq!(s.mode(), Mode::Dialog);
    typed(&mut s, "project jan");
    let screen = common::screen(&s);
    let footer = screen.lines().find(|l| l.contains("confirm")).unwrap();
    assert!(
        !footer.contains("j down") && footer.contains("↓ down"),
        "{footer}"
    );
    let saved = feed(&mut s, key(KeyCode::Enter, KeyModifiers::NONE));
    let names: Vec<&str> = saved
        .effects
        .iter()
        .filter_map(|e| match e {
            Effect::SaveView { name, .. } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(names, ["project jan"]);
}

/// On the search line and in the note editor too, every printable key is text, bound or not.
#[test]
fn a_letter_given_to_a_command_is_typed_on_the_search_line_and_in_a_note() {
    let mut s = state((100, 30));
    with_keys(
        &mut s,
        "[keys]\ndown = [\"j\", \"Down\"]\nquit = [\"Q\", \"x\"]\n",
    );
    typed(&mut s, "/");
    typed(&mut s, "jQx");
    assert_eq!(s.search.input, "jQx");
    feed(&mut s, key(KeyCode::Esc, KeyModifiers::NONE));
    typed(&mut s, "i");
    assert_eq!(s.mode(), Mode::Editor);
    let quit = typed(&mut s, "jQx");
    assert!(quit.iter().all(|o| !o.quits()));
    assert_eq!(s.editor.as_ref().unwrap().text(), "jQx");
}

fn click(column: u16, row: u16) -> Terminal {
    Terminal::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

fn wheel_down(column: u16, row: u16) -> Terminal {
    Terminal::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

/// With the stats view open, a click or the wheel over the list hidden behind it does nothing
/// to the list (as with the help open); closed, the same click selects the row.
#[test]
fn the_mouse_under_the_stats_view_does_not_reach_the_list() {
    let mut s = state((100, 30));
    let list = s.areas().list.unwrap();
    let (column, row) = (list.x + 2, list.y + 3);
    typed(&mut s, "t");
    assert_eq!(s.mode(), Mode::Stats);
    feed(&mut s, click(column, row));
    feed(&mut s, wheel_down(column, row));
    assert_eq!((s.selected, s.list_offset, s.focus), (0, 0, Focus::List));
    assert!(s.stats, "the stats view stays open");
    typed(&mut s, "?");
    feed(&mut s, click(column, row));
    assert_eq!(s.selected, 0);
    typed(&mut s, "?t");
    assert_eq!(s.mode(), Mode::List);
    feed(&mut s, click(column, row));
    assert_eq!(
        s.selected, 3,
        "without the overlay the click selects the row"
    );
}

/// A paste is one event, of any length: 5,000 characters in the note editor, then Ctrl-s
/// saves them all. Outside a text input a paste is not read as keys.
#[test]
fn a_long_paste_goes_into_the_note_whole_and_ctrl_s_saves_it() {
    let mut s = state((100, 30));
    let text: String = "Đắk Lắk và Đắk Nông, ".chars().cycle().take(5000).collect();
    feed(&mut s, Terminal::Paste(text.clone()));
    assert_eq!(
        (s.selected, s.mode()),
        (0, Mode::List),
        "ignored in the list"
    );
    typed(&mut s, "i");
    feed(&mut s, Terminal::Paste(text.clone()));
    let saved = feed(&mut s, key(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let notes: Vec<&str> = saved
        .effects
        .iter()
        .filter_map(|e| match e {
            Effect::Review {
                change: findings::app::review::Change::Note(note),
                ..
            } => Some(note.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(notes, [text.trim_end()]);
}

/// Below the smallest size the screen only says so: a key must not act on a list nobody can
/// see (a record marked blind), and quitting still works.
#[test]
fn a_terminal_too_small_takes_no_key_but_quitting() {
    let mut s = state((30, 8));
    assert_eq!(s.mode(), Mode::TooSmall);
    for out in typed(&mut s, "jxra*i/") {
        assert!(out.effects.is_empty(), "{:?}", out.effects);
    }
    assert_eq!(s.selected, 0, "j did not move the selection");
    assert!(s.editor.is_none() && !s.search.editing);
    let quit = typed(&mut s, "q").remove(0);
    assert!(quit.quits());
    // Large enough again, the keys act.
    update(&mut s, Event::Resize(100, 30));
    typed(&mut s, "j");
    assert_eq!(s.selected, 1);
}

/// The search line edits where the cursor is, as a shell's line does: Left/Right (Ctrl-b/f) by
/// character, Home/End (Ctrl-a/e), Backspace and Delete around the cursor, typing inserted.
#[test]
fn the_search_line_edits_at_the_cursor() {
    let mut s = state((100, 30));
    typed(&mut s, "/");
    assert_eq!(s.mode(), Mode::Search);
    typed(&mut s, "han quoc");
    for _ in 0..4 {
        feed(&mut s, key(KeyCode::Left, KeyModifiers::NONE));
    }
    typed(&mut s, "X");
    assert_eq!(s.search.input, "han Xquoc");
    feed(&mut s, key(KeyCode::Char('a'), KeyModifiers::CONTROL));
    typed(&mut s, "đ");
    assert_eq!(s.search.input, "đhan Xquoc");
    feed(&mut s, key(KeyCode::Left, KeyModifiers::NONE));
    feed(&mut s, key(KeyCode::Delete, KeyModifiers::NONE));
    assert_eq!(s.search.input, "han Xquoc", "Delete takes the whole letter");
    feed(&mut s, key(KeyCode::Right, KeyModifiers::NONE));
    feed(&mut s, key(KeyCode::Backspace, KeyModifiers::NONE));
    assert_eq!(s.search.input, "an Xquoc");
    feed(&mut s, key(KeyCode::End, KeyModifiers::NONE));
    feed(&mut s, key(KeyCode::Backspace, KeyModifiers::NONE));
    assert_eq!(s.search.input, "an Xquo");
    // The query the search ran is the one shown.
    assert_eq!(s.search.query.terms.len(), 2);
    let screen = common::screen(&s);
    assert!(screen.contains("/ an Xquo"), "{screen}");
}

/// Clearing a search (Esc on the line, Esc in the list) keeps the record that was selected,
/// where it now is in the whole list, instead of jumping to the first row.
#[test]
fn clearing_a_search_keeps_the_selected_record() {
    let mut s = state((100, 30));
    let search = |s: &mut State| {
        typed(s, "/");
        typed(s, "che");
        let request = findings::app::search::Request {
            generation: s.search.generation,
            selection: s.selection(),
            candidates: None,
        };
        common::run_search(s, request);
        let tea = s
            .rows
            .iter()
            .position(|&r| s.dataset.get(r).unwrap().id() == "v-tea");
        s.selected = tea.expect("the tea cooperative is found");
    };
    search(&mut s);
    update(&mut s, Command::SearchCancel);
    assert_eq!(selected_id(&s), "v-tea", "Esc on the line");
    assert!(s.selected > 0, "not the first row");
    search(&mut s);
    feed(&mut s, key(KeyCode::Enter, KeyModifiers::NONE));
    feed(&mut s, key(KeyCode::Esc, KeyModifiers::NONE));
    assert!(!s.search.active());
    assert_eq!(selected_id(&s), "v-tea", "Esc in the list");
}
