//! Loading through the library: hostile text is sanitized on load, records round-trip.

use std::borrow::Cow;

use findings::model::dataset::load_sources;
use findings::model::source::SourceFile;
use findings::model::text::{is_clean, Lines};
use findings::model::Record;

fn load(text: &str) -> findings::model::Loaded {
    let file = SourceFile {
        name: "test.json".into(),
        bytes: Cow::Owned(text.as_bytes().to_vec()),
    };
    load_sources(&[file], Vec::new())
}

#[test]
fn hostile_text_is_sanitized_in_every_field() {
    // Escape sequences (OSC title, CSI, bell), 8-bit C1 CSI, bidi override, zero-width, tabs,
    // newlines, all written as JSON escapes in every kind of text field.
    let evil = r#"\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202egnp.exe\u200b\t\r\nnext\u0000"#;
    let text = format!(
        r#"{{"schema_version": 1,
        "trips": [{{"id": "t", "title": "{evil}", "summary": "{evil}", "details": "{evil}",
          "tags": ["{evil}"], "en": {{"title": "{evil}", "details": "{evil}"}},
          "start_date": "2024-01-01", "end_date": "2024-01-02", "organizer": "{evil}",
          "leader": {{"name": "{evil}", "role": "{evil}"}}, "members": ["{evil}"],
          "provinces": ["{evil}"], "source": {{"title": "{evil}", "author": "{evil}", "url": "{evil}"}}}}],
        "visits": [{{"id": "v", "title": "{evil}", "location": {{"village": "{evil}"}}, "products": ["{evil}"], "lessons": ["{evil}"]}}]
        }}"#
    );
    let loaded = load(&text);
    assert_eq!(loaded.errors(), 0, "{:?}", loaded.diagnostics);
    let d = &loaded.dataset;
    for r in d.records() {
        let json = r.to_json();
        let mut strings = Vec::new();
        collect_strings(&json, "", &mut strings);
        assert!(strings.len() > 5);
        for (path, s) in strings {
            let lines = if path.ends_with("details") {
                Lines::Keep
            } else {
                Lines::Join
            };
            assert!(is_clean(&s, lines), "{path}: {s:?}");
            assert!(!s.contains('\u{1b}') && !s.contains('\u{9b}') && !s.contains('\u{202e}'));
        }
    }
    let Some(Record::Trip(t)) = d.by_id("t") else {
        panic!()
    };
    assert_eq!(
        t.common.title,
        "\u{241b}]0;pwned\u{2407}\u{241b}[2J\u{fffd}31mgnp.exe    next\u{2400}"
    );
    assert_eq!(
        t.common.details.as_deref(),
        Some("\u{241b}]0;pwned\u{2407}\u{241b}[2J\u{fffd}31mgnp.exe   \nnext\u{2400}")
    );
}

fn collect_strings(v: &serde_json::Value, path: &str, out: &mut Vec<(String, String)>) {
    match v {
        serde_json::Value::String(s) => out.push((path.to_owned(), s.clone())),
        serde_json::Value::Array(a) => a.iter().for_each(|x| collect_strings(x, path, out)),
        serde_json::Value::Object(o) => {
            for (k, x) in o {
                collect_strings(x, &format!("{path}.{k}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn text_is_normalized_to_nfc() {
    let loaded = load(
        "{\"schema_version\": 1, \"trips\": [{\"id\": \"t\", \"title\": \"\\u0110a\\u0306\\u0301k L\\u1eafk\", \"start_date\": \"2024-01-01\", \"end_date\": \"2024-01-01\"}]}",
    );
    assert_eq!(loaded.errors(), 0);
    assert_eq!(loaded.dataset.by_id("t").unwrap().title(), "Đắk Lắk");
}

#[test]
fn one_trip_is_implied_for_records_that_omit_it() {
    let loaded = load(
        r#"{"schema_version": 1, "trips": [{"id": "t", "title": "T", "start_date": "2024-01-01", "end_date": "2024-01-01"}],
            "meetings": [{"id": "m", "title": "M"}], "experiences": [{"id": "e", "title": "E", "meeting": "m"}]}"#,
    );
    assert_eq!(loaded.errors(), 0, "{:?}", loaded.diagnostics);
    assert_eq!(loaded.dataset.by_id("m").unwrap().trip_id(), Some("t"));
    assert_eq!(loaded.dataset.by_id("e").unwrap().trip_id(), Some("t"));
}

#[test]
fn the_default_dataset_round_trips_through_its_json() {
    let original = findings::model::DataSource::Embedded.load().dataset;
    let mut file = serde_json::json!({"schema_version": 1, "trips": [], "meetings": [], "experiences": [], "visits": []});
    for r in original.records() {
        let mut json = r.to_json();
        json.as_object_mut().unwrap().remove("kind");
        file[r.kind().collection()]
            .as_array_mut()
            .unwrap()
            .push(json);
    }
    let again = load(&file.to_string());
    assert!(again.diagnostics.is_empty(), "{:?}", again.diagnostics);
    assert_eq!(again.dataset.records(), original.records());
}

#[test]
fn duplicate_keys_in_a_record_are_errors() {
    let loaded = load(
        r#"{"schema_version": 1, "trips": [{"id": "t", "title": "A", "title": "B", "start_date": "2024-01-01", "end_date": "2024-01-01"}]}"#,
    );
    assert_eq!(loaded.errors(), 1);
    let d = loaded.diagnostics[0].to_string();
    assert!(d.starts_with("test.json:1:59: error: trips[0].title: field \"title\" appears twice (first at test.json:1:45)"), "{d}");
}

#[test]
fn an_experience_takes_the_trip_of_its_meeting() {
    let loaded = load(
        r#"{"schema_version": 1,
            "trips": [{"id": "a", "title": "A", "start_date": "2024-01-01", "end_date": "2024-01-01"},
                      {"id": "b", "title": "B", "start_date": "2024-01-01", "end_date": "2024-01-01"}],
            "meetings": [{"id": "m", "trip": "b", "title": "M"}],
            "experiences": [{"id": "e", "title": "E", "meeting": "m"}, {"id": "lost", "title": "L"}]}"#,
    );
    assert_eq!(loaded.dataset.by_id("e").unwrap().trip_id(), Some("b"));
    let messages: Vec<String> = loaded.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("experiences[1]: missing field \"trip\": an experience must name its trip when the data has 2 trips"), "{messages:?}");
}
