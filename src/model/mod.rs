//! The evaluation file (FORMAT.md, version 1): its types, how it is read, and its rules.

pub mod decimal;
pub mod exchange;
pub(crate) mod ids;
pub(crate) mod load;
mod locate;
pub mod lots;
pub mod panel;
pub mod problem;
mod rules;
pub mod tree;
pub mod types;
pub mod validate;

pub use decimal::{parse_decimal, Dec};
pub use load::{
    check_size, load_bytes, load_draft, load_str, max_file_bytes, megabytes, set_max_file_bytes,
    MAX_FILE_BYTES,
};
pub use problem::{LoadError, Problem};
pub use rules::is_date;
pub use types::*;
pub use validate::validate;

impl Evaluation {
    /// The file as Bidmark writes it: pretty JSON, two-space indent, trailing newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("an evaluation always serialises");
        s.push('\n');
        s
    }
}
