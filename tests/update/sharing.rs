//! Copying a citation and exporting what the list shows.

use super::*;

#[test]
fn y_copies_a_citation_and_says_so_until_the_next_key() {
    use base64::Engine;
    let mut s = state((80, 24));
    update(&mut s, Command::Down); // m-dak-lak
    let outcome = update(&mut s, Command::CopyCitation);
    let [Effect::Copy {
        text: copied,
        sequence: seq,
    }] = outcome.effects.as_slice()
    else {
        panic!("{:?}", outcome.effects)
    };
    let payload = seq
        .trim_start_matches("\x1b]52;c;")
        .trim_end_matches('\x07');
    let text = base64::engine::general_purpose::STANDARD
        .decode(payload)
        .unwrap();
    let text = String::from_utf8(text).unwrap();
    assert_eq!(
        text,
        "Làm việc với Sở Lao động – Thương binh và Xã hội tỉnh Đắk Lắk — Đắk Lắk, \
         Chuyến học tập kinh nghiệm tại Tây Nguyên 🌄, m-dak-lak",
        "title — places, trip, id"
    );
    assert_eq!(copied, &text, "the sequence carries the text");
    assert_eq!(
        s.notice,
        Some(findings::app::state::Notice::Said(
            findings::i18n::Msg::Copied
        ))
    );
    update(&mut s, Command::Down);
    assert_eq!(s.notice, None);
    let md = update(&mut s, Command::CopyMarkdown);
    assert!(matches!(md.effects.as_slice(), [Effect::Copy { .. }]));
}

#[test]
fn e_picks_a_format_then_a_file_and_asks_before_replacing() {
    use findings::app::dialog::{Ask, Dialog, Pick};
    use findings::app::effect::ExportProblem;
    use findings::export::ExportFormat;
    let mut s = state((80, 24));
    update(&mut s, Command::GoToTab(2)); // the meetings
    let listed = s.rows.clone();
    update(&mut s, Command::Export);
    assert!(matches!(
        s.dialog,
        Some(Dialog::Pick {
            pick: Pick::Format,
            selected: 0
        })
    ));
    // Keys go to the dialog: j moves in it, not in the list.
    update(&mut s, Event::DialogChar('j'));
    assert_eq!(s.selected, 0);
    update(&mut s, Command::DialogConfirm);
    let Some(Dialog::Prompt { ask, input }) = &s.dialog else {
        panic!("{:?}", s.dialog)
    };
    assert_eq!(*ask, Ask::ExportFile(ExportFormat::Csv));
    assert_eq!(input, "findings.csv", "the offered name");
    update(&mut s, Command::DialogBackspace);
    update(&mut s, Command::DialogBackspace);
    update(&mut s, Command::DialogBackspace);
    update(&mut s, Event::DialogChar('t'));
    update(&mut s, Event::DialogChar('s'));
    update(&mut s, Event::DialogChar('v'));
    let outcome = update(&mut s, Command::DialogConfirm);
    let [Effect::Export(job)] = outcome.effects.as_slice() else {
        panic!("{:?}", outcome.effects)
    };
    assert_eq!(job.path, std::path::PathBuf::from("findings.tsv"));
    assert_eq!(job.format, ExportFormat::Csv);
    assert_eq!(job.rows, listed, "exactly what the list shows");
    assert!(!job.replace);
    assert!(s.dialog.is_none());
    // The file was there: asked, and only `y` replaces it.
    update(
        &mut s,
        Event::Exported(Err(ExportProblem::Exists(job.clone()))),
    );
    assert!(matches!(s.dialog, Some(Dialog::Overwrite { .. })));
    let kept = update(&mut s, Event::DialogChar('n'));
    assert!(kept.effects.is_empty() && s.dialog.is_none());
    // Enter, pressed once more after accepting the name, keeps the file too.
    update(
        &mut s,
        Event::Exported(Err(ExportProblem::Exists(job.clone()))),
    );
    let kept = update(&mut s, Command::DialogConfirm);
    assert!(kept.effects.is_empty() && s.dialog.is_none());
    update(
        &mut s,
        Event::Exported(Err(ExportProblem::Exists(job.clone()))),
    );
    let replaced = update(&mut s, Event::DialogChar('y'));
    let [Effect::Export(again)] = replaced.effects.as_slice() else {
        panic!("{:?}", replaced.effects)
    };
    assert!(again.replace);
    assert_eq!(again.rows, listed);
    update(
        &mut s,
        Event::Exported(Ok((listed.len(), "findings.tsv".into()))),
    );
    let notice = format!("{:?}", s.notice);
    assert!(notice.contains("findings.tsv"), "{notice}");
    // Esc closes a dialog without doing anything.
    update(&mut s, Command::SaveView);
    let cancelled = update(&mut s, Command::DialogCancel);
    assert!(cancelled.effects.is_empty() && s.dialog.is_none());
}

