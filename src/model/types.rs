//! Serde types of the evaluation file, version 1 (shared FORMAT.md, docs/format.md).
//!
//! Every object refuses fields it does not know, so nothing is silently dropped on a
//! load/save round trip; tool-specific data belongs under the top-level `extensions`.

use std::collections::BTreeMap;

use std::rc::Rc;

use serde::{Deserialize, Serialize};

use super::decimal::Dec;

pub const FORMAT: &str = "bidmark/evaluation";
pub const VERSION: u32 = 1;

/// The whole evaluation: criteria, bids, panel and every score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evaluation {
    pub format: String,
    pub version: u32,
    /// Extension: identifies this evaluation, so that scoresheets find their way back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// ISO 4217 code of the prices (`GBP`, `EUR`, `KRW`): a Bidmark extension, for display only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<Scale>,
    pub criteria: Vec<Criterion>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality_threshold: Option<Dec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moderation: Option<Moderation>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rounding: Option<Rounding>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bids: Vec<Bid>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evaluators: Vec<Evaluator>,
    /// Shared, so that copying an evaluation (every edit keeps the one before, for
    /// undo) copies tens of thousands of pointers rather than of scores and notes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scores: Vec<Rc<Score>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consensus: Vec<Consensus>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checks: Vec<Check>,
    /// Extension: the lots of a lotted procurement, each with its own bids and (unless it
    /// shares the evaluation's `criteria`) its own criteria tree. Empty: one lot, as in
    /// version 1.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lots: Vec<Lot>,
    /// Extension: at most how many lots one supplier may be awarded, and the order in
    /// which lots are decided.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub award_limit: Option<AwardLimit>,
    /// Extension: what bids are ranked on, when not their weighted points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ranking: Option<Ranking>,
    /// Extension: the stated rule that flags a bid as abnormally low, for the buyer to
    /// investigate (never an exclusion by itself).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abnormally_low: Option<AbnormallyLow>,
    /// Extension: the state of the panel's work (locks, completed scoresheets, audit log).
    #[serde(default, skip_serializing_if = "Workflow::is_empty")]
    pub workflow: Workflow,
    /// Data of other tools, kept as it is on every round trip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extensions: Option<serde_json::Map<String, serde_json::Value>>,
    /// Not in the file: set on a lot's view ([`super::lots`]) to the lot's id. Its bids
    /// still name their lot; the rules of the whole file are not a view's to check.
    #[serde(skip)]
    pub view_of: Option<String>,
}

/// A map of text that refuses a key given twice. JSON leaves duplicates undefined and
/// serde keeps the last silently; a file must never mean two things.
fn unique_keys<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    d: D,
) -> Result<BTreeMap<String, T>, D::Error> {
    struct V<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
        type Value = BTreeMap<String, T>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an object keyed by id")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut out = BTreeMap::new();
            while let Some((k, v)) = map.next_entry::<String, T>()? {
                if out.contains_key(&k) {
                    return Err(serde::de::Error::custom(format_args!(
                        "\"{k}\" appears twice"
                    )));
                }
                out.insert(k, v);
            }
            Ok(out)
        }
    }
    d.deserialize_map(V(std::marker::PhantomData))
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    pub min: Dec,
    pub max: Dec,
    /// Descriptor of each score point, keyed by the score as a decimal string.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique_keys"
    )]
    pub labels: BTreeMap<String, String>,
}

