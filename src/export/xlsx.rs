//! The review report as Excel (`.xlsx`).
// replaced by the office branch: this stub only holds the signature the commands call.

use super::report::Report;

/// The report as a `.xlsx` file's bytes.
pub fn write(report: &Report) -> Result<Vec<u8>, String> {
    let _ = report;
    Err("not built yet".to_owned())
}
