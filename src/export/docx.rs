//! The review report as a Word document (`.docx`, written with `docx-rs`): what an office opens,
//! edits and signs. In Vietnamese it is laid out as the country's administrative documents are
//! (Decree 30/2020/NĐ-CP on clerical work): A4 portrait, margins of 20 mm top and bottom, 30 mm
//! left and 15 mm right, Times New Roman in black; the agency and the document number beside
//! the national title and motto; the place-and-date line; "BÁO CÁO" and its summary; page numbers
//! from the second page, centred in the top margin; at the end the recipients and the signer's
//! block. In English the same content without those formalities.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BreakType, Docx, Header, LineSpacing, LineSpacingType, PageMargin, PageNum,
    Paragraph, Run, RunFonts, SpecialIndentType, Style, StyleType, Table, TableCell, TableRow,
    WidthType,
};

use super::report::{capitalized, Finding, Report, Totals};
use crate::i18n::Lang;
use crate::model::text::{self, Lines};

/// A4 portrait, in twentieths of a point (210 × 297 mm).
pub const PAGE_SIZE: (u32, u32) = (11906, 16838);
/// Top and bottom margin: 20 mm, the decree's 20–25 mm (1 mm is 56.7 twips).
pub const MARGIN_TOP_BOTTOM: i32 = 1134;
/// Left margin: 30 mm, the decree's 30–35 mm (room for binding).
pub const MARGIN_LEFT: i32 = 1701;
/// Right margin: 15 mm, the decree's 15–20 mm.
pub const MARGIN_RIGHT: i32 = 851;
/// The header (the page number) sits 10 mm from the top edge, inside the top margin.
const HEADER_DISTANCE: i32 = 567;
/// The width the text runs in, for tables.
const TEXT_WIDTH: usize = (PAGE_SIZE.0 as i32 - MARGIN_LEFT - MARGIN_RIGHT) as usize;
pub const FONT: &str = "Times New Roman";

/// Font sizes in half-points: the body at 14 pt, the decree's 13–14 pt; the national title at
/// 12 pt so it stays on one line in its column; recipients at 11 pt.
const BODY: usize = 28;
const HEADING_SMALL: usize = 26;
const NATIONAL_TITLE: usize = 24;
const RECIPIENTS: usize = 22;
/// First-line indent of body paragraphs: 1.27 cm.
const FIRST_LINE: i32 = 720;

/// The report as the bytes of a `.docx` file.
pub fn write(report: &Report) -> Result<Vec<u8>, String> {
    let lang = report.lang;
    let mut doc = Docx::new()
        .page_size(PAGE_SIZE.0, PAGE_SIZE.1)
        .page_margin(PageMargin {
            top: MARGIN_TOP_BOTTOM,
            bottom: MARGIN_TOP_BOTTOM,
            left: MARGIN_LEFT,
            right: MARGIN_RIGHT,
            header: HEADER_DISTANCE,
            footer: HEADER_DISTANCE,
            gutter: 0,
        })
        .default_fonts(fonts())
        .default_size(BODY)
        .default_line_spacing(LineSpacing::new().before(0).after(120).line(288));
    for (level, id, name) in [
        (0, "Heading1", "heading 1"),
        (1, "Heading2", "heading 2"),
        (2, "Heading3", "heading 3"),
    ] {
        let mut style = Style::new(id, StyleType::Paragraph)
            .name(name)
            .next("Normal")
            .fonts(fonts())
            .size(BODY)
            .color("000000")
            .bold()
            .outline_lvl(level);
        if level == 2 {
            style = style.italic();
        }
        doc = doc.add_style(style);
    }
    // The page number from the second page on: the default header carries a PAGE field, the
    // first page's header (titlePg) is empty.
    let numbered = Header::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_page_num(PageNum::new()),
    );
    doc = doc
        .header(numbered)
        .first_header(Header::new().add_paragraph(Paragraph::new()));

    doc = match lang {
        Lang::Vi => formal_top(doc, report),
        Lang::En => plain_top(doc, report),
    };
    doc = overview(doc, report);
    doc = totals(doc, lang, &report.totals);
    doc = findings(doc, report);
    if lang == Lang::Vi {
        doc = doc.add_table(closing());
    }
    // A body cannot end with a table: a word processor adds a paragraph of the body's size after
    // it, and when the signer's block ends at the foot of a page that paragraph alone makes a
    // last page, blank but for its number. A paragraph one point high never does.
    doc = doc.add_paragraph(
        Paragraph::new()
            .line_spacing(
                LineSpacing::new()
                    .before(0)
                    .after(0)
                    .line(20)
                    .line_rule(LineSpacingType::Exact),
            )
            .size(2),
    );
    if let Some(made) = w3c_time(&report.made) {
        doc = doc.created_at(&made).updated_at(&made);
    }

    let mut xml = doc.build();
    // docx-rs has no way to name the creator: "unknown" would be what the file says.
    xml.doc_props.core = String::from_utf8_lossy(&xml.doc_props.core)
        .replace(
            "<dc:creator>unknown</dc:creator>",
            "<dc:creator>findings</dc:creator>",
        )
        .replace(
            "<cp:lastModifiedBy>unknown</cp:lastModifiedBy>",
            "<cp:lastModifiedBy>findings</cp:lastModifiedBy>",
        )
        .into_bytes();
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(|e| format!("docx: {e}"))?;
    Ok(out.into_inner())
}

