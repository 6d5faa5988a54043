//! Writing results out: CSV as spreadsheets read it, and files written whole or not at all.

use std::path::Path;

/// Rows as CSV: RFC 4180 quoting (the `csv` crate), UTF-8 with a BOM so a spreadsheet shows
/// Vietnamese right, and every cell a spreadsheet would run as a formula made inert.
pub fn csv_with_bom(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(header);
    for row in rows {
        let _ = w.write_record(row.iter().map(|c| inert(c)));
    }
    let bytes = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first), made inert
/// with a leading `'`; a real number such as `-5` stays a number.
pub fn inert(cell: &str) -> String {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        format!("'{cell}")
    } else {
        cell.to_owned()
    }
}

/// Writes `text` to a temporary name beside `path`, then renames it into place: a reader
/// never sees half a file. An existing file is kept unless `force`.
pub fn write_file(path: &Path, text: &str, force: bool) -> Result<(), String> {
    if path.exists() && !force {
        return Err(format!(
            "{}: the file exists; use --force to replace it",
            path.display()
        ));
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".findings-tmp");
    let tmp = std::path::PathBuf::from(tmp);
    std::fs::write(&tmp, text)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            format!("{}: {e}", path.display())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_made_inert_and_numbers_kept() {
        assert_eq!(inert("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(inert("+1+1"), "'+1+1", "a sum is a formula");
        assert_eq!(inert("+5"), "+5", "a number with a sign is still a number");
        assert_eq!(inert("@cmd"), "'@cmd");
        assert_eq!(inert("-5"), "-5");
        assert_eq!(inert("-x"), "'-x");
        assert_eq!(inert("\tx"), "'\tx");
        assert_eq!(inert("Đắk Lắk"), "Đắk Lắk");
    }
}
