//! The data side of findings: records, loading and validation, text folding, search.
//! Nothing here knows about the terminal.

pub mod cache;
pub mod collate;
pub mod dataset;
pub mod describe;
pub mod diagnostic;
pub mod doctor;
pub mod facets;
pub mod files;
pub mod fold;
pub mod import;
pub mod json;
pub mod map;
pub mod memory;
pub mod parallel;
pub mod parse;
pub mod places;
pub mod record;
pub mod review;
pub mod search;
pub mod selection;
pub mod shared;
pub mod sheets;
pub mod sort;
pub mod source;
pub mod strings;
pub mod team;
pub mod text;
pub mod unsaved;
pub mod views;
pub mod when;

pub use dataset::{DataSource, Dataset, Loaded};
pub use diagnostic::{Diagnostic, Severity};
pub use record::{Kind, Record};