/// The report's time (`2026-12-04 22:00 +07:00`) as the document's properties want it, in UTC
/// (`2026-12-04T15:00:00Z`); `None` when it is not a time.
fn w3c_time(local: &str) -> Option<String> {
    chrono::DateTime::parse_from_str(local.trim(), "%Y-%m-%d %H:%M %:z")
        .ok()
        .map(|t| {
            t.with_timezone(&chrono::Utc)
                .format("%Y-%m-%dT%H:%M:%SZ")
                .to_string()
        })
}

/// The Vietnamese or English words for one thing.
fn pick(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

fn fonts() -> RunFonts {
    RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .cs(FONT)
        .east_asia(FONT)
}

/// Text from the data on one line, with nothing a reader (or the XML) would take as control.
fn line(raw: &str) -> String {
    text::inline(raw)
}

/// A run of text from the data, its line breaks kept as Word line breaks.
fn runs(raw: &str, style: impl Fn(Run) -> Run) -> Vec<Run> {
    let clean = text::clean(raw, Lines::Keep);
    let mut out = Vec::new();
    for (i, part) in clean.split('\n').enumerate() {
        let mut run = style(Run::new());
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        out.push(run.add_text(part));
    }
    out
}

fn plain(run: Run) -> Run {
    run
}

fn centred(text: &str, style: impl Fn(Run) -> Run) -> Paragraph {
    let mut p = Paragraph::new()
        .align(AlignmentType::Center)
        .line_spacing(LineSpacing::new().before(0).after(0));
    for r in runs(text, style) {
        p = p.add_run(r);
    }
    p
}

/// A body paragraph: justified, its first line indented.
fn body() -> Paragraph {
    Paragraph::new().align(AlignmentType::Both).indent(
        None,
        Some(SpecialIndentType::FirstLine(FIRST_LINE)),
        None,
        None,
    )
}

/// "Label: value" as a body paragraph, the label in bold.
fn labelled(label: &str, value: &str) -> Paragraph {
    let mut p = body().add_run(Run::new().bold().add_text(format!("{label}: ")));
    for r in runs(value, plain) {
        p = p.add_run(r);
    }
    p
}

fn heading(level: usize, text: &str) -> Paragraph {
    let style = ["Heading1", "Heading2", "Heading3"][level.min(2)];
    let mut p = Paragraph::new()
        .style(style)
        .keep_next(true)
        .line_spacing(LineSpacing::new().before(120).after(120));
    for r in runs(text, plain) {
        p = p.add_run(r);
    }
    p
}

fn cell(width: usize, paragraphs: Vec<Paragraph>) -> TableCell {
    paragraphs
        .into_iter()
        .fold(TableCell::new().width(width, WidthType::Dxa), |c, p| {
            c.add_paragraph(p)
        })
}

/// A table the full width of the text with these column widths, with or without borders.
fn table(widths: &[usize], rows: Vec<TableRow>, borders: bool) -> Table {
    let t = if borders {
        Table::new(rows)
    } else {
        Table::without_borders(rows)
    };
    t.set_grid(widths.to_vec())
        .width(TEXT_WIDTH, WidthType::Dxa)
}

/// The header block of an administrative document: the agency and the number on the left, the
/// national title and motto on the right, then the place-and-date line and the document type
/// with its summary.
fn formal_top(doc: Docx, report: &Report) -> Docx {
    let left = 3600;
    let right = TEXT_WIDTH - left;
    let agency = match &report.agency {
        Some(a) if !line(a).trim().is_empty() => line(a).to_uppercase(),
        // A blank to fill in by hand.
        _ => "……………………………".to_owned(),
    };
    let size = |s: usize| move |r: Run| r.size(s);
    let bold = |s: usize| move |r: Run| r.size(s).bold();
    let top = TableRow::new(vec![
        cell(left, vec![centred(&agency, bold(HEADING_SMALL))]),
        cell(
            right,
            vec![
                centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold(NATIONAL_TITLE)),
                centred("Độc lập - Tự do - Hạnh phúc", |r: Run| {
                    r.size(HEADING_SMALL).bold().underline("single")
                }),
            ],
        ),
    ]);
    let second = TableRow::new(vec![
        cell(left, vec![centred("Số: …/BC-…", size(HEADING_SMALL))]),
        cell(
            right,
            vec![centred(&place_and_date(&report.made_day), |r: Run| {
                r.size(BODY).italic()
            })],
        ),
    ]);
    doc.add_table(table(&[left, right], vec![top, second], false))
        .add_paragraph(Paragraph::new())
        .add_paragraph(centred("BÁO CÁO", bold(BODY)))
        .add_paragraph(centred(&report.title, bold(BODY)))
        .add_paragraph(Paragraph::new())
}

