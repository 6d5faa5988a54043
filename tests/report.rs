//! The review report (`findings review report`) and the review commands' words and times:
//! two reviewers mark the default data, then the report is read as an office would.

mod common;

use std::path::Path;

use findings::model::review::Store;

/// The zone the tests read times in: Vietnam, seven hours ahead of UTC, no summer time.
const ZONE: &str = "Asia/Ho_Chi_Minh";

/// Runs `findings --review-db DB --user USER [--lang LANG] review ARGS` in Vietnam's zone.
fn review(db: &Path, user: &str, lang: &str, args: &[&str]) -> (i32, String, String) {
    let out = common::findings()
        .env("TZ", ZONE)
        .arg("--review-db")
        .arg(db)
        .args(["--user", user, "--lang", lang])
        .arg("review")
        .args(args)
        .output()
        .expect("run findings");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// lan and minh review the default data: one to apply (with notes by both), one not
/// applicable, one reviewed.
fn two_reviewers(db: &Path) {
    let steps: [(&str, &[&str]); 6] = [
        ("lan", &["mark", "exp-han-quoc", "to-apply"]),
        ("lan", &["note", "exp-han-quoc", "Học cách phối hợp"]),
        ("minh", &["note", "exp-han-quoc", "Liên hệ Sở Đắk Nông"]),
        ("minh", &["star", "exp-han-quoc"]),
        (
            "minh",
            &["mark", "exp-chinh-sach-dac-thu", "not-applicable"],
        ),
        ("minh", &["mark", "meeting-kon-tum", "reviewed"]),
    ];
    for (user, args) in steps {
        let (code, _, err) = review(db, user, "en", args);
        assert_eq!(code, 0, "{args:?}: {err}");
    }
}

/// `utc` (as the store writes it) in Vietnam's time, as the report shows it.
fn in_vietnam(utc: &str) -> String {
    let t = chrono::DateTime::parse_from_rfc3339(utc).expect("a store time");
    let zone = chrono::FixedOffset::east_opt(7 * 3600).unwrap();
    t.with_timezone(&zone)
        .format("%Y-%m-%d %H:%M +07:00")
        .to_string()
}

/// The lines of the table under `heading`: (label, count).
fn table(md: &str, heading: &str) -> Vec<(String, usize)> {
    let after = md.split(heading).nth(1).unwrap_or_default();
    after
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .filter_map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split('|').map(str::trim).collect();
            Some((cells.first()?.to_string(), cells.get(1)?.parse().ok()?))
        })
        .collect()
}

