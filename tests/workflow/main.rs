#![cfg(not(target_arch = "wasm32"))]
//! The workflow reducer, driven like a user would drive it: every [`Action`] and every
//! [`Edit`] through [`Session::apply`], with what each one must change, what each
//! refusal must leave alone, and what the audit log must say.
//!
//! Most tests use [`SMALL`](common::SMALL): a group of two scored criteria, a pass/fail
//! check and a price, two bids and two evaluators, no scores and no id (so the id is
//! derived).
//!
//! One module per area of the workflow; the fixtures and helpers they share are in
//! `common`.

mod audit;
mod bids;
mod bids_files;
mod common;
mod criteria;
mod history;
mod ids;
mod lock;
mod lots;
mod low;
mod moderation;
mod opening;
mod panel;
mod scoresheets;
mod scoring;
mod settings;
mod tour;