/// "……, ngày 04 tháng 12 năm 2026": the place left to fill in; per the decree a day below 10
/// and the months January and February take a leading zero.
pub fn place_and_date(day: &str) -> String {
    let parts: Vec<u32> = day
        .trim()
        .split('-')
        .filter_map(|p| p.parse().ok())
        .collect();
    match parts.as_slice() {
        [y, m, d] if (1..=12).contains(m) && (1..=31).contains(d) => {
            let month = if *m < 3 {
                format!("{m:02}")
            } else {
                m.to_string()
            };
            format!("……, ngày {d:02} tháng {month} năm {y}")
        }
        _ => "……, ngày … tháng … năm …".to_owned(),
    }
}

/// The English top: the title, the agency when set, the day.
fn plain_top(doc: Docx, report: &Report) -> Docx {
    let mut doc = doc.add_paragraph(centred(&report.title, |r: Run| r.size(32).bold()));
    if let Some(agency) = report.agency.as_deref().filter(|a| !a.trim().is_empty()) {
        doc = doc.add_paragraph(centred(agency, plain));
    }
    doc.add_paragraph(centred(&report.made_day, |r: Run| r.italic()))
        .add_paragraph(Paragraph::new())
}

/// Which trips, who reviewed, when the round ran, when the report was made, how many findings.
fn overview(doc: Docx, report: &Report) -> Docx {
    let lang = report.lang;
    let none = pick(lang, "không có", "none");
    let mut doc = doc.add_paragraph(heading(0, pick(lang, "I. THÔNG TIN CHUNG", "1. Overview")));
    let trips_label = pick(lang, "Chuyến công tác", "Trips");
    if report.trips.is_empty() {
        doc = doc.add_paragraph(labelled(trips_label, none));
    } else {
        doc = doc
            .add_paragraph(body().add_run(Run::new().bold().add_text(format!("{trips_label}:"))));
        for trip in &report.trips {
            let text = match &trip.dates {
                Some(d) => format!("- {} ({})", line(&trip.title), line(d)),
                None => format!("- {}", line(&trip.title)),
            };
            doc = doc.add_paragraph(body().add_run(Run::new().add_text(text)));
        }
    }
    let reviewers: Vec<String> = report.reviewers.iter().map(|r| line(r)).collect();
    let reviewers = if reviewers.is_empty() {
        none.to_owned()
    } else {
        reviewers.join(", ")
    };
    doc = doc.add_paragraph(labelled(
        pick(lang, "Người xem xét", "Reviewers"),
        &reviewers,
    ));
    let ran = match &report.ran {
        Some((from, to)) => match lang {
            Lang::Vi => format!("từ {} đến {}", line(from), line(to)),
            Lang::En => format!("from {} to {}", line(from), line(to)),
        },
        None => pick(lang, "chưa có thay đổi nào", "no change yet").to_owned(),
    };
    doc.add_paragraph(labelled(
        pick(lang, "Thời gian xem xét", "The round ran"),
        &ran,
    ))
    .add_paragraph(labelled(
        pick(lang, "Thời điểm lập báo cáo", "Report made"),
        &line(&report.made),
    ))
    .add_paragraph(labelled(
        pick(lang, "Tổng số phát hiện", "Findings"),
        &report.totals.records.to_string(),
    ))
}

