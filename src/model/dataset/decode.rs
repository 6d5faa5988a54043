//! A data file's bytes as text: UTF-8 checked (and where it is not, the first bad byte's
//! place), a byte-order mark dropped, and UTF-16 or UTF-32 told apart from it.

use crate::model::diagnostic::{Diagnostic, LineIndex, Severity};
use crate::model::source::SourceFile;

/// The file's text without a BOM, or an error at the first byte that is not UTF-8.
pub(super) fn decode(file: &SourceFile) -> Result<&str, Diagnostic> {
    let bytes = file
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&file.bytes);
    if let Some(encoding) = utf16(bytes) {
        return Err(Diagnostic {
            severity: Severity::Error,
            file: file.name.clone(),
            position: Some(crate::model::diagnostic::Position { line: 1, column: 1 }),
            path: String::new(),
            message: format!(
                "the file is {encoding}, not UTF-8; save it as UTF-8 (in Notepad: Save as, \
                 Encoding: UTF-8)"
            ),
        });
    }
    if is_utf8(bytes) {
        // SAFETY: `is_utf8` checked every byte: the text is UTF-8.
        return Ok(unsafe { std::str::from_utf8_unchecked(bytes) });
    }
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        Diagnostic {
            severity: Severity::Error,
            file: file.name.clone(),
            position: Some(LineIndex::new(bytes).position(at)),
            path: String::new(),
            message: format!(
                "JSON syntax error: invalid UTF-8 (byte 0x{:02X}); save the file as UTF-8",
                bytes[at]
            ),
        }
    })
}

/// True when `bytes` are UTF-8, checked with SIMD (Vietnamese text is mostly characters of two
/// and three bytes, where the standard check goes a byte at a time: 12% of a cold load); what
/// is wrong, and where, is then found by the standard check.
fn is_utf8(bytes: &[u8]) -> bool {
    simdutf8::basic::from_utf8(bytes).is_ok()
}

/// The UTF-16 or UTF-32 a file is written in, if it is: by its byte-order mark, or without one
/// (as some Windows editors save "Unicode"), by the zero bytes beside each ASCII character
/// that every JSON text starts with (`{`, `[`, spaces), in most of its first 64 bytes.
fn utf16(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0xFF, 0xFE, 0, 0, ..] => return Some("UTF-32 (little-endian)"),
        [0, 0, 0xFE, 0xFF, ..] => return Some("UTF-32 (big-endian)"),
        [c, 0, 0, 0, ..] if *c != 0 && c.is_ascii() => {
            return Some("UTF-32 (little-endian, without a byte-order mark)")
        }
        [0, 0, 0, c, ..] if *c != 0 && c.is_ascii() => {
            return Some("UTF-32 (big-endian, without a byte-order mark)")
        }
        [0xFF, 0xFE, ..] => return Some("UTF-16 (little-endian)"),
        [0xFE, 0xFF, ..] => return Some("UTF-16 (big-endian)"),
        _ => {}
    }
    let head = &bytes[..bytes.len().min(64) & !1];
    let pairs = head.len() / 2;
    if pairs == 0 {
        return None;
    }
    let count = |zero_first: bool| {
        head.chunks_exact(2)
            .filter(|p| {
                let (zero, ascii) = if zero_first {
                    (p[0], p[1])
                } else {
                    (p[1], p[0])
                };
                zero == 0 && ascii != 0 && ascii.is_ascii()
            })
            .count()
    };
    let looks = |zero_first: bool| {
        let first = &head[..2];
        let (zero, ascii) = if zero_first {
            (first[0], first[1])
        } else {
            (first[1], first[0])
        };
        // Two characters at least: `[`, NUL, `]` is broken JSON, not UTF-16.
        let matching = count(zero_first);
        zero == 0 && ascii != 0 && ascii.is_ascii() && matching >= 2 && matching * 2 > pairs
    };
    if looks(false) {
        Some("UTF-16 (little-endian, without a byte-order mark)")
    } else if looks(true) {
        Some("UTF-16 (big-endian, without a byte-order mark)")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Large text of characters of one to four bytes: wherever a bad byte is, the SIMD check
    /// gives the standard one's answer.
    #[test]
    fn utf8_checked_with_simd_agrees_with_the_standard_check() {
        let mut text = String::new();
        while text.len() < (5 << 20) {
            text.push_str("Đắk Lắk 🌾 中文 a");
        }
        let bytes = text.as_bytes().to_vec();
        assert!(is_utf8(&bytes));
        for at in [0, 1, bytes.len() / 2 - 1, bytes.len() / 2, bytes.len() - 1] {
            let mut bad = bytes.clone();
            bad[at] = 0xFF;
            assert_eq!(is_utf8(&bad), std::str::from_utf8(&bad).is_ok(), "{at}");
            assert!(!is_utf8(&bad), "{at}");
        }
    }
}
