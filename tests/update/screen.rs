//! The screen around the list: the split, the stats view, data loaded behind the screen.

use super::*;

#[test]
fn the_split_between_list_and_detail_moves_with_keys() {
    let mut s = state((120, 40));
    let width = |s: &State| s.areas().list.unwrap().width;
    let start = width(&s);
    assert!(update(&mut s, Command::WidenList).redraw);
    assert!(width(&s) > start);
    for _ in 0..20 {
        update(&mut s, Command::WidenList);
    }
    let widest = width(&s);
    assert!(
        !update(&mut s, Command::WidenList).redraw,
        "at the end of its range"
    );
    assert_eq!(width(&s), widest);
    for _ in 0..30 {
        update(&mut s, Command::NarrowList);
    }
    assert!(width(&s) < start);
    assert!(s.areas().detail.unwrap().width > widest - 10);
    // Dragged with the mouse: press on the line between the panes, move, let go.
    let line = s.areas().separator.unwrap();
    update(
        &mut s,
        Event::Click {
            column: line.x,
            row: line.y + 3,
        },
    );
    assert!(s.dragging);
    let before = width(&s);
    assert!(
        update(
            &mut s,
            Event::Drag {
                column: line.x + 30
            }
        )
        .redraw
    );
    assert!(width(&s) >= before + 25, "{} -> {}", before, width(&s));
    update(&mut s, Event::Release);
    assert!(
        !update(&mut s, Event::Drag { column: line.x }).redraw,
        "let go: no more drag"
    );
}

/// The stats view on the embedded data: the four Central Highlands provinces on the map, and
/// every count follows the query in force.
#[test]
fn the_stats_view_maps_the_provinces_and_follows_the_query() {
    let dataset = std::sync::Arc::new(findings::model::DataSource::Embedded.load().dataset);
    let mut s = State::new(dataset, Lang::En, (120, 40));
    update(&mut s, Command::ToggleStats);
    assert_eq!(s.mode(), findings::app::mode::Mode::Stats);
    let screen = common::screen(&s);
    for p in ["Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông"] {
        assert!(screen.contains(p), "{p}:\n{screen}");
    }
    assert!(
        screen
            .chars()
            .any(|c| ('\u{2801}'..='\u{28ff}').contains(&c)),
        "the map is drawn in Braille:\n{screen}"
    );
    assert!(screen.contains("14 records"), "{screen}");
    let all = findings::app::stats::of(&s);
    assert_eq!(all.total, 14);
    assert_eq!(all.provinces.len(), 4);
    assert_eq!(all.trips.len(), 1);
    // The query narrows every count.
    update(&mut s, Command::ToggleStats);
    update(&mut s, Command::OpenSearch);
    let request = type_text(&mut s, "han quoc").unwrap();
    run(&mut s, request);
    let some = findings::app::stats::of(&s);
    assert!(some.total < all.total && some.total == s.rows.len());
    let counted: usize = some.kinds.iter().map(|(_, n)| n).sum();
    assert_eq!(counted, some.total);
    // ASCII: the same map in dots and letters.
    update(&mut s, Command::SearchCancel);
    update(&mut s, Command::ToggleStats);
    let backend = ratatui::backend::TestBackend::new(120, 40);
    let mut terminal = ratatui::Terminal::new(backend).unwrap();
    let theme = findings::ui::theme::Theme::pick(Default::default(), true, true);
    terminal
        .draw(|frame| findings::ui::view(frame, &s, &theme))
        .unwrap();
    let cells: String = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol().to_owned())
        .collect();
    assert!(!cells
        .chars()
        .any(|c| ('\u{2800}'..='\u{28ff}').contains(&c)));
    assert!(cells.contains('O') || cells.contains('o'));
}

/// Data loaded behind the screen: the gauge goes, the list fills, and what the load warned
/// about is said and kept for `D`.
#[test]
fn data_loaded_behind_the_screen_fills_the_list_and_keeps_its_warnings() {
    use findings::app::action::Data;
    let mut s = State::new(Arc::new(Default::default()), Lang::En, (100, 30));
    s.loading = Some(0);
    update(&mut s, Event::LoadStep(2));
    assert_eq!(s.loading, Some(2));
    let dataset = Arc::new(findings::model::DataSource::Embedded.load().dataset);
    let index = Arc::new(findings::model::search::Index::build(&dataset));
    let outcome = update(
        &mut s,
        Event::Reloaded(Data {
            dataset,
            index,
            warnings: vec!["data.json:3:5: warning: an unknown field".into()],
            changes: Default::default(),
        }),
    );
    assert!(outcome.redraw);
    assert_eq!(s.loading, None);
    assert_eq!(s.rows.len(), 14);
    let notice = format!("{:?}", s.notice);
    assert!(notice.contains("14 records; 1 warnings"), "{notice}");
    update(&mut s, Command::ShowReloadProblems);
    let Some(findings::app::dialog::Dialog::Text { text, .. }) = &s.dialog else {
        panic!("{:?}", s.dialog)
    };
    assert!(text.contains("unknown field"));
    // Errors instead: the TUI ends with them.
    let mut s = State::new(Arc::new(Default::default()), Lang::En, (100, 30));
    s.loading = Some(1);
    let outcome = update(
        &mut s,
        Event::ReloadFailed(vec!["bad.json:1:2: error".into()]),
    );
    assert_eq!(
        outcome.failure(),
        Some(&vec!["bad.json:1:2: error".to_owned()])
    );
}

