//! The rules of FORMAT.md that a typed file can still break. Every rule adds a
//! [`Problem`] naming the entry and saying what to do; none stops the others.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::decimal::{parse_decimal, Dec};
use super::ids::{IdMap, Ids};
use super::problem::Problem;
use super::tree::{kind_words, own_or};
use super::types::*;

/// Largest price accepted (a quadrillion): keeps every product inside exact decimal range.
pub const MAX_PRICE: Decimal = Decimal::from_parts(2764472320, 232830, 0, false, 0); // 1e15
/// Most decimal places a price may have: enough for any currency's smallest unit, few
/// enough that a price ratio keeps all its digits.
pub const MAX_PRICE_PLACES: u32 = 6;
/// Largest absolute value of a scale end.
pub const MAX_SCALE: i64 = 1_000_000;

/// Every problem in an evaluation, in file order. Empty means the file can be scored.
pub fn validate(e: &Evaluation) -> Vec<Problem> {
    let mut out = if e.has_lots() {
        super::rules::lots(e, one)
    } else {
        one(e)
    };
    out.extend(super::rules::extensions(e));
    out
}

/// The version 1 rules, of an evaluation without lots or of one lot's view.
fn one(e: &Evaluation) -> Vec<Problem> {
    // Ids to entries, built once: every score refers to a bid and an evaluator, and a
    // search of the lists for each would make checking quadratic in the file's size.
    let mut bids = IdMap::default();
    bids.reserve(e.bids.len());
    for b in &e.bids {
        bids.entry(b.id.as_str()).or_insert(b);
    }
    let mut evaluators = IdMap::default();
    evaluators.reserve(e.evaluators.len());
    for v in &e.evaluators {
        evaluators.entry(v.id.as_str()).or_insert(v);
    }
    let mut v = Validator {
        e,
        out: Vec::new(),
        nodes: IdMap::default(),
        bids,
        evaluators,
    };
    v.top();
    v.criteria();
    v.bids();
    v.evaluators();
    v.scores();
    v.consensus();
    v.checks();
    v.out
}

/// A criterion and the scale its scores are checked against.
struct NodeInfo<'a> {
    node: &'a Criterion,
    scale: Scale,
}

struct Validator<'a> {
    e: &'a Evaluation,
    out: Vec<Problem>,
    nodes: IdMap<&'a str, NodeInfo<'a>>,
    bids: IdMap<&'a str, &'a Bid>,
    evaluators: IdMap<&'a str, &'a crate::model::Evaluator>,
}

fn hundred() -> Decimal {
    Decimal::ONE_HUNDRED
}

pub(crate) fn criterion_place(c: &Criterion) -> String {
    if c.name.trim().is_empty() {
        format!("Criterion {}", c.id)
    } else {
        format!("Criterion \"{}\" ({})", c.name, c.id)
    }
}

impl<'a> Validator<'a> {
    fn push(&mut self, path: impl Into<String>, place: impl Into<String>, msg: impl Into<String>) {
        self.out.push(Problem::new(path, place, msg));
    }