impl Default for Scale {
    /// The Digital Outcomes and Specialists scale: 0 to 3.
    fn default() -> Self {
        let labels = [
            ("0", "Not met"),
            ("1", "Partially met"),
            ("2", "Met"),
            ("3", "Exceeded"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        Scale {
            min: Dec(0.into()),
            max: Dec(3.into()),
            labels,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Group,
    Scored,
    Price,
    PassFail,
    /// Extension: a figure each bid states (delivery days, response hours, tonnes of
    /// CO2e, or one component of the price), scored by a formula of the price family.
    Measured,
}

/// Extension: whether a lower or a higher figure is better, for a measured criterion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Better {
    #[default]
    Lower,
    Higher,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceMethod {
    /// `lowest / price × weight`
    LowestOverBid,
    /// `max(0, 1 − (price − lowest) / lowest) × weight`
    LinearToLowest,
    /// `max(0, 1 − ln(price / lowest) / ln(A)) × weight`, A = `log_base` (extension):
    /// a bid at A times the lowest price scores nothing.
    Logarithmic,
    /// Extension: `weight × (highest − price) / (highest − lowest)`, the lowest and
    /// highest among the bids still in; every bid at one price scores the whole weight.
    LinearLowestHighest,
    /// Extension: the whole weight at or below `bounds.full`, nothing at or above
    /// `bounds.zero`, linear between: `weight × (zero − price) / (zero − full)`.
    BetweenBounds,
    /// Extension: the Korean negotiated-contract price score (협상에 의한 계약), anchored
    /// to `estimated_price` E (or `negotiated.reserve_price` when set): at or above 80 %
    /// of E, `weight × lowest / price`; below it, `weight × lowest / 0.8E + 2 × (0.8E −
    /// price) / (0.8E − 0.6E)`, a price below 0.6E counted as 0.6E.
    KoreanNegotiated,
    /// Extension: the Korean eligibility-review price score (적격심사): `weight − slope ×
    /// |target − ratio × 100|`, ratio = price ÷ reference price rounded half up to
    /// `eligibility.ratio_places`, never below `eligibility.floor`, with an optional flat
    /// band; a bid below the lower limit (낙찰하한율) is excluded.
    EligibilityReview,
}

/// Extension: what a bid below 60 % of the estimated price scores under
/// [`PriceMethod::KoreanNegotiated`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Below60 {
    /// The price is counted as 60 % of the estimated price (the published rule).
    #[default]
    CountedAs60,
    /// The bid scores `weight × 60 / 100` (a clause some buyers publish instead).
    SixtyPercentOfWeight,
}

/// Extension: the points on which published versions of the negotiated-contract price
/// score differ. Every field is optional; absent, the rule as published applies.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Negotiated {
    /// The reserve price (예정가격): when the buyer has set one, it replaces the
    /// estimated price as the anchor of the 80 % and 60 % marks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reserve_price: Option<Dec>,
    /// `true`: a lowest price below 80 % of the anchor is counted as 80 % of it (some
    /// buyers' clause). Absent or `false`: the lowest price as bid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lowest_raised_to_80: Option<bool>,
    /// What a bid below 60 % of the anchor scores; `counted_as_60` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below_60: Option<Below60>,
}

/// Extension: a ratio range (percentages of the reference price, both ends included)
/// that scores fixed points under [`PriceMethod::EligibilityReview`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Lowest ratio of the band, a percentage such as `"88.25"`.
    pub from: Dec,
    /// Highest ratio of the band, a percentage such as `"100"`.
    pub to: Dec,
    /// The points a bid in the band scores.
    pub points: Dec,
}

/// Extension: the parameters of the eligibility-review price score (적격심사).
/// Percentages (`target`, `band`, `lower_limit`) are of the reference price.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Eligibility {
    /// The reserve price (예정가격) the bid is divided by. It is fixed only at bid
    /// opening: until it is stated, every bid's price score is pending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_price: Option<Dec>,
    /// The ratio that scores the whole weight, a percentage such as `"88"`.
    pub target: Dec,
    /// Points lost per percentage point away from the target, such as `"4"`.
    pub slope: Dec,
    /// The fewest points a bid not excluded scores; 0 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor: Option<Dec>,
    /// Decimal places the ratio (as a fraction, 0.8903) is rounded to, half up, before
    /// it is used; 4 when absent.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "some_whole"
    )]
    pub ratio_places: Option<i64>,
    /// A ratio range that scores fixed points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<Band>,
    /// The lower limit (낙찰하한율), a percentage: a bid whose ratio is below it is
    /// excluded before price points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lower_limit: Option<Dec>,
    /// A: statutory costs taken out of both prices: ratio = (price − A) ÷ (reference − A).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub a_value: Option<Dec>,
}

/// The ratio places of an eligibility review when the file does not say.
pub const DEFAULT_RATIO_PLACES: i64 = 4;

/// Extension: the prices between which [`PriceMethod::BetweenBounds`] is linear.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bounds {
    /// At or below this price, the whole weight.
    pub full: Dec,
    /// At or above this price, nothing.
    pub zero: Dec,
}