/// The totals: by status (with the total of the findings), by reviewer, by province.
fn totals(doc: Docx, lang: Lang, totals: &Totals) -> Docx {
    let mut doc = doc.add_paragraph(heading(0, pick(lang, "II. TỔNG HỢP KẾT QUẢ", "2. Totals")));
    // (heading, the first column's name, the counts, the total row?, a remark under it)
    let groups = [
        (
            pick(lang, "1. Theo trạng thái", "2.1. By status"),
            pick(lang, "Trạng thái", "Status"),
            &totals.by_status,
            Some(totals.records),
            None,
        ),
        (
            pick(lang, "2. Theo người xem xét", "2.2. By reviewer"),
            pick(lang, "Người xem xét", "Reviewer"),
            &totals.by_reviewer,
            None,
            Some(pick(
                lang,
                "Phát hiện được tính cho người đặt trạng thái sau cùng.",
                "A finding counts for whoever set its status last.",
            )),
        ),
        (
            pick(lang, "3. Theo tỉnh, thành phố", "2.3. By province"),
            pick(lang, "Tỉnh, thành phố", "Province"),
            &totals.by_province,
            None,
            Some(pick(
                lang,
                "Một phát hiện được tính ở mỗi tỉnh, thành phố của nó.",
                "A finding counts under each of its provinces.",
            )),
        ),
    ];
    let count = pick(lang, "Số phát hiện", "Findings");
    for (title, column, counts, total, remark) in groups {
        doc = doc.add_paragraph(heading(1, title));
        if counts.is_empty() {
            doc = doc.add_paragraph(body().add_run(Run::new().italic().add_text(pick(
                lang,
                "Không có.",
                "None.",
            ))));
            continue;
        }
        doc = doc.add_table(count_table(lang, column, count, counts, total));
        if let Some(remark) = remark {
            doc = doc.add_paragraph(note(remark));
        }
    }
    doc
}

/// A small italic remark under a table.
fn note(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().italic().size(HEADING_SMALL).add_text(text))
}

/// A two-column table of counts with a header row, and a total row when `total` is given.
fn count_table(
    lang: Lang,
    column: &str,
    count: &str,
    counts: &[(String, usize)],
    total: Option<usize>,
) -> Table {
    let widths = [TEXT_WIDTH - 2400, 2400];
    let row = |label: &str, n: &str, bold: bool| {
        let style = move |r: Run| if bold { r.bold() } else { r };
        TableRow::new(vec![
            cell(
                widths[0],
                vec![
                    Paragraph::new().add_run(style(Run::new().size(HEADING_SMALL)).add_text(label))
                ],
            ),
            cell(
                widths[1],
                vec![Paragraph::new()
                    .align(AlignmentType::Center)
                    .add_run(style(Run::new().size(HEADING_SMALL)).add_text(n))],
            ),
        ])
    };
    let mut rows = vec![row(column, count, true)];
    for (label, n) in counts {
        rows.push(row(&line(label), &n.to_string(), false));
    }
    if let Some(total) = total {
        rows.push(row(
            pick(lang, "Tổng cộng", "Total"),
            &total.to_string(),
            true,
        ));
    }
    table(&widths, rows, true)
}