/// The review gauge ends the status line whole, or short, or not at all: never cut off.
#[test]
fn the_review_gauge_is_whole_short_or_left_out() {
    let last_line = |size: (u16, u16)| {
        let s = state(size);
        let screen = common::screen(&s);
        screen.lines().last().unwrap_or("").trim_end().to_owned()
    };
    let wide = last_line((120, 30));
    assert!(wide.ends_with("reviewed 0/6 ▱▱▱▱▱▱▱▱ 0%"), "{wide:?}");
    for width in 40..=80 {
        let line = last_line((width, 24));
        let whole = line.ends_with("▱▱▱▱▱▱▱▱ 0%");
        let short = line.ends_with("reviewed 0%");
        let left_out = !line.contains("revi");
        assert!(whole || short || left_out, "{width}: {line:?}");
    }
    let narrow = last_line((40, 12));
    assert!(narrow.ends_with("trip-wide  reviewed 0%"), "{narrow:?}");
}

/// With filters in force at 80 columns, the review gauge still ends the status line: the
/// filters give way to it, not the other way round.
#[test]
fn the_review_gauge_fits_beside_active_filters_at_80_columns() {
    let dataset = std::sync::Arc::new(findings::model::DataSource::Embedded.load().dataset);
    for lang in [Lang::En, Lang::Vi] {
        let mut s = State::new(dataset.clone(), lang, (80, 24));
        // Two provinces chosen in the facet pane, then back to the list.
        update(&mut s, Command::ToggleFacets);
        update(&mut s, Command::Down);
        update(&mut s, Command::FacetToggle);
        update(&mut s, Command::Down);
        update(&mut s, Command::FacetToggle);
        update(&mut s, Command::ToggleFacets);
        assert!(s.filters.has_filters());
        update(&mut s, Command::Down);
        let screen = common::screen(&s);
        let last = screen.lines().last().unwrap_or("").trim_end().to_owned();
        let label = match lang {
            Lang::En => "reviewed",
            Lang::Vi => "đã xem",
        };
        assert!(
            last.ends_with(&format!("{label} 0/{} ▱▱▱▱▱▱▱▱ 0%", s.rows.len())),
            "{last:?}"
        );
        let province = findings::app::facets::summary(&s);
        assert!(!province.is_empty());
        assert!(last.contains(':'), "the filters are still named: {last:?}");
    }
}

/// The stats view scrolls (`j`/`k`, PgDn/PgUp, the wheel) through every list whole: at 80x24
/// and 60x20 all four provinces of the default data come into view, listed in Vietnamese
/// order as the facet pane lists them (Đắk Lắk before Gia Lai, not after it by bytes).
#[test]
fn the_stats_view_scrolls_through_every_province_in_vietnamese_order() {
    let dataset = std::sync::Arc::new(findings::model::DataSource::Embedded.load().dataset);
    for size in [(80, 24), (60, 20)] {
        let mut s = State::new(dataset.clone(), Lang::Vi, size);
        update(&mut s, Command::ToggleStats);
        let provinces = findings::app::stats::of(&s).provinces;
        let names: Vec<&str> = provinces.iter().map(|(p, _)| p.as_str()).collect();
        let (dak_lak, gia_lai) = (
            names.iter().position(|p| *p == "Đắk Lắk").unwrap(),
            names.iter().position(|p| *p == "Gia Lai").unwrap(),
        );
        assert!(dak_lak < gia_lai, "{names:?}");
        // A province's bar line: its name padded to the widest, then its count.
        let widest = names.iter().map(|p| p.chars().count()).max().unwrap();
        let bar = |(name, n): &(String, usize)| {
            format!(
                " {name}{} {n:>5} ",
                " ".repeat(widest - name.chars().count())
            )
        };
        let mut seen: Vec<String> = Vec::new();
        let mut scrolled = 0;
        loop {
            let screen = common::screen(&s);
            for line in screen.lines() {
                for p in &provinces {
                    if line.contains(&bar(p)) && !seen.contains(&p.0) {
                        seen.push(p.0.clone());
                    }
                }
            }
            if !update(&mut s, Command::Down).redraw {
                break;
            }
            scrolled += 1;
            assert!(scrolled < 200, "the scrolling ends");
        }
        assert!(scrolled > 0, "{size:?}: the lists are longer than the view");
        assert_eq!(seen, names, "{size:?}: every province, in order");
        // At the bottom; PgUp and the wheel go back up, `g` to the top.
        assert!(!update(&mut s, Command::PageDown).redraw);
        assert!(update(&mut s, Command::PageUp).redraw);
        let wheel = Event::Scroll {
            column: 10,
            row: 5,
            lines: -3,
        };
        update(&mut s, wheel);
        update(&mut s, Command::Top);
        assert!(!update(&mut s, Command::Up).redraw, "at the top");
        let top = common::screen(&s);
        assert!(top.contains(&bar(&provinces[0])), "{top}");
    }
}

/// In the stats view, j/k and the page keys are bound (and shown in the help).
#[test]
fn the_stats_keys_are_bound_commands() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use findings::app::keymap::action_for;
    use findings::app::mode::Mode;
    let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
    for (code, command) in [
        (KeyCode::Char('j'), Command::Down),
        (KeyCode::Char('k'), Command::Up),
        (KeyCode::PageDown, Command::PageDown),
        (KeyCode::PageUp, Command::PageUp),
    ] {
        assert_eq!(
            action_for(Mode::Stats, &key(code)),
            Some(command.into()),
            "{code:?}"
        );
    }
}
