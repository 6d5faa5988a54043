//! The workbook to write findings in (`findings template --format xlsx`), read back: unzipped,
//! its XML searched for the sheets, the header rows, the frozen pane, the validation and the
//! example rows.

mod common;

use std::collections::HashMap;
use std::io::{Cursor, Read};

use common::findings;
use findings::model::sheets::{self, Words};
use findings::model::{DataSource, Kind};

/// Every file in a zip archive, as text.
fn unzip(bytes: &[u8]) -> HashMap<String, String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    let mut files = HashMap::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut text = String::new();
        if file.read_to_string(&mut text).is_ok() {
            files.insert(file.name().to_owned(), text);
        }
    }
    files
}

/// XML's five escapes undone.
fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The pieces of `xml` between `open` and `close`, in order.
fn between<'a>(xml: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(s) = rest.find(open) {
        let after = &rest[s + open.len()..];
        let Some(e) = after.find(close) else { break };
        out.push(&after[..e]);
        rest = &after[e + close.len()..];
    }
    out
}

struct Sheet {
    name: String,
    xml: String,
    /// The sheet's notes (comments) file, when it has one.
    notes: String,
    cells: HashMap<String, String>,
}

/// Each sheet, in order, with its cells' values by reference (`B4`).
fn read_sheets(files: &HashMap<String, String>) -> Vec<Sheet> {
    let shared: Vec<String> = between(&files["xl/sharedStrings.xml"], "<si>", "</si>")
        .into_iter()
        .map(|si| {
            between(si, "<t", "</t>")
                .into_iter()
                .filter_map(|t| t.split_once('>').map(|(_, v)| unescape(v)))
                .collect()
        })
        .collect();
    let names: Vec<String> = between(&files["xl/workbook.xml"], "<sheet ", "/>")
        .into_iter()
        .map(|s| {
            let at = s.find("name=\"").unwrap() + 6;
            unescape(&s[at..at + s[at..].find('"').unwrap()])
        })
        .collect();
    names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            let xml = files[&format!("xl/worksheets/sheet{}.xml", i + 1)].clone();
            // A sheet's notes: the comments file its relationships name.
            let rels = files
                .get(&format!("xl/worksheets/_rels/sheet{}.xml.rels", i + 1))
                .cloned()
                .unwrap_or_default();
            let notes = between(&rels, "../comments", "\"")
                .first()
                .map(|n| unescape(&files[&format!("xl/comments{n}")]))
                .unwrap_or_default();
            let mut cells = HashMap::new();
            // A blank cell is one empty element (`<c r="A3" s="3"/>`).
            for c in xml.split("<c ").skip(1) {
                let head = &c[..c.find('>').unwrap()];
                let c = match head.ends_with('/') {
                    true => head,
                    false => &c[..c.find("</c>").unwrap()],
                };
                let get = |k: &str| {
                    let key = format!("{k}=\"");
                    head.find(&key).map(|at| {
                        let at = at + key.len();
                        head[at..at + head[at..].find('"').unwrap()].to_owned()
                    })
                };
                let v = between(c, "<v>", "</v>").first().map(|v| v.to_string());
                let value = match (get("t").as_deref(), v) {
                    (Some("s"), Some(v)) => shared[v.parse::<usize>().unwrap()].clone(),
                    (_, Some(v)) => v,
                    _ => String::new(),
                };
                cells.insert(get("r").unwrap(), value);
            }
            Sheet {
                name,
                xml,
                notes,
                cells,
            }
        })
        .collect()
}

/// The spreadsheet name of column `i` (0 is `A`); the layout has fewer than 26 columns.
fn letter(i: usize) -> char {
    assert!(i < 26);
    (b'A' + i as u8) as char
}

fn template(lang: &str) -> Vec<Sheet> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.xlsx");
    findings()
        .args(["--lang", lang, "template", "--format", "xlsx", "-o"])
        .arg(&path)
        .assert()
        .success();
    read_sheets(&unzip(&std::fs::read(&path).unwrap()))
}

