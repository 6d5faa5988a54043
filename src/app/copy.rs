//! Copying a record to the clipboard of the terminal the user sits at (over SSH and tmux too):
//! the text, and the OSC 52 sequence that carries it.

use base64::Engine;

use super::state::State;
use crate::model::describe;

/// The most text sent at once: several terminals drop longer OSC 52 payloads without a word.
pub const MAX_BYTES: usize = 6000;

/// "Title — places, trip title, id" for the record in view.
pub fn citation(state: &State, record: usize) -> Option<String> {
    let r = state.dataset.get(record)?;
    let text = state.text();
    let mut parts = vec![describe::title(r, text).to_owned()];
    let places = r.provinces().join(", ");
    let mut tail = Vec::new();
    if !places.is_empty() {
        tail.push(places);
    }
    if let Some(trip) = r
        .trip_id()
        .filter(|t| *t != r.id())
        .and_then(|t| state.dataset.by_id(t))
    {
        tail.push(describe::title(trip, text).to_owned());
    }
    tail.push(r.id().to_owned());
    parts.push(tail.join(", "));
    // The dash is the screen's: the text copied is the text shown (`s` shows it).
    Some(parts.join(&format!(" {} ", state.marks().dash)))
}

/// The record in view as Markdown: title, id, every fact, the summary.
pub fn markdown(state: &State, record: usize) -> Option<String> {
    let r = state.dataset.get(record)?;
    let d = describe::describe(&state.dataset, record, state.text())?;
    let mut md = format!("## {}\n\n- id: `{}`\n", d.title, r.id());
    for fact in &d.facts {
        md.push_str(&format!(
            "- {}: {}\n",
            crate::i18n::label(state.lang, fact.label),
            fact.values.join("; ")
        ));
    }
    if let Some(summary) = d.sections.first().and_then(|s| s.values.first()) {
        md.push_str(&format!("\n{summary}\n"));
    }
    Some(md)
}

/// The OSC 52 sequence that puts `text` on the terminal's clipboard, or `None` when it is too
/// long to send. The text is already free of control characters (sanitized at load), and
/// base64 keeps every byte of it out of the terminal's parser.
pub fn osc52(text: &str) -> Option<String> {
    if text.len() > MAX_BYTES {
        return None;
    }
    let payload = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    Some(format!("\x1b]52;c;{payload}\x07"))
}

/// `sequence` wrapped for tmux's passthrough (`allow-passthrough on`): tmux hands it to the
/// terminal it runs in, even with its own clipboard setting off; refused, it is dropped.
pub fn passthrough(sequence: &str) -> String {
    format!("\x1bPtmux;{}\x1b\\", sequence.replace('\x1b', "\x1b\x1b"))
}

/// `sequence` for GNU screen (`$STY` set), which does not take OSC 52 itself but hands what a
/// DCS string holds to the terminal around it, at most 768 bytes a string: so in pieces, each
/// its own DCS string. Sent before the sequence as it is, in case `$STY` was only inherited: a
/// terminal that reads a piece as a cut-short OSC 52 gets the whole one right after.
pub fn through_screen(sequence: &str) -> String {
    let mut out = String::with_capacity(sequence.len() * 2);
    for piece in sequence.as_bytes().chunks(SCREEN_PIECE) {
        out.push_str("\x1bP");
        out.push_str(&String::from_utf8_lossy(piece));
        out.push_str("\x1b\\");
    }
    out
}

/// Bytes of the sequence in one of screen's DCS strings (its limit is 768).
const SCREEN_PIECE: usize = 76;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_carries_the_text_in_base64_and_refuses_what_is_too_long() {
        let seq = osc52("Đắk Lắk — exp-han-quoc").unwrap();
        let payload = seq
            .strip_prefix("\x1b]52;c;")
            .and_then(|s| s.strip_suffix('\x07'))
            .unwrap();
        assert!(payload
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b)));
        let back = base64::engine::general_purpose::STANDARD
            .decode(payload)
            .unwrap();
        assert_eq!(String::from_utf8(back).unwrap(), "Đắk Lắk — exp-han-quoc");
        assert!(osc52(&"x".repeat(MAX_BYTES + 1)).is_none());
    }

    #[test]
    fn passthrough_wraps_the_sequence_with_its_escapes_doubled() {
        let seq = osc52("Kon Tum").unwrap();
        let wrapped = passthrough(&seq);
        let inner = wrapped
            .strip_prefix("\x1bPtmux;")
            .and_then(|s| s.strip_suffix("\x1b\\"))
            .unwrap();
        assert_eq!(inner, seq.replace('\x1b', "\x1b\x1b"));
        assert_eq!(inner.matches('\x1b').count(), 2);
    }

    #[test]
    fn through_screen_cuts_the_sequence_into_dcs_strings_that_add_up_to_it() {
        let seq = osc52(&"Đắk Lắk ".repeat(40)).unwrap();
        let wrapped = through_screen(&seq);
        let pieces: Vec<&str> = wrapped
            .split("\x1b\\")
            .filter(|p| !p.is_empty())
            .map(|p| p.strip_prefix("\x1bP").unwrap())
            .collect();
        assert!(pieces.len() > 5);
        assert!(pieces.iter().all(|p| p.len() <= 768));
        assert_eq!(pieces.concat(), seq);
    }
}