/// One node of the criteria tree. The fields a kind may carry are checked by
/// validation, which names the criterion, rather than by the parser.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<Dec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub children: Option<Vec<Criterion>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_score: Option<Dec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<Scale>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<PriceMethod>,
    /// Extension: A of the logarithmic price formula (1.5, 2 or 3 in practice).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_base: Option<Dec>,
    /// Extension: `false` lets the logarithmic formula go below 0 for a bid more than A
    /// times the lowest price, as some platforms publish it; absent or `true`, it stops at 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_floor: Option<bool>,
    /// Extension: the prices of the between-bounds formula.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bounds: Option<Bounds>,
    /// Extension: the budget: a bid priced above it is excluded before any price points.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget: Option<Dec>,
    /// Extension, of a measured criterion: whether a lower or a higher figure is better.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub better: Option<Better>,
    /// Extension, of a measured criterion: what its figures count ("days", "hours",
    /// "tCO2e", "%"); a price component's are money, in the evaluation's currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Extension, of a measured criterion: it is one component of the price (day
    /// rates, an implementation price, a yearly licence). Its points count as price
    /// points, and its figures add up to each bid's total evaluated price.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub price_component: bool,
    /// Extension, of a group: its points are `weight × its bid's points / the best
    /// bid's points` below it, among the bids not excluded (quality relative to the
    /// best bid, as in quality- and cost-based selection).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub relative_to_best: bool,
    /// Extension: the estimated price (추정가격) of a negotiated contract, the anchor of
    /// [`PriceMethod::KoreanNegotiated`]; required with that method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_price: Option<Dec>,
    /// Extension: the disputed points of the negotiated-contract price score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub negotiated: Option<Negotiated>,
    /// Extension: the parameters of [`PriceMethod::EligibilityReview`]; required with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub eligibility: Option<Eligibility>,
}

impl Criterion {
    /// A criterion with only its id, name and kind: every other field absent (a struct
    /// update starts from it).
    pub fn new(id: impl Into<String>, name: impl Into<String>, kind: Kind) -> Criterion {
        Criterion {
            id: id.into(),
            name: name.into(),
            kind,
            weight: None,
            children: None,
            min_score: None,
            scale: None,
            guidance: None,
            method: None,
            log_base: None,
            log_floor: None,
            bounds: None,
            budget: None,
            better: None,
            unit: None,
            price_component: false,
            relative_to_best: false,
            estimated_price: None,
            negotiated: None,
            eligibility: None,
        }
    }
    pub fn children(&self) -> &[Criterion] {
        self.children.as_deref().unwrap_or(&[])
    }
    /// Whether the node takes part in the weight sums of its parent.
    pub fn is_weighted(&self) -> bool {
        self.kind != Kind::PassFail
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Consensus,
    #[default]
    Mean,
    Median,
    TrimmedMean,
}

#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Moderation {
    #[serde(default)]
    pub method: Method,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub divergence: Option<Dec>,
    /// Extension: the fewest eligible scores a cell needs for a final result.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "some_whole"
    )]
    pub min_scores: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rounding {
    #[serde(default = "default_places", deserialize_with = "places")]
    pub places: u32,
}

pub const DEFAULT_PLACES: u32 = 2;
/// Most decimal places a report may use; beyond this, totals stop being readable.
pub const MAX_PLACES: u32 = 6;

fn default_places() -> u32 {
    DEFAULT_PLACES
}

/// A whole number of places; anything else is explained in words, not in Rust types.
/// The refusal is made while the value is read (not after), so that serde_json says
/// where it is and the loader can name the field from that (`locate::path_at`).
fn places<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    use serde::de::{Error, MapAccess, SeqAccess, Visitor};
    use serde_json::Value;
    struct V;
    fn refuse<E: Error>(v: Value) -> E {
        E::custom(format_args!(
            "is {v}; use a whole number of decimal places from 0 to {MAX_PLACES}"
        ))
    }
    impl<'de> Visitor<'de> for V {
        type Value = u32;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a whole number of decimal places")
        }
        fn visit_u64<E: Error>(self, n: u64) -> Result<u32, E> {
            u32::try_from(n).map_err(|_| refuse(Value::from(n)))
        }
        fn visit_i64<E: Error>(self, n: i64) -> Result<u32, E> {
            u32::try_from(n).map_err(|_| refuse(Value::from(n)))
        }
        fn visit_f64<E: Error>(self, n: f64) -> Result<u32, E> {
            Err(refuse(Value::from(n)))
        }
        fn visit_bool<E: Error>(self, b: bool) -> Result<u32, E> {
            Err(refuse(Value::from(b)))
        }
        fn visit_str<E: Error>(self, s: &str) -> Result<u32, E> {
            Err(refuse(Value::from(s)))
        }
        fn visit_unit<E: Error>(self) -> Result<u32, E> {
            Err(refuse(Value::Null))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<u32, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element::<Value>()? {
                items.push(item);
            }
            Err(refuse(Value::Array(items)))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<u32, A::Error> {
            let mut object = serde_json::Map::new();
            while let Some((k, v)) = map.next_entry::<String, Value>()? {
                object.insert(k, v);
            }
            Err(refuse(Value::Object(object)))
        }
    }
    d.deserialize_any(V)
}

