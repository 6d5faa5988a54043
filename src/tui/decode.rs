//! The terminal's input bytes decoded into events: keys, the mouse (SGR and X10 reports) and
//! bracketed pastes, as crossterm reads them.
//!
//! Decoding here rather than in crossterm's reader, because that reader decides what a lone
//! Escape is by how much one read returned: an Escape that ends a read shorter than its 1 KiB
//! buffer is the Escape key at once, one that ends a full read waits for the next byte, however
//! late. Over a slow link the start of a paste (`ESC [200~`) can come in two pieces, and its
//! Escape then closed the note editor and the pasted text was taken as commands. Here an
//! Escape with nothing after it waits [`ESCAPE_WAIT`] for the rest of a sequence (`[` or `O`
//! next), as terminals and editors do, whatever the reads were; any other key after it, or
//! none in time, makes it the Escape key. A paste is taken whole once its end marker is in.

use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

/// How long an Escape with nothing after it waits for the rest of a sequence before it is the
/// Escape key.
pub const ESCAPE_WAIT: std::time::Duration = std::time::Duration::from_millis(100);

const ESC: u8 = 0x1b;
const PASTE_START: &[u8] = b"\x1b[200~";
const PASTE_END: &[u8] = b"\x1b[201~";

/// Input bytes not yet decoded: the start of a sequence, a paste or a character still coming.
#[derive(Debug, Default)]
pub struct Decoder {
    pending: Vec<u8>,
}

/// One unit at the start of the pending bytes.
enum Unit {
    /// An event (or `None` for a sequence that means nothing here) and the bytes it took.
    Done(Option<Event>, usize),
    /// The bytes so far may begin a unit: more are needed.
    Incomplete,
}

impl Decoder {
    /// Decodes `bytes` after what was pending; the events complete so far go to `out`.
    pub fn feed(&mut self, bytes: &[u8], out: &mut Vec<Event>) {
        // An Escape that waited alone goes on only into a sequence (`[` or `O`): a key typed
        // after it is a key of its own (Escape then q), not Alt with it.
        if self.pending == [ESC] && !matches!(bytes.first(), None | Some(b'[' | b'O')) {
            self.pending.clear();
            out.push(key(KeyCode::Esc, KeyModifiers::NONE));
        }
        self.pending.extend_from_slice(bytes);
        let mut start = 0;
        while start < self.pending.len() {
            match unit(&self.pending[start..]) {
                Unit::Done(event, taken) => {
                    out.extend(event);
                    start += taken;
                }
                Unit::Incomplete => break,
            }
        }
        self.pending.drain(..start);
    }

    /// Whether what is pending starts with an Escape that, if nothing follows in
    /// [`ESCAPE_WAIT`], is to be taken as it stands ([`Decoder::flush`]). A paste waits for its
    /// end marker, and a character for its last bytes, however long they take.
    pub fn escape_pending(&self) -> bool {
        self.pending.first() == Some(&ESC) && !self.pending.starts_with(PASTE_START)
    }

