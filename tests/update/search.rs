//! The search line: typing, results and their redraws, history, questions.

use super::*;

#[test]
fn typing_asks_for_a_search_and_results_narrow_the_list() {
    let mut s = state((80, 24));
    update(&mut s, Command::OpenSearch);
    assert!(s.search.editing);
    // On the search line, letters are typed, not taken as commands.
    let request = type_text(&mut s, "quoc han").expect("a search");
    assert_eq!(s.search.input, "quoc han");
    assert_eq!(s.tab, 0);
    assert_eq!(
        s.rows.len(),
        6,
        "the list keeps the old rows until results arrive"
    );
    assert!(run(&mut s, request));
    assert_eq!(s.rows.len(), 2);
    assert_eq!(
        selected_id(&s),
        "e-korea",
        "Hàn Quốc in its title beats the meeting's summary"
    );
    assert_eq!(s.tab_counts()[0], (2, 6));
    assert_eq!(s.tab_counts()[2], (1, 2));
}

#[test]
fn stale_results_are_dropped() {
    let mut s = state((80, 24));
    update(&mut s, Command::OpenSearch);
    let old = type_text(&mut s, "tea").unwrap();
    type_text(&mut s, "x");
    assert!(!run(&mut s, old), "stale results are not drawn");
    assert_eq!(s.rows.len(), 6);
}

#[test]
fn a_longer_query_only_rechecks_the_previous_matches() {
    let mut s = state((80, 24));
    update(&mut s, Command::OpenSearch);
    let request = type_text(&mut s, "dak").unwrap();
    assert_eq!(request.candidates, None);
    run(&mut s, request);
    let first = s.rows.len();
    let request = type_text(&mut s, " l").unwrap();
    let candidates = request.candidates.clone().expect("narrowed");
    assert_eq!(candidates.len(), first);
    run(&mut s, request);
    assert!(s.rows.len() <= first);
}

#[test]
fn editing_keys_on_the_search_line() {
    let mut s = state((80, 24));
    update(&mut s, Command::OpenSearch);
    type_text(&mut s, "dak lak han");
    update(&mut s, Command::SearchBackspace);
    assert_eq!(s.search.input, "dak lak ha");
    update(&mut s, Command::SearchDeleteWord);
    assert_eq!(s.search.input, "dak lak ");
    let cleared = update(&mut s, Command::SearchClearLine);
    assert_eq!(s.search.input, "");
    assert!(
        search_of(&cleared).is_none(),
        "an empty query needs no search"
    );
    assert!(s.search.results.is_none());
}

#[test]
fn enter_keeps_the_query_esc_clears_it() {
    let mut s = state((80, 24));
    update(&mut s, Command::OpenSearch);
    search(&mut s, "htx");
    let submitted = update(&mut s, Command::SearchSubmit);
    assert!(!s.search.editing);
    assert_eq!(s.focus, Focus::List);
    assert_eq!(s.rows.len(), 1);
    assert_eq!(
        submitted.effects,
        [Effect::SaveHistory("htx".into())],
        "the query goes to the history file"
    );
    assert_eq!(s.search.history, ["htx"]);
    // Esc in the list clears the search in force.
    update(&mut s, Command::ClearSearch);
    assert!(!s.search.active());
    assert_eq!(s.rows.len(), 6);
    // Esc on the line clears and closes it.
    update(&mut s, Command::OpenSearch);
    type_text(&mut s, "tea");
    update(&mut s, Command::SearchCancel);
    assert!(!s.search.editing && s.search.input.is_empty() && s.search.results.is_none());
}

#[test]
fn history_recalls_earlier_queries() {
    let mut s = state((80, 24));
    s.search.history = vec!["dak lak".into(), "htx".into()];
    update(&mut s, Command::OpenSearch);
    update(&mut s, Command::HistoryBack);
    assert_eq!(s.search.input, "htx");
    update(&mut s, Command::HistoryBack);
    assert_eq!(s.search.input, "dak lak");
    update(&mut s, Command::HistoryBack);
    assert_eq!(s.search.input, "dak lak", "stays at the oldest");
    update(&mut s, Command::HistoryForward);
    assert_eq!(s.search.input, "htx");
    let last = update(&mut s, Command::HistoryForward);
    assert_eq!(s.search.input, "", "past the newest: an empty line");
    assert!(search_of(&last).is_none());
}

#[test]
fn opening_a_record_scrolls_to_the_first_match_and_n_moves_on() {
    let mut s = state((40, 12));
    update(&mut s, Command::OpenSearch);
    search(&mut s, "vay");
    update(&mut s, Command::SearchSubmit);
    assert_eq!(selected_id(&s), "e-korea");
    update(&mut s, Command::Open);
    let content = s.detail_layout(s.page.record, 38);
    assert_eq!(
        content.match_lines.len(),
        2,
        "summary and a lesson say 'vay'"
    );
    let max = content.lines.len() - 9;
    let first = (content.match_lines[0] - 1).min(max);
    assert_eq!(
        s.page.scroll, first,
        "first match one line below the top, or the end"
    );
    assert!(s.page.scroll > 0);
    update(&mut s, Command::Top);
    update(&mut s, Command::NextMatch);
    assert_eq!(s.page.scroll, first);
    update(&mut s, Command::PrevMatch);
    assert_eq!(s.page.scroll, first, "no match above the first: it stays");
}

/// A search whose result has no hits, or the same number of hits in another order, is drawn:
/// no hand-kept snapshot decides it.
#[test]
fn every_current_result_is_drawn_even_empty_or_same_count() {
    let mut s = state((80, 24));
    update(&mut s, Command::OpenSearch);
    let request = type_text(&mut s, "zzqx").unwrap();
    assert!(run(&mut s, request), "nothing matched: drawn at once");
    assert!(s.rows.is_empty());
    assert_eq!(s.tab_counts()[0], (0, 6));
    assert!(s.counts.per_value.iter().all(|v| v.iter().all(|&n| n == 0)));
    // Two queries with one hit each, different records: the second is drawn too.
    update(&mut s, Command::SearchClearLine);
    search(&mut s, "tham");
    let first = s.rows.clone();
    assert_eq!(first.len(), 1);
    update(&mut s, Command::SearchClearLine);
    let request = type_text(&mut s, "dau tam").unwrap();
    assert!(run(&mut s, request));
    assert_eq!(s.rows.len(), first.len());
    assert_ne!(s.rows, first);
}

#[test]
fn a_question_leaves_its_question_words_out_until_strict() {
    let mut s = state((100, 30));
    update(&mut s, Command::OpenSearch);
    let request = type_text(&mut s, "what did dak lak say").unwrap();
    run(&mut s, request);
    assert_eq!(s.search.query.left_out(), ["what", "did", "say"]);
    let loose = s.rows.len();
    assert!(loose > 0);
    let outcome = update(&mut s, Command::ToggleStrict);
    let request = search_of(&outcome).expect("searched again");
    assert!(request.selection.query.strict);
    run(&mut s, request);
    assert!(s.search.query.left_out().is_empty());
    assert!(s.rows.len() < loose, "every word must match now");
    let outcome = update(&mut s, Command::ToggleStrict);
    run(&mut s, search_of(&outcome).unwrap());
    assert_eq!(s.rows.len(), loose);
}