/// Extension: one lot of a lotted procurement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lot {
    pub id: String,
    pub name: String,
    /// The lot's own criteria tree; absent, the lot is scored on the evaluation's
    /// `criteria` (questions common to every lot).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criteria: Option<Vec<Criterion>>,
}

/// Extension: what bids are ranked on. Besides weighted points (the default), three
/// methods that set price against quality points, with no price criterion: each bid's
/// `price` against its quality subtotal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ranking {
    pub method: RankingMethod,
    /// What one quality point is worth in money, for `adjusted_price`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub point_value: Option<Dec>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RankingMethod {
    /// Total weighted points, highest first (version 1).
    WeightedPoints,
    /// `price / quality points`, lowest first.
    PricePerPoint,
    /// `price − quality points × point_value`, lowest first ("award on value").
    AdjustedPrice,
    /// `quality points / price`, highest first.
    ValueForMoney,
}

/// Extension: the rule that flags an abnormally low bid. A bid is flagged when its price
/// is below the threshold: `base × (100 − below_percent) / 100`, or, with a
/// `reference_price`, `base − reference_price × below_percent / 100` (percentage points
/// of the reference price: the "mean drop plus N points" form). The base is worked out
/// from the prices of the bids not excluded for another reason (the flagged bid
/// included). The optional conditions must hold too.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AbnormallyLow {
    /// How far below the base a price must be to be flagged, in percent (0 to 100,
    /// more than 0).
    pub below_percent: Dec,
    /// What the price is compared with.
    pub of: LowBase,
    /// Extension of the rule: the budget or estimated price that `below_percent` is
    /// measured against, in percentage points, instead of the base itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference_price: Option<Dec>,
    /// And the price is more than this percentage below the lowest price of the other
    /// bids (a proximity margin: only a bid well clear of the next is flagged).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub below_lowest_other_percent: Option<Dec>,
    /// And at least this many priced bids are compared (the rule does not apply to
    /// fewer).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "some_whole"
    )]
    pub min_bids: Option<i64>,
}

/// What an abnormally low price is compared with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LowBase {
    /// The arithmetic mean of the prices.
    Mean,
    /// The median of the prices (the mean of the two middle prices when even).
    Median,
    /// The mean of the prices without the highest one (one price left out).
    MeanWithoutHighest,
}

/// Extension: a supplier may be awarded at most `lots` lots; lots are decided in
/// `order` (every lot id once), else in the order of `lots`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwardLimit {
    #[serde(deserialize_with = "whole")]
    pub lots: i64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub order: Vec<String>,
}

/// A whole number (a count of lots or of scores), refused in words otherwise: "is
/// \"two\"; use a whole number, such as 2".
fn whole<'de, D: serde::Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    use serde::de::Error;
    let v = serde_json::Value::deserialize(d)?;
    match &v {
        serde_json::Value::Number(n) if n.is_i64() => Ok(n.as_i64().unwrap_or_default()),
        other => Err(D::Error::custom(format_args!(
            "is {other}; use a whole number, such as 2"
        ))),
    }
}

fn some_whole<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    whole(d).map(Some)
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bid {
    pub id: String,
    pub supplier: String,
    /// Extension: the lot the bid is for; required when the evaluation has lots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lot: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<Dec>,
    /// Extension: the bid's figure for each measured criterion, keyed by criterion id.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique_keys"
    )]
    pub values: BTreeMap<String, Dec>,
    /// The bid's answer to each criterion, keyed by criterion id.
    #[serde(
        default,
        skip_serializing_if = "BTreeMap::is_empty",
        deserialize_with = "unique_keys"
    )]
    pub answers: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evaluator {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Extension: the evaluator's conflict-of-interest declaration, once made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declaration: Option<Declaration>,
    /// Extension: what the evaluator scores; absent, everything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignment: Option<Assignment>,
}

/// Extension: the criteria (a group stands for everything below it) and lots an
/// evaluator scores. An empty list means all.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lots: Vec<String>,
}

impl Assignment {
    pub fn is_empty(&self) -> bool {
        self.criteria.is_empty() && self.lots.is_empty()
    }
}

/// A conflict-of-interest declaration: none, or a conflict and how it is managed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Declaration {
    pub conflict: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub detail: String,
    /// The bids the conflict concerns: the evaluator is recused from them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bids: Vec<String>,
    /// Suppliers the conflict concerns, by name: recused from every bid of theirs, in
    /// every lot (names compared ignoring case and extra spaces).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub suppliers: Vec<String>,
}