    /// Nothing came after an Escape in time: it is the Escape key, and what followed it (an
    /// unfinished sequence) is typed as it is.
    pub fn flush(&mut self, out: &mut Vec<Event>) {
        if !self.escape_pending() {
            return;
        }
        let rest = self.pending.split_off(1);
        self.pending.clear();
        out.push(key(KeyCode::Esc, KeyModifiers::NONE));
        self.feed(&rest, out);
    }
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Event {
    Event::Key(KeyEvent::new(code, modifiers))
}

/// The first unit of `b` (not empty).
fn unit(b: &[u8]) -> Unit {
    match b[0] {
        ESC => escape(b),
        b'\r' => Unit::Done(Some(key(KeyCode::Enter, KeyModifiers::NONE)), 1),
        b'\t' => Unit::Done(Some(key(KeyCode::Tab, KeyModifiers::NONE)), 1),
        0x7f => Unit::Done(Some(key(KeyCode::Backspace, KeyModifiers::NONE)), 1),
        0 => Unit::Done(Some(key(KeyCode::Char(' '), KeyModifiers::CONTROL)), 1),
        // In raw mode a newline is Ctrl-j, as crossterm has it.
        c @ 0x01..=0x1a => Unit::Done(
            Some(key(
                KeyCode::Char((c - 0x01 + b'a') as char),
                KeyModifiers::CONTROL,
            )),
            1,
        ),
        c @ 0x1c..=0x1f => Unit::Done(
            Some(key(
                KeyCode::Char((c - 0x1c + b'4') as char),
                KeyModifiers::CONTROL,
            )),
            1,
        ),
        _ => character(b),
    }
}

/// A UTF-8 character: a key, with Shift when it is upper case. A byte that cannot begin or
/// continue one is dropped alone, so the key after a broken character still counts.
fn character(b: &[u8]) -> Unit {
    let need = match b[0] {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf7 => 4,
        _ => return Unit::Done(None, 1),
    };
    let have = b.len().min(need);
    if b[1..have].iter().any(|&c| c & 0xc0 != 0x80) {
        return Unit::Done(None, 1);
    }
    if have < need {
        return Unit::Incomplete;
    }
    match std::str::from_utf8(&b[..need])
        .ok()
        .and_then(|s| s.chars().next())
    {
        Some(c) => {
            let shift = if c.is_uppercase() {
                KeyModifiers::SHIFT
            } else {
                KeyModifiers::NONE
            };
            Unit::Done(Some(key(KeyCode::Char(c), shift)), need)
        }
        None => Unit::Done(None, 1),
    }
}

/// What starts with an Escape: a CSI or SS3 sequence, Alt with a key, or (when nothing follows
/// yet) possibly either.
fn escape(b: &[u8]) -> Unit {
    match b.get(1) {
        None => Unit::Incomplete,
        Some(b'[') => csi(b),
        Some(b'O') => match b.get(2) {
            None => Unit::Incomplete,
            Some(&c) => Unit::Done(ss3(c), 3),
        },
        // Two Escapes in one read are one Escape key, as crossterm has it (tmux sends
        // Escape Escape q as one write, meaning Escape and q).
        Some(&ESC) => Unit::Done(Some(key(KeyCode::Esc, KeyModifiers::NONE)), 2),
        Some(_) => match unit(&b[1..]) {
            Unit::Done(Some(Event::Key(mut k)), taken) => {
                k.modifiers |= KeyModifiers::ALT;
                Unit::Done(Some(Event::Key(k)), taken + 1)
            }
            Unit::Done(other, taken) => Unit::Done(other, taken + 1),
            Unit::Incomplete => Unit::Incomplete,
        },
    }
}

/// `ESC O x`: arrows, Home, End and F1–F4 in application mode.
fn ss3(c: u8) -> Option<Event> {
    let code = match c {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P'..=b'S' => KeyCode::F(1 + c - b'P'),
        _ => return None,
    };
    Some(key(code, KeyModifiers::NONE))
}

/// `ESC [ …`: a paste, a mouse report, or a key with its modifiers. A control character inside
/// the parameters ends the sequence unfinished and is decoded itself: a broken sequence never
/// swallows the keys typed after it.
fn csi(b: &[u8]) -> Unit {
    if b.starts_with(PASTE_START) {
        return paste(b);
    }
    if PASTE_START.starts_with(b) {
        return Unit::Incomplete;
    }
    match b.get(2) {
        None => return Unit::Incomplete,
        // X10 mouse report: three bytes after `ESC [ M`, each may be anything.
        Some(b'M') => {
            return match b.get(3..6) {
                Some(&[cb, x, y]) => Unit::Done(x10_mouse(cb, x, y), 6),
                _ => Unit::Incomplete,
            }
        }
        // The Linux console's F1–F5: `ESC [ [ A` … `ESC [ [ E`.
        Some(b'[') => {
            return match b.get(3) {
                None => Unit::Incomplete,
                Some(&c @ b'A'..=b'E') => {
                    Unit::Done(Some(key(KeyCode::F(1 + c - b'A'), KeyModifiers::NONE)), 4)
                }
                Some(_) => Unit::Done(None, 4),
            }
        }
        Some(_) => {}
    }
    for (i, &c) in b.iter().enumerate().skip(2) {
        match c {
            0x40..=0x7e => {
                let params = std::str::from_utf8(&b[2..i]).unwrap_or("");
                return Unit::Done(csi_event(params, c), i + 1);
            }
            0x20..=0x3f => {}
            _ => return Unit::Done(None, i),
        }
    }
    Unit::Incomplete
}

/// A bracketed paste, once its end marker is in.
fn paste(b: &[u8]) -> Unit {
    let body = &b[PASTE_START.len()..];
    match memchr::memmem::find(body, PASTE_END) {
        Some(end) => Unit::Done(
            Some(Event::Paste(
                String::from_utf8_lossy(&body[..end]).into_owned(),
            )),
            PASTE_START.len() + end + PASTE_END.len(),
        ),
        None => Unit::Incomplete,
    }
}

/// The event of a complete CSI sequence with these parameters and final byte.
fn csi_event(params: &str, last: u8) -> Option<Event> {
    if let Some(sgr) = params.strip_prefix('<') {
        return sgr_mouse(sgr, last);
    }
    let mut fields = params.split(';');
    let first = fields.next().unwrap_or("");
    // The second field is the modifiers (`1;5A` is Ctrl-Up), optionally `:kind`.
    let modifiers = fields
        .next()
        .and_then(|m| m.split(':').next())
        .and_then(|m| m.parse::<u8>().ok())
        .map_or(KeyModifiers::NONE, modifiers);
    let code = match last {
        b'A' => KeyCode::Up,
        b'B' => KeyCode::Down,
        b'C' => KeyCode::Right,
        b'D' => KeyCode::Left,
        b'H' => KeyCode::Home,
        b'F' => KeyCode::End,
        b'P' => KeyCode::F(1),
        b'Q' => KeyCode::F(2),
        b'S' => KeyCode::F(4),
        b'Z' => return Some(key(KeyCode::BackTab, KeyModifiers::SHIFT)),
        b'I' if params.is_empty() => return Some(Event::FocusGained),
        b'O' if params.is_empty() => return Some(Event::FocusLost),
        b'~' => match first.parse::<u8>().ok()? {
            1 | 7 => KeyCode::Home,
            2 => KeyCode::Insert,
            3 => KeyCode::Delete,
            4 | 8 => KeyCode::End,
            5 => KeyCode::PageUp,
            6 => KeyCode::PageDown,
            v @ 11..=15 => KeyCode::F(v - 10),
            v @ 17..=21 => KeyCode::F(v - 11),
            v @ 23..=26 => KeyCode::F(v - 12),
            v @ 28..=29 => KeyCode::F(v - 15),
            v @ 31..=34 => KeyCode::F(v - 17),
            _ => return None,
        },
        _ => return None,
    };
    Some(key(code, modifiers))
}

/// The modifiers of a key's parameter: one more than the sum of Shift 1, Alt 2, Ctrl 4.
fn modifiers(mask: u8) -> KeyModifiers {
    let bits = mask.saturating_sub(1);
    let mut m = KeyModifiers::NONE;
    for (bit, modifier) in [
        (1, KeyModifiers::SHIFT),
        (2, KeyModifiers::ALT),
        (4, KeyModifiers::CONTROL),
        (8, KeyModifiers::SUPER),
        (16, KeyModifiers::HYPER),
        (32, KeyModifiers::META),
    ] {
        if bits & bit != 0 {
            m |= modifier;
        }
    }
    m
}

/// An SGR mouse report: `ESC [ < button ; column ; row` then `M` (press) or `m` (release).
fn sgr_mouse(params: &str, last: u8) -> Option<Event> {
    if last != b'M' && last != b'm' {
        return None;
    }
    let mut fields = params.split(';').map(|f| f.parse::<u16>().ok());
    let cb = u8::try_from(fields.next()??).ok()?;
    let column = fields.next()??.checked_sub(1)?;
    let row = fields.next()??.checked_sub(1)?;
    let (mut kind, modifiers) = mouse_button(cb)?;
    if last == b'm' {
        if let MouseEventKind::Down(button) = kind {
            kind = MouseEventKind::Up(button);
        }
    }
    Some(Event::Mouse(MouseEvent {
        kind,
        column,
        row,
        modifiers,
    }))
}

/// An X10 mouse report: each value is sent plus 32.
fn x10_mouse(cb: u8, x: u8, y: u8) -> Option<Event> {
    let (kind, modifiers) = mouse_button(cb.checked_sub(32)?)?;
    Some(Event::Mouse(MouseEvent {
        kind,
        column: u16::from(x.checked_sub(33)?),
        row: u16::from(y.checked_sub(33)?),
        modifiers,
    }))
}

/// What a mouse report's button byte says: the button and whether it is pressed, dragged or
/// released, or the wheel; and the modifiers held.
fn mouse_button(cb: u8) -> Option<(MouseEventKind, KeyModifiers)> {
    let button = (cb & 0b11) | ((cb & 0b1100_0000) >> 4);
    let dragging = cb & 0b10_0000 != 0;
    let kind = match (button, dragging) {
        (0, false) => MouseEventKind::Down(MouseButton::Left),
        (1, false) => MouseEventKind::Down(MouseButton::Middle),
        (2, false) => MouseEventKind::Down(MouseButton::Right),
        (0, true) => MouseEventKind::Drag(MouseButton::Left),
        (1, true) => MouseEventKind::Drag(MouseButton::Middle),
        (2, true) => MouseEventKind::Drag(MouseButton::Right),
        (3, false) => MouseEventKind::Up(MouseButton::Left),
        (3..=5, true) => MouseEventKind::Moved,
        (4, false) => MouseEventKind::ScrollUp,
        (5, false) => MouseEventKind::ScrollDown,
        (6, false) => MouseEventKind::ScrollLeft,
        (7, false) => MouseEventKind::ScrollRight,
        _ => return None,
    };
    let mut modifiers = KeyModifiers::NONE;
    if cb & 0b100 != 0 {
        modifiers |= KeyModifiers::SHIFT;
    }
    if cb & 0b1000 != 0 {
        modifiers |= KeyModifiers::ALT;
    }
    if cb & 0b1_0000 != 0 {
        modifiers |= KeyModifiers::CONTROL;
    }
    Some((kind, modifiers))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(chunks: &[&[u8]]) -> (Vec<Event>, Decoder) {
        let mut d = Decoder::default();
        let mut out = Vec::new();
        for chunk in chunks {
            d.feed(chunk, &mut out);
        }
        (out, d)
    }

    fn k(code: KeyCode) -> Event {
        key(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> Event {
        key(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    #[test]
    fn a_paste_split_after_its_escape_is_one_paste() {
        let (out, d) = decode(&[b"\x1b"]);
        assert!(out.is_empty() && d.escape_pending());
        let (out, _) = decode(&[b"\x1b", "[200~Đắk Lắk\r".as_bytes(), b"\x1b[201~\x13"]);
        assert_eq!(out, [Event::Paste("Đắk Lắk\r".into()), ctrl('s')]);
    }

    #[test]
    fn a_paste_in_pieces_of_any_size_is_one_paste() {
        let text = "Đắk Lắk hợp tác xã, ".repeat(60);
        let whole = [PASTE_START, text.as_bytes(), PASTE_END, b"\x13"].concat();
        for size in [1, 2, 3, 5, 7, 1023, 1024, 1025] {
            let pieces: Vec<&[u8]> = whole.chunks(size).collect();
            let (out, d) = decode(&pieces);
            assert_eq!(out, [Event::Paste(text.clone()), ctrl('s')], "{size}");
            assert!(!d.escape_pending());
        }
    }

    #[test]
    fn a_lone_escape_waits_then_is_the_escape_key() {
        let (out, mut d) = decode(&[b"ab\x1b"]);
        assert_eq!(out.len(), 2);
        assert!(d.escape_pending());
        let mut out = Vec::new();
        d.flush(&mut out);
        assert_eq!(out, [k(KeyCode::Esc)]);
        assert!(!d.escape_pending());
        // An unfinished sequence when the wait ends: Escape, then its bytes as keys.
        let (_, mut d) = decode(&[b"\x1b["]);
        let mut out = Vec::new();
        d.flush(&mut out);
        assert_eq!(out, [k(KeyCode::Esc), k(KeyCode::Char('['))]);
    }

    #[test]
    fn escape_then_a_key_is_two_keys_and_with_it_alt() {
        let (out, _) = decode(&[b"\x1b", b"q"]);
        assert_eq!(out, [k(KeyCode::Esc), k(KeyCode::Char('q'))]);
        let (out, _) = decode(&[b"\x1b", b"\x1b", b"\x1bOA"]);
        assert_eq!(out, [k(KeyCode::Esc), k(KeyCode::Esc), k(KeyCode::Up)]);
    }

    #[test]
    fn escape_with_a_key_is_alt_and_two_in_one_read_are_one_escape() {
        let (out, d) = decode(&[b"\x1bj\x1b\x1bq"]);
        let alt_j = key(KeyCode::Char('j'), KeyModifiers::ALT);
        assert_eq!(out, [alt_j, k(KeyCode::Esc), k(KeyCode::Char('q'))]);
        assert!(!d.escape_pending());
    }

    #[test]
    fn keys_and_their_modifiers() {
        let (out, _) =
            decode(&[b"\x1b[A\x1bOB\x1b[1;5C\x1b[3~\x1b[5;2~\x1b[Z\t\r\x7f\x13Q\x1b[[B"]);
        assert_eq!(
            out,
            [
                k(KeyCode::Up),
                k(KeyCode::Down),
                key(KeyCode::Right, KeyModifiers::CONTROL),
                k(KeyCode::Delete),
                key(KeyCode::PageUp, KeyModifiers::SHIFT),
                key(KeyCode::BackTab, KeyModifiers::SHIFT),
                k(KeyCode::Tab),
                k(KeyCode::Enter),
                k(KeyCode::Backspace),
                ctrl('s'),
                key(KeyCode::Char('Q'), KeyModifiers::SHIFT),
                k(KeyCode::F(2)),
            ]
        );
    }

    #[test]
    fn mouse_reports() {
        let (out, _) = decode(&[b"\x1b[<0;10;5M\x1b[<0;10;5m\x1b[<65;1;1M\x1b[M !!"]);
        let mouse = |kind, column, row| {
            Event::Mouse(MouseEvent {
                kind,
                column,
                row,
                modifiers: KeyModifiers::NONE,
            })
        };
        assert_eq!(
            out,
            [
                mouse(MouseEventKind::Down(MouseButton::Left), 9, 4),
                mouse(MouseEventKind::Up(MouseButton::Left), 9, 4),
                mouse(MouseEventKind::ScrollDown, 0, 0),
                mouse(MouseEventKind::Down(MouseButton::Left), 0, 0),
            ]
        );
    }

    #[test]
    fn a_broken_sequence_or_character_never_swallows_the_next_key() {
        // A sequence cut by a control key, a character cut by one: the key still counts.
        let (out, d) = decode(&[b"\x1b[20", b"\x13", &[0xe1, 0xba], b"\x1b"]);
        assert_eq!(out, [ctrl('s')]);
        assert!(d.escape_pending());
        // A character split across reads is one key.
        let (out, _) = decode(&[&[0xe1], &[0xba, 0xaf]]);
        assert_eq!(out, [k(KeyCode::Char('ắ'))]);
    }
}
