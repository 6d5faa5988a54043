//! `--ascii`: every screen drawn with nothing outside ASCII but the data's own text.

mod common;

use std::collections::{BTreeSet, HashMap};

use findings::app::action::{Action, Command, Event};
use findings::app::state::State;
use findings::app::update::update;
use findings::i18n::Lang;
use findings::model::review::{Note, Review, Status};
use findings::ui::theme::{Theme, ThemeName};

const DATA: &str = "valid/wide.json";

/// The screen drawn with the ASCII theme, as the runtime draws it with `--ascii`.
fn drawn(state: &State) -> String {
    let backend = ratatui::backend::TestBackend::new(state.size.0, state.size.1);
    let mut terminal = ratatui::Terminal::new(backend).unwrap();
    let theme = Theme::pick(ThemeName::Dark, false, true);
    terminal
        .draw(|frame| findings::ui::view(frame, state, &theme))
        .unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// The characters outside ASCII drawn on `screen` that are not in the data's text.
fn not_from_the_data(screen: &str, data: &BTreeSet<char>) -> BTreeSet<char> {
    screen
        .chars()
        .filter(|c| !c.is_ascii() && !data.contains(c))
        .collect()
}

// `..Review::default()`: a field added to reviews later keeps its default here.
#[allow(clippy::needless_update)]
fn state(size: (u16, u16)) -> State {
    let mut state = common::state(DATA, Lang::En, size);
    state.ascii = true;
    // A review with everything the detail and the facet pane draw around it.
    let mut reviews = HashMap::new();
    let id = state.dataset.get(1).unwrap().id().to_owned();
    let note = Note {
        id: 1,
        record: id.clone(),
        author: "lan".into(),
        created: "2026-11-30T01:02:03.456Z".into(),
        edited: None,
        text: "a note".into(),
    };
    let review = Review {
        status: Some(Status::ToApply),
        set_by: Some("minh".into()),
        set_at: Some("2026-11-30T01:02:03.456Z".into()),
        starred: true,
        notes: vec![note],
        ..Review::default()
    };
    reviews.insert(id, review);
    let loaded = Event::reviews_loaded(&state.dataset, reviews);
    update(&mut state, loaded);
    state
}

/// The screens: each a list of actions from the list at start.
fn screens() -> Vec<(&'static str, Vec<Action>)> {
    use Command as C;
    let c = |cs: &[Command]| cs.iter().map(|&c| c.into()).collect::<Vec<Action>>();
    let unsaved = Event::UnsavedFound {
        notes: vec![findings::model::unsaved::UnsavedNote {
            record: "m-dak-lak".into(),
            note: None,
            author: "lan".into(),
            at: "2026-11-30T01:02:03.456Z".into(),
            why: "locked".into(),
            store: "/s/review.db".into(),
            text: (1..=12).map(|i| format!("line {i}\n")).collect(),
            path: "/s/u.note".into(),
        }],
        problems: Vec::new(),
        not_offered: None,
    };
    vec![
        ("list", c(&[C::Down])),
        ("detail", c(&[C::Down, C::Open, C::NextLink])),
        (
            "detail of another",
            c(&[C::Down, C::Down, C::Open, C::Open]),
        ),
        ("facets", c(&[C::ToggleFacets, C::Bottom])),
        (
            "filtered",
            c(&[C::ToggleFacets, C::Down, C::FacetToggle, C::Close]),
        ),
        ("help", c(&[C::ToggleHelp])),
        ("stats", c(&[C::ToggleStats])),
        ("export", c(&[C::Export])),
        ("export name", c(&[C::Export, C::DialogConfirm])),
        ("copy", c(&[C::Down, C::ShowCopy])),
        ("offer", vec![unsaved.clone().into()]),
        (
            "recovered in the editor, saving",
            vec![
                unsaved.into(),
                C::DialogConfirm.into(),
                C::SaveNote.into(),
                C::SaveNote.into(),
            ],
        ),
        (
            "editor",
            vec![
                C::Down.into(),
                C::OpenNoteEditor.into(),
                Event::Paste("ghi chú ".repeat(2000)).into(),
            ],
        ),
        (
            "exported",
            vec![Event::Exported(Ok((6, "/tmp/x.md".into()))).into()],
        ),
    ]
}

#[test]
fn ascii_draws_nothing_outside_ascii_but_the_data() {
    let text = std::fs::read_to_string(common::fixture(DATA)).unwrap();
    let mut data: BTreeSet<char> = text.chars().collect();
    // Typed into the editor: the user's own text.
    data.extend("ghi chú".chars());
    for size in [(120, 40), (80, 24), (40, 12)] {
        for (name, actions) in screens() {
            let mut s = state(size);
            for a in actions {
                update(&mut s, a);
            }
            let screen = drawn(&s);
            let stray = not_from_the_data(&screen, &data);
            assert!(
                stray.is_empty(),
                "{name} at {size:?} draws {stray:?}:\n{screen}"
            );
        }
        // Loading, and a search that matched nothing, in the status line.
        let mut s = state(size);
        s.loading = Some(1);
        let screen = drawn(&s);
        assert!(not_from_the_data(&screen, &data).is_empty(), "{screen}");
        let mut s = state(size);
        update(&mut s, Command::OpenSearch);
        let mut request = None;
        for ch in "zzqx".chars() {
            let out = update(&mut s, Event::SearchChar(ch));
            if let Some(findings::app::effect::Effect::Search(r)) = out.effects.first() {
                request = Some(r.clone());
            }
        }
        common::run_search(&mut s, request.expect("a search"));
        update(&mut s, Command::SearchSubmit);
        let screen = drawn(&s);
        assert!(not_from_the_data(&screen, &data).is_empty(), "{screen}");
    }
}

/// What the data says is drawn as it is, also with `--ascii`.
#[test]
fn ascii_keeps_the_data_as_it_is() {
    let mut s = state((120, 40));
    update(&mut s, Command::Down);
    let title = findings::model::describe::title(s.dataset.get(1).unwrap(), s.text()).to_owned();
    assert!(!title.is_ascii());
    update(&mut s, Command::Open);
    assert!(drawn(&s).contains(title.as_str()), "{title}");
}
