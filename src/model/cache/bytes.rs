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

/// What an entry is written to: a file, or memory in the tests.
pub trait Stream: std::io::Read + std::io::Write + std::io::Seek {}

impl<T: std::io::Read + std::io::Write + std::io::Seek> Stream for T {}

/// An entry being written as it is made: each part goes out when it is ready, so the entry is
/// never held whole in memory (at 100,000 records it is 170 MB, and holding it more than
/// doubled the first run's peak). A length known only once what follows it is written goes
/// out as a placeholder and is put in after ([`Sink::patch_len`]). The first error is kept
/// and later writes are skipped; [`Sink::finish`] returns it.
pub struct Sink<'a> {
    out: std::io::BufWriter<&'a mut dyn Stream>,
    /// The bytes written so far: where the next one goes.
    at: u64,
    error: Option<std::io::Error>,
}

impl<'a> Sink<'a> {
    pub fn new(out: &'a mut dyn Stream) -> Sink<'a> {
        Sink {
            out: std::io::BufWriter::with_capacity(1 << 20, out),
            at: 0,
            error: None,
        }
    }

    /// Where the next byte goes.
    pub fn at(&self) -> u64 {
        self.at
    }

    pub fn put(&mut self, bytes: &[u8]) {
        use std::io::Write;
        if self.error.is_none() {
            match self.out.write_all(bytes) {
                Ok(()) => self.at += bytes.len() as u64,
                Err(e) => self.error = Some(e),
            }
        }
    }

    /// What `w` holds, then `w` emptied for more.
    pub fn put_writer(&mut self, w: &mut Writer) {
        self.put(&w.buf);
        w.buf.clear();
    }

    /// A length as [`Writer::len`] writes it.
    pub fn len(&mut self, n: usize) {
        self.put(&(n as u64).to_le_bytes());
    }

    /// A column as [`Writer::u32s`] writes it, a piece at a time (never copied whole).
    pub fn u32s(&mut self, list: &[u32]) {
        self.words(list, |v| v.to_le_bytes());
    }

    /// A column as [`Writer::f32s`] writes it, a piece at a time.
    pub fn f32s(&mut self, list: &[f32]) {
        self.words(list, |v| v.to_le_bytes());
    }

    fn words<T: Copy>(&mut self, list: &[T], bytes: fn(T) -> [u8; 4]) {
        self.len(list.len());
        let mut piece = Vec::with_capacity(4 * COLUMN_PIECE.min(list.len()));
        for chunk in list.chunks(COLUMN_PIECE) {
            piece.clear();
            piece.extend(chunk.iter().flat_map(|&v| bytes(v)));
            self.put(&piece);
        }
    }

    /// A placeholder for a length not yet known; its place, for [`Sink::patch_len`].
    pub fn reserve_len(&mut self) -> u64 {
        let at = self.at;
        self.len(0);
        at
    }

    /// Puts `n` in the placeholder at `at`, and goes on writing at the end.
    pub fn patch_len(&mut self, at: u64, n: u64) {
        use std::io::{Seek, SeekFrom, Write};
        if self.error.is_some() {
            return;
        }
        let end = self.at;
        let done = self
            .out
            .seek(SeekFrom::Start(at))
            .and_then(|_| self.out.write_all(&n.to_le_bytes()))
            .and_then(|()| self.out.seek(SeekFrom::Start(end)).map(|_| ()));
        if let Err(e) = done {
            self.error = Some(e);
        }
    }

    /// Everything written out; the stream, or the first error.
    pub fn finish(self) -> std::io::Result<&'a mut dyn Stream> {
        if let Some(e) = self.error {
            return Err(e);
        }
        self.out.into_inner().map_err(|e| e.into_error())
    }
}

/// Values of a column converted to bytes at a time, when a [`Sink`] writes it.
const COLUMN_PIECE: usize = 1 << 16;

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
    fn a_sink_writes_what_a_writer_would_with_its_lengths_put_in_after() {
        let mut w = Writer::default();
        w.u32(7);
        w.str("Đắk Lắk");
        w.len(2);
        let expected = w.buf.clone();
        let mut out = std::io::Cursor::new(Vec::new());
        let mut sink = Sink::new(&mut out);
        let mut head = Writer::default();
        head.u32(7);
        sink.put_writer(&mut head);
        assert!(head.buf.is_empty());
        let length = sink.reserve_len();
        // The length goes in once what follows it is written.
        let start = sink.at();
        sink.put("Đắk Lắk".as_bytes());
        sink.patch_len(length, sink.at() - start);
        sink.len(2);
        assert_eq!(sink.at(), expected.len() as u64);
        sink.finish().unwrap();
        assert_eq!(out.into_inner(), expected);
    }

    /// A stream that takes `room` bytes, then fails (a full disk).
    struct Full {
        inner: std::io::Cursor<Vec<u8>>,
        room: u64,
    }

    impl std::io::Write for Full {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.inner.position() + buf.len() as u64 > self.room {
                return Err(std::io::Error::other("no room left"));
            }
            self.inner.write(buf)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl std::io::Read for Full {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.inner.read(buf)
        }
    }

    impl std::io::Seek for Full {
        fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
            self.inner.seek(to)
        }
    }

    #[test]
    fn a_sink_on_a_full_disk_says_so_and_writes_nothing_more() {
        let mut out = Full {
            inner: std::io::Cursor::new(Vec::new()),
            room: 3 << 20,
        };
        let mut sink = Sink::new(&mut out);
        let length = sink.reserve_len();
        for _ in 0..8 {
            sink.put(&[7; 1 << 20]);
        }
        sink.patch_len(length, 8 << 20);
        sink.len(1);
        let failed = sink.finish().err().map(|e| e.to_string());
        assert_eq!(failed.as_deref(), Some("no room left"));
        assert!(out.inner.get_ref().len() <= 3 << 20);
    }

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
