//! Saved views: made in the TUI, kept in a hand-editable TOML file, opened again in the TUI
//! and by every command that lists records.

mod common;

use std::path::Path;
use std::sync::Arc;

use findings::app::action::{Command, Event};
use findings::app::effect::Effect;
use findings::app::state::State;
use findings::app::update::update;
use findings::i18n::Lang;
use findings::model::facets::Facet;
use findings::model::selection::Selection;
use findings::model::views::{self, View, ViewsError};
use findings::model::DataSource;

fn embedded_state() -> State {
    let dataset = Arc::new(DataSource::Embedded.load().dataset);
    State::new(dataset, Lang::En, (120, 40))
}

/// Types `text` into whatever has the keys (the search line or a dialog), one key at a time,
/// running every search it asks for as the runtime would.
fn type_in(s: &mut State, text: &str) {
    for c in text.chars() {
        let action = if s.dialog.is_some() {
            Event::DialogChar(c)
        } else {
            Event::SearchChar(c)
        };
        let outcome = update(s, action);
        settle(s, &outcome.effects);
    }
}

fn settle(s: &mut State, effects: &[Effect]) {
    for effect in effects {
        if let Effect::Search(request) = effect {
            common::run_search(s, request.clone());
        }
    }
}

fn listed_ids(s: &State) -> Vec<String> {
    s.rows
        .iter()
        .map(|&r| s.dataset.get(r).unwrap().id().to_owned())
        .collect()
}

