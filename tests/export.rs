//! `findings export`: every format read back — JSON by the loader, CSV by the `csv` crate,
//! Markdown by its headings — and files never overwritten by accident.

mod common;

use common::findings;

fn run(args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = findings().args(args).output().expect("run findings");
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn stats(data: Option<&std::path::Path>) -> serde_json::Value {
    let mut cmd = findings();
    if let Some(d) = data {
        cmd.arg("--data").arg(d);
    }
    let out = cmd.args(["stats", "--format", "json"]).output().unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_json_export_of_everything_loads_again_with_the_same_counts() {
    let dir = tempfile::tempdir().unwrap();
    let all = dir.path().join("all.json");
    let (code, _, err) = run(&["export", "--format", "json", "-o", all.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("wrote 14 records"), "{err}");
    let (code, _, err) = run(&["check", all.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(stats(Some(&all)), stats(None));
}

#[test]
fn a_partial_json_export_brings_its_trip_and_meetings_along() {
    let (code, json, err) = run(&[
        "export",
        "--kind",
        "experience",
        "--province",
        "dak-lak",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let dir = tempfile::tempdir().unwrap();
    let part = dir.path().join("part.json");
    std::fs::write(&part, &json).unwrap();
    let (code, _, err) = run(&["check", part.to_str().unwrap()]);
    assert_eq!(code, 0, "the export loads on its own: {err}");
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["trips"].as_array().unwrap().len(), 1);
    assert_eq!(v["experiences"].as_array().unwrap().len(), 4);
    assert_eq!(
        v["meetings"].as_array().unwrap().len(),
        4,
        "the meetings they were shared at"
    );
    assert!(v["visits"].as_array().unwrap().is_empty());
}

#[test]
fn csv_has_a_bom_fixed_columns_and_one_row_per_record() {
    let (code, bytes, err) = run(&["export", "--province", "dak nong", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    assert!(bytes.starts_with("\u{feff}".as_bytes()), "UTF-8 with a BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        findings::commands::export::CSV_COLUMNS
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 6, "the Đắk Nông records");
    let trip = rows.iter().find(|r| &r[1] == "trip").unwrap();
    assert_eq!(&trip[4], "Kon Tum; Gia Lai; Đắk Lắk; Đắk Nông");
    assert_eq!(&trip[8], "2024-03-11");
}

/// The head names every filter given as a flag, in the query's syntax, and the sort; an export
/// of everything has no such line.
#[test]
fn markdown_heads_with_the_query_filters_and_sort() {
    let (code, md, err) = run(&[
        "export",
        "korea",
        "--province",
        "dak nong",
        "--kind",
        "experience",
        "--sort",
        "title",
        "--format",
        "md",
        "--lang",
        "en",
    ]);
    assert_eq!(code, 0, "{err}");
    let md = String::from_utf8(md).unwrap();
    let head = md.lines().nth(2).unwrap();
    assert_eq!(
        head,
        "Selection: `\"korea kind:experience province:dak-nong\", sort title`"
    );
    let (code, all, _) = run(&["export", "--format", "md", "--lang", "en"]);
    assert_eq!(code, 0);
    assert!(
        String::from_utf8(all)
            .unwrap()
            .starts_with("# findings\n\n14 records\n"),
        "no selection line"
    );
}

#[test]
fn markdown_groups_by_trip_then_kind_with_every_record() {
    let (code, md, err) = run(&["export", "han quoc", "--format", "md", "--lang", "vi"]);
    assert_eq!(code, 0, "{err}");
    let md = String::from_utf8(md).unwrap();
    assert!(
        md.starts_with("# findings\n\nLựa chọn: `\"han quoc\"`\n\n5 bản ghi\n"),
        "{md}"
    );
    assert_eq!(md.matches("\n## ").count(), 1, "one trip");
    assert_eq!(md.matches("\n#### ").count(), 5, "every record");
    let kinds: Vec<&str> = md.lines().filter_map(|l| l.strip_prefix("### ")).collect();
    assert_eq!(kinds, ["Chuyến đi", "Buổi làm việc", "Kinh nghiệm"]);
}

#[test]
fn an_existing_file_is_replaced_only_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.csv");
    std::fs::write(&out, "keep me").unwrap();
    let path = out.to_str().unwrap();
    let (code, _, err) = run(&["export", "--format", "csv", "-o", path]);
    assert_eq!(code, 1);
    assert!(err.contains("use --force"), "{err}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "keep me");
    let (code, _, err) = run(&["export", "--format", "csv", "-o", path, "--force"]);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .contains("exp-han-quoc"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("findings-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file left behind");
}

#[test]
fn with_review_adds_status_and_notes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("r.db");
    let db = db.to_str().unwrap();
    run(&[
        "--review-db",
        db,
        "--user",
        "lan",
        "review",
        "mark",
        "exp-han-quoc",
        "to-apply",
    ]);
    run(&[
        "--review-db",
        db,
        "--user",
        "lan",
        "review",
        "note",
        "exp-han-quoc",
        "=cmd|' /C calc'!A0",
    ]);
    let (code, bytes, err) = run(&[
        "--review-db",
        db,
        "export",
        "han quoc",
        "--format",
        "csv",
        "--with-review",
    ]);
    assert_eq!(code, 0, "{err}");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(&header[9..], ["status", "starred", "notes"]);
    let korea = reader
        .records()
        .map(|r| r.unwrap())
        .find(|r| &r[0] == "exp-han-quoc")
        .unwrap();
    assert_eq!(&korea[9], "to-apply");
    assert_eq!(
        &korea[11], "lan: =cmd|' /C calc'!A0",
        "starts with the author: inert"
    );
}

/// An export with the reviews says when in local time with its zone, as every time shown
/// does; `review list --format json` gives each status change's local time beside the UTC one.
#[test]
fn exported_review_times_are_local_with_the_zone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("review.db");
    let run = |args: &[&str]| {
        let out = common::findings()
            .env("TZ", "Asia/Ho_Chi_Minh")
            .arg("--review-db")
            .arg(&db)
            .args(["--user", "lan"])
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {:?}", out);
        String::from_utf8(out.stdout).unwrap()
    };
    run(&["review", "mark", "exp-han-quoc", "to-apply"]);
    run(&["review", "note", "exp-han-quoc", "gọi Sở Đắk Nông"]);
    let md = run(&["export", "han quoc", "--format", "md", "--with-review"]);
    let review = md.lines().find(|l| l.contains("lan, 20")).expect(&md);
    assert!(review.ends_with("+07:00)"), "{review}");
    let note = md.lines().find(|l| l.starts_with("> — lan")).expect(&md);
    assert!(note.ends_with("+07:00"), "{note}");
    assert!(!md.contains("Z)") && !md.contains(":00Z\n"), "{md}");
    let json = run(&["review", "list", "--format", "json"]);
    let listed: serde_json::Value = serde_json::from_str(&json).unwrap();
    let korea = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "exp-han-quoc")
        .unwrap();
    let change = &korea["history"][0];
    assert!(change["at"].as_str().unwrap().ends_with('Z'), "{change}");
    assert!(
        change["at_local"].as_str().unwrap().ends_with("+07:00"),
        "{change}"
    );
}
