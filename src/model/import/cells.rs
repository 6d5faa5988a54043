//! A cell read as the user meant it, for its column: lists, numbers typed as text, dates a
//! spreadsheet stored as serial days or a person wrote by hand; ids made from titles.

use std::collections::HashSet;

use serde_json::Value as Json;

use super::Cell;
use crate::model::sheets::{self, Column, Value};

/// A cell's value for its column, as the user meant it; `None` for an empty cell.
pub(super) fn value_of(cell: &Cell, column: &Column) -> Result<Option<Json>, String> {
    let text = match cell {
        Cell::Empty => return Ok(None),
        Cell::Broken(e) => return Err(format!("the cell holds the spreadsheet error {e}")),
        Cell::Serial(serial) => match column.value {
            Value::Date => serial_date(*serial),
            _ => number_text(*serial),
        },
        Cell::Number(n) => match column.value {
            Value::Number if n.fract() == 0.0 && *n >= 0.0 => {
                return Ok(Some(Json::from(*n as u64)))
            }
            // A date column: a year typed alone, else a serial number from a cell not
            // formatted as a date.
            Value::Date if *n >= 10_000.0 => serial_date(*n),
            _ => number_text(*n),
        },
        Cell::Text(t) => t.clone(),
    };
    let keep_lines = matches!(column.value, Value::LongText);
    let text = match keep_lines {
        true => text.trim().replace("\r\n", "\n"),
        false => text.trim().to_owned(),
    };
    if text.is_empty() {
        return Ok(None);
    }
    Ok(Some(match column.value {
        Value::List | Value::Links(_) => {
            let mut items = sheets::split_list(&text);
            // A column that also has a single-value form (`province` beside `provinces`): one
            // item with no separator after it is that form, as typed; `X;` is a list of one.
            let list_of_one = text.trim_end().ends_with([';', '\n']);
            match (column.single, items.len()) {
                (Some(_), 1) if !list_of_one => Json::String(items.remove(0)),
                _ => Json::Array(items.into_iter().map(Json::String).collect()),
            }
        }
        // A number typed as text, as meant.
        Value::Number => match text.parse::<u64>() {
            Ok(n) => Json::from(n),
            Err(_) => {
                return Err(format!(
                    "{:?} is not a whole number",
                    crate::model::text::inline(&text)
                ))
            }
        },
        // A serial day written out as text (a CSV file saved from a date cell).
        Value::Date if text.len() == 5 && text.bytes().all(|b| b.is_ascii_digit()) => {
            Json::String(text.parse::<f64>().map(serial_date).unwrap_or(text))
        }
        Value::Date => Json::String(date_text(&text)),
        _ => Json::String(text),
    }))
}

/// `2024.0` as `2024`; other numbers as written.
fn number_text(n: f64) -> String {
    match n.fract() == 0.0 && n.abs() < 1e15 {
        true => format!("{}", n as i64),
        false => n.to_string(),
    }
}

/// A spreadsheet's serial day (days since 1899-12-30, the 1900 leap-year bug included) as
/// `YYYY-MM-DD`.
fn serial_date(serial: f64) -> String {
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30);
    epoch
        .and_then(|e| e.checked_add_signed(chrono::Duration::days(serial.floor() as i64)))
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| number_text(serial))
}

/// A date as Vietnamese write it by hand, `11/03/2024` or `03/2024`, as `2024-03-11`,
/// `2024-03`; anything else as typed (the checker says what is wrong with it).
fn date_text(text: &str) -> String {
    let parts: Vec<&str> = text.split(['/', '.']).collect();
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    match parts.as_slice() {
        [d, m, y] if digits(d) && digits(m) && y.len() == 4 && digits(y) => {
            format!("{y}-{m:0>2}-{d:0>2}")
        }
        [m, y] if digits(m) && m.len() <= 2 && y.len() == 4 && digits(y) => format!("{y}-{m:0>2}"),
        _ => year_first(text).unwrap_or_else(|| text.to_owned()),
    }
}

/// `2025-4-8` or `2025/04/08` as `2025-04-08`, `2025-4` as `2025-04`.
fn year_first(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.split(['-', '/', '.']).collect();
    let digits = |s: &str, most: usize| {
        !s.is_empty() && s.len() <= most && s.chars().all(|c| c.is_ascii_digit())
    };
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && digits(y, 4) && digits(m, 2) && digits(d, 2) => {
            Some(format!("{y}-{m:0>2}-{d:0>2}"))
        }
        [y, m] if y.len() == 4 && digits(y, 4) && digits(m, 2) => Some(format!("{y}-{m:0>2}")),
        _ => None,
    }
}

/// An id from a title: folded (no diacritics, `đ` as `d`, lower case), words joined by `-`,
/// at most 64 characters.
pub fn slug(title: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    // Full-width and other compatibility forms (`Ｔｅｓｔ`) as the letters they stand for.
    let plain: String = title.nfkc().collect();
    let folded = crate::model::fold::fold(&plain);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let mut out: String = out.trim_end_matches('-').chars().take(64).collect();
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// `id`, else `id-2`, `id-3`… the first not taken; taken from then on.
pub(super) fn unique(id: String, taken: &mut HashSet<String>) -> String {
    if id.is_empty() {
        return id;
    }
    let mut candidate = id.clone();
    let mut n = 2;
    while taken.contains(&candidate) {
        let suffix = format!("-{n}");
        let stem: String = id.chars().take(64 - suffix.len()).collect();
        candidate = format!("{stem}{suffix}");
        n += 1;
    }
    taken.insert(candidate.clone());
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::record::Kind;

    #[test]
    fn cells_read_as_meant() {
        let date = sheets::columns(Kind::Meeting)
            .into_iter()
            .find(|c| c.json == "date")
            .unwrap();
        // 2024-03-11 as Excel stores it.
        assert_eq!(
            value_of(&Cell::Serial(45362.0), &date).unwrap(),
            Some(Json::String("2024-03-11".into()))
        );
        assert_eq!(
            value_of(&Cell::Number(2024.0), &date).unwrap(),
            Some(Json::String("2024".into()))
        );
        assert_eq!(
            value_of(&Cell::Text("11/3/2024".into()), &date).unwrap(),
            Some(Json::String("2024-03-11".into()))
        );
        let topics = sheets::columns(Kind::Meeting)
            .into_iter()
            .find(|c| c.json == "topics")
            .unwrap();
        assert_eq!(
            value_of(&Cell::Text("a; b\nc;".into()), &topics).unwrap(),
            Some(serde_json::json!(["a", "b", "c"]))
        );
        let days = sheets::columns(Kind::Trip)
            .into_iter()
            .find(|c| c.json == "days")
            .unwrap();
        assert_eq!(
            value_of(&Cell::Text(" 6 ".into()), &days).unwrap(),
            Some(Json::from(6))
        );
        assert_eq!(
            slug("Làm việc với Sở LĐ-TB&XH tỉnh Đắk Lắk"),
            "lam-viec-voi-so-ld-tb-xh-tinh-dak-lak"
        );
        assert_eq!(super::super::column_letters(0), "A");
        assert_eq!(super::super::column_letters(27), "AB");
    }
}
