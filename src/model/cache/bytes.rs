//! The cache's byte format: little-endian numbers, strings and lists with their lengths first.
//! Reading is checked at every step: a length past the end, text that is not UTF-8 or a value
//! out of its range is `None` (a miss), never a panic, and no length read makes a list larger
//! than the bytes left could hold.

/// Bytes being written.
#[derive(Default)]
pub struct Writer {
    pub buf: Vec<u8>,
}

impl Writer {
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }

    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    pub fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }

    pub fn len(&mut self, n: usize) {
        self.u64(n as u64);
    }

    pub fn str(&mut self, s: &str) {
        self.len(s.len());
        self.buf.extend_from_slice(s.as_bytes());
    }

    pub fn opt_str(&mut self, s: Option<&str>) {
        match s {
            None => self.u8(0),
            Some(s) => {
                self.u8(1);
                self.str(s);
            }
        }
    }

    pub fn strs<S: AsRef<str>>(&mut self, list: &[S]) {
        self.len(list.len());
        for s in list {
            self.str(s.as_ref());
        }
    }

    pub fn u32s(&mut self, list: &[u32]) {
        self.len(list.len());
        self.buf.reserve(list.len() * 4);
        for v in list {
            self.buf.extend_from_slice(&v.to_le_bytes());
        }
    }

    pub fn f32s(&mut self, list: &[f32]) {
        self.len(list.len());
        self.buf.reserve(list.len() * 4);
        for v in list {
            self.buf.extend_from_slice(&v.to_le_bytes());
        }
    }

    pub fn bools(&mut self, list: &[bool]) {
        self.len(list.len());
        self.buf.extend(list.iter().map(|&b| u8::from(b)));
    }
}

/// Bytes being read, from the front.
pub struct Reader<'a> {
    buf: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(buf: &'a [u8]) -> Reader<'a> {
        Reader { buf }
    }

    /// True when every byte has been read.
    pub fn is_done(&self) -> bool {
        self.buf.is_empty()
    }

    pub fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.buf.len() {
            return None;
        }
        let (head, rest) = self.buf.split_at(n);
        self.buf = rest;
        Some(head)
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    pub fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }

    pub fn bool(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    pub fn u32(&mut self) -> Option<u32> {
        self.array().map(u32::from_le_bytes)
    }

    pub fn u64(&mut self) -> Option<u64> {
        self.array().map(u64::from_le_bytes)
    }

    /// A number written with [`Writer::len`] that counts nothing stored (a record's number).
    pub fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }

    /// A count of things each at least `each` bytes long: no more than the bytes left hold.
    pub fn len(&mut self, each: usize) -> Option<usize> {
        let n = usize::try_from(self.u64()?).ok()?;
        (n.checked_mul(each.max(1))? <= self.buf.len()).then_some(n)
    }

    /// Bytes written with their length first.
    pub fn bytes(&mut self) -> Option<&'a [u8]> {
        let n = self.len(1)?;
        self.take(n)
    }

    /// Text written with its length first, checked to be UTF-8 (with SIMD: the records' and
    /// the index's text are tens of megabytes, mostly Vietnamese, where the standard check
    /// takes a byte at a time).
    pub fn str(&mut self) -> Option<&'a str> {
        let n = self.len(1)?;
        simdutf8::basic::from_utf8(self.take(n)?).ok()
    }

    pub fn string(&mut self) -> Option<String> {
        self.str().map(str::to_owned)
    }

    pub fn opt_string(&mut self) -> Option<Option<String>> {
        match self.u8()? {
            0 => Some(None),
            1 => self.string().map(Some),
            _ => None,
        }
    }

    pub fn strings(&mut self) -> Option<Vec<String>> {
        let n = self.len(8)?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(self.string()?);
        }
        Some(out)
    }

    pub fn u32s(&mut self) -> Option<Vec<u32>> {
        let n = self.len(4)?;
        let bytes = self.take(n * 4)?;
        Some(
            bytes
                .chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        )
    }

    pub fn f32s(&mut self) -> Option<Vec<f32>> {
        let n = self.len(4)?;
        let bytes = self.take(n * 4)?;
        Some(
            bytes
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        )
    }

    pub fn bools(&mut self) -> Option<Vec<bool>> {
        let n = self.len(1)?;
        self.take(n)?
            .iter()
            .map(|&b| match b {
                0 => Some(false),
                1 => Some(true),
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_written_reads_back_and_a_short_read_is_none() {
        let mut w = Writer::default();
        w.u32(7);
        w.str("Đắk Lắk");
        w.opt_str(None);
        w.opt_str(Some("x"));
        w.strs(&["a", "bc"]);
        w.u32s(&[1, 2, 3]);
        w.f32s(&[0.5]);
        w.bools(&[true, false]);
        let mut r = Reader::new(&w.buf);
        assert_eq!(r.u32(), Some(7));
        assert_eq!(r.str(), Some("Đắk Lắk"));
        assert_eq!(r.opt_string(), Some(None));
        assert_eq!(r.opt_string(), Some(Some("x".into())));
        assert_eq!(r.strings(), Some(vec!["a".into(), "bc".into()]));
        assert_eq!(r.u32s(), Some(vec![1, 2, 3]));
        assert_eq!(r.f32s(), Some(vec![0.5]));
        assert_eq!(r.bools(), Some(vec![true, false]));
        assert!(r.is_done());
        for cut in 0..w.buf.len() {
            let mut r = Reader::new(&w.buf[..cut]);
            let all = (|| {
                r.u32()?;
                r.str()?;
                r.opt_string()?;
                r.opt_string()?;
                r.strings()?;
                r.u32s()?;
                r.f32s()?;
                r.bools()
            })();
            assert_eq!(all, None, "cut at {cut}");
        }
    }

    #[test]
    fn a_huge_length_is_refused_before_anything_is_made() {
        let mut w = Writer::default();
        w.u64(u64::MAX / 2);
        assert_eq!(Reader::new(&w.buf).strings(), None);
        assert_eq!(Reader::new(&w.buf).u32s(), None);
        assert_eq!(Reader::new(&w.buf).str(), None);
    }
}