#[test]
fn the_vietnamese_report_adds_up_puts_to_apply_first_and_names_every_note_in_local_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    two_reviewers(&db);
    let (code, md, err) = review(&db, "lan", "vi", &["report", "--format", "md"]);
    assert_eq!(code, 0, "{err}");
    assert!(md.starts_with("# BÁO CÁO\n"), "{md}");
    assert!(
        md.contains("**Kết quả xem xét các phát hiện của chuyến Học tập, trao đổi kinh nghiệm"),
        "the title names the trip: {md}"
    );
    assert!(md.contains("(2024-03-11 – 2024-03-16)"), "and its dates");
    assert!(md.contains("- Người xem xét: lan, minh\n"), "{md}");
    // Totals: by status adds up to the records, which are the whole default data.
    let records = findings::model::DataSource::Embedded.load().dataset.len();
    assert!(md.contains(&format!("Số phát hiện: {records}\n")), "{md}");
    let by_status = table(&md, "### Theo trạng thái");
    assert_eq!(
        by_status,
        [
            ("sẽ áp dụng".to_owned(), 1),
            ("đã xem".to_owned(), 1),
            ("không áp dụng".to_owned(), 1),
            ("chưa xem".to_owned(), records - 3),
        ]
    );
    let by_reviewer = table(&md, "### Theo người xem xét");
    assert_eq!(by_reviewer, [("lan".to_owned(), 1), ("minh".to_owned(), 2)]);
    let provinces: Vec<String> = table(&md, "### Theo tỉnh")
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    assert_eq!(provinces, ["Đắk Lắk", "Đắk Nông", "Gia Lai", "Kon Tum"]);
    // Sections: to apply first, then reviewed, not applicable, unreviewed.
    let at = |h: &str| md.find(h).unwrap_or_else(|| panic!("no {h}: {md}"));
    assert!(at("## Sẽ áp dụng (1)") < at("## Đã xem (1)"));
    assert!(at("## Đã xem (1)") < at("## Không áp dụng (1)"));
    assert!(at("## Không áp dụng (1)") < at("## Chưa xem ("));
    // The finding to apply: its decision with who and when, its star, both notes by author,
    // every time in Vietnam's time with the zone.
    let history = Store::at(&db).history().unwrap();
    let set = history
        .iter()
        .find(|c| c.record == "exp-han-quoc")
        .expect("lan's mark");
    let to_apply = &md[at("## Sẽ áp dụng")..at("## Đã xem")];
    assert!(to_apply.contains("★"), "{to_apply}");
    assert!(
        to_apply.contains(&format!(
            "- Quyết định: sẽ áp dụng (bởi lan, {})\n",
            in_vietnam(&set.at)
        )),
        "{to_apply}"
    );
    assert!(
        to_apply.contains("- Địa điểm: Đắk Lắk; Đắk Nông"),
        "{to_apply}"
    );
    assert!(to_apply.contains("Nội dung: "), "{to_apply}");
    let notes = Store::at(&db).all().unwrap()["exp-han-quoc"].notes.clone();
    for note in &notes {
        let signed = format!("> — {}, {}\n", note.author, in_vietnam(&note.created));
        assert!(to_apply.contains(&signed), "{signed} in {to_apply}");
    }
    assert!(to_apply.contains("> Học cách phối hợp\n"));
    assert!(to_apply.contains("> Liên hệ Sở Đắk Nông\n"));
    let first = history.first().map(|c| in_vietnam(&c.at)).unwrap();
    assert!(
        md.contains(&format!("- Thời gian xem xét: từ {first} đến ")),
        "when the round ran: {md}"
    );
}

#[test]
fn the_english_report_uses_the_records_english_text() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    two_reviewers(&db);
    let (code, md, err) = review(&db, "lan", "en", &["report"]);
    assert_eq!(code, 0, "{err}");
    assert!(md.starts_with("# Review report\n"), "{md}");
    assert!(md.contains("**Review of the findings of the trip "), "{md}");
    assert!(md.contains("\n## To apply (1)\n"), "{md}");
    assert!(md.contains("- Decision: to apply (by lan, "), "{md}");
    assert!(md.contains(" +07:00"), "local time with its zone: {md}");
    let data = findings::model::DataSource::Embedded.load().dataset;
    let rec = data.by_id("exp-han-quoc").unwrap();
    let english = rec.common().en.as_ref().and_then(|e| e.title.clone());
    let title = english.expect("the default data has this title in English");
    assert!(md.contains(&format!("### 1. {title} ★")), "{title} in {md}");
    assert!(
        !md.contains("Sẽ áp dụng"),
        "no Vietnamese words around the data"
    );
}

#[test]
fn a_report_file_is_not_replaced_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    two_reviewers(&db);
    let file = dir.path().join("bao-cao.md");
    let path = file.to_str().unwrap();
    let (code, out, err) = review(&db, "lan", "vi", &["report", "-o", path]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("wrote"), "{out}");
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.starts_with("# BÁO CÁO\n"), "{written}");
    std::fs::write(&file, "mine").unwrap();
    let (code, _, err) = review(&db, "lan", "vi", &["report", "-o", path]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine", "kept");
    let (code, _, err) = review(&db, "lan", "vi", &["report", "-o", path, "--force"]);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .starts_with("# BÁO CÁO\n"));
}