/// The findings by status, to apply first: each with its facts, decision and notes.
fn findings(doc: Docx, report: &Report) -> Docx {
    let lang = report.lang;
    let mut doc = doc.add_paragraph(heading(
        0,
        pick(lang, "III. KẾT QUẢ XEM XÉT CHI TIẾT", "3. Findings"),
    ));
    if report.sections.is_empty() {
        return doc.add_paragraph(body().add_run(Run::new().italic().add_text(pick(
            lang,
            "Không có phát hiện nào.",
            "No finding.",
        ))));
    }
    for (i, section) in report.sections.iter().enumerate() {
        let title = format!(
            "{}. {} ({})",
            i + 1,
            capitalized(&line(&section.heading)),
            section.findings.len()
        );
        doc = doc.add_paragraph(heading(1, &title));
        for (j, finding) in section.findings.iter().enumerate() {
            doc = one_finding(doc, lang, &format!("{}.{}.", i + 1, j + 1), finding);
        }
    }
    doc
}

fn one_finding(doc: Docx, lang: Lang, number: &str, f: &Finding) -> Docx {
    let none = pick(lang, "không có", "none");
    let places: Vec<String> = f.places.iter().map(|p| line(p)).collect();
    let places = if places.is_empty() {
        none.to_owned()
    } else {
        places.join("; ")
    };
    let summary = if f.summary.trim().is_empty() {
        none
    } else {
        f.summary.as_str()
    };
    let decision = match &f.decided {
        Some((by, at)) => format!("{} ({}, {})", line(&f.decision), line(by), line(at)),
        None => line(&f.decision),
    };
    let starred = if f.starred {
        pick(lang, "có", "yes")
    } else {
        pick(lang, "không", "no")
    };
    let mut doc = doc
        .add_paragraph(heading(2, &format!("{number} {}", line(&f.title))))
        .add_paragraph(labelled(
            pick(lang, "Loại", "Kind"),
            &format!("{} ({})", line(&f.kind), line(&f.id)),
        ))
        .add_paragraph(labelled(pick(lang, "Địa điểm", "Places"), &places))
        .add_paragraph(labelled(pick(lang, "Nội dung", "What it says"), summary))
        .add_paragraph(labelled(pick(lang, "Quyết định", "Decision"), &decision))
        .add_paragraph(labelled(pick(lang, "Gắn sao", "Starred"), starred));
    let notes_label = pick(lang, "Ghi chú", "Notes");
    if f.notes.is_empty() {
        return doc.add_paragraph(labelled(notes_label, none));
    }
    doc = doc.add_paragraph(body().add_run(Run::new().bold().add_text(format!("{notes_label}:"))));
    for n in &f.notes {
        let mut p = body().add_run(Run::new().add_text("- ")).add_run(
            Run::new()
                .italic()
                .add_text(format!("{}, {}: ", line(&n.author), line(&n.at))),
        );
        for r in runs(&n.text, plain) {
            p = p.add_run(r);
        }
        doc = doc.add_paragraph(p);
    }
    doc
}

/// The recipients on the left, the signer's block on the right with room for the signature.
fn closing() -> Table {
    let left = 4200;
    let right = TEXT_WIDTH - left;
    let recipients = |text: &str| {
        Paragraph::new()
            .line_spacing(LineSpacing::new().before(0).after(0))
            .add_run(Run::new().size(RECIPIENTS).add_text(text))
    };
    let mut signer = vec![
        centred("NGƯỜI BÁO CÁO", |r: Run| r.bold()),
        centred("(Ký, ghi rõ họ tên)", |r: Run| r.italic()),
    ];
    // Room for the signature and the name written under it.
    signer.extend((0..5).map(|_| Paragraph::new()));
    let row = TableRow::new(vec![
        cell(
            left,
            vec![
                Paragraph::new()
                    .line_spacing(LineSpacing::new().before(120).after(0))
                    .add_run(
                        Run::new()
                            .size(NATIONAL_TITLE)
                            .bold()
                            .italic()
                            .add_text("Nơi nhận:"),
                    ),
                recipients("- Như trên;"),
                recipients("- Lưu: VT."),
            ],
        ),
        cell(right, signer),
    ])
    // Whole on one page: split at the foot of a page, the room left for the signature went on
    // to a page of its own, blank but for its number.
    .cant_split();
    table(&[left, right], vec![row], false)
}
