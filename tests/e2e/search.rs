//! Searching as you type, fast typing on a large dataset, the facet pane.

use super::*;

#[test]
fn search_as_you_type_keep_and_recall() {
    let mut t = Pty::shell();
    let pid = t.launch("--lang en", "All 14");
    // Typed in one write, faster than a person: no key may be lost.
    t.keys("/dak lak han quoc");
    let screen = t.wait_for("/ dak lak han quoc");
    assert!(screen.contains("Enter keep query"), "{screen}");
    let screen = t.wait_for("All 5/14");
    let first_row = screen.lines().nth(2).unwrap_or("");
    assert!(
        first_row.contains("Sending workers to work in Korea"),
        "{screen}"
    );
    t.keys(ENTER);
    t.wait_for("/dak lak han quoc  1/5 · exp-han-quoc");
    t.keys("q");
    wait_gone(pid, Duration::from_secs(2));
    let history = std::fs::read_to_string(t.dir.path().join("findings/history")).unwrap();
    assert_eq!(history, "dak lak han quoc\n");
    // A new session recalls it.
    let pid = t.launch("--lang en", "All 14");
    t.keys(&["/", CTRL_R].concat());
    t.wait_for("/ dak lak han quoc");
    t.wait_for("All 5/14");
    t.keys(ESCAPE);
    t.wait_for("All 14 ");
    t.keys("q");
    wait_gone(pid, Duration::from_secs(2));
    t.assert_restored();
}

#[test]
fn fast_typing_on_a_large_dataset_loses_no_key() {
    let mut t = Pty::shell();
    let data = generated_data(&t, 10_000, 7);
    let pid = t.launch(&format!("--lang en --data {}", data.display()), "All 10000");
    // Every key in one burst, then Enter at once: the line must hold the whole query, and the
    // results must be for the whole query.
    t.keys(&["/tinh dak lak han quoc", ENTER].concat());
    t.wait_for("/tinh dak lak han quoc ");
    // The results arrive after the keys (those of a shorter query, which every record
    // matches, may show first): the tab counts turn into matches/total (at 80 columns the tabs
    // are "1:N/10000  2:N/200 ..."), and in the end narrow.
    t.wait_until("narrowed result for the whole query", |screen| {
        let tabs = screen.lines().next().unwrap_or("");
        tabs.contains("/200 ") && !tabs.contains("10000/10000")
    });
    t.keys(ENTER);
    let detail = t.wait_for("Linked records");
    assert!(
        detail.contains("Hàn Quốc") && detail.contains("Đắk Lắk"),
        "{detail}"
    );
    t.keys("q");
    t.wait_for("EXITED-0");
    assert!(gone(pid));
    t.assert_restored();
}

/// At 120x40: `f`, Đắk Lắk and kind experience leave the Korea programme and what Đắk Lắk
/// shared; a search changes the counts beside each province; `C` clears every filter.
#[test]
fn facet_pane_filters_counts_and_clears() {
    let mut t = Pty::shell();
    t.resize(120, 40);
    let pid = t.launch("--lang en", "All 14");
    t.keys("f");
    t.wait_for("Province");
    // Row 1 is the first province in Vietnamese order: Đắk Lắk.
    t.keys("j ");
    let screen = t.wait_for("Province: Đắk Lắk");
    assert!(screen.contains("[x] Đắk Lắk"), "{screen}");
    t.wait_for("6/14");
    // Kind's heading follows the four provinces; experience has the most records.
    t.keys("jjjjj ");
    let screen = t.wait_for("Kind: experience");
    assert!(screen.contains(" 4/14 "), "{screen}");
    assert!(screen.contains("All 4/14"), "{screen}");
    assert!(screen.contains("Experiences 4/7"), "{screen}");
    let kon_tum = |screen: &str| -> String {
        screen
            .lines()
            .find(|l| l.contains("[ ] Kon Tum"))
            .map(|l| l.split('│').next().unwrap_or("").trim().to_owned())
            .unwrap_or_default()
    };
    assert!(kon_tum(&screen).ends_with(" 3"), "{screen}");
    t.keys(&["/chinh sach", ENTER].concat());
    let screen = t.wait_for("/chinh sach");
    let screen = if kon_tum(&screen).ends_with(" 1") {
        screen
    } else {
        std::thread::sleep(Duration::from_millis(300));
        t.screen()
    };
    assert!(kon_tum(&screen).ends_with(" 1"), "{screen}");
    assert!(screen.contains("All 1/14"), "{screen}");
    // Back in the pane, C clears every filter; Esc clears the search.
    t.keys("f");
    t.keys("C");
    t.wait_for("All 6/14");
    // Two Escapes in one read would be Alt-Escape: one, then the other.
    t.keys(ESCAPE);
    std::thread::sleep(Duration::from_millis(200));
    t.keys(ESCAPE);
    t.wait_for("All 14 ");
    t.keys("q");
    wait_gone(pid, Duration::from_secs(2));
    t.assert_restored();
}