#[test]
fn p_shows_what_y_and_capital_y_copy_in_a_popup() {
    use findings::app::dialog::Dialog;
    let mut s = state((80, 24));
    update(&mut s, Command::Down); // m-dak-lak
    update(&mut s, Command::ShowCopy);
    let Some(Dialog::Text { text, .. }) = &s.dialog else {
        panic!("{:?}", s.dialog)
    };
    assert!(
        text.starts_with("Làm việc với Sở Lao động – Thương binh và Xã hội tỉnh Đắk Lắk — Đắk Lắk"),
        "{text}"
    );
    assert!(
        text.contains("- id: `m-dak-lak`"),
        "the Markdown too: {text}"
    );
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "{text:?}"
    );
    update(&mut s, Event::DialogChar('q'));
    assert!(s.dialog.is_none());
}

#[test]
fn e_offers_the_review_report_and_writes_it_through_the_export_job() {
    use findings::app::dialog::{Ask, Dialog};
    use findings::export::{ExportFormat, ReportFormat};
    use findings::tui::driver::{Driver, Files};
    let dir = tempfile::tempdir().unwrap();
    let mut s = state((80, 24));
    let mut driver = Driver::new(&s, Files::default());
    driver.step(&mut s, Command::Export);
    // After the list's four forms (Markdown, CSV, JSON, a workbook): the report as Markdown,
    // Word, Excel.
    for _ in 0..4 {
        driver.step(&mut s, Event::DialogChar('j'));
    }
    assert!(driver.screen_text().contains("Review report, Word (.docx)"));
    driver.step(&mut s, Command::DialogConfirm);
    let Some(Dialog::Prompt { ask, input }) = &s.dialog else {
        panic!("{:?}", s.dialog)
    };
    assert_eq!(
        *ask,
        Ask::ExportFile(ExportFormat::Report(ReportFormat::Markdown))
    );
    for _ in 0..input.chars().count() {
        driver.step(&mut s, Command::DialogBackspace);
    }
    let file = dir.path().join("report.md");
    driver.step(&mut s, Event::Paste(file.display().to_string()));
    driver.step(&mut s, Command::DialogConfirm);
    let notice = format!("{:?}", s.notice);
    assert!(notice.contains("report.md"), "{notice}");
    let md = std::fs::read_to_string(&file).expect("the report was written");
    assert!(md.starts_with("# Review report\n"), "{md}");
    let listed = s.rows.len();
    assert!(md.contains(&format!("Findings: {listed}\n")), "{md}");
    assert!(
        md.contains("\n## Unreviewed ("),
        "nothing reviewed yet: {md}"
    );
}

#[test]
fn e_writes_a_workbook_that_imports_back_as_the_records_listed() {
    use findings::app::dialog::{Ask, Dialog};
    use findings::export::ExportFormat;
    use findings::tui::driver::{Driver, Files};
    let dir = tempfile::tempdir().unwrap();
    let mut s = state((80, 24));
    let mut driver = Driver::new(&s, Files::default());
    driver.step(&mut s, Command::Export);
    for _ in 0..3 {
        driver.step(&mut s, Event::DialogChar('j'));
    }
    assert!(
        driver.screen_text().contains("Excel workbook (.xlsx)"),
        "{}",
        driver.screen_text()
    );
    driver.step(&mut s, Command::DialogConfirm);
    let Some(Dialog::Prompt { ask, input }) = &s.dialog else {
        panic!("{:?}", s.dialog)
    };
    assert_eq!(*ask, Ask::ExportFile(ExportFormat::Workbook));
    assert!(input.ends_with(".xlsx"), "{input}");
    for _ in 0..input.chars().count() {
        driver.step(&mut s, Command::DialogBackspace);
    }
    let file = dir.path().join("d.xlsx");
    driver.step(&mut s, Event::Paste(file.display().to_string()));
    driver.step(&mut s, Command::DialogConfirm);
    let imported = findings::model::import::import(&[file]);
    assert!(imported.json.is_some(), "{:?}", imported.diagnostics);
    let listed = s.rows.len();
    assert_eq!(imported.counts.iter().sum::<usize>(), listed);
}

/// The export offers the open view's name as a file name a shell takes as it is: Vietnamese
/// folded to ASCII, letters, digits, `-` and `_` only.
#[test]
fn the_offered_export_name_is_safe_for_a_shell() {
    use findings::app::dialog::Dialog;
    let mut s = state((80, 24));
    s.view_name = Some("Đắk Nông – lao động nước ngoài".into());
    update(&mut s, Command::Export);
    update(&mut s, Command::DialogConfirm);
    let Some(Dialog::Prompt { input, .. }) = &s.dialog else {
        panic!("{:?}", s.dialog)
    };
    let (stem, extension) = input
        .split_once('.')
        .expect("a file name with its extension");
    assert_eq!(stem, "dak-nong-lao-dong-nuoc-ngoai");
    assert!(
        extension.chars().all(|c| c.is_ascii_alphanumeric()),
        "{input}"
    );
}