/// Extension: where the panel's work stands, and everything that happened to it.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workflow {
    /// Criteria cannot change once scoring starts (DOS: criteria cannot change after
    /// publication); unlocking is deliberate and audited.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub criteria_locked: bool,
    /// Quality evaluators do not see prices while they score.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub hide_prices: bool,
    /// Evaluators see bids as codes (Bid A, Bid B… per lot), never supplier names or prices.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub blind: bool,
    /// Evaluators whose scoresheets are marked complete.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub complete: Vec<String>,
    /// Every change, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audit: Vec<AuditEntry>,
    /// Award decisions recorded by the buyer, oldest first; the latest for a lot stands.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub approvals: Vec<Approval>,
    /// The outcome of each investigation of a bid flagged as abnormally low: at most one
    /// per bid (changing it replaces it; the audit log keeps the one before).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub investigations: Vec<Investigation>,
}

/// The recorded outcome of investigating an abnormally low bid, once the supplier was
/// asked to explain its price.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Investigation {
    pub bid: String,
    pub outcome: Outcome,
    /// Why the bid was rejected (required then); any remark when accepted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Who recorded the outcome.
    pub by: String,
    /// The date of the outcome, `YYYY-MM-DD`.
    pub date: String,
}

/// What the buyer decided after the supplier's explanation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The explanation accounts for the price: the bid stays in.
    Accepted,
    /// The explanation does not account for the price: the bid is excluded.
    Rejected,
}

/// A recorded award decision: a record of who decided what about which result, not a
/// cryptographic signature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// The lot decided; absent when the evaluation has no lots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lot: Option<String>,
    /// The recommended bid.
    pub bid: String,
    pub decision: Decision,
    pub approver: String,
    pub role: String,
    /// The date of the decision, `YYYY-MM-DD`.
    pub date: String,
    /// Why it was returned (required then); any remark when approved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// SHA-256 digest of the result decided on: the `bidmark/result` of this evaluation
    /// without any approvals.
    pub result: String,
    /// How many audit entries there were when the decision was recorded, so that what
    /// changed after it can be named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_length: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approved,
    Returned,
}

impl Workflow {
    pub fn is_empty(&self) -> bool {
        *self == Workflow::default()
    }
}

/// One change: when, who, what, and the value before and after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditEntry {
    /// ISO 8601 date and time, UTC.
    pub at: String,
    pub who: String,
    pub what: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

/// One evaluator's score of one scored criterion for one bid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Score {
    pub evaluator: String,
    pub bid: String,
    pub criterion: String,
    pub score: Dec,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The panel's agreed score after moderation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consensus {
    pub bid: String,
    pub criterion: String,
    pub score: Dec,
    pub rationale: String,
}

/// The outcome of a pass/fail criterion for one bid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Check {
    pub bid: String,
    pub criterion: String,
    pub passed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl Evaluation {
    pub fn default_scale(&self) -> Scale {
        self.scale.clone().unwrap_or_default()
    }
    pub fn method(&self) -> Method {
        self.moderation
            .as_ref()
            .map(|m| m.method)
            .unwrap_or_default()
    }
    pub fn divergence(&self) -> Option<Dec> {
        self.moderation.as_ref().and_then(|m| m.divergence)
    }
    /// The fewest scores that count a cell needs (extension); `None`: one, as in version 1.
    pub fn min_scores(&self) -> Option<usize> {
        self.moderation
            .as_ref()
            .and_then(|m| m.min_scores)
            .and_then(|n| usize::try_from(n).ok())
    }
    pub fn places(&self) -> u32 {
        self.rounding.as_ref().map_or(DEFAULT_PLACES, |r| r.places)
    }

    /// Every node of the tree, depth first, with its depth.
    pub fn walk(&self) -> Vec<(usize, &Criterion)> {
        fn go<'a>(nodes: &'a [Criterion], depth: usize, out: &mut Vec<(usize, &'a Criterion)>) {
            for n in nodes {
                out.push((depth, n));
                go(n.children(), depth + 1, out);
            }
        }
        let mut out = Vec::new();
        go(&self.criteria, 0, &mut out);
        out
    }

    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.walk().into_iter().map(|(_, c)| c).find(|c| c.id == id)
    }
    pub fn bid(&self, id: &str) -> Option<&Bid> {
        self.bids.iter().find(|b| b.id == id)
    }
    pub fn evaluator(&self, id: &str) -> Option<&Evaluator> {
        self.evaluators.iter().find(|e| e.id == id)
    }
    /// The recorded outcome of investigating a bid's price, if any.
    pub fn investigation(&self, bid: &str) -> Option<&Investigation> {
        self.workflow.investigations.iter().find(|i| i.bid == bid)
    }
}
