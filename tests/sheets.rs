//! The workbook to write findings in (`findings template --format xlsx`), read back: unzipped,
//! its XML searched for the sheets, the header rows, the frozen pane, the validation and the
//! example rows.

mod common;

use std::collections::HashMap;

use common::findings;
use common::zipped::{between, unescape, unzip};
use findings::export::template;
use findings::model::import;
use findings::model::sheets::{self, Words};
use findings::model::{DataSource, Kind};

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
        ["Chuyến đi", "Buổi làm việc", "Kinh nghiệm", "Tham quan"]
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

/// The place of `field` in a `kind` sheet on `row` (counted from 1): `C7`.
fn cell(kind: Kind, field: &str, row: u32) -> String {
    let i = sheets::columns(kind)
        .iter()
        .position(|c| c.json == field)
        .unwrap();
    format!("{}{row}", import::column_letters(i + 1))
}

/// The template, filled in as a user would: `rows` gives each (kind, row counted from 1,
/// field, value); `=date` writes a date cell (Excel's serial number), `=n` a number.
fn filled(rows: &[(Kind, u32, &str, &str)]) -> Vec<u8> {
    let default = DataSource::Embedded.load().dataset;
    let mut book = template::workbook(Words::Vi, &default).unwrap();
    for &(kind, row, field, value) in rows {
        let sheet = book
            .worksheet_from_name(sheets::sheet_name(kind, Words::Vi))
            .unwrap();
        let col = sheets::columns(kind)
            .iter()
            .position(|c| c.json == field)
            .unwrap() as u16
            + 1;
        let (row, col) = (row - 1, col);
        if let Some(date) = value.strip_prefix("=date ") {
            let format = rust_xlsxwriter::Format::new().set_num_format("dd/mm/yyyy");
            let date = rust_xlsxwriter::ExcelDateTime::parse_from_str(date).unwrap();
            sheet
                .write_datetime_with_format(row, col, &date, &format)
                .unwrap();
        } else if let Some(n) = value.strip_prefix("=n ") {
            sheet
                .write_number(row, col, n.parse::<f64>().unwrap())
                .unwrap();
        } else {
            sheet.write_string(row, col, value).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

#[test]
fn a_filled_in_template_imports_as_a_dataset_that_loads_and_links() {
    use Kind::*;
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("t.xlsx");
    std::fs::write(
        &book,
        filled(&[
            // The trip without an id: made from its title. Its start date a date cell, its
            // length a number typed as text.
            (Trip, 5, "title", "Chuyến học tập Đắk Lắk 2025"),
            (Trip, 5, "start_date", "=date 2025-03-11"),
            (Trip, 5, "end_date", "2025-03"),
            (Trip, 5, "days", "5"),
            (Trip, 5, "headcount", "=n 12"),
            (Trip, 5, "leader.name", "Nguyễn Văn A"),
            (Trip, 5, "provinces", "Đắk Lắk; Đắk Nông"),
            (Meeting, 5, "id", "m1"),
            (Meeting, 5, "title", "Làm việc với Sở Nông nghiệp"),
            (Meeting, 5, "trip", "chuyen-hoc-tap-dak-lak-2025"),
            (Meeting, 5, "date", "2025"),
            (Meeting, 5, "topics", "cà phê;\nhợp tác xã"),
            (Meeting, 6, "id", "m2"),
            (Meeting, 6, "title", "Làm việc với UBND huyện"),
            (Meeting, 6, "trip", "chuyen-hoc-tap-dak-lak-2025"),
            (Experience, 5, "id", "e1"),
            (Experience, 5, "title", "Liên kết sản xuất cà phê"),
            (Experience, 5, "trip", "chuyen-hoc-tap-dak-lak-2025"),
            (Experience, 5, "meetings", "m1\nm2"),
            (Experience, 5, "en.title", "Coffee value chains"),
        ]),
    )
    .unwrap();
    let out = dir.path().join("t.json");
    findings()
        .args(["import", "-o"])
        .arg(&out)
        .arg(&book)
        .assert()
        .success()
        .stderr(predicates::str::contains(format!(
            "Chuyến đi!{}: note: id made from the title: \"chuyen-hoc-tap-dak-lak-2025\"",
            cell(Trip, "id", 5)
        )));
    findings()
        .arg("check")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "1 trip, 2 meetings, 1 experience, 0 visits; 0 errors, 0 warnings",
        ));
    let loaded = DataSource::Paths(vec![out]).load();
    let data = loaded.dataset;
    let trip = data.by_id("chuyen-hoc-tap-dak-lak-2025").unwrap().to_json();
    assert_eq!(trip["start_date"], "2025-03-11");
    assert_eq!(trip["end_date"], "2025-03");
    assert_eq!(trip["days"], 5);
    assert_eq!(trip["headcount"], 12);
    assert_eq!(trip["leader"]["name"], "Nguyễn Văn A");
    assert_eq!(
        trip["provinces"],
        serde_json::json!(["Đắk Lắk", "Đắk Nông"])
    );
    let m1 = data.by_id("m1").unwrap().to_json();
    assert_eq!(m1["topics"], serde_json::json!(["cà phê", "hợp tác xã"]));
    assert_eq!(m1["date"], "2025");
    let e1 = data.by_id("e1").unwrap();
    assert_eq!(e1.meeting_ids(), ["m1", "m2"]);
    assert_eq!(e1.to_json()["en"]["title"], "Coffee value chains");
    // Linked: the trip lists its meetings and the experience.
    let t = data.index_of("chuyen-hoc-tap-dak-lak-2025").unwrap();
    let linked: Vec<&str> = data
        .links(t)
        .into_iter()
        .map(|i| data.get(i).unwrap().id())
        .collect();
    for id in ["m1", "m2", "e1"] {
        assert!(
            linked.contains(&id),
            "{id} not linked to the trip: {linked:?}"
        );
    }
}

#[test]
fn a_bad_workbook_gets_every_error_at_its_cell_and_no_file() {
    use Kind::*;
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("t.xlsx");
    std::fs::write(
        &book,
        filled(&[
            (Trip, 5, "id", "ninh-thuan-tay-nguyen-2025"),
            (Trip, 5, "title", "Chuyến đi"),
            (Meeting, 7, "id", "bv-so-nong-nghiep-dak-lak-2024"),
            (Meeting, 7, "title", "Buổi làm việc"),
            (Meeting, 7, "date", "2024-13"),
            (Experience, 5, "id", "e1"),
            (Experience, 5, "title", "Kinh nghiệm"),
            (
                Experience,
                5,
                "meetings",
                "bv-so-nong-nghiep-dak-lak-2024; bv-dak-lak-2024",
            ),
            (Visit, 6, "id", "v1"),
            (Visit, 6, "province", "Kon Tum"),
        ]),
    )
    .unwrap();
    let out = dir.path().join("t.json");
    let assert = findings()
        .args(["import", "-o"])
        .arg(&out)
        .arg(&book)
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    let shown = findings::model::files::shown(&book);
    let errors = [
        format!(
            "{shown}:Buổi làm việc!{}: error: date: bad date \"2024-13\"",
            cell(Meeting, "date", 7)
        ),
        format!(
            "{shown}:Kinh nghiệm!{}: error: meetings: no meeting has the id \"bv-dak-lak-2024\" \
             (did you mean \"bv-so-nong-nghiep-dak-lak-2024\"?)",
            cell(Experience, "meetings", 5)
        ),
        format!(
            "{shown}:Tham quan!{}: error: title: missing required field \"title\"",
            cell(Visit, "title", 6)
        ),
    ];
    for expected in &errors {
        assert!(stderr.contains(expected), "no {expected:?} in:\n{stderr}");
    }
    assert_eq!(stderr.matches(": error: ").count(), 3, "{stderr}");
    assert!(!out.exists(), "a file was written");
    // Opened directly (`--data t.xlsx`), the workbook gets the same errors at the same cells.
    let assert = findings()
        .arg("--data")
        .arg(&book)
        .args(["search", "kinh"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    for expected in &errors {
        assert!(stderr.contains(expected), "no {expected:?} in:\n{stderr}");
    }
    assert_eq!(stderr.matches(": error: ").count(), 3, "{stderr}");
}

/// `--data t.xlsx` opens a workbook as if imported; `--with-default` puts the embedded data
/// beside it, whose records name no trip (their file holds one) and still load.
#[test]
fn a_workbook_opens_directly_and_beside_the_default_data() {
    use Kind::*;
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("t.xlsx");
    std::fs::write(
        &book,
        filled(&[
            (Trip, 5, "id", "dak-lak-2025"),
            (Trip, 5, "title", "Chuyến học tập Đắk Lắk 2025"),
            (Meeting, 5, "id", "m1"),
            (Meeting, 5, "title", "Làm việc với Sở Nông nghiệp về cà phê"),
            (Experience, 5, "title", "Liên kết sản xuất cà phê"),
            (Experience, 5, "meetings", "m1"),
        ]),
    )
    .unwrap();
    let ids = |args: &[&str]| -> String {
        let out = findings()
            .arg("--data")
            .arg(&book)
            .args(args)
            .args(["search", "--format", "json", "--limit", "0"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let alone = ids(&[]);
    assert!(
        alone.contains("\"m1\"") && alone.contains("lien-ket-san-xuat-ca-phe"),
        "{alone}"
    );
    assert!(!alone.contains("exp-han-quoc"), "{alone}");
    let both = ids(&["--with-default"]);
    assert!(
        both.contains("\"m1\"") && both.contains("exp-han-quoc"),
        "{both}"
    );
    // The made id is a warning: a title edited later would make a new one.
    findings()
        .arg("--data")
        .arg(&book)
        .arg("check")
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "warning: id: no id: made from the title",
        ));
}

#[test]
fn csv_files_named_by_kind_import_too_and_an_existing_file_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let trips = dir.path().join("trips.csv");
    let meetings = dir.path().join("Buổi làm việc.csv");
    // A header of labels, as a spreadsheet program saves it (with a byte-order mark).
    std::fs::write(
        &trips,
        "\u{feff}Mã *,Tiêu đề *,Ngày đi,Số ngày\nt1,Chuyến đi,11/03/2024,6\n",
    )
    .unwrap();
    std::fs::write(
        &meetings,
        "id,title,trip,topics,title (en)\n,Làm việc với Sở,t1,\"a\nb\",Meeting the department\n",
    )
    .unwrap();
    let out = dir.path().join("d.json");
    std::fs::write(&out, "mine").unwrap();
    let run = |force: bool| {
        let mut cmd = findings();
        cmd.arg("import")
            .arg(&trips)
            .arg(&meetings)
            .arg("-o")
            .arg(&out);
        if force {
            cmd.arg("--force");
        }
        cmd.assert()
    };
    run(false)
        .failure()
        .stderr(predicates::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine");
    run(true).success().stderr(predicates::str::contains(
        "Buổi làm việc.csv:A2: note: id made from the title: \"lam-viec-voi-so\"",
    ));
    let data = DataSource::Paths(vec![out]).load();
    assert_eq!(data.errors(), 0);
    let trip = data.dataset.by_id("t1").unwrap().to_json();
    assert_eq!(trip["start_date"], "2024-03-11");
    assert_eq!(trip["days"], 6);
    let meeting = data.dataset.by_id("lam-viec-voi-so").unwrap().to_json();
    assert_eq!(meeting["trip"], "t1");
    assert_eq!(meeting["topics"], serde_json::json!(["a", "b"]));
    assert_eq!(meeting["en"]["title"], "Meeting the department");
}

/// `dataset` exported as a workbook (every record, in `lang`), written to `dir`, imported back.
fn round_trip(
    dataset: &findings::model::Dataset,
    lang: findings::i18n::Lang,
    dir: &std::path::Path,
) -> findings::model::Dataset {
    use findings::export::{self, ExportFormat};
    let rows: Vec<usize> = (0..dataset.len()).collect();
    let context = export::Context {
        reviews: None,
        described: "",
        lang,
        agency: None,
        now: "2026-01-01T00:00:00Z",
    };
    let bytes = export::make(ExportFormat::Workbook, dataset, &rows, context).expect("exported");
    let book = dir.join("d.xlsx");
    std::fs::write(&book, bytes).unwrap();
    let imported = import::import(&[book]);
    let problems: Vec<String> = imported.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(imported.json.is_some(), "the import failed: {problems:#?}");
    assert!(problems.is_empty(), "{problems:#?}");
    let json = dir.join("d.json");
    std::fs::write(&json, imported.json.unwrap()).unwrap();
    let loaded = DataSource::Paths(vec![json]).load();
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded.dataset
}

/// Record by record: the same ids in the same order, each with the same fields and values.
fn assert_same(before: &findings::model::Dataset, after: &findings::model::Dataset) {
    let ids = |d: &findings::model::Dataset| -> Vec<String> {
        d.records().iter().map(|r| r.id().to_owned()).collect()
    };
    assert_eq!(ids(before), ids(after), "the records or their order differ");
    for (a, b) in before.records().iter().zip(after.records()) {
        assert_eq!(
            a.to_json(),
            b.to_json(),
            "{} differs after the round trip",
            a.id()
        );
    }
}

#[test]
fn the_default_data_exported_as_a_workbook_imports_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let before = DataSource::Embedded.load().dataset;
    for lang in [findings::i18n::Lang::Vi, findings::i18n::Lang::En] {
        let after = round_trip(&before, lang, dir.path());
        assert_same(&before, &after);
    }
}

#[test]
fn a_generated_dataset_exported_as_a_workbook_imports_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let generated = dir.path().join("g.json");
    let mut value = findings::gen::dataset(600, 7, "g-");
    // Lists whose items hold what separates items in a cell, and text a spreadsheet would
    // take for a formula or a number.
    value["meetings"][0]["topics"] =
        serde_json::json!(["một; hai", "ba\nbốn", "\"trích\" dẫn", "=1+1"]);
    value["trips"][0]["title"] = serde_json::json!("=HYPERLINK(\"x\") 2024");
    value["trips"][0]["programme"] = serde_json::json!("0012");
    std::fs::write(&generated, serde_json::to_vec(&value).unwrap()).unwrap();
    let loaded = DataSource::Paths(vec![generated]).load();
    assert!(
        loaded.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        loaded.diagnostics
    );
    let before = loaded.dataset;
    let after = round_trip(&before, findings::i18n::Lang::Vi, dir.path());
    assert_same(&before, &after);
}

#[test]
fn export_then_import_on_the_command_line_gives_the_default_data() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("d.xlsx");
    let json = dir.path().join("d.json");
    findings()
        .args(["export", "--format", "xlsx", "-o"])
        .arg(&book)
        .assert()
        .success();
    findings()
        .arg("import")
        .arg(&book)
        .arg("-o")
        .arg(&json)
        .assert()
        .success();
    let after = DataSource::Paths(vec![json]).load().dataset;
    assert_same(&DataSource::Embedded.load().dataset, &after);
}

/// Runs `findings ARGS`; (exit code, stderr).
fn run(args: &[&std::ffi::OsStr]) -> (i32, String) {
    let out = findings().args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// What a workbook holds that is not read is said, never passed over quietly: a sheet of
/// another name, a row marked as the example that is not the template's, a column that is no
/// field. Cells merged down several rows give every row their value.
#[test]
fn what_is_not_read_is_said_and_merged_cells_fill_their_rows() {
    use Kind::*;
    let dir = tempfile::tempdir().unwrap();
    let default = DataSource::Embedded.load().dataset;
    let mut book = template::workbook(Words::En, &default).unwrap();
    let col = |kind: Kind, field: &str| {
        sheets::columns(kind)
            .iter()
            .position(|c| c.json == field)
            .unwrap() as u16
            + 1
    };
    {
        let trips = book.worksheet_from_name("Trips").unwrap();
        trips.write_string(4, col(Trip, "id"), "t1").unwrap();
        trips
            .write_string(4, col(Trip, "title"), "Trip one")
            .unwrap();
        // A real record typed on a row still marked EXAMPLE (a mark dragged down).
        trips.write_string(5, 0, "EXAMPLE").unwrap();
        trips.write_string(5, col(Trip, "id"), "t2").unwrap();
        trips
            .write_string(5, col(Trip, "title"), "Trip two")
            .unwrap();
        // A column of the user's own.
        trips.write_string(2, 40, "Ghi chú").unwrap();
        trips.write_string(4, 40, "gọi lại").unwrap();
    }
    {
        let meetings = book.worksheet_from_name("Meetings").unwrap();
        for (row, id) in [(4, "m1"), (5, "m2")] {
            meetings.write_string(row, col(Meeting, "id"), id).unwrap();
            meetings
                .write_string(row, col(Meeting, "title"), format!("Meeting {id}"))
                .unwrap();
        }
        let trip = col(Meeting, "trip");
        meetings
            .merge_range(4, trip, 5, trip, "t1", &rust_xlsxwriter::Format::new())
            .unwrap();
    }
    book.add_worksheet().set_name("Ghi chú").unwrap();
    let path = dir.path().join("t.xlsx");
    std::fs::write(&path, book.save_to_buffer().unwrap()).unwrap();
    let json = dir.path().join("t.json");
    let (code, err) = run(&[
        "import".as_ref(),
        path.as_ref(),
        "-o".as_ref(),
        json.as_ref(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("warning: the sheet \"Ghi chú\" is not read"),
        "{err}"
    );
    assert!(
        err.contains("Trips!6: warning: the row is marked as the template's example"),
        "{err}"
    );
    assert!(
        !err.contains("Trips!4:"),
        "the template's own example is quiet: {err}"
    );
    assert!(
        err.contains("Trips!AO3: warning: the column \"Ghi chú\" is not a field"),
        "{err}"
    );
    let data = DataSource::Paths(vec![json]).load().dataset;
    for id in ["m1", "m2"] {
        assert_eq!(data.by_id(id).unwrap().trip_id(), Some("t1"), "{id}");
    }
    assert!(data.by_id("t2").is_none());
}

/// CSV as Excel writes it where the decimal mark is a comma (`;` between cells), a serial day
/// written out, dates typed year first without zeros; a CSV in a code page, an old .xls and a
/// number that is not one get messages that say what to do.
#[test]
fn csv_with_semicolons_and_what_excel_writes_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let trips = dir.path().join("trips.csv");
    std::fs::write(
        &trips,
        "\u{feff}id;title;start_date;end_date;days\r\nt1;\"Chuyến đi; Đắk Lắk\";45362;2025-4-8;5\r\n",
    )
    .unwrap();
    let json = dir.path().join("t.json");
    let (code, err) = run(&[
        "import".as_ref(),
        trips.as_ref(),
        "-o".as_ref(),
        json.as_ref(),
    ]);
    assert_eq!(code, 0, "{err}");
    let data = DataSource::Paths(vec![json]).load().dataset;
    let trip = data.by_id("t1").unwrap().to_json();
    assert_eq!(trip["title"], "Chuyến đi; Đắk Lắk");
    assert_eq!(trip["start_date"], "2024-03-11");
    assert_eq!(trip["end_date"], "2025-04-08");
    // In a code page (cp1258 "Đ" is 0xD0).
    let old = dir.path().join("old").join("meetings.csv");
    std::fs::create_dir(old.parent().unwrap()).unwrap();
    std::fs::write(&old, b"id,title\nm1,\xD0i\n").unwrap();
    let (code, err) = run(&["import".as_ref(), old.as_ref()]);
    assert_eq!(code, 1);
    assert!(err.contains("save it as \"CSV UTF-8"), "{err}");
    let xls = dir.path().join("book.xls");
    std::fs::write(&xls, b"\xD0\xCF\x11\xE0").unwrap();
    let (code, err) = run(&["--data".as_ref(), xls.as_ref(), "check".as_ref()]);
    assert_eq!(code, 1, "{err}");
    let (_, out) = {
        let o = findings()
            .args(["--data".as_ref(), xls.as_os_str(), "check".as_ref()])
            .output()
            .unwrap();
        (
            0,
            String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr),
        )
    };
    assert!(
        out.contains("Excel 97-2003") && out.contains("save it as an Excel workbook (.xlsx)"),
        "{out}"
    );
    let bad = dir.path().join("bad").join("trips.csv");
    std::fs::create_dir(bad.parent().unwrap()).unwrap();
    std::fs::write(&bad, "id,title,days\nt1,T,1.200\n").unwrap();
    let (code, err) = run(&["import".as_ref(), bad.as_ref()]);
    assert_eq!(code, 1);
    assert!(
        err.contains("trips.csv:C2: error: days: \"1.200\" is not a whole number"),
        "{err}"
    );
}

/// The workbook is never overwritten by its own import, and a dataset is not written under a
/// workbook's name; an export is not written under another format's name.
#[test]
fn outputs_that_would_destroy_or_mislabel_a_file_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("same.xlsx");
    std::fs::write(&book, filled(&[(Kind::Trip, 5, "title", "Chuyến đi")])).unwrap();
    let before = std::fs::read(&book).unwrap();
    let (code, err) = run(&[
        "import".as_ref(),
        book.as_ref(),
        "-o".as_ref(),
        book.as_ref(),
        "--force".as_ref(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert_eq!(
        std::fs::read(&book).unwrap(),
        before,
        "the workbook was changed"
    );
    let other = dir.path().join("out.xlsx");
    let (code, err) = run(&[
        "import".as_ref(),
        book.as_ref(),
        "-o".as_ref(),
        other.as_ref(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("FILE.json"), "{err}");
    assert!(!other.exists());
    let json = dir.path().join("d.json");
    let (code, err) = run(&[
        "export".as_ref(),
        "--format".as_ref(),
        "xlsx".as_ref(),
        "-o".as_ref(),
        json.as_ref(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(!json.exists());
}

/// A record's id clashing with another, or made from a title with nothing to make it of, is
/// named at the cells; `import --with-default` resolves links into the embedded data.
#[test]
fn ids_are_placed_at_cells_and_links_may_reach_the_default_data() {
    use Kind::*;
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("t.xlsx");
    std::fs::write(
        &book,
        filled(&[
            (Meeting, 5, "id", "m1"),
            (Meeting, 5, "title", "Một"),
            (Meeting, 5, "trip", "ninh-thuan-tay-nguyen-2024"),
            (Meeting, 6, "id", "m1"),
            (Meeting, 6, "title", "Hai"),
            (Meeting, 6, "trip", "ninh-thuan-tay-nguyen-2024"),
            (Experience, 5, "title", "!!!"),
            (Experience, 5, "trip", "ninh-thuan-tay-nguyen-2024"),
        ]),
    )
    .unwrap();
    let (code, err) = run(&["--with-default".as_ref(), "import".as_ref(), book.as_ref()]);
    assert_eq!(code, 1, "{err}");
    let shown = findings::model::files::shown(&book);
    assert!(
        err.contains(&format!(
            "{shown}:Buổi làm việc!{}: error: id: duplicate id \"m1\": first defined at {shown}:Buổi làm việc!{}",
            cell(Meeting, "id", 6),
            cell(Meeting, "id", 5)
        )),
        "{err}"
    );
    assert!(err.contains("no id can be made from this title"), "{err}");
    assert!(!err.contains("no trip has the id"), "{err}");
    assert_eq!(import::slug("Ｔｅｓｔ Đắk"), "test-dak");
}

/// A workbook's sheets are named as the TUI's tabs are, in both languages: one word for one
/// kind of record everywhere.
#[test]
fn sheets_are_named_as_the_tabs() {
    use findings::i18n::{kinds, Lang};
    for kind in Kind::ALL {
        assert_eq!(sheets::sheet_name(kind, Words::Vi), kinds(Lang::Vi, kind));
        assert_eq!(sheets::sheet_name(kind, Words::En), kinds(Lang::En, kind));
    }
    assert_eq!(
        sheets::kind_of_sheet("Mô hình"),
        Some(Kind::Visit),
        "the first templates' name"
    );
}
