//! The review report as Word and Excel files, read back: unzipped, their XML searched for the
//! layout a Vietnamese office expects (Decree 30/2020's page, margins, font, motto, page
//! numbers from the second page) and the cells' values (sheets, frozen header, filters,
//! strings that stay strings, totals that add up).

mod common;

use std::collections::HashMap;

use common::zipped::{between, unescape, unzip};
use findings::export::report::{Finding, Report, ReportNote, Section, Totals, TripLine};
use findings::export::{docx, xlsx};
use findings::i18n::Lang;
use findings::model::review::Status;

/// Twips in a millimetre range, as the decree gives margins.
fn twips(mm: f64) -> f64 {
    mm * 1440.0 / 25.4
}

fn note(author: &str, at: &str, text: &str) -> ReportNote {
    ReportNote {
        author: author.into(),
        at: at.into(),
        text: text.into(),
    }
}

/// A report as the report builder makes one: Vietnamese with diacritics, two sections, notes,
/// one that looks like a formula, and control characters that must not reach the files.
fn report(lang: Lang) -> Report {
    let vi = lang == Lang::Vi;
    let to_apply = if vi { "Cần áp dụng" } else { "To apply" };
    let unreviewed = if vi { "Chưa xem xét" } else { "Unreviewed" };
    Report {
        lang,
        agency: None,
        title: "Kết quả xem xét các phát hiện của chuyến công tác Đắk Lắk".into(),
        trips: vec![TripLine {
            title: "Học tập kinh nghiệm tại Đắk Lắk".into(),
            dates: Some("2024-03".into()),
        }],
        reviewers: vec!["lan".into(), "minh".into()],
        ran: Some((
            "2026-12-04 21:04 +07:00".into(),
            "2026-12-04 21:30 +07:00".into(),
        )),
        made: "2026-12-04 22:00 +07:00".into(),
        made_day: "2026-12-04".into(),
        totals: Totals {
            records: 3,
            by_status: vec![(to_apply.into(), 2), (unreviewed.into(), 1)],
            by_reviewer: vec![("lan".into(), 1), ("minh".into(), 1)],
            by_province: vec![("Đắk Lắk".into(), 3), ("Gia Lai".into(), 1)],
        },
        sections: vec![
            Section {
                status: Status::ToApply,
                heading: to_apply.into(),
                findings: vec![
                    Finding {
                        id: "exp-dak-lak-ocop".into(),
                        kind: "Kinh nghiệm".into(),
                        title: "Chương trình OCOP của tỉnh Đắk Lắk".into(),
                        places: vec!["Đắk Lắk".into(), "Gia Lai".into()],
                        summary: "Mỗi xã một sản phẩm;\nhợp tác xã dẫn đầu.".into(),
                        decision: to_apply.into(),
                        decided: Some(("lan".into(), "2026-12-04 21:04 +07:00".into())),
                        starred: true,
                        notes: vec![
                            note("lan", "2026-12-04 21:05 +07:00", "Áp dụng ở huyện Ea H'leo"),
                            note("minh", "2026-12-04 21:10 +07:00", "=1+1"),
                        ],
                    },
                    Finding {
                        id: "vis-buon-ma-thuot".into(),
                        kind: "Thăm mô hình".into(),
                        title: "Mô hình cà phê bền vững".into(),
                        places: vec!["Đắk Lắk".into()],
                        summary: "Tưới tiết kiệm nước.".into(),
                        decision: to_apply.into(),
                        decided: Some(("minh".into(), "2026-12-04 21:20 +07:00".into())),
                        starred: false,
                        notes: vec![note(
                            "lan",
                            "2026-12-04 21:25 +07:00",
                            "Đỏ\u{1b}[31m chuông\u{7} hết\u{0}",
                        )],
                    },
                ],
            },
            Section {
                status: Status::Unreviewed,
                heading: unreviewed.into(),
                findings: vec![Finding {
                    id: "mtg-ubnd".into(),
                    kind: "Làm việc".into(),
                    title: "Làm việc với UBND tỉnh".into(),
                    places: vec!["Đắk Lắk".into()],
                    summary: String::new(),
                    decision: unreviewed.into(),
                    decided: None,
                    starred: false,
                    notes: vec![],
                }],
            },
        ],
    }
}