#[test]
fn the_template_has_a_sheet_per_kind_with_headers_and_an_example() {
    let book = template("vi");
    let names: Vec<&str> = book.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["Chuyến đi", "Buổi làm việc", "Kinh nghiệm", "Mô hình"]
    );
    let default = DataSource::Embedded.load().dataset;
    for (sheet, kind) in book.iter().zip(Kind::ALL) {
        let columns = sheets::columns(kind);
        assert_eq!(sheet.cells["A1"], "Ví dụ?", "{}", sheet.name);
        for (i, column) in columns.iter().enumerate() {
            let l = letter(i + 1);
            // Row 1 the name in Vietnamese, row 2 what it holds, row 3 the JSON name; the
            // JSON name in the name's note too.
            assert_eq!(sheet.cells[&format!("{l}1")], column.label(Words::Vi));
            assert_eq!(sheet.cells[&format!("{l}2")], column.hint(Words::Vi));
            assert_eq!(sheet.cells[&format!("{l}3")], column.json);
            assert!(
                sheet.notes.contains(&format!("{}\n", column.json))
                    || sheet.notes.contains(&format!(">{}", column.json)),
                "{}: no note for {}",
                sheet.name,
                column.json
            );
        }
        assert_eq!(sheet.cells["B1"], "Mã *");
        assert_eq!(sheet.cells["C1"], "Tiêu đề *");
        // The three header rows frozen.
        assert!(
            sheet.xml.contains(r#"ySplit="3""#) && sheet.xml.contains(r#"state="frozen""#),
            "{}: header not frozen",
            sheet.name
        );
        // The example row: marked, and a real record of the kind from the default data.
        assert_eq!(sheet.cells["A4"], "VÍ DỤ");
        let example = default.records().iter().find(|r| r.kind() == kind).unwrap();
        assert_eq!(sheet.cells["B4"], example.id());
        assert_eq!(sheet.cells["C4"], example.title());
        assert!(!sheet.cells.contains_key("A5"), "only one example row");
    }
    // How lists, links and dates are written, said in the header.
    let meetings = &book[1];
    let hints: Vec<&String> = (1..=columns_len(Kind::Meeting))
        .map(|i| &meetings.cells[&format!("{}2", letter(i))])
        .collect();
    assert!(hints.iter().any(|h| h.contains("2024, 2024-03")));
    assert!(hints.iter().any(|h| h.contains("tách bằng ;")));
    assert!(hints
        .iter()
        .any(|h| h.contains("Mã (id) của một chuyến đi")));
    // The trip column offers the trips sheet's ids; whole numbers where a column counts.
    let lists = between(&meetings.xml, "<formula1>", "</formula1>");
    assert!(
        lists
            .iter()
            .any(|f| unescape(f) == "'Chuyến đi'!$B$4:$B$5000"),
        "no list of trips: {lists:?}"
    );
    assert!(book[0].xml.contains(r#"type="whole""#));
}

fn columns_len(kind: Kind) -> usize {
    sheets::columns(kind).len()
}

#[test]
fn the_english_template_says_it_in_english() {
    let book = template("en");
    let names: Vec<&str> = book.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Trips", "Meetings", "Experiences", "Visits"]);
    assert_eq!(book[0].cells["A4"], "EXAMPLE");
    assert_eq!(book[0].cells["B1"], "Id *");
    let en_title = sheets::columns(Kind::Trip)
        .iter()
        .position(|c| c.json == "en.title")
        .unwrap();
    assert_eq!(
        book[0].cells[&format!("{}1", letter(en_title + 1))],
        "Title (en)"
    );
}

#[test]
fn an_existing_file_is_kept_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.xlsx");
    std::fs::write(&path, "mine").unwrap();
    findings()
        .args(["template", "--format", "xlsx", "-o"])
        .arg(&path)
        .assert()
        .failure()
        .stderr(predicates::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    findings()
        .args(["template", "--format", "xlsx", "--force", "-o"])
        .arg(&path)
        .assert()
        .success();
    assert!(std::fs::read(&path).unwrap().starts_with(b"PK"));
}
