//! The dataset as a workbook: one sheet per kind, one column per field. This is the one
//! description of that layout; the template (`findings template`), the importer and the
//! exporter all read it, so a workbook written by one is read by the others.
//!
//! A sheet's first three rows are its header: the column's name in the user's language, what
//! it holds and how it is written, and the field's JSON name (what the importer matches
//! columns by, so a column moved or renamed still reads). Records follow, one per row. The
//! first column marks the example row the template carries, which is never imported.

use super::record::{Kind, Record};

/// How a column's cells are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    /// One line of text.
    Text,
    /// Long text; new lines are kept.
    LongText,
    /// Several values, separated by `;` or new lines.
    List,
    /// A record's id (`trip`): a link to a record of that kind.
    Link(Kind),
    /// Several ids, separated by `;` or new lines.
    Links(Kind),
    /// `2024`, `2024-03` or `2024-03-11`.
    Date,
    /// A whole number.
    Number,
}

/// One column of a sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    /// The field in the dataset, dotted for a nested one (`leader.name`, `en.title`).
    pub json: &'static str,
    /// The single-value form the same column also reads and writes (`meeting` beside
    /// `meetings`): docs/format.md, "Records".
    pub single: Option<&'static str>,
    pub value: Value,
    /// Required: the record is an error without it (the id is made from the title instead).
    pub required: bool,
    vi: &'static str,
    en: &'static str,
}

/// The two languages a sheet's words come in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Words {
    Vi,
    En,
}

impl Column {
    /// The column's name in `words`; a column of English text ends in ` (en)`.
    pub fn label(&self, words: Words) -> String {
        let name = match words {
            Words::Vi => self.vi,
            Words::En => self.en,
        };
        let star = if self.required { " *" } else { "" };
        match self.json.strip_prefix("en.") {
            Some(_) => format!("{name} (en){star}"),
            None => format!("{name}{star}"),
        }
    }

    /// What the column holds and how it is written, in `words`.
    pub fn hint(&self, words: Words) -> String {
        let vi = matches!(words, Words::Vi);
        let how = match self.value {
            Value::Text => pick(vi, "Văn bản một dòng", "One line of text"),
            Value::LongText => pick(
                vi,
                "Văn bản dài; xuống dòng để tách đoạn",
                "Long text; new lines separate paragraphs",
            ),
            Value::List => pick(
                vi,
                "Danh sách: tách bằng ; hoặc xuống dòng (mục có dấu ; thì để trong \"ngoặc kép\")",
                "A list: separate with ; or new lines (an item holding ; goes in \"quotes\")",
            ),
            Value::Link(_) => pick(vi, "Mã (id) của một", "The id of a"),
            Value::Links(_) => pick(
                vi,
                "Danh sách mã (id), tách bằng ; hoặc xuống dòng, của",
                "Ids separated by ; or new lines, of",
            ),
            Value::Date => pick(
                vi,
                "Ngày: 2024, 2024-03 hoặc 2024-03-11 (chỉ ghi điều nguồn cho biết)",
                "A date: 2024, 2024-03 or 2024-03-11 (as precise as the source)",
            ),
            Value::Number => pick(vi, "Số nguyên", "A whole number"),
        };
        let how = match self.value {
            // "The id of a trip", "Mã (id) của một chuyến đi".
            Value::Link(kind) if !vi => format!("{how} {}", kind.name()),
            Value::Link(kind) | Value::Links(kind) => {
                format!("{how} {}", sheet_name(kind, words).to_lowercase())
            }
            _ => how.to_string(),
        };
        let rule = if self.json == "id" {
            pick(
                vi,
                ". Chữ không dấu, số, . _ -; để trống thì lấy từ tiêu đề",
                ". Letters without marks, digits, . _ -; left empty, made from the title",
            )
        } else if self.required {
            pick(vi, ". Bắt buộc", ". Required")
        } else {
            ""
        };
        format!("{how}{rule}")
    }
}

fn pick(vi: bool, in_vi: &'static str, in_en: &'static str) -> &'static str {
    if vi {
        in_vi
    } else {
        in_en
    }
}

