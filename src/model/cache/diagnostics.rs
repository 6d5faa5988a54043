//! The load's warnings in the cache's byte format: a cached dataset has no errors, and its
//! warnings are said again on every run as on the first.

use super::bytes::{Reader, Writer};
use crate::model::diagnostic::{Diagnostic, Position, Severity};

/// The load's warnings (a cached dataset has no errors), said again on every run as on the
/// first.
pub fn put_diagnostics(w: &mut Writer, diagnostics: &[Diagnostic]) {
    w.len(diagnostics.len());
    for d in diagnostics {
        w.u8(match d.severity {
            Severity::Error => 0,
            Severity::Warning => 1,
        });
        w.str(&d.file);
        match d.position {
            None => w.u8(0),
            Some(p) => {
                w.u8(1);
                w.u64(p.line as u64);
                w.u64(p.column as u64);
            }
        }
        w.str(&d.path);
        w.str(&d.message);
    }
}

pub fn diagnostics(r: &mut Reader) -> Option<Vec<Diagnostic>> {
    let n = r.len(16)?;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(Diagnostic {
            severity: match r.u8()? {
                0 => Severity::Error,
                1 => Severity::Warning,
                _ => return None,
            },
            file: r.string()?,
            position: match r.bool()? {
                false => None,
                true => Some(Position {
                    line: usize::try_from(r.u64()?).ok()?,
                    column: usize::try_from(r.u64()?).ok()?,
                }),
            },
            path: r.string()?,
            message: r.string()?,
        });
    }
    Some(out)
}