/// Setting a record back to unreviewed is no decision: whoever does it is not counted by
/// reviewer, and not named a reviewer when that is all they did.
#[test]
fn setting_a_record_back_to_unreviewed_is_no_decision() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    two_reviewers(&db);
    for args in [
        &["mark", "meeting-gia-lai", "reviewed"][..],
        &["mark", "meeting-gia-lai", "unreviewed"][..],
        &["mark", "meeting-dak-lak", "unreviewed"][..],
    ] {
        let (code, _, err) = review(&db, "khoa", "en", args);
        assert_eq!(code, 0, "{args:?}: {err}");
    }
    let (code, md, err) = review(&db, "lan", "vi", &["report", "--format", "md"]);
    assert_eq!(code, 0, "{err}");
    assert!(md.contains("- Người xem xét: lan, minh\n"), "{md}");
    let by_reviewer = table(&md, "### Theo người xem xét");
    assert_eq!(by_reviewer, [("lan".to_owned(), 1), ("minh".to_owned(), 2)]);
}

/// What the config or the data holds reads as text in the Markdown report, never as markup.
#[test]
fn markup_in_the_agency_and_titles_reads_as_text() {
    use findings::export::report::{self, Finding, Report, Section, Totals, TripLine};
    use findings::model::review::Status;
    let finding = Finding {
        id: "exp-1".into(),
        kind: "kinh nghiệm".into(),
        title: "Mô hình *OCOP* <i>mới</i>".into(),
        places: vec![],
        summary: String::new(),
        decision: "sẽ áp dụng".into(),
        decided: None,
        starred: false,
        notes: vec![],
    };
    let r = Report {
        lang: findings::i18n::Lang::Vi,
        agency: Some("<b>Sở</b> Lao động & Xã hội [tỉnh](http://x) _Gia Lai_".into()),
        title: "Kết quả <script>x</script> của `chuyến`".into(),
        trips: vec![TripLine {
            title: "Chuyến **Tây Nguyên**".into(),
            dates: None,
        }],
        reviewers: vec!["lan".into()],
        ran: None,
        made: "2026-12-04 22:00 +07:00".into(),
        made_day: "2026-12-04".into(),
        totals: Totals::default(),
        sections: vec![Section {
            status: Status::ToApply,
            heading: "sẽ áp dụng".into(),
            findings: vec![finding],
        }],
    };
    let md = report::markdown(&r);
    for line in [
        "- Cơ quan: &lt;b&gt;Sở&lt;/b&gt; Lao động &amp; Xã hội \\[tỉnh\\](http://x) \\_Gia Lai\\_\n",
        "**Kết quả &lt;script&gt;x&lt;/script&gt; của \\`chuyến\\`**\n",
        "Chuyến \\*\\*Tây Nguyên\\*\\*",
        "### 1. Mô hình \\*OCOP\\* &lt;i&gt;mới&lt;/i&gt;\n",
    ] {
        assert!(md.contains(line), "{line:?} in {md}");
    }
    for raw in ["<b>", "<script>", "<i>", "[tỉnh](", "**Tây"] {
        assert!(!md.contains(raw), "{raw:?} in {md}");
    }
}

#[test]
fn a_report_follows_the_query_and_filters() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    two_reviewers(&db);
    let (code, md, err) = review(
        &db,
        "lan",
        "vi",
        &["report", "--kind", "experience", "--province", "kon-tum"],
    );
    assert_eq!(code, 0, "{err}");
    let by_status: usize = table(&md, "### Theo trạng thái")
        .iter()
        .map(|(_, n)| n)
        .sum();
    assert!(md.contains(&format!("Số phát hiện: {by_status}\n")), "{md}");
    assert!(
        !md.contains("meeting-kon-tum"),
        "a meeting is not an experience"
    );
    assert!(md.contains("exp-chinh-sach-dac-thu"), "{md}");
}