/// The value of `name="…"` in the first `<tag …>` of `xml`.
fn attr(xml: &str, tag: &str, name: &str) -> Option<String> {
    let start = xml.find(&format!("<{tag} "))?;
    let end = start + xml[start..].find('>')?;
    let element = &xml[start..end];
    let key = format!(" {name}=\"");
    let at = element.find(&key)? + key.len();
    let len = element[at..].find('"')?;
    Some(element[at..at + len].to_owned())
}

/// The text of Word XML: every `<w:t>`'s content, joined (not `<w:tbl>`, `<w:tc>`…).
fn word_text(xml: &str) -> String {
    xml.split("<w:t")
        .skip(1)
        .filter(|piece| piece.starts_with(['>', ' ']))
        .filter_map(|piece| {
            let (_, rest) = piece.split_once('>')?;
            rest.find("</w:t>").map(|end| unescape(&rest[..end]))
        })
        .collect()
}

/// Each Word table as rows of cell texts.
fn word_tables(xml: &str) -> Vec<Vec<Vec<String>>> {
    between(xml, "<w:tbl>", "</w:tbl>")
        .into_iter()
        .map(|t| {
            between(t, "<w:tr", "</w:tr>")
                .into_iter()
                .map(|r| {
                    between(r, "<w:tc>", "</w:tc>")
                        .into_iter()
                        .map(word_text)
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// No character XML forbids, none that a terminal obeys.
fn no_controls(name: &str, xml: &str) {
    let bad = xml.chars().find(|&c| {
        (c < ' ' && !matches!(c, '\n' | '\r' | '\t')) || ('\u{7f}'..='\u{9f}').contains(&c)
    });
    assert_eq!(bad, None, "{name} holds a control character");
    assert!(!xml.contains("_x001B_"), "{name} holds an escaped ESC");
}

#[test]
fn the_vietnamese_word_report_is_an_administrative_document() {
    let files = unzip(&docx::write(&report(Lang::Vi)).unwrap());
    let doc = &files["word/document.xml"];
    let text = word_text(doc);

    // The national title and motto, the motto bold and underlined.
    assert!(text.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
    assert!(text.contains("Độc lập - Tự do - Hạnh phúc"));
    let motto_run = between(doc, "<w:r>", "</w:r>")
        .into_iter()
        .find(|r| r.contains("Độc lập - Tự do - Hạnh phúc"))
        .unwrap();
    assert!(motto_run.contains("<w:b ") || motto_run.contains("<w:b/>"));
    assert!(motto_run.contains("<w:u w:val=\"single\""));
    // The agency left to fill in, the number, the place and date, the type and summary.
    assert!(text.contains("……………"), "a blank for the agency");
    assert!(text.contains("Số: …/BC-…"));
    let date_run = between(doc, "<w:r>", "</w:r>")
        .into_iter()
        .find(|r| r.contains("ngày 04 tháng 12 năm 2026"))
        .expect("the place-and-date line");
    assert!(date_run.contains("<w:i "), "the date line is italic");
    assert!(text.contains("BÁO CÁO"));
    assert!(text.contains("Kết quả xem xét các phát hiện của chuyến công tác Đắk Lắk"));
    // The content: trips, reviewers, the round, the findings with their notes and authors.
    for part in [
        "Học tập kinh nghiệm tại Đắk Lắk (2024-03)",
        "lan, minh",
        "từ 2026-12-04 21:04 +07:00 đến 2026-12-04 21:30 +07:00",
        "Chương trình OCOP của tỉnh Đắk Lắk",
        "Đắk Lắk; Gia Lai",
        "Mỗi xã một sản phẩm;",
        "hợp tác xã dẫn đầu.",
        "Cần áp dụng (lan, 2026-12-04 21:04 +07:00)",
        "minh, 2026-12-04 21:10 +07:00: ",
        "=1+1",
        "Áp dụng ở huyện Ea H'leo",
        "Nơi nhận:",
        "- Như trên;",
        "- Lưu: VT.",
        "NGƯỜI BÁO CÁO",
        "(Ký, ghi rõ họ tên)",
    ] {
        assert!(text.contains(part), "missing {part:?}");
    }
    // To apply first, then the rest; the signer's block last.
    let apply = text.find("Chương trình OCOP").unwrap();
    let rest = text.find("Làm việc với UBND tỉnh").unwrap();
    assert!(apply < rest);
    assert!(rest < text.find("NGƯỜI BÁO CÁO").unwrap());
    assert!(doc.contains("w:val=\"Heading3\""), "findings are headings");

    // A4 portrait, the margins in the decree's ranges.
    assert_eq!(attr(doc, "w:pgSz", "w:w").as_deref(), Some("11906"));
    assert_eq!(attr(doc, "w:pgSz", "w:h").as_deref(), Some("16838"));
    let margin = |side: &str| -> f64 { attr(doc, "w:pgMar", side).unwrap().parse().unwrap() };
    for (side, lo, hi) in [
        ("w:top", 20.0, 25.0),
        ("w:bottom", 20.0, 25.0),
        ("w:left", 30.0, 35.0),
        ("w:right", 15.0, 20.0),
    ] {
        let m = margin(side);
        assert!(
            m >= twips(lo) - 0.5 && m <= twips(hi) + 0.5,
            "{side} = {m} twips"
        );
    }
    // Times New Roman, black, 13–14 pt.
    let styles = &files["word/styles.xml"];
    assert!(styles.contains("w:ascii=\"Times New Roman\""));
    assert!(styles.contains("w:hAnsi=\"Times New Roman\""));
    let body_size: u32 = between(styles, "<w:rPrDefault>", "</w:rPrDefault>")
        .first()
        .and_then(|d| attr(d, "w:sz", "w:val"))
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (26..=28).contains(&body_size),
        "body at {body_size} half-points"
    );
    // Black: no theme colour, every colour set is black or automatic.
    for xml in [doc, styles] {
        assert!(!xml.contains("w:themeColor"));
        for colour in between(xml, "<w:color w:val=\"", "\"") {
            assert!(matches!(colour, "000000" | "auto"), "colour {colour}");
        }
    }

    // Page numbers from the second page: a different first page, a PAGE field in the header.
    assert!(doc.contains("<w:titlePg"), "a different first page");
    assert!(doc.contains("w:type=\"first\""));
    assert!(doc.contains("w:type=\"default\""));
    let numbered: Vec<&String> = files
        .iter()
        .filter(|(name, _)| name.starts_with("word/header"))
        .map(|(_, xml)| xml)
        .filter(|xml| xml.contains("<w:instrText>PAGE</w:instrText>"))
        .collect();
    assert_eq!(numbered.len(), 1, "one header has the page number");
    assert!(numbered[0].contains("w:val=\"center\""), "centred");

    for (name, xml) in &files {
        no_controls(name, xml);
    }
    assert!(
        text.contains("Đỏ␛[31m chuông␇ hết␀"),
        "controls shown, not obeyed"
    );
}

#[test]
fn the_word_totals_tables_add_up() {
    let r = report(Lang::Vi);
    let files = unzip(&docx::write(&r).unwrap());
    let tables = word_tables(&files["word/document.xml"]);
    let by_status = tables
        .iter()
        .find(|t| t[0][0] == "Trạng thái")
        .expect("a table by status");
    assert_eq!(by_status[0], ["Trạng thái", "Số phát hiện"]);
    let (total, counts) = by_status[1..].split_last().unwrap();
    assert_eq!(total[0], "Tổng cộng");
    let sum: usize = counts
        .iter()
        .map(|row| row[1].parse::<usize>().unwrap())
        .sum();
    assert_eq!(sum, total[1].parse::<usize>().unwrap());
    assert_eq!(sum, r.totals.records);
    assert_eq!(counts[0], ["Cần áp dụng", "2"]);

    let by_reviewer = tables.iter().find(|t| t[0][0] == "Người xem xét").unwrap();
    assert_eq!(by_reviewer[1..], [["lan", "1"], ["minh", "1"]]);
    let by_province = tables
        .iter()
        .find(|t| t[0][0] == "Tỉnh, thành phố")
        .unwrap();
    assert_eq!(by_province[1..], [["Đắk Lắk", "3"], ["Gia Lai", "1"]]);
}

#[test]
fn the_agency_heads_the_word_report_in_capitals() {
    let mut r = report(Lang::Vi);
    r.agency = Some("Sở Nội vụ tỉnh Gia Lai".into());
    let files = unzip(&docx::write(&r).unwrap());
    let text = word_text(&files["word/document.xml"]);
    assert!(text.contains("SỞ NỘI VỤ TỈNH GIA LAI"));
    assert!(!text.contains("……………"));
}

#[test]
fn the_english_word_report_has_the_content_without_the_formalities() {
    let r = report(Lang::En);
    let files = unzip(&docx::write(&r).unwrap());
    let doc = &files["word/document.xml"];
    let text = word_text(doc);
    for absent in ["CỘNG HÒA", "Độc lập", "BÁO CÁO", "Nơi nhận", "Số: "] {
        assert!(!text.contains(absent), "{absent:?} in the English report");
    }
    for present in [
        "Kết quả xem xét các phát hiện",
        "Reviewers",
        "By status",
        "To apply (lan, 2026-12-04 21:04 +07:00)",
        "=1+1",
    ] {
        assert!(text.contains(present), "missing {present:?}");
    }
    assert_eq!(attr(doc, "w:pgSz", "w:w").as_deref(), Some("11906"));
    assert!(files["word/styles.xml"].contains("Times New Roman"));
}

/// Status headings start with a capital as in the Markdown report ("Đã xem xét", not "đã xem
/// xét"); the file names its maker and the report's time, not "unknown" and 1970; nothing but
/// a paragraph one point high follows the signer's block, kept whole on its page, so no blank
/// last page (its room for the signature spilled onto one).
#[test]
fn the_word_report_is_finished_to_the_last_page() {
    let mut r = report(Lang::Vi);
    r.sections[1].heading = "đã xem xét".into();
    let files = unzip(&docx::write(&r).unwrap());
    let doc = &files["word/document.xml"];
    let text = word_text(doc);
    assert!(text.contains("2. Đã xem xét (1)"), "{text}");
    assert!(!text.contains("đã xem xét (1)"));

    let core = &files["docProps/core.xml"];
    assert!(core.contains("<dc:creator>findings</dc:creator>"), "{core}");
    assert!(!core.contains("unknown"), "{core}");
    assert!(!core.contains("1970"), "{core}");
    // 22:00 at +07:00 is 15:00 UTC.
    assert!(
        core.contains(">2026-12-04T15:00:00Z</dcterms:created>"),
        "{core}"
    );
    assert!(
        core.contains(">2026-12-04T15:00:00Z</dcterms:modified>"),
        "{core}"
    );

    let closing = word_tables(doc).len() - 1;
    let closing = between(doc, "<w:tbl>", "</w:tbl>")[closing];
    assert!(closing.contains("NGƯỜI BÁO CÁO"));
    assert!(
        closing.contains("<w:cantSplit"),
        "the signer's block kept whole"
    );
    let body = between(doc, "<w:body>", "<w:sectPr").pop().unwrap();
    let (_, after_table) = body.rsplit_once("</w:tbl>").unwrap();
    let last = between(after_table, "<w:p", "</w:p>");
    assert_eq!(
        last.len(),
        1,
        "one paragraph after the signer's block: {after_table}"
    );
    assert!(!last[0].contains("<w:t"), "an empty one");
    assert!(last[0].contains("w:lineRule=\"exact\""), "{}", last[0]);
    let height: u32 = attr(last[0], "w:spacing", "w:line")
        .unwrap()
        .parse()
        .unwrap();
    assert!(height <= 40, "{height} twips high");
}

#[test]
fn the_date_line_follows_the_decree() {
    assert_eq!(
        docx::place_and_date("2026-12-04"),
        "……, ngày 04 tháng 12 năm 2026"
    );
    assert_eq!(
        docx::place_and_date("2026-02-15"),
        "……, ngày 15 tháng 02 năm 2026"
    );
    assert_eq!(
        docx::place_and_date("2026-03-05"),
        "……, ngày 05 tháng 3 năm 2026"
    );
    assert_eq!(docx::place_and_date("soon"), "……, ngày … tháng … năm …");
}

/// One sheet's cells by reference ("B3"): shared strings resolved, numbers as written.
struct Sheet {
    xml: String,
    cells: HashMap<String, String>,
}

fn read_sheets(files: &HashMap<String, String>) -> Vec<(String, Sheet)> {
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
            let mut cells = HashMap::new();
            for c in between(&xml, "<c ", "</c>") {
                let head = &c[..c.find('>').unwrap()];
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
            (name, Sheet { xml, cells })
        })
        .collect()
}

#[test]
fn the_excel_report_has_totals_then_a_sheet_per_status() {
    let r = report(Lang::Vi);
    let files = unzip(&xlsx::write(&r).unwrap());
    let sheets = read_sheets(&files);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["Tổng hợp", "Cần áp dụng", "Chưa xem xét"]);

    let (_, apply) = &sheets[1];
    // The header row, frozen, filters on.
    assert_eq!(apply.cells["A1"], "Tiêu đề");
    assert_eq!(apply.cells["D1"], "Nội dung");
    assert_eq!(apply.cells["J1"], "Ghi chú 1");
    assert_eq!(apply.cells["K1"], "Ghi chú 2");
    assert!(apply.xml.contains("state=\"frozen\""));
    assert!(apply.xml.contains("ySplit=\"1\""));
    assert!(apply.xml.contains("<autoFilter ref=\"A1:K3\""));
    // The cells, Vietnamese in the shared strings.
    assert_eq!(apply.cells["A2"], "Chương trình OCOP của tỉnh Đắk Lắk");
    assert_eq!(apply.cells["C2"], "Đắk Lắk; Gia Lai");
    assert_eq!(
        apply.cells["D2"],
        "Mỗi xã một sản phẩm;\nhợp tác xã dẫn đầu."
    );
    assert_eq!(apply.cells["F2"], "lan");
    assert_eq!(apply.cells["H2"], "Có");
    assert_eq!(
        apply.cells["J2"],
        "lan, 2026-12-04 21:05 +07:00: Áp dụng ở huyện Ea H'leo"
    );
    assert!(files["xl/sharedStrings.xml"].contains("Chương trình OCOP của tỉnh Đắk Lắk"));
    // A note that looks like a formula is a string, never a formula.
    assert_eq!(apply.cells["K2"], "minh, 2026-12-04 21:10 +07:00: =1+1");
    for (_, sheet) in &sheets {
        assert!(!sheet.xml.contains("<f>"), "a formula in a sheet");
    }
    // Widths by characters, not bytes: the title column fits its 34 characters (49 bytes).
    let title = "Chương trình OCOP của tỉnh Đắk Lắk";
    let width: f64 = attr(&apply.xml, "col", "width").unwrap().parse().unwrap();
    let chars = title.chars().count() as f64;
    assert!(
        width >= chars && width < title.len() as f64,
        "width {width}"
    );

    for (name, xml) in &files {
        no_controls(name, xml);
    }
    assert!(files["xl/sharedStrings.xml"].contains("Đỏ␛[31m chuông␇ hết␀"));
}

#[test]
fn a_formula_looking_note_keeps_a_quote_prefix() {
    let r = report(Lang::Vi);
    let files = unzip(&xlsx::write(&r).unwrap());
    let sheets = read_sheets(&files);
    let (_, unreviewed) = &sheets[2];
    assert_eq!(unreviewed.cells["A2"], "Làm việc với UBND tỉnh");
    assert_eq!(
        unreviewed.cells["J1"], "Ghi chú 1",
        "a notes column even when none"
    );

    // A cell that starts like a formula is typed as a string and styled with the quote
    // prefix, so editing it in Excel keeps it text.
    let mut r = report(Lang::Vi);
    r.sections[1].findings[0].title = "=HYPERLINK(\"x\")".into();
    let files = unzip(&xlsx::write(&r).unwrap());
    let sheets = read_sheets(&files);
    let (_, unreviewed) = &sheets[2];
    assert_eq!(unreviewed.cells["A2"], "=HYPERLINK(\"x\")");
    let a2 = between(&unreviewed.xml, "<c r=\"A2\"", ">")[0];
    assert!(a2.contains("t=\"s\""), "a shared string: {a2}");
    assert!(files["xl/styles.xml"].contains("quotePrefix=\"1\""));
}

/// A note longer than a cell holds (32,767 characters) is cut saying so, in the report's
/// language; the cell stays within Excel's limit.
#[test]
fn a_note_too_long_for_a_cell_says_it_was_cut() {
    for (lang, mark) in [
        (
            Lang::Vi,
            "… (bị cắt: một ô chứa tối đa 32.767 ký tự; toàn bộ ghi chú có trong findings)",
        ),
        (
            Lang::En,
            "… (cut: a cell holds 32,767 characters; the whole note is in findings)",
        ),
    ] {
        let mut r = report(lang);
        r.sections[0].findings[0].notes[0].text = "Đắk Lắk ".repeat(5000);
        let files = unzip(&xlsx::write(&r).unwrap());
        let sheets = read_sheets(&files);
        let cell = &sheets[1].1.cells["J2"];
        assert!(
            cell.ends_with(mark),
            "{lang:?}: {}",
            &cell[cell.len() - 200..]
        );
        assert_eq!(cell.chars().count(), 32_767);
        assert!(cell.starts_with("lan, 2026-12-04 21:05 +07:00: Đắk Lắk Đắk Lắk"));
        // A note that fits is whole.
        assert_eq!(
            sheets[1].1.cells["K2"],
            "minh, 2026-12-04 21:10 +07:00: =1+1"
        );
    }
}

#[test]
fn the_excel_totals_add_up() {
    let r = report(Lang::Vi);
    let files = unzip(&xlsx::write(&r).unwrap());
    let sheets = read_sheets(&files);
    let (_, totals) = &sheets[0];
    let cell = |r: u32, c: char| {
        totals
            .cells
            .get(&format!("{c}{r}"))
            .cloned()
            .unwrap_or_default()
    };
    let row_of = |label: &str| (1..100).find(|&i| cell(i, 'A') == label).unwrap();

    assert_eq!(cell(1, 'A'), r.title);
    assert_eq!(cell(row_of("Số phát hiện"), 'B'), "3");
    assert_eq!(cell(row_of("Người xem xét"), 'B'), "lan, minh");

    // The block by status: its rows add up to the total row and to the records.
    let start = row_of("Trạng thái");
    assert_eq!(cell(start, 'B'), "Số phát hiện");
    let end = row_of("Tổng cộng");
    let sum: usize = (start + 1..end)
        .map(|i| cell(i, 'B').parse::<usize>().unwrap())
        .sum();
    assert_eq!(sum, 3);
    assert_eq!(cell(end, 'B'), "3");
    assert_eq!(cell(start + 1, 'A'), "Cần áp dụng");

    let province = row_of("Tỉnh, thành phố");
    assert_eq!(cell(province + 1, 'A'), "Đắk Lắk");
    assert_eq!(cell(province + 1, 'B'), "3");
    assert_eq!(cell(province + 2, 'A'), "Gia Lai");
}

#[test]
fn sheet_names_are_made_valid_and_unique() {
    let mut r = report(Lang::En);
    r.sections[0].heading = "To apply: [first]/*?\\ and a name far longer than Excel allows".into();
    r.sections[1].heading = "Totals".into();
    let files = unzip(&xlsx::write(&r).unwrap());
    let sheets = read_sheets(&files);
    let names: Vec<&str> = sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names[0], "Totals");
    assert_eq!(names[2], "Totals (2)");
    assert!(names[1].chars().count() <= 31);
    assert!(!names[1].contains(['[', ']', ':', '*', '?', '/', '\\']));
    assert!(names[1].starts_with("To apply first"));
    assert_eq!(sheets[1].1.cells["A1"], "Title");
}
