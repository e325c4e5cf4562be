//! Bidmark: score public-sector bids against weighted criteria with exact arithmetic.
//!
//! The engine ([`model`], [`scoring`], [`standings`]) never touches web types, so every rule
//! is tested natively. The browser app lives in `app` and is compiled for wasm32 only.

pub mod analysis;
pub mod award;
pub mod export;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
pub mod generate;
pub mod model;
pub mod samples;
pub mod scoring;
pub mod standings;
pub mod templates;
pub mod text;
pub mod workflow;
pub mod workshop;

#[cfg(target_arch = "wasm32")]
pub mod app;

pub use model::{load_bytes, load_str, Evaluation, LoadError, Problem};
pub use scoring::{score, Results};