#[test]
fn the_review_export_speaks_vietnamese_and_shows_local_times() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    two_reviewers(&db);
    let set = Store::at(&db).all().unwrap()["exp-han-quoc"].clone();
    let local = in_vietnam(set.set_at.as_deref().unwrap());
    let (code, md, err) = review(&db, "lan", "vi", &["export", "--format", "md"]);
    assert_eq!(code, 0, "{err}");
    assert!(md.starts_with("# Xem xét\n"), "{md}");
    // Status headings capitalized as in the report (issue 21: they were "## sẽ áp dụng").
    assert!(md.contains("\n## Sẽ áp dụng\n"), "{md}");
    assert!(md.contains("\n## Chưa xem\n"), "{md}");
    assert!(md.contains("- mã: `exp-han-quoc`\n"), "{md}");
    assert!(!md.contains("- id:"), "{md}");
    assert!(md.contains("- địa điểm: Đắk Lắk"), "{md}");
    assert!(
        md.contains(&format!("- trạng thái: sẽ áp dụng (bởi lan, {local})")),
        "{md}"
    );
    assert!(!md.contains("to-apply") && !md.contains("- place:"), "{md}");
    // English keeps its words, with the time local too.
    let (_, md, _) = review(&db, "lan", "en", &["export", "--format", "md"]);
    assert!(
        md.contains(&format!("- status: to-apply (by lan, {local})")),
        "{md}"
    );
    assert!(
        md.contains("\n## to-apply\n"),
        "English keeps its slugs: {md}"
    );
    assert!(md.contains("- id: `exp-han-quoc`\n"), "{md}");
    // CSV: the time local; JSON: the UTC time kept, the local one beside it. The header in
    // Vietnamese; English keeps the one scripts read.
    let (_, csv, _) = review(&db, "lan", "en", &["export", "--format", "csv"]);
    assert!(csv.contains(&local), "{csv}");
    assert!(
        csv.starts_with("\u{feff}id,kind,title,status,starred,set_by,set_at,notes\n"),
        "{csv}"
    );
    let (_, csv, _) = review(&db, "lan", "vi", &["export", "--format", "csv"]);
    assert!(
        csv.starts_with(
            "\u{feff}mã,loại,tiêu đề,trạng thái,gắn sao,người đặt trạng thái,thời điểm,ghi chú\n"
        ),
        "{csv}"
    );
    let (_, json, _) = review(&db, "lan", "en", &["export", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let item = v
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "exp-han-quoc")
        .unwrap();
    assert_eq!(item["set_at"], set.set_at.clone().unwrap().as_str());
    assert_eq!(item["set_at_local"], local.as_str());
    let note = &set.notes[0];
    assert_eq!(item["notes"][0]["at_local"], in_vietnam(&note.created));
    // review list: who set the status, and when, in local time.
    let (_, list, _) = review(&db, "lan", "en", &["list", "--status", "to-apply"]);
    assert!(list.contains(&format!("(lan, {local})")), "{list}");
}

#[test]
fn review_stats_counts_once_in_words_that_agree() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("team.db");
    two_reviewers(&db);
    let records = findings::model::DataSource::Embedded.load().dataset.len();
    let (code, out, err) = review(&db, "lan", "en", &["stats"]);
    assert_eq!(code, 0, "{err}");
    let first = out.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        format!("3 of {records} records have a status (anything but unreviewed)")
    );
    // "reviewed" is then one status among four, not a second, different count of the same.
    assert!(!first.starts_with("reviewed"), "{out}");
    assert!(out.contains("\n  reviewed "), "{out}");
    let (_, out, _) = review(&db, "lan", "vi", &["stats"]);
    assert!(
        out.starts_with(&format!("đã xem xét 3/{records} bản ghi")),
        "{out}"
    );
    assert!(out.contains("\n  sẽ áp dụng "), "{out}");
    assert!(out.contains("lần đổi trạng thái"), "{out}");
}