    fn top(&mut self) {
        let e = self.e;
        if e.title.trim().is_empty() {
            self.push("title", "Title", "is empty. Give the procurement a name.");
        }
        if let Some(c) = &e.currency {
            if c.len() != 3 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
                self.push(
                    "currency",
                    "Currency",
                    format!("is \"{c}\"; use a three-letter ISO 4217 code such as \"GBP\", \"EUR\" or \"KRW\"."),
                );
            }
        }
        if let Some(s) = &e.scale {
            self.scale(s, "scale", "Scale");
        }
        if let Some(t) = e.quality_threshold {
            if t.0 < Decimal::ZERO || t.0 > hundred() {
                self.push(
                    "quality_threshold",
                    "Quality threshold",
                    format!("is {t}; it is a percentage, from 0 to 100."),
                );
            }
        }
        if let Some(d) = e.divergence() {
            if d.0 < Decimal::ZERO {
                self.push(
                    "moderation.divergence",
                    "Moderation › divergence",
                    format!("is {d}; a spread cannot be negative."),
                );
            }
        }
        if e.places() > MAX_PLACES {
            self.push(
                "rounding.places",
                "Rounding › places",
                format!(
                    "is {}; use from 0 to {MAX_PLACES} decimal places.",
                    e.places()
                ),
            );
        }
    }

    fn scale(&mut self, s: &Scale, path: &str, place: &str) {
        let limit = Decimal::from(MAX_SCALE);
        if s.min.0 >= s.max.0 {
            self.push(
                format!("{path}.min"),
                place,
                format!(
                    "runs from {} to {}; its minimum must be below its maximum.",
                    s.min, s.max
                ),
            );
        }
        if s.min.0.abs() > limit || s.max.0.abs() > limit {
            self.push(
                path,
                place,
                format!("ends must lie between -{MAX_SCALE} and {MAX_SCALE}."),
            );
        }
        for key in s.labels.keys() {
            match parse_decimal(key) {
                Ok(k) if k < s.min.0 || k > s.max.0 => self.push(
                    format!("{path}.labels"),
                    place,
                    format!(
                        "has a label for {key}, outside the scale {} to {}. Remove the label or widen the scale.",
                        s.min, s.max
                    ),
                ),
                Ok(_) => {}
                Err(err) => self.push(
                    format!("{path}.labels"),
                    place,
                    format!("has a label keyed \"{key}\", which {err}. Key each label by the score it describes, such as \"2\"."),
                ),
            }
        }
    }

    fn criteria(&mut self) {
        let e = self.e;
        if e.criteria.is_empty() {
            self.push(
                "criteria",
                "Criteria",
                "are missing. Add at least one weighted criterion.",
            );
            return;
        }
        let default_scale = e.default_scale();
        let mut seen: BTreeMap<&str, (String, String)> = BTreeMap::new();
        let mut prices: Vec<String> = Vec::new();
        self.siblings(
            &e.criteria,
            "criteria",
            None,
            &default_scale,
            &mut seen,
            &mut prices,
        );
        if prices.len() > 1 {
            self.push(
                "criteria",
                "Criteria",
                format!(
                    "have {} price criteria ({}); an evaluation has at most one. To score several prices, make each a measured criterion that is a price component.",
                    prices.len(),
                    prices.join(", ")
                ),
            );
        }
        self.tree_extensions();
    }

    fn siblings(
        &mut self,
        nodes: &'a [Criterion],
        list_path: &str,
        parent: Option<&Criterion>,
        scale: &Scale,
        seen: &mut BTreeMap<&'a str, (String, String)>,
        prices: &mut Vec<String>,
    ) {
        let parent_words = match parent {
            Some(p) => format!("under {}", p.name),
            None => "at the top level".to_string(),
        };
        let parent_place = parent.map_or("Criteria".to_string(), criterion_place);
        let weighted: Vec<&Criterion> = nodes.iter().filter(|c| c.is_weighted()).collect();
        if weighted.is_empty() {
            self.push(
                list_path,
                parent_place.clone(),
                format!("There are no weighted criteria {parent_words}. Add a scored, price or group criterion with a weight."),
            );
        } else {
            let sum: Decimal = weighted.iter().filter_map(|c| c.weight).map(|w| w.0).sum();
            if sum != hundred() && weighted.iter().all(|c| c.weight.is_some()) {
                self.push(
                    list_path,
                    parent_place,
                    format!(
                        "Weights {parent_words} add up to {}. Make them add up to 100.",
                        sum.normalize()
                    ),
                );
            }
        }
        for (i, c) in nodes.iter().enumerate() {
            let path = format!("{list_path}[{i}]");
            self.criterion(c, &path, scale, seen, prices);
        }
    }

    fn criterion(
        &mut self,
        c: &'a Criterion,
        path: &str,
        inherited: &Scale,
        seen: &mut BTreeMap<&'a str, (String, String)>,
        prices: &mut Vec<String>,
    ) {
        let place = criterion_place(c);
        if c.id.trim().is_empty() {
            self.push(
                format!("{path}.id"),
                place.clone(),
                "has no id. Give every criterion a short unique id.",
            );
        } else if let Some((_, first)) = seen.get(c.id.as_str()) {
            self.push(
                format!("{path}.id"),
                place.clone(),
                format!("uses the id \"{}\", already used by {first}. Ids must be unique across the whole tree: give this one another id.", c.id),
            );
        } else {
            seen.insert(&c.id, (path.to_string(), place.clone()));
        }
        let first_with_id = seen.get(c.id.as_str()).is_some_and(|(p, _)| p == path);
        if c.name.trim().is_empty() {
            self.push(
                format!("{path}.name"),
                place.clone(),
                "has no name. Give every criterion a name.",
            );
        }
        let kind_name = kind_words(c.kind);
        let forbid = |v: &mut Self, present: bool, field: &str, why: &str| {
            if present {
                v.push(
                    format!("{path}.{field}"),
                    place.clone(),
                    format!("is a {kind_name} criterion, which {why}."),
                );
            }
        };
        match c.weight {
            Some(w) if c.kind == Kind::PassFail => {
                let _ = w;
                forbid(self, true, "weight", "carries no weight: remove \"weight\"");
            }
            Some(w) if w.0 < Decimal::ZERO || w.0 > hundred() => self.push(
                format!("{path}.weight"),
                place.clone(),
                format!("has weight {w}; a weight is a percentage of its parent, from 0 to 100."),
            ),
            None if c.kind != Kind::PassFail => self.push(
                format!("{path}.weight"),
                place.clone(),
                format!("has no weight. A {kind_name} criterion needs one (a percentage of its parent)."),
            ),
            _ => {}
        }
        if let Some(s) = &c.scale {
            self.scale(s, &format!("{path}.scale"), &format!("{place} › scale"));
        }
        let scale = own_or(c, inherited).clone();
        if c.kind != Kind::Scored {
            forbid(
                self,
                c.scale.is_some() && c.kind != Kind::Group,
                "scale",
                "is not scored: remove \"scale\"",
            );
            forbid(
                self,
                c.min_score.is_some(),
                "min_score",
                "is not scored: remove \"min_score\"",
            );
        }
        if c.kind != Kind::Price && c.kind != Kind::Measured {
            forbid(
                self,
                c.method.is_some(),
                "method",
                "is not a price criterion: remove \"method\"",
            );
        }
        if c.kind != Kind::Measured {
            forbid(
                self,
                c.better.is_some(),
                "better",
                "is not measured: remove \"better\"",
            );
            forbid(
                self,
                c.unit.is_some(),
                "unit",
                "is not measured: remove \"unit\"",
            );
            forbid(
                self,
                c.price_component,
                "price_component",
                "is not measured: remove \"price_component\" (make it a measured criterion to price by components)",
            );
        }
        if c.kind != Kind::Group {
            forbid(
                self,
                c.relative_to_best,
                "relative_to_best",
                "is not a group: remove \"relative_to_best\" (a group's points can be set against the best bid's)",
            );
        }
        if c.method != Some(PriceMethod::Logarithmic) {
            forbid(
                self,
                c.log_base.is_some(),
                "log_base",
                "does not use the logarithmic price formula: remove \"log_base\"",
            );
            forbid(
                self,
                c.log_floor.is_some(),
                "log_floor",
                "does not use the logarithmic price formula: remove \"log_floor\"",
            );
        }
        if c.method != Some(PriceMethod::BetweenBounds) {
            forbid(
                self,
                c.bounds.is_some(),
                "bounds",
                "does not use the between-bounds price formula: remove \"bounds\"",
            );
        }
        if c.method != Some(PriceMethod::KoreanNegotiated) {
            forbid(
                self,
                c.estimated_price.is_some(),
                "estimated_price",
                "does not use the Korean negotiated-contract price score: remove \"estimated_price\"",
            );
            forbid(
                self,
                c.negotiated.is_some(),
                "negotiated",
                "does not use the Korean negotiated-contract price score: remove \"negotiated\"",
            );
        }
        if c.method != Some(PriceMethod::EligibilityReview) {
            forbid(
                self,
                c.eligibility.is_some(),
                "eligibility",
                "does not use the Korean eligibility-review price score: remove \"eligibility\"",
            );
        }
        if c.kind != Kind::Price {
            forbid(
                self,
                c.budget.is_some(),
                "budget",
                "is not a price criterion: remove \"budget\"",
            );
        }
        if c.kind != Kind::Group {
            forbid(
                self,
                c.children.is_some(),
                "children",
                "cannot hold other criteria: make it a group",
            );
        }
        match c.kind {
            Kind::Group => match &c.children {
                None => self.push(
                    format!("{path}.children"),
                    place.clone(),
                    "is a group with no \"children\". Add the criteria it holds.",
                ),
                Some(ch) if ch.is_empty() => self.push(
                    format!("{path}.children"),
                    place.clone(),
                    "is a group with no criteria in it. Add some, or remove the group.",
                ),
                Some(ch) => {
                    let ch_path = format!("{path}.children");
                    self.siblings(ch, &ch_path, Some(c), &scale, seen, prices);
                }
            },
            Kind::Scored => {
                if let Some(m) = c.min_score {
                    if scale.min.0 < scale.max.0 && (m.0 < scale.min.0 || m.0 > scale.max.0) {
                        self.push(
                            format!("{path}.min_score"),
                            place.clone(),
                            format!(
                                "has min_score {m}, outside its scale {} to {}. Use a minimum score from {} to {}.",
                                scale.min, scale.max, scale.min, scale.max
                            ),
                        );
                    }
                }
            }
            Kind::Price => {
                prices.push(c.name.clone());
                if c.method == Some(PriceMethod::Logarithmic) {
                    match c.log_base {
                        None => self.push(
                            format!("{path}.log_base"),
                            place.clone(),
                            "uses the logarithmic price formula but has no \"log_base\" (A). Give it, such as \"2\": a bid at A times the lowest price scores nothing.",
                        ),
                        Some(a) if a.0 <= Decimal::ONE || a.0 > Decimal::ONE_HUNDRED => self.push(
                            format!("{path}.log_base"),
                            place.clone(),
                            format!("has log_base {a}; A must be more than 1 (and at most 100), such as 1.5, 2 or 3."),
                        ),
                        _ => {}
                    }
                }
                if c.method.is_none() {
                    self.push(
                        format!("{path}.method"),
                        place.clone(),
                        "has no \"method\". Use \"lowest_over_bid\" or \"linear_to_lowest\".",
                    );
                }
                if c.method == Some(PriceMethod::BetweenBounds) {
                    match &c.bounds {
                        None => self.push(
                            format!("{path}.bounds"),
                            place.clone(),
                            "uses the between-bounds price formula but has no \"bounds\". Give {\"full\": the price at or below which a bid scores the whole weight, \"zero\": the price at or above which it scores nothing}.",
                        ),
                        Some(b) if b.full.0 <= Decimal::ZERO => self.push(
                            format!("{path}.bounds.full"),
                            place.clone(),
                            format!("has bounds.full {}; the price for the whole weight must be more than 0.", b.full),
                        ),
                        Some(b) if b.zero.0 <= b.full.0 => self.push(
                            format!("{path}.bounds.zero"),
                            place.clone(),
                            format!("has bounds the wrong way round: full {} and zero {}. The price for no points must be above the price for the whole weight.", b.full, b.zero),
                        ),
                        Some(_) => {}
                    }
                }
                if c.method == Some(PriceMethod::KoreanNegotiated) {
                    self.negotiated(c, path, &place);
                }
                if c.method == Some(PriceMethod::EligibilityReview) {
                    self.eligibility(c, path, &place);
                }
                if let Some(b) = c.budget {
                    // The same limits as a price, said of the budget.
                    if let Some(why) = price_problem(b) {
                        self.push(
                            format!("{path}.budget"),
                            place.clone(),
                            why.replacen("has price", "has budget", 1)
                                .replace("A price must", "A budget must"),
                        );
                    }
                }
            }
            Kind::Measured => self.measured(c, path, &place),
            Kind::PassFail => {}
        }
        // References resolve to the first criterion with an id; a duplicate is reported once.
        if first_with_id {
            self.nodes.insert(&c.id, NodeInfo { node: c, scale });
        }
    }

    /// A measured criterion (extension): which way is better, a formula of the price
    /// family that fits it, and its bounds the right way round.
    fn measured(&mut self, c: &Criterion, path: &str, place: &str) {
        use crate::model::Better;
        let better = c.better.unwrap_or_default();
        if c.better.is_none() && !c.price_component {
            self.push(
                format!("{path}.better"),
                place,
                "is measured but does not say which way is better. Add \"better\": \"lower\" (fewer days, less CO2e) or \"higher\" (more apprentices).",
            );
        }
        if c.price_component && better == Better::Higher {
            self.push(
                format!("{path}.better"),
                place,
                "is a price component, where a lower price is better. Remove \"better\" or make it \"lower\".",
            );
        }
        match c.method {
            None => self.push(
                format!("{path}.method"),
                place,
                "has no \"method\". Use \"lowest_over_bid\" (ratio to the best figure), \"linear_lowest_highest\" (linear between the best and the worst) or \"between_bounds\".",
            ),
            Some(PriceMethod::KoreanNegotiated | PriceMethod::EligibilityReview) => self.push(
                format!("{path}.method"),
                place,
                "uses a Korean price score, which scores only the price criterion. Use \"lowest_over_bid\", \"linear_lowest_highest\" or \"between_bounds\".",
            ),
            Some(PriceMethod::LinearToLowest | PriceMethod::Logarithmic) if better == Better::Higher => self.push(
                format!("{path}.method"),
                place,
                "scores a higher figure as better, which this formula cannot. Use \"lowest_over_bid\" (ratio to the best), \"linear_lowest_highest\" or \"between_bounds\".",
            ),
            Some(PriceMethod::Logarithmic) => match c.log_base {
                None => self.push(
                    format!("{path}.log_base"),
                    place,
                    "uses the logarithmic formula but has no \"log_base\" (A). Give it, such as \"2\".",
                ),
                Some(a) if a.0 <= Decimal::ONE || a.0 > Decimal::ONE_HUNDRED => self.push(
                    format!("{path}.log_base"),
                    place,
                    format!("has log_base {a}; A must be more than 1 (and at most 100), such as 1.5, 2 or 3."),
                ),
                _ => {}
            },
            Some(PriceMethod::BetweenBounds) => match (&c.bounds, better) {
                (None, _) => self.push(
                    format!("{path}.bounds"),
                    place,
                    "uses the between-bounds formula but has no \"bounds\". Give {\"full\": the figure that scores the whole weight, \"zero\": the figure that scores nothing}.",
                ),
                (Some(b), _) if b.full.0 < Decimal::ZERO || b.zero.0 < Decimal::ZERO => self.push(
                    format!("{path}.bounds"),
                    place,
                    format!("has bounds full {} and zero {}; a measured figure is never below 0.", b.full, b.zero),
                ),
                (Some(b), Better::Lower) if b.zero.0 <= b.full.0 => self.push(
                    format!("{path}.bounds.zero"),
                    place,
                    format!("has bounds the wrong way round: full {} and zero {}. Lower is better here, so the figure for no points must be above the figure for the whole weight.", b.full, b.zero),
                ),
                (Some(b), Better::Higher) if b.zero.0 >= b.full.0 => self.push(
                    format!("{path}.bounds.zero"),
                    place,
                    format!("has bounds the wrong way round: full {} and zero {}. Higher is better here, so the figure for no points must be below the figure for the whole weight.", b.full, b.zero),
                ),
                _ => {}
            },
            Some(_) => {}
        }
    }

    /// The whole tree's rules of the extension kinds: price components replace the
    /// price criterion; a group relative to the best bid holds only scored criteria.
    fn tree_extensions(&mut self) {
        let walk = self.e.walk();
        let has_price = walk.iter().any(|(_, c)| c.kind == Kind::Price);
        if has_price {
            for (_, c) in &walk {
                if c.kind == Kind::Measured && c.price_component {
                    self.push(
                        "criteria",
                        criterion_place(c),
                        "is a price component, and the evaluation also has a price criterion: the price would be scored twice. Give the price either as one price criterion or as components.",
                    );
                }
            }
        }
        let mut open: Vec<(usize, &Criterion)> = Vec::new();
        for (depth, c) in &walk {
            while open.last().is_some_and(|(d, _)| d >= depth) {
                open.pop();
            }
            if let Some((_, g)) = open.first() {
                let problem = match c.kind {
                    Kind::Group if c.relative_to_best => Some("is itself set against the best bid's points: remove \"relative_to_best\" from one of the two"),
                    Kind::Price | Kind::Measured => Some("is not scored by the panel, and only the panel's scores can be set against the best bid's: move it out of the group"),
                    _ => None,
                };
                if let Some(why) = problem {
                    self.push(
                        "criteria",
                        criterion_place(c),
                        format!("is inside \"{}\", whose points are set against the best bid's, and {why}.", g.name),
                    );
                }
            }
            // Track groups from a relative group down, to know when its subtree ends.
            if c.kind == Kind::Group && (c.relative_to_best || !open.is_empty()) {
                open.push((*depth, c));
            }
        }
    }

    /// Each bid's figures for the measured criteria (extension): one for each, a number
    /// in range, none for anything else; a stated price that is their sum.
    fn bid_values(&mut self, b: &Bid, measured: &[&Criterion], path: &str, place: &str) {
        for c in measured {
            match b.values.get(&c.id) {
                None => self.push(
                    format!("{path}.values"),
                    place,
                    format!(
                        "has no figure for \"{}\", a measured criterion. Add \"{}\": the bid's {} to \"values\".",
                        c.name,
                        c.id,
                        if c.price_component { "price for it" } else { "figure" }
                    ),
                ),
                Some(v) if c.price_component => {
                    if let Some(why) = price_problem(*v) {
                        self.push(format!("{path}.values.{}", c.id), place, why);
                    }
                }
                Some(v) if v.0 < Decimal::ZERO => self.push(
                    format!("{path}.values.{}", c.id),
                    place,
                    format!("has {v} for \"{}\"; a measured figure is 0 or more.", c.name),
                ),
                Some(v) if v.0.abs() > MAX_PRICE || v.0.scale() > 9 => self.push(
                    format!("{path}.values.{}", c.id),
                    place,
                    format!("has {v} for \"{}\", too large or with more than 9 decimal places.", c.name),
                ),
                Some(_) => {}
            }
        }
        for key in b.values.keys() {
            if !measured.iter().any(|c| c.id == *key) {
                self.push(
                    format!("{path}.values.{key}"),
                    place,
                    format!("has a figure for \"{key}\", which is not a measured criterion. Correct the criterion id or remove the figure."),
                );
            }
        }
        let components: Vec<&&Criterion> = measured.iter().filter(|c| c.price_component).collect();
        if let (Some(price), false) = (b.price, components.is_empty()) {
            let sum: Option<Decimal> = components
                .iter()
                .map(|c| b.values.get(&c.id).map(|v| v.0))
                .sum();
            if let Some(sum) = sum.filter(|s| *s != price.0) {
                self.push(
                    format!("{path}.price"),
                    place,
                    format!("has price {price}, but its price components add up to {}. Correct one, or remove \"price\": it is worked out from the components.", sum.normalize()),
                );
            }
        }
    }

    fn bids(&mut self) {
        let e = self.e;
        let has_price = self.nodes.values().any(|n| n.node.kind == Kind::Price);
        // The measured criteria, found once for every bid's figures.
        let measured: Vec<&Criterion> = e
            .walk()
            .into_iter()
            .map(|(_, c)| c)
            .filter(|c| c.kind == Kind::Measured)
            .collect();
        let mut ids: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, b) in e.bids.iter().enumerate() {
            let path = format!("bids[{i}]");
            let place = bid_place(b, i);
            if b.id.trim().is_empty() {
                self.push(
                    format!("{path}.id"),
                    place.clone(),
                    "has no id. Give every bid a short unique id.",
                );
            } else if let Some(first) = ids.insert(&b.id, i) {
                self.push(
                    format!("{path}.id"),
                    place.clone(),
                    format!(
                        "uses the id \"{}\", already used by bid {}. Bid ids must be unique.",
                        b.id,
                        first + 1
                    ),
                );
                ids.insert(&b.id, first);
            }
            if b.supplier.trim().is_empty() {
                self.push(
                    format!("{path}.supplier"),
                    place.clone(),
                    "has no supplier name. Add the name of the supplier who made the bid.",
                );
            }
            match b.price {
                Some(p) => {
                    if let Some(why) = price_problem(p) {
                        self.push(format!("{path}.price"), place.clone(), why);
                    }
                }
                None if has_price => self.push(
                    format!("{path}.price"),
                    place.clone(),
                    "has no price, and this evaluation scores price. Add the total evaluated price.",
                ),
                None => {}
            }
            self.bid_values(b, &measured, &path, &place);
            for key in b.answers.keys() {
                if !self.nodes.contains_key(key.as_str()) {
                    self.push(
                        format!("{path}.answers"),
                        place.clone(),
                        format!(
                            "has an answer for criterion \"{key}\", which is not in the criteria. Correct the criterion id or remove the answer."
                        ),
                    );
                }
            }
        }
    }

    fn evaluators(&mut self) {
        let mut ids: BTreeSet<&str> = BTreeSet::new();
        for (i, ev) in self.e.evaluators.iter().enumerate() {
            let path = format!("evaluators[{i}]");
            let place = if ev.name.trim().is_empty() {
                format!("Evaluator {}", i + 1)
            } else {
                format!("Evaluator \"{}\"", ev.name)
            };
            if ev.id.trim().is_empty() {
                self.push(
                    format!("{path}.id"),
                    place.clone(),
                    "has no id. Give every evaluator a short unique id.",
                );
            } else if !ids.insert(&ev.id) {
                self.push(
                    format!("{path}.id"),
                    place.clone(),
                    format!("uses the id \"{}\", already used by another evaluator. Evaluator ids must be unique.", ev.id),
                );
            }
            if ev.name.trim().is_empty() {
                self.push(
                    format!("{path}.name"),
                    place,
                    "has no name. Give every evaluator a name.",
                );
            }
        }
        for (i, id) in self.e.workflow.complete.iter().enumerate() {
            if !self.evaluators.contains_key(id.as_str()) {
                self.push(
                    format!("workflow.complete[{i}]"),
                    "Workflow › complete",
                    format!("names evaluator \"{id}\", who is not on the panel. Remove the name or add them to the panel."),
                );
            }
        }
    }

    /// Checks a reference to a bid and a criterion of the wanted kind; returns the
    /// criterion's scale when both hold.
    fn refs(
        &mut self,
        path: &str,
        place: &str,
        bid: &str,
        criterion: &str,
        want: Kind,
    ) -> Option<Scale> {
        let mut ok = true;
        if !self.bids.contains_key(bid) {
            self.push(
                format!("{path}.bid"),
                place,
                format!("refers to bid \"{bid}\", which is not in the bids. Use the id of one of the bids, or remove this entry."),
            );
            ok = false;
        }
        let scale = match self.nodes.get(criterion) {
            None => {
                self.push(
                    format!("{path}.criterion"),
                    place,
                    format!("refers to criterion \"{criterion}\", which is not in the criteria. Use the id of one of the criteria, or remove this entry."),
                );
                None
            }
            Some(n) if n.node.kind != want => {
                let (name, kind) = (n.node.name.clone(), n.node.kind);
                self.push(
                    format!("{path}.criterion"),
                    place,
                    format!(
                        "refers to \"{name}\" ({criterion}), a {} criterion; only {} criteria take {}.",
                        kind_words(kind),
                        kind_words(want),
                        if want == Kind::PassFail { "checks" } else { "scores" }
                    ),
                );
                None
            }
            Some(n) => Some(n.scale.clone()),
        };
        if ok {
            scale
        } else {
            None
        }
    }

    fn in_scale(&mut self, path: &str, place: &str, score: Decimal, scale: &Scale) {
        // A scale that runs backwards is reported once, on the scale; every score
        // measured against it would only repeat that.
        if scale.min.0 < scale.max.0 && (score < scale.min.0 || score > scale.max.0) {
            self.push(
                format!("{path}.score"),
                place,
                format!(
                    "is {score}, outside the scale {} to {}. Use a score from {} to {}.",
                    scale.min, scale.max, scale.min, scale.max
                ),
            );
        }
    }

    fn scores(&mut self) {
        let e = self.e;
        // Ids as small numbers. Scores come grouped by bid and criterion, so most
        // lookups are one comparison with the id before.
        let mut evaluators = Ids::new(e.evaluators.iter().map(|v| v.id.as_str()));
        let mut bids = Ids::new(e.bids.iter().map(|b| b.id.as_str()));
        let mut criteria = Ids::new(self.nodes.keys().copied());
        let mut seen: IdMap<(u32, u32, u32), usize> = IdMap::default();
        seen.reserve(e.scores.len());
        let mut seen_unknown: BTreeMap<(&str, &str, &str), usize> = BTreeMap::new();
        for (i, s) in e.scores.iter().enumerate() {
            let ids = (
                evaluators.get(&s.evaluator),
                bids.get(&s.bid),
                criteria.get(&s.criterion),
            );
            let first = match ids {
                (Some(v), Some(b), Some(c)) => seen.insert((v, b, c), i),
                _ => seen_unknown.insert((&s.evaluator, &s.bid, &s.criterion), i),
            };
            // Most scores are sound: check that cheaply, and only describe a score
            // (its path and its place in words) when something is wrong with it.
            if first.is_none() && ids.0.is_some() && ids.1.is_some() && self.score_in_scale(s) {
                continue;
            }
            let path = format!("scores[{i}]");
            let place = format!(
                "Score {} ({}, {}, {})",
                i + 1,
                self.evaluator_name(&s.evaluator),
                self.bid_name(&s.bid),
                self.criterion_name(&s.criterion)
            );
            if !self.evaluators.contains_key(s.evaluator.as_str()) {
                self.push(
                    format!("{path}.evaluator"),
                    place.clone(),
                    format!(
                        "refers to evaluator \"{}\", who is not on the panel. Use the id of one of the evaluators, or add them to the panel.",
                        s.evaluator
                    ),
                );
            }
            if let Some(scale) = self.refs(&path, &place, &s.bid, &s.criterion, Kind::Scored) {
                self.in_scale(&path, &place, s.score.0, &scale);
            }
            if let Some(first) = first {
                self.push(
                    path,
                    place,
                    format!(
                        "is a second score by the same evaluator for the same bid and criterion (the first is score {}). Keep one.",
                        first + 1
                    ),
                );
            }
        }
    }

    fn consensus(&mut self) {
        let e = self.e;
        let mut seen: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for (i, c) in e.consensus.iter().enumerate() {
            let path = format!("consensus[{i}]");
            let place = format!(
                "Consensus score {} ({}, {})",
                i + 1,
                self.bid_name(&c.bid),
                self.criterion_name(&c.criterion)
            );
            if let Some(scale) = self.refs(&path, &place, &c.bid, &c.criterion, Kind::Scored) {
                self.in_scale(&path, &place, c.score.0, &scale);
            }
            if c.rationale.trim().is_empty() {
                self.push(
                    format!("{path}.rationale"),
                    place.clone(),
                    "has no rationale. Record why the panel agreed this score.",
                );
            }
            if let Some(first) = seen.insert((&c.bid, &c.criterion), i) {
                self.push(
                    path,
                    place,
                    format!("is a second consensus score for the same bid and criterion (the first is number {}). Keep one.", first + 1),
                );
            }
        }
    }

    fn checks(&mut self) {
        let e = self.e;
        let mut seen: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for (i, c) in e.checks.iter().enumerate() {
            let path = format!("checks[{i}]");
            let place = format!(
                "Check {} ({}, {})",
                i + 1,
                self.bid_name(&c.bid),
                self.criterion_name(&c.criterion)
            );
            self.refs(&path, &place, &c.bid, &c.criterion, Kind::PassFail);
            if let Some(first) = seen.insert((&c.bid, &c.criterion), i) {
                self.push(
                    path,
                    place,
                    format!("is a second check for the same bid and criterion (the first is check {}). Keep one.", first + 1),
                );
            }
        }
    }

    /// Whether a score is for a known scored criterion and lies within its scale (or the
    /// scale itself is the problem, reported once on the scale).
    fn score_in_scale(&self, s: &crate::model::Score) -> bool {
        self.nodes.get(s.criterion.as_str()).is_some_and(|n| {
            let (lo, hi) = (n.scale.min.0, n.scale.max.0);
            n.node.kind == Kind::Scored && (lo >= hi || (lo <= s.score.0 && s.score.0 <= hi))
        })
    }
    fn bid_name(&self, id: &str) -> String {
        self.bids
            .get(id)
            .map_or(id.to_string(), |b| b.supplier.clone())
    }
    fn evaluator_name(&self, id: &str) -> String {
        self.evaluators
            .get(id)
            .map_or(id.to_string(), |v| v.name.clone())
    }
    /// A price stated in a criterion's parameters: the limits of a bid's price, said of it.
    fn stated_price(&mut self, p: Dec, path: String, place: &str, what: &str) {
        if let Some(why) = price_problem(p) {
            let why = why
                .replacen("has price", &format!("has {what}"), 1)
                .replace("A price must", &format!("The {what} must"));
            self.push(path, place, why);
        }
    }

    /// The Korean negotiated-contract price score's anchor and options.
    fn negotiated(&mut self, c: &Criterion, path: &str, place: &str) {
        match c.estimated_price {
            None => self.push(
                format!("{path}.estimated_price"),
                place,
                "uses the Korean negotiated-contract price score but has no \"estimated_price\" (추정가격). Give it, such as \"1850000000\": the 80 % and 60 % marks of the formula are taken from it.",
            ),
            Some(p) => self.stated_price(p, format!("{path}.estimated_price"), place, "estimated_price"),
        }
        if let Some(r) = c.negotiated.as_ref().and_then(|n| n.reserve_price) {
            self.stated_price(
                r,
                format!("{path}.negotiated.reserve_price"),
                place,
                "negotiated.reserve_price",
            );
        }
    }

    /// The Korean eligibility-review price score's parameters.
    fn eligibility(&mut self, c: &Criterion, path: &str, place: &str) {
        let Some(g) = &c.eligibility else {
            self.push(
                format!("{path}.eligibility"),
                place,
                "uses the Korean eligibility-review price score but has no \"eligibility\". Give at least {\"reference_price\": the reserve price (예정가격), \"target\": the ratio that scores the whole weight as a percentage such as \"88\", \"slope\": the points lost per percentage point such as \"4\"}.",
            );
            return;
        };
        let at = |field: &str| format!("{path}.eligibility.{field}");
        // Absent until bid opening fixes it: the results are provisional meanwhile.
        if let Some(reference) = g.reference_price {
            self.stated_price(
                reference,
                at("reference_price"),
                place,
                "eligibility.reference_price",
            );
        }
        if g.target.0 <= Decimal::ZERO || g.target.0 > hundred() {
            self.push(at("target"), place, format!("has eligibility.target {}; it is a percentage of the reference price, more than 0 and at most 100, such as \"88\".", g.target));
        }
        if g.slope.0 <= Decimal::ZERO {
            self.push(at("slope"), place, format!("has eligibility.slope {}; the points lost per percentage point must be more than 0, such as \"4\".", g.slope));
        }
        let weight = crate::scoring::effective_weights(self.e)
            .get(&c.id)
            .copied();
        if let Some(f) = g.floor {
            if f.0 < Decimal::ZERO {
                self.push(
                    at("floor"),
                    place,
                    format!("has eligibility.floor {f}; the fewest points cannot be negative."),
                );
            } else if let Some(w) = weight.filter(|w| f.0 > *w) {
                self.push(at("floor"), place, format!("has eligibility.floor {f}, above the criterion's weight of {}: the fewest points must be at most the weight.", w.normalize()));
            }
        }
        if let Some(p) = g.ratio_places {
            if !(0..=10).contains(&p) {
                self.push(at("ratio_places"), place, format!("has eligibility.ratio_places {p}; round the ratio to 0 to 10 decimal places (4 in the published schedules)."));
            }
        }
        if let Some(b) = &g.band {
            if b.from.0 > b.to.0 {
                self.push(at("band"), place, format!("has a band the wrong way round: from {} % above to {} %. Give the lower ratio in \"from\".", b.from, b.to));
            } else if b.from.0 <= Decimal::ZERO {
                self.push(
                    at("band.from"),
                    place,
                    format!(
                        "has band.from {}; it is a percentage of the reference price, more than 0.",
                        b.from
                    ),
                );
            }
            if b.points.0 < Decimal::ZERO {
                self.push(
                    at("band.points"),
                    place,
                    format!("has band.points {}; points cannot be negative.", b.points),
                );
            } else if let Some(w) = weight.filter(|w| b.points.0 > *w) {
                self.push(
                    at("band.points"),
                    place,
                    format!(
                        "has band.points {}, above the criterion's weight of {}.",
                        b.points,
                        w.normalize()
                    ),
                );
            }
        }
        if let Some(l) = g.lower_limit {
            if l.0 < Decimal::ONE || l.0 > hundred() {
                let hint = if l.0 > Decimal::ZERO && l.0 < Decimal::ONE {
                    format!(
                        " It looks like a fraction: write it as a percentage, \"{}\".",
                        (l.0 * hundred()).normalize()
                    )
                } else {
                    String::new()
                };
                self.push(at("lower_limit"), place, format!("has eligibility.lower_limit {l}; the lower limit (낙찰하한율) is a percentage of the reference price, from 1 to 100, such as \"86.745\".{hint}"));
            }
        }
        if let Some(a) = g.a_value {
            if a.0 < Decimal::ZERO || g.reference_price.is_some_and(|r| a.0 >= r.0) {
                self.push(at("a_value"), place, format!("has eligibility.a_value {a}; A (the statutory costs taken out of both prices) must be 0 or more and below the reference price{}.", g.reference_price.map_or(String::new(), |r| format!(" {r}"))));
            }
        }
    }

    fn criterion_name(&self, id: &str) -> String {
        self.nodes
            .get(id)
            .map_or(id.to_string(), |n| n.node.name.clone())
    }
}

/// What is wrong with a bid's price, if anything: not above zero, above 10^15, or with
/// more than [`MAX_PRICE_PLACES`] decimal places. Shared by evaluations and bids files.
pub(crate) fn price_problem(p: Dec) -> Option<String> {
    if p.0.scale() > MAX_PRICE_PLACES {
        Some(format!("has price {p}, with more than {MAX_PRICE_PLACES} decimal places. Round it to the currency's smallest unit."))
    } else if p.0 <= Decimal::ZERO {
        Some(format!("has price {p}. A price must be more than zero."))
    } else if p.0 > MAX_PRICE {
        Some(format!(
            "has price {p}, above the largest Bidmark accepts (1000000000000000)."
        ))
    } else {
        None
    }
}

pub(super) fn bid_place(b: &Bid, i: usize) -> String {
    if b.supplier.trim().is_empty() {
        format!("Bid {}", i + 1)
    } else {
        format!("Bid \"{}\"", b.supplier)
    }
}