/// The sheet of one kind's records.
pub fn sheet_name(kind: Kind, words: Words) -> &'static str {
    match (kind, words) {
        (Kind::Trip, Words::Vi) => "Chuyến đi",
        (Kind::Meeting, Words::Vi) => "Buổi làm việc",
        (Kind::Experience, Words::Vi) => "Kinh nghiệm",
        (Kind::Visit, Words::Vi) => "Tham quan",
        (Kind::Trip, Words::En) => "Trips",
        (Kind::Meeting, Words::En) => "Meetings",
        (Kind::Experience, Words::En) => "Experiences",
        (Kind::Visit, Words::En) => "Visits",
    }
}

/// Every sheet name findings reads, in both languages, for messages.
pub fn sheet_names_listed() -> String {
    [Words::Vi, Words::En]
        .iter()
        .flat_map(|&w| Kind::ALL.map(|k| sheet_name(k, w)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The kind a sheet holds, from its name in either language (or the kind's own name, as a
/// CSV file is named: `meetings.csv`).
pub fn kind_of_sheet(name: &str) -> Option<Kind> {
    let name = name.trim().to_lowercase();
    Kind::ALL.into_iter().find(|&kind| {
        [Words::Vi, Words::En]
            .iter()
            .any(|&w| sheet_name(kind, w).to_lowercase() == name)
            || name == kind.name()
            || name == kind.collection()
            // The visits sheet's name in the first templates.
            || (kind == Kind::Visit && name == "mô hình")
    })
}

/// The rows of a sheet's header; records start on the row after.
pub const HEADER_ROWS: u32 = 3;
/// The header row that holds each column's JSON name (counted from 0).
pub const JSON_ROW: u32 = 2;

/// The first column's header, and what it says on the example row (either language's word
/// marks it when reading).
pub fn marker_label(words: Words) -> &'static str {
    match words {
        Words::Vi => "Ví dụ?",
        Words::En => "Example?",
    }
}
pub fn example_mark(words: Words) -> &'static str {
    match words {
        Words::Vi => "VÍ DỤ",
        Words::En => "EXAMPLE",
    }
}
pub fn marker_hint(words: Words) -> &'static str {
    match words {
        Words::Vi => "Dòng ghi VÍ DỤ chỉ để xem cách ghi, không được nhập; hãy ghi từ dòng dưới",
        Words::En => "A row marked EXAMPLE shows how to write; it is not imported. Write below it",
    }
}
/// True when a header cell is the first column's (either language's `Ví dụ?`).
pub fn is_marker_label(label: &str) -> bool {
    let label = label.trim().to_lowercase();
    [Words::Vi, Words::En]
        .iter()
        .any(|&w| marker_label(w).to_lowercase() == label)
}

/// True when a marker cell says this row is the example.
pub fn is_example(marker: &str) -> bool {
    let marker = marker.trim().to_lowercase();
    [Words::Vi, Words::En]
        .iter()
        .any(|&w| marker == example_mark(w).to_lowercase())
}

const fn col(json: &'static str, value: Value, vi: &'static str, en: &'static str) -> Column {
    Column {
        json,
        single: None,
        value,
        required: false,
        vi,
        en,
    }
}

const ID: Column = Column {
    required: true,
    ..col("id", Value::Text, "Mã", "Id")
};
const TITLE: Column = Column {
    required: true,
    ..col("title", Value::Text, "Tiêu đề", "Title")
};

/// The fields every record has, after `id` and `title` (docs/format.md, "Records").
const COMMON: [Column; 9] = [
    col("short_title", Value::Text, "Tiêu đề ngắn", "Short title"),
    col("summary", Value::LongText, "Tóm tắt", "Summary"),
    col("details", Value::LongText, "Chi tiết", "Details"),
    col("tags", Value::List, "Nhãn", "Tags"),
    col("related", Value::List, "Liên quan (mã)", "Related (ids)"),
    col("en.title", Value::Text, "Tiêu đề", "Title"),
    col("en.short_title", Value::Text, "Tiêu đề ngắn", "Short title"),
    col("en.summary", Value::LongText, "Tóm tắt", "Summary"),
    col("en.details", Value::LongText, "Chi tiết", "Details"),
];

/// The trip a meeting, experience or visit belongs to.
const TRIP_LINK: Column = col(
    "trip",
    Value::Link(Kind::Trip),
    "Chuyến đi (mã)",
    "Trip (id)",
);

const TRIP: [Column; 13] = [
    col("start_date", Value::Date, "Ngày đi", "Start date"),
    col("end_date", Value::Date, "Ngày về", "End date"),
    col("days", Value::Number, "Số ngày", "Days"),
    col("headcount", Value::Number, "Số người", "Headcount"),
    col("programme", Value::Text, "Chương trình", "Programme"),
    col("organizer", Value::Text, "Đơn vị tổ chức", "Organizer"),
    col("leader.name", Value::Text, "Trưởng đoàn", "Leader"),
    col(
        "leader.role",
        Value::Text,
        "Chức vụ trưởng đoàn",
        "Leader's role",
    ),
    col("members", Value::List, "Thành viên", "Members"),
    col("provinces", Value::List, "Các tỉnh", "Provinces"),
    col("source.title", Value::Text, "Nguồn", "Source"),
    col(
        "source.author",
        Value::Text,
        "Tác giả nguồn",
        "Source author",
    ),
    col("source.url", Value::Text, "Liên kết nguồn", "Source URL"),
];

const MEETING: [Column; 6] = [
    TRIP_LINK,
    col("date", Value::Date, "Ngày", "Date"),
    col("province", Value::Text, "Tỉnh", "Province"),
    col("host", Value::Text, "Đơn vị chủ trì", "Host"),
    col("participants", Value::List, "Thành phần", "Participants"),
    col("topics", Value::List, "Chủ đề", "Topics"),
];

const EXPERIENCE: [Column; 6] = [
    TRIP_LINK,
    Column {
        single: Some("meeting"),
        ..col(
            "meetings",
            Value::Links(Kind::Meeting),
            "Buổi làm việc (mã)",
            "Meetings (ids)",
        )
    },
    Column {
        single: Some("province"),
        ..col("provinces", Value::List, "Tỉnh", "Provinces")
    },
    col("topic", Value::Text, "Chủ đề", "Topic"),
    col("shared_by", Value::List, "Người chia sẻ", "Shared by"),
    col("lessons", Value::List, "Bài học", "Lessons"),
];

const VISIT: [Column; 10] = [
    TRIP_LINK,
    col("date", Value::Date, "Ngày", "Date"),
    col("province", Value::Text, "Tỉnh", "Province"),
    col("organization", Value::Text, "Đơn vị", "Organization"),
    col("location.village", Value::Text, "Thôn, bản", "Village"),
    col("location.commune", Value::Text, "Xã", "Commune"),
    col("location.district", Value::Text, "Huyện", "District"),
    col(
        "location.province",
        Value::Text,
        "Tỉnh (địa điểm)",
        "Location province",
    ),
    col("products", Value::List, "Sản phẩm", "Products"),
    col("lessons", Value::List, "Bài học", "Lessons"),
];

/// A kind's columns, in order: id, title, the kind's own fields, then the common ones (the
/// English text last).
pub fn columns(kind: Kind) -> Vec<Column> {
    let own: &[Column] = match kind {
        Kind::Trip => &TRIP,
        Kind::Meeting => &MEETING,
        Kind::Experience => &EXPERIENCE,
        Kind::Visit => &VISIT,
    };
    let mut all = vec![ID, TITLE];
    all.extend_from_slice(own);
    all.extend_from_slice(&COMMON);
    all
}

/// A record's value for `column` as a cell shows it: lists joined with `; `, numbers and
/// dates as text; `None` when the record has none.
pub fn cell_text(record: &Record, column: &Column) -> Option<String> {
    let json = record.to_json();
    let mut at = Some(&json);
    for part in column.json.split('.') {
        at = at.and_then(|v| v.get(part));
    }
    let at = at.or_else(|| column.single.and_then(|single| json.get(single)))?;
    match at {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Array(items) if !items.is_empty() => {
            let joined = join_list(
                &items
                    .iter()
                    .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
                    .collect::<Vec<_>>(),
            );
            // A list of one where the column also takes the single form (`provinces: ["X"]`
            // beside `province: "X"`) says it is a list, so it imports back as written.
            match (column.single, items.len()) {
                (Some(_), 1) => Some(format!("{joined};")),
                _ => Some(joined),
            }
        }
        _ => None,
    }
}

/// A list as one cell: items joined with `; `. An item that holds `;` or a new line, or
/// starts with `"`, goes in double quotes (a quote inside doubled, as in CSV), so it reads back
/// as one item.
pub fn join_list(items: &[String]) -> String {
    items
        .iter()
        .map(|item| {
            if item.contains([';', '\n', '\r']) || item.trim_start().starts_with('"') {
                format!("\"{}\"", item.replace('"', "\"\""))
            } else {
                item.clone()
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A cell's list: items separated by `;` or new lines, each trimmed, empty ones dropped; an
/// item that starts with `"` runs to its closing quote (`""` inside is one `"`), separators
/// and all. What `join_list` writes reads back the same.
pub fn split_list(text: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace() && *c != '\n').is_some() {}
        let mut item = String::new();
        if chars.next_if_eq(&'"').is_some() {
            while let Some(c) = chars.next() {
                if c == '"' && chars.next_if_eq(&'"').is_none() {
                    break;
                }
                item.push(c);
            }
            // Whatever follows the closing quote, up to the separator, belongs to the item.
            while let Some(c) = chars.next_if(|c| *c != ';' && *c != '\n') {
                item.push(c);
            }
            let item = item.trim_end_matches([' ', '\t', '\r']);
            items.push(item.to_owned());
        } else {
            while let Some(c) = chars.next_if(|c| *c != ';' && *c != '\n') {
                item.push(c);
            }
            let item = item.trim();
            if !item.is_empty() {
                items.push(item.to_owned());
            }
        }
        if chars.next().is_none() {
            break;
        }
    }
    items.retain(|i| !i.is_empty());
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_of_the_format_has_one_column() {
        for kind in Kind::ALL {
            let cols = columns(kind);
            let mut names: Vec<_> = cols.iter().map(|c| c.json).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), cols.len(), "{kind}: a field twice");
            // The importer finds a column by its label too: no two alike in a sheet.
            for words in [Words::Vi, Words::En] {
                let mut labels: Vec<String> = cols.iter().map(|c| c.label(words)).collect();
                labels.sort_unstable();
                labels.dedup();
                assert_eq!(labels.len(), cols.len(), "{kind}: a label twice");
            }
        }
        let sheets: Vec<_> = Kind::ALL
            .iter()
            .map(|&k| sheet_name(k, Words::Vi))
            .collect();
        assert_eq!(kind_of_sheet(sheets[1]), Some(Kind::Meeting));
        assert_eq!(kind_of_sheet("visits"), Some(Kind::Visit));
        assert_eq!(kind_of_sheet("Trips"), Some(Kind::Trip));
        assert_eq!(kind_of_sheet("buổi làm việc"), Some(Kind::Meeting));
    }

    #[test]
    fn english_columns_say_so() {
        let en = columns(Kind::Trip)
            .into_iter()
            .find(|c| c.json == "en.title")
            .unwrap();
        assert_eq!(en.label(Words::Vi), "Tiêu đề (en)");
        assert!(is_example("ví dụ") && is_example("EXAMPLE") && !is_example(""));
    }

    #[test]
    fn lists_read_back_as_written() {
        let lists: [&[&str]; 6] = [
            &["a", "b"],
            &["one; two", "three"],
            &["line\nbreak"],
            &["\"quoted\" start", "mid \"q\" ok"],
            &["Đắk Lắk"],
            &["x;", ";y", "\"\""],
        ];
        for list in lists {
            let items: Vec<String> = list.iter().map(|s| s.to_string()).collect();
            let cell = join_list(&items);
            assert_eq!(split_list(&cell), items, "{cell:?}");
        }
        assert_eq!(join_list(&["a".into(), "b".into()]), "a; b");
        // As people type them.
        assert_eq!(split_list("a; b\nc;"), ["a", "b", "c"]);
        assert_eq!(split_list(" ; \n "), Vec::<String>::new());
        assert_eq!(split_list("\"unclosed; x"), ["unclosed; x"]);
    }
}