/// `findings ARGS` with views kept under `config`; (exit code, stdout, stderr).
fn run(config: &Path, args: &[&str]) -> (i32, String, String) {
    let out = common::findings()
        .env("XDG_CONFIG_HOME", config)
        .env("FINDINGS_REVIEW_DB", config.join("review.db"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json_ids(stdout: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(stdout).expect(stdout);
    v.as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_view_saved_in_the_tui_lists_the_same_records_on_the_command_line() {
    let config = tempfile::tempdir().unwrap();
    let mut s = embedded_state();
    update(&mut s, Command::OpenSearch);
    type_in(&mut s, "kinh nghiem");
    update(&mut s, Command::SearchSubmit);
    s.filters.toggle(Facet::Province, "Đắk Lắk");
    s.reselect();
    update(&mut s, Command::CycleSort); // by date
    update(&mut s, Command::ReverseSort);
    let shown = listed_ids(&s);
    assert!(shown.len() >= 2, "{shown:?}");

    update(&mut s, Command::SaveView);
    type_in(&mut s, "Đắk Lắk – kinh nghiệm");
    let outcome = update(&mut s, Command::DialogConfirm);
    let [Effect::SaveView { name, view }] = outcome.effects.as_slice() else {
        panic!("{:?}", outcome.effects);
    };
    assert_eq!(name, "Đắk Lắk – kinh nghiệm");
    assert!(s.dialog.is_none());
    // What the runtime does with the effect.
    let path = config.path().join("findings/views.toml");
    views::save(&path, name, view).unwrap();
    update(&mut s, Event::ViewSaved(Ok(name.clone())));
    assert_eq!(s.view_name.as_deref(), Some(name.as_str()));

    let (code, out, err) = run(
        config.path(),
        &["--view", name, "search", "--format", "json", "--limit", "0"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        json_ids(&out),
        shown,
        "search --view lists what the TUI listed"
    );
    let (_, out, _) = run(config.path(), &["views"]);
    assert!(out.contains("Đắk Lắk – kinh nghiệm"), "{out}");
    assert!(out.contains("province: dak lak"), "{out}");
    assert!(out.contains("sort date:desc"), "{out}");
    // export and facets take the view too, and agree on how many records it holds.
    let (code, out, err) = run(
        config.path(),
        &["--view", name, "export", "--format", "csv"],
    );
    assert_eq!(code, 0, "{err}");
    let rows = csv::Reader::from_reader(out.trim_start_matches('\u{feff}').as_bytes())
        .records()
        .count();
    assert_eq!(rows, shown.len());
    let (_, out, _) = run(
        config.path(),
        &["--view", name, "facets", "--format", "json"],
    );
    let facets: serde_json::Value = serde_json::from_str(&out).unwrap();
    let by_province: u64 = facets["province"]["Đắk Lắk"].as_u64().unwrap();
    assert_eq!(by_province as usize, shown.len(), "{out}");
    // A query given with the view narrows it.
    let (_, out, _) = run(
        config.path(),
        &[
            "--view", name, "search", "han quoc", "--format", "json", "--limit", "0",
        ],
    );
    let narrowed = json_ids(&out);
    assert!(
        !narrowed.is_empty() && narrowed.len() < shown.len(),
        "{narrowed:?}"
    );
    assert!(narrowed.iter().all(|id| shown.contains(id)));

    // Opened again in a fresh TUI, the view lists the same records in the same order.
    let mut again = embedded_state();
    let view = views::find(&path, name).unwrap();
    let outcome = update(
        &mut again,
        Event::OpenView {
            name: name.clone(),
            view: Box::new(view),
        },
    );
    settle(&mut again, &outcome.effects);
    assert_eq!(listed_ids(&again), shown);
    assert_eq!(again.search.input, "kinh nghiem");
}

#[test]
fn a_view_may_filter_on_reviews_in_every_command() {
    let config = tempfile::tempdir().unwrap();
    let (code, _, err) = run(
        config.path(),
        &["review", "mark", "exp-han-quoc", "to-apply"],
    );
    assert_eq!(code, 0, "{err}");
    let path = config.path().join("findings/views.toml");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "[view.apply]\nstatus = [\"to-apply\"]\n").unwrap();
    let (code, out, err) = run(
        config.path(),
        &["--view", "apply", "search", "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(json_ids(&out), ["exp-han-quoc"]);
    let (code, out, err) = run(
        config.path(),
        &["--view", "apply", "review", "list", "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(json_ids(&out), ["exp-han-quoc"]);
}

#[test]
fn a_broken_views_file_is_reported_with_its_place_and_never_overwritten() {
    let config = tempfile::tempdir().unwrap();
    let path = config.path().join("findings/views.toml");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let broken = "# mine\n[view.a]\nquery = \"han quoc\"\nsort = [\n";
    std::fs::write(&path, broken).unwrap();
    let (code, _, err) = run(config.path(), &["views"]);
    assert_eq!(code, 2);
    let place = format!("{}:4:", path.display());
    assert!(err.contains(&place), "{err}");
    let (code, _, err) = run(config.path(), &["--view", "a", "search"]);
    assert_eq!(code, 2);
    assert!(err.contains(&place), "{err}");
    let saved = views::save(&path, "b", &View::default());
    assert!(
        matches!(saved, Err(ViewsError::Broken { line: 4, .. })),
        "{saved:?}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);
}

#[test]
fn views_round_trip_and_saving_keeps_the_rest_of_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("views.toml");
    std::fs::write(&path, "# my own notes\n[view.old]\nquery = \"che\" # tea\n").unwrap();
    let mut selection = Selection::default();
    for (facet, value) in [
        (Facet::Province, "Đắk Lắk"),
        (Facet::Province, "Kon Tum"),
        (Facet::Kind, "experience"),
        (Facet::Topic, "Xuất khẩu lao động"),
        (Facet::Year, "2024"),
        (Facet::Status, "to-apply"),
        (Facet::Starred, "starred"),
        (Facet::Author, "lan"),
    ] {
        selection.toggle(facet, value);
    }
    selection.sort = findings::model::sort::Sort::parse("title:desc").unwrap();
    selection.kind = Some(findings::model::Kind::Experience);
    let view = View::of("  han quoc !che ", &selection);
    views::save(&path, "Hàn Quốc \"mới\"", &view).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("# my own notes\n"), "{text}");
    assert!(text.contains("query = \"che\" # tea"), "{text}");
    let all = views::load(&path).unwrap();
    assert_eq!(all["Hàn Quốc \"mới\""], view);
    assert_eq!(all["old"].query, "che");
    let mut back = Selection::default();
    all["Hàn Quốc \"mới\""].apply(&mut back);
    assert_eq!(back.chosen, selection.chosen);
    assert_eq!((back.sort, back.kind), (selection.sort, selection.kind));
    assert_eq!(back.query, findings::model::search::parse("han quoc !che"));
    // Saving again under the same name replaces it; the others stay.
    views::save(&path, "old", &View::default()).unwrap();
    let all = views::load(&path).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all["old"], View::default());
}

#[test]
fn an_unknown_view_names_the_saved_ones() {
    let config = tempfile::tempdir().unwrap();
    let (code, _, err) = run(config.path(), &["--view", "nope", "search"]);
    assert_eq!(code, 2);
    assert!(err.contains("none saved yet"), "{err}");
    let path = config.path().join("findings/views.toml");
    views::save(&path, "korea", &View::default()).unwrap();
    let (code, _, err) = run(
        config.path(),
        &["--view", "kore", "export", "--format", "md"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("saved: korea"), "{err}");
}

/// `--view` finds a view by its name without case or diacritics, en dash or hyphen, as search
/// finds text; two names alike that way are named in the error, not guessed between.
#[test]
fn a_view_is_found_by_its_name_typed_without_diacritics() {
    let config = tempfile::tempdir().unwrap();
    let path = config.path().join("findings/views.toml");
    let province = View {
        province: vec!["dak nong".into()],
        ..View::default()
    };
    views::save(&path, "Đắk Nông – lao động nước ngoài", &province).unwrap();
    let typed = "dak nong - lao dong nuoc ngoai";
    let by_name = ["search", "--format", "json", "--limit", "0"];
    let (code, exact, err) = run(
        config.path(),
        &[&["--view", "Đắk Nông – lao động nước ngoài"], &by_name[..]].concat(),
    );
    assert_eq!(code, 0, "{err}");
    let (code, folded, err) = run(config.path(), &[&["--view", typed], &by_name[..]].concat());
    assert_eq!(code, 0, "{err}");
    assert_eq!(json_ids(&folded), json_ids(&exact));
    views::save(&path, "Dak Nong - Lao dong nuoc ngoai", &View::default()).unwrap();
    let (code, _, err) = run(config.path(), &[&["--view", typed], &by_name[..]].concat());
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("ambiguous")
            && err.contains("\"Đắk Nông – lao động nước ngoài\"")
            && err.contains("\"Dak Nong - Lao dong nuoc ngoai\""),
        "{err}"
    );
}
