//! Problems found in dataset files, reported compiler-style: `FILE:LINE:COL: error: MESSAGE`.

use std::fmt;

use super::text;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A line and column, both counted from 1; the column counts characters, not bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// One problem, with where it is and which field it concerns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as the user named it (already safe to print).
    pub file: String,
    /// Absent for problems with the file as a whole (unreadable, not a regular file...).
    pub position: Option<Position>,
    /// The JSON path of the field, such as `meetings[2].province`; empty for the whole file.
    pub path: String,
    pub message: String,
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:", self.file)?;
        if let Some(p) = self.position {
            write!(f, "{p}:")?;
        }
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, " {severity}: ")?;
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

/// Turns byte offsets in one file into line and character column.
///
/// A column counts the characters between the line's start and the offset. A minified file is
/// one line of megabytes, and may hold a hundred thousand problems: counting from the line's
/// start for each would be quadratic. So the characters before every [`CHECKPOINT`]-th byte are
/// counted once, and a column costs at most two partial blocks.
pub struct LineIndex<'a> {
    text: &'a [u8],
    line_starts: Vec<usize>,
    /// `chars_before[k]`: the characters in `text[..k * CHECKPOINT]`.
    chars_before: Vec<usize>,
}

/// Bytes between two counted places.
const CHECKPOINT: usize = 4096;

/// A character starts at every byte that does not continue a UTF-8 sequence (an invalid byte
/// counts as one, as lossy decoding would show it).
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a [u8]) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text).map(|i| i + 1));
        let mut chars_before = Vec::with_capacity(text.len() / CHECKPOINT + 1);
        let mut total = 0;
        chars_before.push(0);
        for block in text.chunks(CHECKPOINT) {
            total += count_chars(block);
            chars_before.push(total);
        }
        LineIndex {
            text,
            line_starts,
            chars_before,
        }
    }

    /// The characters in `text[..offset]`.
    fn chars_to(&self, offset: usize) -> usize {
        let block = offset / CHECKPOINT;
        self.chars_before[block] + count_chars(&self.text[block * CHECKPOINT..offset])
    }

    /// The position of the character that starts at (or contains) byte `offset`.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let column = if offset - start <= CHECKPOINT {
            count_chars(&self.text[start..offset]) + 1
        } else {
            self.chars_to(offset) - self.chars_to(start) + 1
        };
        Position { line, column }
    }

    /// Converts serde_json's line and 1-based byte column into a character position.
    pub fn from_line_byte_column(&self, line: usize, byte_column: usize) -> Position {
        let line = line.clamp(1, self.line_starts.len());
        let start = self.line_starts[line - 1];
        self.position(start + byte_column.saturating_sub(1))
    }
}

/// Quotes a value from a file inside a message, sanitized and cut to a readable length.
pub fn quote(value: &str) -> String {
    const MAX_CHARS: usize = 40;
    let clean = text::inline(value);
    if clean.chars().count() > MAX_CHARS {
        let cut: String = clean.chars().take(MAX_CHARS).collect();
        format!("\"{cut}…\"")
    } else {
        format!("\"{clean}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_on_vietnamese_lines() {
        let text = "{\n  \"tỉnh\": \"Đắk Lắk\", \"x\": 1\n}";
        let index = LineIndex::new(text.as_bytes());
        let offset = text.find("\"x\"").unwrap();
        // `  "tỉnh": "Đắk Lắk", ` is 21 characters but 28 bytes.
        assert_eq!(
            index.position(offset),
            Position {
                line: 2,
                column: 22
            }
        );
        assert_eq!(index.position(0), Position { line: 1, column: 1 });
        assert_eq!(index.position(text.len()), Position { line: 3, column: 2 });
    }

    /// On a minified file (one line of megabytes) every column is the one counting from the
    /// line's start gives, across checkpoints and characters cut by them.
    #[test]
    fn columns_on_a_long_line_match_counting_from_its_start() {
        let mut text = String::from("x\n");
        while text.len() < 5 * CHECKPOINT + 17 {
            text.push_str("{\"tỉnh\":\"Đắk Lắk\"},");
        }
        text.push_str("\nend");
        let index = LineIndex::new(text.as_bytes());
        for offset in (0..=text.len())
            .step_by(7)
            .chain([CHECKPOINT, 2 * CHECKPOINT + 1])
        {
            let before = &text.as_bytes()[..offset];
            let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
            let naive = count_chars(&text.as_bytes()[line_start..offset]) + 1;
            assert_eq!(index.position(offset).column, naive, "at byte {offset}");
        }
    }

    #[test]
    fn serde_byte_columns_become_character_columns() {
        let text = "{\n  \"ảb\": [1, 2,, ]}";
        let index = LineIndex::new(text.as_bytes());
        // serde_json reports the second comma at byte column 17; it is the 15th character.
        assert_eq!(
            index.from_line_byte_column(2, 17),
            Position {
                line: 2,
                column: 15
            }
        );
    }

    #[test]
    fn display_is_compiler_style() {
        let d = Diagnostic {
            severity: Severity::Error,
            file: "a.json".into(),
            position: Some(Position { line: 3, column: 7 }),
            path: "meetings[2].province".into(),
            message: "expected a string, found a number".into(),
        };
        assert_eq!(
            d.to_string(),
            "a.json:3:7: error: meetings[2].province: expected a string, found a number"
        );
    }

    #[test]
    fn quotes_are_sanitized_and_cut() {
        assert_eq!(quote("a\u{1b}b"), "\"a\u{241b}b\"");
        assert!(quote(&"x".repeat(100)).ends_with("…\""));
    }
}
