//! One file per page. Each page of an open evaluation takes [`super::PageProps`]; the
//! frame around them is `components::frame`.

pub mod approval;
pub mod bids;
pub mod criteria;
pub mod details;
pub mod document;
pub mod export;
pub mod lots;
pub mod low;
pub mod moderation;
pub mod panel;
pub mod ranking;
pub mod results;
pub mod scoring;
pub mod start;
pub mod tasks;
pub mod workshop;
