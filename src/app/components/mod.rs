//! Pieces shared by pages.

pub mod breakdown;
pub mod chart;
pub mod error_summary;
pub mod file_drop;
pub mod form;
pub mod frame;
pub mod other_tab;
pub mod tables;
