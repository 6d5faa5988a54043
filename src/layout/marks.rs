//! The marks drawn around the data — separators, dashes, the star, bullets, arrows, the cut
//! mark — in Unicode, or in ASCII for `--ascii`. Each ASCII mark is as wide as its Unicode one,
//! so text is laid out the same either way.

use std::borrow::Cow;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Marks {
    /// Between the parts of a line: `kind · id`.
    pub sep: &'static str,
    /// Before who did something: `to apply — lan`.
    pub dash: &'static str,
    /// Between two dates.
    pub range: &'static str,
    pub star: &'static str,
    pub bullet: &'static str,
    /// Where something went, where the way back goes.
    pub arrow: &'static str,
    pub back: &'static str,
    /// The selected link.
    pub pointer: &'static str,
    /// Before each line of quoted text.
    pub quote: &'static str,
    /// The end of text cut to fit.
    pub cut: char,
}

impl Marks {
    pub const UNICODE: Marks = Marks {
        sep: "·",
        dash: "—",
        range: "–",
        star: "★",
        bullet: "•",
        arrow: "→",
        back: "←",
        pointer: "›",
        quote: "┊",
        cut: '…',
    };

    pub const ASCII: Marks = Marks {
        sep: "|",
        dash: "-",
        range: "-",
        star: "*",
        bullet: "*",
        arrow: ">",
        back: "<",
        pointer: ">",
        quote: "|",
        cut: '~',
    };

    pub fn of(ascii: bool) -> Marks {
        match ascii {
            true => Marks::ASCII,
            false => Marks::UNICODE,
        }
    }

    /// `s` cut to `max` columns, ending in this cut mark when cut.
    pub fn fit(&self, s: &str, max: usize) -> String {
        super::text::fit_with(s, max, self.cut)
    }

    /// `s` cut or padded with spaces to exactly `width` columns.
    pub fn pad(&self, s: &str, width: usize) -> String {
        super::text::pad_with(s, width, self.cut)
    }

    /// An interface string (never the data's text) with its Unicode marks in these.
    pub fn plain<'a>(&self, s: &'a str) -> Cow<'a, str> {
        if *self == Marks::UNICODE || s.is_ascii() {
            return Cow::Borrowed(s);
        }
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            match c {
                '·' => out.push_str(self.sep),
                '—' => out.push_str(self.dash),
                '–' => out.push_str(self.range),
                '★' => out.push_str(self.star),
                '•' => out.push_str(self.bullet),
                '→' => out.push_str(self.arrow),
                '←' => out.push_str(self.back),
                '…' => out.push_str("..."),
                c => out.push(c),
            }
        }
        Cow::Owned(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::text::width;

    #[test]
    fn ascii_marks_are_ascii_and_as_wide_as_the_unicode_ones() {
        let (u, a) = (Marks::UNICODE, Marks::ASCII);
        for (u, a) in [
            (u.sep, a.sep),
            (u.dash, a.dash),
            (u.range, a.range),
            (u.star, a.star),
            (u.bullet, a.bullet),
            (u.arrow, a.arrow),
            (u.back, a.back),
            (u.pointer, a.pointer),
            (u.quote, a.quote),
        ] {
            assert!(a.is_ascii() && width(u) == width(a), "{u} {a}");
        }
        assert_eq!(a.fit("Đắk Lắk", 5), "Đắk ~");
        assert_eq!(a.plain("Saving… 3 → x · y"), "Saving... 3 > x | y");
        assert_eq!(u.plain("Saving…"), "Saving…");
    }
}
