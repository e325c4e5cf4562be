//! Properties of the scoring engine over random valid evaluations, and the shared rank
//! rule of FORMAT.md ("Rank") checked by hand.
//!
//! The generator builds an [`Evaluation`] directly: a criteria tree up to three levels
//! deep whose weights add up to exactly 100 under every parent, an optional price
//! criterion, optional pass/fail criteria, per-criterion scales and minimum scores,
//! 1–7 bids, 1–5 evaluators and scores within scale with some cells left empty.

use std::collections::BTreeMap;
use std::str::FromStr;

use bidmark::model::{
    validate, Bid, Check, Consensus, Criterion, Dec, Evaluation, Evaluator, Kind, Method,
    Moderation, PriceMethod, Rounding, Scale, Score,
};
use bidmark::scoring::{score, Results};
use bidmark::{load_str, Evaluation as _};
use proptest::prelude::*;
use proptest::sample::Index;
use rust_decimal::Decimal;
use serde_json::json;
