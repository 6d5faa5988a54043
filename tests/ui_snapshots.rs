//! The main screens as text, at 120x40, 80x24 and 40x12, with Vietnamese, CJK and emoji.

mod common;

use findings::app::action::{Action, Command, Event};
use findings::app::update::update;
use findings::i18n::Lang;

const SIZES: [(u16, u16); 3] = [(120, 40), (80, 24), (40, 12)];

fn snapshot(name: &str, lang: Lang, actions: &[Command]) {
    for size in SIZES {
        let mut state = common::state("valid/wide.json", lang, size);
        for a in actions {
            update(&mut state, *a);
        }
        let screen = common::screen(&state);
        insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), screen);
    }
}

#[test]
fn list_and_detail() {
    // On the Đắk Lắk meeting, in Vietnamese.
    snapshot("list", Lang::Vi, &[Command::Down]);
}

#[test]
fn list_with_cjk_and_emoji() {
    snapshot(
        "list_wide_chars",
        Lang::En,
        &[Command::GoToTab(2), Command::Bottom],
    );
}

#[test]
fn full_screen_detail() {
    snapshot("detail", Lang::Vi, &[Command::Down, Command::Open]);
}

#[test]
fn detail_with_a_link_selected() {
    snapshot(
        "links",
        Lang::En,
        &[
            Command::Down,
            Command::Open,
            Command::NextLink,
            Command::NextLink,
        ],
    );
}

#[test]
fn help_overlay() {
    snapshot("help", Lang::Vi, &[Command::ToggleHelp]);
}

/// Types `text` into the search line, the searches it asks for run as the runtime runs them.
fn search(state: &mut findings::app::state::State, text: &str) {
    use findings::tui::driver::{Driver, Files};
    let mut driver = Driver::new(state, Files::default());
    driver.step(state, Command::OpenSearch);
    let mut searched = false;
    for c in text.chars() {
        let step = driver.step(state, Event::SearchChar(c));
        searched |= step
            .effects
            .iter()
            .any(|e| matches!(e, findings::app::effect::Effect::Search(_)));
    }
    assert!(searched, "a search was asked for");
}

#[test]
fn search_line_with_highlighted_matches() {
    for size in SIZES {
        let mut state = common::state("valid/wide.json", Lang::Vi, size);
        search(&mut state, "dak lak han");
        insta::assert_snapshot!(
            format!("search_typing_{}x{}", size.0, size.1),
            common::screen_marked(&state)
        );
        update(&mut state, Command::SearchSubmit);
        update(&mut state, Command::Open);
        insta::assert_snapshot!(
            format!("search_detail_{}x{}", size.0, size.1),
            common::screen_marked(&state)
        );
    }
}

#[test]
fn too_small_then_recovers() {
    let mut state = common::state("valid/wide.json", Lang::En, (39, 11));
    let small = common::screen(&state);
    assert!(small.contains("Terminal too small: 39x11"), "{small}");
    update(&mut state, Event::Resize(40, 12));
    let fits = common::screen(&state);
    assert!(
        !fits.contains("too small") && fits.contains(" 1:6 "),
        "{fits}"
    );
}

#[test]
fn every_size_and_screen_draws_without_panic() {
    let screens: &[&[Command]] = &[
        &[],
        &[
            Command::Down,
            Command::Down,
            Command::Open,
            Command::NextLink,
        ],
        &[Command::ToggleHelp, Command::Down],
        &[
            Command::GoToTab(2),
            Command::Bottom,
            Command::Open,
            Command::Bottom,
        ],
    ];
    for w in (0..=130).step_by(7).chain([1, 39, 40, 99, 100]) {
        for h in (0..=45).step_by(4).chain([1, 11, 12]) {
            for actions in screens {
                let mut state = common::state("valid/wide.json", Lang::Vi, (w, h));
                for a in *actions {
                    update(&mut state, *a);
                }
                let screen = common::screen(&state);
                assert_eq!(screen.lines().count(), h as usize);
            }
        }
    }
}

#[test]
fn an_empty_dataset_draws_and_takes_every_action() {
    let actions: [Action; 19] = [
        Command::Down.into(),
        Command::Up.into(),
        Command::Bottom.into(),
        Command::PageDown.into(),
        Command::Open.into(),
        Command::NextLink.into(),
        Command::Back.into(),
        Command::Forward.into(),
        Command::NextTab.into(),
        Command::GoToTab(4).into(),
        Event::Click { column: 5, row: 3 }.into(),
        Event::Scroll {
            column: 5,
            row: 3,
            lines: 3,
        }
        .into(),
        Command::NextMatch.into(),
        Command::OpenSearch.into(),
        Event::SearchChar('x').into(),
        Command::SearchSubmit.into(),
        Command::ToggleHelp.into(),
        Command::Down.into(),
        Command::ToggleHelp.into(),
    ];
    for size in SIZES {
        let mut state = common::state("valid/no_records.json", Lang::En, size);
        for a in &actions {
            update(&mut state, a.clone());
            let screen = common::screen(&state);
            assert_eq!(screen.lines().count(), size.1 as usize);
        }
        assert!(common::screen(&state).contains("Nothing to show."));
    }
}

/// On the default dataset at 120x40, rows whose titles share a long start are told apart by
/// their short titles: the two cooperatives, the four meetings.
#[test]
fn short_titles_tell_rows_apart_at_120_columns() {
    let loaded = findings::model::DataSource::Embedded.load();
    let dataset = std::sync::Arc::new(loaded.dataset);
    let mut state = findings::app::state::State::new(dataset, Lang::Vi, (120, 40));
    update(&mut state, Command::GoToTab(4));
    let screen = common::screen(&state);
    assert!(
        screen.contains("HTX Chè sạch Đông Trường Sơn") && screen.contains("HTX Dâu – Tằm Chư Sê"),
        "{screen}"
    );
    update(&mut state, Command::GoToTab(2));
    let screen = common::screen(&state);
    let rows: Vec<&str> = screen.lines().skip(2).take(4).collect();
    for (row, province) in rows
        .iter()
        .zip(["Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông"])
    {
        assert!(row.contains(&format!("{province} ")), "{screen}");
    }
    let mut titles: Vec<&str> = rows
        .iter()
        .map(|r| r.split('│').next().unwrap_or("").trim())
        .collect();
    titles.dedup();
    assert_eq!(titles.len(), 4, "four meetings look alike:\n{screen}");
}

#[test]
fn facet_pane_in_both_languages() {
    // Open, then choose the first value (a province) so a tick and the status line show.
    let actions = [Command::ToggleFacets, Command::Down, Command::FacetToggle];
    snapshot("facets_vi", Lang::Vi, &actions);
    snapshot("facets_en", Lang::En, &actions);
}

/// A 600-character Vietnamese note wraps in the editor at 80x24: its first word stays in view,
/// no row is wider than the box.
#[test]
fn a_long_note_wraps_in_the_editor() {
    let sentence = "Tỉnh Đắk Nông học cách quản lý lao động nước ngoài tại các khu công nghiệp, \
                    ghi nhận hồ sơ cấp phép nhanh hơn và phối hợp chặt chẽ giữa các sở. ";
    let note: String = sentence.repeat(5).chars().take(600).collect();
    assert_eq!(note.chars().count(), 600);
    let mut state = common::state("valid/wide.json", Lang::Vi, (80, 24));
    update(&mut state, Command::OpenNoteEditor);
    update(&mut state, Event::Paste(note));
    let screen = common::screen(&state);
    assert!(screen.contains("│Tỉnh Đắk Nông học"), "{screen}");
    insta::assert_snapshot!("editor_long_note_80x24", screen);
}
